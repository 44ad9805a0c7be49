"""The recognised parts of a document, and the cues the recognisers share.

Recognition goes by position and text, never by our templates' internals: the
cues here (Quốc hiệu, "Số:", the date line, type names of Phụ lục III,
"Kính gửi", "Nơi nhận", the first words of a signature block) work on
documents laid out by hand as well as on ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.check.paragraphs import Line, Paragraph, split_line
from generator.check.text import is_rule_text, text_width
from generator.domain.decree30 import DOC_TYPES, is_upper
from generator.domain.vietnamese import fold


@dataclass(frozen=True)
class RuleMark:
    """A horizontal rule under a line, and its length in twips when it can be measured."""

    kind: str  # border | shape | underline | underscores
    width: int | None


@dataclass
class Appendix:
    """A Phụ lục after the text (PL I, III.1): its heading, title and reference line."""

    heading: Line
    title: list[Line] = field(default_factory=list)
    reference: Line | None = None  # "(Kèm theo văn bản số … ngày …)"
    opens_section: bool = False  # the heading is the first text of its section
    typed_with_title: str | None = None  # "Phụ lục I: DANH MỤC …" typed as one line


@dataclass
class Anatomy:
    """The parts of the document, recognised by position and text."""

    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    tieu_ngu_rule: RuleMark | None = None
    agency: list[Line] = field(default_factory=list)
    agency_rule: RuleMark | None = None
    so: Line | None = None
    vv: list[Line] = field(default_factory=list)
    date: Line | None = None
    header_end: int = -1
    title: Line | None = None
    doc_type: str | None = None
    summary: list[Line] = field(default_factory=list)
    summary_rule: RuleMark | None = None
    kinh_gui: Line | None = None
    kinh_gui_items: list[Line] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    noi_nhan: Line | None = None
    noi_nhan_items: list[Line] = field(default_factory=list)
    authority: list[Line] = field(default_factory=list)
    signer: Line | None = None
    after_signer: list[Line] = field(default_factory=list)  # titles typed under the name
    sign_start: int | None = None
    layout_tables: set[int] = field(default_factory=set)
    appendices: list[Appendix] = field(default_factory=list)


# --------------------------------------------------------------------------- cues in the text

_TYPES_BY_FOLD = sorted(((fold(k), k) for k in DOC_TYPES), key=lambda kv: -len(kv[0]))

QH_FOLD = "CONG HOA XA HOI CHU NGHIA VIET NAM"
# The ký hiệu may still be a placeholder ("Số:      /…3...-...4...") in a draft or a sample.
_SO_LINE = re.compile(r"^\s*S[ốỐ]\s*[:.]?\s*[\d\s._…]*[/-]\s*[A-Za-zĐđ.…]", re.IGNORECASE)
_DATE_LINE = re.compile(r"ngày.{0,25}tháng.{0,25}năm\s*[\d._…]*\s*$", re.IGNORECASE)
_NUMERIC_DATE_LINE = re.compile(
    r"^[^,]{2,40},\s*ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\s*$", re.IGNORECASE
)
NOI_NHAN = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
KINH_GUI = re.compile(r"^\s*kính\s+gửi\b", re.IGNORECASE)
AUTHORITY_START = re.compile(
    r"^\s*(TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.|K/T|T/M|T/L|T/UQ|THAY MẶT|KÝ THAY|THỪA LỆNH|"
    r"CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TRƯỞNG|CHÁNH|TRƯỞNG|PHÓ|VIỆN TRƯỞNG|HIỆU TRƯỞNG)\b",
    re.IGNORECASE,
)


def doc_type_of(text: str) -> str | None:
    """The Phụ lục III type name a title line starts with, if any."""
    folded = fold(text).rstrip(":")
    for key, name in _TYPES_BY_FOLD:
        if folded == key or folded.startswith(key + " "):
            return name
    return None


def para_lines(p: Paragraph, tabs: bool = False) -> list[Line]:
    return split_line(p, tabs)


def first_line(p: Paragraph, tabs: bool = False) -> Line | None:
    lines = split_line(p, tabs)
    return lines[0] if lines else None


def is_qh(text: str) -> bool:
    """The Quốc hiệu line, misspelt or not; a sentence that quotes the name is not one."""
    f = fold(text)
    return QH_FOLD in f and len(f.strip()) <= len(QH_FOLD) + 12


def is_tn(text: str) -> bool:
    f = fold(text)
    return "DOC LAP" in f and "HANH PHUC" in f and len(f.strip()) <= 45


def is_so(text: str) -> bool:
    """ "Số: 12/KH-UBND", also misspelt ("Số 12-KH-UBND") so that its format can be reported."""
    return bool(_SO_LINE.match(text)) and len(text) < 70


def is_date(text: str) -> bool:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020", also "Hà Nội, ngày 05/01/2020" (a format error)."""
    return len(text) < 80 and bool(_DATE_LINE.search(text) or _NUMERIC_DATE_LINE.match(text))


def is_vv(text: str) -> bool:
    return fold(text).startswith("V/V")


def is_title(line: Line) -> bool:
    return doc_type_of(line.text) is not None and is_upper(line.text)


class Cursor:
    """Helpers over the flat paragraph list that the recognisers share."""

    def __init__(self, paras: list[Paragraph]) -> None:
        self.paras = paras

    def table_paras(self, table: int | None) -> list[Paragraph]:
        return [p for p in self.paras if p.in_table and p.where.table == table]

    def last_index_of_table(self, table: int | None) -> int:
        return max(p.index for p in self.table_paras(table))

    def after(self, index: int) -> list[Paragraph]:
        return [p for p in self.paras if p.index > index]


# --------------------------------------------------------------------------- rules under a line


def own_rule(p: Paragraph) -> RuleMark | None:
    """A rule drawn by the paragraph itself: its bottom border or an anchored line shape."""
    if p.border_bottom:
        return RuleMark("border", p.box_width)
    if p.shapes:
        return RuleMark("shape", p.shapes[0])
    return None


def rule_in_following(following: list[Paragraph]) -> RuleMark | None:
    """A rule drawn on the empty paragraphs right after a line, or typed as underscores.

    Generated and hand-made files alike often draw the rule as the bottom
    border of an empty paragraph of its own, narrowed by indents.
    """
    for q in following:
        if q.shapes:
            return RuleMark("shape", q.shapes[0])
        if q.border_top:
            return RuleMark("border", q.box_width)
        text = q.text.strip()
        if not text:
            if q.border_bottom:
                return RuleMark("border", q.box_width)
            continue
        first = first_line(q, tabs=True)
        if first is not None and is_rule_text(first.text):
            return RuleMark("underscores", text_width(first.runs))
        return None
    return None


def mostly(line: Line, attr: str) -> bool:
    """Whether most visible characters of a line have a boolean run attribute."""
    runs = line.visible_runs
    total = sum(len(r.text.strip()) for r in runs)
    on = sum(len(r.text.strip()) for r in runs if getattr(r, attr))
    return total > 0 and on * 2 > total
