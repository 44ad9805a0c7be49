"""Appendices (Phụ lục I, III.1): the "Phụ lục" heading, the title and the reference line.

An appendix follows the text and the signature, usually after a page or
section break: a centred "Phụ lục I" line, its title in capitals, then
"(Kèm theo văn bản số … ngày …)".  Its lines are judged by the appendix rules,
never as body text, and the body ends where the first appendix begins even
when the signature block cannot be recognised.
"""

from __future__ import annotations

import re

from generator.check.anatomy.parts import Anatomy, Appendix, Cursor, first_line, para_lines
from generator.check.paragraphs import Line, Paragraph, cut_line
from generator.domain.decree30 import is_upper
from generator.domain.vietnamese import fold

HEADING = re.compile(
    r"^\s*(?P<word>ph[ụu]\s+l[ụu]c)(?:\s+(?:s[ốo]\s*)?(?P<number>[IVXLC]+|\d+|[A-Z])(?!\w))?"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
MAX_HEADING = 200
TITLE_LINES = 3


def heading_parts(text: str) -> re.Match[str] | None:
    """ "Phụ lục II", "PHỤ LỤC 1: DANH MỤC …": a heading, not a sentence that names one."""
    match = HEADING.match(text)
    if match is None or len(text) > MAX_HEADING:
        return None
    rest = match.group("rest").strip()
    if rest and not (rest[0] in ":.-–" and is_upper(rest)):
        return None
    return match


def is_reference(text: str) -> bool:
    """The reference line under the title: "(Kèm theo Quyết định số … ngày …)"."""
    return text.strip().startswith("(") and "KEM THEO" in fold(text)[:20]


def _body_paras(cur: Cursor, start: int) -> list[Paragraph]:
    return [p for p in cur.after(start) if p.where.kind in ("body", "table")]


def _next_text(paras: list[Paragraph], i: int) -> Paragraph | None:
    return next((q for q in paras[i + 1 :] if q.text.strip()), None)


def _prev_text(paras: list[Paragraph], i: int) -> Paragraph | None:
    return next((q for q in reversed(paras[:i]) if q.text.strip()), None)


def _set_apart(paras: list[Paragraph], i: int) -> bool:
    """Centred, or on a new page: after a page break, or first in its section."""
    p = paras[i]
    if p.align == "center" or p.page_breaks:
        return True
    prev = _prev_text(paras, i)
    if prev is None:
        return False
    between = [q for q in paras[: i + 1] if q.index >= prev.index]
    return prev.section != p.section or any(q.page_breaks for q in between)


def _heading(p: Paragraph) -> re.Match[str] | None:
    if p.in_table or not HEADING.match(p.text):
        return None
    line = first_line(p)
    return None if line is None else heading_parts(line.text)


def _opens_appendix(paras: list[Paragraph], i: int) -> bool:
    """A heading set apart and followed by a title, a reference line or a table."""
    p = paras[i]
    match = _heading(p)
    if match is None or not _set_apart(paras, i):
        return False
    nxt = _next_text(paras, i)
    return (
        len(para_lines(p)) > 1
        or bool(match.group("rest").strip())
        or nxt is None
        or nxt.in_table
        or is_upper(nxt.text)
        or is_reference(nxt.text)
    )


def find_appendix_start(cur: Cursor, start: int, after: int | None = None) -> int | None:
    """Index of the first appendix heading after ``start`` (and after ``after`` if given)."""
    paras = _body_paras(cur, start)
    for i, p in enumerate(paras):
        if (after is None or p.index > after) and _opens_appendix(paras, i):
            return p.index
    return None


def _split_heading(p: Paragraph, match: re.Match[str]) -> tuple[Line, list[Line]]:
    """The heading line, and the title when typed after it on the same line or a soft break."""
    lines = para_lines(p)
    heading, title = lines[0], lines[1:]
    rest = match.group("rest").strip()
    if len(rest) > 1:
        raw = "".join(r.text for r in heading.runs)
        at = raw.rfind(rest)
        heading, title = cut_line(heading, 0, at), [cut_line(heading, at), *title]
    return heading, title


def read_appendices(cur: Cursor, anat: Anatomy, start: int) -> None:
    """Every appendix from the one whose heading is at ``start``."""
    texts = [p for p in cur.paras if p.where.kind in ("body", "table") and p.text.strip()]
    paras = [p for p in cur.paras if p.index >= start and p.where.kind in ("body", "table")]
    for i, p in enumerate(paras):
        match = _heading(p)
        if match is None or (i > 0 and match.group("rest").strip() and not _set_apart(paras, i)):
            continue
        heading, title = _split_heading(p, match)
        prev = next((q for q in reversed(texts) if q.index < p.index), None)
        appendix = Appendix(heading, title, opens_section=prev is None or prev.section != p.section)
        if len(match.group("rest").strip()) > 1:
            appendix.typed_with_title = para_lines(p)[0].text
        for q in [q for q in paras[i + 1 :] if q.text.strip()][: TITLE_LINES + 1]:
            if q.in_table or _heading(q) is not None:
                break
            if is_reference(q.text):
                appendix.reference = para_lines(q)[0]
                break
            if not (is_upper(q.text) or q.align == "center"):
                break
            appendix.title += para_lines(q)
        anat.appendices.append(appendix)
