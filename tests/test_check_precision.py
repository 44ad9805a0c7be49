"""The causes of false and missed findings found on real documents (issue 12), one by one.

`vanban check` was run on real documents of provincial agencies; each cause of a
false finding or a missed departure listed there has here its own small document,
built in code from the correct document of :mod:`tests.docx_factory` and changed
the way the real files were.  The real files themselves are judged in
tests/test_real_docs.py.
"""

from __future__ import annotations

import copy
import functools
import io
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.check import Finding, check_file
from tests.docx_factory import correct_document, find, page_field, save


@functools.cache
def _correct_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    correct_document(kind).save(buffer)
    return buffer.getvalue()


def fresh(kind: str) -> Document:
    """A new copy of the correct document of ``kind``."""
    return docx.Document(io.BytesIO(_correct_bytes(kind)))


def check(doc: Document, tmp_path: Path, name: str = "doc.docx") -> list[Finding]:
    return check_file(save(doc, tmp_path / name))


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _clear_runs(p: DocxParagraph) -> None:
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)


def _longer(doc: Document) -> None:
    """Two page breaks in the body: the plan runs to at least three pages."""
    for start in ("Cụ thể hóa", "Kinh phí thực hiện"):
        find(doc, start).runs[-1].add_break(WD_BREAK.PAGE)


# =========================================================================== headers and footers


def test_even_footer_is_not_printed_without_even_and_odd_pages(tmp_path: Path) -> None:
    """A PAGE field in the even footer of a file whose settings leave even pages off."""
    doc = fresh("ke-hoach")
    page_field(doc.sections[0].even_page_footer.paragraphs[0])
    assert check(doc, tmp_path) == []


def test_even_footer_is_printed_with_even_and_odd_pages(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    page_field(doc.sections[0].even_page_footer.paragraphs[0])
    doc.settings.odd_and_even_pages_header_footer = True
    assert rule_ids(check(doc, tmp_path)) == {"page-number.footer"}


def test_only_the_even_header_is_numbered(tmp_path: Path) -> None:
    """Even pages on, the number only in the even header: odd pages print none."""
    doc = fresh("ke-hoach")
    _longer(doc)
    section = doc.sections[0]
    _clear_runs(section.header.paragraphs[0])
    even = section.even_page_header.paragraphs[0]
    even.alignment = section.header.paragraphs[0].alignment
    page_field(even)
    doc.settings.odd_and_even_pages_header_footer = True
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "page-number.missing"
    assert finding.found.startswith("chỉ trang chẵn có số trang")


def test_even_pages_without_their_header_are_unnumbered(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    doc.settings.odd_and_even_pages_header_footer = True
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "page-number.missing"
    assert finding.found.startswith("trang chẵn không có số trang")


def test_a_section_inherits_the_headers_of_the_previous_one(tmp_path: Path) -> None:
    """The page number of section 1 also numbers section 2, which names no header of its own."""
    doc = fresh("ke-hoach")
    doc.add_section()
    doc.add_paragraph("Nội dung phần sau.")
    findings = check(doc, tmp_path)
    assert not {"page-number.missing", "page-number.first-page"} & rule_ids(findings)


def test_numbering_from_the_second_section_on(tmp_path: Path) -> None:
    """Page 1 is a section of its own without header; the pages after it, numbered, another."""
    doc = fresh("ke-hoach")
    last = doc.sections[0]._sectPr
    first = copy.deepcopy(last)
    for ref in first.findall(qn("w:headerReference")) + first.findall(qn("w:titlePg")):
        first.remove(ref)
    find(doc, "Cụ thể hóa")._p.get_or_add_pPr().append(first)
    for title_page in last.findall(qn("w:titlePg")):
        last.remove(title_page)
    assert check(doc, tmp_path) == []
