"""The Decree 30 checker: any .docx → findings. Imports nothing of the builder.

Public API, the only names other parts of vanban use: ``check_file`` (one .docx →
findings), ``run_check`` (files and folders → a printed report and an exit status),
``RULES``, ``Finding``, ``ERROR`` and ``WARNING``.
"""

from generator.check.report import ERROR, RULES, WARNING, Finding, check_file, run_check

__all__ = ["ERROR", "RULES", "WARNING", "Finding", "check_file", "run_check"]
