"""Ô 1–4: Quốc hiệu and Tiêu ngữ with the rule under it, the agency, "Số:", place and date.

Text is rewritten only when the decree leaves one way to write it and the
line is plainly what it was recognised as: a Quốc hiệu whose words are the
Quốc hiệu's, a date line that parses as a date.  A blank left in a draft
("Số:      /KH-UBND", "ngày   tháng 3") stays blank.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.check.anatomy.parts import QH_FOLD, is_date, is_qh, is_so, is_tn, is_vv
from generator.check.fix.draft import Draft, Look
from generator.check.fix.insert import inserted_text, paragraph_after, rule_after
from generator.check.fix.ooxml import set_size, set_toggle
from generator.check.fix.registry import Issues, repairs
from generator.check.formatting import Run
from generator.check.package import w
from generator.check.paragraphs import Line
from generator.check.rules.common import LOC_AGENCY, LOC_DATE, LOC_QH, LOC_SO, all_on
from generator.check.rules.header import TIEU_NGU
from generator.check.text import text_width
from generator.domain.decree30 import ABBREVIATED_PLACE, is_upper
from generator.domain.vietnamese import fold

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
QUOC_HIEU_LOOK = Look(sizes=(12, 13), bold=True, italic=False)
TIEU_NGU_LOOK = Look(sizes=(13, 14), bold=True, italic=False)
AGENCY_SIZES = (12.0, 13.0)
SO_LOOK = Look(sizes=(13, 13), bold=False, italic=False)
DATE_LOOK = Look(sizes=(13, 14), bold=False, italic=True)


def words(text: str) -> str:
    """The letters of a line, folded and single-spaced: what it says, whatever the typing."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", fold(text)).split())


def placeholder(text: str) -> bool:
    """A blank of a sample form ("…3...", "....", "___"): nothing to rewrite there."""
    return bool(re.search(r"…|\.{3,}|_{3,}", text))


def fired(issues: Issues, *rule_ids: str) -> bool:
    return any(rule_id in issues for rule_id in rule_ids)


# ------------------------------------------------------------------------- rules under a line


def _sized(runs: tuple[Run, ...], look: Look | None) -> list[Run]:
    """Runs as they print after a repair of their look (for measuring the text)."""
    if look is None:
        return list(runs)
    return [
        replace(
            r,
            size=look.size_for(r.size) or r.size,
            bold=r.bold if look.bold is None else look.bold,
        )
        for r in runs
    ]


def rule_under(
    draft: Draft, lines: list[Line], ratio: float, location: str, look: Look | None = None
) -> bool:
    """Draw the decree's rule under the last of ``lines``: ``ratio`` × the text's width.

    Only under a line that ends its paragraph and whose available width is known;
    a rule beside other text (a header laid out with tabs) needs a person.
    """
    last = lines[-1]
    para = last.para
    span = draft.span(last)
    box = para.box_width
    if span is None or box is None or box <= 0:
        return False
    units = draft.units(para)
    line_start = span[0]
    while line_start > 0 and units[line_start - 1].display != "\n":
        line_start -= 1
    if any(u.display.strip() for u in [*units[span[1] :], *units[line_start : span[0]]]):
        return False  # text beside the line (after a tab) would sit over the rule too
    text = max(min(text_width(_sized(ln.visible_runs, look)), box) for ln in lines)
    length = min(box, max(240, round(text * ratio)))
    spare = box - length
    if para.align == "left":
        margins = (para.left, para.right + spare)
    elif para.align == "right":
        margins = (para.left + spare, para.right)
    else:
        margins = (para.left + spare // 2, para.right + spare - spare // 2)
    p, _style = draft.element(para)
    if rule_after(draft.marks, p, margins) is None:
        return False
    draft.note(location, last.text, f"thêm đường kẻ ngang nét liền dưới dòng chữ, dài "
               f"{length * 25.4 / 1440:.0f} mm".replace(".", ","))
    return True


# ===================================================================== ô 1: Quốc hiệu, Tiêu ngữ


@repairs("quoc-hieu.text", "quoc-hieu.size", "quoc-hieu.style", "tieu-ngu.missing",
         "tieu-ngu.text", "tieu-ngu.size", "tieu-ngu.style", "tieu-ngu.rule")
def national(draft: Draft, issues: Issues) -> None:
    anat = draft.facts.anatomy
    qh, tn = anat.quoc_hieu, anat.tieu_ngu
    if qh is not None:
        if "quoc-hieu.text" in issues and words(qh.text) == QH_FOLD:
            draft.set_text(qh, QUOC_HIEU, LOC_QH)
        if fired(issues, "quoc-hieu.size", "quoc-hieu.style"):
            draft.restyle(qh, QUOC_HIEU_LOOK, LOC_QH)
    if tn is not None:
        if "tieu-ngu.text" in issues and words(tn.text) == "DOC LAP TU DO HANH PHUC":
            draft.set_text(tn, TIEU_NGU, LOC_QH)
        if fired(issues, "tieu-ngu.size", "tieu-ngu.style"):
            draft.restyle(tn, TIEU_NGU_LOOK, LOC_QH)
        if "tieu-ngu.rule" in issues:
            rule_under(draft, [tn], 1.0, LOC_QH, TIEU_NGU_LOOK)
    elif "tieu-ngu.missing" in issues and qh is not None:
        _add_tieu_ngu(draft, qh)


def _add_tieu_ngu(draft: Draft, qh: Line) -> None:
    """The Tiêu ngữ on a line of its own under the Quốc hiệu, one size larger, and its rule."""
    para = qh.para
    span = draft.span(qh)
    units = draft.units(para)
    if span is None or any(u.display.strip() for u in units[span[1] :]) or para.box_width is None:
        return
    p, _style = draft.element(para)
    new = paragraph_after(draft.marks, p)
    if new is None:
        return
    size = min(14.0, max(13.0, (qh.visible_runs[0].size or 12.0) + 1))
    like = units[span[0]].run.find(w("rPr"))
    wrapper = inserted_text(draft.marks, TIEU_NGU, like)
    props = wrapper[0].find(w("rPr"))
    if props is None:
        props = wrapper[0].makeelement(w("rPr"))
        wrapper[0].insert(0, props)
    set_size(props, size)
    set_toggle(props, "b", True)
    set_toggle(props, "i", False)
    set_toggle(props, "caps", False)
    new.append(wrapper)
    draft.note(LOC_QH, qh.text, f"thêm Tiêu ngữ «{TIEU_NGU}» dưới Quốc hiệu")
    runs = [Run(TIEU_NGU, size, True, False, False, ("Times New Roman",))]
    width = min(text_width(runs), para.box_width)
    spare = para.box_width - width
    margins = (para.left + spare // 2, para.right + spare - spare // 2)
    if rule_after(draft.marks, new, margins) is not None:
        draft.note(LOC_QH, TIEU_NGU, "thêm đường kẻ ngang nét liền dưới Tiêu ngữ")


# ================================================================================== ô 2: agency


def _really_agency(line: Line) -> bool:
    """Not a misread Số, date, V/v or national line, and not a blank of a form."""
    text = line.text
    return not (
        is_so(text) or is_date(text) or is_vv(text) or is_qh(text) or is_tn(text)
        or placeholder(text)
    )


@repairs("agency.case", "agency.size", "agency.style", "agency.rule")
def agency(draft: Draft, issues: Issues) -> None:
    lines = draft.facts.anatomy.agency
    if not lines or not all(_really_agency(line) for line in lines):
        return
    if "agency.case" in issues:
        for line in lines:
            if not is_upper(line.text):
                draft.set_text(line, line.text.upper(), LOC_AGENCY)
    if fired(issues, "agency.size", "agency.style"):
        # The issuing agency is bold: the last line, and every line after a bold one.
        seen_bold = False
        for line in lines:
            bold = line is lines[-1] or seen_bold
            seen_bold = seen_bold or all_on(line, "bold")
            look = Look(sizes=AGENCY_SIZES, italic=False, bold=True if bold else None)
            draft.restyle(line, look, LOC_AGENCY)
    if "agency.rule" in issues:
        issuing = [ln for ln in lines if all_on(ln, "bold") or ln is lines[-1]]
        rule_under(draft, issuing, 0.4, LOC_AGENCY, Look(sizes=AGENCY_SIZES, bold=True))


# ============================================================================= ô 3: Số, ký hiệu

_SYMBOL = re.compile(r"[0-9A-Za-zĐđ&]+(?:-[0-9A-Za-zĐđ&]+)+")


def normal_so(text: str) -> str | None:
    """ "Số: 05/KH-UBND" from "Số 5 / KH - UBND"; a draft's blank number kept; None if unsure."""
    head = re.match(r"^\s*S[ốỐ]\s*[:.]?", text, re.IGNORECASE)
    if head is None:
        return None
    number, slash, symbol = text[head.end() :].partition("/")
    symbol = re.sub(r"\s*-\s*", "-", symbol.strip())
    if not slash or not _SYMBOL.fullmatch(symbol):
        return None
    if number.strip().isdigit():
        digits = number.strip()
        return f"Số: {digits.zfill(2) if len(digits) < 2 else digits}/{symbol}"
    if re.fullmatch(r"[\s._…]*", number):
        return f"Số:{number}/{symbol}"
    return None


@repairs("so.format", "so.number-zero", "so.size", "so.style")
def so(draft: Draft, issues: Issues) -> None:
    line = draft.facts.anatomy.so
    if line is None:
        return
    if fired(issues, "so.format", "so.number-zero"):
        wanted = normal_so(line.text.strip())
        if wanted is not None:
            draft.set_text(line, wanted, LOC_SO)
    if fired(issues, "so.size", "so.style"):
        draft.restyle(line, SO_LOOK, LOC_SO)


# ==================================================================== ô 4: địa danh, ngày tháng

_LOOSE_DATE = re.compile(
    r"^(?P<place>[^,]*?)\s*,?\s*ngày(?P<day>\s*\d{1,2}\s*|[\s._…]*)"
    r"(?:tháng|[/.-])(?P<month>\s*\d{1,2}\s*|[\s._…]*)"
    r"(?:năm|[/.-])(?P<year>\s*\d{4}\s*|[\s._…]*)$",
    re.IGNORECASE,
)


def _blank_or(value: str, zero: bool) -> str | None:
    """A day or month as the decree writes it; a draft's blank as it was typed."""
    if not value.strip().isdigit():
        return value if value else " "
    number = int(value)
    return f" {number:02d} " if zero else f" {number} "


def normal_date(text: str) -> str | None:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020" from the ways people type it; None if unsure."""
    match = _LOOSE_DATE.match(text.strip())
    if match is None:
        return None
    place = match.group("place").strip()
    if not place or not place[0].isalpha():
        return None
    if ABBREVIATED_PLACE.search(place):
        if "HCM" not in place.upper() and "HỒ CHÍ MINH" not in place.upper():
            return None
        place = "Thành phố Hồ Chí Minh"
    place = place[0].upper() + place[1:]
    day, month, year = match.group("day"), match.group("month"), match.group("year")
    if day.strip().isdigit() and not 1 <= int(day) <= 31:
        return None
    if month.strip().isdigit() and not 1 <= int(month) <= 12:
        return None
    day_text = _blank_or(day, zero=True)
    month_text = _blank_or(month, zero=month.strip().isdigit() and int(month) <= 2)
    year_text = f" {year.strip()}" if year.strip() else year
    return f"{place}, ngày{day_text}tháng{month_text}năm{year_text}".rstrip()


@repairs("date.format", "date.day-zero", "date.month-zero", "date.place-name", "date.size",
         "date.style")
def date(draft: Draft, issues: Issues) -> None:
    line = draft.facts.anatomy.date
    if line is None:
        return
    if fired(issues, "date.format", "date.day-zero", "date.month-zero", "date.place-name"):
        wanted = normal_date(line.text)
        if wanted is not None:
            draft.set_text(line, wanted, LOC_DATE)
    if fired(issues, "date.size", "date.style"):
        draft.restyle(line, DATE_LOOK, LOC_DATE)
