"""``vanban history``: every kept version of every document of a province."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_INVALID, EXIT_OK
from generator.config.project import Project, province_folder, resolve
from generator.domain.errors import VanbanError
from generator.output.manifest import Manifest


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "history", help="các phiên bản đã sinh của một tỉnh",
        description="Liệt kê mọi phiên bản đã lưu của từng văn bản của một tỉnh, kèm ngày "
                    "giờ và ghi chú (bản do vanban sinh, bản sửa tay...).",
        epilog=epilog(
            [("vanban history long-an", "các phiên bản trong output/long-an"),
             ("vanban history long-an --out ket-qua", "trong một thư mục kết quả khác")],
            [(EXIT_OK, "xong"),
             (EXIT_INVALID, "chưa có lịch sử (chưa chạy vanban build), không có tỉnh đó, "
                            "hoặc dòng lệnh sai")]))
    parser.add_argument("province", metavar="TỈNH",
                        help="mã tỉnh hoặc đường dẫn tới tệp .yaml")
    parser.add_argument("--out", type=Path, default=Path("output"), metavar="THƯ_MỤC",
                        help="thư mục kết quả đã dùng với vanban build (mặc định: output)")
    parser.set_defaults(run=history)


def history(project: Project, args: argparse.Namespace) -> int:
    (path,) = resolve(project, [args.province])
    manifest = Manifest.load(province_folder(args.out, path))
    if not manifest.documents:
        raise VanbanError(f"chưa có lịch sử cho {path.stem} trong {args.out} (chạy vanban build "
                          "trước)")
    for kind, record in manifest.documents.items():
        print(f"{kind}:")
        for version in record.versions:
            print(f"  v{version.number}  {version.saved}  {version.note}")
    return EXIT_OK
