"""A province's targets as one table: each indicator, the national value beside the
province's own, and which department leads each target.

The Excel sheet ``Chỉ tiêu`` (issue 14) and the web page's table of targets (issue 13)
show this table, and write changes back where each value lives in the province file:
``targets.1.2025`` for a target with one indicator, ``targets.4.a.2030`` for one of
several, ``targets.13.indicators.a.2030`` where the province replaced the indicators.
A value the province does not write is the national one, from
``provinces/shared/programme.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.config.province import SHARED_FILE, read_province
from generator.config.yaml_edit import DELETE
from generator.config.yaml_source import Index, PathKey, Source, load, value_at
from generator.domain.errors import Problem
from generator.domain.model import YEARS, Number, Province
from generator.domain.vietnamese import parse_number


@dataclass(frozen=True, eq=False)
class IndicatorRow:
    """One indicator of one target, as a row of the table."""

    number: int
    goal: int
    key: str
    label: str
    unit: str
    direction: str
    national: dict[int, Number]  # none when the province replaced the indicators
    own: dict[int, Number]  # the values the province writes itself
    samples: frozenset[int]  # the years whose own value is sample data (!mau)
    paths: dict[int, PathKey]  # where each year's own value is, or would be, written
    first: bool  # the first row of its target

    def value_path(self, year: int) -> PathKey:
        return self.paths[year]


@dataclass(frozen=True)
class Department:
    key: str
    name: str  # as the sheet shows it: its name, or its id when it has none
    index: int  # its place in ``departments``
    leads: tuple[int, ...]
    writes_leads: bool  # whether its entry has a ``leads`` key


@dataclass(frozen=True)
class TargetsTable:
    path: Path
    province: Province
    warnings: list[Problem]
    rows: list[IndicatorRow]
    departments: list[Department]
    lead: dict[int, str]  # target number → department key
    years: tuple[int, ...] = YEARS
    goals: dict[int, str] = field(default_factory=dict)

    def department(self, key: str) -> Department:
        return next(d for d in self.departments if d.key == key)


def _number(value: Any) -> Number | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except (ValueError, TypeError):
            return None
    return None


def _base(own: Any, number: int, key: str, single: bool) -> PathKey:
    """Where the province writes the values of one indicator."""
    body = own if isinstance(own, dict) else {}
    if isinstance(body.get("indicators"), dict):
        return ("targets", number, "indicators", key)
    if isinstance(body.get(key), dict) or not single:
        return ("targets", number, key)
    return ("targets", number)


def targets_table(path: Path, shared_dir: Path) -> TargetsTable:
    """The table of a valid province (ConfigError with every problem otherwise)."""
    province, warnings = read_province(path, shared_dir)
    source: Source = load(path)
    shared = load(shared_dir / SHARED_FILE).data
    owner = {number: d.key for d in province.departments for number in d.leads}
    rows: list[IndicatorRow] = []
    for number, target in sorted(province.programme.targets.items()):
        own = value_at(source.data, ("targets", number))
        replaced = isinstance(own, dict) and isinstance(own.get("indicators"), dict)
        single = len(target.indicators) == 1
        for position, (key, indicator) in enumerate(target.indicators.items()):
            base = _base(own, number, key, single)
            paths = {year: (*base, year) for year in YEARS}
            written = {year: indicator.values[year] for year in YEARS
                       if year in indicator.values
                       and value_at(source.data, paths[year]) is not None}
            national: dict[int, Number] = {}
            if not replaced:
                spec = value_at(shared, ("targets", number, "indicators", key))
                for year in YEARS:
                    value = _number(value_at(spec, (year,)))
                    if value is not None:
                        national[year] = value
            samples = frozenset(year for year in written if source.is_sample(paths[year]))
            rows.append(IndicatorRow(number, target.goal, key, indicator.label, indicator.unit,
                                     indicator.direction, national, written, samples, paths,
                                     position == 0))
    raw_departments = value_at(source.data, ("departments",)) or []
    departments = [
        Department(d.key, d.name or d.key, index, d.leads,
                   isinstance(raw_departments[index], dict)
                   and "leads" in raw_departments[index])
        for index, d in enumerate(province.departments)]
    return TargetsTable(path, province, warnings, rows, departments, owner, YEARS,
                        dict(province.programme.goals))


def lead_changes(table: TargetsTable, leads: Mapping[int, str]) -> dict[PathKey, Any]:
    """The changes to ``departments[].leads`` that give each target the lead in ``leads``
    (target → department key); a target keeps its place in a sorted list."""
    moved = {number: key for number, key in leads.items() if table.lead.get(number) != key}
    changes: dict[PathKey, Any] = {}
    for department in table.departments:
        gone = [n for n in department.leads if moved.get(n, department.key) != department.key]
        come = sorted(n for n, key in moved.items() if key == department.key)
        if not gone and not come:
            continue
        kept = [n for n in department.leads if n not in gone]
        if list(department.leads) == sorted(department.leads):
            new = sorted(kept + come)
        else:
            new = kept + come
        where: PathKey = ("departments", Index(department.index), "leads")
        changes[where] = new if new or not department.writes_leads else DELETE
        if not new and not department.writes_leads:
            del changes[where]
    return changes
