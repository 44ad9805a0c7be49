"""Page setup and page numbers (Phụ lục I, I.1–I.3 and I.7).

Paper A4, portrait unless the section holds tables, margins brought to the
nearest allowed value; the page number a centred PAGE field in the header from
page 2 on: ``w:titlePg`` with a first-page header that shows everything the
page showed before except the number.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from generator.check.fix.draft import Draft, Look
from generator.check.fix.insert import inserted_text
from generator.check.fix.ooxml import (
    XML_SPACE,
    insert_in_order,
    make,
    set_font,
    set_jc,
    set_size,
    set_toggle,
)
from generator.check.fix.package import story_root
from generator.check.fix.registry import Issues, repairs
from generator.check.formatting import TIMES
from generator.check.package import R_NS, to_int, w
from generator.check.paragraphs import PAGE_FIELD, Paragraph
from generator.check.rules.common import LOC_FOOTER, LOC_HEADER, mm
from generator.check.rules.page_setup import (
    A4,
    MARGIN_NAMES,
    MARGIN_TOLERANCE,
    MARGINS,
    PAGE_TOLERANCE,
    section_location,
)

# =========================================================================== page setup


def _mm(twips: int) -> str:
    return mm(twips).split(" (")[0]


@repairs("page.size", "page.orientation", "margin.top", "margin.bottom", "margin.left",
         "margin.right")
def page_setup(draft: Draft, issues: Issues) -> None:
    turn = {i.location for i in issues.get("page.orientation", [])}
    for index in range(len(draft.facts.sections)):
        sect = _section_element(draft, index)
        location = section_location(draft.facts, index)
        notes: list[str] = []

        def mutate(el: etree._Element, location: str = location, notes: list[str] = notes) -> None:
            _paper(el, location in turn, notes)
            _margins(el, notes)

        if draft.marks.change_sectpr(sect, mutate):
            for note in notes:
                draft.note(location, "", note)


def _paper(sect: etree._Element, to_portrait: bool, notes: list[str]) -> None:
    size = sect.find(w("pgSz"))
    width = to_int(size.get(w("w")), 0) if size is not None else 0
    height = to_int(size.get(w("h")), 0) if size is not None else 0
    landscape = (
        size is not None and (size.get(w("orient")) == "landscape" or width > height)
    ) and not to_portrait
    short, long_ = sorted((width, height))
    is_a4 = abs(short - A4[0]) <= PAGE_TOLERANCE and abs(long_ - A4[1]) <= PAGE_TOLERANCE
    want = (A4[1], A4[0]) if landscape else A4
    if is_a4 and ((width, height) == want or not to_portrait):
        return
    new = make("pgSz", w=str(want[0]), h=str(want[1]))
    if landscape:
        new.set(w("orient"), "landscape")
    if size is not None:
        sect.replace(size, new)
    else:
        insert_in_order(sect, new)
    if not width or not height:
        notes.append("khổ giấy chưa đặt → A4 (210 x 297 mm)")
    elif not is_a4:
        notes.append(
            f"khổ giấy {width * 25.4 / 1440:.0f} x {height * 25.4 / 1440:.0f} mm → A4 "
            "(210 x 297 mm)"
        )
    if to_portrait:
        notes.append("trang ngang (không có bảng) → trang dọc")


def _margins(sect: etree._Element, notes: list[str]) -> None:
    margins = sect.find(w("pgMar"))
    if margins is None:
        margins = insert_in_order(sect, make("pgMar", header="567", footer="567", gutter="0"))
    for side, (lo, hi) in MARGINS.items():
        raw = margins.get(w(side))
        value = to_int(raw, 0) if raw is not None else None
        if value is not None and lo - MARGIN_TOLERANCE <= abs(value) <= hi + MARGIN_TOLERANCE:
            continue
        wanted = lo if value is None or abs(value) < lo else hi
        if value is not None and value < 0:
            wanted = -wanted  # a negative top or bottom margin keeps its meaning
        margins.set(w(side), str(wanted))
        was = "chưa đặt" if value is None else _mm(abs(value))
        notes.append(f"lề {MARGIN_NAMES[side]} {was} → {_mm(abs(wanted))}")


# =========================================================================== page numbers


def _is_page_instr(text: str) -> bool:
    return bool(PAGE_FIELD.search(text.upper()))


def _page_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of the PAGE fields in ``p``: from ``begin`` to ``end``, codes and result."""
    found: list[etree._Element] = []
    open_fields: list[tuple[list[etree._Element], list[str]]] = []
    for run in p.iter(w("r")):
        for field_runs, _instr in open_fields:
            field_runs.append(run)
        for child in run:
            if child.tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    open_fields.append(([run], []))
                elif kind == "end" and open_fields:
                    field_runs, instr = open_fields.pop()
                    if _is_page_instr("".join(instr)):
                        found += [r for r in field_runs if r not in found]
            elif child.tag == w("instrText") and open_fields:
                open_fields[-1][1].append(child.text or "")
    for simple in p.iter(w("fldSimple")):
        if _is_page_instr(simple.get(w("instr"), "")):
            found += list(simple.iter(w("r")))
    return found


def _without_page_fields(root: etree._Element) -> etree._Element:
    """A copy of a header or footer with its PAGE fields taken out (for page 1)."""
    clone = copy.deepcopy(root)
    for p in list(clone.iter(w("p"))):
        for run in _page_runs(p):
            parent = run.getparent()
            if parent is not None:
                parent.remove(run)
        for simple in list(p.iter(w("fldSimple"))):
            if _is_page_instr(simple.get(w("instr"), "")) and simple.getparent() is not None:
                simple.getparent().remove(simple)
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    for element in clone.iter():
        for attr in (f"{{{w14}}}paraId", f"{{{w14}}}textId"):
            element.attrib.pop(attr, None)
    return clone


def _field(draft: Draft, size: float) -> etree._Element:
    """A centred PAGE field, inserted (tracked), Times New Roman ``size`` pt, upright."""
    props = make("rPr")
    set_font(props, TIMES)
    set_toggle(props, "i", False)
    set_size(props, size)
    wrapper = inserted_text(draft.marks, "2", props)
    result = wrapper[0]
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = make("r")
        run.append(copy.deepcopy(props))
        if kind is not None:
            run.append(make("fldChar", fldCharType=kind))
        else:
            code = make("instrText")
            code.text = text
            code.set(XML_SPACE, "preserve")
            run.append(code)
        result.addprevious(run)
    end = make("r")
    end.append(copy.deepcopy(props))
    end.append(make("fldChar", fldCharType="end"))
    result.addnext(end)
    return wrapper


def _body_size(draft: Draft) -> float:
    sizes = [r.size for p in draft.facts.anatomy.body for r in p.runs if r.text.strip()]
    common = [s for s in sizes if s in (13.0, 14.0)]
    return max(set(common), key=common.count) if common else 14.0


def _blank(p: etree._Element) -> bool:
    text = "".join(t.text or "" for t in p.iter(w("t")))
    return not text.strip() and p.find(f".//{w('drawing')}") is None and (
        p.find(f".//{w('pict')}") is None
    )


def _put_field(draft: Draft, root: etree._Element, size: float) -> None:
    """A PAGE field at the top of an existing header: in its empty first paragraph, or new."""
    first = root.find(w("p"))
    if first is not None and _blank(first):
        first.append(_field(draft, size))
        draft.marks.change_ppr(first, lambda ppr: set_jc(ppr, "center"))
        return
    new = make("p")
    ppr = make("pPr")
    set_jc(ppr, "center")
    mark = make("rPr")
    mark.append(draft.marks.mark("ins"))
    ppr.append(mark)
    new.append(ppr)
    new.append(_field(draft, size))
    if first is not None:
        first.addprevious(new)
    else:
        root.insert(0, new)


def _reference(sect: etree._Element, tag: str, kind: str, rel_id: str) -> None:
    for old in sect.findall(w(tag)):
        if old.get(w("type"), "default") == kind:
            sect.remove(old)
    ref = make(tag, type=kind)
    ref.set(f"{{{R_NS}}}id", rel_id)
    insert_in_order(sect, ref)


def _section_element(draft: Draft, index: int) -> etree._Element:
    props = draft.section_props
    if index < len(props) and props[index] is not None:
        return props[index]
    root = draft.package.xml(draft.package.main)
    assert root is not None
    body = root.find(w("body"))
    sect = body.find(w("sectPr"))
    if sect is None:
        sect = make("sectPr")
        body.append(sect)
    return sect


def _delete_footer_numbers(draft: Draft) -> None:
    """Take the page number out of the footers that print it (tracked).

    Only a footer line that is nothing but the number ("Trang 2", "- 2 -", "2/5")
    goes; a number inside other footer text is left to a person.
    """
    for hf in draft.facts.printed_parts("footer"):
        for para in hf.page_paragraphs:
            p, _style = draft.element(para)
            leftover = re.sub(r"(?i)trang|của|page|of|[\d\s/\-–—.()]", "", para.text)
            runs = [r for r in p.iter(w("r")) if r.getparent() is p]
            if leftover or not runs or p.find(f".//{w('fldSimple')}") is not None:
                continue
            _delete_runs(draft, runs)
            draft.note(LOC_FOOTER, para.text, "bỏ số trang ở chân trang")


@repairs("page-number.missing", "page-number.footer", "page-number.position", "page-number.size",
         "page-number.first-page")
def page_numbers(draft: Draft, issues: Issues) -> None:
    size = _body_size(draft)
    first = draft.facts.sections[0]
    # Page 1 shows what it showed before, less the number: copies taken before any change.
    before = {
        kind: _as_printed(draft.package.xml(story.part))
        for kind, story in (("header", first.headers.get("default")),
                            ("footer", first.footers.get("default")))
        if story is not None and draft.package.xml(story.part) is not None
    }
    if "page-number.footer" in issues:
        _delete_footer_numbers(draft)
    wanted = bool({"page-number.missing", "page-number.footer"} & set(issues))
    if wanted and _add_numbers(draft, size):
        draft.note(LOC_HEADER, "", f"thêm số trang (trường PAGE, {size:g} pt) canh giữa ở đầu "
                   "trang")
    _first_page(draft, before, wanted)
    for hf in draft.facts.printed_parts("header"):
        for para in hf.page_paragraphs:
            _number_look(draft, para, size)


def _add_numbers(draft: Draft, size: float) -> bool:
    """A PAGE field in every header printed on pages 2 and after; True if one was added."""
    even_and_odd = draft.facts.even_and_odd
    done: set[str] = set()
    created: dict[str, str] = {}
    for index, sec in enumerate(draft.facts.sections):
        for role in ("default", "even") if even_and_odd else ("default",):
            hf = sec.printed("header", role, even_and_odd)
            if hf is not None and hf.page_paragraphs:
                continue
            if hf is None:
                if role not in created:
                    root = story_root("header", [_new_number_paragraph(draft, size)])
                    created[role] = draft.package.add_part("header", root)
                    _reference(_section_element(draft, index), "headerReference", role,
                               created[role])
            elif hf.part not in done:
                done.add(hf.part)
                root = draft.package.xml(hf.part)
                if root is not None:
                    _put_field(draft, root, size)
    return bool(created or done)


def _new_number_paragraph(draft: Draft, size: float) -> etree._Element:
    p = make("p")
    ppr = make("pPr")
    set_jc(ppr, "center")
    p.append(ppr)
    p.append(_field(draft, size))
    return p


def _first_page(draft: Draft, before: dict[str, etree._Element], added: bool) -> None:
    """No number on page 1: ``w:titlePg``, and first-page parts without the PAGE field."""
    sec = draft.facts.sections[0]
    if sec.title_page:
        for story in (sec.headers.get("first"), sec.footers.get("first")):
            for para in story.page_paragraphs if story is not None else []:
                p, _style = draft.element(para)
                runs = _page_runs(p)
                if runs and all(r.getparent() is p for r in runs):
                    _delete_runs(draft, runs)
                    draft.note("trang 1", para.text, "bỏ số trang ở trang đầu")
        return
    default = sec.headers.get("default")
    if not added and not (default is not None and default.page_paragraphs):
        return
    sect = _section_element(draft, 0)
    for tag, kind, stories in (
        ("headerReference", "header", sec.headers),
        ("footerReference", "footer", sec.footers),
    ):
        own = stories.get("default")
        if stories.get("first") is not None or (own is None and kind == "footer"):
            continue
        source = before.get(kind)
        root = (
            _without_page_fields(source) if source is not None else story_root(kind, [make("p")])
        )
        rel_id = draft.package.add_part(kind, root, like=own.part if own is not None else None)
        _reference(sect, tag, "first", rel_id)
    draft.marks.change_sectpr(sect, lambda el: insert_in_order(el, make("titlePg")))
    draft.note("trang 1", "", "không hiện số trang ở trang đầu (trang đầu khác)")


def _as_printed(root: etree._Element | None) -> etree._Element | None:
    """A copy of a story as it prints: revisions accepted, bookmarks and comments left out.

    The copy becomes a part of its own; ids it kept would clash with the original's.
    """
    if root is None:
        return None
    clone = copy.deepcopy(root)
    drop = {w("del"), w("moveFrom"), w("rPrChange"), w("pPrChange"), w("sectPrChange"),
            w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"),
            w("commentRangeEnd"), w("commentReference")}
    for element in list(clone.iter(*drop)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for wrapper in list(clone.iter(w("ins"), w("moveTo"))):
        parent = wrapper.getparent()
        if parent is None:
            continue
        if parent.tag == w("rPr"):  # an inserted paragraph mark: now just a mark
            parent.remove(wrapper)
            continue
        for child in list(wrapper):
            wrapper.addprevious(child)
        parent.remove(wrapper)
    return clone


def _delete_runs(draft: Draft, runs: list[etree._Element]) -> None:
    wrapper = draft.marks.mark("del")
    runs[0].addprevious(wrapper)
    for run in runs:
        wrapper.append(run)
        for child in run:
            if child.tag == w("t"):
                child.tag = w("delText")
            elif child.tag == w("instrText"):
                child.tag = w("delInstrText")


def _centred(para: Paragraph) -> bool:
    """Centred by alignment, or by leading tabs to a centre tab stop (Word's Header style)."""
    if para.align == "center":
        return True
    leading = re.match(r"^\t+", "".join(r.text for r in para.runs))
    stops = [kind for kind, _pos in para.tabs]
    n = len(leading.group(0)) if leading else 0
    return n > 0 and len(stops) >= n and stops[n - 1] == "center"


def _number_look(draft: Draft, para: Paragraph, size: float) -> None:
    """The page number centred, 13–14 pt, upright (all runs of its paragraph)."""
    p, _style = draft.element(para)
    if not _centred(para) and draft.marks.change_ppr(p, lambda ppr: set_jc(ppr, "center")):
        draft.note(LOC_HEADER, para.text, "canh giữa số trang")
    look = Look(sizes=(13, 14), size=size, italic=False)
    ppr = p.find(w("pPr"))
    changed = False
    for run in p.iter(w("r")):
        if draft.marks.is_new(run):
            continue
        now = draft.resolver.run("x", draft.resolver.run_levels(run.find(w("rPr")), ppr, None))
        new_size = look.size_for(now.size)

        def mutate(rpr: etree._Element, new_size: float | None = new_size,
                   italic: bool = now.italic) -> None:
            if new_size is not None:
                set_size(rpr, new_size)
            if italic:
                set_toggle(rpr, "i", False)

        changed |= draft.marks.change_rpr(run, mutate)
    if changed:
        draft.note(LOC_HEADER, para.text, f"số trang {size:g} pt, kiểu chữ đứng")


# =========================================================================== appendices


@repairs("appendix.page-number")
def appendix_numbers(draft: Draft, issues: Issues) -> None:
    """An appendix that opens its own section gets its pages numbered from 1 (III.1.đ).

    One that does not needs a section break before it: where the text ends and
    the appendix begins, and whether a page break already stands there, is for a
    person to settle.
    """
    paras = draft.facts.paragraphs
    done: set[int] = set()
    for issue in issues["appendix.page-number"]:
        if not 0 <= issue.position < len(paras):
            continue
        heading = paras[issue.position]
        earlier = [p for p in paras[: heading.index] if p.text.strip()]
        if (earlier and earlier[-1].section == heading.section) or heading.section in done:
            continue
        done.add(heading.section)

        def restart(sect: etree._Element) -> None:
            numbers = sect.find(w("pgNumType"))
            if numbers is None:
                numbers = insert_in_order(sect, make("pgNumType"))
            numbers.set(w("start"), "1")

        if draft.marks.change_sectpr(_section_element(draft, heading.section), restart):
            draft.note("phụ lục", heading.text, "đánh số trang của phụ lục lại từ 1")
