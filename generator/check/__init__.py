"""The Decree 30 checker: any .docx → findings. Imports nothing of the builder.

Public API, the only names other parts of vanban use: ``check_file`` (one .docx →
findings), ``run_check`` (files and folders → a printed report and an exit status),
``RULES``, ``Finding``, ``ERROR`` and ``WARNING``; ``read_document`` (one .docx →
the facts the rules judge) and ``CheckReadError`` (why a file cannot be read),
for tests that look at what the reader recognised.  ``fix_file`` (one .docx → a
repaired copy beside it, every repair a tracked change) and ``run_fix`` (files
and folders → copies, a printed report and an exit status) are in :mod:`.fix`.
"""

from generator.check.reader import CheckReadError, read_document
from generator.check.report import ERROR, RULES, WARNING, Finding, check_file, run_check

# isort: off
from generator.check.fix import FixReport, fix_file, run_fix  # after the checker it uses

# isort: on

__all__ = [
    "ERROR",
    "RULES",
    "WARNING",
    "CheckReadError",
    "Finding",
    "FixReport",
    "check_file",
    "fix_file",
    "read_document",
    "run_check",
    "run_fix",
]
