"""Reading the ``results:`` section of a province file: reported values by target,
indicator and year, each with its source.

Written like ``targets:``: a target with one indicator takes its years directly
(``1: {2023: 81}``), one with several takes them by indicator (``3: {a: {2023: "9,8"}}``).
A value is checked as a target value is (a percentage from 0 to 100, never negative), and
its year must fall inside the plan's period; a year left out is simply not reported yet.
The source of a value is ``sources.<year>``, else ``source``, else the report of the
department leading the target.
"""

from __future__ import annotations

from typing import Any

from generator.config.fields import Fields, describe
from generator.config.yaml_source import PathKey
from generator.domain.model import (
    Department,
    DocumentSettings,
    Number,
    Programme,
    Result,
    Results,
)

SOURCE_KEYS = ("source", "sources")


def default_source(number: int, departments: tuple[Department, ...]) -> str:
    """The report of the department that leads target ``number``."""
    for department in departments:
        if number in department.leads and department.name:
            return f"Báo cáo của {department.name}"
    return "Báo cáo của các sở, ngành"


def read_results(fields: Fields, programme: Programme, departments: tuple[Department, ...],
                 period: tuple[int, int]) -> Results | None:
    """The checked results, ``{}`` when the section is absent, None after an error
    (each reported with its position)."""
    raw = fields.get(("results",))
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        fields.report(("results",), "sai kiểu dữ liệu", found=describe(raw),
                      expected='bảng theo số chỉ tiêu: 1: {2023: 81, 2024: "82,5"}')
        return None
    errors = len([p for p in fields.problems if not p.warning])
    results: Results = {}
    targets = programme.targets
    for number in raw:
        key: PathKey = ("results", number)
        if number not in targets:
            fields.report(key, f"không có chỉ tiêu {number}", found=describe(number),
                          expected=f"số chỉ tiêu từ {min(targets)} đến {max(targets)}",
                          of_key=True)
            continue
        found = _target(fields, key, number, programme, departments, period)
        if found:
            results[number] = found
    if len([p for p in fields.problems if not p.warning]) > errors:
        return None
    return results


def _target(fields: Fields, key: PathKey, number: int, programme: Programme,
            departments: tuple[Department, ...], period: tuple[int, int]
            ) -> dict[str, dict[int, Result]]:
    indicators = programme.targets[number].indicators
    names = list(indicators)
    if not names:  # the target's indicators are wrong, and reported where they are
        return {}
    years = _year_keys(fields, key)
    body = fields.table(key, indicator=names, result_year=years)
    if body is None:
        return {}
    source = fields.text((*key, "source")) if "source" in body else None
    sources = _sources(fields, (*key, "sources"), period) if "sources" in body else {}
    fallback = source or default_source(number, departments)
    found: dict[str, dict[int, Result]] = {}
    if years:
        if len(names) != 1:
            fields.report(key, f"chỉ tiêu {number} có {len(names)} chỉ số ({', '.join(names)}),"
                               " không ghi kết quả năm trực tiếp được",
                          expected=f"ghi theo từng chỉ số, ví dụ {names[0]}: "
                                   "{2023: ..., 2024: ...}")
        else:
            found[names[0]] = _years(fields, key, indicators[names[0]].unit, period,
                                     sources, fallback)
    for name in names:
        if name in body and name not in SOURCE_KEYS:
            ikey = (*key, name)
            if fields.table(ikey, result_year=_year_keys(fields, ikey)) is not None:
                found[name] = _years(fields, ikey, indicators[name].unit, period, sources,
                                     fallback)
    return {name: values for name, values in found.items() if values}


def _in_period(fields: Fields, key: PathKey, year: int, period: tuple[int, int]) -> bool:
    start, end = period
    if start <= year <= end:
        return True
    fields.report(key, f"năm {year} nằm ngoài giai đoạn {start}-{end} của Kế hoạch",
                  found=str(year), expected=f"một năm từ {start} đến {end}", of_key=True)
    return False


def _year_keys(fields: Fields, key: PathKey) -> list[int]:
    """The whole-number keys of the mapping at ``key`` (its years); none when it is not one."""
    raw = fields.get(key)
    if not isinstance(raw, dict):
        return []
    return [name for name in raw if isinstance(name, int) and not isinstance(name, bool)]


def _sources(fields: Fields, key: PathKey, period: tuple[int, int]) -> dict[int, str]:
    years = _year_keys(fields, key)
    if fields.table(key, result_year=years) is None:
        return {}
    found = {}
    for year in years:
        text = fields.text((*key, year))
        if text is not None and _in_period(fields, (*key, year), year, period):
            found[year] = text
    return found


def _years(fields: Fields, key: PathKey, unit: str, period: tuple[int, int],
           sources: dict[int, str], fallback: str) -> dict[int, Result]:
    raw: Any = fields.get(key)
    found: dict[int, Result] = {}
    for year in raw:
        if not isinstance(year, int) or isinstance(year, bool):
            continue
        vkey = (*key, year)
        if not _in_period(fields, vkey, year, period):
            continue
        value = fields.number(vkey)
        if value is None or not _valid(fields, vkey, unit, value):
            continue
        found[year] = Result(value, sources.get(year, fallback),
                             fields.source.is_sample(vkey))
    return dict(sorted(found.items()))


def _valid(fields: Fields, key: PathKey, unit: str, value: Number) -> bool:
    if unit == "percent" and not 0 <= value <= 100:
        fields.report(key, "tỷ lệ phần trăm phải từ 0 đến 100", found=f"{value}%",
                      expected="một số từ 0 đến 100")
        return False
    if value < 0:
        fields.report(key, "kết quả không được âm", found=str(value))
        return False
    return True


def check_report(fields: Fields, documents: dict[str, DocumentSettings],
                 results: Results) -> None:
    """Warn when results and the report that prints them do not come together: results
    nobody reports, or a report with no number in it."""
    if results and "bao-cao" not in documents:
        fields.report(("results",), "có số liệu kết quả nhưng chưa khai báo Báo cáo kết quả",
                      expected="thêm documents.bao-cao (agency, date, signer, recipients, "
                               "archive) để vanban build lập báo cáo", warning=True)
    elif "bao-cao" in documents and not results:
        year = documents["bao-cao"].date.year
        fields.report(("documents", "bao-cao"), "Báo cáo kết quả chưa có số liệu nào: mọi "
                      "chỉ tiêu sẽ in \"chưa có số liệu\"",
                      expected=f"thêm mục results với kết quả năm {year}, ví dụ "
                               'results: {1: {' + str(year) + ': "82,5"}}', warning=True)
