"""One file: read it, repair it, write the copy beside it, check the copy."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.check.fix.draft import Draft, Repair
from generator.check.fix.package import FixError, write_new
from generator.check.fix.registry import Issues, issues_of, repairable, run_repairs
from generator.check.reader import CheckReadError, read_document
from generator.check.rules import ERROR, RULES, WARNING, Finding, run_rules


@dataclass
class FixReport:
    """What ``vanban check --fix`` did to one file, and what it left to a person."""

    path: Path
    target: Path | None = None  # the repaired copy; None when nothing could be repaired
    repairs: list[Repair] = field(default_factory=list)
    before: list[Finding] = field(default_factory=list)
    after: list[Finding] = field(default_factory=list)  # on the copy (or the original)

    @property
    def errors_before(self) -> int:
        return sum(f.severity == ERROR for f in self.before)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.after)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.after)

    @property
    def left(self) -> list[Finding]:
        """Errors still there: they need a person's judgement."""
        return [f for f in self.after if f.severity == ERROR]


PASSES = 3  # a repair can bring another rule into play (an indent makes a heading wrap)


def fix_file(path: str | Path, when: datetime | None = None) -> FixReport:
    """Repair one .docx into ``<name>.sua.docx`` beside it; the original is only read.

    Every repair is a tracked change by "vanban".  The checker runs again on
    the repaired text, and what a repair brought into play is repaired in turn
    (a few passes at most).  Raises :class:`~generator.check.reader.CheckReadError`
    when the file cannot be read and :class:`FixError` when the copy cannot be
    made; both carry a Vietnamese message.
    """
    source = Path(path)
    facts = read_document(source)
    draft = Draft.open(source, when, facts)
    report = FixReport(source, before=run_rules(facts))
    report.after = report.before
    data: bytes | None = None
    for _ in range(PASSES):
        issues = _repairable_issues(draft)
        if not issues:
            break
        run_repairs(draft, issues)
        if not draft.marks.count and not draft.package.added:
            break
        data = draft.package.to_bytes()
        report.repairs += draft.repairs
        with _temporary(data) as name:
            try:
                facts = read_document(name)
            except CheckReadError as exc:
                raise FixError(f"bản sửa không đọc lại được ({exc}); tệp không được sửa") from exc
            report.after = run_rules(facts)
            if not {f.rule for f in report.after} & repairable():
                break
            draft = Draft.open(name, when, facts)
    if data is not None:
        report.target = write_new(source, data)
    return report


def _repairable_issues(draft: Draft) -> Issues:
    return {rule_id: found for rule_id, found in issues_of(draft, RULES).items()
            if rule_id in repairable()}


@contextmanager
def _temporary(data: bytes) -> Iterator[Path]:
    """``data`` in a temporary .docx, removed afterwards (the checker reads files)."""
    handle, name = tempfile.mkstemp(suffix=".docx")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        yield Path(name)
    finally:
        os.unlink(name)
