"""Ô 9b, "Nơi nhận": the label, one recipient a line, "- Lưu: VT, …." last."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    LOC_NN,
    PL1,
    all_on,
    any_on,
    line_issue,
    size_issue,
    style_words,
    words_of,
)
from generator.check.rules.registry import Issue, rule
from generator.domain.decree30 import LUU
from generator.domain.vietnamese import fold


@rule("noi-nhan.missing", f"{PL1}, II.9", 'Thiếu phần "Nơi nhận"')
def check_nn_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.noi_nhan is None and (anat.quoc_hieu or anat.so):
        yield Issue(
            LOC_NN,
            'không thấy "Nơi nhận:"',
            'Nơi nhận: và danh sách, dòng cuối "- Lưu: VT, …."',
            position=anat.sign_start or 10**8,
        )


@rule("noi-nhan.label", f"{PL1}, II.9.d", 'Từ "Nơi nhận" chữ in thường, sau có dấu hai chấm')
def check_nn_label(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.noi_nhan
    if line is not None and line.text.strip() != "Nơi nhận:":
        yield line_issue(line, LOC_NN, line.text.strip(), "Nơi nhận:")


@rule("noi-nhan.size", f"{PL1}, II.9.d", '"Nơi nhận" cỡ chữ 12')
def check_nn_size(facts: DocumentFacts) -> Iterator[Issue]:
    yield from size_issue(facts.anatomy.noi_nhan, LOC_NN, 12, 12)


@rule("noi-nhan.style", f"{PL1}, II.9.d", '"Nơi nhận" kiểu chữ nghiêng, đậm, không gạch chân')
def check_nn_style(facts: DocumentFacts) -> Iterator[Issue]:
    label = facts.anatomy.noi_nhan
    if label is None:
        return
    line = words_of(label)  # the words: an upright colon does not show
    if not all_on(line, "bold") or not all_on(line, "italic") or any_on(line, "underline"):
        yield line_issue(label, LOC_NN, style_words(line), "nghiêng, đậm")


@rule("noi-nhan.list-size", f"{PL1}, II.9.d", "Danh sách nơi nhận cỡ chữ 11")
def check_nn_list_size(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.noi_nhan_items:
        for issue in size_issue(line, LOC_NN, 11, 11):
            yield Issue(
                issue.location,
                issue.found,
                issue.expected,
                issue.excerpt,
                issue.position,
                issue.found,
            )


@rule("noi-nhan.list-style", f"{PL1}, II.9.d", "Danh sách nơi nhận kiểu chữ đứng, không đậm")
def check_nn_list_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.noi_nhan_items:
        if any_on(line, "italic") or any_on(line, "bold"):
            found = style_words(line)
            yield line_issue(line, LOC_NN, found, "đứng, không đậm", found)


@rule(
    "noi-nhan.item",
    f"{PL1}, II.9.d",
    "Mỗi nơi nhận một dòng, đầu dòng có gạch đầu dòng (-), cuối dòng có dấu chấm phẩy (;)",
)
def check_nn_item(facts: DocumentFacts) -> Iterator[Issue]:
    items = facts.anatomy.noi_nhan_items
    for line in items[:-1]:
        text = line.text.strip()
        if not text.startswith("-") or not text.endswith(";"):
            yield line_issue(line, LOC_NN, text, "- …;")


@rule(
    "noi-nhan.luu",
    f"{PL1}, II.9.d",
    'Dòng cuối nơi nhận là "- Lưu: VT, <đơn vị soạn thảo>." kết thúc bằng dấu chấm',
)
def check_nn_luu(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.noi_nhan is None:
        return
    items = anat.noi_nhan_items
    if not items:
        yield line_issue(anat.noi_nhan, LOC_NN, "danh sách nơi nhận trống", "- …; … - Lưu: VT, ….")
    elif not LUU.match(items[-1].text.strip()):
        yield line_issue(items[-1], LOC_NN, items[-1].text.strip(), "- Lưu: VT, ABC.")


# II.9.b names the documents whose Nơi nhận opens with "- Như trên;": công văn (no type
# name), tờ trình and báo cáo. A giấy mời or thông báo lists its recipients itself.
NHU_TREN_TYPES = (None, "TỜ TRÌNH", "BÁO CÁO")


@rule(
    "noi-nhan.nhu-tren",
    f"{PL1}, II.9.b",
    'Văn bản có "Kính gửi" (công văn, tờ trình, báo cáo): nơi nhận mở đầu bằng "- Như trên;"',
)
def check_nn_nhu_tren(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if anat.kinh_gui is None or not anat.noi_nhan_items or anat.doc_type not in NHU_TREN_TYPES:
        return
    first = anat.noi_nhan_items[0]
    if not fold(first.text).lstrip("- ").startswith("NHU TREN"):
        yield line_issue(first, LOC_NN, first.text.strip(), "- Như trên;")
