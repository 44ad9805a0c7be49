"""What the readers of the workbook's sheets share (config.targets_sheet, config.results_sheet).

A sheet is a row of headers over known columns, then one row per item, found by its
target's number and its key under ``Chỉ số``. A reader refuses headers that moved, a row
it does not know or finds twice, and a cell to read only that was edited (the edit would
be lost). It reads each editable cell against what the cell held when exported (kept in
the workbook, config.excel_in): what the officer changed is written, a value that changed
in the YAML file meanwhile is neither undone nor overwritten silently.

The sheets differ in their columns and rows, and their messages in a few words
(:class:`Words`); every message says how to fix what it tells.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.config.excel_cells import (
    SAMPLE_WORD,
    CellProblem,
    CellValueError,
    State,
    clean_text,
    merged_origins,
    read_number,
    read_state,
    read_text,
    same_state,
    shown,
)
from generator.config.yaml_edit import DELETE
from generator.config.yaml_source import PathKey, dotted
from generator.domain.model import Number

T = TypeVar("T")
Letters = dict[tuple[str, int | None], str]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    year: int | None = None
    editable: bool = False
    per_target: bool = False  # one cell for the target, merged over its indicator rows


def column_letters(columns: list[Column]) -> Letters:
    """The column letter of each (key, year)."""
    return {(c.key, c.year): get_column_letter(i) for i, c in enumerate(columns, 1)}


@dataclass
class SheetImport:
    """The changes an edited sheet asks for, and the cell each one came from."""

    changes: dict[PathKey, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # dotted path → "Chỉ tiêu!I5"
    problems: list[CellProblem] = field(default_factory=list)


# --- an edited cell -----------------------------------------------------------------------

class Edit(Enum):
    KEEP = "keep"  # nothing to write: as exported, or already what the file says now
    CONFLICT = "conflict"  # changed in the file since the export, and edited otherwise
    CHANGE = "change"  # edited while the file kept the exported value: written


def edit_of(typed: T, now: T, before: T,
            same: Callable[[T, T], bool] = operator.eq) -> Edit:
    """What a cell asks for that holds ``typed``, held ``before`` when exported, and whose
    value in the file is ``now``."""
    if same(typed, before):
        return Edit.KEEP
    if not same(now, before):
        return Edit.KEEP if same(typed, now) else Edit.CONFLICT
    return Edit.CHANGE


def conflict(what: str, file_name: str, before: str, now: str, typed: str) -> str:
    """The message of an :attr:`Edit.CONFLICT`, values as the officer reads them."""
    return (f"{what} trong tệp {file_name} đã đổi từ {before} thành {now} sau khi xuất tệp "
            f"Excel, và ô cũng đã sửa thành {typed}: xuất lại tệp (vanban excel export) rồi "
            "sửa lại")


@dataclass(frozen=True)
class Words:
    """The words that tell one sheet's number cells from another's in its messages."""

    value: str  # what a cell holds: "giá trị", "kết quả"
    whole: str  # the same, named on its own: "giá trị chỉ tiêu", "kết quả"
    blank: str  # what an empty cell stands for: "giá trị quốc gia"
    leave_blank: str  # when to leave a cell empty: "để dùng giá trị quốc gia"
    real: str  # what a sample gives way to: "giá trị của tỉnh"

    def said(self, state: State, percent: bool) -> str:
        kind, value = state
        if value is None:
            return f"để trống ({self.blank})"
        return (f"{SAMPLE_WORD} " if kind == "sample" else "") + shown(value, percent)


# --- a sheet ------------------------------------------------------------------------------

class SheetReader:
    """The reading every sheet shares; a subclass names its rows and reads their cells."""

    name: str  # the sheet's name, as problems and cells name it
    header_row: int
    first_row: int
    table_name: str  # "bảng chỉ tiêu": what a row that does not belong is not part of
    read_only_why: str  # where the values to read only are changed instead
    words: Words

    def __init__(self, sheet: Worksheet, columns: list[Column],
                 exported: Mapping[str, Any] | None, file_name: str) -> None:
        self.sheet = sheet
        self.columns = columns
        self.letter = column_letters(columns)
        self.exported = exported if isinstance(exported, Mapping) else {}
        self.file_name = file_name
        self.origins = merged_origins(sheet)
        self.result = SheetImport()

    def problem(self, cell: str, message: str) -> None:
        self.result.problems.append(CellProblem(self.name, cell, message))

    def value(self, coordinate: str) -> Any:
        return self.sheet[self.origins.get(coordinate, coordinate)].value

    def exported_part(self, part: str) -> Mapping[str, Any]:
        found = self.exported.get(part)
        return found if isinstance(found, Mapping) else {}

    def headers_ok(self) -> bool:
        good = True
        for column in self.columns:
            coordinate = f"{self.letter[(column.key, column.year)]}{self.header_row}"
            found = read_text(self.sheet[coordinate])
            if found != column.header:
                self.problem(coordinate, f'tiêu đề cột là "{found}", cần "{column.header}": '
                                         "cột bị xóa, chèn hoặc đổi chỗ; xuất lại tệp bằng "
                                         "vanban excel export rồi sửa trên tệp mới")
                good = False
        return good

    def row_name(self, key: str) -> str:
        """A row as messages name it, by its key under ``Chỉ số``."""
        return f"dòng của chỉ số '{key}'"

    def find_rows(self, wanted: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """The sheet row of each (target's number, key) ``wanted``; a row not wanted, one
        found twice and one missing are problems."""
        wanted = list(wanted)
        known = set(wanted)
        found: dict[tuple[int, str], int] = {}
        number_column = self.letter[("number", None)]
        key_column = self.letter[("indicator", None)]
        for index in range(self.first_row, self.sheet.max_row + 1):
            cells = [self.sheet.cell(row=index, column=c).value
                     for c in range(1, len(self.columns) + 1)]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells) \
                    and f"{number_column}{index}" not in self.origins:
                continue
            number = self.value(f"{number_column}{index}")
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            key = clean_text(str(self.value(f"{key_column}{index}") or ""))
            where = (number, key)
            if where not in known:
                self.problem(f"{key_column}{index}",
                             f"không có chỉ tiêu {number}, chỉ số '{key}': dòng này không "
                             f"thuộc {self.table_name} đã xuất; xóa dòng này hoặc xuất lại tệp")
            elif where in found:
                self.problem(f"{key_column}{index}",
                             f"{self.row_name(key)} của chỉ tiêu {number} đã có ở dòng "
                             f"{found[where]}; xóa dòng thừa")
            else:
                found[where] = index
        for number, key in wanted:
            if (number, key) not in found:
                self.problem("", f"thiếu {self.row_name(key)} của chỉ tiêu {number}; xuất lại "
                                 "tệp bằng vanban excel export")
        return found

    # --- cells to read only -------------------------------------------------------------

    def read_only(self, coordinate: str, text: str) -> None:
        self.problem(coordinate, f"cột này chỉ để xem, không nhập từ Excel ({self.read_only_why})"
                                 "; trả lại " + (f'"{text}"' if text else "ô trống"))

    def fixed_text(self, coordinate: str, text: str) -> None:
        """A text cell to read only, refused when edited: the change would be lost."""
        if read_text(self.sheet[coordinate]) != text:
            self.read_only(coordinate, text)

    def fixed_number(self, coordinate: str, wanted: Number | None, percent: bool) -> None:
        """A number cell to read only, refused when edited."""
        try:
            found = read_number(self.sheet[coordinate], percent=percent).value
        except CellValueError:
            found = Decimal(-1)
        if (found is None) != (wanted is None) or (
                found is not None and wanted is not None and found != wanted):
            self.read_only(coordinate, "" if wanted is None else shown(wanted, percent))

    # --- editable number cells ----------------------------------------------------------

    def number(self, coordinate: str, path: PathKey, *, year: int, percent: bool,
               now: State, exported: Any) -> None:
        """An editable number cell for ``year`` (``path`` in the file, ``now`` there,
        ``exported`` as the workbook kept it): a change when the officer made one."""
        words = self.words
        self.result.cells[dotted(path)] = f"{self.name}!{coordinate}"
        try:
            typed = read_number(self.sheet[coordinate], percent=percent)
        except CellValueError as exc:
            self.problem(coordinate, f"{exc}; gõ lại {words.value} năm {year}, ví dụ "
                                     f"{'8,5%' if percent else '9,5'}, hoặc để trống "
                                     f"{words.leave_blank}")
            return
        if typed.value is not None and not self._in_range(coordinate, typed.value, percent):
            return
        before = read_state(exported) or now
        state: State = ("blank", None) if typed.value is None else (
            "sample" if typed.sample else "value", typed.value)
        edit = edit_of(state, now, before, same_state)
        if edit is Edit.CONFLICT:
            self.problem(coordinate, conflict(f"{words.value} này", self.file_name,
                                              words.said(before, percent),
                                              words.said(now, percent),
                                              words.said(state, percent)))
        elif edit is Edit.CHANGE and typed.sample:
            self.problem(coordinate, f'{words.value} đã sửa nhưng còn chữ "{SAMPLE_WORD}" '
                                     f"({words.said(state, percent)}): xóa chữ "
                                     f'"{SAMPLE_WORD}" để ghi {words.real}, hoặc trả lại '
                                     f'"{words.said(before, percent)}"')
        elif edit is Edit.CHANGE:
            self.result.changes[path] = DELETE if typed.value is None else typed.value

    def _in_range(self, coordinate: str, value: Number, percent: bool) -> bool:
        if percent and not 0 <= value <= 100:
            self.problem(coordinate, f"{shown(value, True)}: tỷ lệ phần trăm phải từ 0% đến "
                                     "100%; gõ lại đúng tỷ lệ, ví dụ 85% hoặc 85")
            return False
        if value < 0:
            self.problem(coordinate, f"{shown(value, False)}: {self.words.whole} không được "
                                     "âm; gõ lại số không âm")
            return False
        return True
