"""Ô 7, the signature: authority (TM., KT., …) and title in capitals, the signer's name."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.reader import DocumentFacts
from generator.check.rules.common import (
    LOC_NAME,
    LOC_SIGN,
    PL1,
    all_on,
    any_on,
    line_issue,
    size_issue,
    style_words,
)
from generator.check.rules.registry import Issue, rule
from generator.domain.decree30 import is_upper
from generator.domain.signing import ACADEMIC, BAD_PREFIX, prefix_fix
from generator.domain.vietnamese import fold


@rule("sign.missing", f"{PL1}, II.7", "Thiếu quyền hạn, chức vụ hoặc họ tên người ký")
def check_sign_missing(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    if not anat.authority:
        yield Issue(
            LOC_SIGN,
            "không thấy khối chữ ký (chức vụ, họ tên)",
            "QUYỀN HẠN, CHỨC VỤ / Họ tên người ký",
            position=anat.sign_start or 10**8,
        )
    elif anat.signer is None:
        yield line_issue(
            anat.authority[-1], LOC_NAME, "không thấy họ tên người ký", "Họ tên người ký"
        )


@rule(
    "sign.prefix",
    f"{PL1}, II.7.b",
    "Quyền hạn người ký chỉ viết tắt TM., Q., KT., TL., TUQ. (có dấu chấm)",
)
def check_sign_prefix(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.authority:
        match = BAD_PREFIX.match(line.text.strip())
        # "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ" (the samples' placeholder) is not "Quyền" (acting)
        if match and not fold(line.text).startswith("QUYEN HAN"):
            bad = match.group("bad")
            yield line_issue(
                line,
                LOC_SIGN,
                line.text.strip(),
                prefix_fix(bad) + " " + line.text.strip()[len(bad) :].strip(),
            )


@rule(
    "sign.authority-style",
    f"{PL1}, II.7.đ",
    "Quyền hạn, chức vụ người ký chữ in hoa, kiểu chữ đứng, đậm",
)
def check_sign_authority_style(facts: DocumentFacts) -> Iterator[Issue]:
    for line in facts.anatomy.authority:
        upper = is_upper(line.text)
        if not upper or not all_on(line, "bold") or any_on(line, "italic"):
            found = style_words(line) + ("" if upper else ", in thường")
            yield line_issue(line, LOC_SIGN, found, "in hoa, đứng, đậm")


@rule("sign.size", f"{PL1}, II.7.đ", "Quyền hạn, chức vụ, họ tên người ký cỡ chữ 13 đến 14")
def check_sign_size(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in anat.authority:
        yield from size_issue(line, LOC_SIGN, 13, 14)
    for line in [*([anat.signer] if anat.signer is not None else []), *anat.after_signer]:
        yield from size_issue(line, LOC_NAME, 13, 14)


@rule(
    "sign.order",
    f"{PL1}, II.7.đ",
    "Chức vụ khác của người ký đặt phía trên họ tên; họ tên người ký là dòng cuối của khối chữ ký",
)
def check_sign_order(facts: DocumentFacts) -> Iterator[Issue]:
    anat = facts.anatomy
    for line in anat.after_signer:
        yield line_issue(
            line,
            LOC_NAME,
            f"«{line.text.strip()}» đặt dưới họ tên người ký",
            "chức vụ đặt phía trên họ tên người ký",
        )


@rule("sign.name-style", f"{PL1}, II.7.đ", "Họ tên người ký chữ in thường, kiểu chữ đứng, đậm")
def check_sign_name_style(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.signer
    if line is None:
        return
    upper = is_upper(line.text)
    if upper or not all_on(line, "bold") or any_on(line, "italic"):
        yield line_issue(
            line,
            LOC_NAME,
            style_words(line) + (", in hoa" if upper else ""),
            "in thường (viết hoa chữ đầu), đứng, đậm",
        )


@rule(
    "sign.academic-title",
    f"{PL1}, II.7.c",
    "Trước họ tên người ký không ghi học hàm, học vị, danh hiệu",
)
def check_sign_academic(facts: DocumentFacts) -> Iterator[Issue]:
    line = facts.anatomy.signer
    if line is not None:
        match = ACADEMIC.match(line.text.strip())
        if match:
            yield line_issue(
                line, LOC_NAME, match.group(0).strip(), line.text.strip()[len(match.group(0)) :]
            )
