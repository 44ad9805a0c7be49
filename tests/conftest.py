"""Settings every test shares."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One chart cache for the run (and the commands it starts), never the user's own: the
    sample reports' charts are drawn once, not in every test that builds them."""
    folder = tmp_path_factory.mktemp("vanban-cache")
    previous = os.environ.get("VANBAN_CACHE")
    os.environ["VANBAN_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("VANBAN_CACHE", None)
    else:
        os.environ["VANBAN_CACHE"] = previous
