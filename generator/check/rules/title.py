"""Ô 5 and 9a: the type name, the trích yếu (or a công văn's "V/v …"), and "Kính gửi"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    ALIGN_VI,
    LOC_KG,
    LOC_TITLE,
    LOC_VV,
    PL1,
    all_on,
    any_on,
    line_issue,
    rule_length_issue,
    size_issue,
    style_words,
)
from generator.check.rules.registry import WARNING, Issue, rule
from generator.domain.decree30 import is_upper

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
                f"căn {ALIGN_VI.get(line.para.align, line.para.align)}",
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
