"""``vanban check --fix``: repair what Nghị định 30/2020 settles, as tracked changes.

The copy goes beside the original as ``<name>.sua.docx`` (``.sua-2.docx``…
when that name is taken; no file is ever overwritten) and the original is only
read.  Each repair is a revision by the author "vanban" that the văn thư
accepts or rejects in Word: ``w:ins``/``w:del`` for text, ``w:rPrChange``,
``w:pPrChange`` and ``w:sectPrChange`` holding the old formatting.  Tracking itself
(``w:trackRevisions``) is not switched on: the file carries the revisions, and the
văn thư's own later edits are tracked or not as they choose.  What needs
judgement (a missing Nơi nhận, a wrong ký hiệu, a summary typed in capitals) is
not guessed: the checker runs on the copy and what it still reports is listed.

Modules: :mod:`.ooxml` (revision marks, schema order), :mod:`.runs` (printed
characters and the runs holding them), :mod:`.insert` (new paragraphs as Word
records them), :mod:`.package` (the zip, new parts, the copy's name),
:mod:`.draft` (the checker's facts tied to the XML), one module per part
repaired (:mod:`.page`, :mod:`.header`, :mod:`.title`, :mod:`.body`,
:mod:`.signature`, :mod:`.appendix`, :mod:`.fonts`), :mod:`.engine` and :mod:`.report`.
"""

# isort: off
# The part modules register their repairs when imported; this order is the order of repair.
from generator.check.fix import page  # noqa: F401
from generator.check.fix import header  # noqa: F401
from generator.check.fix import title  # noqa: F401
from generator.check.fix import body  # noqa: F401
from generator.check.fix import signature  # noqa: F401
from generator.check.fix import appendix  # noqa: F401
from generator.check.fix import fonts  # noqa: F401

# isort: on
from generator.check.fix.draft import Repair
from generator.check.fix.engine import FixReport, fix_file
from generator.check.fix.package import FixError
from generator.check.fix.registry import repairable
from generator.check.fix.report import run_fix

__all__ = ["FixError", "FixReport", "Repair", "fix_file", "repairable", "run_fix"]
