"""Page numbers (Phụ lục I, I.7): a PAGE field, centred in the header, 13–14 pt, not on page 1."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.paragraphs import Paragraph
from generator.check.reader import DocumentFacts
from generator.check.rules.common import ALIGN_VI, LOC_FOOTER, LOC_HEADER, PL1, in_range, pt
from generator.check.rules.registry import Issue, rule
from generator.check.sections import HeaderFooter
from generator.check.text import excerpt


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
                    f"căn {ALIGN_VI.get(para.align, para.align)}",
                    "canh giữa",
                    excerpt(para.text),
                )


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
