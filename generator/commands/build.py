"""``vanban build``: the documents of the provinces, as .docx (and PDF with ``--pdf``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.arguments import Commands, epilog, positive_int
from generator.commands.status import (
    EXIT_KEPT,
    EXIT_NO_PDF,
    EXIT_OK,
    INVALID,
    OK,
)
from generator.config.project import Project, load_all, one_file_per_folder, resolve
from generator.domain.errors import VanbanError
from generator.domain.model import DOCUMENT_KINDS, Province
from generator.output.build import MAX_WORKERS, PARALLEL_FROM, REPORT_FILE, make_jobs, run
from generator.output.files import refuse_links
from generator.output.pdf import convert


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "build", help="sinh các văn bản .docx của các tỉnh",
        description="Sinh các văn bản (.docx) của các tỉnh vào thư mục kết quả, mỗi tỉnh một "
                    "thư mục con. Chỉ văn bản có thay đổi được ghi lại; tệp đã sửa tay được "
                    "giữ nguyên.",
        epilog=epilog(
            [("vanban build", "mọi văn bản của mọi tỉnh"),
             ("vanban build long-an --doc ke-hoach", "chỉ kế hoạch của Long An"),
             ("vanban build tay-ninh --pdf --out ket-qua", "thêm PDF, ghi vào ket-qua/")],
            [OK, INVALID,
             (EXIT_NO_PDF, "đã ghi các tệp .docx nhưng không tạo được PDF (--pdf)"),
             (EXIT_KEPT, "giữ nguyên tệp đã sửa tay, bản mới ghi bên cạnh (--force để ghi đè)")]))
    parser.add_argument("provinces", nargs="*", metavar="TỈNH",
                        help="mã tỉnh (tên tệp trong provinces/, ví dụ long-an) hoặc đường dẫn "
                             "tới tệp .yaml; bỏ trống là mọi tỉnh")
    parser.add_argument("--out", type=Path, default=Path("output"), metavar="THƯ_MỤC",
                        help="thư mục ghi kết quả (mặc định: output)")
    parser.add_argument("--doc", choices=sorted(DOCUMENT_KINDS), metavar="VĂN_BẢN",
                        help="chỉ sinh một loại văn bản: " + ", ".join(sorted(DOCUMENT_KINDS)))
    parser.add_argument("--pdf", action="store_true",
                        help="tạo thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice)")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè cả tệp đã sửa tay (bản sửa tay được lưu vào lịch sử)")
    parser.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                        help="số tiến trình sinh văn bản song song, từ 1 (mặc định: tự chọn, "
                             f"một tiến trình mỗi lõi, tối đa {MAX_WORKERS}, khi có từ "
                             f"{PARALLEL_FROM} văn bản cần sinh)")
    parser.set_defaults(run=build)


def requested_kinds(provinces: list[Province], doc: str | None) -> dict[str, list[str]]:
    kinds = {}
    for province in provinces:
        if doc and doc not in province.documents:
            raise VanbanError(f"tỉnh {province.id} không khai báo văn bản '{doc}' "
                              f"(mục documents trong {province.source})")
        kinds[province.id] = [doc] if doc else list(province.documents)
    return kinds


def build(project: Project, args: argparse.Namespace) -> int:
    paths = resolve(project, args.provinces)
    one_file_per_folder(paths)
    provinces = load_all(project, paths)
    jobs = make_jobs(provinces, requested_kinds(provinces, args.doc), project.templates,
                     project.shared)
    for province in provinces:  # before anything is read from or written to the folders
        refuse_links(args.out, args.out / province.id)
    try:
        outcome = run(jobs, args.out, force=args.force, workers=args.jobs)
    except OSError as exc:
        if exc.filename is None:  # a full disk fails a write(), which names no file
            exc.filename = str(args.out)
        raise
    for path in outcome.written:
        print(f"đã tạo {path}")
    for path in outcome.tracked:
        print(f"đã tạo {path} (các thay đổi so với bản trước, dạng theo dõi thay đổi)")
    for ident, lines in outcome.reports.items():
        print(f"Thay đổi của {ident} (cũng ghi ở {args.out / ident / REPORT_FILE}):")
        for line in lines:
            print(f"  {line}")
    for edited, beside in outcome.kept:
        print(f"vanban: giữ nguyên {edited} vì tệp đã được sửa tay sau lần sinh trước; bản mới "
              f"ghi ở {beside}. Chạy lại với --force để ghi đè (bản sửa tay được lưu vào lịch "
              "sử).", file=sys.stderr)
    if not outcome.written and not outcome.kept:
        print("Không có thay đổi")
    if args.pdf:
        documents = [args.out / job.province.id / job.name for job in jobs]
        stale = [d for d in documents if d in outcome.written or not d.with_suffix(".pdf").exists()]
        try:
            for pdf in convert(stale):
                print(f"đã tạo {pdf}")
        except VanbanError as exc:
            print(f"vanban: {exc}", file=sys.stderr)
            return EXIT_NO_PDF
    return EXIT_KEPT if outcome.kept else EXIT_OK
