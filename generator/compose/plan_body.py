"""The body of the province's Kế hoạch as a list of blocks, numbered the Decree 30 way.

Section numbers are computed (I., II., ... then 1., 2., then 2.1.), never typed, so a
section added or removed renumbers the rest; the seed plan's jump from IV to VI cannot
happen here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from generator.domain.model import YEARS, Department, DocumentSettings, Indicator, Province, Target
from generator.domain.periods import Period, period_terms
from generator.domain.vietnamese import roman, upper
from generator.domain.wording import fill

Block = dict[str, str]
ValueFormatter = Callable[[Indicator, int], str]


def _block(kind: str, text: str) -> Block:
    return {"kind": kind, "text": text}


def _items(texts: Sequence[str]) -> list[Block]:
    """One item is a plain paragraph; several are "- " lines, as the seed writes them."""
    if len(texts) == 1:
        return [_block("paragraph", texts[0])]
    return [_block("paragraph", f"- {text}") for text in texts]


def targets_phrase(numbers: Sequence[int]) -> str:
    """``chỉ tiêu 14`` or ``các chỉ tiêu 1, 2, 8``: the phrase the lead sentence needs."""
    listed = ", ".join(str(n) for n in sorted(numbers))
    return f"chỉ tiêu {listed}" if len(numbers) == 1 else f"các chỉ tiêu {listed}"


def document_terms(province: Province, settings: DocumentSettings) -> dict[str, str]:
    """The province's terms and the years of the document's period ({period}...)."""
    return {**province.terms, **period_terms(Period(*settings.period), settings.date)}


def target_wording(target: Target, period: Period) -> str:
    """The wording of a target for a plan of ``period``: the full text when the period
    holds every milestone, else the text of the one milestone it holds (validation made
    sure it exists)."""
    milestones = period.milestones
    if milestones == YEARS or len(milestones) != 1:
        return target.text
    return target.texts[milestones[0]]


class _Writer:
    """Fills the shared and provincial wording with this province's terms and values."""

    def __init__(self, province: Province, format_value: ValueFormatter,
                 settings: DocumentSettings) -> None:
        self.province = province
        self.format_value = format_value
        self.terms = document_terms(province, settings)
        self.period = Period(*settings.period)

    def text(self, template: str, **extra: str) -> str:
        terms = {**self.terms, **extra}
        return fill(template, lambda name, _year: terms[name])

    def target(self, number: int) -> str:
        target = self.province.programme.targets[number]
        terms = self.terms

        def lookup(name: str, year: int | None) -> str:
            if year is None:
                return terms[name]
            return self.format_value(target.indicators[name], year)

        return fill(target_wording(target, self.period), lookup)

    def department_tasks(self, department: Department) -> list[str]:
        lead = self.text(self.province.programme.lead_sentence,
                         targets=targets_phrase(department.leads)) if department.leads else ""
        tasks = [self.text(task, lead=lead) for task in department.tasks]
        if department.leads and not any("{lead}" in task for task in department.tasks):
            tasks.insert(0, f"{lead}.")
        return tasks


def _goals_section(writer: _Writer) -> list[Block]:
    programme = writer.province.programme
    headings = programme.headings
    blocks = [_block("heading2", f"1. {headings['general_goal']}"),
              _block("paragraph", writer.text(programme.general_goal)),
              _block("heading2", f"2. {headings['specific_goals']}")]
    for position, (goal, title) in enumerate(sorted(programme.goals.items()), start=1):
        blocks.append(_block("heading3", f"2.{position}. Mục tiêu {goal}: {title}"))
        for number, target in sorted(programme.targets.items()):
            if target.goal == goal:
                blocks.append(_block("paragraph", f"- Chỉ tiêu {number}: "
                                                  f"{writer.target(number)}"))
    return blocks


def _tasks_section(writer: _Writer) -> list[Block]:
    blocks = []
    for i, group in enumerate(writer.province.programme.task_groups, start=1):
        blocks.append(_block("heading2", f"{i}. {writer.text(group.title)}"))
        blocks.extend(_items([writer.text(item) for item in group.items]))
    return blocks


def _funding_section(writer: _Writer) -> list[Block]:
    return _items([writer.text(item) for item in writer.province.programme.funding])


def _organisation_section(writer: _Writer) -> list[Block]:
    blocks = []
    for i, department in enumerate(writer.province.departments, start=1):
        tasks = writer.department_tasks(department)
        if department.name is None:
            # A department without a heading is one numbered sentence ("9. Đề nghị ...").
            blocks.extend(_block("paragraph", f"{i}. {task}") for task in tasks[:1])
            blocks.extend(_items(tasks[1:]) if len(tasks) > 1 else [])
            continue
        blocks.append(_block("heading2", f"{i}. {department.name}"))
        blocks.extend(_items(tasks))
    return blocks


def _reporting_section(writer: _Writer) -> list[Block]:
    return [_block("paragraph", writer.text(writer.province.programme.reporting))]


def plan_summary(province: Province, settings: DocumentSettings) -> str:
    """The plan's trích yếu, its level word and period filled ("... giai đoạn 2026-2030
    trên địa bàn thành phố")."""
    terms = document_terms(province, settings)
    return fill(province.programme.summary, lambda name, _year: terms[name])


def target_texts(province: Province, format_value: ValueFormatter,
                 settings: DocumentSettings) -> dict[int, str]:
    """Each target's sentence, by number, filled as the plan prints it (the Phụ lục
    repeats them: never a list of indicator labels, issue 11)."""
    writer = _Writer(province, format_value, settings)
    return {number: writer.target(number) for number in sorted(province.programme.targets)}


def plan_blocks(province: Province, format_value: ValueFormatter,
                settings: DocumentSettings) -> list[dict[str, Any]]:
    """Opening, sections I–V with computed numbers, and the closing paragraph, for the
    plan the document ``settings`` makes (its period decides the targets' wording)."""
    writer = _Writer(province, format_value, settings)
    programme = province.programme
    headings = programme.headings
    sections = [
        (headings["goals"], _goals_section),
        (headings["tasks"], _tasks_section),
        (headings["funding"], _funding_section),
        (headings["organisation"], _organisation_section),
        (headings["reporting"], _reporting_section),
    ]
    blocks = [_block("paragraph", writer.text(programme.opening))]
    for number, (heading, build) in enumerate(sections, start=1):
        blocks.append(_block("heading1", f"{roman(number)}. {upper(heading)}"))
        blocks.extend(build(writer))
    blocks.append(_block("paragraph", writer.text(programme.closing)))
    return blocks
