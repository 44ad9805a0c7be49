"""What the tests of ``vanban excel`` share (test_excel, test_excel_results).

A project folder with a copy of the samples, a workbook exported from it, a cell found by
its target's number, its indicator's key (or ``Nguồn``) and its column's header, and the
workbook saved again after an edit, the way an officer's Excel would store it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import generator
from generator.config import results_sheet, targets_sheet
from generator.config.province import read_province
from generator.config.targets_table import TargetsTable, targets_table
from generator.domain.model import Province
from generator.output.excel_out import export

ROOT = Path(generator.__file__).resolve().parent.parent
SAMPLES = sorted(p.stem for p in (ROOT / "provinces").glob("*.yaml"))
HEADER_ROWS = {targets_sheet.NAME: targets_sheet.HEADER_ROW,
               results_sheet.NAME: results_sheet.HEADER_ROW}


def copy_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the samples, made the current folder: the commands run in it."""
    shutil.copytree(ROOT / "provinces", tmp_path / "provinces")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def province_path(project: Path, name: str = "long-an") -> Path:
    return project / "provinces" / f"{name}.yaml"


def yaml_text(project: Path, name: str = "long-an") -> str:
    return province_path(project, name).read_text(encoding="utf-8")


def table_of(project: Path, name: str = "long-an") -> TargetsTable:
    return targets_table(province_path(project, name), project / "provinces" / "shared")


def read_back(project: Path, name: str = "long-an") -> Province:
    """The province as the reader makes it of its file now."""
    path = province_path(project, name)
    return read_province(path, path.parent / "shared")[0]


def export_workbook(project: Path, name: str = "long-an") -> Path:
    """The workbook of a province, exported as ``<name>.xlsx`` in the project."""
    out = project / f"{name}.xlsx"
    export(table_of(project, name), out)
    return out


def _headers(sheet: Worksheet) -> tuple[int, dict[Any, int]]:
    header_row = HEADER_ROWS[sheet.title]
    return header_row, {sheet.cell(row=header_row, column=c).value: c
                        for c in range(1, sheet.max_column + 1)}


def row_of(sheet: Worksheet, number: int, key: str) -> int:
    """The row of one indicator (or of a target's row ``Nguồn``): under ``Chỉ tiêu`` the
    target's number, merged over its rows, and ``key`` under ``Chỉ số``."""
    header_row, headers = _headers(sheet)
    current = None
    for row in range(header_row + 1, sheet.max_row + 1):
        current = sheet.cell(row=row, column=headers["Chỉ tiêu"]).value or current
        if current == number and sheet.cell(row=row, column=headers["Chỉ số"]).value == key:
            return row
    raise LookupError(f"{number}.{key}")


def cell_at(sheet: Worksheet, number: int, key: str, header: str) -> Any:
    """The cell of one indicator's row (or a target's row ``Nguồn``) under ``header``."""
    return sheet.cell(row=row_of(sheet, number, key), column=_headers(sheet)[1][header])


def edit_sheet(workbook_path: Path, change: Callable[[Worksheet], None], *, sheet: str) -> Path:
    """The workbook saved as ``sua.xlsx`` beside it once ``change`` is made to ``sheet``."""
    workbook = load_workbook(workbook_path)
    change(workbook[sheet])
    edited = workbook_path.with_name("sua.xlsx")
    workbook.save(edited)
    return edited


def set_cells(values: dict[tuple[int, str, str], Any]) -> Callable[[Worksheet], None]:
    """An edit that types each value into the cell of (number, key, header)."""
    def change(sheet: Worksheet) -> None:
        for (number, key, header), value in values.items():
            cell_at(sheet, number, key, header).value = value
    return change
