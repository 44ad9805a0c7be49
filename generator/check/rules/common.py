"""What the rules of every part share: where a finding is, and how a value is said.

Locations name the part of the document in a clerk's words ("đầu văn bản
(ô 1)", "nội dung (ô 6), đoạn 3"); sizes are said the Vietnamese way
("12,5 pt"); styles in the decree's words ("đứng, đậm").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.check.anatomy import RuleMark
from generator.check.formatting import Run
from generator.check.paragraphs import Line, Paragraph, cut_line
from generator.check.reader import DocumentFacts
from generator.check.rules.registry import Issue
from generator.check.text import excerpt, text_width

PL1 = "Phụ lục I"

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
LOC_APPENDIX = "phụ lục"


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
    """Distinct effective sizes of the visible runs (raised marks aside), in order of first use."""
    return list(dict.fromkeys(r.size for r in runs if r.text.strip() and not r.raised))


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


def words_of(line: Line) -> Line:
    """The line from its first to its last letter or digit: a label's colon is left out."""
    raw = "".join(r.text for r in line.runs)
    letters = [i for i, c in enumerate(raw) if c.isalnum()]
    return cut_line(line, letters[0], letters[-1] + 1) if letters else line


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
    """How a line looks, in the decree's words (đứng/nghiêng, đậm, gạch chân).

    Partly italic or bold lines say so, so that a finding never reads "gặp: nghiêng,
    đậm; cần: nghiêng, đậm" when only the colon is upright.
    """
    italic = share(line, "italic")
    words = ["đứng" if italic == 0 else "nghiêng" if italic >= 0.999 else "nghiêng một phần"]
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
        ([anat.signer, *anat.after_signer], LOC_NAME),
    ):
        if any(ln is not None and ln.para is para for ln in lines):
            return where
    if any(p is para for p in anat.body):
        return body_location(facts, para)
    if anat.appendices and para.index >= anat.appendices[0].heading.para.index:
        return LOC_APPENDIX
    if anat.sign_start is not None and para.index >= anat.sign_start:
        return "chữ ký, nơi nhận"
    if para.in_table:
        return f"bảng {para.where.table + 1 if para.where.table is not None else ''}".strip()
    return f"đoạn {para.index + 1}"


# How a finding names an alignment: "căn trái", "căn đều hai lề".
ALIGN_VI = {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai lề"}


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
