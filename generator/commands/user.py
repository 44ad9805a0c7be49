"""``vanban user``: the accounts that may log in to ``vanban serve``.

Accounts are what allow the page to be served to other machines (``--host``). They are
kept in ``provinces/.vanban/users.json`` (mode 0600), the password hashed with scrypt;
the password is asked twice on a terminal, or read from standard input otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from generator.commands.arguments import Commands, epilog
from generator.commands.status import EXIT_INVALID, EXIT_OK
from generator.config.project import Project
from generator.web import accounts


def add_to(commands: Commands) -> None:
    parser = commands.add_parser(
        "user", help="thêm, liệt kê hoặc xóa tài khoản đăng nhập trang web",
        description="Quản lý tài khoản đăng nhập của vanban serve. Khi đã có tài khoản, trang "
                    "web đòi đăng nhập và được mở cho máy khác (--host 0.0.0.0). Vai trò "
                    "editor (biên tập) được sửa, lưu, sinh văn bản và thêm tỉnh; viewer (chỉ "
                    "xem) chỉ được xem và tải về. Tài khoản ghi trong "
                    f"provinces/{accounts.FOLDER}/{accounts.USERS_FILE}, mật khẩu đã băm bằng "
                    "scrypt. Xem các tài khoản: vanban user list.",
        epilog=epilog(
            [("vanban user add nguyen.an", "thêm tài khoản biên tập, hỏi mật khẩu hai lần"),
             ("vanban user add tran.binh --role viewer", "thêm tài khoản chỉ xem"),
             ("vanban user remove tran.binh", "xóa một tài khoản")],
            [(EXIT_OK, "xong"),
             (EXIT_INVALID, "tên hoặc mật khẩu không hợp lệ, tài khoản đã có hoặc không có, "
                            "hoặc không ghi được tệp")]))
    parser.add_argument("action", choices=("add", "list", "remove"), metavar="VIỆC",
                        help="add (thêm), list (liệt kê) hoặc remove (xóa)")
    parser.add_argument("name", nargs="?", metavar="TÊN",
                        help="tên đăng nhập, cho add và remove (chữ thường không dấu, ví dụ "
                             "nguyen.an)")
    parser.add_argument("--role", choices=accounts.ROLES, default=accounts.EDITOR,
                        metavar="VAI_TRÒ",
                        help="editor (biên tập) hoặc viewer (chỉ xem), cho add (mặc định: "
                             "editor)")
    parser.set_defaults(run=user)


def user(project: Project, args: argparse.Namespace) -> int:
    folder = accounts.folder_of(project.provinces)
    known = accounts.load(folder)
    if args.action == "list":
        if not known:
            print("Chưa có tài khoản nào. Thêm bằng: vanban user add TÊN")
        for account in sorted(known.values(), key=lambda a: a.name):
            print(f"{account.name}\t{account.role} ({accounts.ROLE_NAMES[account.role]})")
        return EXIT_OK
    if not args.name:
        return _refuse(f"thiếu TÊN: vanban user {args.action} TÊN (ví dụ: vanban user "
                       f"{args.action} nguyen.an)")
    problem = accounts.name_problem(args.name)
    if problem is not None:
        return _refuse(problem)
    if args.action == "remove":
        if args.name not in known:
            names = ", ".join(sorted(known)) or "chưa có tài khoản nào"
            return _refuse(f"không có tài khoản '{args.name}' (các tài khoản: {names})")
        del known[args.name]
        accounts.save(folder, known)
        print(f"Đã xóa tài khoản {args.name}.")
        if not known:
            print("Không còn tài khoản nào: vanban serve chỉ mở được trên máy này.")
        return EXIT_OK
    if args.name in known:
        return _refuse(f"tài khoản '{args.name}' đã có; muốn đặt lại mật khẩu thì xóa bằng "
                       f"vanban user remove {args.name} rồi thêm lại")
    password = _password()
    if password is None:
        return EXIT_INVALID
    known[args.name] = accounts.Account(args.name, args.role,
                                        accounts.hash_password(password))
    accounts.save(folder, known)
    print(f"Đã thêm tài khoản {args.name} ({accounts.ROLE_NAMES[args.role]}) vào "
          f"{folder / accounts.USERS_FILE}.")
    return EXIT_OK


def _password() -> str | None:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != first:
            _refuse("hai lần nhập mật khẩu không giống nhau; chưa thêm tài khoản")
            return None
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    if len(first) < accounts.MIN_PASSWORD:
        _refuse(f"mật khẩu cần ít nhất {accounts.MIN_PASSWORD} ký tự; chưa thêm tài khoản")
        return None
    return first


def _refuse(message: str) -> int:
    print(f"vanban: {message}.", file=sys.stderr)
    return EXIT_INVALID
