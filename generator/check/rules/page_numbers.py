"""Page numbers (Phụ lục I, I.7): a PAGE field, centred in the header, 13–14, not on page 1.

Only what Word prints is judged: the headers and footers of each section resolved
by role (first page, odd pages, even pages; see :mod:`generator.check.sections`).
An even-page footer left in a file whose settings do not turn even pages on is
never printed, so it is not a page number in the footer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.paragraphs import Paragraph
from generator.check.reader import DocumentFacts
from generator.check.rules.common import ALIGN_VI, LOC_FOOTER, LOC_HEADER, PL1, in_range, pt
from generator.check.rules.registry import Issue, rule
from generator.check.sections import ROLES, HeaderFooter
from generator.check.text import excerpt

KINDS = ("header", "footer")


def _later_parts(facts: DocumentFacts, kind: str) -> list[HeaderFooter]:
    """Headers (or footers) printed on the pages after page 1."""
    first, rest = facts.sections[:1], facts.sections[1:]
    return facts.printed_parts(kind, ("odd", "even"), first) + facts.printed_parts(
        kind, ROLES, rest
    )


def _numbered(facts: DocumentFacts, role: str) -> bool:
    """Whether the pages of ``role`` in the first section print a PAGE field."""
    sec = facts.sections[0]
    return any(
        hf is not None and hf.page_paragraphs
        for hf in (sec.printed(kind, role, facts.even_and_odd) for kind in KINDS)
    )


@rule(
    "page-number.missing",
    f"{PL1}, I.7",
    "Văn bản nhiều trang phải đánh số trang (trường PAGE) ở đầu trang, canh giữa",
)
def check_page_number_missing(facts: DocumentFacts) -> Iterator[Issue]:
    if facts.estimated_pages < 2:
        return
    want = "trường PAGE canh giữa trong đầu trang"
    if not any(hf.page_paragraphs for kind in KINDS for hf in _later_parts(facts, kind)):
        yield Issue(
            LOC_HEADER, f"không có số trang (ước tính {facts.estimated_pages} trang)", want
        )
        return
    if not facts.even_and_odd:
        return
    if not _numbered(facts, "even"):
        yield Issue(
            LOC_HEADER,
            "trang chẵn không có số trang (đầu trang của trang chẵn thiếu trường PAGE)",
            f"{want}, cả trang chẵn và trang lẻ",
        )
    elif not _numbered(facts, "odd") and facts.estimated_pages >= 3:
        yield Issue(
            LOC_HEADER,
            "chỉ trang chẵn có số trang (đầu trang của trang lẻ thiếu trường PAGE)",
            f"{want}, cả trang chẵn và trang lẻ",
        )


@rule(
    "page-number.footer", f"{PL1}, I.7", "Số trang đặt trong phần lề trên, không đặt ở chân trang"
)
def check_page_number_footer(facts: DocumentFacts) -> Iterator[Issue]:
    for hf in facts.printed_parts("footer"):
        for para in hf.page_paragraphs:
            yield Issue(
                LOC_FOOTER,
                "số trang ở chân trang",
                "số trang ở đầu trang (header), canh giữa",
                excerpt(para.text),
            )


@rule("page-number.position", f"{PL1}, I.7", "Số trang được canh giữa theo chiều ngang")
def check_page_number_position(facts: DocumentFacts) -> Iterator[Issue]:
    for hf in facts.printed_parts("header"):
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
    for hf in facts.printed_parts("header"):
        for para in hf.page_paragraphs:
            if not in_range(para.page_field_size, 13, 14) or para.page_field_italic:
                look = pt(para.page_field_size) + (", nghiêng" if para.page_field_italic else "")
                yield Issue(LOC_HEADER, look, "13–14 pt, đứng", excerpt(para.text))


@rule("page-number.first-page", f"{PL1}, I.7", "Không hiển thị số trang ở trang thứ nhất")
def check_page_number_first(facts: DocumentFacts) -> Iterator[Issue]:
    if not _numbered(facts, "first"):
        return
    if facts.sections[0].title_page:
        yield Issue("trang 1", "trang đầu có số trang", "trang đầu không hiển thị số trang")
    else:
        yield Issue(
            "trang 1",
            'số trang hiện cả ở trang đầu (không đặt "trang đầu khác")',
            "trang đầu không hiển thị số trang (titlePg)",
        )
