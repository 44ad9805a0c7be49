"""Appendices (Phụ lục I, III.1): the "Phụ lục" line, the title, the reference line.

"Phụ lục" in lower case, 14 pt, upright, bold, numbered in Roman figures when
there are several; the title in capitals, 13–14 pt, bold; "(Kèm theo …)" in
italics; all three centred.  The page numbering of an appendix is in
:mod:`.page`.
"""

from __future__ import annotations

from generator.check.fix.draft import Draft, Look
from generator.check.fix.header import fired, placeholder
from generator.check.fix.ooxml import set_jc
from generator.check.fix.registry import Issues, repairs
from generator.check.paragraphs import Line
from generator.domain.decree30 import is_upper

LOCATION = "phụ lục"
HEADING_LOOK = Look(sizes=(14, 14), bold=True, italic=False)
TITLE_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
REFERENCE_LOOK = Look(sizes=(13, 14), bold=False, italic=True)


@repairs("appendix.label", "appendix.size", "appendix.style", "appendix.align",
         "appendix.title", "appendix.reference")
def appendices(draft: Draft, issues: Issues) -> None:
    labels = {issue.position: issue for issue in issues.get("appendix.label", [])}
    for appendix in draft.facts.anatomy.appendices:
        heading = appendix.heading
        label = labels.get(heading.para.index)
        if label is not None and label.found == heading.text.strip():
            draft.set_text(heading, label.expected, LOCATION)
        if fired(issues, "appendix.size", "appendix.style"):
            draft.restyle(heading, HEADING_LOOK, LOCATION)
        if "appendix.title" in issues:
            for line in appendix.title:
                if not is_upper(line.text) and not placeholder(line.text):
                    draft.set_text(line, line.text.upper(), LOCATION)
                draft.restyle(line, TITLE_LOOK, LOCATION)
        if "appendix.reference" in issues and appendix.reference is not None:
            draft.restyle(appendix.reference, REFERENCE_LOOK, LOCATION)
        if "appendix.align" in issues:
            reference = [appendix.reference] if appendix.reference is not None else []
            _centre(draft, [heading, *appendix.title, *reference])


def _centre(draft: Draft, lines: list[Line]) -> None:
    done: set[int] = set()
    for line in lines:
        para = line.para
        if para.align == "center" or id(para) in done:
            continue
        done.add(id(para))
        p, _style = draft.element(para)
        if draft.marks.change_ppr(p, lambda ppr: set_jc(ppr, "center")):
            draft.note(LOCATION, line.text, "canh giữa")
