"""What ``vanban check`` requires of the values a province writes, checked before building.

Every document vanban builds must pass its own layout check (Nghị định 30/2020). Most
rules are about the template (fonts, sizes, margins) and hold for any data, but some read
the text a province supplies: an agency name must be in capitals, the place must begin
with a capital and hold no comma, the ký hiệu only letters and hyphens, and so on. Each
function here applies the checker's own test (the same patterns, imported from
``domain.decree30``) to one value and returns what is wrong and what to write, so that a
value the checker would refuse is reported at its line in the YAML instead of producing
a document that fails ``vanban check``. Found by fuzzing the build (tests/test_fuzz.py).
"""

from __future__ import annotations

import re

from generator.domain.decree30 import ABBREVIATED_PLACE, DOC_TYPES, LUU, is_upper
from generator.domain.signing import BAD_PREFIX, PREFIXES
from generator.domain.vietnamese import fold

Problem = tuple[str, str] | None  # (what is wrong, what to write), or None

# One group of a ký hiệu: the checker's SO_STRICT symbol without its hyphens, starting with
# a letter as the checker's "Số:" line (check.anatomy.parts._SO_LINE) needs after the slash; that
# line must also stay under 70 characters, so each group is kept short.
_SYMBOL_PART = re.compile(r"[A-Za-zĐđ][0-9A-Za-zĐđ&]*(?:-[0-9A-Za-zĐđ&]+)*")
MAX_SYMBOL_PART = 20
# Content entries whose first words the checker uses to find the block they belong to.
CONTENT_OPENINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("quyet-dinh-ban-hanh", "bases"): ("Căn cứ",),
    ("quyet-dinh-ban-hanh", "proposal"): ("Theo đề nghị", "Xét đề nghị"),
}


def capitals(line: str, what: str) -> Problem:
    """An agency name line, an authority line or a title: in capitals (II.2.b, II.7.đ)."""
    if is_upper(line):
        return None
    has_letters = any(c.isalpha() for c in line)
    return f"{what} phải viết chữ in hoa", line.upper() if has_letters else "chữ in hoa"


def title_problem(title: str) -> Problem:
    """The signer's own title: capitals, and no authority prefix (that goes in authority)."""
    if BAD_PREFIX.match(title) or title.split(" ", 1)[0] in PREFIXES:
        return ("chức vụ không bắt đầu bằng quyền hạn ký (TM., KT., Q., TL., TUQ.)",
                "ghi quyền hạn trong 'authority', ví dụ authority: [KT. GIÁM ĐỐC], "
                "title: PHÓ GIÁM ĐỐC")
    return capitals(title, "chức vụ người ký")


def signer_name_problem(name: str) -> Problem:
    """The signer's name in ordinary case, capital initials (II.7.đ), not all capitals."""
    if not is_upper(name):
        return None
    return ("họ tên người ký viết chữ thường, hoa chữ cái đầu, không viết toàn chữ in hoa",
            "ví dụ: Phạm Tấn Hòa")


def place_problem(place: str) -> Problem:
    """The place of the date line (II.4): a capital first, no comma, not abbreviated."""
    if "," in place:
        return ("địa danh không có dấu phẩy (dấu phẩy ngăn địa danh với ngày tháng)",
                "chỉ tên đơn vị hành chính, ví dụ: Long An")
    if not place[:1].isupper():
        return "địa danh phải bắt đầu bằng chữ in hoa", "ví dụ: Long An, Thành phố Hồ Chí Minh"
    if ABBREVIATED_PLACE.search(place):
        return ("địa danh ghi tên đầy đủ, không viết tắt",
                "ví dụ: Thành phố Hồ Chí Minh (không viết TP. HCM)")
    return None


def symbol_problem(part: str) -> Problem:
    """An agency abbreviation or a drafting unit: one group of the ký hiệu (II.3)."""
    if len(part) > MAX_SYMBOL_PART:
        return (f"chữ viết tắt trong ký hiệu dài quá {MAX_SYMBOL_PART} ký tự",
                "chữ viết tắt, ví dụ: UBND, SLĐTBXH, BVCSTE")
    if _SYMBOL_PART.fullmatch(part):
        return None
    return ("chữ viết tắt trong ký hiệu bắt đầu bằng chữ cái, chỉ gồm chữ cái không dấu "
            "(trừ Đ), chữ số và dấu gạch nối, không có dấu cách",
            "ví dụ: UBND, SLĐTBXH, BVCSTE")


def letter_symbol_problem(abbreviation: str) -> Problem:
    """A công văn's ký hiệu starts with the agency, never with a type abbreviation."""
    if abbreviation in {*DOC_TYPES.values(), "CV"}:
        return (f"'{abbreviation}' là chữ viết tắt tên loại văn bản; ký hiệu công văn bắt "
                "đầu bằng chữ viết tắt tên cơ quan", "ví dụ: UBND, SLĐTBXH")
    return None


def archive_problem(archive: str) -> Problem:
    """The last Nơi nhận line, "- Lưu: VT, <drafting unit>." (II.9.d)."""
    if LUU.match(f"- Lưu: {archive}."):
        return None
    return ("dòng lưu là 'VT' hoặc 'VT, <đơn vị soạn thảo>', không có dấu chấm, chấm phẩy "
            "ở giữa", "ví dụ: VT, TE")


def opening_problem(kind: str, key: str, text: str) -> Problem:
    """A căn cứ must open with "Căn cứ", the proposal with "Theo đề nghị" (II.6.a)."""
    openings = CONTENT_OPENINGS.get((kind, key))
    if openings is None or fold(text).startswith(tuple(fold(o) for o in openings)):
        return None
    return (f"đoạn này phải bắt đầu bằng \"{openings[0]}\"",
            " hoặc ".join(f"{o} ..." for o in openings))
