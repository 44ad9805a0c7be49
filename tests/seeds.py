"""Reading a seed document the way the tests compare it with a generated one.

The seeds are plain-text extractions with broken lines and typos; each test lists the
lines to join and the corrections to apply, and anything else must match exactly. They are
kept in ``tests/fixtures/seeds/`` (sources in ``tests/fixtures/README.md``) so that the
tests need nothing outside the repository.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.docx_inspect import clean

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def seed_file(name: str) -> Path:
    """The copy of a seed document kept with the tests."""
    return SEEDS / name


def seed_lines(path: Path, joins: Sequence[tuple[str, str]],
               corrections: Sequence[tuple[str, str]], dashed: Sequence[str] = ()) -> list[str]:
    """Non-empty lines, broken lines joined, corrections applied, lost dashes restored."""
    lines = [clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
    joined: list[str] = []
    for line in (line for line in lines if line):
        if joined and any(joined[-1].endswith(a) and line.startswith(b) for a, b in joins):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    result = []
    for line in joined:
        for wrong, right in corrections:
            line = line.replace(wrong, right)
        if any(line.startswith(start) for start in dashed):
            line = f"- {line}"
        result.append(clean(line))
    return result
