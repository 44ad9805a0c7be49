"""Reading back the Excel workbook of a province (``vanban excel import``).

The file comes from anywhere (an e-mail, a USB stick), so it is opened with limits on
its size, its parts and what they unpack to, and never trusted further than its cells.
Each sheet has its reader (``SHEETS``): ``Chỉ tiêu`` (config.targets_sheet) and
``Kết quả`` (config.results_sheet). Every problem names its sheet and cell, all problems
of the workbook, both sheets together, are reported at once, and the changes are
returned only when there is none.

The workbook carries the values it was exported with, in a hidden sheet: a cell changed
by the officer is one that differs from its exported value, not from the file today.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.config import results_sheet, targets_sheet
from generator.config.excel_cells import CellProblem, ExcelError
from generator.config.targets_table import TargetsTable
from generator.config.yaml_source import PathKey

MAX_BYTES = 20_000_000
MAX_PARTS = 2_000
MAX_UNPACKED = 200_000_000
BASELINE_SHEET = "vanban"  # very hidden: what each editable cell held when exported
FORMAT = 1

SheetReader = Callable[[Worksheet, TargetsTable, Mapping[str, Any] | None],
                       targets_sheet.SheetImport]
SHEETS: tuple[tuple[str, SheetReader], ...] = (
    (targets_sheet.NAME, targets_sheet.read),
    (results_sheet.NAME, results_sheet.read),
)


@dataclass
class Import:
    """The changes a workbook asks for, each dotted path tied to its cell."""

    changes: dict[PathKey, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)


def baseline_json(province_id: str, sheets: Mapping[str, Any]) -> str:
    """What the export keeps in the hidden sheet."""
    return json.dumps({"format": FORMAT, "province": province_id, "sheets": sheets},
                      ensure_ascii=False, separators=(",", ":"))


def _refused(path: Path, message: str) -> ExcelError:
    return ExcelError([CellProblem(path.name, "", message)])


def open_workbook(path: Path) -> Workbook:
    """The workbook at ``path``, within limits; ExcelError in Vietnamese otherwise."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _refused(path, f"không có tệp {path}") from None
    if size > MAX_BYTES:
        raise _refused(path, f"tệp quá lớn ({size // 1_000_000} MB); tệp chỉ tiêu xuất từ "
                             f"vanban chỉ vài chục KB, giới hạn {MAX_BYTES // 1_000_000} MB")
    if not zipfile.is_zipfile(path):
        raise _refused(path, "không phải tệp Excel .xlsx (có thể là .xls cũ hoặc .csv): mở "
                             "trong Excel rồi Lưu thành (Save As) kiểu Excel Workbook (.xlsx)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _refused(path, "tệp .xlsx bị hỏng, không mở được; xuất lại bằng vanban excel "
                             "export") from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise _refused(path, "tệp có quá nhiều phần hoặc giải nén ra quá lớn; đây không phải "
                             "tệp chỉ tiêu vanban xuất ra")
    try:
        return load_workbook(path, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _refused(path, f"không đọc được tệp Excel ({type(exc).__name__}); mở trong "
                             "Excel, lưu lại kiểu .xlsx rồi thử lại") from None


def _exported(workbook: Workbook, path: Path, province_id: str) -> Mapping[str, Any]:
    if BASELINE_SHEET not in workbook.sheetnames:
        return {}
    try:
        data = json.loads(str(workbook[BASELINE_SHEET]["A1"].value or ""))
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    if data.get("province") != province_id:
        raise _refused(path, f"tệp này được xuất cho tỉnh '{data.get('province')}', không "
                             f"phải '{province_id}': chọn đúng tệp, hoặc ghi đúng tỉnh trong "
                             "lệnh")
    sheets = data.get("sheets")
    return sheets if isinstance(sheets, dict) else {}


def read_workbook(path: Path, table: TargetsTable) -> Import:
    """The changes the workbook asks for; ExcelError with every problem otherwise."""
    workbook = open_workbook(path)
    exported = _exported(workbook, path, table.province.id)
    result = Import()
    problems: list[CellProblem] = []
    for name, reader in SHEETS:
        if name not in workbook.sheetnames:
            problems.append(CellProblem(path.name, "", f"không có trang '{name}' (các trang "
                                        f"có: {', '.join(workbook.sheetnames)}): trang bị "
                                        "xóa, đổi tên, hoặc tệp xuất từ bản vanban cũ; xuất "
                                        "lại tệp bằng vanban excel export rồi sửa trên tệp "
                                        "mới"))
            continue
        sheet = reader(workbook[name], table, exported.get(name))
        problems.extend(sheet.problems)
        result.changes.update(sheet.changes)
        result.cells.update(sheet.cells)
    if problems:
        raise ExcelError(problems)
    return result
