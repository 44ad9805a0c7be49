"""The words that name the provincial level, and finding the wrong ones in a text.

A tỉnh writes "UBND tỉnh", "Tỉnh ủy", "Tỉnh đoàn", "trên địa bàn tỉnh"; a centrally-run
city (thành phố trực thuộc trung ương) writes "UBND thành phố", "Thành ủy", "Thành
đoàn", "trên địa bàn thành phố" (docs/domain.md §6). Shared wording names the level
through the terms below, so one text serves both. A city whose name contains the level
word (Thành phố Hồ Chí Minh) writes it with a capital everywhere: "UBND Thành phố".

Since 1 July 2025 there is no district level: under a tỉnh or thành phố there are only
xã, phường and đặc khu. ``wrong_level_words`` and ``district_words`` find what a văn thư
would strike out; the reader warns with them and the tests judge documents with them.
"""

from __future__ import annotations

import re
from datetime import date

from generator.domain.vietnamese import normalize

# The first day of the two-level local government (Luật số 72/2025/QH15).
REFORM = date(2025, 7, 1)

# Term name → (what it is, its word for a tỉnh, its word for a thành phố).
LEVEL_TERMS: dict[str, tuple[str, str, str]] = {
    "cap_tinh": ('Từ chỉ cấp tỉnh trong câu: "UBND {cap_tinh}", "trên địa bàn {cap_tinh}"; '
                 'viết hoa "Thành phố" khi tên có chữ đó (Thành phố Hồ Chí Minh).',
                 "tỉnh", "thành phố"),
    "tinh_uy": ('Cấp ủy của tỉnh: "Thường trực {tinh_uy}".', "Tỉnh ủy", "Thành ủy"),
    "tinh_doan": ('Đoàn Thanh niên cấp tỉnh: "phối hợp với {tinh_doan}".', "Tỉnh đoàn",
                  "Thành đoàn"),
}


def level_terms(kind: str, *, level_in_name: bool = False) -> dict[str, str]:
    """The level words of a unit of ``kind`` ("tinh" or "thanh-pho")."""
    city = kind == "thanh-pho"
    terms = {name: words[2] if city else words[1] for name, words in LEVEL_TERMS.items()}
    if level_in_name:
        terms["cap_tinh"] = terms["cap_tinh"][0].upper() + terms["cap_tinh"][1:]
    return terms


def after_reform(year: int, month: int | None = None) -> bool:
    """Whether a document of that year and month is issued under the two-level
    government; 2025 with no month could be either, and counts as before."""
    if month is None:
        return year > REFORM.year
    return (year, month) >= (REFORM.year, REFORM.month)


_WORD = r"(?<![\w])({})(?![\w])"
# "các tỉnh, thành phố" and "tỉnh/thành phố" name every unit of the country, not this one;
# "tỉnh táo" is not a level at all.
_NOT_THE_LEVEL = re.compile(r"tỉnh\s*[,/]\s*thành phố|thành phố trực thuộc trung ương|"
                            r"tỉnh táo", re.IGNORECASE)
_PROVINCE_WORDS = re.compile(_WORD.format(r"tỉnh"), re.IGNORECASE)
_CITY_WORDS = re.compile(_WORD.format(r"thành phố|thành ủy|thành đoàn"), re.IGNORECASE)
_DISTRICT_WORDS = re.compile(_WORD.format(r"huyện|quận|thị xã|thị trấn"), re.IGNORECASE)


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    """The matches of ``pattern`` outside the phrases that do not name this unit's level."""
    text = normalize(text)
    spans = [m.span() for m in _NOT_THE_LEVEL.finditer(text)]
    return [m.group(0) for m in pattern.finditer(text)
            if not any(start <= m.start() < end for start, end in spans)]


def wrong_level_words(text: str, kind: str, *, reformed: bool) -> list[str]:
    """The words of ``text`` that name the other level than ``kind``.

    In a city every "tỉnh" is wrong ("Tỉnh ủy", "UBND tỉnh", "TỈNH CẦN THƠ"). In a tỉnh,
    "thành phố", "Thành ủy" and "Thành đoàn" are wrong only under the two-level
    government (``reformed``): before it a tỉnh had its own thành phố (thành phố Tân An).
    """
    if kind == "thanh-pho":
        return _found(_PROVINCE_WORDS, text)
    return _found(_CITY_WORDS, text) if reformed else []


def district_words(text: str) -> list[str]:
    """huyện, quận, thị xã, thị trấn: units that no longer exist after ``REFORM``."""
    return _found(_DISTRICT_WORDS, text)
