"""Recognise the parts of an administrative document: the numbered boxes ("ô") of Phụ lục I, Mục IV.

The parts are found from their position and their text, never from our
templates' internals: the two-column header table, or tabs and plain
paragraphs when a person laid the header out by hand.  Each part has its
module (:mod:`.header`, :mod:`.title`, :mod:`.signature`, :mod:`.appendix`);
the body (ô 6) is what lies between the title zone and the signature, or the
first appendix.
"""

from __future__ import annotations

import math

from generator.check.anatomy.appendix import find_appendix_start, read_appendices
from generator.check.anatomy.header import find_header
from generator.check.anatomy.parts import Anatomy, Appendix, Cursor, RuleMark
from generator.check.anatomy.signature import find_signature
from generator.check.anatomy.title import find_kinh_gui, find_title
from generator.check.paragraphs import Paragraph
from generator.check.text import is_rule_text

__all__ = ["Anatomy", "Appendix", "RuleMark", "find_anatomy"]


def _find_body(cur: Cursor, anat: Anatomy, start: int, appendix: int | None) -> None:
    """Ô 6: non-empty paragraphs between the title zone and the signature (or the first
    appendix), outside tables."""
    stops = [i for i in (anat.sign_start, appendix) if i is not None]
    stop = min(stops) if stops else math.inf
    anat.body = [
        p
        for p in cur.paras
        if start < p.index < stop
        and p.where.kind == "body"
        and p.text.strip()
        and not is_rule_text(p.text)
    ]


def _appendix_start(cur: Cursor, end: int) -> int | None:
    """Where the appendices begin; a "Phụ lục" heading above the main Nơi nhận is the text's."""
    start = find_appendix_start(cur, end)
    if start is None:
        return None
    probe = Anatomy()
    find_signature(cur, probe, end)
    if probe.noi_nhan is not None and probe.sign_start is not None and probe.sign_start > start:
        return find_appendix_start(cur, end, after=probe.sign_start)
    return start


def find_anatomy(paras: list[Paragraph]) -> Anatomy:
    """Recognise the parts of the document from positions and text."""
    cur = Cursor(paras)
    anat = Anatomy()
    find_header(cur, anat)
    end = find_title(cur, anat)
    end = find_kinh_gui(cur, anat, end)
    appendix = _appendix_start(cur, end)
    main = cur if appendix is None else Cursor([p for p in paras if p.index < appendix])
    find_signature(main, anat, end)
    if appendix is not None:
        read_appendices(cur, anat, appendix)
    _find_body(cur, anat, end, appendix)
    return anat
