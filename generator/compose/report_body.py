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


def report_blocks(province: Province, content: Content, found: list[Row]) -> list[Block]:
    year = report_year(content)
    blocks: list[Block] = [{"kind": "paragraph", "text": content.text("opening")},
                           {"kind": "heading1",
                            "text": f"{roman(1)}. {upper(content.text('results_heading'))}"},
                           {"kind": "paragraph", "text": content.text("results_intro")}]
    for number, goal in sorted(province.programme.goals.items()):
        goal_rows = [r for r in found if r.goal == number]
        if not goal_rows:
            continue
        blocks.append({"kind": "heading2", "text": f"{number}. {goal}"})
        blocks.append({"kind": "paragraph", "text": goal_assessment(goal_rows)})
    blocks += [{"kind": "heading1",
                "text": f"{roman(2)}. {upper(content.text('overview_heading'))}"},
               {"kind": "paragraph", "text": overview_text(found, year)},
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
    return {"body": report_blocks(province, content, found),
            "annex": {"title": content.text("annex_title"), "reference": reference,
                      "rows": annex_rows(found), "sources": source_lines(found)}}
