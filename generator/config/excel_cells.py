"""Reading cells of an Excel sheet the way officers type them.

A value arrives as a number Excel understood (8.5, or 0.085 shown as a percentage), or
as text Excel did not (``"8,5"``, ``"8,5%"``, ``"1.200"``, `` 8,5 `` with stray spaces,
depending on the machine's language settings). Both are read to the exact number the
officer saw: a percentage cell's 0.085 is 8,5 (%), "1.200" is one thousand two hundred.
What is not a number (a date Excel made of "8/5", ``#DIV/0!``, "9.5.") is refused with
the sheet and cell named, in Vietnamese, and never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from generator.domain.errors import VanbanError
from generator.domain.model import Number
from generator.domain.vietnamese import format_number, parse_number

SAMPLE_WORD = "mẫu"  # a sample value (!mau) is shown as "mẫu 9,5"
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True)
class CellProblem:
    """One thing wrong in the workbook, where the officer sees it."""

    sheet: str
    cell: str  # "F12", or "" for the sheet as a whole
    message: str

    def format(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}" if self.cell else \
            f"{self.sheet}: {self.message}"


class ExcelError(VanbanError):
    """The workbook cannot be imported; carries every problem found, not the first."""

    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class CellValueError(ValueError):
    """A cell that does not hold what its column needs; the message names what was found."""


@dataclass(frozen=True)
class Typed:
    """What a number cell holds: nothing, a number, or the sample value left as it was."""

    value: Number | None
    sample: bool = False


# What an editable number cell held when exported, kept in the workbook (config.excel_in):
# ("blank", None), ("value", 9.5) or ("sample", 9.5) for a sample value left as "mẫu 9,5".
State = tuple[str, Number | None]


def read_state(raw: Any) -> State | None:
    """A state as the workbook keeps it (``["value", "9.5"]``); None when unreadable."""
    if not isinstance(raw, list) or len(raw) != 2 or raw[0] not in ("blank", "value", "sample"):
        return None
    if raw[0] == "blank":
        return ("blank", None)
    try:
        number = Decimal(str(raw[1]))
    except ArithmeticError:
        return None
    return (raw[0], int(number) if number == number.to_integral_value() else number)


def same_state(a: State, b: State) -> bool:
    return a[0] == b[0] and (a[1] is None) == (b[1] is None) and (
        a[1] is None or b[1] is None or Decimal(a[1]) == Decimal(b[1]))


def clean_text(text: str) -> str:
    """Text as typed, with the spaces Excel and Word slip in (non-breaking, thin) made
    ordinary, runs of them made one, and none at the ends."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_percent_format(number_format: str | None) -> bool:
    """Whether a number format shows the value as a percentage (0.085 as 8,5%); a "%"
    written as a literal ("0.0\"%\"") does not multiply and does not count."""
    return "%" in _FORMAT_LITERALS.sub("", number_format or "")


def exact(value: float | int | Decimal) -> Number:
    """The number a float cell holds, as the officer typed it: Excel stores 8,5% as
    8.5000000000000006E-2, whose shortest form is 0.085; arithmetic noise past ten
    places is dropped."""
    if isinstance(value, int):
        return value
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if number.as_tuple().exponent < -10:  # type: ignore[operator]
        number = number.quantize(Decimal("1e-10"))
    number = number.normalize()
    if number == number.to_integral_value():
        return int(number)
    return number


def shown(value: Number, percent: bool) -> str:
    """A value as the sheet and the documents write it: 9,5 or 8,5%."""
    return format_number(value) + ("%" if percent else "")


def sample_text(value: Number, percent: bool) -> str:
    return f"{SAMPLE_WORD} {shown(value, percent)}"


def read_number(cell: Cell, *, percent: bool) -> Typed:
    """The number in ``cell`` (percentage points for a percentage indicator).

    Raises CellValueError with a Vietnamese message when the cell holds anything else.
    """
    value: Any = cell.value
    if value is None:
        return Typed(None)
    if cell.data_type == "f":
        raise CellValueError(f'ô chứa công thức "{value}": gõ thẳng số vào ô (hoặc sao chép '
                             'rồi dán đặc biệt, chỉ giá trị)')
    if isinstance(value, bool):
        raise CellValueError(f'"{"TRUE" if value else "FALSE"}" là giá trị đúng/sai, không '
                             "phải là số")
    if isinstance(value, (datetime, date, time)):
        when = value.strftime("%d/%m/%Y") if isinstance(value, (datetime, date)) else \
            value.strftime("%H:%M")
        raise CellValueError(f"Excel đã hiểu giá trị gõ vào là ngày giờ ({when}), không phải "
                             "là số: định dạng ô là Number (Số) rồi gõ lại, ví dụ 8,5")
    if isinstance(value, (int, float, Decimal)):
        try:
            number = exact(value)
        except (InvalidOperation, ValueError):
            raise CellValueError(f'"{value}" không phải là số') from None
        if percent and is_percent_format(cell.number_format):
            number = exact(Decimal(number) * 100)
        return Typed(number)
    if cell.data_type == "e" or (isinstance(value, str) and value.startswith("#")
                                 and value.endswith(("!", "?", "A"))):
        raise CellValueError(f"ô báo lỗi {value} của Excel, không phải là số")
    text = clean_text(str(value))
    if not text:
        return Typed(None)
    sample = text.casefold().startswith(SAMPLE_WORD)
    body = text[len(SAMPLE_WORD):].strip(" :") if sample else text
    if body.endswith("%") and not percent:
        raise CellValueError(f'"{text}" có dấu %, nhưng chỉ số này không tính bằng phần trăm')
    try:
        number = parse_number(body)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        if not message.startswith(f'"{body}"'):
            message = f'"{body}" không phải là số: {message}'
        raise CellValueError(message.replace(f'"{body}"', f'"{text}"', 1)) from None
    return Typed(number, sample)


def read_text(cell: Cell) -> str:
    """A text cell, cleaned; a number cell as the sheet shows it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(exact(value))
    return clean_text(str(value))


def merged_origins(sheet: Worksheet) -> dict[str, str]:
    """For each cell inside a merged range but its first, the first (where the value is)."""
    origins: dict[str, str] = {}
    for merged in sheet.merged_cells.ranges:
        first = merged.start_cell.coordinate
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                coordinate = sheet.cell(row=row, column=column).coordinate
                if coordinate != first:
                    origins[coordinate] = first
    return origins
