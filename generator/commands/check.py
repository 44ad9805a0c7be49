"""``vanban check``: the Decree 30/2020 layout of any .docx, ours or written by hand."""

from __future__ import annotations

import argparse

from generator.check import run_check
from generator.commands.arguments import Commands, epilog
from generator.commands.project import Project
from generator.commands.status import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "check", help="kiểm tra thể thức Nghị định 30/2020 của tệp .docx",
        description="Đọc các tệp .docx (do vanban sinh hay soạn tay) và liệt kê từng chỗ sai "
                    "thể thức theo Nghị định 30/2020/NĐ-CP: lề, phông, cỡ chữ, quốc hiệu, "
                    "số và ký hiệu, chữ ký...",
        epilog=epilog(
            [("vanban check output/", "mọi tệp .docx trong một thư mục"),
             ("vanban check cong-van.docx", "một tệp"),
             ("vanban check output/ --format json", "kết quả dạng JSON cho chương trình khác")],
            [(EXIT_OK, "không có lỗi thể thức (có thể có cảnh báo)"),
             (EXIT_FINDINGS, "có lỗi thể thức"),
             (EXIT_INVALID, "có tệp không đọc được, hoặc dòng lệnh sai")]))
    parser.add_argument("paths", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC",
                        help="tệp .docx, hoặc thư mục: mọi tệp .docx trong đó")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        metavar="DẠNG",
                        help="text: từng dòng cho người đọc (mặc định); json: cho chương trình")
    parser.set_defaults(run=check)


def check(project: Project, args: argparse.Namespace) -> int:
    del project
    return run_check(args.paths, args.format)
