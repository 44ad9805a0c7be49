"""Ô 6, the body: size, justification, first-line indent, spacing, headings and căn cứ.

Each paragraph the checker reported is repaired, and only those: the rule
knows which centred lines are meant to be centred and which lines are
headings, so the repair follows its judgement rather than repeating it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from lxml import etree

from generator.check.fix.draft import Draft, Look
from generator.check.fix.ooxml import make, replace_child, set_indent, set_jc, set_spacing
from generator.check.fix.registry import Issues, repairs
from generator.check.fix.runs import Unit, replace_text, scan
from generator.check.package import to_int, w
from generator.check.paragraphs import Paragraph
from generator.check.rules.common import body_location
from generator.check.rules.registry import Issue
from generator.domain.decree30 import is_upper

FIRST_LINES = (567, 720)  # 1 cm or 1,27 cm
MIN_GAP = 120  # 6 pt between paragraphs
SINGLE, ONE_AND_A_HALF = 240, 360


def flagged(draft: Draft, issues: list[Issue]) -> Iterator[Paragraph]:
    """The paragraphs a rule reported, each once, in document order."""
    seen: set[int] = set()
    for issue in sorted(issues, key=lambda i: i.position):
        if 0 <= issue.position < len(draft.facts.paragraphs) and issue.position not in seen:
            seen.add(issue.position)
            yield draft.facts.paragraphs[issue.position]


def body_size(draft: Draft) -> float | None:
    """The size most of the body is set in, when it is one the decree allows."""
    count: Counter[float] = Counter()
    for para in draft.facts.anatomy.body:
        for run in para.runs:
            if run.size in (13.0, 14.0):
                count[run.size] += len(run.text.strip())
    return count.most_common(1)[0][0] if count else None


def _first_line_target(draft: Draft, para: Paragraph, start: int) -> int:
    """1 cm or 1,27 cm: the one nearer to where the text starts, else the document's usual."""
    near = [v for v in FIRST_LINES if abs(start - v) <= 60]
    if near:
        return near[0]
    usual: Counter[int] = Counter(
        p.left + p.first_line
        for p in draft.facts.anatomy.body
        if p.left + p.first_line in FIRST_LINES
    )
    return usual.most_common(1)[0][0] if usual else FIRST_LINES[0]


def _default_tab(draft: Draft) -> int:
    name = draft.package.part_of_type("settings")
    root = draft.package.xml(name) if name else None
    stop = root.find(w("defaultTabStop")) if root is not None else None
    value = to_int(stop.get(w("val")), 720) if stop is not None else 720
    return value if value > 0 else 720


def _printed_start(draft: Draft, para: Paragraph, blanks: list[Unit]) -> int:
    """Where the first letter prints when the line starts with tabs or spaces (twips)."""
    position = para.left + para.first_line
    size = max((r.size or 12.0 for r in para.runs), default=12.0)
    stops = sorted(pos for kind, pos in para.tabs if kind not in ("clear", "bar"))
    for unit in blanks:
        if unit.display == "\t":
            later = [pos for pos in stops if pos > position]
            step = _default_tab(draft)
            position = later[0] if later else (position // step + 1) * step
        else:
            position += round(size * 5)  # a space is about a quarter of an em
    return position


def _indent(draft: Draft, para: Paragraph) -> None:
    """The first line indented 1 cm or 1,27 cm by the paragraph's indent, not by tabs or spaces.

    A line pushed in with a leading tab or spaces loses them (tracked), and the
    indent takes the place where its text printed when that place is allowed.
    """
    p, table_style = draft.element(para)
    units = scan(p, draft.resolver, table_style)
    count = 0
    while count < len(units) and units[count].display in ("\t", " ", ""):
        count += 1
    start = _printed_start(draft, para, units[:count]) if count else para.left + para.first_line
    target = _first_line_target(draft, para, start)
    location = body_location(draft.facts, para)
    if count and not replace_text(p, draft.resolver, table_style, (0, count), "", draft.marks):
        return
    if count:
        draft.note(location, para.text, "bỏ dấu tab, dấu cách ở đầu dòng")
    left = para.left if 0 <= para.left <= target else 0

    def indent(ppr: etree._Element) -> None:
        set_indent(ppr, left=left, first_line=target - left)

    cm = f"{target * 2.54 / 1440:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    _paragraph_change(draft, para, indent, f"lùi đầu dòng {cm} cm")


def _paragraph_change(
    draft: Draft, para: Paragraph, mutate: Callable[[etree._Element], None], change: str
) -> None:
    p, _style = draft.element(para)
    if draft.marks.change_ppr(p, mutate):
        draft.note(body_location(draft.facts, para), para.text, change)


@repairs("body.size", "body.align", "body.indent", "body.spacing", "body.line-spacing")
def body(draft: Draft, issues: Issues) -> None:
    size = body_size(draft)
    for para in flagged(draft, issues.get("body.size", [])):
        draft.restyle(draft.whole(para), Look(sizes=(13, 14), size=size),
                      body_location(draft.facts, para))
    for para in flagged(draft, issues.get("body.align", [])):
        _paragraph_change(draft, para, lambda ppr: set_jc(ppr, "both"), "canh đều hai lề")
    for para in flagged(draft, issues.get("body.indent", [])):
        _indent(draft, para)
    _spacing(draft, issues.get("body.spacing", []))
    for para in flagged(draft, issues.get("body.line-spacing", [])):
        line = para.line if para.line_rule == "auto" and para.line is not None else None
        wanted = SINGLE if line is None or line < SINGLE else ONE_AND_A_HALF
        lines = "1" if wanted == SINGLE else "1,5"
        _paragraph_change(
            draft, para, lambda ppr, v=wanted: set_spacing(ppr, line=(v, "auto")),
            f"giãn dòng {lines} dòng",
        )


def _spacing(draft: Draft, issues: list[Issue]) -> None:
    """At least 6 pt between two body paragraphs: more space before the second one."""
    paras = draft.facts.paragraphs
    for para in flagged(draft, issues):
        prev = paras[para.index - 1] if para.index > 0 else None
        same = prev is not None and prev.style_id == para.style_id
        after = 0 if prev is None or (prev.contextual and same) else prev.after
        before = max(para.before, MIN_GAP - after)

        off = para.contextual and same

        def space(ppr: etree._Element, before: int = before, off: bool = off) -> None:
            set_spacing(ppr, before=before)
            if off:
                replace_child(ppr, make("contextualSpacing", val="0"))

        gap = f"{(after + before) / 20:g}".replace(".", ",")
        _paragraph_change(draft, para, space,
                          f"giãn trước đoạn {before / 20:g} pt (cách đoạn trên {gap} pt)".replace(
                              ".", ",", 1))


# --------------------------------------------------------------------------- headings, căn cứ


@repairs("heading.label", "heading.level1", "can-cu.style", "can-cu.punctuation")
def headings(draft: Draft, issues: Issues) -> None:
    for issue in issues.get("heading.label", []):
        para = draft.facts.paragraphs[issue.position]
        wanted = issue.expected.split(" (")[0]
        text = para.text.strip()
        if para.label or not text.startswith(issue.found):
            continue  # a list label from the numbering: change it in the list's definition
        rest = text[len(issue.found) :]
        draft.set_text(draft.whole(para), wanted + (rest if rest[:1].isspace() else " " + rest),
                       body_location(draft.facts, para))
    for para in flagged(draft, issues.get("heading.level1", [])):
        line = draft.whole(para)
        text = draft.current_text(line)
        label = re.match(r"^[IVXLC]+\s*[./):\-]\s*", text)
        if label is not None:
            title, colon, rest = text[label.end() :].partition(":")
            if not is_upper(title):
                draft.set_text(line, label.group(0) + title.upper() + colon + rest,
                               body_location(draft.facts, para))
        draft.restyle(line, Look(bold=True, italic=False), body_location(draft.facts, para))
    for para in flagged(draft, issues.get("can-cu.style", [])):
        draft.restyle(draft.whole(para), Look(italic=True), body_location(draft.facts, para))
    for issue in issues.get("can-cu.punctuation", []):
        para = draft.facts.paragraphs[issue.position]
        end = re.search(r'"(.)"\s*$', issue.expected)
        if end is None:
            continue
        line = draft.whole(para)
        text = draft.current_text(line)
        draft.set_text(line, text.rstrip(" .;,:") + end.group(1),
                       body_location(draft.facts, para))
