"""The sheet ``Kết quả`` of ``vanban excel``: results by year out to .xlsx and back.

Each test exports a copy of a sample province, changes cells with openpyxl the way an
officer's Excel stores them (a number, a percentage fraction with a percent format, or
text Excel did not understand), and imports the workbook back. The YAML file must change
exactly where the sheet did, and not by a byte otherwise.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.commands.main import main
from generator.config import results_sheet, targets_sheet
from generator.config.excel_cells import ExcelError
from generator.config.excel_in import read_workbook
from generator.config.results_sheet import HEADER_ROW, NAME, SOURCE_KEY
from tests.excel_helpers import (
    SAMPLES,
    cell_at,
    copy_project,
    edit_sheet,
    export_workbook,
    province_path,
    read_back,
    row_of,
    set_cells,
    table_of,
    yaml_text,
)
from tests.sample_yaml import results_confirmed, results_tagged_whole


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the samples; the commands run inside it."""
    return copy_project(tmp_path, monkeypatch)


def _confirmed(project: Path, name: str = "long-an") -> str:
    """The province with its sample results taken as real (the ``!mau`` of each line
    dropped): no value is a sample, and an edit changes only its own line."""
    text = results_confirmed(yaml_text(project, name))
    province_path(project, name).write_text(text, encoding="utf-8")
    return text


def _tagged_whole(project: Path, name: str = "long-an") -> str:
    """The province with its sample results tagged for the whole section
    (``results: !mau``), as an officer's own file may have them."""
    text = results_tagged_whole(yaml_text(project, name))
    province_path(project, name).write_text(text, encoding="utf-8")
    return text


def _changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# --- out and back with no edit --------------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
def test_no_edit_changes_no_byte(project: Path, name: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Both sheets, as exported and after a save by another program, import to nothing:
    with the sample results as shipped (each line tagged ``!mau``), tagged for the whole
    section (``results: !mau``), and once they are confirmed."""
    for form in ("shipped", "whole section", "confirmed"):
        if form == "whole section":
            _tagged_whole(project, name)
        elif form == "confirmed":
            _confirmed(project, name)
        yaml_path = province_path(project, name)
        os.utime(yaml_path, ns=(1_000_000_000, 1_000_000_000))
        before = yaml_path.read_bytes(), yaml_path.stat().st_mtime_ns
        workbook = export_workbook(project, name)
        assert NAME in load_workbook(workbook).sheetnames
        resaved = edit_sheet(workbook, lambda sheet: None, sheet=NAME)
        table = table_of(project, name)
        assert read_workbook(resaved, table).changes == {}
        capsys.readouterr()
        assert main(["excel", "import", name, str(resaved)]) == 0
        assert "Không có thay đổi" in capsys.readouterr().out
        assert (yaml_path.read_bytes(), yaml_path.stat().st_mtime_ns) == before


# --- the sheet -----------------------------------------------------------------------------

def test_the_sheet_is_laid_out_locked_and_validated(project: Path) -> None:
    sheet = load_workbook(export_workbook(project))[NAME]
    headers = [sheet.cell(row=HEADER_ROW, column=c).value
               for c in range(1, sheet.max_column + 1)]
    # Long An's plan runs 2021-2030: one column per year, nothing outside.
    assert headers == ["Chỉ tiêu", "Chỉ số", "Nội dung chỉ số", "Đơn vị", "Chiều", "Mốc 2025",
                       "Mốc 2030", *(f"Năm {year}" for year in range(2021, 2031))]
    assert sheet.freeze_panes == f"D{results_sheet.FIRST_ROW}"
    assert sheet.protection.sheet
    assert all(sheet.cell(row=HEADER_ROW, column=c).protection.locked
               for c in range(1, sheet.max_column + 1))
    assert "xóa số trong một ô là bỏ số liệu năm đó khỏi tệp tỉnh" in \
        sheet[f"A{results_sheet.NOTE_ROW}"].value
    # 35 indicators and a row of sources under each of the 24 targets.
    keys = [sheet.cell(row=r, column=2).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert len(keys) == 35 + 24 and keys.count(SOURCE_KEY) == 24
    # Chỉ tiêu 3.a, a rate per 1.000, sample results 10,1 (2023) and 9,5 (2024).
    assert cell_at(sheet, 3, "a", "Năm 2023").value == "mẫu 10,1"
    assert cell_at(sheet, 3, "a", "Năm 2022").value is None
    assert cell_at(sheet, 3, "a", "Mốc 2025").value == 9.5
    assert cell_at(sheet, 3, "a", "Mốc 2025").protection.locked
    assert cell_at(sheet, 3, "a", "Chiều").value == "Giảm"
    assert cell_at(sheet, 3, "a", "Đơn vị").value == "‰ (trên 1.000)"
    assert not cell_at(sheet, 3, "a", "Năm 2027").protection.locked
    # Its sources, per year, open to editing; the source of every year too.
    source = cell_at(sheet, 3, SOURCE_KEY, "Năm 2024")
    assert source.value == "Báo cáo thống kê y tế năm 2024 của Sở Y tế"
    assert not source.protection.locked
    assert not cell_at(sheet, 3, SOURCE_KEY, "Nội dung chỉ số").protection.locked
    # Chỉ tiêu 4.a, a percentage: the milestone stored as a fraction, shown with %.
    milestone = cell_at(sheet, 4, "a", "Mốc 2030")
    assert milestone.value == 0.06 and "%" in milestone.number_format
    empty = cell_at(sheet, 4, "a", "Năm 2025")
    assert empty.value is None and "%" in empty.number_format
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    percent = next(v for r, v in rules.items() if empty.coordinate in r.split())
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "1")
    rate = next(v for r, v in rules.items()
                if cell_at(sheet, 3, "a", "Năm 2030").coordinate in r.split())
    assert (rate.type, rate.operator, rate.formula1) == ("decimal", "greaterThanOrEqual", "0")
    general = next(v for r, v in rules.items()
                   if cell_at(sheet, 4, SOURCE_KEY, "Nội dung chỉ số").coordinate in r.split())
    assert "Để trống: Báo cáo của Sở Y tế." in general.prompt


def test_the_period_gives_the_columns(project: Path) -> None:
    """Tây Ninh's plan runs 2026-2030: five year columns, 2025 is not one of them."""
    sheet = load_workbook(export_workbook(project, "tay-ninh"))[NAME]
    headers = [sheet.cell(row=HEADER_ROW, column=c).value
               for c in range(1, sheet.max_column + 1)]
    assert [h for h in headers if h.startswith("Năm")] == [f"Năm {y}" for y in
                                                           range(2026, 2031)]


# --- edits ---------------------------------------------------------------------------------

def test_edits_change_exactly_their_lines(project: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    old = _confirmed(project)
    edited = edit_sheet(export_workbook(project), set_cells({
        (3, "a", "Năm 2024"): "9,3",  # replaced
        (1, "a", "Năm 2024"): None,  # cleared: the value goes
        (2, "a", "Năm 2025"): 0.925,  # added, a fraction Excel shows as 92,5%
        (3, SOURCE_KEY, "Năm 2024"): "Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế",
    }), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    new = yaml_text(project)
    assert _changed_lines(old, new) == [
        '-  1: {2024: "80,8"}',
        '-  2: {2023: "87,3", 2024: "91,4"}',
        '+  2: {2023: "87,3", 2024: "91,4", 2025: "92,5"}',
        "-      2024: Báo cáo thống kê y tế năm 2024 của Sở Y tế",
        '-    a: {2023: "10,1", 2024: "9,5"}',
        "+      2024: Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế",
        '+    a: {2023: "10,1", 2024: "9,3"}',
    ]
    assert [line for line in old.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in new.splitlines() if line.lstrip().startswith("#")]
    out = capsys.readouterr().out
    assert "Kết quả chỉ tiêu 3: tỷ suất tử vong trẻ sơ sinh năm 2024: 9,5‰ → 9,3‰" in out
    assert "Kết quả chỉ tiêu 1: xã, phường đạt tiêu chuẩn phù hợp với trẻ em năm 2024: " \
           "80,8% → (bỏ)" in out
    assert "năm 2025: (mới) 92,5%" in out
    assert "Kết quả chỉ tiêu 3: nguồn số liệu năm 2024: Báo cáo thống kê y tế năm 2024 của " \
           "Sở Y tế → Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế" in out
    results = read_back(project).results
    assert 1 not in results
    assert results[2]["a"][2025].value == Decimal("92.5")
    assert results[3]["a"][2024].source == "Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế"


def test_a_source_for_every_year_and_a_cleared_one(project: Path) -> None:
    old = _confirmed(project)
    edited = edit_sheet(export_workbook(project), set_cells({
        (4, SOURCE_KEY, "Nội dung chỉ số"): "  Báo cáo  số 45/BC-SYT của Sở Y tế ",
        (3, SOURCE_KEY, "Năm 2023"): None,
    }), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    results = read_back(project).results
    assert results[4]["b"][2023].source == "Báo cáo số 45/BC-SYT của Sở Y tế"
    # 2023 falls back to the report of the department leading chỉ tiêu 3 (Sở Y tế).
    assert results[3]["a"][2023].source == "Báo cáo của Sở Y tế"
    assert results[3]["a"][2024].source == "Báo cáo thống kê y tế năm 2024 của Sở Y tế"
    changed = _changed_lines(old, yaml_text(project))
    assert "-      2023: Báo cáo thống kê y tế năm 2023 của Sở Y tế" in changed
    assert "+    source: Báo cáo số 45/BC-SYT của Sở Y tế" in changed
    assert len(changed) == 2


def test_a_sample_value_typed_over_is_confirmed_alone(project: Path) -> None:
    """The samples tag each line ``!mau``: the value typed loses the mark, every other keeps
    it (the report keeps printing those as samples), and the file changes by that one line."""
    old = yaml_text(project)
    assert "\nresults:\n" in old and '\n    a: !mau {2023: "10,1", 2024: "9,5"}\n' in old
    workbook = export_workbook(project)
    edited = edit_sheet(workbook, set_cells({(3, "a", "Năm 2024"): 9.3}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    new = yaml_text(project)
    assert _changed_lines(old, new) == ['-    a: !mau {2023: "10,1", 2024: "9,5"}',
                                        '+    a: {2023: !mau "10,1", 2024: "9,3"}']
    results = read_back(project).results
    assert not results[3]["a"][2024].sample and results[3]["a"][2023].sample
    assert results[1]["a"][2024].sample and results[3]["b"][2024].sample
    # A value cleared, one added: each changes its own line, the rest stay samples.
    before = new
    edited = edit_sheet(export_workbook(project), set_cells({
        (1, "a", "Năm 2024"): None, (2, "a", "Năm 2025"): 0.925}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert _changed_lines(before, yaml_text(project)) == [
        '-  1: !mau {2024: "80,8"}',
        '-  2: !mau {2023: "87,3", 2024: "91,4"}',
        '+  2: {2023: !mau "87,3", 2024: !mau "91,4", 2025: "92,5"}']
    results = read_back(project).results
    assert 1 not in results and not results[2]["a"][2025].sample
    assert results[2]["a"][2023].sample and results[2]["a"][2024].sample
    # Left as "mẫu ..." but changed: refused, since the officer's number is not a sample.
    kept = edit_sheet(workbook, set_cells({(2, "a", "Năm 2024"): "mẫu 92%"}), sheet=NAME)
    with pytest.raises(ExcelError, match='còn chữ "mẫu"'):
        read_workbook(kept, table_of(project))


def test_a_sample_section_tagged_whole_moves_its_tag_onto_the_values_left(
        project: Path) -> None:
    """A province file of its own may tag the whole section (``results: !mau``): the value
    typed loses the mark and the tag moves down onto every other value, still samples."""
    old = _tagged_whole(project)
    assert "\nresults: !mau\n" in old and '\n  1: {2024: "80,8"}\n' in old
    edited = edit_sheet(export_workbook(project), set_cells({(3, "a", "Năm 2024"): 9.3}),
                        sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    new = yaml_text(project)
    assert "\nresults:\n" in new and "\nresults: !mau\n" not in new
    assert '    a: {2023: !mau "10,1", 2024: "9,3"}\n' in new
    assert '  1: !mau {2024: "80,8"}\n' in new
    assert "      2023: !mau Báo cáo thống kê y tế năm 2023 của Sở Y tế\n" in new
    results = read_back(project).results
    assert not results[3]["a"][2024].sample and results[3]["a"][2023].sample
    assert results[1]["a"][2024].sample
    assert [sample for number in results for key in results[number]
            for sample in (r.sample for r in results[number][key].values())].count(False) == 1


def test_a_province_without_results_gets_the_section_in_schema_order(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = yaml_text(project, "tuyen-quang")
    start = text.index("\nresults:\n") + 1
    end = text.index("\nlead_department:", start) + 1
    without = text[:start] + text[end:]
    province_path(project, "tuyen-quang").write_text(without, encoding="utf-8")
    assert read_back(project, "tuyen-quang").results == {}
    edited = edit_sheet(export_workbook(project, "tuyen-quang"), set_cells({
        (1, "a", "Năm 2023"): 0.81, (4, "b", "Năm 2024"): "17,5%",
        (4, SOURCE_KEY, "Năm 2024"): "Báo cáo số 12/BC-SYT của Sở Y tế"}), sheet=NAME)
    assert main(["excel", "import", "tuyen-quang", str(edited)]) == 0
    new = yaml_text(project, "tuyen-quang")
    # Nothing of the file goes, comments included; the section comes before
    # lead_department, as the schema orders a province file.
    assert [line for line in _changed_lines(without, new) if line.startswith("-")] == []
    assert new.index("\nresults:\n") < new.index("\nlead_department:")
    results = read_back(project, "tuyen-quang").results
    assert results[1]["a"][2023].value == 81
    assert results[4]["b"][2024].value == Decimal("17.5")
    assert results[4]["b"][2024].source == "Báo cáo số 12/BC-SYT của Sở Y tế"
    assert "năm 2023: (mới) 81%" in capsys.readouterr().out


# --- cells as officers type them ------------------------------------------------------------

TYPED = [
    ("text with a decimal comma", 4, "a", "8,3", Decimal("8.3")),
    ("text with a percent sign", 4, "a", "8,3%", Decimal("8.3")),
    ("a fraction shown as a percentage", 4, "a", 0.083, Decimal("8.3")),
    ("text with stray spaces", 4, "a", "  8,3 \u00a0", Decimal("8.3")),
    ("text with a thousands dot", 11, "a", "1.200", 1200),
    ("a plain number", 3, "a", 9.25, Decimal("9.25")),
]


@pytest.mark.parametrize(("number", "key", "typed", "read"), [t[1:] for t in TYPED],
                         ids=[t[0] for t in TYPED])
def test_cells_are_read_as_officers_type_them(project: Path, number: int, key: str,
                                              typed: Any, read: Any) -> None:
    _confirmed(project)

    def change(sheet: Worksheet) -> None:
        cell = cell_at(sheet, number, key, "Năm 2025")
        cell.value = typed
        if isinstance(typed, float) and "%" not in cell.number_format:
            cell.number_format = "0.00"

    edited = edit_sheet(export_workbook(project), change, sheet=NAME)
    table = table_of(project)
    changes = read_workbook(edited, table).changes
    assert list(changes.values()) == [read]
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert read_back(project).results[number][key][2025].value == read


# --- errors: by sheet and cell, and nothing written ------------------------------------------

def test_every_error_names_its_cell_and_nothing_is_written(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _confirmed(project)
    before = yaml_text(project)
    cells: dict[str, str] = {}

    def change(sheet: Worksheet) -> None:
        wrong = {(3, "a", "Năm 2024"): "9.5.", (4, "b", "Năm 2024"): "120%",
                 (3, "b", "Năm 2024"): "9,5%", (5, "a", "Năm 2024"): "=J12*2",
                 (11, "a", "Năm 2024"): -3, (2, "a", "Năm 2024"): True,
                 (6, "a", "Năm 2024"): "#DIV/0!",
                 (8, "a", "Năm 2024"): datetime.datetime(2026, 5, 8),
                 (7, "a", "Nội dung chỉ số"): "trẻ em được đi học",
                 (7, "a", "Mốc 2030"): 0.5}
        for (number, key, header), value in wrong.items():
            cell = cell_at(sheet, number, key, header)
            cell.value = value
            cells[f"{number}{key} {header}"] = cell.coordinate
        # A valid edit beside them is not written either.
        cell_at(sheet, 1, "a", "Năm 2025").value = 0.82

    workbook = export_workbook(project)
    edited = edit_sheet(workbook, change, sheet=NAME)
    # An error on the other sheet is reported with these, and holds them back too.
    other = load_workbook(edited)
    target_cell = next(c for c in other[targets_sheet.NAME]["J"] if c.row > 2 and c.value)
    target_cell.value = "9.5."
    other.save(edited)
    assert main(["excel", "import", "long-an", str(edited)]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert any(line.startswith(f'Kết quả!{cells["3a Năm 2024"]}: "9.5." không phải là số')
               and "gõ lại kết quả năm 2024" in line for line in lines), err
    assert f'Kết quả!{cells["4b Năm 2024"]}: 120%: tỷ lệ phần trăm phải từ 0% đến 100%; gõ ' \
           "lại đúng tỷ lệ, ví dụ 85% hoặc 85" in lines
    assert f'Kết quả!{cells["3b Năm 2024"]}: "9,5%" có dấu %, nhưng chỉ số này không tính ' \
           "bằng phần trăm" in err
    assert f'Kết quả!{cells["5a Năm 2024"]}: ô chứa công thức "=J12*2"' in err
    assert f'Kết quả!{cells["11a Năm 2024"]}: -3: kết quả không được âm' in err
    assert f'Kết quả!{cells["2a Năm 2024"]}: "TRUE" là giá trị đúng/sai' in err
    assert f'Kết quả!{cells["6a Năm 2024"]}: ô báo lỗi #DIV/0! của Excel' in err
    assert f'Kết quả!{cells["8a Năm 2024"]}: Excel đã hiểu giá trị gõ vào là ngày giờ ' \
           "(08/05/2026)" in err
    assert f'Kết quả!{cells["7a Nội dung chỉ số"]}: cột này chỉ để xem' in err
    assert f'Kết quả!{cells["7a Mốc 2030"]}: cột này chỉ để xem, không nhập từ Excel (chỉ ' \
           'tiêu sửa ở trang Chỉ tiêu hoặc trong tệp tỉnh); trả lại "100%"' in err
    assert f'Chỉ tiêu!{target_cell.coordinate}: "9.5." không phải là số' in err
    assert lines[-1] == f"Có 11 lỗi trong tệp {edited}; chưa ghi gì vào {province_path(project)}."
    assert "Traceback" not in err
    assert yaml_text(project) == before


def test_a_moved_or_missing_column_or_row_is_refused(project: Path) -> None:
    workbook = export_workbook(project)

    def swap(sheet: Worksheet) -> None:
        sheet.cell(row=HEADER_ROW, column=9).value = "Năm 2023"
        sheet.cell(row=HEADER_ROW, column=10).value = "Năm 2022"

    table = table_of(project)
    with pytest.raises(ExcelError) as caught:
        read_workbook(edit_sheet(workbook, swap, sheet=NAME), table)
    assert [p.format() for p in caught.value.problems] == [
        'Kết quả!I3: tiêu đề cột là "Năm 2023", cần "Năm 2022": cột bị xóa, chèn hoặc đổi '
        "chỗ; xuất lại tệp bằng vanban excel export rồi sửa trên tệp mới",
        'Kết quả!J3: tiêu đề cột là "Năm 2022", cần "Năm 2023": cột bị xóa, chèn hoặc đổi '
        "chỗ; xuất lại tệp bằng vanban excel export rồi sửa trên tệp mới"]

    def rename(sheet: Worksheet) -> None:
        cell_at(sheet, 9, SOURCE_KEY, "Chỉ số").value = "Nguon"

    with pytest.raises(ExcelError) as caught:
        read_workbook(edit_sheet(workbook, rename, sheet=NAME), table)
    told = [p.format() for p in caught.value.problems]
    assert len(told) == 2 and told[0].startswith("Kết quả!B")
    assert told[0].endswith(": không có chỉ tiêu 9, chỉ số 'Nguon': dòng này không thuộc bảng "
                            "kết quả đã xuất; xóa dòng này hoặc xuất lại tệp")
    assert told[1] == "Kết quả: thiếu dòng Nguồn của chỉ tiêu 9; xuất lại tệp bằng vanban " \
                      "excel export"

    rows: list[int] = []

    def twice(sheet: Worksheet) -> None:
        rows.append(row_of(sheet, 9, "a"))
        cell_at(sheet, 9, SOURCE_KEY, "Chỉ số").value = "a"

    with pytest.raises(ExcelError) as caught:
        read_workbook(edit_sheet(workbook, twice, sheet=NAME), table)
    told = [p.format() for p in caught.value.problems]
    assert told[0].endswith(f": dòng của chỉ số 'a' của chỉ tiêu 9 đã có ở dòng {rows[0]}; "
                            "xóa dòng thừa"), told
    assert told[1:] == ["Kết quả: thiếu dòng Nguồn của chỉ tiêu 9; xuất lại tệp bằng vanban "
                        "excel export"]


def test_a_result_changed_in_the_yaml_after_the_export_is_not_undone(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _confirmed(project)
    workbook = export_workbook(project)
    path = province_path(project)
    path.write_text(yaml_text(project).replace('  7: {2023: "99,5", 2024: 100}',
                                               '  7: {2023: "99,6", 2024: 100}'), encoding="utf-8")
    # Another cell changed: the file's newer 99,6 stays.
    edited = edit_sheet(workbook, set_cells({(10, "a", "Năm 2024"): "1,8"}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert '  7: {2023: "99,6", 2024: 100}' in yaml_text(project)
    assert '  10: {2023: "2,1", 2024: "1,8"}' in yaml_text(project)
    # The same cell changed to something else: refused, cell named.
    edited = edit_sheet(workbook, set_cells({(7, "a", "Năm 2023"): 0.997}), sheet=NAME)
    capsys.readouterr()
    assert main(["excel", "import", "long-an", str(edited)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"Kết quả!J\d+: kết quả này trong tệp long-an.yaml đã đổi từ 99,5% thành "
                     r"99,6% sau khi xuất tệp Excel, và ô cũng đã sửa thành 99,7%", err), err


# --- the rest of the cycle ------------------------------------------------------------------

def test_a_result_changed_rebuilds_only_the_report(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "long-an"]) == 0
    capsys.readouterr()
    folder = project / "output" / "long-an"
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.docx")}
    assert "bao-cao.docx" in stamps and len(stamps) >= 6
    edited = edit_sheet(export_workbook(project), set_cells({(3, "a", "Năm 2024"): "9,3"}),
                        sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    capsys.readouterr()
    assert main(["build", "long-an"]) == 0
    out = capsys.readouterr().out
    rebuilt = {name for name, stamp in stamps.items()
               if (folder / name).stat().st_mtime_ns != stamp}
    assert rebuilt == {"bao-cao.docx"}, out
    assert "đã tạo output/long-an/bao-cao.docx" in out
    assert (folder / "bao-cao.thay-doi.docx").exists()


def test_a_workbook_without_the_sheet_is_refused(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook from before the sheet existed, or with the sheet renamed."""
    before = yaml_text(project)
    workbook = load_workbook(export_workbook(project))
    workbook[NAME].title = "Ket qua"
    edited = project / "cu.xlsx"
    workbook.save(edited)
    assert main(["excel", "import", "long-an", str(edited)]) == 2
    err = capsys.readouterr().err
    assert "cu.xlsx: không có trang 'Kết quả' (các trang có: Chỉ tiêu, Ket qua, Hướng dẫn, " \
           "Danh mục, vanban): trang bị xóa, đổi tên, hoặc tệp xuất từ bản vanban cũ; xuất " \
           "lại tệp bằng vanban excel export rồi sửa trên tệp mới" in err
    assert yaml_text(project) == before
