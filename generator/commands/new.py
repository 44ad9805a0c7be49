"""``vanban new``: the file of one of the 34 provinces and cities, ready to build.

The unit is named as a user says it (domain.units); the file is written by
config.province_writer. An existing file is never replaced: it may hold a province's
real names and numbers.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_OK, INVALID
from generator.config.project import PROVINCE_SUFFIXES, Project, write_new
from generator.config.province_writer import national_targets, province_yaml, sample_count
from generator.domain import units
from generator.domain.errors import VanbanError
from generator.domain.names import ID_EXPECTED, id_problem


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "new", help="tạo tệp cấu hình cho một tỉnh, thành phố",
        description="Viết tệp provinces/<mã>.yaml cho một trong 34 tỉnh, thành phố trực thuộc "
                    "trung ương (từ 01/7/2025): tên, tỉnh hay thành phố, địa danh, cơ quan, "
                    "các sở và nhiệm vụ chuẩn, nơi nhận. Giá trị chỉ tỉnh biết (người ký, "
                    "ngày, đầu mối, chỉ tiêu riêng) được ghi mẫu, có chú thích '# MẪU'. Không "
                    "ghi đè tệp đã có.",
        epilog=epilog(
            [("vanban new Cần Thơ", "tạo provinces/can-tho.yaml"),
             ('vanban new "TP. Hồ Chí Minh"', "có dấu hay không, có TP./Tỉnh hay không"),
             ("vanban new 46 --out nhap/hue.yaml", "theo mã đơn vị, ghi ra tệp khác")],
            [(EXIT_OK, "đã tạo tệp"),
             (INVALID[0], "không có tỉnh, thành phố tên đó, tệp đã có, hoặc không ghi được "
                          "tệp (thông báo nói rõ và gợi ý cách sửa)")]))
    parser.add_argument("name", nargs="+", metavar="TÊN",
                        help="tên tỉnh, thành phố (Cần Thơ, can tho, TP. Hồ Chí Minh, tinh tay "
                             "ninh) hoặc mã đơn vị (92)")
    parser.add_argument("--out", type=Path, metavar="TỆP",
                        help="tệp .yaml sẽ ghi (mặc định: provinces/<mã>.yaml)")
    parser.set_defaults(run=new)


def find_unit(name: str) -> units.Unit:
    """The unit ``name`` designates, or an error that says what it could have meant."""
    unit = units.find(name)
    if unit is not None:
        return unit
    merged = units.merged_into(name)
    if merged is not None:
        former, into = merged
        raise VanbanError(
            f"{former.name} không còn là đơn vị cấp tỉnh: từ 01/7/2025 thuộc {into.name}; có "
            f"phải ý bạn là '{into.short}'? (vanban new {into.id})")
    close = units.suggestions(name)
    if close:
        hint = ", ".join(f"'{unit.short}'" for unit in close)
        raise VanbanError(f"không có tỉnh, thành phố '{name}'; có phải ý bạn là {hint}?")
    listed = ", ".join(unit.short for unit in units.units())
    raise VanbanError(f"không có tỉnh, thành phố '{name}'; 34 đơn vị là: {listed}")


def _target(project: Project, unit: units.Unit, out: Path | None) -> Path:
    """Where the file goes; refused when a file for the same province is already there."""
    path = out if out is not None else project.provinces / f"{unit.id}.yaml"
    if path.suffix not in PROVINCE_SUFFIXES:
        raise VanbanError(f"'{path}' không phải tệp .yaml; ghi ví dụ --out {path}.yaml")
    problem = id_problem(path.stem)
    if problem is not None:
        raise VanbanError(f"tên tệp '{path.name}' không dùng làm mã tỉnh được: {problem}; "
                          f"đặt tên {ID_EXPECTED} (ví dụ {unit.id}.yaml)")
    for suffix in PROVINCE_SUFFIXES:
        existing = path.with_suffix(suffix)
        if existing.exists() or existing.is_symlink():
            raise VanbanError(
                f"{existing} đã có; vanban new không ghi đè tệp đã có (có thể đã ghi tên, số "
                "thật): sửa tệp đó, hoặc đổi tên/xóa nó rồi chạy lại, hoặc ghi ra tệp khác "
                "với --out")
    return path



def new(project: Project, args: argparse.Namespace) -> int:
    unit = find_unit(" ".join(args.name))
    path = _target(project, unit, args.out)
    text = province_yaml(unit, national_targets(project.shared), date.today())
    write_new(path, text)
    shown = path if args.out is not None else path.relative_to(project.root)
    build = unit.id if args.out is None else str(path)
    print(f"đã tạo {shown} ({unit.name})")
    print(f"Thay {sample_count(text)} giá trị có chú thích '# MẪU' bằng giá trị thật của "
          f"{unit.short}, rồi chạy: vanban build {build}")
    return EXIT_OK
