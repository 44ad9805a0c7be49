"""Reading a generated .docx the way a reader sees it: text in order, effective formatting.

Tests assert on the real document, so formatting is resolved through the run, the
paragraph style and its base styles, and the document defaults, as Word does.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class Para:
    """A paragraph with what a reader would notice about it."""

    text: str
    style: str
    size: float | None
    bold: bool
    italic: bool
    alignment: str | None
    first_line: int | None
    space_before: int | None
    fonts: frozenset[str]
    where: str  # "body", "header-left", "header-right", "sign-left", "sign-right"
    border_bottom: bool


def clean(text: str) -> str:
    """NFC, non-breaking spaces as spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.split())


def _style_chain(paragraph: Paragraph) -> list:
    chain, style = [], paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _effective(paragraph: Paragraph, getter) -> object:
    for run in paragraph.runs:
        if run.text.strip():
            value = getter(run.font)
            if value is not None:
                return value
            break
    for style in _style_chain(paragraph):
        value = getter(style.font)
        if value is not None:
            return value
    return None


def _alignment(paragraph: Paragraph) -> str | None:
    if paragraph.alignment is not None:
        return str(paragraph.alignment).split(".")[-1].split(" ")[0]
    for style in _style_chain(paragraph):
        if style.paragraph_format.alignment is not None:
            return str(style.paragraph_format.alignment).split(".")[-1].split(" ")[0]
    return None


def _format_value(paragraph: Paragraph, name: str) -> int | None:
    value = getattr(paragraph.paragraph_format, name)
    if value is None:
        for style in _style_chain(paragraph):
            value = getattr(style.paragraph_format, name)
            if value is not None:
                break
    return None if value is None else int(value.twips)


def _fonts(document: DocumentObject, paragraph: Paragraph) -> frozenset[str]:
    default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_font = default.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:ascii"))
    fonts = set()
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        name = run.font.name
        if name is None:
            for style in _style_chain(paragraph):
                if style.font.name is not None:
                    name = style.font.name
                    break
        fonts.add(name or default_font)
    return frozenset(fonts)


def _para(document: DocumentObject, paragraph: Paragraph, where: str) -> Para:
    ppr = paragraph._p.pPr
    border = ppr is not None and ppr.find(qn("w:pBdr")) is not None
    size = _effective(paragraph, lambda f: f.size)
    return Para(
        text=clean(paragraph.text), style=paragraph.style.name,
        size=size.pt if size is not None else None,
        bold=bool(_effective(paragraph, lambda f: f.bold)),
        italic=bool(_effective(paragraph, lambda f: f.italic)),
        alignment=_alignment(paragraph), first_line=_format_value(paragraph, "first_line_indent"),
        space_before=_format_value(paragraph, "space_before"),
        fonts=_fonts(document, paragraph), where=where, border_bottom=border)


def _borderless(table_element: object) -> bool:
    borders = table_element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    return borders is not None and all(edge.get(qn("w:val")) in ("nil", "none")
                                       for edge in borders)


def paragraphs(path: Path) -> list[Para]:
    """Every paragraph in reading order, tables cell by cell (left cell first)."""
    document = Document(str(path))
    result: list[Para] = []
    body = document.element.body
    tables_seen = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            result.append(_para(document, Paragraph(child, document), "body"))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            # The first table, and the header of a plan attached to a Quyết định.
            header = tables_seen == 0 or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "".join(
                child.itertext())
            place = "header" if header else "sign" if _borderless(child) else "table"
            tables_seen += 1
            for row in table.rows:
                for column, cell in enumerate(row.cells):
                    side = "left" if column == 0 else "right"
                    for paragraph in cell.paragraphs:
                        result.append(_para(document, paragraph, f"{place}-{side}"))
    return result


def texts(path: Path) -> list[str]:
    """The non-empty paragraph texts in reading order."""
    return [p.text for p in paragraphs(path) if p.text]


def find(paras: list[Para], text: str) -> Para:
    for para in paras:
        if para.text == text:
            return para
    raise AssertionError(f"không thấy đoạn {text!r}")
