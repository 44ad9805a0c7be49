"""``vanban excel``: a province's targets and results out to Excel and back.

``export`` writes the sheets ``Chỉ tiêu`` and ``Kết quả`` (output.excel_out); ``import``
reads them back (config.excel_in) and saves what the officer changed through
config.writer, which keeps the rest of the YAML file as it was. Every problem of the
workbook is reported by sheet and cell, and nothing is written while one remains; a saved
change is reported the way a build's change report reads ("Chỉ tiêu 4: ... năm 2030:
dưới 6% → dưới 5,5%", "Kết quả chỉ tiêu 3: ... năm 2024: 9,5‰ → 9,3‰").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_INVALID, EXIT_OK, OK
from generator.compose.facts import compare, province_facts
from generator.config.project import Project, resolve
from generator.config.province import province_id, read_province
from generator.config.yaml_source import dotted
from generator.domain.errors import ConfigError, Problem, VanbanError

if TYPE_CHECKING:
    from generator.config.excel_in import Import

SUFFIX = "-chi-tieu.xlsx"


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "excel", help="xuất bảng chỉ tiêu và kết quả của một tỉnh ra Excel và nhập lại",
        description="Xuất bảng chỉ tiêu và kết quả của một tỉnh ra tệp Excel (.xlsx) để sửa "
                    "giá trị của tỉnh, sở chủ trì, kết quả từng năm và nguồn số liệu, rồi "
                    "nhập lại vào tệp YAML của tỉnh: chỉ những giá trị đã sửa được ghi, mọi "
                    "phần khác của tệp giữ nguyên.",
        epilog=epilog(
            [("vanban excel export long-an", f"ghi long-an{SUFFIX}"),
             (f"vanban excel import long-an long-an{SUFFIX}", "ghi các giá trị đã sửa vào "
                                                              "provinces/long-an.yaml")],
            [OK, (EXIT_INVALID, "tệp Excel có lỗi (báo từng ô), cấu hình sai, dòng lệnh sai, "
                                "hoặc không đọc/ghi được tệp; không ghi gì")]))
    verbs = parser.add_subparsers(dest="excel_command", required=True, metavar="VIỆC",
                                  title="các việc", help="export (xuất) hoặc import (nhập)")
    out = verbs.add_parser(
        "export", help="ghi bảng chỉ tiêu và kết quả của tỉnh ra tệp .xlsx",
        description="Ghi trang 'Chỉ tiêu' (24 chỉ tiêu, các chỉ số, giá trị quốc gia, giá "
                    "trị của tỉnh, đơn vị, chiều, sở chủ trì) và trang 'Kết quả' (kết quả "
                    "từng năm của giai đoạn Kế hoạch và nguồn số liệu) ra một tệp .xlsx. Chỉ "
                    "các ô nền vàng sửa được. Không ghi đè tệp đã có, trừ khi thêm --force.",
        epilog=epilog(
            [("vanban excel export long-an", f"ghi long-an{SUFFIX} ở thư mục hiện tại"),
             ("vanban excel export tay-ninh --out chi-tieu.xlsx", "ghi ra tệp khác")],
            [OK, (EXIT_INVALID, "cấu hình của tỉnh sai, tệp .xlsx đã có, hoặc không ghi được")]))
    out.add_argument("province", metavar="TỈNH", help="mã tỉnh hoặc đường dẫn tới tệp .yaml")
    out.add_argument("--out", type=Path, metavar="TỆP",
                     help=f"tệp .xlsx sẽ ghi (mặc định: <mã tỉnh>{SUFFIX})")
    out.add_argument("--force", action="store_true",
                     help="ghi đè tệp .xlsx đã có (bản đã sửa trong đó sẽ mất)")
    out.set_defaults(run=run_export)
    back = verbs.add_parser(
        "import", help="ghi các giá trị đã sửa trong tệp .xlsx vào tệp YAML của tỉnh",
        description="Đọc trang 'Chỉ tiêu' và 'Kết quả' của tệp .xlsx đã xuất và ghi những "
                    "giá trị đã sửa vào tệp YAML của tỉnh; xóa số trong một ô kết quả là bỏ "
                    "số liệu năm đó. Mỗi lỗi nêu trang và ô (Chỉ tiêu!I12, Kết quả!N8); còn "
                    "lỗi ở bất kỳ trang nào thì không ghi gì. In ra các thay đổi như báo cáo "
                    "thay đổi của vanban build.",
        epilog=epilog(
            [(f"vanban excel import long-an long-an{SUFFIX}", "nhập lại tệp đã sửa"),
             ("vanban excel import tay-ninh Downloads/chi-tieu.xlsx", "tệp ở nơi khác")],
            [OK, (EXIT_INVALID, "tệp Excel có lỗi (báo từng ô) hoặc giá trị không hợp lệ; "
                                "không ghi gì")]))
    back.add_argument("province", metavar="TỈNH", help="mã tỉnh hoặc đường dẫn tới tệp .yaml")
    back.add_argument("file", type=Path, metavar="TỆP", help="tệp .xlsx đã sửa")
    back.set_defaults(run=run_import)


def run_export(project: Project, args: argparse.Namespace) -> int:
    # openpyxl and ruamel.yaml load here, not with every other command of vanban.
    from generator.config.results_sheet import plan_period
    from generator.config.targets_table import targets_table
    from generator.output.excel_out import export

    (path,) = resolve(project, [args.province])
    out: Path = args.out or Path(f"{province_id(path)}{SUFFIX}")
    if out.suffix.lower() != ".xlsx":
        raise VanbanError(f"tệp ghi ra phải có đuôi .xlsx, gặp '{out.name}'")
    if out.exists() and not args.force:
        raise VanbanError(f"đã có tệp {out} (có thể là bản bạn đã sửa): nhập nó trước bằng "
                          f"vanban excel import {province_id(path)} {out}, ghi ra tệp khác "
                          "với --out, hoặc thêm --force để ghi đè")
    table = targets_table(path, project.shared)
    export(table, out)
    years = plan_period(table.province)
    reported = sum(len(values) for by_key in table.province.results.values()
                   for values in by_key.values())
    print(f"đã tạo {out} (trang 'Chỉ tiêu': {len({r.number for r in table.rows})} chỉ tiêu, "
          f"{len(table.rows)} chỉ số của {table.province.name}; trang 'Kết quả': các năm "
          f"{years[0]}-{years[1]}, {reported} số liệu đã có)")
    print(f"Sửa các ô nền vàng rồi chạy: vanban excel import {province_id(path)} {out}")
    return EXIT_OK


def _cell_of(problem: Problem, imported: Import) -> str | None:
    """The cell a problem of the new YAML text came from, if it came from the workbook."""
    best = None
    for field, cell in imported.cells.items():
        if problem.field == field or problem.field.startswith((f"{field}.", f"{field}[")):
            if best is None or len(field) > len(best[0]):
                best = (field, cell)
    return best[1] if best else None


def _told(problem: Problem, imported: Import) -> str:
    cell = _cell_of(problem, imported)
    if cell is None:
        return problem.format()
    kind = "cảnh báo: " if problem.warning else ""
    extra = f" (cần: {problem.expected})" if problem.expected else ""
    return f"{cell}: {kind}{problem.message}{extra}"


def run_import(project: Project, args: argparse.Namespace) -> int:
    from generator.config.excel_cells import ExcelError
    from generator.config.excel_in import read_workbook
    from generator.config.targets_table import targets_table
    from generator.config.writer import read_snapshot, write_changes

    (path,) = resolve(project, [args.province])
    snapshot = read_snapshot(path)
    table = targets_table(path, project.shared)
    try:
        imported = read_workbook(args.file, table)
    except ExcelError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"Có {len(exc.problems)} lỗi trong tệp {args.file}; chưa ghi gì vào {path}.",
              file=sys.stderr)
        return EXIT_INVALID
    try:
        result = write_changes(path, imported.changes, snapshot, shared_dir=project.shared)
    except ConfigError as exc:
        errors = [p for p in exc.problems if not p.warning]
        for problem in errors:
            print(_told(problem, imported), file=sys.stderr)
        print(f"Có {len(errors)} lỗi; chưa ghi gì vào {path}.", file=sys.stderr)
        return EXIT_INVALID
    if not result.written:
        print(f"Không có thay đổi: tệp {args.file} giống {path}.")
        return EXIT_OK
    # Only what the officer's own edits caused: the sample values left around an edited one
    # are warned about by vanban validate and every build, not here cell by cell.
    edited = {imported.cells[dotted(path)] for path in imported.changes
              if dotted(path) in imported.cells}
    for warning in result.warnings:
        if _cell_of(warning, imported) in edited:
            print(_told(warning, imported), file=sys.stderr)
    after, _ = read_province(path, project.shared)
    lines = compare(province_facts(table.province), province_facts(after))
    print(f"Đã ghi {path}, các thay đổi từ {args.file}:")
    for line in lines or ["(các văn bản in ra không đổi)"]:
        print(f"  {line}")
    print(f"Chạy vanban build {province_id(path)} để sinh lại văn bản.")
    return EXIT_OK
