"""``vanban diff``: a document against an earlier version of it, as tracked changes."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from generator.commands.arguments import Commands, epilog, positive_int
from generator.commands.status import EXIT_INVALID, EXIT_OK
from generator.config.project import Project, province_folder, resolve
from generator.domain.errors import VanbanError
from generator.domain.model import DOCUMENT_KINDS
from generator.output.lock import folder_lock
from generator.output.manifest import Manifest
from generator.output.redline import redline


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "diff", help="so sánh văn bản hiện tại với một phiên bản trước",
        description="Ghi một tệp .docx cho thấy các thay đổi từ một phiên bản trước tới bản "
                    "hiện tại dưới dạng theo dõi thay đổi (Track Changes) của Word.",
        epilog=epilog(
            [("vanban diff long-an ke-hoach", "so với phiên bản liền trước"),
             ("vanban diff long-an ke-hoach --since 1", "so với phiên bản 1"),
             ("vanban history long-an", "xem số các phiên bản")],
            [(EXIT_OK, "đã ghi tệp <văn bản>.thay-doi-v<N>.docx"),
             (EXIT_INVALID, "chưa có phiên bản đó, tệp so sánh cũ đã bị sửa tay, hoặc dòng "
                            "lệnh sai")]))
    parser.add_argument("province", metavar="TỈNH", help="mã tỉnh hoặc đường dẫn tới tệp .yaml")
    parser.add_argument("document", choices=sorted(DOCUMENT_KINDS), metavar="VĂN_BẢN",
                        help="loại văn bản: " + ", ".join(sorted(DOCUMENT_KINDS)))
    parser.add_argument("--since", type=positive_int, metavar="SỐ",
                        help="số phiên bản để so sánh (xem vanban history); mặc định là phiên "
                             "bản liền trước")
    parser.add_argument("--out", type=Path, default=Path("output"), metavar="THƯ_MỤC",
                        help="thư mục kết quả đã dùng với vanban build (mặc định: output)")
    parser.set_defaults(run=diff)


def diff(project: Project, args: argparse.Namespace) -> int:
    (path,) = resolve(project, [args.province])
    folder = province_folder(args.out, path)
    # The manifest is read, then written with the new file: a build in between would lose
    # its records, so diff holds the same lock as a build of this province.
    with folder_lock(folder):
        return _diff(Manifest.load(folder), path, args)


def _diff(manifest: Manifest, path: Path, args: argparse.Namespace) -> int:
    record = manifest.documents.get(args.document)
    current = manifest.folder / f"{args.document}.docx"
    if record is None or not record.versions or not current.is_file():
        raise VanbanError(f"chưa có phiên bản nào của {args.document} cho {path.stem} trong "
                          f"{args.out}")
    since = args.since or max(record.versions[-2].number if len(record.versions) > 1 else 1, 1)
    old = manifest.version_path(args.document, since)
    if old is None:
        known = ", ".join(str(v.number) for v in record.versions)
        raise VanbanError(f"không có phiên bản {since} của {args.document}; các phiên bản: "
                          f"{known}")
    name = f"{args.document}.thay-doi-v{since}.docx"
    if not manifest.is_ours(name):
        raise VanbanError(f"{manifest.folder / name} đã được sửa tay; đổi tên hoặc xóa tệp đó "
                          "trước")
    target = manifest.write(name, redline(old.read_bytes(), current.read_bytes(),
                                          datetime.now().astimezone()))
    print(f"đã tạo {target} (phiên bản {since} → hiện tại)")
    return EXIT_OK
