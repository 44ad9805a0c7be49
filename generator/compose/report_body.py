"""The Báo cáo kết quả (kind ``bao-cao``): an assessment per goal written from the results,
an overall count, the way ahead, and a Phụ lục table of every indicator.

The year reported is the report's own (a report of December 2024 reports 2024); every
earlier year of the plan's period with results is shown beside it. Wording lives in
provinces/shared/documents/bao-cao.yaml; the verdicts in domain.results.
"""

from __future__ import annotations

from typing import Any

from generator.compose.content import Content
from generator.domain.model import Province, Result
from generator.domain.results import (
    EXCEEDED,
    LABELS,
    MET,
    NO_DATA,
    NO_DATA_TEXT,
    SHORT,
    Row,
    format_value,
    goal_assessment,
    overview,
    rows,
    target_phrase,
)
from generator.domain.samples import marked
from generator.domain.vietnamese import roman, upper

Block = dict[str, str]


def report_year(content: Content) -> int:
    return content.settings.date.year


def reported_years(province: Province, year: int) -> list[int]:
    """The years up to ``year`` that hold at least one result, in order."""
    return sorted({y for by_indicator in province.results.values()
                   for values in by_indicator.values() for y in values if y <= year})


def report_rows(province: Province, content: Content) -> list[Row]:
    year = report_year(content)
    years = reported_years(province, year) or [year]
    if year not in years:
        years.append(year)
    return rows(province.programme.targets, province.results, years, year)


def _shown(result: Result | None, unit: str) -> str:
    if result is None:
        return NO_DATA_TEXT
    text = format_value(result.value, unit)
    return marked(text) if result.sample else text


def overview_text(found: list[Row], year: int) -> str:
    """"Năm 2024, trong 40 chỉ tiêu: 25 đạt, 8 vượt, 4 chưa đạt; 3 chưa có số liệu."""
    counts = overview(found)
    parts = [f"{counts[code]} {word}" for code, word in
             ((MET, "đạt"), (EXCEEDED, "vượt"), (SHORT, "chưa đạt")) if counts[code]]
    text = f"Năm {year}, trong {len(found)} chỉ tiêu: " + (", ".join(parts) or "chưa có "
                                                           "chỉ tiêu nào có số liệu")
    if counts[NO_DATA] and parts:
        text += f"; {counts[NO_DATA]} chỉ tiêu {NO_DATA_TEXT}"
    return text + "."


UNIT_SIGNS = {"percent": "%", "per1000": "‰", "per100000": "/100.000", "number": ""}


def goal_chart(goal_rows: list[Row]) -> dict[str, Any] | None:
    """The data of a goal's chart: a panel per indicator with results, each year's value
    beside its target; None when no indicator of the goal has any result."""
    panels = []
    for row in goal_rows:
        if all(result is None for result in row.results.values()):
            continue
        indicator, sign = row.indicator, UNIT_SIGNS[row.indicator.unit]
        milestone = row.milestone
        panels.append({
            "title": f"Chỉ tiêu {row.code}" + (f" ({sign})" if sign else ""),
            "years": list(row.results),
            "values": [None if r is None else float(r.value) for r in row.results.values()],
            "target": None if milestone is None else float(indicator.values[milestone]),
            "target_text": "" if milestone is None else
            f"Mục tiêu năm {milestone}: {target_phrase(indicator, milestone)}",
        })
    return {"kind": "goal", "panels": panels} if panels else None


def overview_chart(found: list[Row]) -> dict[str, Any]:
    counts = overview(found)
    return {"kind": "overview",
            "counts": [[LABELS[code], counts[code]] for code in (EXCEEDED, MET, SHORT, NO_DATA)]}


def _chart_blocks(charts: list[dict[str, Any]], chart: dict[str, Any], caption: str
                  ) -> list[dict[str, Any]]:
    """The chart's paragraph and its numbered caption under it ("Biểu đồ 1. ...")."""
    charts.append({**chart, "caption": f"Biểu đồ {len(charts) + 1}. {caption}"})
    return [{"kind": "chart", "chart": len(charts) - 1, "text": ""},
            {"kind": "caption", "text": charts[-1]["caption"]}]


def report_blocks(province: Province, content: Content, found: list[Row],
                  charts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The body; each chart met is appended to ``charts`` (when given) and placed."""
    year = report_year(content)
    drawn: list[dict[str, Any]] = [] if charts is None else charts
    blocks: list[dict[str, Any]] = [{"kind": "paragraph", "text": content.text("opening")},
                           {"kind": "heading1",
                            "text": f"{roman(1)}. {upper(content.text('results_heading'))}"},
                           {"kind": "paragraph", "text": content.text("results_intro")}]
    for number, goal in sorted(province.programme.goals.items()):
        goal_rows = [r for r in found if r.goal == number]
        if not goal_rows:
            continue
        blocks.append({"kind": "heading2", "text": f"{number}. {goal}"})
        blocks.append({"kind": "paragraph", "text": goal_assessment(goal_rows)})
        chart = goal_chart(goal_rows)
        if chart is not None:
            blocks += _chart_blocks(drawn, chart, content.text("goal_chart_caption",
                                                               goal=str(number)))
    blocks += [{"kind": "heading1",
                "text": f"{roman(2)}. {upper(content.text('overview_heading'))}"},
               {"kind": "paragraph", "text": overview_text(found, year)},
               *_chart_blocks(drawn, overview_chart(found),
                              content.text("overview_chart_caption")),
               {"kind": "heading1", "text": f"{roman(3)}. {upper(content.text('next_heading'))}"},
               *[{"kind": "paragraph", "text": f"{i}. {task}"}
                 for i, task in enumerate(content.items("next_tasks"), start=1)],
               {"kind": "paragraph", "text": content.text("closing")}]
    return blocks


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def annex_rows(found: list[Row]) -> list[dict[str, Any]]:
    """One row per indicator: milestone, national value, each year's result, verdict."""
    table = []
    for row in found:
        indicator = row.indicator
        milestone = row.milestone
        national = indicator.national.get(milestone) if milestone is not None else None
        table.append({
            "code": row.code,
            "indicator": _capital(indicator.label),
            "target": (f"{target_phrase(indicator, milestone)} (năm {milestone})"
                       if milestone is not None else NO_DATA_TEXT),
            "national": format_value(national, indicator.unit) if national is not None
            else "-",
            "results": [f"{year}: {_shown(result, indicator.unit)}"
                        for year, result in row.results.items()],
            "status": row.status.text,
        })
    return table


def source_lines(found: list[Row]) -> list[str]:
    """"Chỉ tiêu 1, 2, 3a: Báo cáo của Sở Y tế." grouped by source, in order of first use."""
    by_source: dict[str, list[str]] = {}
    for row in found:
        for result in row.results.values():
            if result is not None:
                codes = by_source.setdefault(result.source, [])
                if row.code not in codes:
                    codes.append(row.code)
    return [f"Chỉ tiêu {', '.join(codes)}: {source}." for source, codes in by_source.items()]


def report_context(province: Province, content: Content, reference: str) -> dict[str, Any]:
    found = report_rows(province, content)
    charts: list[dict[str, Any]] = []
    return {"body": report_blocks(province, content, found, charts), "charts": charts,
            "annex": {"title": content.text("annex_title"), "reference": reference,
                      "rows": annex_rows(found), "sources": source_lines(found)}}
