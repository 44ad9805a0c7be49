"""``vanban list``: the provinces and the documents each can produce."""

from __future__ import annotations

import argparse

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_OK, INVALID, OK
from generator.config.project import Project
from generator.config.province import load_province, province_id
from generator.domain.errors import ConfigError
from generator.domain.model import DOCUMENT_KINDS


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "list", help="các tỉnh và văn bản có thể sinh",
        description="Liệt kê các tỉnh trong provinces/ và các văn bản mỗi tỉnh khai báo; tỉnh "
                    "có lỗi cấu hình được ghi số lỗi.",
        epilog=epilog(
            [("vanban list", "mọi tỉnh và văn bản"),
             ("vanban list | head -3", "chỉ vài dòng đầu")],
            [OK, INVALID]))
    parser.set_defaults(run=listing)


def listing(project: Project, args: argparse.Namespace) -> int:
    del args
    for path in project.province_files():
        try:
            province = load_province(path, project.shared)
        except ConfigError as exc:
            ident = province_id(path)
            print(f"{ident}: cấu hình có {len(exc.problems)} lỗi (chạy: vanban validate {ident})")
            continue
        print(f"{province.id}: {province.name}")
        for kind in province.documents:
            print(f"  {kind}: {DOCUMENT_KINDS[kind].description}")
    return EXIT_OK
