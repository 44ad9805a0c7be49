"""Ô 5 and 9a: the type name and trích yếu, a công văn's "V/v …", and "Kính gửi"."""

from __future__ import annotations

import re

from generator.check.anatomy.parts import doc_type_of
from generator.check.fix.draft import Draft, Look
from generator.check.fix.header import fired, placeholder, rule_under
from generator.check.fix.ooxml import set_jc
from generator.check.fix.registry import Issues, repairs
from generator.check.paragraphs import Line
from generator.check.rules.common import LOC_KG, LOC_TITLE, LOC_VV
from generator.domain.decree30 import is_upper

TITLE_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
SUMMARY_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
VV_LOOK = Look(sizes=(12, 13), bold=False, italic=False)
KINH_GUI_LOOK = Look(sizes=(13, 14), italic=False)
BULLETS = "-+•–—"


@repairs("title.size", "title.style", "title.align", "summary.size", "summary.style",
         "summary.rule")
def title(draft: Draft, issues: Issues) -> None:
    anat = draft.facts.anatomy
    line = anat.title
    if line is not None:
        if (
            "title.style" in issues
            and not is_upper(line.text)
            and doc_type_of(line.text) is not None
            and not placeholder(line.text)
        ):
            draft.set_text(line, line.text.upper(), LOC_TITLE)
        if fired(issues, "title.size", "title.style"):
            draft.restyle(line, TITLE_LOOK, LOC_TITLE)
    if fired(issues, "summary.size", "summary.style"):
        for summary in anat.summary:
            draft.restyle(summary, SUMMARY_LOOK, LOC_TITLE)
    if "title.align" in issues:
        done: set[int] = set()
        for centred in [*([line] if line else []), *anat.summary]:
            para = centred.para
            if para.align == "center" or id(para) in done:
                continue
            done.add(id(para))
            p, _style = draft.element(para)
            if draft.marks.change_ppr(p, lambda ppr: set_jc(ppr, "center")):
                draft.note(LOC_TITLE, centred.text, "canh giữa")
    if "summary.rule" in issues and anat.summary:
        rule_under(draft, anat.summary, 0.4, LOC_TITLE, SUMMARY_LOOK)


@repairs("vv.size", "vv.style")
def vv(draft: Draft, issues: Issues) -> None:
    for line in draft.facts.anatomy.vv:
        draft.restyle(line, VV_LOOK, LOC_VV)


def item_text(text: str, end: str) -> str | None:
    """ "- Sở Y tế;" from "+ Sở Y tế," : a dash, one space, the name, ``end``; None if no bullet."""
    stripped = text.strip()
    if not stripped or stripped[0] not in BULLETS:
        return None
    name = stripped.lstrip(BULLETS).strip().rstrip(".;,:").rstrip()
    return f"- {name}{end}" if name else None


@repairs("kinh-gui.format", "kinh-gui.size", "kinh-gui.style")
def kinh_gui(draft: Draft, issues: Issues) -> None:
    anat = draft.facts.anatomy
    label = anat.kinh_gui
    if label is None:
        return
    items = anat.kinh_gui_items
    if "kinh-gui.format" in issues:
        match = re.match(r"^\s*kính\s+gửi\s*:?\s*", label.text, re.IGNORECASE)
        if match is not None:
            rest = label.text[match.end() :]
            draft.set_text(label, "Kính gửi: " + rest if rest else "Kính gửi:", LOC_KG)
        for i, item in enumerate(items):
            wanted = item_text(item.text, "." if i == len(items) - 1 else ";")
            if wanted is not None:
                draft.set_text(item, wanted, LOC_KG)
    if fired(issues, "kinh-gui.size", "kinh-gui.style"):
        lines: list[Line] = [label, *items]
        for line in lines:
            draft.restyle(line, KINH_GUI_LOOK, LOC_KG)
