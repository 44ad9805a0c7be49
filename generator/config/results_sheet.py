"""The sheet ``Kết quả`` of the Excel workbook: the reported results by year, and reading
them back.

One row per indicator, one column per year of the plan's period; beside them, to read
only, the indicator's unit, direction and the province's milestones (Mốc 2025, Mốc 2030)
to compare against. Under each target's indicators a row ``Nguồn`` holds where the numbers
come from, as ``results:`` models it (config.results): the cell under ``Nội dung chỉ số``
is the source of every year (``results.<n>.source``), the cell under a year the source of
that year alone (``results.<n>.sources.<year>``). output.excel_out writes the sheet from
this layout; :func:`read` turns an edited sheet into changes of the province file.

An empty value cell is a year with no data. A cell compared with what it held when
exported (kept in the workbook, config.excel_in) tells what the officer did: a value
typed into an empty cell is added, a value changed is replaced, a value cleared is
removed from the file; a cell left as it was changes nothing, whatever the file says now.
Years outside the period have no column, so none can be typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from generator.config.excel_cells import State, clean_text, read_text
from generator.config.results import default_source
from generator.config.samples import PLAN_KINDS
from generator.config.sheet_reader import (
    Column,
    Edit,
    Letters,
    SheetImport,
    SheetReader,
    Words,
    column_letters,
    conflict,
    edit_of,
)
from generator.config.targets_sheet import UNIT_LABELS
from generator.config.targets_table import TargetsTable
from generator.config.yaml_edit import DELETE
from generator.config.yaml_source import PathKey, dotted, load, value_at
from generator.domain.model import Number, Province
from generator.domain.periods import PROGRAMME_END, PROGRAMME_START

NAME = "Kết quả"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
SOURCE_KEY = "Nguồn"  # the "Chỉ số" cell of a target's row of sources

DIRECTION_LABELS = {"increase": "Tăng", "decrease": "Giảm", "maintain": "Duy trì"}

NOTE = (
    "Chỉ sửa các ô nền vàng. Cột Năm: kết quả của năm đó, gõ như thường lệ (8,5 hoặc 8,5%; "
    "1.200 là một nghìn hai trăm). Ô trống là chưa có số liệu (báo cáo in \"chưa có số "
    "liệu\"); xóa số trong một ô là bỏ số liệu năm đó khỏi tệp tỉnh, còn ô đã trống từ lúc "
    "xuất thì không thay đổi gì. Dòng Nguồn của mỗi chỉ tiêu: ô ở cột Nội dung chỉ số là "
    "nguồn chung cho mọi năm (trống: báo cáo của sở chủ trì), ô dưới mỗi năm là nguồn riêng "
    "của năm đó (trống: dùng nguồn chung). Các cột Mốc là chỉ tiêu của tỉnh, chỉ để đối "
    "chiếu. Ô ghi \"mẫu ...\" là số liệu mẫu: gõ số thật để thay."
)


def plan_period(province: Province) -> tuple[int, int]:
    """The years results may be reported for, as the reader checks them
    (config.province): the plan's period, else the report's, else the programme's."""
    for kind in (*PLAN_KINDS, "bao-cao"):
        if kind in province.documents:
            return province.documents[kind].period
    return PROGRAMME_START, PROGRAMME_END


# --- the table ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ResultRow:
    """The results of one indicator of one target, as a row of the sheet."""

    number: int
    key: str
    label: str
    unit: str
    direction: str
    milestones: dict[int, Number]  # the province's targets (own, else national)
    values: dict[int, Number]
    samples: frozenset[int]
    paths: dict[int, PathKey]  # where each year's value is, or would be, written
    first: bool

    @property
    def percent(self) -> bool:
        return self.unit == "percent"


@dataclass(frozen=True)
class SourceRow:
    """Where one target's numbers come from: for every year, and for some years alone."""

    number: int
    general: str | None
    by_year: dict[int, str]
    default: str  # the source of a value with neither

    @property
    def general_path(self) -> PathKey:
        return ("results", self.number, "source")

    def year_path(self, year: int) -> PathKey:
        return ("results", self.number, "sources", year)


@dataclass(frozen=True)
class ResultsTable:
    path: Path
    province: Province
    years: tuple[int, ...]  # one column each: the plan's period
    milestones: tuple[int, ...]
    rows: list[ResultRow]
    sources: dict[int, SourceRow]

    def row_count(self, number: int) -> int:
        """The sheet rows of one target: its indicators and its row of sources."""
        return sum(row.number == number for row in self.rows) + 1


def _text(value: Any) -> str | None:
    return clean_text(value) or None if isinstance(value, str) else None


def results_table(targets: TargetsTable) -> ResultsTable:
    """The results of the province ``targets`` was read from, laid out for the sheet."""
    province = targets.province
    data = load(targets.path).data
    start, end = plan_period(province)
    rows: list[ResultRow] = []
    sources: dict[int, SourceRow] = {}
    for number, target in sorted(province.programme.targets.items()):
        raw = value_at(data, ("results", number))
        body = raw if isinstance(raw, dict) else {}
        single = len(target.indicators) == 1
        reported = province.results.get(number, {})
        for position, (key, indicator) in enumerate(target.indicators.items()):
            keyed = not single or isinstance(body.get(key), dict)
            base: PathKey = ("results", number, key) if keyed else ("results", number)
            paths = {year: (*base, year) for year in range(start, end + 1)}
            found = {year: r for year, r in reported.get(key, {}).items()
                     if year in paths and value_at(data, paths[year]) is not None}
            rows.append(ResultRow(
                number, key, indicator.label, indicator.unit, indicator.direction,
                {y: v for y, v in indicator.values.items() if y in targets.years},
                {year: r.value for year, r in found.items()},
                frozenset(year for year, r in found.items() if r.sample), paths,
                position == 0))
        by_year = body.get("sources")
        sources[number] = SourceRow(
            number, _text(body.get("source")),
            {y: text for y, v in (by_year.items() if isinstance(by_year, dict) else ())
             if isinstance(y, int) and start <= y <= end and (text := _text(v)) is not None},
            default_source(number, province.departments))
    return ResultsTable(targets.path, province, tuple(range(start, end + 1)), targets.years,
                        rows, sources)


# --- the columns ----------------------------------------------------------------------------

def columns(table: ResultsTable) -> list[Column]:
    return [
        Column("number", "Chỉ tiêu", 8, per_target=True),
        Column("indicator", "Chỉ số", 7),
        Column("label", "Nội dung chỉ số", 42),
        Column("unit", "Đơn vị", 16),
        Column("direction", "Chiều", 8),
        *(Column("milestone", f"Mốc {year}", 9, year) for year in table.milestones),
        *(Column("year", f"Năm {year}", 11, year, editable=True) for year in table.years),
    ]


def letters(table: ResultsTable) -> Letters:
    return column_letters(columns(table))


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


# --- what each cell held when exported --------------------------------------------------

def value_state(row: ResultRow, year: int) -> State:
    if year not in row.values:
        return ("blank", None)
    return ("sample" if year in row.samples else "value", row.values[year])


def _value_key(row: ResultRow, year: int) -> str:
    return f"{row.number}.{row.key}.{year}"


def _source_key(number: int, year: int | None) -> str:
    return str(number) if year is None else f"{number}.{year}"


def source_now(table: ResultsTable, number: int, year: int | None) -> str | None:
    row = table.sources[number]
    return row.general if year is None else row.by_year.get(year)


def baseline(table: ResultsTable) -> dict[str, Any]:
    """The exported values of the cells, kept in the workbook."""
    values = {_value_key(row, year): [kind, None if value is None else str(value)]
              for row in table.rows for year in table.years
              for kind, value in [value_state(row, year)]}
    sources = {_source_key(number, year): source_now(table, number, year)
               for number in table.sources for year in (None, *table.years)}
    milestones = {_value_key(row, year): str(value)
                  for row in table.rows for year, value in row.milestones.items()}
    return {"values": values, "sources": sources, "milestones": milestones}


def _quoted(text: str | None) -> str:
    return f'"{text}"' if text else "để trống"


# --- reading ----------------------------------------------------------------------------

class _Reader(SheetReader):
    name = NAME
    header_row, first_row = HEADER_ROW, FIRST_ROW
    table_name = "bảng kết quả"
    read_only_why = "chỉ tiêu sửa ở trang Chỉ tiêu hoặc trong tệp tỉnh"
    words = Words(value="kết quả", whole="kết quả", blank="chưa có số liệu",
                  leave_blank="nếu chưa có số liệu", real="số liệu thật")

    def __init__(self, sheet: Worksheet, table: ResultsTable,
                 exported: Mapping[str, Any] | None) -> None:
        super().__init__(sheet, columns(table), exported, table.path.name)
        self.table = table

    def read(self) -> SheetImport:
        if not self.headers_ok():
            return self.result
        found = self.find_rows([*((row.number, row.key) for row in self.table.rows),
                                *((number, SOURCE_KEY) for number in self.table.sources)])
        for row in self.table.rows:
            index = found.get((row.number, row.key))
            if index is None:
                continue
            self._fixed(row, index)
            for year in self.table.years:
                self.number(f"{self.letter[('year', year)]}{index}", row.paths[year],
                            year=year, percent=row.percent, now=value_state(row, year),
                            exported=self.exported_part("values").get(_value_key(row, year)))
        for number in self.table.sources:
            index = found.get((number, SOURCE_KEY))
            if index is None:
                continue
            self._source(number, None, f"{self.letter[('label', None)]}{index}")
            for year in self.table.years:
                self._source(number, year, f"{self.letter[('year', year)]}{index}")
        return self.result

    def row_name(self, key: str) -> str:
        return "dòng Nguồn" if key == SOURCE_KEY else super().row_name(key)

    def _fixed(self, row: ResultRow, index: int) -> None:
        """The columns to read only: refused when edited, since the change would be lost."""
        texts = {"label": row.label, "unit": unit_label(row.unit),
                 "direction": DIRECTION_LABELS.get(row.direction, row.direction)}
        for key, text in texts.items():
            self.fixed_text(f"{self.letter[(key, None)]}{index}", text)
        exported = self.exported_part("milestones")
        for year in self.table.milestones:
            raw = exported.get(_value_key(row, year))
            wanted: Number | None = row.milestones.get(year)
            if isinstance(raw, str):
                try:
                    wanted = Decimal(raw)
                except ArithmeticError:
                    pass
            self.fixed_number(f"{self.letter[('milestone', year)]}{index}", wanted, row.percent)

    def _source(self, number: int, year: int | None, coordinate: str) -> None:
        row = self.table.sources[number]
        path = row.general_path if year is None else row.year_path(year)
        self.result.cells[dotted(path)] = f"{NAME}!{coordinate}"
        cell = self.sheet[coordinate]
        if cell.data_type == "f":
            self.problem(coordinate, f'ô chứa công thức "{cell.value}": gõ thẳng tên báo cáo '
                                     "vào ô")
            return
        typed = read_text(cell) or None
        now = source_now(self.table, number, year)
        exported = self.exported_part("sources")
        raw = exported.get(_source_key(number, year), now) if exported else now
        before = raw if isinstance(raw, str) or raw is None else now
        edit = edit_of(typed, now, before)
        if edit is Edit.CONFLICT:
            which = "mọi năm" if year is None else f"năm {year}"
            self.problem(coordinate, conflict(f"nguồn số liệu {which} của chỉ tiêu {number}",
                                              self.file_name, _quoted(before), _quoted(now),
                                              _quoted(typed)))
        elif edit is Edit.CHANGE:
            self.result.changes[path] = DELETE if typed is None else typed


def read(sheet: Worksheet, targets: TargetsTable,
         exported: Mapping[str, Any] | None = None) -> SheetImport:
    """The changes an edited ``Kết quả`` sheet asks for, or its problems, cell by cell."""
    return _Reader(sheet, results_table(targets), exported).read()
