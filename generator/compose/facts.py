"""The facts of a province a reviewer cares about, as lines that can be compared.

A rebuild's change report is the difference between the facts of the last build and of
this one: target values as the plan prints them, who leads which target, who signs, and
the results the report prints with their sources.
"""

from __future__ import annotations

import re

from generator.compose.context import date_phrase, format_value, number_and_symbol, signer
from generator.domain.model import Province, Target
from generator.domain.results import format_value as result_value
from generator.domain.samples import unmarked

_QUALIFIER = re.compile(r"(dưới|trên|xuống dưới|xuống còn|xuống)\s*\{(\w)\.(\d{4})\}")


def _qualifiers(target: Target) -> dict[tuple[str, int], str]:
    """The word the wording puts before a value ("dưới 9%"), so the report reads the same."""
    found = {}
    for match in _QUALIFIER.finditer(target.text):
        word = match.group(1).replace("xuống còn", "").replace("xuống", "").strip()
        if word:
            found[(match.group(2), int(match.group(3)))] = word
    return found


def province_facts(province: Province) -> dict[str, str]:
    """Readable key → value lines, in a stable order."""
    facts: dict[str, str] = {}
    for number, target in sorted(province.programme.targets.items()):
        words = _qualifiers(target)
        for key, indicator in target.indicators.items():
            for year in sorted(indicator.values):
                value = unmarked(format_value(indicator, year))
                word = words.get((key, year))
                facts[f"Chỉ tiêu {number}: {indicator.label} năm {year}"] = (
                    f"{word} {value}" if word else value)
    for department in province.departments:
        if department.leads:
            name = department.name or department.key
            facts[f"{name}: chủ trì chỉ tiêu"] = ", ".join(map(str, department.leads))
    facts.update(_result_facts(province))
    for kind, settings in province.documents.items():
        person = signer(settings)
        facts[f"Văn bản {kind}: người ký"] = " / ".join([*person["lines"], person["name"]])
        facts[f"Văn bản {kind}: số, ngày"] = (
            f"{number_and_symbol(settings).strip()}, {date_phrase(settings)}".replace(
                "\u00a0", " "))
    return facts


def _result_facts(province: Province) -> dict[str, str]:
    """Each reported value (a sample marked), then the source of each reported year."""
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    for number, by_key in sorted(province.results.items()):
        indicators = province.programme.targets[number].indicators
        for key, years in by_key.items():
            indicator = indicators[key]
            for year, result in sorted(years.items()):
                value = result_value(result.value, indicator.unit)
                values[f"{RESULT_FACT}{number}: {indicator.label} năm {year}"] = (
                    f"{value} (mẫu)" if result.sample else value)
                sources[f"{RESULT_FACT}{number}: nguồn số liệu năm {year}"] = result.source
    return {**values, **dict(sorted(sources.items(), key=lambda item: _numbers(item[0])))}


RESULT_FACT = "Kết quả chỉ tiêu "
REPORT_KIND = "bao-cao"


def facts_for(kind: str, facts: dict[str, str]) -> dict[str, str]:
    """The facts a document of ``kind`` prints: the results only in the report."""
    if kind == REPORT_KIND:
        return facts
    return {key: value for key, value in facts.items() if not key.startswith(RESULT_FACT)}


def _numbers(key: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", key))


def compare(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Report lines ``key: old → new`` for what changed, appeared or disappeared."""
    lines = []
    for key in new:
        if key not in old:
            lines.append(f"{key}: (mới) {new[key]}")
        elif old[key] != new[key]:
            lines.append(f"{key}: {old[key]} → {new[key]}")
    lines.extend(f"{key}: {old[key]} → (bỏ)" for key in old if key not in new)
    return lines
