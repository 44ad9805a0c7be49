"""The layout rules of Nghị định 30/2020/NĐ-CP, each a small function in a registry.

Why a registry: every rule has one id, one clause of the decree and one
severity, so a finding always says which clause it enforces, tests can break
exactly one rule at a time, and the list of rules documents itself
(``RULES``).  Values come from shared/reference/decree30.md (§2, §4, §6, §7,
§9); what that file marks advisory is a warning here, everything else an error.

A rule receives :class:`~generator.check.reader.DocumentFacts` (effective
formatting plus the recognised parts, "ô 1" … "ô 9b") and yields
:class:`Issue` objects; :func:`run_rules` turns them into :class:`Finding`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from generator.check.anatomy import RuleMark
from generator.check.formatting import TIMES, Run
from generator.check.paragraphs import Line, Paragraph
from generator.check.reader import DocumentFacts
from generator.check.sections import HeaderFooter
from generator.check.text import excerpt, text_width
from generator.domain.decree30 import ABBREVIATED_PLACE, DOC_TYPES, LUU, is_upper
from generator.domain.signing import ACADEMIC, BAD_PREFIX, prefix_fix
from generator.domain.vietnamese import fold
from generator.domain.vietnamese import roman as roman_numeral

ERROR = "error"
WARNING = "warning"

PL1 = "Phụ lục I"


@dataclass(frozen=True)
class Finding:
    """One departure from the decree, ready to print or serialise."""

    rule: str
    clause: str
    severity: str
    message: str
    location: str
    excerpt: str
    found: str
    expected: str
    position: int = -1

    def as_dict(self) -> dict[str, str]:
        """Plain fields for JSON output (the sort position is internal)."""
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message,
            "location": self.location,
            "excerpt": self.excerpt,
            "found": self.found,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class Issue:
    """What a rule function reports; ``group`` merges repeats (same value in many paragraphs)."""

    location: str
    found: str
    expected: str
    excerpt: str = ""
    position: int = -1
    group: str | None = None


RuleCheck = Callable[[DocumentFacts], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, clause, severity and the Vietnamese description."""

    id: str
    clause: str
    severity: str
    message: str
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, clause: str, message: str, severity: str = ERROR
) -> Callable[[RuleCheck], RuleCheck]:
    """Register a rule function under ``rule_id``."""

    def register(fn: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, clause, severity, message, fn)
        return fn

    return register


# --------------------------------------------------------------------------- locations and values

LOC_PAGE = "thiết lập trang"
LOC_QH = "đầu văn bản (ô 1)"
LOC_AGENCY = "đầu văn bản (ô 2)"
LOC_SO = "đầu văn bản (ô 3)"
LOC_DATE = "đầu văn bản (ô 4)"
LOC_TITLE = "tên loại, trích yếu (ô 5a)"
LOC_VV = "trích yếu công văn (ô 5b)"
LOC_KG = "kính gửi (ô 9a)"
LOC_SIGN = "chữ ký (ô 7a)"
LOC_NAME = "chữ ký (ô 7b)"
LOC_NN = "nơi nhận (ô 9b)"
LOC_HEADER = "đầu trang (header)"
LOC_FOOTER = "chân trang (footer)"


def pt(value: float | None) -> str:
    """A size in points the Vietnamese way ("12,5 pt")."""
    if value is None:
        return "không rõ"
    text = f"{value:g}".replace(".", ",")
    return f"{text} pt"


def mm(twips: int) -> str:
    """Twips as millimetres with one decimal and the raw value."""
    return f"{twips * 25.4 / 1440:.1f}".replace(".", ",") + f" mm ({twips} twip)"


def sizes_of(runs: Iterable[Run]) -> list[float | None]:
    """Distinct effective sizes of the visible runs, in order of first use."""
    return list(dict.fromkeys(r.size for r in runs if r.text.strip()))


def sizes_text(sizes: list[float | None]) -> str:
    return ", ".join(pt(s) for s in sizes)


def in_range(size: float | None, lo: float, hi: float) -> bool:
    return size is not None and lo - 0.01 <= size <= hi + 0.01


def visible(line: Line) -> tuple[Run, ...]:
    return line.visible_runs


def share(line: Line, attr: str) -> float:
    """Share of visible characters with a boolean run attribute (bold, italic…)."""
    runs = visible(line)
    total = sum(len(r.text.strip()) for r in runs)
    if total == 0:
        return 0.0
    return sum(len(r.text.strip()) for r in runs if getattr(r, attr)) / total


def all_on(line: Line, attr: str) -> bool:
    return share(line, attr) >= 0.999


def any_on(line: Line, attr: str) -> bool:
    return share(line, attr) > 0.0


def line_issue(
    line: Line, location: str, found: str, expected: str, group: str | None = None
) -> Issue:
    """An issue located at a recognised line."""
    return Issue(location, found, expected, excerpt(line.text), line.para.index, group)


def size_issue(line: Line | None, location: str, lo: float, hi: float) -> Iterator[Issue]:
    """Report a line whose visible runs are not all within [lo, hi] points."""
    if line is None:
        return
    sizes = sizes_of(visible(line))
    if sizes and not all(in_range(s, lo, hi) for s in sizes):
        want = pt(lo) if lo == hi else f"{pt(lo)[:-3]}–{pt(hi)}"
        yield line_issue(line, location, sizes_text(sizes), want)


def style_words(line: Line) -> str:
    """How a line looks, in the decree's words (đứng/nghiêng, đậm, gạch chân)."""
    words = ["nghiêng" if any_on(line, "italic") else "đứng"]
    if any_on(line, "bold"):
        words.append("đậm" if all_on(line, "bold") else "đậm một phần")
    if any_on(line, "underline"):
        words.append("gạch chân")
    return ", ".join(words)


def body_location(facts: DocumentFacts, para: Paragraph) -> str:
    """ "nội dung (ô 6), đoạn N" with N counted among the body's non-empty paragraphs."""
    for n, p in enumerate(facts.anatomy.body, start=1):
        if p is para:
            return f"nội dung (ô 6), đoạn {n}"
    return "nội dung (ô 6)"


def para_location(facts: DocumentFacts, para: Paragraph) -> str:
    """Where any paragraph is, in the terms a reader of the document uses."""
    anat = facts.anatomy
    if para.where.kind == "header":
        return LOC_HEADER
    if para.where.kind == "footer":
        return LOC_FOOTER
    if para.index <= anat.header_end:
        return "đầu văn bản"
    for lines, where in (
        ([anat.title, *anat.summary], LOC_TITLE),
        ([anat.kinh_gui, *anat.kinh_gui_items], LOC_KG),
        ([anat.noi_nhan, *anat.noi_nhan_items], LOC_NN),
        (anat.authority, LOC_SIGN),
        ([anat.signer], LOC_NAME),
    ):
        if any(ln is not None and ln.para is para for ln in lines):
            return where
    if any(p is para for p in anat.body):
        return body_location(facts, para)
    if anat.sign_start is not None and para.index >= anat.sign_start:
        return "chữ ký, nơi nhận"
    if para.in_table:
        return f"bảng {para.where.table + 1 if para.where.table is not None else ''}".strip()
    return f"đoạn {para.index + 1}"


# =================================================================================== page setup

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
        landscape = sec.orient == "landscape" or (
            sec.width is not None and sec.height is not None and sec.width > sec.height
        )
        content_tables = {
            p.where.table
            for p in facts.paragraphs
            if p.section == sec.index
            and p.in_table
            and p.where.table not in facts.anatomy.layout_tables
        }
        if landscape and not content_tables:
            yield Issue(section_location(facts, sec.index), "khổ ngang, không có bảng", "khổ dọc")


def _margin_rule(side: str) -> RuleCheck:
    lo, hi = MARGINS[side]

    def check(facts: DocumentFacts) -> Iterator[Issue]:
        for sec in facts.sections:
            value = sec.margins.get(side)
            if value is None:
                continue
            if not lo - MARGIN_TOLERANCE <= value <= hi + MARGIN_TOLERANCE:
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


def _font_ok(name: str) -> bool:
    return name.strip().lower() == TIMES.lower()


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


# ================================================================================= page numbers


def _header_parts(facts: DocumentFacts, attr: str) -> list[HeaderFooter]:
    """Distinct header (or footer) parts in use by any section."""
    seen: dict[str, HeaderFooter] = {}
    for sec in facts.sections:
        for hf in getattr(sec, attr).values():
            if hf is not None:
                seen.setdefault(hf.part, hf)
    return list(seen.values())


def _default_headers_with_page(facts: DocumentFacts) -> list[HeaderFooter]:
    return [
        hf
        for sec in facts.sections
        if (hf := sec.headers.get("default")) is not None and hf.page_paragraphs
    ]


@rule(
    "page-number.missing",
    f"{PL1}, I.7",
    "Văn bản nhiều trang phải đánh số trang (trường PAGE) ở đầu trang, canh giữa",
)
def check_page_number_missing(facts: DocumentFacts) -> Iterator[Issue]:
    if facts.estimated_pages < 2 or _default_headers_with_page(facts):
        return
    if any(hf.page_paragraphs for hf in _header_parts(facts, "footers")):
        return  # reported as page-number.footer
    if any(hf.page_paragraphs for hf in _header_parts(facts, "headers")):
        return  # only in the first-page header: reported as page-number.first-page
    yield Issue(
        LOC_HEADER,
        f"không có số trang (ước tính {facts.estimated_pages} trang)",
        "trường PAGE canh giữa trong đầu trang",
    )


@rule(
    "page-number.footer", f"{PL1}, I.7", "Số trang đặt trong phần lề trên, không đặt ở chân trang"
)
def check_page_number_footer(facts: DocumentFacts) -> Iterator[Issue]:
    for hf in _header_parts(facts, "footers"):
        for para in hf.page_paragraphs:
            yield Issue(
                LOC_FOOTER,
                "số trang ở chân trang",
                "số trang ở đầu trang (header), canh giữa",
                excerpt(para.text),
            )


@rule("page-number.position", f"{PL1}, I.7", "Số trang được canh giữa theo chiều ngang")
def check_page_number_position(facts: DocumentFacts) -> Iterator[Issue]:
    for hf in _header_parts(facts, "headers"):
        for para in hf.page_paragraphs:
            if not _centred(para):
                yield Issue(
                    LOC_HEADER,
                    f"căn {_ALIGN_VI.get(para.align, para.align)}",
                    "canh giữa",
                    excerpt(para.text),
                )


_ALIGN_VI = {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai lề"}


def _centred(para: Paragraph) -> bool:
    """Centred by alignment, or by a single tab to a centre tab stop (Word's Header style)."""
    if para.align == "center":
        return True
    leading = re.match(r"^\t+", "".join(r.text for r in para.runs))
    if leading is None:
        return False
    stops = [kind for kind, _pos in para.tabs]
    n = len(leading.group(0))
    return len(stops) >= n and stops[n - 1] == "center"


@rule("page-number.size", f"{PL1}, I.7", "Số trang cỡ chữ 13 đến 14, kiểu chữ đứng")
def check_page_number_size(facts: DocumentFacts) -> Iterator[Issue]:
    for hf in _header_parts(facts, "headers"):
        for para in hf.page_paragraphs:
            if not in_range(para.page_field_size, 13, 14) or para.page_field_italic:
                look = pt(para.page_field_size) + (", nghiêng" if para.page_field_italic else "")
                yield Issue(LOC_HEADER, look, "13–14 pt, đứng", excerpt(para.text))


@rule("page-number.first-page", f"{PL1}, I.7", "Không hiển thị số trang ở trang thứ nhất")
def check_page_number_first(facts: DocumentFacts) -> Iterator[Issue]:
    sec = facts.sections[0]
    if sec.title_page:
        first_h, first_f = sec.headers.get("first"), sec.footers.get("first")
        shown = [hf for hf in (first_h, first_f) if hf is not None and hf.page_paragraphs]
        if shown:
            yield Issue("trang 1", "trang đầu có số trang", "trang đầu không hiển thị số trang")
        return
    shown = [
        hf
        for hf in (sec.headers.get("default"), sec.footers.get("default"))
        if hf is not None and hf.page_paragraphs
    ]
    if shown:
        yield Issue(
            "trang 1",
            'số trang hiện cả ở trang đầu (không đặt "trang đầu khác")',
            "trang đầu không hiển thị số trang (titlePg)",
        )


# ===================================================================== ô 1: Quốc hiệu, Tiêu ngữ

QUOC_HIEU = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@rule("quoc-hieu.missing", f"{PL1}, II.1.a", "Thiếu Quốc hiệu ở đầu trang thứ nhất")
def check_qh_missing(facts: DocumentFacts) -> Iterator[Issue]:
    if facts.anatomy.quoc_hieu is None:
        yield Issue(
            LOC_QH, "không thấy dòng Quốc hiệu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", position=0
        )


@rule("quoc-hieu.text", f"{PL1}, II.1.a", "Quốc hiệu viết đúng, bằng chữ in hoa")
def check_qh_text(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.quoc_hieu
    if line is not None and re.sub(r"\s+", " ", line.text).strip() not in QUOC_HIEU:
        yield line_issue(line, LOC_QH, line.text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


@rule("quoc-hieu.size", f"{PL1}, II.1.a", "Quốc hiệu cỡ chữ 12 đến 13")
def check_qh_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.quoc_hieu, LOC_QH, 12, 13)


@rule("quoc-hieu.style", f"{PL1}, II.1.a", "Quốc hiệu kiểu chữ đứng, đậm")
def check_qh_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.quoc_hieu
    if line is not None and (not all_on(line, "bold") or any_on(line, "italic")):
        yield line_issue(line, LOC_QH, style_words(line), "đứng, đậm")


@rule("tieu-ngu.missing", f"{PL1}, II.1.b", "Thiếu Tiêu ngữ dưới Quốc hiệu")
def check_tn_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.tieu_ngu is None and anat.quoc_hieu is not None:
        yield line_issue(anat.quoc_hieu, LOC_QH, "không thấy dòng Tiêu ngữ", TIEU_NGU)


@rule(
    "tieu-ngu.text",
    f"{PL1}, II.1.b",
    "Tiêu ngữ viết đúng: chữ in thường, viết hoa chữ đầu cụm từ, gạch nối có cách chữ",
)
def check_tn_text(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.tieu_ngu
    if line is not None and line.text.strip() != TIEU_NGU:
        yield line_issue(line, LOC_QH, line.text.strip(), TIEU_NGU)


@rule("tieu-ngu.size", f"{PL1}, II.1.b", "Tiêu ngữ cỡ chữ 13 đến 14")
def check_tn_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.tieu_ngu, LOC_QH, 13, 14)


@rule("tieu-ngu.style", f"{PL1}, II.1.b", "Tiêu ngữ kiểu chữ đứng, đậm")
def check_tn_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.tieu_ngu
    if line is None:
        return
    if not all_on(line, "bold") or any_on(line, "italic"):
        yield line_issue(line, LOC_QH, style_words(line), "đứng, đậm")


@rule("tieu-ngu.rule", f"{PL1}, II.1.b", "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền")
def check_tn_rule(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.tieu_ngu is not None and not anat.tieu_ngu_rule:
        yield line_issue(
            anat.tieu_ngu,
            LOC_QH,
            "không có đường kẻ dưới Tiêu ngữ",
            "đường kẻ ngang nét liền, dài bằng dòng chữ",
        )


def _printed_width(line: Line) -> int:
    """Estimated width of a line as printed: a paragraph that wraps is as wide as its box."""
    width = text_width(line.visible_runs)
    box = line.para.box_width
    return min(width, box) if box else width


def rule_length_issue(
    mark: RuleMark | None, lines: list[Line], location: str, lo: float, hi: float, want: str
) -> Iterator[Issue]:
    """Compare a rule's length with the estimated width of the text above it (advisory).

    The text width is estimated from Times New Roman metrics, so the bounds
    are a little wider than the decree's and the finding is only a warning.
    """
    if mark is None or mark.width is None or not lines:
        return
    text = max(_printed_width(line) for line in lines)
    if text <= 0:
        return
    ratio = mark.width / text
    if not lo <= ratio <= hi:
        found = f"đường kẻ dài {mm(mark.width).split(' (')[0]}, khoảng {ratio * 100:.0f}% dòng chữ"
        yield line_issue(lines[-1], location, found, want)


@rule(
    "tieu-ngu.rule-length",
    f"{PL1}, II.1.b",
    "Đường kẻ dưới Tiêu ngữ dài bằng dòng chữ",
    WARNING,
)
def check_tn_rule_length(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    lines = [anat.tieu_ngu] if anat.tieu_ngu else []
    yield from rule_length_issue(
        anat.tieu_ngu_rule, lines, LOC_QH, 0.8, 1.25, "bằng độ dài dòng chữ"
    )


# ================================================================================== ô 2: agency


@rule("agency.missing", f"{PL1}, II.2", "Thiếu tên cơ quan, tổ chức ban hành văn bản")
def check_agency_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if not anat.agency and (anat.quoc_hieu is not None or anat.so is not None):
        yield Issue(
            LOC_AGENCY,
            "không thấy tên cơ quan ở góc trên bên trái",
            "tên cơ quan ban hành, chữ in hoa",
            position=0,
        )


@rule("agency.case", f"{PL1}, II.2.b", "Tên cơ quan trình bày bằng chữ in hoa")
def check_agency_case(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.agency:
        if not is_upper(line.text):
            yield line_issue(line, LOC_AGENCY, line.text, line.text.upper())


@rule("agency.size", f"{PL1}, II.2.b", "Tên cơ quan cỡ chữ 12 đến 13")
def check_agency_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.agency:
        yield from size_issue(line, LOC_AGENCY, 12, 13)


@rule(
    "agency.style",
    f"{PL1}, II.2.b",
    "Tên cơ quan ban hành in đậm; tên cơ quan chủ quản không đậm; kiểu chữ đứng",
)
def check_agency_style(facts: DocumentFacts) -> Iterator[Issue]:
    agency = facts.anatomy.agency
    if not agency:
        return
    for line in agency:
        if any_on(line, "italic"):
            yield line_issue(line, LOC_AGENCY, style_words(line), "đứng")
    if not all_on(agency[-1], "bold"):
        yield line_issue(
            agency[-1], LOC_AGENCY, style_words(agency[-1]), "đứng, đậm (cơ quan ban hành)"
        )
        return
    seen_bold = False
    for line in agency:
        if all_on(line, "bold"):
            seen_bold = True
        elif seen_bold:
            yield line_issue(line, LOC_AGENCY, style_words(line), "đứng, đậm (cơ quan ban hành)")


@rule("agency.rule", f"{PL1}, II.2.b", "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền")
def check_agency_rule(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.agency and not anat.agency_rule:
        yield line_issue(
            anat.agency[-1],
            LOC_AGENCY,
            "không có đường kẻ dưới tên cơ quan",
            "đường kẻ ngang nét liền, dài 1/3 đến 1/2 dòng chữ",
        )


def issuing_lines(agency: list[Line]) -> list[Line]:
    """The issuing agency's own lines: the bold lines (the last line when none is bold)."""
    bold = [ln for ln in agency if all_on(ln, "bold")]
    return bold or agency[-1:]


@rule(
    "agency.rule-length",
    f"{PL1}, II.2.b",
    "Đường kẻ dưới tên cơ quan dài từ 1/3 đến 1/2 dòng chữ",
    WARNING,
)
def check_agency_rule_length(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    yield from rule_length_issue(
        anat.agency_rule, issuing_lines(anat.agency), LOC_AGENCY, 0.28, 0.6, "1/3 đến 1/2 dòng chữ"
    )


# ============================================================================= ô 3: Số, ký hiệu

SO_STRICT = re.compile(
    r"^Số:\s*(?P<num>\d+|[\s._…]*)/(?P<sym>[0-9A-Za-zĐđ&]+(?:-[0-9A-Za-zĐđ&]+)+)$"
)


@rule("so.missing", f"{PL1}, II.3", "Thiếu số, ký hiệu của văn bản")
def check_so_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.so is None and (anat.quoc_hieu is not None or anat.agency):
        yield Issue(LOC_SO, 'không thấy dòng "Số:"', "Số: NN/ABC-XYZ", position=0)


@rule(
    "so.format",
    f"{PL1}, II.3.c",
    'Số, ký hiệu viết "Số: NN/ABC-XYZ": sau "Số" có dấu hai chấm, giữa số và ký hiệu có gạch chéo, '
    "giữa các nhóm chữ có gạch nối, không cách chữ",
)
def check_so_format(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is not None and not SO_STRICT.match(line.text.strip()):
        yield line_issue(
            line, LOC_SO, line.text.strip(), "Số: 15/QĐ-BNV (bản thảo: Số:      /QĐ-BNV)"
        )


@rule("so.number-zero", f"{PL1}, II.3.c", "Số nhỏ hơn 10 phải ghi thêm số 0 phía trước")
def check_so_zero(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is None:
        return
    match = re.match(r"^Số\s*:?\s*(\d+)\s*/", line.text.strip(), re.IGNORECASE)
    if match and len(match.group(1)) < 2:
        yield line_issue(line, LOC_SO, f"số {match.group(1)}", f"số 0{match.group(1)}")


@rule("so.size", f"{PL1}, II.3.c", "Số, ký hiệu cỡ chữ 13")
def check_so_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.so, LOC_SO, 13, 13)


@rule("so.style", f"{PL1}, II.3.c", "Số, ký hiệu kiểu chữ đứng, không đậm")
def check_so_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.so
    if line is not None and (any_on(line, "italic") or any_on(line, "bold")):
        yield line_issue(line, LOC_SO, style_words(line), "đứng, không đậm")


def symbol_of(line: Line | None) -> str | None:
    """The ký hiệu part of a "Số:" line (after the first slash)."""
    if line is None or "/" not in line.text:
        return None
    return line.text.split("/", 1)[1].strip()


TYPE_ABBREVIATIONS = set(DOC_TYPES.values())


@rule(
    "kyhieu.type",
    f"{PL1}, II.3.b; Phụ lục III",
    "Ký hiệu phải mở đầu bằng chữ viết tắt tên loại văn bản (công văn: không có chữ viết tắt tên "
    "loại)",
)
def check_kyhieu_type(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    symbol = symbol_of(anat.so)
    if anat.so is None or not symbol:
        return
    head = re.split(r"[-\s]", symbol)[0]
    if anat.doc_type is not None:
        want = DOC_TYPES[anat.doc_type]
        if head != want:
            yield line_issue(
                anat.so,
                LOC_SO,
                f"{head} (tên loại: {anat.doc_type})",
                f"{want}-… cho {anat.doc_type}",
            )
    elif anat.title is None and anat.vv and (head in TYPE_ABBREVIATIONS or head.upper() == "CV"):
        yield line_issue(
            anat.so,
            LOC_SO,
            f"{head} trong ký hiệu công văn",
            "chữ viết tắt tên cơ quan - đơn vị soạn thảo (vd. 05/BNV-VP)",
        )


# ==================================================================== ô 4: địa danh, ngày tháng

_DATE = re.compile(
    r"^(?P<place>[^,]+?)\s*,\s*ngày\s*(?P<day>\d+|[\s._…]*)\s*tháng\s*(?P<month>\d+|[\s._…]*)"
    r"\s*năm\s*(?P<year>\d{4}|[\s._…]*)\s*$"
)
def date_parts(line: Line | None) -> re.Match[str] | None:
    return _DATE.match(line.text.strip()) if line is not None else None


@rule("date.missing", f"{PL1}, II.4", "Thiếu địa danh và thời gian ban hành văn bản")
def check_date_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.date is None and anat.doc_type != "BIÊN BẢN" and (anat.quoc_hieu or anat.so):
        yield Issue(
            LOC_DATE,
            "không thấy dòng địa danh, ngày tháng năm",
            "Hà Nội, ngày 05 tháng 01 năm 2020",
            position=0,
        )


@rule(
    "date.format",
    f"{PL1}, II.4.b-c",
    'Địa danh, ngày tháng năm viết "Địa danh, ngày DD tháng MM năm YYYY", chữ đầu địa danh viết '
    "hoa",
)
def check_date_format(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is None:
        return
    match = date_parts(line)
    bad = match is None or not match.group("place")[:1].isupper()
    if match is not None and not bad:
        for part, hi in (("day", 31), ("month", 12)):
            value = match.group(part)
            if value.isdigit() and not 1 <= int(value) <= hi:
                bad = True
    if bad:
        yield line_issue(line, LOC_DATE, line.text.strip(), "Hà Nội, ngày 05 tháng 01 năm 2020")


@rule("date.day-zero", f"{PL1}, II.4.b", "Ngày nhỏ hơn 10 phải ghi thêm số 0 phía trước")
def check_date_day(facts: DocumentFacts) -> Iterator[Issue]:
    match = date_parts(facts.anatomy.date)
    if match is None or facts.anatomy.date is None:
        return
    day = match.group("day")
    if day.isdigit() and len(day) == 1:
        yield line_issue(facts.anatomy.date, LOC_DATE, f"ngày {day}", f"ngày 0{day}")


@rule(
    "date.month-zero",
    f"{PL1}, II.4.b",
    "Chỉ tháng 1, 2 ghi thêm số 0 (tháng 01, 02); tháng 3 đến 12 không có số 0 phía trước",
)
def check_date_month(facts: DocumentFacts) -> Iterator[Issue]:
    match = date_parts(facts.anatomy.date)
    if match is None or facts.anatomy.date is None:
        return
    month = match.group("month")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return
    want = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
    if month != want:
        yield line_issue(facts.anatomy.date, LOC_DATE, f"tháng {month}", f"tháng {want}")


@rule(
    "date.place-name",
    f"{PL1}, II.4.a",
    'Địa danh ghi tên gọi chính thức, đầy đủ (vd. "Thành phố Hồ Chí Minh", không viết tắt "TP. '
    'HCM")',
)
def check_date_place(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is None:
        return
    place = line.text.split(",")[0]
    if ABBREVIATED_PLACE.search(place):
        full = (
            "Thành phố Hồ Chí Minh"
            if "HCM" in place.upper() or "HỒ CHÍ MINH" in place.upper()
            else "tên đầy đủ của đơn vị hành chính"
        )
        yield line_issue(line, LOC_DATE, place.strip(), full)


@rule("date.size", f"{PL1}, II.4.c", "Địa danh, ngày tháng năm cỡ chữ 13 đến 14")
def check_date_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.date, LOC_DATE, 13, 14)


@rule("date.style", f"{PL1}, II.4.c", "Địa danh, ngày tháng năm kiểu chữ nghiêng, không đậm")
def check_date_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.date
    if line is not None and (not all_on(line, "italic") or any_on(line, "bold")):
        yield line_issue(line, LOC_DATE, style_words(line), "nghiêng, không đậm")


# ================================================================ ô 5: tên loại, trích yếu, V/v


@rule(
    "title.missing",
    f"{PL1}, II.5",
    'Thiếu tên loại văn bản (hoặc, với công văn, trích yếu "V/v …" dưới số, ký hiệu)',
)
def check_title_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.title is None and not anat.vv and (anat.quoc_hieu or anat.so):
        yield Issue(
            LOC_TITLE,
            "không thấy tên loại văn bản hay dòng V/v",
            'tên loại in hoa, đậm, canh giữa (vd. KẾ HOẠCH) hoặc "V/v …" với công văn',
            position=anat.header_end + 1,
        )


@rule("title.size", f"{PL1}, II.5.b", "Tên loại văn bản cỡ chữ 13 đến 14")
def check_title_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.title, LOC_TITLE, 13, 14)


@rule("title.style", f"{PL1}, II.5.b", "Tên loại văn bản chữ in hoa, kiểu chữ đứng, đậm")
def check_title_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.title
    if line is None:
        return
    upper = is_upper(line.text)
    if not upper or not all_on(line, "bold") or any_on(line, "italic"):
        found = style_words(line) + ("" if upper else ", in thường")
        yield line_issue(line, LOC_TITLE, found, "in hoa, đứng, đậm")


@rule("title.align", f"{PL1}, II.5.b", "Tên loại và trích yếu đặt canh giữa")
def check_title_align(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in [*([anat.title] if anat.title else []), *anat.summary]:
        if line.para.align != "center":
            yield line_issue(
                line,
                LOC_TITLE,
                f"căn {_ALIGN_VI.get(line.para.align, line.para.align)}",
                "canh giữa",
            )


@rule("summary.size", f"{PL1}, II.5.b", "Trích yếu nội dung cỡ chữ 13 đến 14")
def check_summary_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.summary:
        yield from size_issue(line, LOC_TITLE, 13, 14)


@rule("summary.style", f"{PL1}, II.5.b", "Trích yếu nội dung chữ in thường, kiểu chữ đứng, đậm")
def check_summary_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.summary:
        if not all_on(line, "bold") or any_on(line, "italic") or is_upper(line.text):
            look = style_words(line) + (", in hoa" if is_upper(line.text) else "")
            yield line_issue(line, LOC_TITLE, look, "in thường, đứng, đậm")


@rule("summary.rule", f"{PL1}, II.5.b", "Dưới trích yếu nội dung phải có đường kẻ ngang, nét liền")
def check_summary_rule(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.summary and not anat.summary_rule:
        yield line_issue(
            anat.summary[-1],
            LOC_TITLE,
            "không có đường kẻ dưới trích yếu",
            "đường kẻ ngang nét liền, dài 1/3 đến 1/2 dòng chữ",
        )


@rule(
    "summary.rule-length",
    f"{PL1}, II.5.b",
    "Đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 dòng chữ",
    WARNING,
)
def check_summary_rule_length(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    yield from rule_length_issue(
        anat.summary_rule, anat.summary, LOC_TITLE, 0.28, 0.6, "1/3 đến 1/2 dòng chữ"
    )


@rule("vv.size", f"{PL1}, II.5.b", "Trích yếu công văn (V/v) cỡ chữ 12 đến 13")
def check_vv_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.vv:
        yield from size_issue(line, LOC_VV, 12, 13)


@rule(
    "vv.style", f"{PL1}, II.5.b", "Trích yếu công văn (V/v) chữ in thường, kiểu chữ đứng, không đậm"
)
def check_vv_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.vv:
        if any_on(line, "italic") or any_on(line, "bold"):
            yield line_issue(line, LOC_VV, style_words(line), "đứng, không đậm")


# =============================================================================== ô 9a: Kính gửi


@rule(
    "kinh-gui.format",
    f"{PL1}, II.9.d",
    '"Kính gửi:" có dấu hai chấm; nhiều nơi nhận thì mỗi nơi một dòng "- …;", dòng cuối kết thúc '
    "bằng dấu chấm",
)
def check_kinh_gui_format(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    line = anat.kinh_gui
    if line is None:
        return
    if not re.match(r"^Kính gửi:", line.text):
        yield line_issue(line, LOC_KG, line.text, "Kính gửi: …")
    items = anat.kinh_gui_items
    for i, item in enumerate(items):
        last = i == len(items) - 1
        text = item.text.strip()
        want_end = "." if last else ";"
        if not text.startswith("-") or not text.endswith(want_end):
            yield line_issue(item, LOC_KG, text, f"- …{want_end}")


@rule("kinh-gui.size", f"{PL1}, II.9.d", '"Kính gửi" và tên nơi nhận cỡ chữ 13 đến 14')
def check_kinh_gui_size(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in [*([anat.kinh_gui] if anat.kinh_gui else []), *anat.kinh_gui_items]:
        yield from size_issue(line, LOC_KG, 13, 14)


@rule("kinh-gui.style", f"{PL1}, II.9.d", '"Kính gửi" và tên nơi nhận kiểu chữ đứng')
def check_kinh_gui_style(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in [*([anat.kinh_gui] if anat.kinh_gui else []), *anat.kinh_gui_items]:
        if any_on(line, "italic"):
            yield line_issue(line, LOC_KG, style_words(line), "đứng")


# ================================================================================ ô 6: nội dung

FIRST_LINE = (567, 720)
INDENT_TOLERANCE = 10
_STRUCTURAL = re.compile(r"^(Phần|Chương|Mục|Tiểu mục|PHẦN|CHƯƠNG|MỤC)\s+[\dIVXLC]+\b")


def is_structural(para: Paragraph) -> bool:
    """Centred lines the decree centres on purpose: QUYẾT ĐỊNH:, Chương I, titles in capitals."""
    text = para.text.strip()
    return para.align == "center" and (is_upper(text) or bool(_STRUCTURAL.match(text)))


def body_paragraphs(facts: DocumentFacts) -> list[Paragraph]:
    return facts.anatomy.body


def _body_issue(
    facts: DocumentFacts, para: Paragraph, found: str, expected: str, group: str | None
) -> Issue:
    return Issue(body_location(facts, para), found, expected, excerpt(para.text), para.index, group)


@rule("body.size", f"{PL1}, II.6.e", "Nội dung văn bản cỡ chữ 13 đến 14")
def check_body_size(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        sizes = sizes_of(para.runs)
        bad = [s for s in sizes if not in_range(s, 13, 14)]
        if bad:
            yield _body_issue(facts, para, sizes_text(bad), "13–14 pt", sizes_text(bad))


@rule("body.align", f"{PL1}, II.6.e", "Nội dung văn bản canh đều cả hai lề")
def check_body_align(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.align != "both" and not is_structural(para):
            found = f"căn {_ALIGN_VI.get(para.align, para.align)}"
            yield _body_issue(facts, para, found, "canh đều hai lề", found)


def first_line_start(para: Paragraph) -> int:
    """Where the first line starts, from the left margin (twips)."""
    return para.left + para.first_line


@rule("body.indent", f"{PL1}, II.6.e", "Chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm")
def check_body_indent(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.align == "center":
            continue
        start = first_line_start(para)
        if not any(abs(start - want) <= INDENT_TOLERANCE for want in FIRST_LINE):
            found = f"{start * 2.54 / 1440:.2f} cm".replace(".", ",")
            yield _body_issue(facts, para, found, "1 cm (567 twip) hoặc 1,27 cm (720 twip)", found)


@rule("body.spacing", f"{PL1}, II.6.e", "Khoảng cách giữa các đoạn văn tối thiểu 6 pt")
def check_body_spacing(facts: DocumentFacts) -> Iterator[Issue]:
    paras = facts.paragraphs
    body_ids = {id(p) for p in body_paragraphs(facts)}
    for prev, para in pairwise(paras):
        if id(para) not in body_ids or id(prev) not in body_ids:
            continue
        after = 0 if prev.contextual and prev.style_id == para.style_id else prev.after
        before = 0 if para.contextual and prev.style_id == para.style_id else para.before
        gap = after + before
        if gap < 120:
            found = f"{gap / 20:g} pt".replace(".", ",")
            yield _body_issue(facts, para, found, "≥ 6 pt (trước + sau đoạn)", "spacing")


@rule("body.line-spacing", f"{PL1}, II.6.e", "Khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
def check_body_line_spacing(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.line_rule != "auto" or para.line is None:
            continue
        if not 239 <= para.line <= 361:
            found = f"{para.line / 240:.2f} dòng".replace(".", ",")
            yield _body_issue(facts, para, found, "1–1,5 dòng", found)


@rule(
    "body.line-spacing-fixed",
    f"{PL1}, II.6.e",
    'Giãn dòng cố định (Exactly/At least): không đối chiếu được với "dòng đơn – 1,5 dòng", cần '
    "xem lại",
    WARNING,
)
def check_body_line_fixed(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.line_rule in ("exact", "atLeast") and para.line is not None:
            found = f"{para.line_rule} {para.line / 20:g} pt".replace(".", ",")
            yield _body_issue(facts, para, found, "giãn dòng theo bội số (1–1,5 dòng)", found)


@rule("body.size-consistency", f"{PL1}, II.6.e", "Nội dung nên dùng một cỡ chữ thống nhất", WARNING)
def check_body_consistency(facts: DocumentFacts) -> Iterator[Issue]:
    sizes: dict[float, Paragraph] = {}
    for para in body_paragraphs(facts):
        for size in sizes_of(para.runs):
            if size is not None and in_range(size, 13, 14):
                sizes.setdefault(size, para)
    if len(sizes) > 1:
        later = sorted(sizes.values(), key=lambda p: p.index)[-1]
        yield _body_issue(
            facts, later, sizes_text(sorted(sizes)), "một cỡ chữ (13 hoặc 14 pt)", "mix"
        )


@rule(
    "body.ending", "Phụ lục III (các mẫu văn bản)", 'Phần nội dung nên kết thúc bằng "./."', WARNING
)
def check_body_ending(facts: DocumentFacts) -> Iterator[Issue]:
    body = body_paragraphs(facts)
    if body and not body[-1].text.rstrip().endswith("./."):
        yield _body_issue(
            facts, body[-1], body[-1].text.rstrip()[-12:], 'kết thúc bằng "./."', "end"
        )


# --------------------------------------------------------------------------- headings I. / 1. / a)

_ROMAN_LABEL = re.compile(r"^(?P<num>[IVXLC]+)\s*(?P<punct>[./):\-])\s*(?=\S)")
_ARABIC_LABEL = re.compile(r"^(?P<num>\d{1,2})\s*(?P<punct>[./)])\s+(?=\D)")
_LETTER_LABEL = re.compile(r"^(?P<num>[a-zđ])\s*(?P<punct>[).]|/)\s+")
VIETNAMESE_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_ALL_LETTERS = [*VIETNAMESE_LETTERS, "f", "j", "w", "z"]
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    """Value of a well-formed Roman numeral, else None."""
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total if roman_numeral(total) == text else None


@dataclass(frozen=True)
class Heading:
    """A body paragraph that starts with a section label."""

    para: Paragraph
    level: str  # roman | arabic | letter
    value: int
    punct: str
    label: str


def headings(facts: DocumentFacts) -> list[Heading]:
    """Body paragraphs labelled I., 1., a) (or a wrong variant such as 1/ or a.)."""
    out: list[Heading] = []
    for para in body_paragraphs(facts):
        text = para.text.strip()
        if text.startswith("V/v"):
            continue
        roman = _ROMAN_LABEL.match(text)
        if roman and (value := roman_value(roman.group("num"))):
            out.append(Heading(para, "roman", value, roman.group("punct"), roman.group(0).strip()))
            continue
        arabic = _ARABIC_LABEL.match(text)
        if arabic:
            out.append(
                Heading(
                    para,
                    "arabic",
                    int(arabic.group("num")),
                    arabic.group("punct"),
                    arabic.group(0).strip(),
                )
            )
            continue
        letter = _LETTER_LABEL.match(text)
        if letter and letter.group("num") in _ALL_LETTERS:
            out.append(
                Heading(
                    para,
                    "letter",
                    _ALL_LETTERS.index(letter.group("num")) + 1,
                    letter.group("punct"),
                    letter.group(0).strip(),
                )
            )
    return out


_WANT_PUNCT = {"roman": ".", "arabic": ".", "letter": ")"}
_LEVEL_NAME = {"roman": "mục (I.)", "arabic": "khoản (1.)", "letter": "điểm (a))"}


@rule(
    "heading.label",
    f"{PL1}, II.6.đ",
    "Số thứ tự mục, khoản dùng dấu chấm (I., 1.); điểm dùng chữ cái và dấu đóng ngoặc đơn (a))",
)
def check_heading_label(facts: DocumentFacts) -> Iterator[Issue]:
    for h in headings(facts):
        if h.punct != _WANT_PUNCT[h.level]:
            want = h.label.rstrip(h.punct).strip() + _WANT_PUNCT[h.level]
            yield _body_issue(facts, h.para, h.label, f"{want} ({_LEVEL_NAME[h.level]})", h.label)


def _heading_title(h: Heading) -> str:
    """The heading text after its label, up to a colon (the title part)."""
    rest = h.para.text.strip()[len(h.label) :].strip()
    return rest.split(":")[0]


@rule(
    "heading.level1",
    f"{PL1}, II.6.đ; Mục V",
    "Tiêu đề mục (I., II., …) trình bày bằng chữ in hoa, kiểu chữ đứng, đậm",
)
def check_heading_level1(facts: DocumentFacts) -> Iterator[Issue]:
    for h in headings(facts):
        if h.level != "roman" or h.punct != ".":
            continue
        title = _heading_title(h)
        line = Line(h.para, h.para.runs, h.para.text)
        upper = is_upper(title)
        if not upper or not all_on(line, "bold") or any_on(line, "italic"):
            found = style_words(line) + (", in hoa" if upper else ", in thường")
            yield _body_issue(facts, h.para, found, "in hoa, đứng, đậm", found)


_DIEU = re.compile(r"^Điều\s+\d+")
_RESETS = {"roman": ("arabic", "letter"), "arabic": ("letter",), "letter": ()}


def _expected_label(level: str, value: int) -> str:
    """The label that should come next at a level."""
    if level == "letter":
        return (
            VIETNAMESE_LETTERS[value - 1] + ")"
            if value <= len(VIETNAMESE_LETTERS)
            else "chữ cái tiếng Việt"
        )
    if level == "roman":
        return roman_numeral(value) + "."
    return f"{value}."


@rule(
    "heading.sequence",
    f"{PL1}, II.6.đ",
    "Số thứ tự mục, khoản, điểm nối tiếp nhau; điểm theo bảng chữ cái tiếng Việt (a, b, c, d, đ, "
    "e, g…)",
    WARNING,
)
def check_heading_sequence(facts: DocumentFacts) -> Iterator[Issue]:
    last: dict[str, int] = {}
    by_para = {id(h.para): h for h in headings(facts)}
    for para in body_paragraphs(facts):
        if _DIEU.match(para.text.strip()):
            last.pop("arabic", None)
            last.pop("letter", None)
            continue
        h = by_para.get(id(para))
        if h is None:
            continue
        want = last.get(h.level, 0) + 1
        if h.value != want:
            yield _body_issue(facts, h.para, h.label, _expected_label(h.level, want), None)
        last[h.level] = h.value
        for deeper in _RESETS[h.level]:
            last.pop(deeper, None)


# --------------------------------------------------------------------------- căn cứ


def can_cu_block(facts: DocumentFacts) -> list[Paragraph]:
    """The legal bases under the title: consecutive "Căn cứ …" lines and the "Theo đề nghị …" line.

    Only for Quyết định / Nghị quyết, or when there are at least two such lines:
    elsewhere "Căn cứ …" often opens an ordinary sentence.
    """
    body = body_paragraphs(facts)
    start = next((i for i, p in enumerate(body[:8]) if fold(p.text).startswith("CAN CU")), None)
    if start is None:
        return []
    block: list[Paragraph] = []
    for para in body[start:]:
        head = fold(para.text)
        if head.startswith(("CAN CU", "THEO DE NGHI", "XET DE NGHI")):
            block.append(para)
        else:
            break
    is_decision = facts.anatomy.doc_type in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT")
    return (
        block if is_decision or sum(fold(p.text).startswith("CAN CU") for p in block) >= 2 else []
    )


@rule(
    "can-cu.style",
    f"{PL1}, II.6.a",
    "Căn cứ ban hành văn bản trình bày bằng chữ in thường, kiểu chữ nghiêng",
)
def check_can_cu_style(facts: DocumentFacts) -> Iterator[Issue]:
    for para in can_cu_block(facts):
        line = Line(para, para.runs, para.text)
        if not all_on(line, "italic"):
            yield _body_issue(facts, para, style_words(line), "nghiêng", "style")


@rule(
    "can-cu.punctuation",
    f"{PL1}, II.6.a",
    "Sau mỗi căn cứ xuống dòng, cuối dòng có dấu chấm phẩy; dòng cuối cùng kết thúc bằng dấu chấm",
)
def check_can_cu_punct(facts: DocumentFacts) -> Iterator[Issue]:
    block = can_cu_block(facts)
    for i, para in enumerate(block):
        want = "." if i == len(block) - 1 else ";"
        text = para.text.rstrip()
        if not text.endswith(want):
            yield _body_issue(
                facts, para, f'kết thúc bằng "{text[-1:]}"', f'kết thúc bằng "{want}"', None
            )


# ================================================================================== ô 7: chữ ký

@rule("sign.missing", f"{PL1}, II.7", "Thiếu quyền hạn, chức vụ hoặc họ tên người ký")
def check_sign_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if not anat.authority:
        yield Issue(
            LOC_SIGN,
            "không thấy khối chữ ký (chức vụ, họ tên)",
            "QUYỀN HẠN, CHỨC VỤ / Họ tên người ký",
            position=anat.sign_start or 10**8,
        )
    elif anat.signer is None:
        yield line_issue(
            anat.authority[-1], LOC_NAME, "không thấy họ tên người ký", "Họ tên người ký"
        )


@rule(
    "sign.prefix",
    f"{PL1}, II.7.b",
    "Quyền hạn người ký chỉ viết tắt TM., Q., KT., TL., TUQ. (có dấu chấm)",
)
def check_sign_prefix(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.authority:
        match = BAD_PREFIX.match(line.text.strip())
        if match:
            bad = match.group("bad")
            yield line_issue(
                line,
                LOC_SIGN,
                line.text.strip(),
                prefix_fix(bad) + " " + line.text.strip()[len(bad) :].strip(),
            )


@rule(
    "sign.authority-style",
    f"{PL1}, II.7.đ",
    "Quyền hạn, chức vụ người ký chữ in hoa, kiểu chữ đứng, đậm",
)
def check_sign_authority_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.authority:
        upper = is_upper(line.text)
        if not upper or not all_on(line, "bold") or any_on(line, "italic"):
            found = style_words(line) + ("" if upper else ", in thường")
            yield line_issue(line, LOC_SIGN, found, "in hoa, đứng, đậm")


@rule("sign.size", f"{PL1}, II.7.đ", "Quyền hạn, chức vụ, họ tên người ký cỡ chữ 13 đến 14")
def check_sign_size(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in anat.authority:
        yield from size_issue(line, LOC_SIGN, 13, 14)
    if anat.signer is not None:
        yield from size_issue(anat.signer, LOC_NAME, 13, 14)


@rule("sign.name-style", f"{PL1}, II.7.đ", "Họ tên người ký chữ in thường, kiểu chữ đứng, đậm")
def check_sign_name_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.signer
    if line is None:
        return
    upper = is_upper(line.text)
    if upper or not all_on(line, "bold") or any_on(line, "italic"):
        yield line_issue(
            line,
            LOC_NAME,
            style_words(line) + (", in hoa" if upper else ""),
            "in thường (viết hoa chữ đầu), đứng, đậm",
        )


@rule(
    "sign.academic-title",
    f"{PL1}, II.7.c",
    "Trước họ tên người ký không ghi học hàm, học vị, danh hiệu",
)
def check_sign_academic(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.signer
    if line is not None:
        match = ACADEMIC.match(line.text.strip())
        if match:
            yield line_issue(
                line, LOC_NAME, match.group(0).strip(), line.text.strip()[len(match.group(0)) :]
            )


# =============================================================================== ô 9b: Nơi nhận

@rule("noi-nhan.missing", f"{PL1}, II.9", 'Thiếu phần "Nơi nhận"')
def check_nn_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.noi_nhan is None and (anat.quoc_hieu or anat.so):
        yield Issue(
            LOC_NN,
            'không thấy "Nơi nhận:"',
            'Nơi nhận: và danh sách, dòng cuối "- Lưu: VT, …."',
            position=anat.sign_start or 10**8,
        )


@rule("noi-nhan.label", f"{PL1}, II.9.d", 'Từ "Nơi nhận" chữ in thường, sau có dấu hai chấm')
def check_nn_label(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.noi_nhan
    if line is not None and line.text.strip() != "Nơi nhận:":
        yield line_issue(line, LOC_NN, line.text.strip(), "Nơi nhận:")


@rule("noi-nhan.size", f"{PL1}, II.9.d", '"Nơi nhận" cỡ chữ 12')
def check_nn_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.noi_nhan, LOC_NN, 12, 12)


@rule("noi-nhan.style", f"{PL1}, II.9.d", '"Nơi nhận" kiểu chữ nghiêng, đậm, không gạch chân')
def check_nn_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.noi_nhan
    if line is None:
        return
    if not all_on(line, "bold") or not all_on(line, "italic") or any_on(line, "underline"):
        yield line_issue(line, LOC_NN, style_words(line), "nghiêng, đậm")


@rule("noi-nhan.list-size", f"{PL1}, II.9.d", "Danh sách nơi nhận cỡ chữ 11")
def check_nn_list_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.noi_nhan_items:
        for issue in size_issue(line, LOC_NN, 11, 11):
            yield Issue(
                issue.location,
                issue.found,
                issue.expected,
                issue.excerpt,
                issue.position,
                issue.found,
            )


@rule("noi-nhan.list-style", f"{PL1}, II.9.d", "Danh sách nơi nhận kiểu chữ đứng, không đậm")
def check_nn_list_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.noi_nhan_items:
        if any_on(line, "italic") or any_on(line, "bold"):
            found = style_words(line)
            yield line_issue(line, LOC_NN, found, "đứng, không đậm", found)


@rule(
    "noi-nhan.item",
    f"{PL1}, II.9.d",
    "Mỗi nơi nhận một dòng, đầu dòng có gạch đầu dòng (-), cuối dòng có dấu chấm phẩy (;)",
)
def check_nn_item(facts: DocumentFacts) -> Iterator[Issue]:
    items = facts.anatomy.noi_nhan_items
    for line in items[:-1]:
        text = line.text.strip()
        if not text.startswith("-") or not text.endswith(";"):
            yield line_issue(line, LOC_NN, text, "- …;")


@rule(
    "noi-nhan.luu",
    f"{PL1}, II.9.d",
    'Dòng cuối nơi nhận là "- Lưu: VT, <đơn vị soạn thảo>." kết thúc bằng dấu chấm',
)
def check_nn_luu(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.noi_nhan is None:
        return
    items = anat.noi_nhan_items
    if not items:
        yield line_issue(anat.noi_nhan, LOC_NN, "danh sách nơi nhận trống", "- …; … - Lưu: VT, ….")
    elif not LUU.match(items[-1].text.strip()):
        yield line_issue(items[-1], LOC_NN, items[-1].text.strip(), "- Lưu: VT, ABC.")


@rule(
    "noi-nhan.nhu-tren",
    f"{PL1}, II.9.b",
    'Văn bản có "Kính gửi" (công văn, tờ trình, báo cáo): nơi nhận mở đầu bằng "- Như trên;"',
)
def check_nn_nhu_tren(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.kinh_gui is None or not anat.noi_nhan_items:
        return
    first = anat.noi_nhan_items[0]
    if not fold(first.text).lstrip("- ").startswith("NHU TREN"):
        yield line_issue(first, LOC_NN, first.text.strip(), "- Như trên;")


# ============================================================================ running the rules


def _merge(rule_def: Rule, issues: list[Issue]) -> list[Finding]:
    """One finding per issue, except that issues sharing a group collapse into one with a count."""
    grouped: dict[str, list[Issue]] = {}
    singles: list[Issue] = []
    for issue in issues:
        if issue.group is None:
            singles.append(issue)
        else:
            grouped.setdefault(issue.group, []).append(issue)
    merged = singles + [
        Issue(
            group[0].location + (f" (và {len(group) - 1} chỗ khác)" if len(group) > 1 else ""),
            group[0].found,
            group[0].expected,
            group[0].excerpt,
            group[0].position,
        )
        for group in grouped.values()
    ]
    return [
        Finding(
            rule_def.id,
            rule_def.clause,
            rule_def.severity,
            rule_def.message,
            i.location,
            i.excerpt,
            i.found,
            i.expected,
            i.position,
        )
        for i in merged
    ]


def run_rules(facts: DocumentFacts, only: Iterable[str] | None = None) -> list[Finding]:
    """Every registered rule over one document; findings in document order."""
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    order = {rid: n for n, rid in enumerate(RULES)}
    for rule_def in RULES.values():
        if wanted is not None and rule_def.id not in wanted:
            continue
        findings += _merge(rule_def, list(rule_def.check(facts)))
    return sorted(findings, key=lambda f: (f.position, order[f.rule]))
