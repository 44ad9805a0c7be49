"""Judging reported results against the plan's targets: Đạt, Chưa đạt or Vượt.

A result is compared with the milestone of its stage (a 2023 result with the 2025 target,
a 2027 one with 2030), in the direction the indicator wants: a rate to bring down ("dưới
9%") is met at or below its target, one to raise at or above it, one to keep ("duy trì
100%") at or above it but never "vượt". The difference is written the Vietnamese way: a
gap between two percentages is in "điểm phần trăm", a rate per 1.000 in "phần nghìn".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.domain.model import Indicator, Number, Result, Results, Target
from generator.domain.vietnamese import format_number, format_percent, format_rate

MET, SHORT, EXCEEDED, NO_DATA = "dat", "chua-dat", "vuot", "chua-co-so-lieu"
LABELS = {MET: "Đạt", SHORT: "Chưa đạt", EXCEEDED: "Vượt", NO_DATA: "Chưa có số liệu"}
NO_DATA_TEXT = "chưa có số liệu"

# How a difference in each unit is said.
DIFFERENCE_UNITS = {"percent": " điểm phần trăm", "per1000": " phần nghìn",
                    "per100000": " trên 100.000", "number": ""}


@dataclass(frozen=True)
class Status:
    """The verdict on one result: its code (MET...), its label and the difference."""

    code: str
    difference: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def text(self) -> str:
        """"Vượt 2,5 điểm phần trăm", "Chưa đạt (còn thiếu 1,2 điểm phần trăm)", "Đạt"."""
        if self.code == EXCEEDED:
            return self.difference[:1].upper() + self.difference[1:]
        return f"{self.label} ({self.difference})" if self.difference else self.label


def _plain(value: Number) -> Number:
    """9.50 - 7.00 is written 2,5, not 2,50; a whole number without decimals."""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        return int(exact)
    return exact.normalize()


def format_value(value: Number, unit: str) -> str:
    """A value as the report writes it: 98,5%; 9,5‰; 250/100.000; 12."""
    if unit == "percent":
        return format_percent(_plain(value))
    if unit == "per1000":
        return f"{format_number(_plain(value))}‰"
    if unit == "per100000":
        return format_rate(_plain(value), 100000)
    return format_number(_plain(value))


def difference_text(gap: Number, unit: str) -> str:
    return format_number(_plain(abs(gap))) + DIFFERENCE_UNITS[unit]


def assess(value: Number | None, target: Number, unit: str, direction: str) -> Status:
    """The status of ``value`` against ``target`` in the indicator's direction."""
    if value is None:
        return Status(NO_DATA)
    gap = Decimal(value) - Decimal(target)
    if direction == "decrease":
        gap = -gap
    if gap == 0 or (gap > 0 and direction == "maintain"):
        return Status(MET)
    if gap > 0:
        return Status(EXCEEDED, f"vượt {difference_text(gap, unit)}")
    if direction == "decrease":
        return Status(SHORT, f"còn cao hơn mục tiêu {difference_text(gap, unit)}")
    return Status(SHORT, f"còn thiếu {difference_text(gap, unit)}")


def milestone_for(indicator: Indicator, year: int) -> int | None:
    """The milestone a result of ``year`` is judged against: the first at or after it,
    else the last one (a target set for 2025 only still judges 2026)."""
    years = sorted(indicator.values)
    later = [y for y in years if y >= year]
    return later[0] if later else (years[-1] if years else None)


def target_phrase(indicator: Indicator, milestone: int) -> str:
    """"dưới 9,5‰", "80%", "duy trì 100%": the target as the assessment names it."""
    value = format_value(indicator.values[milestone], indicator.unit)
    prefix = {"decrease": "dưới ", "maintain": "duy trì "}.get(indicator.direction, "")
    return prefix + value


@dataclass(frozen=True)
class Row:
    """One indicator of one target in the report: its milestone, its results, its status."""

    number: int
    goal: int
    code: str  # "3a" when the target has several indicators, else "3"
    indicator: Indicator
    results: dict[int, Result | None]  # every reported year; None: chưa có số liệu
    year: int  # the year judged (the report's)
    milestone: int | None
    status: Status

    @property
    def value(self) -> Result | None:
        return self.results.get(self.year)


def rows(targets: dict[int, Target], results: Results, years: list[int], year: int
         ) -> list[Row]:
    """Every indicator of every target, judged on its result of ``year``."""
    found = []
    for number, target in sorted(targets.items()):
        several = len(target.indicators) > 1
        for key, indicator in target.indicators.items():
            reported = results.get(number, {}).get(key, {})
            milestone = milestone_for(indicator, year)
            value = reported.get(year)
            status = Status(NO_DATA) if milestone is None else assess(
                value.value if value else None, indicator.values[milestone], indicator.unit,
                indicator.direction)
            found.append(Row(number, target.goal, f"{number}{key}" if several else str(number),
                             indicator,
                             {y: reported.get(y) for y in years}, year, milestone, status))
    return found


def goal_assessment(goal_rows: list[Row]) -> str:
    """"4/5 chỉ tiêu có số liệu đạt và vượt; chỉ tiêu 3a chưa đạt (9,8‰ so với mục tiêu
    dưới 9,5‰); chỉ tiêu 6 chưa có số liệu." for the rows of one goal."""
    measured = [r for r in goal_rows if r.status.code != NO_DATA]
    met = [r for r in measured if r.status.code in (MET, EXCEEDED)]
    short = [r for r in measured if r.status.code == SHORT]
    missing = [r for r in goal_rows if r.status.code == NO_DATA]
    parts = []
    if measured:
        exceeded = sum(r.status.code == EXCEEDED for r in measured)
        parts.append(f"{len(met)}/{len(measured)} chỉ tiêu có số liệu đạt và vượt"
                     + (f" ({exceeded} chỉ tiêu vượt)" if exceeded else ""))
    for row in short:
        value = row.value
        assert value is not None and row.milestone is not None
        shown = format_value(value.value, row.indicator.unit)
        parts.append(f"chỉ tiêu {row.code} chưa đạt ({shown} so với mục tiêu "
                     f"{target_phrase(row.indicator, row.milestone)})")
    if missing:
        codes = ", ".join(r.code for r in missing)
        parts.append(f"chỉ tiêu {codes} {NO_DATA_TEXT}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def overview(all_rows: list[Row]) -> dict[str, int]:
    """How many indicators are đạt, vượt, chưa đạt and without data."""
    counts = dict.fromkeys(LABELS, 0)
    for row in all_rows:
        counts[row.status.code] += 1
    return counts
