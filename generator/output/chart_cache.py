"""Drawn charts kept between builds, one PNG per chart data (output/charts.chart_key).

Drawing a chart takes a tenth of a second or more; a report has one per goal. The cache
lives in the user's cache folder (``VANBAN_CACHE`` chooses another), outside the output
folder, so a new output folder or a rebuilt report of an unchanged goal draws nothing.
A cache that cannot be read or written only costs time: the chart is drawn again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.output.files import write_atomically

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEEP = 400  # about 100 MB at most; the newest used are kept


def folder() -> Path:
    chosen = os.environ.get("VANBAN_CACHE")
    if chosen:
        return Path(chosen) / "bieu-do"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "vanban" / "cache" / "bieu-do"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vanban" / "bieu-do"


def load(key: str) -> bytes | None:
    path = folder() / f"{key}.png"
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: kept by prune
    except OSError:
        return None
    return data if data.startswith(PNG_SIGNATURE) else None


def store(key: str, png: bytes) -> None:
    target = folder()
    try:
        write_atomically(target / f"{key}.png", png, sync=False)
        prune(target)
    except OSError:
        pass  # a cache we cannot write is only slower


def prune(target: Path, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently used charts."""
    entries = list(target.glob("*.png"))
    if len(entries) <= keep:
        return
    entries.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for path in entries[keep:]:
        path.unlink(missing_ok=True)
