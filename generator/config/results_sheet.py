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
from generator.config.results import default_source
from generator.config.samples import PLAN_KINDS
from generator.config.targets_sheet import UNIT_LABELS, Column, SheetImport
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


def letters(table: ResultsTable) -> dict[tuple[str, int | None], str]:
    return {(c.key, c.year): get_column_letter(i) for i, c in enumerate(columns(table), 1)}


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


def _said(state: State, percent: bool) -> str:
    kind, value = state
    if value is None:
        return "để trống (chưa có số liệu)"
    return ("mẫu " if kind == "sample" else "") + shown(value, percent)


def _quoted(text: str | None) -> str:
    return f'"{text}"' if text else "để trống"


# --- reading ----------------------------------------------------------------------------

class _Reader:
    def __init__(self, sheet: Worksheet, table: ResultsTable,
                 exported: Mapping[str, Any] | None) -> None:
        self.sheet = sheet
        self.table = table
        self.exported = exported if isinstance(exported, Mapping) else {}
        self.columns = columns(table)
        self.letter = letters(table)
        self.origins = merged_origins(sheet)
        self.result = SheetImport()

    def _exported(self, part: str) -> Mapping[str, Any]:
        found = self.exported.get(part)
        return found if isinstance(found, Mapping) else {}

    def problem(self, cell: str, message: str) -> None:
        self.result.problems.append(CellProblem(NAME, cell, message))

    def value(self, coordinate: str) -> Any:
        return self.sheet[self.origins.get(coordinate, coordinate)].value

    def read(self) -> SheetImport:
        if not self._headers():
            return self.result
        rows, source_rows = self._rows()
        for row, index in rows.items():
            self._fixed(row, index)
            for year in self.table.years:
                self._value(row, index, year)
        for number, index in source_rows.items():
            self._source(number, None, f"{self.letter[('label', None)]}{index}")
            for year in self.table.years:
                self._source(number, year, f"{self.letter[('year', year)]}{index}")
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

    def _rows(self) -> tuple[dict[ResultRow, int], dict[int, int]]:
        """Each indicator's row and each target's row of sources, found by the target's
        number and the indicator's name (or ``Nguồn``)."""
        wanted: dict[tuple[int, str], ResultRow | int] = {
            (row.number, row.key): row for row in self.table.rows}
        wanted.update({(number, SOURCE_KEY): number for number in self.table.sources})
        found: dict[tuple[int, str], int] = {}
        number_column = self.letter[("number", None)]
        key_column = self.letter[("indicator", None)]
        for index in range(FIRST_ROW, self.sheet.max_row + 1):
            cells = [self.sheet.cell(row=index, column=c).value
                     for c in range(1, len(self.columns) + 1)]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells) \
                    and f"{number_column}{index}" not in self.origins:
                continue
            number = self.value(f"{number_column}{index}")
            if isinstance(number, float) and number == int(number):
                number = int(number)
            key = clean_text(str(self.value(f"{key_column}{index}") or ""))
            where = (number, key)
            if where not in wanted:
                self.problem(f"{key_column}{index}",
                             f"không có chỉ tiêu {number}, chỉ số '{key}': dòng này không "
                             "thuộc bảng kết quả đã xuất; xóa dòng này hoặc xuất lại tệp")
            elif where in found:
                self.problem(f"{key_column}{index}",
                             f"chỉ tiêu {number}, {'dòng Nguồn' if key == SOURCE_KEY else ''}"
                             f"{'' if key == SOURCE_KEY else f'chỉ số {key}'} đã có ở dòng "
                             f"{found[where]}; xóa dòng thừa")
            else:
                found[where] = index
        for (number, key) in wanted:
            if (number, key) not in found:
                what = "dòng Nguồn" if key == SOURCE_KEY else f"dòng của chỉ số '{key}'"
                self.problem("", f"thiếu {what} của chỉ tiêu {number}; xuất lại tệp bằng "
                                 "vanban excel export")
        rows = {row: found[(row.number, row.key)] for row in self.table.rows
                if (row.number, row.key) in found}
        sources = {n: found[(n, SOURCE_KEY)] for n in self.table.sources
                   if (n, SOURCE_KEY) in found}
        return rows, sources

    def _fixed(self, row: ResultRow, index: int) -> None:
        """The columns to read only: refused when edited, since the change would be lost."""
        texts = {"label": row.label, "unit": unit_label(row.unit),
                 "direction": DIRECTION_LABELS.get(row.direction, row.direction)}
        for key, text in texts.items():
            coordinate = f"{self.letter[(key, None)]}{index}"
            if read_text(self.sheet[coordinate]) != text:
                self._read_only(coordinate, text)
        exported = self._exported("milestones")
        for year in self.table.milestones:
            coordinate = f"{self.letter[('milestone', year)]}{index}"
            try:
                found = read_number(self.sheet[coordinate], percent=row.percent).value
            except CellValueError:
                found = Decimal(-1)
            raw = exported.get(_value_key(row, year))
            wanted: Number | None = row.milestones.get(year)
            if isinstance(raw, str):
                try:
                    wanted = Decimal(raw)
                except ArithmeticError:
                    pass
            if (found is None) != (wanted is None) or (
                    found is not None and wanted is not None and found != wanted):
                self._read_only(coordinate, "" if wanted is None else shown(wanted, row.percent))

    def _read_only(self, coordinate: str, text: str) -> None:
        self.problem(coordinate, "cột này chỉ để xem, không nhập từ Excel (chỉ tiêu sửa ở trang "
                                 "Chỉ tiêu hoặc trong tệp tỉnh); trả lại "
                                 + (f'"{text}"' if text else "ô trống"))

    def _value(self, row: ResultRow, index: int, year: int) -> None:
        coordinate = f"{self.letter[('year', year)]}{index}"
        path = row.paths[year]
        self.result.cells[dotted(path)] = f"{NAME}!{coordinate}"
        try:
            typed = read_number(self.sheet[coordinate], percent=row.percent)
        except CellValueError as exc:
            self.problem(coordinate, f"{exc}; gõ lại kết quả năm {year}, ví dụ "
                                     f"{'8,5%' if row.percent else '9,5'}, hoặc để trống nếu "
                                     "chưa có số liệu")
            return
        if typed.value is not None and not self._in_range(coordinate, typed, row.percent):
            return
        now = value_state(row, year)
        before = read_state(self._exported("values").get(_value_key(row, year))) or now
        typed_state: State = ("blank", None) if typed.value is None else (
            "sample" if typed.sample else "value", typed.value)
        if same_state(typed_state, before):
            return
        if not same_state(now, before):
            if not same_state(typed_state, now):
                self.problem(coordinate, f"kết quả này trong tệp {self.table.path.name} đã đổi "
                                         f"từ {_said(before, row.percent)} thành "
                                         f"{_said(now, row.percent)} sau khi xuất tệp Excel, "
                                         "và ô cũng đã sửa thành "
                                         f"{_said(typed_state, row.percent)}: xuất lại tệp "
                                         "(vanban excel export) rồi sửa lại")
            return
        if typed.sample:
            self.problem(coordinate, 'kết quả đã sửa nhưng còn chữ "mẫu" '
                                     f"({_said(typed_state, row.percent)}): xóa chữ \"mẫu\" để "
                                     "ghi số liệu thật, hoặc trả lại "
                                     f'"{_said(before, row.percent)}"')
            return
        self.result.changes[path] = DELETE if typed.value is None else typed.value

    def _in_range(self, coordinate: str, typed: Typed, percent: bool) -> bool:
        value = typed.value
        assert value is not None
        if percent and not 0 <= value <= 100:
            self.problem(coordinate, f"{shown(value, True)}: tỷ lệ phần trăm phải từ 0% đến "
                                     "100%; gõ lại đúng tỷ lệ, ví dụ 85% hoặc 85")
            return False
        if value < 0:
            self.problem(coordinate, f"{shown(value, False)}: kết quả không được âm; gõ lại số "
                                     "không âm")
            return False
        return True

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
        exported = self._exported("sources")
        raw = exported.get(_source_key(number, year), now) if exported else now
        before = raw if isinstance(raw, str) or raw is None else now
        if typed == before:
            return
        if now != before:
            if typed != now:
                which = "mọi năm" if year is None else f"năm {year}"
                self.problem(coordinate, f"nguồn số liệu {which} của chỉ tiêu {number} trong "
                                         f"tệp {self.table.path.name} đã đổi từ "
                                         f"{_quoted(before)} thành {_quoted(now)} sau khi xuất "
                                         f"tệp Excel, và ô cũng đã sửa thành {_quoted(typed)}:"
                                         " xuất lại tệp (vanban excel export) rồi sửa lại")
            return
        self.result.changes[path] = DELETE if typed is None else typed


def read(sheet: Worksheet, targets: TargetsTable,
         exported: Mapping[str, Any] | None = None) -> SheetImport:
    """The changes an edited ``Kết quả`` sheet asks for, or its problems, cell by cell."""
    return _Reader(sheet, results_table(targets), exported).read()
