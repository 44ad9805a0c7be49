"""The sheet ``Chỉ tiêu`` of the Excel workbook: its columns, and reading it back.

One row per indicator (chỉ tiêu 4 has four: a, b, c, d), the target's number, goal and
leading department merged over its rows. Only the province's own values and the leading
department can be edited; an empty own value means the national value. output.excel_out
writes the sheet from this layout; :func:`read` turns an edited sheet into changes of the
province file (config.writer), each tied to the cell it came from.

A change is what the officer changed since the export: each cell is compared with the
value it was exported with (kept in the workbook, see config.excel_in), so a value that
changed in the YAML file meanwhile is neither undone nor overwritten silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.config.excel_cells import (
    CellProblem,
    CellValueError,
    State,
    Typed,
    clean_text,
    merged_origins,
    read_number,
    read_state,
    read_text,
    same_state,
    shown,
)
from generator.config.targets_table import IndicatorRow, TargetsTable, lead_changes
from generator.config.yaml_edit import DELETE
from generator.config.yaml_source import PathKey, dotted

NAME = "Chỉ tiêu"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3

UNIT_LABELS = {"percent": "%", "per1000": "‰ (trên 1.000)", "per100000": "trên 100.000",
               "number": "số"}
DIRECTION_LABELS = {"increase": "Tăng (càng cao càng tốt)",
                    "decrease": "Giảm (càng thấp càng tốt)",
                    "maintain": "Duy trì"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    year: int | None = None
    editable: bool = False
    per_target: bool = False  # one cell for the target, merged over its indicator rows


def columns(years: tuple[int, ...]) -> list[Column]:
    return [
        Column("number", "Chỉ tiêu", 9, per_target=True),
        Column("goal", "Mục tiêu", 9, per_target=True),
        Column("indicator", "Chỉ số", 7),
        Column("label", "Nội dung chỉ số", 46),
        Column("unit", "Đơn vị", 13),
        Column("direction", "Chiều", 24),
        *(Column("national", f"Quốc gia {year}", 12, year) for year in years),
        *(Column("own", f"Tỉnh {year}", 12, year, editable=True) for year in years),
        Column("lead", "Sở chủ trì", 34, editable=True, per_target=True),
    ]


def letters(years: tuple[int, ...]) -> dict[tuple[str, int | None], str]:
    """The column letter of each (key, year)."""
    return {(c.key, c.year): get_column_letter(i) for i, c in enumerate(columns(years), 1)}


def row_key(row: IndicatorRow) -> str:
    return f"{row.number}.{row.key}"


# --- what each cell held when exported ------------------------------------------------------

def own_state(row: IndicatorRow, year: int) -> State:
    if year not in row.own:
        return ("blank", None)
    return ("sample" if year in row.samples else "value", row.own[year])


def baseline(table: TargetsTable) -> dict[str, Any]:
    """The exported values of the editable cells, kept in the workbook."""
    values = {f"{row_key(row)}.{year}": [kind, None if value is None else str(value)]
              for row in table.rows for year in table.years
              for kind, value in [own_state(row, year)]}
    return {"values": values, "leads": {str(n): key for n, key in table.lead.items()}}


def _said(state: State, percent: bool) -> str:
    kind, value = state
    if value is None:
        return "để trống (giá trị quốc gia)"
    return ("mẫu " if kind == "sample" else "") + shown(value, percent)


# --- reading ----------------------------------------------------------------------------

@dataclass
class SheetImport:
    """The changes an edited sheet asks for, and the cell each one came from."""

    changes: dict[PathKey, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # dotted path → "Chỉ tiêu!I5"
    problems: list[CellProblem] = field(default_factory=list)


class _Reader:
    def __init__(self, sheet: Worksheet, table: TargetsTable,
                 exported: Mapping[str, Any] | None) -> None:
        self.sheet = sheet
        self.table = table
        self.exported = exported or {}
        self.columns = columns(table.years)
        self.letter = letters(table.years)
        self.origins = merged_origins(sheet)
        self.result = SheetImport()

    def problem(self, cell: str, message: str) -> None:
        self.result.problems.append(CellProblem(NAME, cell, message))

    def value(self, coordinate: str) -> Any:
        return self.sheet[self.origins.get(coordinate, coordinate)].value

    def read(self) -> SheetImport:
        if not self._headers():
            return self.result
        rows = self._rows()
        leads: dict[int, str] = {}
        for row, index in rows.items():
            self._fixed(row, index)
            for year in self.table.years:
                self._own(row, index, year)
            if row.first:
                lead = self._lead(row, index)
                if lead is not None:
                    leads[row.number] = lead
        for where, value in lead_changes(self.table, leads).items():
            self.result.changes[where] = value
        return self.result

    def _headers(self) -> bool:
        good = True
        for column in self.columns:
            coordinate = f"{self.letter[(column.key, column.year)]}{HEADER_ROW}"
            found = read_text(self.sheet[coordinate])
            if found != column.header:
                self.problem(coordinate, f'tiêu đề cột là "{found}", cần "{column.header}": '
                                         "cột bị xóa, chèn hoặc đổi chỗ; xuất lại tệp bằng "
                                         "vanban excel export rồi sửa trên tệp mới")
                good = False
        return good

    def _rows(self) -> dict[IndicatorRow, int]:
        """Each indicator's row, found by its target number and indicator name."""
        wanted = {(row.number, row.key): row for row in self.table.rows}
        found: dict[IndicatorRow, int] = {}
        number_column = self.letter[("number", None)]
        key_column = self.letter[("indicator", None)]
        for index in range(FIRST_ROW, self.sheet.max_row + 1):
            cells = [self.sheet.cell(row=index, column=c).value
                     for c in range(1, len(self.columns) + 1)]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells) \
                    and f"{number_column}{index}" not in self.origins:
                continue
            number = self.value(f"{number_column}{index}")
            key = clean_text(str(self.value(f"{key_column}{index}") or ""))
            number = int(number) if isinstance(number, (int, float)) and number == int(
                number) else number
            row = wanted.get((number, key))  # type: ignore[arg-type]
            if row is None:
                self.problem(f"{key_column}{index}",
                             f"không có chỉ tiêu {number}, chỉ số '{key}': dòng này không "
                             "thuộc bảng chỉ tiêu đã xuất; xóa dòng này hoặc xuất lại tệp")
            elif row in found:
                self.problem(f"{key_column}{index}",
                             f"chỉ tiêu {number}, chỉ số '{key}' đã có ở dòng {found[row]}")
            else:
                found[row] = index
        for (number, key), row in wanted.items():
            if row not in found:
                self.problem("", f"thiếu dòng của chỉ tiêu {number}, chỉ số '{key}'; xuất lại "
                                 "tệp bằng vanban excel export")
        return found

    def _fixed(self, row: IndicatorRow, index: int) -> None:
        """The columns to read only: refused when edited, since the change would be lost."""
        percent = row.unit == "percent"
        expected: dict[tuple[str, int | None], str] = {
            ("goal", None): str(row.goal),
            ("label", None): row.label,
            ("unit", None): UNIT_LABELS.get(row.unit, row.unit),
            ("direction", None): DIRECTION_LABELS.get(row.direction, row.direction),
        }
        for (key, year), text in expected.items():
            if key == "goal" and not row.first:
                continue
            coordinate = f"{self.letter[(key, year)]}{index}"
            if read_text(self.sheet[coordinate]) != text:
                self._read_only(coordinate, text)
        for year in self.table.years:
            coordinate = f"{self.letter[('national', year)]}{index}"
            try:
                found = read_number(self.sheet[coordinate], percent=percent).value
            except CellValueError:
                found = Decimal(-1)
            wanted = row.national.get(year)
            if (found is None) != (wanted is None) or (
                    found is not None and wanted is not None and found != wanted):
                self._read_only(coordinate, "" if wanted is None else shown(wanted, percent))

    def _read_only(self, coordinate: str, text: str) -> None:
        self.problem(coordinate, "cột này chỉ để xem, không nhập từ Excel (giá trị lấy từ "
                                 "provinces/shared/programme.yaml hoặc tệp tỉnh); trả lại "
                                 + (f'"{text}"' if text else "ô trống"))

    def _own(self, row: IndicatorRow, index: int, year: int) -> None:
        percent = row.unit == "percent"
        coordinate = f"{self.letter[('own', year)]}{index}"
        cell = self.sheet[coordinate]
        path = row.value_path(year)
        self.result.cells[dotted(path)] = f"{NAME}!{coordinate}"
        try:
            typed = read_number(cell, percent=percent)
        except CellValueError as exc:
            self.problem(coordinate, str(exc))
            return
        if typed.value is not None and not self._in_range(coordinate, typed, percent):
            return
        now = own_state(row, year)
        before = read_state(self.exported.get("values", {}).get(f"{row_key(row)}.{year}")) or now
        typed_state: State = ("blank", None) if typed.value is None else (
            "sample" if typed.sample else "value", typed.value)
        if same_state(typed_state, before):
            return
        if not same_state(now, before):
            if not same_state(typed_state, now):
                self.problem(coordinate, f"giá trị này trong tệp {self.table.path.name} đã đổi "
                                         f"từ {_said(before, percent)} thành "
                                         f"{_said(now, percent)} sau khi xuất tệp Excel, và ô "
                                         f"cũng đã sửa thành {_said(typed_state, percent)}: "
                                         "xuất lại tệp (vanban excel export) rồi sửa lại")
            return
        if typed.sample:
            self.problem(coordinate, f'giá trị đã sửa nhưng còn chữ "mẫu" '
                                     f"({_said(typed_state, percent)}): xóa chữ \"mẫu\" để ghi "
                                     "giá trị của tỉnh, hoặc trả lại "
                                     f'"{_said(before, percent)}"')
            return
        self.result.changes[path] = DELETE if typed.value is None else typed.value

    def _in_range(self, coordinate: str, typed: Typed, percent: bool) -> bool:
        value = typed.value
        assert value is not None
        if percent and not 0 <= value <= 100:
            self.problem(coordinate, f"{shown(value, True)}: tỷ lệ phần trăm phải từ 0% đến "
                                     "100%")
            return False
        if value < 0:
            self.problem(coordinate, f"{shown(value, False)}: giá trị chỉ tiêu không được âm")
            return False
        return True

    def _lead(self, row: IndicatorRow, index: int) -> str | None:
        coordinate = f"{self.letter[('lead', None)]}{index}"
        text = read_text(self.sheet[coordinate])
        names = {clean_text(d.name).casefold(): d.key for d in self.table.departments}
        names.update({d.key.casefold(): d.key for d in self.table.departments})
        if not text:
            self.problem(coordinate, f"chỉ tiêu {row.number} cần một sở chủ trì; chọn trong "
                                     "danh sách của ô")
            return None
        chosen = names.get(text.casefold())
        if chosen is None:
            listed = ", ".join(d.name for d in self.table.departments)
            self.problem(coordinate, f'không có sở, ngành "{text}" trong tệp tỉnh; chọn một '
                                     f"trong: {listed}")
            return None
        now = self.table.lead.get(row.number)
        before = self.exported.get("leads", {}).get(str(row.number), now)
        if chosen == before:
            return now
        if now != before and chosen != now:
            self.problem(coordinate, f"sở chủ trì chỉ tiêu {row.number} trong tệp "
                                     f"{self.table.path.name} đã đổi sau khi xuất tệp Excel, "
                                     "và ô cũng đã sửa: xuất lại tệp (vanban excel export) "
                                     "rồi sửa lại")
            return now
        for department in self.table.departments:
            if department.key in (chosen, now):
                self.result.cells.setdefault(f"departments[{department.index + 1}].leads",
                                             f"{NAME}!{coordinate}")
        return chosen


def read(sheet: Worksheet, table: TargetsTable,
         exported: Mapping[str, Any] | None = None) -> SheetImport:
    """The changes an edited ``Chỉ tiêu`` sheet asks for, or its problems, cell by cell."""
    return _Reader(sheet, table, exported).read()
