"""What the printed pages show (issue 11, point 6): read from the generated .docx, and from
its PDF when LibreOffice is installed.

Headings stay with their text, the signature page carries body text, titles break
between phrases, the plan attached to a Quyết định has its own header and no signature.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.commands.main import main
from generator.compose.context import build_context
from generator.config.province import load_province
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
