"""Ô 6, the body: type, alignment, indents and spacing, headings I. / 1. / a), the căn cứ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from generator.check.paragraphs import Line, Paragraph, cut_line
from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    ALIGN_VI,
    PL1,
    all_on,
    any_on,
    body_location,
    in_range,
    sizes_of,
    sizes_text,
    style_words,
)
from generator.check.rules.registry import WARNING, Issue, rule
from generator.check.text import excerpt, text_width
from generator.domain.decree30 import is_upper
from generator.domain.vietnamese import fold
from generator.domain.vietnamese import roman as roman_numeral

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


A4_TEXT_WIDTH = 11906 - 1701 - 1134  # twips between the decree's widest margins


def fits_one_line(para: Paragraph) -> bool:
    """Whether the paragraph prints on a single line (Times New Roman metrics).

    A single line looks the same left-aligned or justified, and a centred one is a
    heading, a caption or a formula centred on purpose.
    """
    if "\n" in para.text.strip():
        return False
    box = para.box_width or A4_TEXT_WIDTH - para.left - para.right
    size = max((r.size or 14 for r in para.runs), default=14)
    label = len(para.label) * size * 10  # about half an em a character
    return text_width(para.runs) + label + max(para.first_line, 0) <= box


def is_end_mark(para: Paragraph) -> bool:
    """ "./." on a line of its own, as in the decree's own samples."""
    return para.text.strip() in ("./.", "/.")


@rule("body.align", f"{PL1}, II.6.e", "Nội dung văn bản canh đều cả hai lề")
def check_body_align(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.align in ("left", "center") and fits_one_line(para):
            continue
        if para.align != "both" and not is_structural(para):
            found = f"căn {ALIGN_VI.get(para.align, para.align)}"
            yield _body_issue(facts, para, found, "canh đều hai lề", found)


def first_line_start(para: Paragraph) -> int:
    """Where the first line starts, from the left margin (twips)."""
    return para.left + para.first_line


@rule("body.indent", f"{PL1}, II.6.e", "Chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm")
def check_body_indent(facts: DocumentFacts) -> Iterator[Issue]:
    for para in body_paragraphs(facts):
        if para.align == "center" or is_end_mark(para):
            continue
        start = first_line_start(para)
        if not any(abs(start - want) <= INDENT_TOLERANCE for want in FIRST_LINE):
            found = f"{start * 2.54 / 1440:.2f} cm".replace(".", ",")
            if start == 0 and para.text.startswith("\t"):
                found += " (lùi bằng phím Tab, không phải thụt lề đầu dòng)"
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


# Word's single line for Times New Roman is 1.15 times the type size (ascent, descent and
# line gap of the font), so an exact or minimum spacing in points is a number of lines.
SINGLE_LINE = 1.15
LINES = (1.0, 1.5)
LINE_TOLERANCE = 0.05  # the size that sets a line's height is estimated from its runs


def spacing_in_lines(para: Paragraph) -> float | None:
    """The paragraph's line spacing in lines of its type (None when not set)."""
    if para.line is None:
        return None
    if para.line_rule == "auto":
        return para.line / 240
    sizes = [s for s in sizes_of(para.runs) if s is not None]
    single = SINGLE_LINE * (max(sizes) if sizes else 14) * 20
    lines = para.line / single
    return max(lines, 1.0) if para.line_rule == "atLeast" else lines


@rule(
    "body.line-spacing",
    f"{PL1}, II.6.e",
    "Khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng (giãn cố định tính ra số dòng theo cỡ "
    "chữ)",
)
def check_body_line_spacing(facts: DocumentFacts) -> Iterator[Issue]:
    lo, hi = LINES
    for para in body_paragraphs(facts):
        lines = spacing_in_lines(para)
        if lines is None or para.line is None:
            continue
        if para.line_rule == "auto":
            bad = not 239 <= para.line <= 361
        else:
            bad = not lo - LINE_TOLERANCE <= lines <= hi + LINE_TOLERANCE
        if not bad:
            continue
        found = f"{lines:.2f} dòng".replace(".", ",")
        if para.line_rule != "auto":
            kind = "tối thiểu" if para.line_rule == "atLeast" else "cố định"
            found += f" ({kind} {para.line / 20:g} pt)".replace(".", ",")
        yield _body_issue(facts, para, found, "1–1,5 dòng", found)


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


def own_paragraphs(facts: DocumentFacts) -> list[Paragraph]:
    """Body paragraphs less the quotations: articles of a law cited word for word keep the
    numbering of the law, not of this document's sections.

    A quotation opens with a quotation mark at the start of a paragraph and runs
    until the matching mark, editors mixing straight and curly marks; a mark
    opened inside a sentence and never closed ends with its paragraph.
    """
    own: list[Paragraph] = []
    depth = 0
    for para in body_paragraphs(facts):
        text = para.text.strip()
        quoted = depth > 0 or text[:1] in '“«"'
        if not quoted:
            own.append(para)
        for ch in text:
            if ch in "“«":
                depth += 1
            elif ch in "”»":
                depth = max(0, depth - 1)
            elif ch == '"':
                depth = depth - 1 if depth else 1
        if not quoted:
            depth = 0
    return own


def headings(facts: DocumentFacts) -> list[Heading]:
    """Body paragraphs labelled I., 1., a) (or a wrong variant such as 1/ or a.)."""
    out: list[Heading] = []
    for para in own_paragraphs(facts):
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


# "Điều 1:" or "Điều 1 -": an article number followed by a mark other than the full stop.
_DIEU_WRONG = re.compile(r"^(?P<label>Điều\s+(?P<num>\d+)\s*(?P<punct>[:\-–)/,]))")


@rule(
    "heading.label",
    f"{PL1}, II.6.đ",
    "Số thứ tự điều, mục, khoản dùng dấu chấm (Điều 1., I., 1.); điểm dùng chữ cái và dấu đóng "
    "ngoặc đơn (a))",
)
def check_heading_label(facts: DocumentFacts) -> Iterator[Issue]:
    for h in headings(facts):
        if h.punct != _WANT_PUNCT[h.level]:
            want = h.label.rstrip(h.punct).strip() + _WANT_PUNCT[h.level]
            yield _body_issue(facts, h.para, h.label, f"{want} ({_LEVEL_NAME[h.level]})", h.label)
    for para in own_paragraphs(facts):
        match = _DIEU_WRONG.match(para.text.strip())
        if match:
            want = f"Điều {match.group('num')}. (điều)"
            yield _body_issue(facts, para, match.group("label"), want, "dieu")


def _heading_title(h: Heading) -> str:
    """The heading text after its label, up to a colon or a note in parentheses."""
    rest = h.para.text.strip()[len(h.label) :].strip()
    return re.split(r":|\s\(", rest)[0]


def _title_line(h: Heading) -> Line:
    """The label and title of a heading, without a note in parentheses after them
    ("III. NỘI DUNG HỒ SƠ (Tóm tắt giải pháp…)": the note may be lower case, italic)."""
    line = Line(h.para, h.para.runs, h.para.text)
    raw = "".join(r.text for r in h.para.runs)
    note = re.search(r"\s\(", raw)
    return cut_line(line, 0, note.start()) if note else line


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
        line = _title_line(h)
        upper = is_upper(title)
        if not upper or not all_on(line, "bold") or any_on(line, "italic"):
            found = style_words(line) + (", in hoa" if upper else ", in thường")
            yield _body_issue(facts, h.para, found, "in hoa, đứng, đậm", found)


_DIEU = re.compile(r"^Điều\s+\d+\s*[.:\-–)/,]")
_SUBSECTION = re.compile(r"^\d+(\.\d+)+\.?\s")  # "1.2. Kiểm tra kho": its points start at a)
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
    for para in own_paragraphs(facts):
        if _DIEU.match(para.text.strip()):
            last.pop("arabic", None)
            last.pop("letter", None)
            continue
        if _SUBSECTION.match(para.text.strip()):
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

    Only under a type name (the decree's căn cứ ban hành sit under the type name and
    trích yếu; in a công văn "Căn cứ …" paragraphs are its text), and for a Quyết
    định / Nghị quyết or when there are at least two such lines: elsewhere "Căn cứ …"
    often opens an ordinary sentence.
    """
    if facts.anatomy.title is None:
        return []
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
