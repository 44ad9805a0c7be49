"""Appendices (Phụ lục I, III.1): "Phụ lục I" heading, title, reference line, own page numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.check.anatomy import Appendix
from generator.check.anatomy.appendix import heading_parts
from generator.check.paragraphs import Line
from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    ALIGN_VI,
    LOC_APPENDIX,
    PL1,
    all_on,
    any_on,
    line_issue,
    size_issue,
    style_words,
)
from generator.check.rules.registry import Issue, rule
from generator.domain.decree30 import is_upper
from generator.domain.vietnamese import roman

_ROMAN = {roman(n): n for n in range(1, 40)}


def _number(appendix: Appendix) -> str | None:
    match = heading_parts(appendix.heading.text)
    return match.group("number") if match is not None else None


def _want_label(appendix: Appendix, position: int, count: int) -> str:
    """The heading the decree asks for: "Phụ lục", then a Roman numeral when there are several."""
    number = _number(appendix)
    if count < 2:
        return "Phụ lục" + (f" {number.upper()}" if number else "")
    if number and number.isdigit():
        return f"Phụ lục {roman(int(number))}"
    if number and number.upper() in _ROMAN:
        return f"Phụ lục {number.upper()}"
    return f"Phụ lục {roman(position)}"


@rule(
    "appendix.label",
    f"{PL1}, III.1.a-b",
    'Từ "Phụ lục" viết chữ in thường, trên một dòng riêng; từ hai phụ lục trở lên đánh số '
    "bằng chữ số La Mã",
)
def check_appendix_label(facts: DocumentFacts) -> Iterator[Issue]:
    appendices = facts.anatomy.appendices
    for n, appendix in enumerate(appendices, start=1):
        want = _want_label(appendix, n, len(appendices))
        found = appendix.heading.text.strip()
        if appendix.typed_with_title is not None:
            found = appendix.typed_with_title
            want = f"{want} (một dòng riêng; tên phụ lục ở dòng dưới, không có dấu hai chấm)"
        if found != want:
            yield line_issue(appendix.heading, LOC_APPENDIX, found, want, "label")


@rule("appendix.size", f"{PL1}, III.1.b", 'Dòng "Phụ lục" và số thứ tự cỡ chữ 14')
def check_appendix_size(facts: DocumentFacts) -> Iterator[Issue]:
    for appendix in facts.anatomy.appendices:
        for issue in size_issue(appendix.heading, LOC_APPENDIX, 14, 14):
            yield replace(issue, group=issue.found)


@rule("appendix.style", f"{PL1}, III.1.b", 'Dòng "Phụ lục" và số thứ tự kiểu chữ đứng, đậm')
def check_appendix_style(facts: DocumentFacts) -> Iterator[Issue]:
    for appendix in facts.anatomy.appendices:
        line = appendix.heading
        if not all_on(line, "bold") or any_on(line, "italic"):
            yield line_issue(line, LOC_APPENDIX, style_words(line), "đứng, đậm")


def _centred_lines(appendix: Appendix) -> list[Line]:
    reference = [appendix.reference] if appendix.reference is not None else []
    return [appendix.heading, *appendix.title, *reference]


@rule(
    "appendix.align",
    f"{PL1}, III.1.b-c",
    'Dòng "Phụ lục", tên phụ lục và dòng chỉ dẫn "(Kèm theo …)" canh giữa',
)
def check_appendix_align(facts: DocumentFacts) -> Iterator[Issue]:
    for appendix in facts.anatomy.appendices:
        for line in _centred_lines(appendix):
            if line.para.align != "center":
                found = f"căn {ALIGN_VI.get(line.para.align, line.para.align)}"
                yield line_issue(line, LOC_APPENDIX, found, "canh giữa", found)


@rule(
    "appendix.title",
    f"{PL1}, III.1.b",
    "Tên phụ lục chữ in hoa, cỡ chữ 13 đến 14, kiểu chữ đứng, đậm",
)
def check_appendix_title(facts: DocumentFacts) -> Iterator[Issue]:
    for appendix in facts.anatomy.appendices:
        for line in appendix.title:
            yield from size_issue(line, LOC_APPENDIX, 13, 14)
            upper = is_upper(line.text)
            if not upper or not all_on(line, "bold") or any_on(line, "italic"):
                found = style_words(line) + ("" if upper else ", in thường")
                yield line_issue(line, LOC_APPENDIX, found, "in hoa, đứng, đậm")


@rule(
    "appendix.reference",
    f"{PL1}, III.1.c",
    'Dòng chỉ dẫn "(Kèm theo văn bản số … ngày …)" cỡ chữ 13 đến 14, kiểu chữ nghiêng',
)
def check_appendix_reference(facts: DocumentFacts) -> Iterator[Issue]:
    for appendix in facts.anatomy.appendices:
        line = appendix.reference
        if line is None:
            continue
        for issue in size_issue(line, LOC_APPENDIX, 13, 14):
            yield replace(issue, group=issue.found)
        if not all_on(line, "italic") or any_on(line, "bold"):
            look = style_words(line)
            yield line_issue(line, LOC_APPENDIX, look, "nghiêng, không đậm", look)


@rule(
    "appendix.page-number",
    f"{PL1}, III.1.đ",
    "Số trang của phụ lục được đánh riêng theo từng phụ lục (phần mới, đánh lại từ 1)",
)
def check_appendix_page_number(facts: DocumentFacts) -> Iterator[Issue]:
    if not any(hf.page_paragraphs for hf in facts.printed_parts("header")):
        return  # no page numbers at all: page-number.missing says so
    for appendix in facts.anatomy.appendices:
        section = facts.sections[min(appendix.heading.para.section, len(facts.sections) - 1)]
        if not appendix.opens_section:
            found = "phụ lục không bắt đầu phần (section) mới, số trang nối tiếp văn bản"
        elif section.page_start is None:
            found = "phần (section) của phụ lục không đánh lại số trang, số trang nối tiếp"
        else:
            continue
        yield line_issue(
            appendix.heading,
            LOC_APPENDIX,
            found,
            "ngắt phần (Section Break) trước phụ lục, số trang bắt đầu lại từ 1",
        )
