"""Tests for domain.vietnamese: the readings num2words gets wrong, formats, round trips."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.domain.vietnamese import (
    FILTERS,
    alpha_marker,
    format_date,
    format_number,
    format_percent,
    format_rate,
    money_to_words,
    normalize,
    number_to_words,
    ordinal,
    parse_number,
    roman,
    upper,
)

# ---------------------------------------------------------------------------------------------
# A strict reader of number words, used only to check the module (never shipped)
# ---------------------------------------------------------------------------------------------

_DIGITS = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}
_AFTER_TENS = {**_DIGITS, "mốt": 1, "lăm": 5, "tư": 4}
_SCALES = (("triệu", 10**6), ("nghìn", 1000), ("ngàn", 1000))


def _read_units(tokens: list[str], table: dict[str, int]) -> int:
    assert len(tokens) <= 1, tokens
    return table[tokens[0]] if tokens else 0


def _read_triple(tokens: list[str], full: bool) -> int:
    """0..999; ``full`` demands the hundreds ("không trăm ...") an inner group must have."""
    assert tokens, "empty group"
    value, rest = 0, tokens
    if len(tokens) >= 2 and tokens[1] == "trăm":
        value, rest = 100 * _DIGITS[tokens[0]], tokens[2:]
        assert full or value, "a leading group never starts with 'không trăm'"
    else:
        assert not full, f"inner group without hundreds: {tokens}"
    if not rest:
        return value
    if rest[0] in ("linh", "lẻ"):
        assert len(tokens) >= 2 and tokens[1] == "trăm" and len(rest) == 2, tokens
        assert rest[1] != "không"
        return value + _DIGITS[rest[1]]
    if rest[0] == "mười":
        unit = _read_units(rest[1:], {**_DIGITS, "lăm": 5})
        assert rest[1:] != ["năm"] and rest[1:] != ["không"], tokens
        return value + 10 + unit
    if len(rest) >= 2 and rest[1] == "mươi":
        tens = _DIGITS[rest[0]]
        assert tens >= 2, tokens
        assert rest[2:] not in (["một"], ["năm"], ["không"]), tokens
        return value + 10 * tens + _read_units(rest[2:], _AFTER_TENS)
    assert len(rest) == 1 and not value, tokens
    return _DIGITS[rest[0]]


def _read(tokens: list[str], full: bool = False) -> int:
    if "tỷ" in tokens:
        i = len(tokens) - 1 - tokens[::-1].index("tỷ")
        assert tokens[:i], "scale without a count"
        low = _read(tokens[i + 1 :], full=True) if tokens[i + 1 :] else 0
        return _read(tokens[:i], full) * 10**9 + low
    for scale, size in _SCALES:
        if scale in tokens:
            i = tokens.index(scale)
            assert tokens[:i], "scale without a count"
            low = _read(tokens[i + 1 :], full=True) if tokens[i + 1 :] else 0
            return _read_triple(tokens[:i], full) * size + low
    return _read_triple(tokens, full)


def words_to_number(text: str) -> int:
    """Parse words back into an integer, refusing readings that break the written conventions."""
    tokens = text.split()
    negative = tokens[:1] == ["âm"]
    tokens = tokens[1:] if negative else tokens
    value = 0 if tokens == ["không"] else _read(tokens)
    return -value if negative else value


# ---------------------------------------------------------------------------------------------
# number_to_words: the readings num2words 0.5.14 gets wrong (pitfalls.md) and the zero groups
# ---------------------------------------------------------------------------------------------

NORTH_READINGS = [
    # pitfalls.md table
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (2030, "hai nghìn không trăm ba mươi"),
    ("9,5", "chín phẩy năm"),
    ("0,05", "không phẩy không năm"),
    ("12,05", "mười hai phẩy không năm"),
    (-5, "âm năm"),
    (10**15, "một triệu tỷ"),
    # small numbers and the special unit words
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (999, "chín trăm chín mươi chín"),
    # zero groups at every position
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (10_000, "mười nghìn"),
    (100_000, "một trăm nghìn"),
    (1_000_001, "một triệu không trăm linh một"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (2_000_021, "hai triệu không trăm hai mươi mốt"),
    (150_000_000, "một trăm năm mươi triệu"),
    (1_000_000_001, "một tỷ không trăm linh một"),
    (1_000_005_000, "một tỷ không trăm linh năm nghìn"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (10**12, "một nghìn tỷ"),
    (10**18, "một tỷ tỷ"),
    (1_001 * 10**12, "một triệu không trăm linh một nghìn tỷ"),
    ("1.200", "một nghìn hai trăm"),
    # negatives and decimals, as written
    ("-3", "âm ba"),
    ("-3,5", "âm ba phẩy năm"),
    ("12,25", "mười hai phẩy hai mươi lăm"),
    ("9,50", "chín phẩy năm mươi"),
    ("0,005", "không phẩy không không năm"),
    ("171.845,785", "một trăm bảy mươi mốt nghìn tám trăm bốn mươi lăm phẩy bảy trăm tám mươi lăm"),
    (Decimal("9.5"), "chín phẩy năm"),
    (Decimal("9.50"), "chín phẩy năm mươi"),
    (Decimal("-0.05"), "âm không phẩy không năm"),
    (Decimal("1E+3"), "một nghìn"),
]

SOUTH_READINGS = [
    (24, "hai mươi bốn"),
    (21, "hai mươi mốt"),
    (105, "một trăm lẻ năm"),
    (1005, "một ngàn không trăm lẻ năm"),
    (2021, "hai ngàn không trăm hai mươi mốt"),
    (1_005_000, "một triệu không trăm lẻ năm ngàn"),
    (10**15, "một triệu tỷ"),
    ("12,05", "mười hai phẩy không năm"),
]


@pytest.mark.parametrize(("value", "words"), NORTH_READINGS)
def test_number_to_words_north(value: int | Decimal | str, words: str) -> None:
    assert number_to_words(value) == words


@pytest.mark.parametrize(("value", "words"), SOUTH_READINGS)
def test_number_to_words_south(value: int | Decimal | str, words: str) -> None:
    assert number_to_words(value, variant="south") == words


@pytest.mark.parametrize("bad", [1.5, 12.05, 0.0])
def test_words_refuse_float(bad: float) -> None:
    with pytest.raises(TypeError, match="Không nhận số thực"):
        number_to_words(bad)


def test_words_refuse_out_of_range_and_unknown_variant() -> None:
    with pytest.raises(ValueError, match="quá lớn"):
        number_to_words(10**18 + 1)
    with pytest.raises(ValueError, match="Biến thể"):
        number_to_words(5, variant="central")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (150_000_000, "Một trăm năm mươi triệu đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        ("1.000.000.000", "Một tỷ đồng"),
        (Decimal("2021.00"), "Hai nghìn không trăm hai mươi mốt đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    ],
)
def test_money_to_words(amount: int | Decimal | str, words: str) -> None:
    assert money_to_words(amount) == words


def test_money_to_words_south() -> None:
    assert money_to_words(1_005_000, variant="south") == "Một triệu không trăm lẻ năm ngàn đồng"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (3, "thứ ba"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (10, "thứ mười"),
        (14, "thứ mười bốn"),
        (21, "thứ hai mươi mốt"),
        (24, "thứ hai mươi tư"),
        (101, "thứ một trăm linh một"),
    ],
)
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


def test_ordinal_refuses_zero() -> None:
    with pytest.raises(ValueError):
        ordinal(0)


# ---------------------------------------------------------------------------------------------
# Formatting and parsing numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1000, None, "1.000"),
        (999, None, "999"),
        (0, None, "0"),
        (1_000_000, None, "1.000.000"),
        (204_049, None, "204.049"),
        (-3, None, "-3"),
        (Decimal("9.5"), None, "9,5"),
        (Decimal("-3.5"), None, "-3,5"),
        (Decimal("171845.785"), None, "171.845,785"),
        (Decimal("9.50"), None, "9,50"),
        (Decimal("1E+3"), None, "1.000"),
        ("1.200", None, "1.200"),
        ("9,5", None, "9,5"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.04"), 1, "0,0"),
        (5, 2, "5,00"),
        ("1.000,5", 2, "1.000,50"),
        (Decimal("26.854"), 2, "26,85"),
    ],
)
def test_format_number(value: int | Decimal | str, decimals: int | None, text: str) -> None:
    assert format_number(value, decimals) == text


def test_format_percent_and_rate() -> None:
    assert format_percent(Decimal("98.5")) == "98,5%"
    assert format_percent("26,85") == "26,85%"
    assert format_percent(65) == "65%"
    assert format_rate(250, 100_000) == "250/100.000"
    assert format_rate("9,5", 1000) == "9,5/1.000"


@pytest.mark.parametrize("function", [format_number, format_percent, parse_number])
def test_formatting_refuses_float(function: object) -> None:
    with pytest.raises(TypeError):
        function(9.5)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9,5", Decimal("9.5")),
        ("1.200", 1200),
        ("0,05%", Decimal("0.05")),
        ("1.000.000", 1_000_000),
        ("-3", -3),
        ("12", 12),
        ("1200", 1200),
        (" 98,5% ", Decimal("98.5")),
        ("1.000,5", Decimal("1000.5")),
        ("-0", 0),
        (7, 7),
        (Decimal("1.25"), Decimal("1.25")),
    ],
)
def test_parse_number(text: str | int | Decimal, value: int | Decimal) -> None:
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("1.2", 'dùng dấu phẩy cho phần thập phân, ví dụ "1,2"'),
        ("1.20", "dùng dấu phẩy cho phần thập phân"),
        ("1,200.5", "dấu chấm dùng để tách hàng nghìn"),
        ("1 200", "không dùng dấu cách"),
        ("", "chưa có chữ số"),
        (",5", "cần chữ số trước dấu phẩy"),
        ("5,", "cần chữ số sau dấu phẩy"),
        ("1,2,3", "chỉ có một dấu phẩy"),
        ("1.000.00", "nhóm đúng 3 chữ số"),
        ("01", "bỏ số 0 ở đầu"),
        ("abc", "chỉ dùng chữ số"),
    ],
)
def test_parse_number_rejects_malformed(text: str, advice: str) -> None:
    with pytest.raises(ValueError, match="không phải là số viết đúng kiểu Việt Nam") as caught:
        parse_number(text)
    assert advice in str(caught.value)


# ---------------------------------------------------------------------------------------------
# Dates, markers, letters
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_format_date_zero_rule_every_month(month: int) -> None:
    written = f"{month:02d}" if month in (1, 2) else str(month)
    assert format_date(dt.date(2021, month, 7)) == f"ngày 07 tháng {written} năm 2021"
    assert format_date(dt.date(2021, month, 15), "short") == f"15/{written}/2021"


@pytest.mark.parametrize(
    ("d", "style", "text"),
    [
        (dt.date(2021, 1, 7), "line", "ngày 07 tháng 01 năm 2021"),
        (dt.date(2021, 5, 28), "line", "ngày 28 tháng 5 năm 2021"),
        (dt.date(2023, 2, 1), "line", "ngày 01 tháng 02 năm 2023"),
        (dt.date(2021, 1, 7), "short", "07/01/2021"),
        (dt.date(2020, 6, 19), "short", "19/6/2020"),
        (dt.datetime(2022, 5, 5, 14, 30), "short", "05/5/2022"),
    ],
)
def test_format_date(d: dt.date, style: str, text: str) -> None:
    assert format_date(d, style) == text


def test_format_date_refuses_unknown_style_and_text() -> None:
    with pytest.raises(ValueError):
        format_date(dt.date(2021, 1, 7), "long")
    with pytest.raises(TypeError):
        format_date("2021-01-07")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("i", "letter"), [(1, "a"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (10, "k"), (23, "y")]
)
def test_alpha_marker(i: int, letter: str) -> None:
    assert alpha_marker(i) == letter


@pytest.mark.parametrize("i", [0, 24, -1])
def test_alpha_marker_out_of_range(i: int) -> None:
    with pytest.raises(ValueError):
        alpha_marker(i)


@pytest.mark.parametrize(
    ("i", "numeral"),
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"), (1994, "MCMXCIV"),
     (3999, "MMMCMXCIX")],
)
def test_roman(i: int, numeral: str) -> None:
    assert roman(i) == numeral


@pytest.mark.parametrize("i", [0, 4000])
def test_roman_out_of_range(i: int) -> None:
    with pytest.raises(ValueError):
        roman(i)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phạm Tấn Hòa", "PHẠM TẤN HÒA"),
        ("đường", "ĐƯỜNG"),
        (unicodedata.normalize("NFD", "Nguyễn Thị Thủy"), "NGUYỄN THỊ THỦY"),
    ],
)
def test_upper(text: str, expected: str) -> None:
    assert upper(text) == expected
    assert unicodedata.is_normalized("NFC", upper(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà", "hòa"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        ("Thuỷ", "Thủy"),
        ("uỷ ban", "ủy ban"),
        ("tuỳ", "tùy"),
        ("luỹ", "lũy"),
        ("hoè", "hòe"),
        ("hoạ", "họa"),
        ("oà", "òa"),
        ("hoàng", "hoàng"),
        ("toán", "toán"),
        ("huyết", "huyết"),
        ("khuyến", "khuyến"),
        ("quý", "quý"),
        ("Quỳnh", "Quỳnh"),
        ("hòa, thúy.", "hòa, thúy."),
        (unicodedata.normalize("NFD", "Hoà thuý Nguyễn"), "Hòa thúy Nguyễn"),
        (unicodedata.normalize("NFD", "Phạm Tấn Hòa"), "Phạm Tấn Hòa"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == unicodedata.normalize("NFC", expected)
    assert unicodedata.is_normalized("NFC", normalize(text))


def test_filters_cover_public_functions() -> None:
    assert set(FILTERS) == {
        "number_to_words", "money_to_words", "ordinal", "format_number", "format_percent",
        "format_rate", "format_date", "parse_number", "alpha_marker", "roman", "upper",
        "normalize", "phrase_lines",
    }
    assert all(FILTERS[name].__name__ == name for name in FILTERS)


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

_GROUP = st.sampled_from([0, 0, 0, 1, 4, 5, 10, 14, 15, 21, 24, 25, 100, 101, 105, 110, 999])
_ZERO_HEAVY = st.lists(_GROUP, min_size=1, max_size=6).map(
    lambda groups: sum(g * 1000**i for i, g in enumerate(groups))
)
_INTEGERS = st.one_of(st.integers(0, 10**18), _ZERO_HEAVY, st.just(10**18))


@given(_INTEGERS)
def test_words_read_back_north(n: int) -> None:
    words = number_to_words(n)
    assert not {"lẻ", "ngàn"} & set(words.split())
    assert words_to_number(words) == n
    assert words_to_number(number_to_words(-n)) == -n


@given(_INTEGERS)
def test_words_read_back_south(n: int) -> None:
    words = number_to_words(n, variant="south")
    assert not {"linh", "nghìn", "tư"} & set(words.split())
    assert words_to_number(words) == n


@given(st.integers(-(10**18), 10**18))
def test_parse_format_round_trip_int(n: int) -> None:
    result = parse_number(format_number(n))
    assert result == n
    assert type(result) is int


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False))
def test_parse_format_round_trip_decimal(d: Decimal) -> None:
    assert parse_number(format_number(d)) == d
    assert parse_number(format_percent(d)) == d
