"""The results section (config.results) and the verdicts on it (domain.results)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.config.province import read_province
from generator.domain.errors import ConfigError, Problem
from generator.domain.model import Indicator, Province, Target
from generator.domain.results import (
    EXCEEDED,
    MET,
    NO_DATA,
    SHORT,
    assess,
    goal_assessment,
    milestone_for,
    rows,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "provinces" / "shared"


def _long_an() -> str:
    """Long An without its own (sample) results section."""
    text = (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8")
    return re.sub(r"\nresults:.*\n(?:  .*\n)+", "\n", text)


def _read(tmp_path: Path, results: str, extra: str = "") -> Province:
    text = _long_an()
    path = tmp_path / "long-an.yaml"
    path.write_text(text + extra + "\nresults:\n" + results, encoding="utf-8")
    return read_province(path, SHARED)[0]


def _errors(tmp_path: Path, results: str) -> tuple[list[Problem], int]:
    """The errors of a results section, and the line the section starts on."""
    start = _long_an().count("\n") + 3
    with pytest.raises(ConfigError) as caught:
        _read(tmp_path, results)
    return [p for p in caught.value.problems if not p.warning], start


def test_short_form_with_sources_is_read(tmp_path: Path) -> None:
    province = _read(tmp_path, (
        "  1: {2023: 81, 2024: \"82,5\"}\n"
        "  3:\n"
        "    a: {2023: \"9,8\"}\n"
        "    source: Báo cáo số 45/BC-SYT của Sở Y tế\n"
        "    sources: {2023: Báo cáo số 12/BC-SYT ngày 10/12/2023 của Sở Y tế}\n"))
    first = province.results[1]["a"]
    assert first[2023].value == 81 and first[2024].value == Decimal("82.5")
    # Without a source, the department leading the target reports it.
    lead = next(d for d in province.departments if 1 in d.leads)
    assert first[2023].source == f"Báo cáo của {lead.name}"
    assert province.results[3]["a"][2023].source == "Báo cáo số 12/BC-SYT ngày 10/12/2023 " \
                                                    "của Sở Y tế"
    assert set(province.results) == {1, 3}


def test_sample_results_are_marked(tmp_path: Path) -> None:
    province = _read(tmp_path, "  1: {2023: !mau 81, 2024: 83}\n")
    assert province.results[1]["a"][2023].sample
    assert not province.results[1]["a"][2024].sample


def test_national_values_are_kept_beside_the_province_s(tmp_path: Path) -> None:
    province = _read(tmp_path, "  1: {2023: 81}\n")
    indicator = province.programme.targets[1].indicators["a"]
    assert indicator.values[2025] == 80  # Long An's own
    assert indicator.national and indicator.national != indicator.values


@pytest.mark.parametrize(("results", "line", "field", "words"), [
    ("  1: {2023: 101}\n", 1, "results.1.2023", "từ 0 đến 100"),
    ("  1: {2019: 81}\n", 1, "results.1.2019", "ngoài giai đoạn 2021-2030"),
    ("  1: {2031: 81}\n", 1, "results.1.2031", "ngoài giai đoạn"),
    ("  11:\n    a: {2023: -3}\n", 2, "results.11.a.2023", "không được âm"),
    ("  1: {2023: \"8.5.\"}\n", 1, "results.1.2023", ""),
    ("  3: {2023: 9}\n", 1, "results.3", "3 chỉ số"),
    ("  3:\n    z: {2023: 9}\n", 2, "results.3.z", "không có trong cấu hình"),
    ("  99: {2023: 9}\n", 1, "results.99", "không có chỉ tiêu 99"),
    ("  1: {2023: 81, soruce: x}\n", 1, "results.1.soruce", "source"),
    ("  4:\n    a: {2023: 120}\n", 2, "results.4.a.2023", "từ 0 đến 100"),
])
def test_each_mistake_is_refused_where_it_is(tmp_path: Path, results: str, line: int,
                                             field: str, words: str) -> None:
    errors, start = _errors(tmp_path, results)
    assert [p.field for p in errors] == [field]
    assert errors[0].mark is not None and errors[0].mark.line == start + line - 1
    assert words in errors[0].message + (errors[0].expected or "")


def test_a_set_period_bounds_the_years(tmp_path: Path) -> None:
    assert "programme:" not in _long_an()
    with pytest.raises(ConfigError) as caught:
        _read(tmp_path, "  1: {2025: 81}\n", "\nprogramme:\n  period: [2026, 2030]\n")
    fields = [p.field for p in caught.value.problems if not p.warning]
    assert "results.1.2025" in fields


# --- verdicts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "target", "unit", "direction", "code", "difference"), [
    # "Dưới 9%" is met by 8,5%.
    (Decimal("8.5"), 9, "percent", "decrease", EXCEEDED, "vượt 0,5 điểm phần trăm"),
    (9, 9, "percent", "decrease", MET, ""),
    (Decimal("9.8"), Decimal("9.5"), "percent", "decrease", SHORT,
     "còn cao hơn mục tiêu 0,3 điểm phần trăm"),
    (Decimal("82.5"), 80, "percent", "increase", EXCEEDED, "vượt 2,5 điểm phần trăm"),
    (80, 80, "percent", "increase", MET, ""),
    (Decimal("78.8"), 80, "percent", "increase", SHORT, "còn thiếu 1,2 điểm phần trăm"),
    (Decimal("9.9"), Decimal("9.5"), "per1000", "decrease", SHORT,
     "còn cao hơn mục tiêu 0,4 phần nghìn"),
    (240, 250, "per100000", "decrease", EXCEEDED, "vượt 10 trên 100.000"),
    (100, 100, "percent", "maintain", MET, ""),
    (Decimal("99.5"), 100, "percent", "maintain", SHORT, "còn thiếu 0,5 điểm phần trăm"),
    (1200, 1000, "number", "increase", EXCEEDED, "vượt 200"),
    (None, 80, "percent", "increase", NO_DATA, ""),
])
def test_status_respects_the_direction(value: Decimal | int | None, target: Decimal | int,
                                       unit: str, direction: str, code: str,
                                       difference: str) -> None:
    status = assess(value, target, unit, direction)
    assert (status.code, status.difference) == (code, difference)


def _indicator(unit: str, direction: str, **values: Decimal | int) -> Indicator:
    return Indicator("a", "chỉ số", unit, direction,
                     {int(k.removeprefix("y")): v for k, v in values.items()})


@pytest.mark.parametrize(("year", "milestone"), [(2023, 2025), (2025, 2025), (2027, 2030),
                                                 (2030, 2030)])
def test_a_result_is_judged_against_the_milestone_of_its_stage(year: int,
                                                               milestone: int) -> None:
    assert milestone_for(_indicator("percent", "increase", y2025=80, y2030=85), year) == \
        milestone


def test_goal_assessment_names_what_is_short_and_what_is_missing() -> None:
    from generator.domain.model import Result

    targets = {
        1: Target(1, 1, "", {"a": _indicator("percent", "increase", y2025=80)}),
        2: Target(2, 1, "", {"a": _indicator("percent", "increase", y2025=90)}),
        3: Target(3, 1, "", {"a": _indicator("percent", "decrease", y2025=Decimal("9.5")),
                             "b": _indicator("percent", "decrease", y2025=12)}),
        4: Target(4, 1, "", {"a": _indicator("percent", "increase", y2025=50)}),
    }
    source = "Báo cáo"
    results = {1: {"a": {2024: Result(81, source)}}, 2: {"a": {2024: Result(90, source)}},
               3: {"a": {2024: Result(Decimal("9.8"), source)},
                   "b": {2024: Result(11, source)}}}
    found = rows(targets, results, [2023, 2024], 2024)
    assert [r.status.code for r in found] == [EXCEEDED, MET, SHORT, EXCEEDED, NO_DATA]
    assert found[0].results == {2023: None, 2024: Result(81, source)}
    assert goal_assessment(found) == (
        "3/4 chỉ tiêu có số liệu đạt và vượt (2 chỉ tiêu vượt); chỉ tiêu 3a chưa đạt (9,8% so với "
        "mục tiêu dưới 9,5%); chỉ tiêu 4 chưa có số liệu.")


def test_a_report_without_results_and_results_without_a_report_are_warned(
        tmp_path: Path) -> None:
    path = tmp_path / "long-an.yaml"
    path.write_text(_long_an(), encoding="utf-8")
    _province, warnings = read_province(path, SHARED)
    assert [w.field for w in warnings if "chưa có số liệu nào" in w.message] == \
        ["documents.bao-cao"]
    without_report = _long_an().split("\n  bao-cao:\n")[0] + "\nresults:\n  1: {2023: 81}\n"
    path.write_text(without_report, encoding="utf-8")
    province, warnings = read_province(path, SHARED)
    assert "bao-cao" not in province.documents and province.results
    assert [w.field for w in warnings if "chưa khai báo Báo cáo" in w.message] == ["results"]


def test_results_of_a_target_whose_indicators_are_wrong_are_not_read_twice(
        tmp_path: Path) -> None:
    """Found by tests/test_fuzz.py: the target's mistake is reported, nothing crashes."""
    broken = "      a: {label: trẻ em không tảo hôn, unit: percent, direction: increase, 2030: 100}"
    text = _long_an()
    assert text.count(broken) == 1
    path = tmp_path / "long-an.yaml"
    path.write_text(text.replace(broken, "      a: ~") + "\nresults:\n  13: {2024: 100}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_province(path, SHARED)
    assert "targets.13.indicators.a" in [p.field for p in caught.value.problems]
