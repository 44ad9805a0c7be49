"""Vietnamese numbers, dates, money words and spelling, exposed to templates as Jinja filters.

Every template formats values through these functions (registered under the same names via
``FILTERS``) so that one province's plan cannot write "1,000" where another writes "1.000".
The conventions follow official texts (docs/domain.md §3): decimal comma, thousands dot,
percent without a space, the Decree 30 date line, amounts in words with a capital letter.

Exact values only: a float cannot carry what the author wrote ("12,05" is not the float
12.05, "1.200" in YAML is the float 1.2), so every function here refuses floats and takes
``int``, ``decimal.Decimal`` or text in Vietnamese notation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from generator.domain.line_breaks import phrase_lines

Number = int | Decimal

__all__ = [
    "FILTERS",
    "alpha_marker",
    "format_date",
    "format_number",
    "format_percent",
    "format_rate",
    "money_to_words",
    "normalize",
    "number_to_words",
    "ordinal",
    "parse_number",
    "roman",
    "upper",
]

# ---------------------------------------------------------------------------------------------
# Reading numbers written in Vietnamese notation
# ---------------------------------------------------------------------------------------------

_MINUS_SIGNS = ("-", "\u2212")
_PLAIN = re.compile(r"0|[1-9]\d*")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_DIGITS_ONLY = re.compile(r"\d+")


def _refuse_inexact(value: object) -> None:
    """Refuse floats and booleans: neither can carry the value the author wrote."""
    if isinstance(value, bool):
        raise TypeError(f"Giá trị {value!r} là kiểu đúng/sai, không phải số.")
    if isinstance(value, float):
        raise TypeError(
            f"Không nhận số thực dấu phẩy động ({value!r}): kiểu này không giữ đúng số đã viết "
            '(ví dụ 12,05 hay 1.200). Hãy viết số trong YAML dưới dạng chuỗi có ngoặc kép, '
            'ví dụ "9,5" hoặc "1.200", hoặc dùng int/Decimal.'
        )


def _malformed(text: str, advice: str) -> ValueError:
    """Build the one error shape used for unreadable numbers: what was found and what to write."""
    return ValueError(f'"{text}" không phải là số viết đúng kiểu Việt Nam: {advice}')


def _explain_malformed(text: str, body: str) -> ValueError:
    """Say what to write instead, for the mistakes authors actually make."""
    if not body:
        return _malformed(text, 'chưa có chữ số nào; hãy viết một số, ví dụ "12" hoặc "9,5".')
    if re.search(r"\s", body):
        return _malformed(
            text, 'không dùng dấu cách trong số; dùng dấu chấm để tách hàng nghìn, ví dụ "1.200".'
        )
    if "," in body and "." in body and body.rfind(".") > body.rfind(","):
        return _malformed(
            text,
            "dấu chấm dùng để tách hàng nghìn, dấu phẩy cho phần thập phân, "
            'ví dụ "1.200,5" (không viết "1,200.5").',
        )
    if body.count(",") > 1:
        return _malformed(text, 'chỉ có một dấu phẩy thập phân, ví dụ "1.200,5".')
    whole = body.split(",")[0]
    if re.fullmatch(r"\d+\.\d+", whole) and not _GROUPED.fullmatch(whole):
        return _malformed(
            text,
            f'dùng dấu phẩy cho phần thập phân, ví dụ "{whole.replace(".", ",")}"; '
            'dấu chấm chỉ tách hàng nghìn theo nhóm đúng 3 chữ số, ví dụ "1.200".',
        )
    if body.startswith(","):
        return _malformed(text, f'cần chữ số trước dấu phẩy, ví dụ "0{body}".')
    if body.endswith(","):
        return _malformed(text, f'cần chữ số sau dấu phẩy, ví dụ "{body}5" hoặc "{body[:-1]}".')
    if re.fullmatch(r"0\d+(?:[.,]\d+)*", body):
        return _malformed(text, f'bỏ số 0 ở đầu, ví dụ "{body.lstrip("0") or "0"}".')
    if "." in whole:
        return _malformed(
            text,
            'dấu chấm tách hàng nghìn theo nhóm đúng 3 chữ số, ví dụ "1.200" hoặc "1.000.000".',
        )
    return _malformed(
        text, 'chỉ dùng chữ số, dấu chấm hàng nghìn và dấu phẩy thập phân, ví dụ "1.200,5".'
    )


def _split_text(text: str) -> tuple[bool, str, str | None]:
    """Split Vietnamese notation into (negative, integer digits, fraction digits as written).

    The fraction is kept as a digit string so that "9,50" stays "50": number_to_words must
    read what was written, and Decimal("9.50") keeps the trailing zero too.
    """
    body = text.strip()
    if body.endswith("%"):
        body = body[:-1].rstrip()
    negative = body.startswith(_MINUS_SIGNS)
    if negative:
        body = body[1:]
    whole, comma, fraction = body.partition(",")
    if comma and not _DIGITS_ONLY.fullmatch(fraction):
        raise _explain_malformed(text, body)
    if _PLAIN.fullmatch(whole):
        digits = whole
    elif _GROUPED.fullmatch(whole):
        digits = whole.replace(".", "")
    else:
        raise _explain_malformed(text, body)
    return negative, digits, (fraction if comma else None)


def _split_value(value: object) -> tuple[bool, str, str | None]:
    """Same split for int, Decimal and str, so every function sees the digits as written."""
    _refuse_inexact(value)
    if isinstance(value, int):
        return value < 0, str(abs(value)), None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Giá trị {value} không phải là một số hữu hạn.")
        whole, _, fraction = format(abs(value), "f").partition(".")
        return value.is_signed(), whole, (fraction or None)
    if isinstance(value, str):
        return _split_text(value)
    raise TypeError(
        f"Cần một số (int, Decimal hoặc chuỗi như \"9,5\"), nhận được kiểu {type(value).__name__}."
    )


def _is_zero(whole: str, fraction: str | None) -> bool:
    """True for every spelling of zero, so that no "-0" or "âm không" is ever written."""
    return not whole.strip("0") and not (fraction or "").strip("0")


def parse_number(text: str | int | Decimal) -> Number:
    """Read a number written the Vietnamese way in YAML: "9,5", "1.200", "98,5%".

    Returns ``int`` when no fraction is written and ``Decimal`` otherwise, so the exact
    value survives. "." only separates thousands (groups of exactly 3 digits) and "," is the
    decimal comma; anything else ("1.2", "1,200.5", "1 200") is ambiguous or malformed and is
    refused with a message saying what to write, rather than guessed.
    """
    if isinstance(text, Decimal):
        _split_value(text)
        return text
    _refuse_inexact(text)
    if isinstance(text, int):
        return text
    if not isinstance(text, str):
        raise TypeError(f"Cần chuỗi số như \"9,5\", nhận được kiểu {type(text).__name__}.")
    negative, whole, fraction = _split_text(text)
    sign = "-" if negative and not _is_zero(whole, fraction) else ""
    if fraction is None:
        return int(sign + whole)
    return Decimal(f"{sign}{whole}.{fraction}")


# ---------------------------------------------------------------------------------------------
# Formatting numbers
# ---------------------------------------------------------------------------------------------


def _exact(value: object) -> Number:
    """Turn any accepted input into int or Decimal, refusing floats."""
    _refuse_inexact(value)
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, int | Decimal):
        _split_value(value)
        return value
    raise TypeError(
        f"Cần một số (int, Decimal hoặc chuỗi như \"9,5\"), nhận được kiểu {type(value).__name__}."
    )


def _round(value: Number, decimals: int) -> Decimal:
    """Round half up (the school rule readers expect), with enough precision for any size."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"Số chữ số thập phân phải là số nguyên không âm, nhận được {decimals!r}.")
    exact = Decimal(value)
    with localcontext() as context:
        context.prec = max(28, exact.adjusted() + decimals + 5)
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    """1234567 -> 1.234.567; below 10.000 too, since the seeds write "1.000 trẻ đẻ sống"."""
    return f"{int(digits):,}".replace(",", ".")


def format_number(value: Number | str, decimals: int | None = None) -> str:
    """Write a number with a decimal comma and a thousands dot: "1.000", "9,5", "171.845,785".

    With ``decimals`` the value is rounded half up or padded to that many places; without it
    the digits are kept exactly as given (Decimal("9.50") stays "9,50").
    """
    number = _exact(value)
    if decimals is not None:
        number = _round(number, decimals)
    negative, whole, fraction = _split_value(number)
    sign = "-" if negative and not _is_zero(whole, fraction) else ""
    text = sign + _group_thousands(whole)
    return f"{text},{fraction}" if fraction else text


def format_percent(value: Number | str, decimals: int | None = None) -> str:
    """Write a percentage with no space before the sign: "98,5%" (as official texts and CLDR)."""
    return format_number(value, decimals) + "%"


def format_rate(value: Number | str, per: Number | str) -> str:
    """Write a rate as the targets do: format_rate(250, 100000) -> "250/100.000"."""
    return f"{format_number(value)}/{format_number(per)}"


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def _date_parts(d: dt.date) -> tuple[str, str, str]:
    """Day always 2 digits; month zero-padded only for 1 and 2 (Decree 30, Appendix I)."""
    if not isinstance(d, dt.date):
        raise TypeError(f"Cần một ngày (datetime.date), nhận được kiểu {type(d).__name__}.")
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}", month, str(d.year)


def format_date(d: dt.date, style: str = "line") -> str:
    """Write a date the Decree 30 way.

    ``style="line"`` gives the date line "ngày 07 tháng 01 năm 2021"; ``style="short"`` the
    in-text citation form "07/01/2021", "19/6/2020". Zero before days below 10 and before
    months 1 and 2 only (so that "tháng 1" cannot be altered into "tháng 11").
    """
    day, month, year = _date_parts(d)
    if style == "line":
        return f"ngày {day} tháng {month} năm {year}"
    if style == "short":
        return f"{day}/{month}/{year}"
    raise ValueError(f'Kiểu ngày "{style}" không có; dùng "line" hoặc "short".')


# ---------------------------------------------------------------------------------------------
# List markers and letters
# ---------------------------------------------------------------------------------------------

_ALPHA_MARKERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def _require_int(i: object, what: str) -> int:
    """List positions are whole numbers; a float or bool here is a template bug."""
    if isinstance(i, bool) or not isinstance(i, int):
        raise TypeError(f"{what} phải là số nguyên, nhận được {i!r}.")
    return i


def alpha_marker(i: int) -> str:
    """Letter for the i-th item of a lettered list (a, b, c, d, đ, e, ...), as Decree 30 texts use.

    Only the letter: the template writes the ")" so that the style stays in the template.
    """
    _require_int(i, "Số thứ tự mục")
    if not 1 <= i <= len(_ALPHA_MARKERS):
        raise ValueError(
            f"Danh sách chữ cái chỉ có {len(_ALPHA_MARKERS)} mục (a đến y), không có mục thứ {i}."
        )
    return _ALPHA_MARKERS[i - 1]


def roman(i: int) -> str:
    """Roman numeral for section headings (I, II, III, IV, ...), 1 to 3999."""
    _require_int(i, "Số La Mã")
    if not 1 <= i <= 3999:
        raise ValueError(f"Số La Mã chỉ viết được từ 1 đến 3999, nhận được {i}.")
    parts = []
    for amount, letters in _ROMAN:
        count, i = divmod(i, amount)
        parts.append(letters * count)
    return "".join(parts)


def upper(text: str) -> str:
    """Upper case keeping every diacritic ("Phạm Tấn Hòa" -> "PHẠM TẤN HÒA"), returned as NFC.

    Normalising before and after makes NFD input (base letter + combining marks) come out in
    the same composed form as everything else, so names compare equal.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


# ---------------------------------------------------------------------------------------------
# Spelling: NFC and tone placement
# ---------------------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_NOT_AFTER_SYLLABLE = r"(?![\u0300-\u036f]|[^\W\d_])"
_OLD_OA_OE = re.compile(rf"([oO])([aAeE])([{_TONES}]){_NOT_AFTER_SYLLABLE}")
_OLD_UY = re.compile(rf"(?<![qQ])([uU])([yY])([{_TONES}]){_NOT_AFTER_SYLLABLE}")


def _move_tone(match: re.Match[str]) -> str:
    """Put the tone on the first vowel: o + a + grave -> o + grave + a (decomposed form)."""
    first, second, tone = match.groups()
    return first + tone + second


def normalize(text: str) -> str:
    """NFC text with the tone placement used in official names ("Hoà" -> "Hòa", "Thuý" -> "Thúy").

    Different keyboards produce decomposed text and old tone placement; two spellings of one
    name that look identical must compare equal. Only open syllables ending in oa, oe, uy move
    the tone ("hoàng", "toán", "khuyến" have a final letter and stay; "quý" keeps its tone on
    y, since "qu" is the consonant there). Everything else is kept as it is.
    """
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_OA_OE.sub(_move_tone, decomposed)
    decomposed = _OLD_UY.sub(_move_tone, decomposed)
    return unicodedata.normalize("NFC", decomposed)

# ---------------------------------------------------------------------------------------------
# Numbers in words
# ---------------------------------------------------------------------------------------------
#
# num2words 0.5.14 (lang="vi") is not used for the reading: it is wrong on most numbers an
# administrative text contains (2021 -> "hai nghìn lẻ hai mươi mốt", 1.005.000 -> "một triệu
# năm nghìn", -5 -> "mười lăm", 10**15 -> "một trăm nghìn tỷ", 10**18 -> "một Quintillion"),
# it has only the southern "lẻ" and "bốn", and crashes on str input. Correcting it would mean
# re-reading every 3-digit group it produces, which is more code than the ~50 lines below
# that read the groups directly.

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_VARIANTS = {
    # variant: (word for a zero tens digit, word for thousand, 4 after "mươi")
    "north": ("linh", "nghìn", "tư"),
    "south": ("lẻ", "ngàn", "bốn"),
}
_MAX_INTEGER = 10**18
_BILLION = 10**9


def _variant_words(variant: str) -> tuple[str, str, str]:
    """Words that differ by region; a province picks one in its configuration."""
    try:
        return _VARIANTS[variant]
    except KeyError:
        raise ValueError(
            f'Biến thể "{variant}" không có; dùng "north" (miền Bắc) hoặc "south" (miền Nam).'
        ) from None


def _unit_after_tens(unit: int, variant: str) -> str:
    """Units after "mươi" change their word: 21 "mốt", 25 "lăm", 24 "tư" (north) or "bốn"."""
    if unit == 1:
        return "mốt"
    if unit == 5:
        return "lăm"
    if unit == 4:
        return _variant_words(variant)[2]
    return _DIGIT_WORDS[unit]


def _read_triple(n: int, full: bool, variant: str) -> list[str]:
    """Read 0..999; ``full`` reads an inner group with its zero hundreds ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words = [_DIGIT_WORDS[hundreds], "trăm"] if full or hundreds else []
    if tens == 0:
        if unit and words:
            words.append(_variant_words(variant)[0])
        if unit:
            words.append(_DIGIT_WORDS[unit])
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append("lăm" if unit == 5 else _DIGIT_WORDS[unit])
    else:
        words += [_DIGIT_WORDS[tens], "mươi"]
        if unit:
            words.append(_unit_after_tens(unit, variant))
    return words


def _read_below_billion(n: int, leading: bool, variant: str) -> list[str]:
    """Read 1..999.999.999 by groups, skipping empty groups, reading inner groups in full."""
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    groups = ((millions, "triệu"), (thousands, _variant_words(variant)[1]), (units, ""))
    words: list[str] = []
    for group, scale in groups:
        if group:
            words += _read_triple(group, full=bool(words) or not leading, variant=variant)
            words += [scale] if scale else []
    return words


def _read_integer(n: int, variant: str) -> list[str]:
    """Read a non-negative integer; above a billion the count of "tỷ" is read as a number.

    So 10**12 is "một nghìn tỷ", 10**15 "một triệu tỷ" and 10**18 "một tỷ tỷ".
    """
    if n == 0:
        return [_DIGIT_WORDS[0]]
    high, low = divmod(n, _BILLION)
    if not high:
        return _read_below_billion(n, leading=True, variant=variant)
    words = [*_read_integer(high, variant), "tỷ"]
    return words + (_read_below_billion(low, leading=False, variant=variant) if low else [])


def _read_fraction(digits: str, variant: str) -> list[str]:
    """Read the digits after the comma as written: leading zeros as "không", the rest as a number.

    0,05 -> "không năm"; 12,25 -> "hai mươi lăm"; "9,50" -> "năm mươi" (written so).
    """
    significant = digits.lstrip("0")
    zeros = [_DIGIT_WORDS[0]] * (len(digits) - len(significant))
    return zeros + (_read_integer(int(significant), variant) if significant else [])


def _words(parts: tuple[bool, str, str | None], variant: str) -> str:
    """Words for a split number: "âm", integer part, "phẩy", fraction digits."""
    negative, whole, fraction = parts
    _variant_words(variant)
    integer = int(whole)
    if integer > _MAX_INTEGER:
        raise ValueError(
            f"Số {format_number(integer)} quá lớn để đọc thành chữ (tối đa 10^18, một tỷ tỷ)."
        )
    words = ["âm"] if negative and not _is_zero(whole, fraction) else []
    words += _read_integer(integer, variant)
    if fraction is not None:
        words += ["phẩy", *_read_fraction(fraction, variant)]
    return " ".join(words)


def number_to_words(value: Number | str, *, variant: str = "north") -> str:
    """Read a number in words as written: "9,5" -> "chín phẩy năm", 2021 -> "hai nghìn không
    trăm hai mươi mốt", -5 -> "âm năm".

    Takes int, Decimal (its exact digits, so Decimal("9.50") reads "chín phẩy năm mươi") or
    Vietnamese notation; a float is refused because it has lost what was written.
    ``variant="south"`` reads "lẻ", "ngàn" and "bốn" after "mươi".
    """
    return _words(_split_value(value), variant)


def money_to_words(amount: Number | str, *, variant: str = "north") -> str:
    """Amount in words as written in parentheses after figures: "Một trăm năm mươi triệu đồng".

    A fraction of zeros ("1.000,00") is dropped: the đồng has no subunit to read.
    """
    negative, whole, fraction = _split_value(amount)
    if fraction is not None and not fraction.strip("0"):
        fraction = None
    words = _words((negative, whole, fraction), variant)
    return f"{words[0].upper()}{words[1:]} đồng"


def ordinal(n: int, *, variant: str = "north") -> str:
    """Ordinal as in "lần thứ tư": thứ nhất, thứ hai, thứ ba, thứ tư, thứ năm, ..., thứ mười bốn.

    Only 1 and 4 have their own words ("nhất", "tư"); beyond them it is "thứ" + the number.
    """
    _require_int(n, "Số thứ tự")
    if n < 1:
        raise ValueError(f"Số thứ tự phải từ 1 trở lên, nhận được {n}.")
    special = {1: "nhất", 4: "tư"}
    return f"thứ {special.get(n) or number_to_words(n, variant=variant)}"


FILTERS: dict[str, Callable[..., Any]] = {
    "alpha_marker": alpha_marker,
    "format_date": format_date,
    "format_number": format_number,
    "format_percent": format_percent,
    "format_rate": format_rate,
    "money_to_words": money_to_words,
    "normalize": normalize,
    "number_to_words": number_to_words,
    "ordinal": ordinal,
    "parse_number": parse_number,
    "phrase_lines": phrase_lines,
    "roman": roman,
    "upper": upper,
}


def fold(text: str) -> str:
    """Upper case without diacritics or extra spaces, for recognising words.

    Tone placement differs between keyboards ("HÒA"/"HOÀ", "ỦY"/"UỶ"); folding
    makes both spellings compare equal when we only need to know what a line *is*.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", bare).strip().upper()
