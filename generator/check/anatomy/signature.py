"""Ô 7 and 9b: the signature block (authority lines, signer's name) and "Nơi nhận".

The two sit side by side in a table in our templates and most offices' files,
or one above the other in plain paragraphs; a document may lack "Nơi nhận"
altogether, and then the signature is the last block that looks like one.
"""

from __future__ import annotations

import re

from generator.check.anatomy.parts import (
    AUTHORITY_START,
    NOI_NHAN,
    Anatomy,
    Cursor,
    first_line,
    para_lines,
)
from generator.check.paragraphs import Line, Paragraph, cut_line
from generator.check.text import is_rule_text
from generator.domain.decree30 import is_upper
from generator.domain.vietnamese import fold


def find_signature(cur: Cursor, anat: Anatomy, start: int) -> None:
    """Ô 7 and 9b: "Nơi nhận" with its list, the authority lines and the signer's name."""
    after = cur.after(start)
    noi = next(
        (
            p
            for p in after
            if (ln := first_line(p, tabs=True)) and NOI_NHAN.match(ln.text) and len(ln.text) < 40
        ),
        None,
    )
    if noi is not None:
        _signature_from_noi_nhan(cur, anat, noi)
    else:
        _signature_without_noi_nhan(cur, anat, after)
    _split_authority(anat)


_DASHES = "-+•–"
_LABEL_THEN_ITEM = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n\s*:?\s*(?=[-+•–])", re.IGNORECASE)


def _label_and_item(line: Line) -> tuple[Line, Line | None]:
    """ "Nơi nhận: - Như trên;" typed on one line: the label, then the first recipient."""
    match = _LABEL_THEN_ITEM.match("".join(r.text for r in line.runs))
    if match is None:
        return line, None
    return cut_line(line, 0, match.end()), cut_line(line, match.end())


def _rows(p: Paragraph) -> list[list[Line]]:
    """The visual lines of a paragraph (split at soft breaks), each cut at its tabs."""
    rows: list[list[Line]] = []
    for line in para_lines(p):
        raw = "".join(r.text for r in line.runs)
        segs = [cut_line(line, m.start(), m.end()) for m in re.finditer(r"[^\t]+", raw)]
        segs = [seg for seg in segs if seg.text]
        if segs:
            rows.append(segs)
    return rows


def _signature_from_noi_nhan(cur: Cursor, anat: Anatomy, noi: Paragraph) -> None:
    """The list under "Nơi nhận", one recipient a line: lines after it in its own paragraph
    (Shift+Enter), then the paragraphs below it."""
    lines = para_lines(noi)
    at = next((i for i, ln in enumerate(lines) if NOI_NHAN.match(ln.text)), 0)
    if noi.in_table:
        table = cur.table_paras(noi.where.table)
        anat.layout_tables.add(noi.where.table or 0)
        anat.sign_start = table[0].index
        anat.noi_nhan, first = _label_and_item(lines[at])
        anat.noi_nhan_items = [
            *([first] if first is not None else []),
            *lines[at + 1 :],
            *(
                ln
                for q in table
                if q.where.col == noi.where.col and q.index > noi.index
                for ln in para_lines(q)
            ),
        ]
        anat.authority = [ln for q in table if q.where.col != noi.where.col for ln in para_lines(q)]
        if not anat.authority:
            _authority_before(cur, anat, table[0].index)
        return
    rows = _rows(noi)
    label_row = next((i for i, row in enumerate(rows) if NOI_NHAN.match(row[0].text)), 0)
    label, first = _label_and_item(rows[label_row][0])
    anat.noi_nhan = label
    anat.sign_start = noi.index
    items: list[Line] = [first] if first is not None else []
    authority: list[Line] = []
    for seg in rows[label_row][1:]:
        (items if seg.text[:1] in _DASHES and not authority else authority).append(seg)
    in_list = True
    tail = [q for q in cur.after(noi.index) if not q.in_table]
    following = [(noi, row) for row in rows[label_row + 1 :]]
    following += [(para, row) for para in tail for row in _rows(para)]
    for para, row in following:
        if in_list and row[0].text[:1] in _DASHES:
            items.append(row[0])
            authority += row[1:]
            continue
        in_list = False
        if para is not noi and (len(para.text) > 80 or fold(para.text).startswith("PHU LUC")):
            break
        authority += row
    anat.noi_nhan_items = items
    anat.authority = authority
    if not authority:
        _authority_before(cur, anat, noi.index)


def _authority_before(cur: Cursor, anat: Anatomy, index: int) -> None:
    """The signature block placed above "Nơi nhận" (its own table or right-aligned lines)."""
    before = [q for q in cur.paras if q.index < index][-15:]
    block = _authority_block(before)
    if block:
        anat.sign_start = block[0].index
        anat.authority = [ln for q in block for ln in para_lines(q, tabs=not q.in_table)]
        anat.layout_tables |= {q.where.table for q in block if q.where.table is not None}


def _authority_block(paras: list[Paragraph]) -> list[Paragraph]:
    """The trailing paragraphs that look like a signature block (from its first authority line)."""
    for i, p in enumerate(paras):
        ln = first_line(p, tabs=True)
        if (
            ln is not None
            and AUTHORITY_START.match(ln.text)
            and is_upper(ln.text)
            and len(ln.text) <= 70
        ):
            return paras[i:]
    return []


def _signature_without_noi_nhan(cur: Cursor, anat: Anatomy, after: list[Paragraph]) -> None:
    """No "Nơi nhận": take the last signature-looking table, else the last authority paragraphs."""
    for p in reversed(after):
        ln = first_line(p)
        if p.in_table and ln is not None and AUTHORITY_START.match(ln.text) and is_upper(ln.text):
            table = cur.table_paras(p.where.table)
            anat.layout_tables.add(p.where.table or 0)
            anat.sign_start = table[0].index
            anat.authority = [x for q in table if q.where.col == p.where.col for x in para_lines(q)]
            return
    plain = [p for p in after if not p.in_table]
    for i in range(len(plain) - 1, -1, -1):
        ln = first_line(plain[i], tabs=True)
        if (
            ln is not None
            and AUTHORITY_START.match(ln.text)
            and is_upper(ln.text)
            and len(ln.text) <= 70
        ):
            j = i
            while (
                j > 0
                and (ln2 := first_line(plain[j - 1], tabs=True))
                and is_upper(ln2.text)
                and len(ln2.text) <= 70
            ):
                j -= 1
            block = plain[j:]
            anat.sign_start = block[0].index
            anat.authority = [x for q in block for x in para_lines(q, tabs=True)]
            return


def _signature_note(text: str) -> bool:
    """Notes in the signature space: "(Đã ký)", "(Ký, đóng dấu)", "Đã ký", rules."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return True
    return is_rule_text(stripped) or fold(stripped) in ("DA KY", "KY TEN", "DA KY VA DONG DAU")


def _without_notes(lines: list[Line]) -> list[Line]:
    """The block's lines less its notes, a note in parentheses running over several lines too."""
    kept: list[Line] = []
    open_note = False
    for line in lines:
        text = line.text.strip()
        if open_note:
            open_note = not text.endswith(")")
            continue
        if text.startswith("(") and ")" not in text:
            open_note = True
            continue
        if not _signature_note(text):
            kept.append(line)
    return kept


def _looks_like_name(text: str) -> bool:
    """A person's name as signed: two to six capitalised words, no digits, not all capitals."""
    words = text.split()
    return (
        2 <= len(words) <= 6
        and not is_upper(text)
        and all(word[:1].isupper() for word in words)
        and not any(c.isdigit() for c in text)
    )


def _split_authority(anat: Anatomy) -> None:
    """The signer's name is the last line of the block; lines in parentheses are notes.

    A last line in capitals right under the previous one (no room left for the
    signature) is a title, not a name: the name is then missing, unless a name
    stands above it, in which case the titles after the name are misplaced
    (II.7.đ puts every title above the name).
    """
    lines = _without_notes(anat.authority)
    if len(lines) < 2:
        anat.authority = lines
        return
    last, prev = lines[-1], lines[-2]
    no_gap = last.para is prev.para or last.para.index == prev.para.index + 1
    if is_upper(last.text) and no_gap:
        name_at = next(
            (
                i
                for i in range(len(lines) - 2, 0, -1)
                if _looks_like_name(lines[i].text)
                and all(is_upper(ln.text) for ln in lines[i + 1 :])
            ),
            None,
        )
        if name_at is None:
            anat.authority = lines
            return
        anat.signer = lines[name_at]
        anat.after_signer = lines[name_at + 1 :]
        anat.authority = lines[:name_at]
        return
    anat.signer = last
    anat.authority = lines[:-1]
