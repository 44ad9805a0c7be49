"""Ô 5a and 9a: the type name and trích yếu under the header, then "Kính gửi" and its list."""

from __future__ import annotations

from generator.check.anatomy.parts import (
    AUTHORITY_START,
    KINH_GUI,
    Anatomy,
    Cursor,
    RuleMark,
    doc_type_of,
    first_line,
    is_title,
    mostly,
    own_rule,
    para_lines,
    rule_in_following,
)
from generator.check.paragraphs import Line, Paragraph
from generator.check.text import is_rule_text
from generator.domain.decree30 import is_upper
from generator.domain.vietnamese import fold


def find_title(cur: Cursor, anat: Anatomy) -> int:
    """Ô 5a: the type name and the summary under it, with its rule. Returns the zone end."""
    end = anat.header_end
    candidates = [p for p in cur.after(end) if not p.in_table]
    nonempty = [p for p in candidates if p.text.strip() and not is_rule_text(p.text)]
    if not nonempty:
        return end
    first = nonempty[0]
    line = first_line(first)
    if line is None or KINH_GUI.match(line.text):
        return end
    if is_title(line) or _looks_like_title(line):
        anat.title = line
        anat.doc_type = doc_type_of(line.text)
    else:
        return end
    end = first.index
    rest = nonempty[1:]
    for p in rest[:4]:
        ln = first_line(p)
        if ln is None or KINH_GUI.match(ln.text) or fold(ln.text).startswith("CAN CU"):
            break
        if anat.summary and is_upper(ln.text):
            break
        if not (p.align == "center" or mostly(ln, "bold")):
            break
        anat.summary.extend(para_lines(p))
        end = p.index
        if _rule_follows(p, candidates):
            break
    if anat.summary:
        anat.summary_rule = _rule_follows(anat.summary[-1].para, candidates)
        end = _skip_rules(anat.summary[-1].para, candidates)
    return end


def _looks_like_title(line: Line) -> bool:
    """A short centred line: a type name typed in lower case, or an unlisted type in capitals."""
    if line.para.align != "center" or len(line.text) > 60:
        return False
    if doc_type_of(line.text) is not None:
        return True
    return is_upper(line.text) and not AUTHORITY_START.match(line.text)


def _rule_follows(p: Paragraph, candidates: list[Paragraph]) -> RuleMark | None:
    """A rule under ``p``: its border or shape, or a shape/underscores/top border just after."""
    return own_rule(p) or rule_in_following([q for q in candidates if q.index > p.index])


def _skip_rules(p: Paragraph, candidates: list[Paragraph]) -> int:
    """Index of the last empty/rule paragraph directly after ``p`` (the rule's own line)."""
    end = p.index
    for q in candidates:
        if q.index <= p.index:
            continue
        if q.text.strip() and not is_rule_text(q.text):
            break
        if q.shapes or q.border_top or q.border_bottom or is_rule_text(q.text):
            end = q.index
    return end


def find_kinh_gui(cur: Cursor, anat: Anatomy, start: int) -> int:
    """Ô 9a: "Kính gửi:" and its list, in plain paragraphs or a small table."""
    nonempty = [p for p in cur.after(start) if p.text.strip()][:8]
    for p in nonempty:
        segs = para_lines(p, tabs=True)
        if not segs or not KINH_GUI.match(segs[0].text):
            continue
        anat.kinh_gui = segs[0]
        anat.kinh_gui_items = segs[1:]  # "Kính gửi:<tab>- Sở A;" or Shift+Enter lists
        if p.in_table:
            anat.layout_tables.add(p.where.table or 0)
            group = cur.table_paras(p.where.table)
            anat.kinh_gui_items += [x for q in group if q is not p for x in para_lines(q)]
            return cur.last_index_of_table(p.where.table)
        end = p.index
        for q in cur.after(p.index):
            if not q.text.strip():
                continue
            if q.text.strip()[0] in "-+•–":
                anat.kinh_gui_items.append(Line(q, q.runs, q.text.strip()))
                end = q.index
            else:
                break
        return end
    return start
