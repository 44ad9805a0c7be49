"""Parameters inside shared wording: ``{local_committees}`` and ``{a.2025}``.

Texts in YAML are written by civil servants, so the syntax is deliberately tiny (no
expressions, no filters): a name in braces. Validation uses ``placeholders`` to check
every name before anything is rendered; rendering uses ``fill``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:\.(\d{4}))?\}")


def placeholders(text: str) -> list[tuple[str, int | None]]:
    """Every ``{name}`` or ``{indicator.year}`` in ``text``, in order."""
    return [(m.group(1), int(m.group(2)) if m.group(2) else None)
            for m in _PLACEHOLDER.finditer(text)]


def stray_braces(text: str) -> bool:
    """True when a brace is left that is not part of a well-formed placeholder."""
    rest = _PLACEHOLDER.sub("", text)
    return "{" in rest or "}" in rest


def fill(text: str, lookup: Callable[[str, int | None], str]) -> str:
    """Replace each placeholder by ``lookup(name, year)``."""
    return _PLACEHOLDER.sub(
        lambda m: lookup(m.group(1), int(m.group(2)) if m.group(2) else None), text)
