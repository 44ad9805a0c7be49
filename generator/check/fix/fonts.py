"""Times New Roman (Phụ lục I, I.4) on every run printed in another typeface.

The typeface may come from the run, a style, the document defaults or the
theme; the repair is direct formatting on the runs the checker found in
another face (what Word records when a clerk selects the text and picks the
font with changes tracked), so styles other documents share stay as they are.
"""

from __future__ import annotations

from generator.check.fix.draft import Draft
from generator.check.fix.ooxml import set_font
from generator.check.fix.registry import Issues, repairs
from generator.check.formatting import TIMES
from generator.check.package import MC_NS, inside, w
from generator.check.paragraphs import Paragraph
from generator.check.rules.common import para_location

_SKIP = {w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC_NS}}}Fallback"}
HEADERS_AND_FOOTERS = 10**9  # the position the rule gives findings outside the body


@repairs("font.family")
def fonts(draft: Draft, issues: Issues) -> None:
    found = issues["font.family"]
    faces = {issue.found for issue in found}
    paragraphs: list[Paragraph] = [
        draft.facts.paragraphs[i.position]
        for i in found
        if 0 <= i.position < len(draft.facts.paragraphs)
    ]
    if any(i.position >= HEADERS_AND_FOOTERS for i in found):
        paragraphs += [
            p for p in draft.facts.all_paragraphs if p.where.kind in ("header", "footer")
        ]
    done: set[int] = set()
    for para in paragraphs:
        if id(para) in done:
            continue
        done.add(id(para))
        p, table_style = draft.element(para)
        ppr = p.find(w("pPr"))
        changed: dict[str, None] = {}
        for run in p.iter(w("r")):
            if inside(run, p, _SKIP):
                continue
            if not "".join(t.text or "" for t in run.findall(w("t"))).strip():
                continue
            now = draft.resolver.run(
                "x", draft.resolver.run_levels(run.find(w("rPr")), ppr, table_style)
            )
            wrong = [face for face in now.fonts if face in faces]
            if wrong and draft.marks.change_rpr(run, lambda rpr: set_font(rpr, TIMES)):
                changed.update(dict.fromkeys(wrong))
        if changed:
            draft.note(para_location(draft.facts, para), para.text,
                       f"phông {', '.join(changed)} → {TIMES}")
