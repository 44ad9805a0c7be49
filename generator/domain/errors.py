"""Errors a user can act on: each names the file, line, column and field, in Vietnamese.

The command line prints these and exits with status 2; nothing else in vanban
prints a configuration problem, so every message has the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Mark:
    """A position in a source file, 1-based as editors show it."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful, when ``warning``) in a configuration file."""

    file: Path
    mark: Mark | None
    field: str
    message: str
    found: str | None = None
    expected: str | None = None
    warning: bool = False

    def format(self) -> str:
        where = f"{self.file}"
        if self.mark is not None:
            where += f":{self.mark.line}:{self.mark.column}"
        kind = "cảnh báo" if self.warning else "lỗi"
        parts = [f"{where}: {kind}: trường '{self.field}': {self.message}"]
        if self.found is not None:
            parts.append(f"  gặp: {self.found}")
        if self.expected is not None:
            parts.append(f"  cần: {self.expected}")
        return "\n".join(parts)


@dataclass
class ConfigError(Exception):
    """Raised when a configuration cannot be used; carries every problem found, not the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class VanbanError(Exception):
    """A failure outside configuration (template, output folder) with a Vietnamese message."""
