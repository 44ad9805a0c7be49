"""``vanban excel export`` and ``import``: the targets sheet out to .xlsx and back.

Each test exports a copy of a sample province, changes cells with openpyxl the way an
officer's Excel would store them (a number, a percentage fraction with a percent format,
or text when Excel did not understand what was typed), and imports the workbook back.
The YAML file must change exactly where the sheet did, and not by a byte otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.commands.main import main
from generator.config.excel_cells import ExcelError
from generator.config.excel_in import read_workbook
from generator.config.targets_sheet import HEADER_ROW, NAME, columns
from tests.excel_helpers import (
    ROOT,
    SAMPLES,
    cell_at,
    copy_project,
    edit_sheet,
    export_workbook,
    province_path,
    read_back,
    set_cells,
    table_of,
    yaml_text,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the samples; the commands run inside it."""
    return copy_project(tmp_path, monkeypatch)


# --- out and back with no edit --------------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
def test_export_then_import_with_no_edit_changes_no_byte(project: Path, name: str,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    yaml_path = province_path(project, name)
    os.utime(yaml_path, ns=(1_000_000_000, 1_000_000_000))
    before = yaml_path.read_bytes(), yaml_path.stat().st_mtime_ns
    assert main(["excel", "export", name]) == 0
    workbook = project / f"{name}-chi-tieu.xlsx"
    # Opened and saved again (openpyxl here, Excel at the office): still no change.
    resaved = edit_sheet(workbook, lambda sheet: None, sheet=NAME)
    capsys.readouterr()
    assert main(["excel", "import", name, str(resaved)]) == 0
    assert "Không có thay đổi" in capsys.readouterr().out
    assert (yaml_path.read_bytes(), yaml_path.stat().st_mtime_ns) == before


def test_the_commands_in_real_processes(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}

    def vanban(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project,
                              env=env, capture_output=True, encoding="utf-8", timeout=120,
                              check=False)

    exported = vanban("excel", "export", "tay-ninh", "--out", "ct.xlsx")
    assert exported.returncode == 0, exported.stderr
    assert "đã tạo ct.xlsx (trang 'Chỉ tiêu': 24 chỉ tiêu" in exported.stdout
    again = vanban("excel", "export", "tay-ninh", "--out", "ct.xlsx")
    assert again.returncode == 2 and "đã có tệp ct.xlsx" in again.stderr
    edited = edit_sheet(project / "ct.xlsx", set_cells({(4, "a", "Tỉnh 2030"): "5,5%"}), sheet=NAME)
    imported = vanban("excel", "import", "tay-ninh", str(edited))
    assert imported.returncode == 0, imported.stderr
    assert "Chỉ tiêu 4: suy dinh dưỡng thể nhẹ cân năm 2030: dưới 6% → dưới 5,5%" \
        in imported.stdout
    assert "Traceback" not in imported.stderr


# --- the sheet -----------------------------------------------------------------------------

def test_the_sheet_is_laid_out_locked_and_validated(project: Path) -> None:
    table = table_of(project)
    sheet = load_workbook(export_workbook(project))[NAME]
    headers = [sheet.cell(row=HEADER_ROW, column=c).value
               for c in range(1, len(columns(table.years)) + 1)]
    assert headers == ["Chỉ tiêu", "Mục tiêu", "Chỉ số", "Nội dung chỉ số", "Đơn vị", "Chiều",
                       "Quốc gia 2025", "Quốc gia 2030", "Tỉnh 2025", "Tỉnh 2030",
                       "Sở chủ trì"]
    assert sheet.freeze_panes == "E3"
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and sheet["I2"].protection.locked
    numbers = {sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)} - {None}
    assert numbers == set(range(1, 25))
    assert sheet.max_row - HEADER_ROW == len(table.rows) == 35
    # Chỉ tiêu 4.a: a percentage, dưới 9% and 6% nationally, 9% and 6% for Long An.
    own = cell_at(sheet, 4, "a", "Tỉnh 2030")
    national = cell_at(sheet, 4, "a", "Quốc gia 2025")
    assert (national.value, own.value) == (0.09, 0.06)
    assert "%" in own.number_format and not own.protection.locked
    assert cell_at(sheet, 4, "a", "Nội dung chỉ số").protection.locked
    assert cell_at(sheet, 4, "a", "Chiều").value == "Giảm (càng thấp càng tốt)"
    # Chỉ tiêu 3.a: a rate per 1.000, stored as the number 9.5.
    assert cell_at(sheet, 3, "a", "Tỉnh 2025").value == 9.5
    assert cell_at(sheet, 4, "a", "Sở chủ trì").value == "Sở Y tế"
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    percent = next(v for r, v in rules.items() if own.coordinate in r.split())
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "1")
    rate = next(v for r, v in rules.items() if cell_at(sheet, 3, "a", "Tỉnh 2025").coordinate
                in r.split())
    assert (rate.type, rate.operator, rate.formula1) == ("decimal", "greaterThanOrEqual", "0")
    lead = next(v for v in rules.values() if v.type == "list")
    assert lead.formula1 == "'Danh mục'!$A$2:$A$12"


# --- cells as officers type them ------------------------------------------------------------

TYPED = [
    ("text with a decimal comma", 4, "a", "8,5", Decimal("8.5")),
    ("text with a percent sign", 4, "a", "8,5%", Decimal("8.5")),
    ("a fraction shown as a percentage", 4, "a", 0.085, Decimal("8.5")),
    ("text with stray spaces", 4, "a", "  8,5 \u00a0", Decimal("8.5")),
    ("a number typed in a percentage cell", 4, "a", 0.08, 8),
    ("text with a thousands dot", 11, "a", "1.200", 1200),
    ("a plain number", 3, "a", 8.75, Decimal("8.75")),
]


@pytest.mark.parametrize(("number", "key", "typed", "read"), [t[1:] for t in TYPED],
                         ids=[t[0] for t in TYPED])
def test_cells_are_read_as_officers_type_them(project: Path, number: int, key: str, typed: Any,
                                              read: Any) -> None:
    workbook = export_workbook(project)
    edited = edit_sheet(workbook, set_cells({(number, key, "Tỉnh 2030"): typed}), sheet=NAME)
    table = table_of(project)
    changes = read_workbook(edited, table).changes
    assert list(changes.values()) == [read]
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert read_back(project).programme.targets[number].indicators[key].values[2030] == read


def test_a_cleared_cell_gives_the_national_value_back(project: Path) -> None:
    old = yaml_text(project)
    edited = edit_sheet(export_workbook(project), set_cells({(6, "a", "Tỉnh 2030"): None}),
                        sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert "  6: {2030: 2}\n" in old and "  6: {2030: 2}\n" not in yaml_text(project)
    assert len(old.splitlines()) - len(yaml_text(project).splitlines()) == 1


def test_a_lead_moves_to_another_department(project: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    old = yaml_text(project)
    edited = edit_sheet(export_workbook(project),
                        set_cells({(4, "a", "Sở chủ trì"): "Sở Giáo dục và Đào tạo"}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    new = yaml_text(project)
    assert "    leads: [3, 4, 5, 6]\n" in old and "    leads: [3, 5, 6]\n" in new
    assert "    leads: [4, 7, 15, 16, 17, 18, 19, 20]\n" in new
    assert "Sở Y tế: chủ trì chỉ tiêu: 3, 4, 5, 6 → 3, 5, 6" in capsys.readouterr().out


# --- errors: by sheet and cell, and nothing written ------------------------------------------

def test_every_error_names_its_cell_and_nothing_is_written(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = yaml_text(project)
    cells: dict[str, str] = {}

    def change(sheet: Worksheet) -> None:
        wrong = {(4, "a", "Tỉnh 2030"): "9.5.", (4, "b", "Tỉnh 2025"): "120%",
                 (3, "a", "Tỉnh 2025"): "9,5%", (9, "a", "Tỉnh 2030"): "=I12*2",
                 (1, "a", "Sở chủ trì"): "Sở Kế hoạch", (2, "a", "Tỉnh 2025"): True,
                 (6, "a", "Tỉnh 2030"): "#DIV/0!", (11, "a", "Tỉnh 2030"): -3}
        for (number, key, header), value in wrong.items():
            cell = cell_at(sheet, number, key, header)
            cell.value = value
            cells[f"{number}{key}{header}"] = cell.coordinate
        cells["label"] = cell_at(sheet, 5, "b", "Nội dung chỉ số").coordinate
        cell_at(sheet, 5, "b", "Nội dung chỉ số").value = "trẻ em được tiêm"
        # A date Excel made of "8/5".
        date_cell = cell_at(sheet, 8, "a", "Tỉnh 2025")
        date_cell.value = __import__("datetime").datetime(2026, 5, 8)
        cells["date"] = date_cell.coordinate

    edited = edit_sheet(export_workbook(project), change, sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert f'Chỉ tiêu!{cells["4aTỉnh 2030"]}: "9.5." không phải là số' in err
    assert f'Chỉ tiêu!{cells["4bTỉnh 2025"]}: 120%: tỷ lệ phần trăm phải từ 0% đến 100%; ' \
           "gõ lại đúng tỷ lệ, ví dụ 85% hoặc 85" in lines
    assert f'Chỉ tiêu!{cells["3aTỉnh 2025"]}: "9,5%" có dấu %, nhưng chỉ số này không tính ' \
           "bằng phần trăm; gõ lại giá trị năm 2025, ví dụ 9,5, hoặc để trống để dùng giá " \
           "trị quốc gia" in lines
    assert f'Chỉ tiêu!{cells["11aTỉnh 2030"]}: -3: giá trị chỉ tiêu không được âm; gõ lại ' \
           "số không âm" in lines
    assert f'Chỉ tiêu!{cells["9aTỉnh 2030"]}: ô chứa công thức "=I12*2"' in err
    assert f'Chỉ tiêu!{cells["1aSở chủ trì"]}: không có sở, ngành "Sở Kế hoạch"' in err
    assert f'Chỉ tiêu!{cells["2aTỉnh 2025"]}: "TRUE" là giá trị đúng/sai' in err
    assert f'Chỉ tiêu!{cells["6aTỉnh 2030"]}: ô báo lỗi #DIV/0! của Excel' in err
    assert f'Chỉ tiêu!{cells["date"]}: Excel đã hiểu giá trị gõ vào là ngày giờ (08/05/2026)' \
        in err
    assert f'Chỉ tiêu!{cells["label"]}: cột này chỉ để xem' in err
    assert lines[-1] == f"Có 10 lỗi trong tệp {edited}; chưa ghi gì vào " \
                        f"{project / 'provinces' / 'long-an.yaml'}."
    assert "Traceback" not in err
    assert yaml_text(project) == before


def test_what_the_validator_says_of_a_value_is_told_at_its_cell(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2030 milestone weaker than 2025's is saved with the validator's warning, told at
    the cell it came from rather than at a line of the YAML file."""
    cells: list[str] = []

    def change(sheet: Worksheet) -> None:
        cell = cell_at(sheet, 4, "a", "Tỉnh 2030")
        cell.value = "10%"
        cells.append(cell.coordinate)

    edited = edit_sheet(export_workbook(project), change, sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    err = capsys.readouterr().err
    assert f"Chỉ tiêu!{cells[0]}: cảnh báo: chỉ tiêu 4 (suy dinh dưỡng thể nhẹ cân): giá trị " \
           "năm 2030 kém hơn năm 2025" in err
    assert read_back(project).programme.targets[4].indicators["a"].values[2030] == 10


def test_a_value_changed_in_the_yaml_after_the_export_is_not_undone(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = export_workbook(project)
    path = province_path(project)
    path.write_text(yaml_text(project).replace("  2: {2025: 90, 2030: 95}",
                                               "  2: {2025: 91, 2030: 95}"), encoding="utf-8")
    # The officer changed another cell: the YAML's newer 91 stays.
    edited = edit_sheet(workbook, set_cells({(1, "a", "Tỉnh 2030"): 0.86}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert "  2: {2025: 91, 2030: 95}" in yaml_text(project)
    assert "  1: {2025: 80, 2030: 86}" in yaml_text(project)
    # The officer changed the same cell to something else: refused, cell named.
    edited = edit_sheet(workbook, set_cells({(2, "a", "Tỉnh 2025"): 0.92}), sheet=NAME)
    capsys.readouterr()
    assert main(["excel", "import", "long-an", str(edited)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"Chỉ tiêu!I\d+: giá trị này trong tệp long-an.yaml đã đổi từ 90% thành "
                     r"91% sau khi xuất tệp Excel, và ô cũng đã sửa thành 92%", err), err


def test_sample_values_stay_samples_until_typed(project: Path) -> None:
    path = province_path(project)
    path.write_text(yaml_text(project).replace(
        "  1: {2025: 80, 2030: 85}", "  1: !mau {2025: 80, 2030: 85}  # MẪU: quốc gia"),
        encoding="utf-8")
    workbook = export_workbook(project)
    sheet = load_workbook(workbook)[NAME]
    assert cell_at(sheet, 1, "a", "Tỉnh 2025").value == "mẫu 80%"
    table = table_of(project)
    assert read_workbook(workbook, table).changes == {}
    edited = edit_sheet(workbook, set_cells({(1, "a", "Tỉnh 2025"): 0.8}), sheet=NAME)
    assert main(["excel", "import", "long-an", str(edited)]) == 0
    assert "  1: {2025: 80, 2030: !mau 85}  # MẪU: quốc gia\n" in yaml_text(project)
    kept = edit_sheet(workbook, set_cells({(1, "a", "Tỉnh 2030"): "mẫu 86%"}), sheet=NAME)
    with pytest.raises(ExcelError, match='còn chữ "mẫu"'):
        read_workbook(kept, table_of(project))


def test_a_workbook_of_another_province_or_not_a_workbook_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = export_workbook(project, "tay-ninh")
    before = yaml_text(project)
    assert main(["excel", "import", "long-an", str(workbook)]) == 2
    assert "được xuất cho tỉnh 'tay-ninh', không phải 'long-an'" in capsys.readouterr().err
    text = project / "ct.xlsx"
    text.write_text("Chỉ tiêu;1;80\n", encoding="utf-8")
    assert main(["excel", "import", "long-an", str(text)]) == 2
    assert "không phải tệp Excel .xlsx" in capsys.readouterr().err
    assert yaml_text(project) == before
