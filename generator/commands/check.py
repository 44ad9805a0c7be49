"""``vanban check``: the Decree 30/2020 layout of any .docx, ours or written by hand.

With ``--fix`` it also repairs what the decree settles, in a copy beside each file
(``<tên>.sua.docx``), every repair a tracked change the văn thư accepts or rejects in Word.
"""

from __future__ import annotations

import argparse

from generator.check import run_check, run_fix
from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK
from generator.config.project import Project


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "check", help="kiểm tra thể thức Nghị định 30/2020 của tệp .docx (--fix: sửa)",
        description="Đọc các tệp .docx (do vanban sinh hay soạn tay) và liệt kê từng chỗ sai "
                    "thể thức theo Nghị định 30/2020/NĐ-CP: lề, phông, cỡ chữ, quốc hiệu, "
                    "số và ký hiệu, chữ ký... Với --fix, sửa những chỗ Nghị định đã quy định "
                    "rõ vào một bản sao bên cạnh (<tên>.sua.docx; nếu tên đó đã có thì "
                    "<tên>.sua-2.docx, -3...; không bao giờ ghi đè tệp nào, tệp gốc giữ "
                    "nguyên). Mỗi chỗ sửa là một thay đổi được theo dõi (tác giả \"vanban\"): "
                    "mở bằng Word, thẻ Xem lại (Review) để chấp nhận hoặc từ chối từng chỗ. "
                    "Sửa: khổ giấy, lề; phông, cỡ chữ, đậm, nghiêng của từng thành phần; lùi "
                    "đầu dòng, giãn đoạn, canh lề nội dung; chữ Quốc hiệu, Tiêu ngữ và đường kẻ; "
                    "số 0 của ngày, tháng; TM., KT. ...; nơi nhận; số trang ở đầu trang từ "
                    "trang 2. Chỗ cần người quyết định được liệt kê sau mục \"Không tự sửa "
                    "được\".",
        epilog=epilog(
            [("vanban check output/", "mọi tệp .docx trong một thư mục"),
             ("vanban check cong-van.docx --format json", "một tệp, kết quả JSON"),
             ("vanban check --fix cong-van.docx", "sửa vào cong-van.sua.docx")],
            [(EXIT_OK, "không có lỗi thể thức (có thể có cảnh báo); với --fix: bản sửa không "
                       "còn lỗi"),
             (EXIT_FINDINGS, "có lỗi thể thức; với --fix: còn lỗi cần người quyết định"),
             (EXIT_INVALID, "có tệp không đọc được (hoặc không ghi được bản sửa), hoặc dòng "
                            "lệnh sai")]))
    parser.add_argument("paths", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC",
                        help="tệp .docx, hoặc thư mục: mọi tệp .docx trong đó")
    parser.add_argument("--fix", action="store_true",
                        help="sửa vào bản sao <tên>.sua.docx bên cạnh, bằng thay đổi được theo "
                             "dõi; tệp gốc giữ nguyên")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        metavar="DẠNG",
                        help="text: từng dòng cho người đọc (mặc định); json: cho chương trình")
    parser.set_defaults(run=check)


def check(project: Project, args: argparse.Namespace) -> int:
    del project
    if args.fix:
        return run_fix(args.paths, args.format)
    return run_check(args.paths, args.format)
