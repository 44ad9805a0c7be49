"""``vanban serve``: the web page for the office, on this machine only.

The page reads and writes the same province files and output folders as the other
commands. Without user accounts it listens on the loopback only (127.0.0.1): any other
address is refused, since anyone on the network could otherwise edit the provinces. Once
an account exists (``vanban user add``) it may listen on any address, and every page asks
for a login.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_INVALID, EXIT_OK
from generator.config.project import Project
from generator.domain.errors import VanbanError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "serve", help="mở trang web để sửa, sinh, xem trước và kiểm tra văn bản",
        description="Chạy trang web của vanban trên máy này: danh sách tỉnh, sinh văn bản "
                    "kèm xem trước từng trang, tải về .docx, PDF, .zip, và kiểm tra thể thức "
                    "một tệp .docx tải lên. Mở địa chỉ in ra bằng trình duyệt; bấm Ctrl+C để "
                    "dừng. Chỉ mở được trên chính máy này (127.0.0.1), trừ khi đã có tài "
                    "khoản (vanban user add): khi đó mọi trang đòi đăng nhập và --host "
                    "0.0.0.0 mở trang cho các máy trong mạng.",
        epilog=epilog(
            [("vanban serve", "mở ở http://127.0.0.1:8000"),
             ("vanban serve --port 8080", "dùng cổng khác khi cổng 8000 đã bận"),
             ("vanban serve --host 0.0.0.0", "mở cho máy khác, khi đã có tài khoản")],
            [(EXIT_OK, "đã dừng bằng Ctrl+C"),
             (EXIT_INVALID, "địa chỉ không được phép, cổng đang bận, hoặc dòng lệnh sai")]))
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="ĐỊA_CHỈ",
                        help="địa chỉ lắng nghe; chỉ 127.0.0.1 hoặc localhost (mặc định: "
                             f"{DEFAULT_HOST}) khi chưa có tài khoản người dùng")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="CỔNG",
                        help=f"cổng, từ 1 đến 65535 (mặc định: {DEFAULT_PORT})")
    parser.add_argument("--out", type=Path, default=Path("output"), metavar="THƯ_MỤC",
                        help="thư mục ghi văn bản, như vanban build (mặc định: output)")
    parser.set_defaults(run=serve)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' không phải một số cổng; cần số nguyên từ 1 đến 65535") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"cổng phải từ 1 đến 65535, gặp {value}")
    return value


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, opened here so a busy port is told in Vietnamese."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this would let two servers share the port
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        raise VanbanError(f"không mở được cổng {port} trên {host} ({exc.strerror or exc}): "
                          f"có thể một chương trình khác (hoặc một vanban serve khác) đang "
                          f"dùng nó; chọn cổng khác, ví dụ --port {port + 1}") from None
    listener.listen(128)
    return listener


def serve(project: Project, args: argparse.Namespace) -> int:
    from generator.web.accounts import folder_of, load
    from generator.web.security import host_problem

    problem = host_problem(args.host)
    if problem is not None and not load(folder_of(project.provinces)):
        print(f"vanban: {problem}.", file=sys.stderr)
        print("Muốn mở cho máy khác thì tạo tài khoản trước: vanban user add TÊN (mọi trang "
              "sẽ đòi đăng nhập).", file=sys.stderr)
        return EXIT_INVALID
    import uvicorn

    from generator.web.app import create_app

    host = "127.0.0.1" if args.host == "localhost" else args.host
    listener = _bind(host, args.port)
    app = create_app(project, args.out.resolve(), host=host)
    config = uvicorn.Config(app, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2)
    print(f"vanban đang chạy ở http://{host}:{args.port}", flush=True)
    if problem is not None:
        print("Các máy khác mở bằng địa chỉ của máy này trong mạng; mọi trang đòi đăng "
              "nhập (tài khoản: vanban user list).", flush=True)
    print(f"Mở địa chỉ đó bằng trình duyệt. Tỉnh: {project.provinces}; văn bản ghi vào: "
          f"{args.out.resolve()}. Bấm Ctrl+C để dừng.", flush=True)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
    print("Đã dừng vanban serve.")
    return EXIT_OK
