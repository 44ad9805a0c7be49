"""``vanban validate``: read and check the provinces and their templates, write nothing."""

from __future__ import annotations

import argparse

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_INVALID, EXIT_OK
from generator.config.project import Project, load_all, resolve
from generator.output.build import check_templates


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "validate", help="chỉ kiểm tra cấu hình, không ghi tệp nào",
        description="Đọc và kiểm tra tệp cấu hình của các tỉnh cùng các mẫu văn bản chúng "
                    "dùng; báo mọi lỗi một lượt, mỗi lỗi kèm tệp:dòng:cột và cách sửa.",
        epilog=epilog(
            [("vanban validate", "mọi tỉnh trong provinces/"),
             ("vanban validate long-an", "một tỉnh"),
             ("vanban validate ban-nhap/long-an.yaml", "một tệp ở nơi khác")],
            [(EXIT_OK, "mọi tỉnh hợp lệ"),
             (EXIT_INVALID, "có lỗi cấu hình hoặc mẫu, dòng lệnh sai, hoặc không đọc được tệp")]))
    parser.add_argument("provinces", nargs="*", metavar="TỈNH",
                        help="mã tỉnh hoặc đường dẫn tới tệp .yaml; bỏ trống là mọi tỉnh")
    parser.set_defaults(run=validate)


def validate(project: Project, args: argparse.Namespace) -> int:
    provinces = load_all(project, resolve(project, args.provinces))
    check_templates(provinces, {p.id: list(p.documents) for p in provinces}, project.templates)
    for province in provinces:
        print(f"{province.source}: hợp lệ")
    return EXIT_OK
