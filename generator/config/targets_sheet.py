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
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from generator.config.excel_cells import State, clean_text, read_text
from generator.config.sheet_reader import (
    Column,
    Letters,
    SheetImport,
    SheetReader,
    Words,
    column_letters,
)
from generator.config.targets_table import IndicatorRow, TargetsTable, lead_changes

NAME = "Chỉ tiêu"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3

UNIT_LABELS = {"percent": "%", "per1000": "‰ (trên 1.000)", "per100000": "trên 100.000",
               "number": "số"}
DIRECTION_LABELS = {"increase": "Tăng (càng cao càng tốt)",
                    "decrease": "Giảm (càng thấp càng tốt)",
                    "maintain": "Duy trì"}


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


def letters(years: tuple[int, ...]) -> Letters:
    """The column letter of each (key, year)."""
    return column_letters(columns(years))


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


# --- reading ----------------------------------------------------------------------------

class _Reader(SheetReader):
    name = NAME
    header_row, first_row = HEADER_ROW, FIRST_ROW
    table_name = "bảng chỉ tiêu"
    read_only_why = "giá trị lấy từ provinces/shared/programme.yaml hoặc tệp tỉnh"
    words = Words(value="giá trị", whole="giá trị chỉ tiêu", blank="giá trị quốc gia",
                  leave_blank="để dùng giá trị quốc gia", real="giá trị của tỉnh")

    def __init__(self, sheet: Worksheet, table: TargetsTable,
                 exported: Mapping[str, Any] | None) -> None:
        super().__init__(sheet, columns(table.years), exported, table.path.name)
        self.table = table

    def read(self) -> SheetImport:
        if not self.headers_ok():
            return self.result
        found = self.find_rows((row.number, row.key) for row in self.table.rows)
        rows = {found[(row.number, row.key)]: row for row in self.table.rows
                if (row.number, row.key) in found}
        leads: dict[int, str] = {}
        for index, row in sorted(rows.items()):  # in the sheet's order, as officers read it
            self._fixed(row, index)
            for year in self.table.years:
                coordinate = f"{self.letter[('own', year)]}{index}"
                self.number(coordinate, row.value_path(year), year=year,
                            percent=row.unit == "percent", now=own_state(row, year),
                            exported=self.exported_part("values").get(f"{row_key(row)}.{year}"))
            if row.first:
                lead = self._lead(row, index)
                if lead is not None:
                    leads[row.number] = lead
        for where, value in lead_changes(self.table, leads).items():
            self.result.changes[where] = value
        return self.result

    def _fixed(self, row: IndicatorRow, index: int) -> None:
        """The columns to read only: refused when edited, since the change would be lost."""
        texts = {"goal": str(row.goal), "label": row.label,
                 "unit": UNIT_LABELS.get(row.unit, row.unit),
                 "direction": DIRECTION_LABELS.get(row.direction, row.direction)}
        for key, text in texts.items():
            if key != "goal" or row.first:
                self.fixed_text(f"{self.letter[(key, None)]}{index}", text)
        for year in self.table.years:
            self.fixed_number(f"{self.letter[('national', year)]}{index}",
                              row.national.get(year), row.unit == "percent")

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
        before = self.exported_part("leads").get(str(row.number), now)
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
