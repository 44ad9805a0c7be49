"""What the printed pages show (issue 11, point 6): read from the generated .docx, and from
its PDF when LibreOffice is installed.

Headings stay with their text, the signature page carries body text, titles break
between phrases, the plan attached to a Quyết định has its own header and no signature.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.commands.main import main
from generator.compose.context import build_context
from generator.config.province import load_province
from generator.domain.line_breaks import OPENERS, WORDS, phrase_lines
from generator.domain.metrics import text_width
from generator.domain.model import DOCUMENT_KINDS
from generator.output.pdf import convert
from tests.docx_inspect import clean

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ["long-an", "tuyen-quang", "tay-ninh"]
KINDS = list(DOCUMENT_KINDS)
LETTERS = [k for k, kind in DOCUMENT_KINDS.items() if kind.is_letter]
HAVE_OFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
HEADING_STYLES = ("VB Muc", "VB Khoan", "VB Tieu khoan")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "out"
    assert main(["build", *PROVINCES, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdfs(built: Path) -> Path:
    """Every generated document as PDF, beside its .docx (one LibreOffice run)."""
    if not HAVE_OFFICE:
        pytest.skip("cần LibreOffice và pdftotext để dựng trang")
    convert(sorted(built.glob("*/*.docx")))
    return built


def context(province: str, kind: str) -> dict:
    model = load_province(ROOT / "provinces" / f"{province}.yaml", ROOT / "provinces" / "shared")
    return build_context(model, kind)


def keeps_with_next(paragraph: Paragraph) -> bool:
    """Keep-with-next as Word resolves it: the paragraph's own setting, else its styles'."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def body_paragraphs(document: DocumentObject) -> list[Paragraph]:
    return [Paragraph(p, document) for p in document.element.body.iterchildren(qn("w:p"))]


def page_texts(pdf: Path) -> list[list[str]]:
    """The non-empty text lines of each page, as pdftotext lays them out."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]


# --- a heading never ends a page ------------------------------------------------------------

@pytest.mark.parametrize("template", sorted((ROOT / "templates").glob("*.docx")),
                         ids=lambda p: p.stem)
def test_heading_styles_keep_with_next_and_widows_are_controlled(template: Path) -> None:
    document = Document(str(template))
    styles = {style.name: style for style in document.styles}
    for name in HEADING_STYLES:
        assert styles[name].paragraph_format.keep_with_next is True, name
    assert styles["Normal"].paragraph_format.widow_control is True


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", ["ke-hoach", "quyet-dinh-ban-hanh", "huong-dan-nam"])
def test_every_heading_is_kept_with_the_paragraph_after_it(built: Path, province: str,
                                                           kind: str) -> None:
    values = context(province, kind)
    bodies = [values.get("body", []), values.get("attached", {}).get("body", [])]
    headings = [block["text"] for body in bodies for block in body
                if block["kind"].startswith("heading")]
    assert headings
    document = Document(str(built / province / f"{kind}.docx"))
    paragraphs = body_paragraphs(document)
    by_text: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        by_text.setdefault(clean(paragraph.text), []).append(paragraph)
    for heading in headings:
        for paragraph in by_text[clean(heading)]:
            assert keeps_with_next(paragraph), heading


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", ["ke-hoach", *LETTERS])
def test_the_last_two_paragraphs_go_with_the_signature(built: Path, province: str,
                                                       kind: str) -> None:
    document = Document(str(built / province / f"{kind}.docx"))
    children = list(document.element.body.iterchildren())
    signature = max(i for i, c in enumerate(children) if c.tag == qn("w:tbl"))
    last_two = [Paragraph(c, document) for c in children[signature - 2:signature]]
    assert all(keeps_with_next(p) for p in last_two)
    assert clean(last_two[-1].text).endswith("./.")


@pytest.mark.skipif(not HAVE_OFFICE, reason="cần LibreOffice và pdftotext")
def test_no_printed_page_ends_with_a_heading_or_leaves_the_signature_alone(pdfs: Path) -> None:
    stranded, lonely = [], []
    for docx in sorted(pdfs.glob("*/*.docx")):
        document = Document(str(docx))
        headings = [clean(p.text) for p in body_paragraphs(document)
                    if p.style.name in HEADING_STYLES]
        pages = page_texts(docx.with_suffix(".pdf"))
        # The annex's cells name departments as the headings of section IV do.
        annex = next((i for i, lines in enumerate(pages) if "Phụ lục" in lines), len(pages))
        for number, lines in enumerate(pages[:annex - 1], start=1):
            if any(heading.endswith(lines[-1]) for heading in headings):
                stranded.append((docx.parent.name, docx.stem, number, lines[-1]))
        signature_page = next(i for i, lines in enumerate(pages)
                              if any(line.startswith("Nơi nhận") for line in lines))
        if signature_page > 0:
            lines = pages[signature_page]
            above = lines[:next(i for i, line in enumerate(lines)
                                if line.startswith("Nơi nhận"))]
            # The page number, then at least two lines of the body's text.
            if len([line for line in above if not re.fullmatch(r"\d+", line)]) < 2:
                lonely.append((docx.parent.name, docx.stem, signature_page + 1))
    assert stranded == [] and lonely == []


# --- titles break between phrases -------------------------------------------------------------

# The breaks the văn thư found inside a word (S4, S5), as "last word / first word" pairs.
SPLIT_WORDS = {("Chính", "phủ"), ("địa", "bàn"), ("giai", "đoạn"), ("trẻ", "em")}


def test_phrase_lines_breaks_before_phrases_never_inside_a_word() -> None:
    box, text_width_twips = 3866, 9355
    assert phrase_lines("V/v thực hiện Chỉ thị số 23/CT-TTg ngày 26/5/2020 của Thủ tướng "
                        "Chính phủ", box, 12).split("\n") == [
        "V/v thực hiện Chỉ thị số 23/CT-TTg", "ngày 26/5/2020", "của Thủ tướng Chính phủ"]
    assert phrase_lines("Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021-2030 trên "
                        "địa bàn tỉnh", text_width_twips, 14, True).split("\n") == [
        "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021-2030", "trên địa bàn tỉnh"]
    # A name, a number and a range stay whole.
    for line in phrase_lines("Ban hành Kế hoạch thực hiện Chương trình hành động vì trẻ em giai "
                             "đoạn 2026 - 2030 trên địa bàn thành phố Hồ Chí Minh", 5000, 14,
                             True).split("\n"):
        assert not line.startswith(("Chí", "Minh", "-", "2030", "phố", "Hồ")), line


def test_phrase_lines_keeps_short_texts_and_the_authors_breaks() -> None:
    short = "V/v hướng dẫn công tác trẻ em"
    assert phrase_lines(short, 3866, 12) == short
    assert phrase_lines("V/v xây dựng\nKế hoạch năm 2026", 3866, 12) == \
        "V/v xây dựng\nKế hoạch năm 2026"
    # A no-break space holds its words together, as it does in Word.
    held = phrase_lines("V/v hướng dẫn thực hiện công tác trẻ\u00a0em năm 2026 của Sở", 3866, 12)
    assert "trẻ\u00a0em" in held
    with pytest.raises(ValueError, match="số dương"):
        phrase_lines("V/v", 0, 12)


def _resolved(paragraph: Paragraph, name: str) -> object:
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return value
        style = style.base_style
    return None


def _line_width(paragraph: Paragraph, document: DocumentObject) -> int:
    """The width the paragraph's lines may take: its table cell's less the side padding,
    or the page's text width, as the .docx says."""
    cell = next(paragraph._p.iterancestors(qn("w:tc")), None)
    section = document.sections[0]
    if cell is None:
        return int((section.page_width - section.left_margin - section.right_margin) / 635)
    table = next(cell.iterancestors(qn("w:tbl")))
    margins = table.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    sides = sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
    return int(cell.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) - sides


def _greedy_lines(text: str, width: float, size: float, bold: bool) -> int:
    """How many lines a renderer needs when it wraps at any space."""
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold) > width:
            lines, current = lines + 1, word
        else:
            current = candidate
    return lines


TITLE_STYLES = ("VB Trich yeu", "VB Trich yeu cong van", "VB Kem theo", "VB Tieu de phu luc")


def titles(document: DocumentObject) -> list[Paragraph]:
    """The V/v line of a công văn, every trích yếu (the plan's, the decision's and the
    attached plan's), and the reference and title lines of the attachment and Phụ lục."""
    cells = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
    return [p for p in cells if p.style.name in TITLE_STYLES and p.text.strip()]


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", KINDS)
def test_titles_break_between_phrases_in_the_fewest_lines(built: Path, province: str,
                                                          kind: str) -> None:
    document = Document(str(built / province / f"{kind}.docx"))
    found = titles(document)
    assert len(found) == {"quyet-dinh-ban-hanh": 5, "bao-cao": 3}.get(kind, 1)
    for paragraph in found:
        if "\n" not in paragraph.text and paragraph.style.name in TITLE_STYLES[2:]:
            continue  # a reference or annex title that fits on one line
        lines = paragraph.text.split("\n")
        width = _line_width(paragraph, document)
        size, bold = _resolved(paragraph, "size").pt, bool(_resolved(paragraph, "bold"))
        assert len(lines) == _greedy_lines(" ".join(lines), width, size, bold) > 1
        for line in lines:
            assert text_width(line, size, bold) <= width, line
        for before, after in itertools.pairwise(lines):
            assert (before.split()[-1], after.split()[0]) not in SPLIT_WORDS
            assert " ".join([before.split()[-1], after.split()[0]]).casefold() not in WORDS
            assert after.split()[0].casefold() in {o.split()[0] for o in OPENERS} \
                or after[:1].isupper(), (before, after)


@pytest.mark.skipif(not HAVE_OFFICE, reason="cần LibreOffice và pdftotext")
def test_printed_titles_have_exactly_the_lines_of_the_docx(pdfs: Path) -> None:
    for docx in sorted(pdfs.glob("*/*.docx")):
        printed = [clean(line) for page in page_texts(docx.with_suffix(".pdf")) for line in page]
        for paragraph in titles(Document(str(docx))):
            for line in paragraph.text.split("\n"):
                # Whole on one printed line (beside the other header column, maybe).
                assert any(clean(line) in text for text in printed), (docx.stem, line)


def test_a_province_chooses_its_own_line_end_with_a_bar(tmp_path: Path) -> None:
    text = (ROOT / "provinces" / "tuyen-quang.yaml").read_text(encoding="utf-8")
    anchor = "      contact_unit: Phòng Bảo vệ"
    assert anchor in text
    path = tmp_path / "tuyen-quang.yaml"
    path.write_text(text.replace(anchor, "      subject: xây dựng Kế hoạch | thực hiện "
                                         "Chương trình hành động vì trẻ em năm 2021\n" + anchor),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(path), "--doc", "cong-van-xay-dung-ke-hoach", "--out",
                 str(out)]) == 0
    document = Document(str(out / "tuyen-quang" / "cong-van-xay-dung-ke-hoach.docx"))
    (subject,) = titles(document)
    # The province's line end, then the rest broken between phrases as before.
    assert subject.text.split("\n") == ["V/v xây dựng Kế hoạch",
                                        "thực hiện Chương trình hành động",
                                        "vì trẻ em năm 2021"]
    assert "|" not in subject.text


# --- the plan attached to a Quyết định ------------------------------------------------------------

def _section_blocks(document: DocumentObject) -> list[list[object]]:
    """The body's blocks (paragraphs and tables) section by section."""
    sections: list[list[object]] = [[]]
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:sectPr"):
            continue
        sections[-1].append(child)
        if child.tag == qn("w:p") and child.find(qn("w:pPr")) is not None \
                and child.find(qn("w:pPr")).find(qn("w:sectPr")) is not None:
            sections.append([])
    return sections


def _text(element: object) -> str:
    return clean(" ".join(t.text or "" for t in element.iter(qn("w:t"))))  # type: ignore[attr-defined]


@pytest.mark.parametrize("province", PROVINCES)
def test_attached_plan_has_its_own_header_and_no_signature(built: Path, province: str) -> None:
    document = Document(str(built / province / "quyet-dinh-ban-hanh.docx"))
    decision, attached, annex = _section_blocks(document)
    header = decision[0]
    assert header.tag == qn("w:tbl")
    agency_and_motto = _text(header.find(qn("w:tr")))
    # The attachment opens with the decision's agency and Quốc hiệu, without Số or date.
    first = attached[0]
    assert first.tag == qn("w:tbl") and len(first.findall(qn("w:tr"))) == 1
    assert _text(first) == agency_and_motto
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _text(first) and "Số" not in _text(first)
    assert clean(Paragraph(attached[1], document).text) == "KẾ HOẠCH"
    # One signature: the decision's. The attached plan ends with its text, "./.".
    signer = clean(Paragraph(decision[-2].findall(f".//{qn('w:p')}")[-1], document).text)
    assert signer and all(signer not in _text(block) for block in attached + annex)
    assert [block.tag for block in attached].count(qn("w:tbl")) == 1
    assert _text(attached[-1]).endswith("./.")


@pytest.mark.skipif(not HAVE_OFFICE, reason="cần LibreOffice và pdftotext")
def test_no_page_is_blank(pdfs: Path) -> None:
    blank = [(pdf.parent.name, pdf.stem, number)
             for pdf in sorted(pdfs.glob("*/*.pdf"))
             for number, lines in enumerate(page_texts(pdf), start=1)
             if all(re.fullmatch(r"\d+", line) for line in lines)]
    assert blank == []


# --- the decision names its Phụ lục; the Phụ lục repeats the plan's wording --------------------

@pytest.mark.parametrize("province", PROVINCES)
def test_the_decision_refers_to_its_annex_in_the_text(built: Path, province: str) -> None:
    """Phụ lục I, III.1.a: the text of the document points to each of its appendices."""
    document = Document(str(built / province / "quyet-dinh-ban-hanh.docx"))
    decision, _, annex = _section_blocks(document)
    title = next(clean(Paragraph(block, document).text) for block in annex
                 if block.tag == qn("w:p")
                 and Paragraph(block, document).style.name == "VB Tieu de phu luc")
    article = next(_text(block) for block in decision if _text(block).startswith("Điều 1."))
    assert f"phụ lục {title}".casefold() in article.casefold()


@pytest.mark.parametrize("province", PROVINCES)
def test_annex_rows_word_each_target_as_the_plan_does(built: Path, province: str) -> None:
    document = Document(str(built / province / "quyet-dinh-ban-hanh.docx"))
    _, attached, _ = _section_blocks(document)
    in_plan = {}
    for block in attached:
        match = re.match(r"- Chỉ tiêu (\d+): (.*)", _text(block))
        if block.tag == qn("w:p") and match:
            in_plan[match.group(1)] = match.group(2).removesuffix(".")
    rows = [[clean(cell.text) for cell in row.cells] for row in document.tables[-1].rows[1:]]
    assert len(rows) == len(in_plan) > 20
    for row in rows:
        number, wording = re.fullmatch(r"Chỉ tiêu (\d+): (.*)", row[1]).groups()
        assert wording == in_plan[number]
        assert "(thấp nhất)" not in wording and "(cao nhất)" not in wording


# --- one way of writing year ranges --------------------------------------------------------------

SPACED_RANGE = re.compile(r"\b(?:19|20)\d\d(?:\s+[-–]\s*|\s*[-–]\s+)(?:19|20)\d\d\b")
TIGHT_RANGE = re.compile(r"\b(?:19|20)\d\d-(?:19|20)\d\d\b")


def test_every_document_writes_year_ranges_one_way(built: Path) -> None:
    """"2021-2030", as the seeds write it most (tests/fixtures/seeds: ten times against three
    "2021 - 2030" and six "2016 – 2020"); never "2021 - 2030" beside it (S12)."""
    tight = 0
    for docx in sorted(built.glob("*/*.docx")):
        with zipfile.ZipFile(docx) as package:
            text = " ".join(re.sub(r"<[^>]+>", "", package.read(name).decode("utf-8"))
                            for name in package.namelist()
                            if name.startswith("word/") and name.endswith(".xml"))
        assert SPACED_RANGE.findall(text) == [], docx
        tight += len(TIGHT_RANGE.findall(text))
    assert tight > 15 * 2


def test_the_wording_vanban_ships_writes_year_ranges_one_way() -> None:
    sources = [*sorted((ROOT / "provinces").rglob("*.yaml")),
               ROOT / "generator" / "config" / "province_writer.py"]
    spaced = [(path.name, found) for path in sources
              for found in SPACED_RANGE.findall(path.read_text(encoding="utf-8"))]
    assert spaced == []
