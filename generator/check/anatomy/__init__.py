"""Recognise the parts of an administrative document: the numbered boxes ("ô") of Phụ lục I, Mục IV.

The parts are found from their position and their text, never from our
templates' internals: the two-column header table, or tabs and plain
paragraphs when a person laid the header out by hand.  Each part has its
module (:mod:`.header`, :mod:`.title`, :mod:`.signature`); the body (ô 6) is
what lies between the title zone and the signature.
"""

from __future__ import annotations

import math

from generator.check.anatomy.header import find_header
from generator.check.anatomy.parts import Anatomy, Cursor, RuleMark
from generator.check.anatomy.signature import find_signature
from generator.check.anatomy.title import find_kinh_gui, find_title
from generator.check.paragraphs import Paragraph
from generator.check.text import is_rule_text

__all__ = ["Anatomy", "RuleMark", "find_anatomy"]


def _find_body(cur: Cursor, anat: Anatomy, start: int) -> None:
    """Ô 6: non-empty paragraphs between the title zone and the signature, outside tables."""
    stop = anat.sign_start if anat.sign_start is not None else math.inf
    anat.body = [
        p
        for p in cur.paras
        if start < p.index < stop
        and p.where.kind == "body"
        and p.text.strip()
        and not is_rule_text(p.text)
    ]


def find_anatomy(paras: list[Paragraph]) -> Anatomy:
    """Recognise the parts of the document from positions and text."""
    cur = Cursor(paras)
    anat = Anatomy()
    find_header(cur, anat)
    end = find_title(cur, anat)
    end = find_kinh_gui(cur, anat, end)
    find_signature(cur, anat, end)
    _find_body(cur, anat, end)
    return anat
