"""Wall time of whole-process ``vanban`` commands, as a user runs them (not a test).

    .venv/bin/python bench/commands.py [--runs 7]

Each figure is the median of several runs of a fresh process: a build into an empty
folder, a build with nothing changed, ``vanban check`` on every generated document,
and what ``--pdf`` adds per document.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = [str(ROOT / ".venv" / "bin" / "vanban")]


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*VANBAN, *arguments], cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(runs: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(runs))


def fresh(arguments: list[str]) -> Callable[[], float]:
    def once() -> float:
        with tempfile.TemporaryDirectory() as out:
            return timed([*arguments, "--out", out])
    return once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as out:
        timed(["build", "--out", out])
        documents = len(list(Path(out).glob("*/*.docx")))  # one build: no copies beside
        own = len(list(Path(out).glob("long-an/*.docx")))
        rows = [(f"vanban build long-an ({own} văn bản, thư mục trống)",
                 median(runs, fresh(["build", "long-an"]))),
                (f"vanban build (3 tỉnh, {documents} văn bản, thư mục trống)",
                 median(runs, fresh(["build"]))),
                (f"vanban build không có thay đổi ({documents} văn bản)",
                 median(runs, lambda: timed(["build", "--out", out]))),
                (f"vanban check trên {documents} văn bản đã sinh",
                 median(runs, lambda: timed(["check", out])))]
    plain = median(3, fresh(["build"]))
    with_pdf = median(3, fresh(["build", "--pdf"]))
    rows.append((f"--pdf thêm cho mỗi văn bản ({documents} văn bản, một lần LibreOffice)",
                 (with_pdf - plain) / documents))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
