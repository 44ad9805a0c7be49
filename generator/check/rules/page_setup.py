"""Page setup and type (Phụ lục I, I.1–I.4): A4, portrait, margins, Times New Roman in black."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.formatting import TIMES
from generator.check.reader import DocumentFacts
from generator.check.rules.common import LOC_PAGE, PL1, mm, para_location
from generator.check.rules.registry import WARNING, Issue, RuleCheck, rule
from generator.check.sections import Section
from generator.check.text import excerpt

A4 = (11906, 16838)
PAGE_TOLERANCE = 20
MARGINS = {"top": (1134, 1418), "bottom": (1134, 1418), "left": (1701, 1985), "right": (850, 1134)}
MARGIN_TOLERANCE = 3
MARGIN_NAMES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


def section_location(facts: DocumentFacts, index: int) -> str:
    return LOC_PAGE if len(facts.sections) == 1 else f"{LOC_PAGE}, phần (section) {index + 1}"


@rule("page.size", f"{PL1}, I.1", "Khổ giấy phải là A4 (210 mm x 297 mm)")
def check_page_size(facts: DocumentFacts) -> Iterator[Issue]:
    for sec in facts.sections:
        if sec.width is None or sec.height is None:
            unset = "khổ giấy (w:pgSz)" + (
                " và lề (w:pgMar)" if all(v is None for v in sec.margins.values()) else ""
            )
            yield Issue(
                section_location(facts, sec.index),
                f"không đặt {unset}: Word và LibreOffice dùng khổ mặc định của máy, thường là "
                "Letter",
                "210 x 297 mm (A4), lề theo Phụ lục I, I.3",
            )
            continue
        dims = sorted((sec.width, sec.height))
        if abs(dims[0] - A4[0]) > PAGE_TOLERANCE or abs(dims[1] - A4[1]) > PAGE_TOLERANCE:
            found = f"{sec.width * 25.4 / 1440:.0f} x {sec.height * 25.4 / 1440:.0f} mm"
            yield Issue(section_location(facts, sec.index), found, "210 x 297 mm (A4)")


@rule(
    "page.orientation",
    f"{PL1}, I.2",
    "Văn bản trình bày theo chiều dài khổ A4; chỉ trang có bảng, biểu mới được xoay ngang",
)
def check_orientation(facts: DocumentFacts) -> Iterator[Issue]:
    for sec in facts.sections:
        landscape = _landscape(sec)
        content_tables = {
            p.where.table
            for p in facts.paragraphs
            if p.section == sec.index
            and p.in_table
            and p.where.table not in facts.anatomy.layout_tables
        }
        if landscape and not content_tables:
            yield Issue(section_location(facts, sec.index), "khổ ngang, không có bảng", "khổ dọc")


# A landscape page (a wide table) is the portrait sheet turned: its left and right margins
# may be the portrait top and bottom ones, its top and bottom the portrait left and right
# ones (the binding edge stays where it was). The decree says nothing of turned pages, so
# both readings are accepted there.
TURNED = {
    "top": ("left", "right"),
    "bottom": ("left", "right"),
    "left": ("top",),
    "right": ("bottom",),
}


def _landscape(sec: Section) -> bool:
    return sec.orient == "landscape" or (
        sec.width is not None and sec.height is not None and sec.width > sec.height
    )


def _allowed(side: str, value: int, sec: Section) -> bool:
    sides = (side, *TURNED[side]) if _landscape(sec) else (side,)
    return any(
        MARGINS[s][0] - MARGIN_TOLERANCE <= value <= MARGINS[s][1] + MARGIN_TOLERANCE
        for s in sides
    )


def _margin_rule(side: str) -> RuleCheck:
    lo, hi = MARGINS[side]

    def check(facts: DocumentFacts) -> Iterator[Issue]:
        for sec in facts.sections:
            value = sec.margins.get(side)
            if value is None or _allowed(side, value, sec):
                continue
            yield Issue(section_location(facts, sec.index), mm(value), f"{mm(lo)} đến {mm(hi)}")

    check.__doc__ = f"Lề {MARGIN_NAMES[side]} trong khoảng cho phép."
    return check


for _side, _words in (
    ("top", "trên 20–25 mm"),
    ("bottom", "dưới 20–25 mm"),
    ("left", "trái 30–35 mm"),
    ("right", "phải 15–20 mm"),
):
    rule(f"margin.{_side}", f"{PL1}, I.3", f"Lề {_words}")(_margin_rule(_side))


# Converters (PDF to Word, old Office) name a style of the face as a face of its own:
# "Times New Roman Bold", "TimesNewRomanPS-BoldMT", "Times New Roman,Italic".
_TIMES_FACE = re.compile(r"^timesnewroman(ps)?(bold|italic|oblique|regular)*(mt)?$")


def _font_ok(name: str) -> bool:
    """Times New Roman under any of the names converters give its faces."""
    return bool(_TIMES_FACE.match(re.sub(r"[^a-z]", "", name.lower())))


@rule("font.family", f"{PL1}, I.4", "Phông chữ phải là Times New Roman")
def check_font_family(facts: DocumentFacts) -> Iterator[Issue]:
    for para in facts.all_paragraphs:
        for run in para.runs:
            if not run.text.strip():
                continue
            for name in run.fonts:
                if not _font_ok(name):
                    yield Issue(
                        para_location(facts, para),
                        name,
                        TIMES,
                        excerpt(para.text),
                        para.index if para.where.kind not in ("header", "footer") else 10**9,
                        name,
                    )


@rule("font.color", f"{PL1}, I.4", "Chữ phải màu đen", WARNING)
def check_font_color(facts: DocumentFacts) -> Iterator[Issue]:
    for para in facts.all_paragraphs:
        for run in para.runs:
            color = (run.color or "auto").lower()
            if run.text.strip() and color not in ("auto", "000000"):
                yield Issue(
                    para_location(facts, para),
                    f"màu #{color.upper()}",
                    "màu đen",
                    excerpt(para.text),
                    para.index,
                    color,
                )
