"""``vanban check --fix``: repair files and folders, say what was done and what is left."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TextIO

from generator.check.fix.draft import Repair
from generator.check.fix.engine import FixReport, fix_file
from generator.check.fix.package import FixError, is_fixed_copy
from generator.check.reader import CheckReadError
from generator.check.report import expand_paths, format_finding, summary_line
from generator.domain.errors import os_error_message

HOW_TO_REVIEW = (
    'mỗi chỗ là một thay đổi được theo dõi (tác giả "vanban"): mở bản sửa bằng Word, '
    "thẻ Xem lại (Review), Chấp nhận (Accept) hoặc Từ chối (Reject) từng chỗ"
)


def _one(path: str) -> tuple[FixReport | None, str | None]:
    """Fix one file, turning every failure into a message (never a traceback)."""
    try:
        return fix_file(path), None
    except (CheckReadError, FixError) as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"chưa ghi bản sửa: {os_error_message(exc)}"
    except Exception as exc:  # a bug or an exotic file must not show a traceback
        return None, f"không sửa được tệp (lỗi nội bộ: {type(exc).__name__}: {exc})"


def grouped(repairs: list[Repair]) -> list[str]:
    """One line per kind of repair and part: the first place, and how many more."""
    groups: dict[tuple[str, str], list[Repair]] = {}
    for repair in repairs:
        part = re.sub(r", đoạn \d+$", "", repair.location)
        groups.setdefault((part, repair.change), []).append(repair)
    lines = []
    for (_part, change), same in groups.items():
        first = same[0]
        where = first.location + (f" «{first.excerpt}»" if first.excerpt else "")
        more = f" (và {len(same) - 1} chỗ khác)" if len(same) > 1 else ""
        lines.append(f"{where}{more}: {change}")
    return lines


def write_text(reports: list[FixReport], out: TextIO) -> None:
    for report in reports:
        print(report.path, file=out)
        if report.target is None:
            print("  không có lỗi nào sửa tự động được; không ghi bản sửa", file=out)
        else:
            print(f"  đã ghi bản sửa: {report.target} (tệp gốc giữ nguyên)", file=out)
            print(f"  đã sửa {len(report.repairs)} chỗ; {HOW_TO_REVIEW}:", file=out)
            for line in grouped(report.repairs):
                print(f"    - {line}", file=out)
            print(f"  lỗi thể thức: {report.errors_before} trước khi sửa, {report.errors} sau "
                  "khi sửa", file=out)
        if report.left:
            print("  Không tự sửa được (cần người soạn hoặc văn thư quyết định):", file=out)
            for finding in report.left:
                print("  " + format_finding(finding), file=out)
        warnings = [f for f in report.after if f.severity != "error"]
        if warnings:
            print("  Cảnh báo, nên xem lại:", file=out)
            for finding in warnings:
                print("  " + format_finding(finding), file=out)
        print(f"  còn {summary_line(report.errors, report.warnings)}", file=out)


def write_json(reports: list[FixReport], failures: list[tuple[str, str]], out: TextIO) -> None:
    files: list[dict[str, object]] = [
        {
            "path": str(r.path),
            "readable": True,
            "fixed": str(r.target) if r.target else None,
            "repairs": [
                {"location": x.location, "excerpt": x.excerpt, "change": x.change}
                for x in r.repairs
            ],
            "errors_before": r.errors_before,
            "errors": r.errors,
            "warnings": r.warnings,
            "remaining": [f.as_dict() for f in r.after],
        }
        for r in reports
    ]
    files += [{"path": p, "readable": False, "error": e} for p, e in failures]
    doc = {
        "files": files,
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "unreadable": len(failures),
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def run_fix(
    paths: list[str], fmt: str = "text", out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Repair ``paths``; 0 when no copy has an error left, 1 when some need a person, 2 on a
    file that cannot be read or a copy that cannot be written.

    In a folder, copies this command wrote earlier (``*.sua.docx``) are not repaired again.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    reports: list[FixReport] = []
    failures: list[tuple[str, str]] = []
    for path, problem in expand_paths(paths):
        if problem is None and is_fixed_copy(Path(path)) and path not in paths:
            continue
        report, error = (None, problem) if problem else _one(path)
        if report is not None:
            reports.append(report)
        else:
            failures.append((path, error or ""))
            print(f"vanban check --fix: {path}: {error}", file=err)
    if not reports and not failures:
        print("vanban check --fix: chưa chỉ ra tệp .docx nào để sửa", file=err)
        return 2
    if fmt == "json":
        write_json(reports, failures, out)
    else:
        write_text(reports, out)
    if failures:
        return 2
    return 1 if any(r.errors for r in reports) else 0
