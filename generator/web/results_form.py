"""The section ``Kết quả`` of the province form: the results reported each year, and
where the numbers come from.

It is the table of the Excel sheet ``Kết quả`` (``config.results_sheet.results_table``):
one row per indicator with its wording, unit, direction and the province's milestones to
read only, one input per year of the plan's period, and under each target a row of
sources (one for every year, one for each year alone). Each input is named by the path
the validator uses (``results.1.2024``, ``results.3.a.2024``, ``results.3.source``,
``results.3.sources.2024``), so its problems land at it and a change goes to the writer
by that name. An empty value is a year with no data: clearing a value removes it from
the file, an input left empty changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.config import schema
from generator.config.results_sheet import ResultRow, ResultsTable, SourceRow, results_table
from generator.config.targets_table import TargetsTable
from generator.config.yaml_source import Source, dotted
from generator.web.edit_form import DIRECTION_SHOWN, UNIT_SHOWN, Field, shown


@dataclass
class ResultLine:
    """One indicator: its row of the table and the input of each year."""

    row: ResultRow
    values: dict[int, Field]  # year → its input

    @property
    def keyed(self) -> bool:
        """Whether its values are written by indicator (``results.3.a.2024``)."""
        return len(next(iter(self.row.paths.values()))) > 3

    @property
    def name(self) -> str:
        """The indicator as the page names it: ``1``, ``3a``."""
        return f"{self.row.number}{self.row.key}" if self.keyed else str(self.row.number)

    @property
    def hint(self) -> str:
        """Its unit, direction and milestones, as a screen reader says them at an input."""
        return _milestones(self.row)


@dataclass
class SourceLine:
    """Where one target's numbers come from: for every year, and for each year alone."""

    row: SourceRow
    general: Field
    by_year: dict[int, Field]


@dataclass
class TargetBlock:
    """The rows of one target: its indicators, then its sources."""

    number: int
    lines: list[ResultLine]
    sources: SourceLine


@dataclass
class ResultsForm:
    table: ResultsTable
    blocks: list[TargetBlock]

    @property
    def years(self) -> tuple[int, ...]:
        return self.table.years

    @property
    def milestones(self) -> tuple[int, ...]:
        return self.table.milestones

    @property
    def fields(self) -> list[Field]:
        found: list[Field] = []
        for block in self.blocks:
            for line in block.lines:
                found += line.values.values()
            found.append(block.sources.general)
            found += block.sources.by_year.values()
        return found

    def labels(self) -> dict[str, str]:
        """Each input's label as the summary of problems names it."""
        return {entry.name: f"Kết quả › {entry.label}" for entry in self.fields}

    def __iter__(self) -> Iterator[TargetBlock]:
        return iter(self.blocks)


def _milestones(row: ResultRow) -> str:
    unit = UNIT_SHOWN.get(row.unit, row.unit)
    parts = [f"mốc {year}: {shown(value)}" for year, value in sorted(row.milestones.items())]
    return f"đơn vị {unit}, {DIRECTION_SHOWN.get(row.direction, row.direction)}" + (
        f", {', '.join(parts)}" if parts else "")


def _line(row: ResultRow, years: tuple[int, ...]) -> ResultLine:
    line = ResultLine(row, {})
    key = schema.key(schema.PROVINCE, "results.<number>.<indicator>.<result_year>"
                     if line.keyed else "results.<number>.<result_year>")
    for year in years:
        value = row.values.get(year)
        line.values[year] = Field(
            dotted(row.paths[year]), f"Chỉ tiêu {line.name}, kết quả năm {year}",
            f"{key.description} ({_milestones(row)}). Để trống: chưa có số liệu.",
            schema.NUMBER, shown(value), sample=year in row.samples, original=value)
    return line


def _sources(source: Source, row: SourceRow, years: tuple[int, ...]) -> SourceLine:
    general_key = schema.key(schema.PROVINCE, "results.<number>.source")
    year_key = schema.key(schema.PROVINCE, "results.<number>.sources.<result_year>")
    general = Field(
        dotted(row.general_path), f"Chỉ tiêu {row.number}, nguồn số liệu mọi năm",
        general_key.description, schema.TEXT, row.general or "",
        sample=row.general is not None and source.is_sample(row.general_path),
        placeholder=row.default,
        original=row.general)
    by_year = {}
    for year in years:
        value = row.by_year.get(year)
        by_year[year] = Field(
            dotted(row.year_path(year)), f"Chỉ tiêu {row.number}, nguồn số liệu năm {year}",
            f"{year_key.description} Để trống: dùng nguồn chung "
            f"({row.general or row.default}).", schema.TEXT, value or "",
            sample=value is not None and source.is_sample(row.year_path(year)),
            original=value)
    return SourceLine(row, general, by_year)


def build(source: Source, targets: TargetsTable) -> ResultsForm:
    """The results section of the province ``targets`` was read from (``source`` is its
    file, for the sample marks of the sources)."""
    table = results_table(targets)
    blocks = []
    for number, sources in table.sources.items():
        lines = [_line(row, table.years) for row in table.rows if row.number == number]
        blocks.append(TargetBlock(number, lines, _sources(source, sources, table.years)))
    return ResultsForm(table, blocks)
