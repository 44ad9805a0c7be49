"""`vanban check`: list each departure of a .docx from Nghị định 30/2020/NĐ-CP.

Public API:

- :func:`check_file` reads one .docx (ours or anyone's) and returns its findings;
- :func:`run_check` checks files and folders, prints the findings (text or JSON)
  and returns the exit status: 0 without errors, 1 with errors (warnings alone
  do not fail), 2 when a file cannot be read.

Why the exit status separates 1 from 2: a script that checks a folder must tell
"the documents have layout errors" from "a file was not a .docx at all", and
the second must never show a Python traceback to a clerk.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator.check.reader import CheckReadError, read_document
from generator.check.rules import ERROR, RULES, WARNING, Finding, run_rules

__all__ = ["RULES", "CheckReadError", "FileReport", "Finding", "check_file", "run_check"]

SEVERITY_VI = {ERROR: "lỗi", WARNING: "cảnh báo"}


def check_file(path: str | Path) -> list[Finding]:
    """All findings for one .docx, in document order.

    Raises :class:`CheckReadError` (Vietnamese message) when the file is not a
    readable .docx: a .doc, a corrupt zip, a password-protected file…
    """
    return run_rules(read_document(path))


@dataclass
class FileReport:
    """The outcome for one file: its findings, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Files to check, folders expanded recursively to their *.docx.

    Word lock files ("~$...") and hidden folders (vanban keeps its history in
    ".vanban/") are skipped: they are not documents anyone sends.

    Yields (path, problem); a problem is a Vietnamese message for a path that
    does not exist or a folder holding no .docx.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() == ".docx" and not p.name.startswith("~$")
                and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
            if not found:
                yield raw, "thư mục không có tệp .docx nào"
            for p in found:
                yield str(p), None
        elif path.exists():
            yield raw, None
        else:
            yield raw, "không tìm thấy tệp hoặc thư mục"


def check_one(path: str) -> FileReport:
    """Check one file, turning every failure into a message (never a traceback)."""
    try:
        return FileReport(path, check_file(path))
    except CheckReadError as exc:
        return FileReport(path, error=str(exc))
    except Exception as exc:  # a bug or an exotic file must not show a traceback to the user
        return FileReport(
            path, error=f"không đọc được tệp (lỗi nội bộ: {type(exc).__name__}: {exc})"
        )


PARALLEL_FROM = 8  # files: for fewer, starting worker processes costs more than it saves
MAX_WORKERS = 4


def _ignore_interrupt() -> None:
    """Workers leave Ctrl+C to the parent, which stops cleanly (no worker tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _workers(count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores or 1, MAX_WORKERS))


def check_all(items: list[tuple[str, str | None]]) -> list[FileReport]:
    """Reports for expanded paths, in their order; many files are read on every core.

    Why processes: reading a .docx is pure Python work, so threads would take turns;
    a folder of a hundred documents is checked in about half the time on two cores.
    """
    todo = [path for path, problem in items if problem is None]
    workers = _workers(len(todo))
    checked: list[FileReport] = []
    if workers > 1:
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupt
        )
        try:
            checked = list(pool.map(check_one, todo, chunksize=2))
        except BrokenProcessPool:
            checked = []  # a worker died (out of memory…): check the files here instead
        finally:
            # Waiting lets each worker finish the file in hand (workers ignore Ctrl+C), so
            # the pool is closed before the interpreter exits: no error at exit.
            pool.shutdown(wait=True, cancel_futures=True)
    if len(checked) != len(todo):
        checked = [check_one(path) for path in todo]
    done = iter(checked)
    return [FileReport(path, error=problem) if problem else next(done) for path, problem in items]


def format_finding(f: Finding) -> str:
    """One line in Vietnamese: severity, rule, clause, where, what was found, what is required."""
    where = f.location + (f": «{f.excerpt}»" if f.excerpt else "")
    return (
        f"  {SEVERITY_VI[f.severity]} [{f.rule}] ({f.clause}) {where}: {f.message}; "
        f"gặp: {f.found}; cần: {f.expected}"
    )


def summary_line(errors: int, warnings: int) -> str:
    return f"{errors} lỗi, {warnings} cảnh báo"


def write_text(reports: list[FileReport], out: TextIO) -> None:
    """Findings grouped per file, each file closed by its "N lỗi, M cảnh báo" line."""
    readable = [r for r in reports if r.error is None]
    for report in readable:
        print(report.path, file=out)
        if not report.findings:
            print("  không có sai lệch nào so với Nghị định 30/2020/NĐ-CP", file=out)
        for finding in report.findings:
            print(format_finding(finding), file=out)
        print(f"  {summary_line(report.errors, report.warnings)}", file=out)
    if len(readable) > 1:
        errors = sum(r.errors for r in readable)
        warnings = sum(r.warnings for r in readable)
        print(f"Tổng cộng {len(readable)} tệp: {summary_line(errors, warnings)}", file=out)


def write_json(reports: list[FileReport], out: TextIO) -> None:
    """One JSON document: per file its findings (or its read error), and the totals."""
    files = []
    for report in reports:
        entry: dict[str, object] = {"path": report.path, "readable": report.error is None}
        if report.error is not None:
            entry["error"] = report.error
        else:
            entry["errors"] = report.errors
            entry["warnings"] = report.warnings
            entry["findings"] = [f.as_dict() for f in report.findings]
        files.append(entry)
    doc = {
        "files": files,
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "unreadable": sum(r.error is not None for r in reports),
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def run_check(
    paths: list[str], fmt: str = "text", out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Check ``paths`` (files or folders), print the findings, return 0, 1 or 2.

    2 when any file could not be read (after checking the others), else 1 when
    any finding is an error, else 0.  ``out``/``err`` default to the current
    sys.stdout/sys.stderr (looked up at call time, so redirection works).
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if fmt not in ("text", "json"):
        print(f"vanban check: định dạng không hỗ trợ: {fmt} (dùng text hoặc json)", file=err)
        return 2
    reports = check_all(list(expand_paths(paths)))
    if not reports:
        print("vanban check: chưa chỉ ra tệp hay thư mục nào để kiểm tra", file=err)
        return 2
    for report in reports:
        if report.error is not None:
            print(f"vanban check: {report.path}: {report.error}", file=err)
    if fmt == "json":
        write_json(reports, out)
    else:
        write_text(reports, out)
    if any(r.error is not None for r in reports):
        return 2
    return 1 if any(r.errors for r in reports) else 0
