"""Ô 1–4 and 5b: Quốc hiệu, Tiêu ngữ, agency, Số, date and V/v, and the rules under them.

The header is the two-column table of our templates and of most offices, or
tabs and plain paragraphs when a person laid it out by hand; each line gets
its side (left: agency, Số, V/v; right: Quốc hiệu, Tiêu ngữ, date).
"""

from __future__ import annotations

from dataclasses import replace

from generator.check.anatomy.parts import (
    KINH_GUI,
    Anatomy,
    Cursor,
    RuleMark,
    first_line,
    is_date,
    is_qh,
    is_so,
    is_title,
    is_tn,
    is_vv,
    own_rule,
    para_lines,
    rule_in_following,
)
from generator.check.paragraphs import Line, Paragraph
from generator.check.text import is_rule_text, text_width

RUNNING_TEXT = 200  # characters: a paragraph this long is the text, not a header line


def find_header(cur: Cursor, anat: Anatomy) -> None:
    """Ô 1–4 (and 5b): Quốc hiệu, Tiêu ngữ, agency, Số, date and V/v, by text.

    Looks at the first paragraphs (table cells included) up to the first title
    line, "Kính gửi" or paragraph of running text; the tables touched by these
    lines are the header tables.
    """
    window: list[Paragraph] = []
    for p in cur.paras[:40]:
        first = first_line(p)
        if not p.in_table and (
            (first is not None and (is_title(first) or KINH_GUI.match(first.text)))
            or len(p.text) > RUNNING_TEXT
        ):
            break
        window.append(p)
    hits: list[int] = []
    tables: set[int | None] = set()
    for p in window:
        for line in para_lines(p, tabs=not p.in_table):
            t = line.text
            if is_qh(t) or is_tn(t) or is_so(t) or is_date(t) or is_vv(t):
                hits.append(p.index)
                if p.in_table:
                    tables.add(p.where.table)
    if not hits:
        return
    end = max([*hits, *(cur.last_index_of_table(t) for t in tables)])
    header = [p for p in cur.paras if p.index <= end]
    anat.header_end = end
    anat.layout_tables |= {t for t in tables if t is not None}
    _classify_header(header, anat)


def _right_col(header: list[Paragraph]) -> dict[int | None, int]:
    """Per header table, the column where Quốc hiệu or the date sits (the right side)."""
    cols: dict[int | None, int] = {}
    for p in header:
        if p.in_table and (is_qh(p.text) or is_date(p.text)):
            cols.setdefault(p.where.table, p.where.col or 0)
    return cols


def _tab_column(p: Paragraph, i: int, count: int) -> int:
    """Side of a tab-separated header segment: 0 left, 1 right, -1 unknown (a lone centred line)."""
    if count > 1:
        return min(i, 1)
    return 1 if "".join(r.text for r in p.runs).startswith("\t") else -1


def _header_lines(header: list[Paragraph]) -> list[Line]:
    """Header lines with their side: table column, or tab segment in hand-made headers."""
    right = _right_col(header)
    lines: list[Line] = []
    for p in header:
        if p.in_table:
            col = 1 if (p.where.col or 0) >= right.get(p.where.table, 1) else 0
            lines += [replace(ln, column=col) for ln in para_lines(p)]
        else:
            segs = para_lines(p, tabs=True)
            lines += [replace(ln, column=_tab_column(p, i, len(segs))) for i, ln in enumerate(segs)]
    return lines


def _classify_header(header: list[Paragraph], anat: Anatomy) -> None:
    """Assign each header line its role; agency lines are the left lines before "Số"."""
    lines = _header_lines(header)
    in_vv = False
    for ln in lines:
        t = ln.text
        if is_qh(t) and anat.quoc_hieu is None:
            anat.quoc_hieu = ln
        elif is_tn(t) and anat.tieu_ngu is None:
            anat.tieu_ngu = ln
        elif is_so(t) and anat.so is None:
            anat.so = ln
        elif is_date(t) and anat.date is None:
            anat.date = ln
        elif is_vv(t):
            anat.vv.append(ln)
            in_vv = True
            continue
        elif is_rule_text(t) or (t.startswith("(") and t.endswith(")")):
            pass
        elif in_vv and ln.column != 1:
            anat.vv.append(ln)
            continue
        elif anat.so is None and ln.column != 1 and not is_tn(t):
            anat.agency.append(ln)
        in_vv = False
    anat.tieu_ngu_rule = _rule_under(anat.tieu_ngu, lines, header, side=1)
    anat.agency_rule = _rule_under(anat.agency[-1] if anat.agency else None, lines, header, side=0)


def _same_side(p: Paragraph, anchor: Paragraph, side: int, header: list[Paragraph]) -> bool:
    """Whether ``p`` is on the same side of the header as ``anchor`` (tables: same column group)."""
    if not anchor.in_table:
        return not p.in_table
    if not p.in_table or p.where.table != anchor.where.table:
        return False
    right = _right_col(header).get(p.where.table, 1)
    return ((p.where.col or 0) >= right) == (side == 1)


def _rule_under(
    line: Line | None, lines: list[Line], header: list[Paragraph], side: int
) -> RuleMark | None:
    """The rule drawn under a header line, if any.

    Accepted: a bottom border or a line shape on its paragraph, a shape anywhere
    on the same side of the header, the whole line underlined, an empty
    bordered paragraph just below, or the next line on that side typed as
    underscores ("________", common in hand-made headers laid out with tabs).
    """
    if line is None:
        return None
    p = line.para
    own = own_rule(p)
    if own is not None:
        return own
    runs = line.visible_runs
    if runs and all(r.underline for r in runs):
        return RuleMark("underline", text_width(runs))
    same = [q for q in header if _same_side(q, p, side, header)]
    shaped = next((q for q in same if q.shapes), None)
    if shaped is not None:
        return RuleMark("shape", shaped.shapes[0])
    pos = next(i for i, ln in enumerate(lines) if ln is line)
    nxt = next(
        (
            ln
            for ln in lines[pos + 1 :]
            if -1 in (ln.column, line.column) or ln.column == line.column
        ),
        None,
    )
    if nxt is not None and is_rule_text(nxt.text):
        return RuleMark("underscores", text_width(nxt.runs))
    return rule_in_following([q for q in same if q.index > p.index])
