"""The ``vanban`` command: the parser, one line per verb, and how a run ends.

Each verb is a module of this package with ``add_to(commands)``, which adds its parser
(help, arguments, examples, exit statuses) and the function that runs it; adding a verb
is a new module and one line in ``VERBS``. Exit statuses are in ``status.py``. Every
message is Vietnamese and none is a traceback: a wrong command line, configuration or
template, and an operating-system error all end in a sentence and status 2.
"""

from __future__ import annotations

import os
import select
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime

from generator import __version__
from generator.commands import (
    build,
    check,
    diff,
    excel,
    history,
    listing,
    new,
    serve,
    user,
    validate,
)
from generator.commands.arguments import Commands, Parser, epilog
from generator.commands.status import (
    EXIT_BUG,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_KEPT,
    EXIT_NO_PDF,
    EXIT_OK,
)
from generator.config.project import find_project
from generator.domain.errors import ConfigError, VanbanError, os_error_message

VERBS: tuple[Callable[[Commands], None], ...] = (
    new.add_to,
    build.add_to,
    validate.add_to,
    listing.add_to,
    check.add_to,
    history.add_to,
    diff.add_to,
    excel.add_to,
    serve.add_to,
    user.add_to,
)


def parser() -> Parser:
    root = Parser(
        prog="vanban",
        description="Sinh văn bản hành chính về công tác trẻ em (kế hoạch, công văn, quyết "
                    "định) từ tệp YAML của từng tỉnh, đúng thể thức Nghị định 30/2020/NĐ-CP.",
        epilog=epilog(
            [("vanban build", "sinh mọi văn bản của mọi tỉnh vào output/"),
             ("vanban validate long-an", "kiểm tra cấu hình của Long An"),
             ("vanban check output/", "kiểm tra thể thức các tệp .docx")],
            [(EXIT_OK, "xong"),
             (EXIT_FINDINGS, "vanban check: có lỗi thể thức"),
             (EXIT_INVALID, "dòng lệnh, cấu hình hoặc mẫu sai, hoặc không đọc/ghi được một tệp"),
             (EXIT_NO_PDF, "vanban build --pdf: không tạo được PDF"),
             (EXIT_KEPT, "vanban build: giữ nguyên tệp đã sửa tay, bản mới ghi bên cạnh"),
             (EXIT_BUG, "lỗi của chính vanban (chi tiết ghi vào một tệp để gửi người bảo trì)"),
             (EXIT_INTERRUPTED, "dừng bằng Ctrl+C")])
        + "\n\nHướng dẫn của từng lệnh: vanban LỆNH -h (ví dụ: vanban build -h)")
    root.add_argument("--version", action="version", version=f"vanban {__version__}")
    commands = root.add_subparsers(dest="command", required=True, metavar="LỆNH",
                                   title="các lệnh", help="một trong các lệnh sau:")
    for add_to in VERBS:
        add_to(commands)
    return root


def _stdout_is_gone() -> bool:
    """Whether nobody reads standard output any more (``vanban list | head -1``)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if not hasattr(select, "poll"):
        return True  # no way to ask (Windows): a broken pipe there is standard output's
    poller = select.poll()
    poller.register(descriptor, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _silence_stdout() -> None:
    """Send what is left for standard output to the null device (Python's own advice)."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    finally:
        os.close(null)


def _dispatch(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)  # a wrong command line exits here with status 2
    try:
        return args.run(find_project(), args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems)
        print(f"Có {errors} lỗi cấu hình; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INVALID
    except VanbanError as exc:
        print(f"vanban: {exc}; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        raise  # main decides whether it was standard output
    except OSError as exc:
        print(f"vanban: {os_error_message(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        # Every file is written to a temporary name and renamed whole, so a stop leaves
        # each document as it was before or as it is now, never half-written.
        print("\nvanban: đã dừng theo yêu cầu (Ctrl+C); không có tệp nào bị ghi dở.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a fault of vanban itself, not of the user's files
        return _report_bug(exc)


def _report_bug(exc: Exception) -> int:
    """Tell the user in Vietnamese, keep the traceback in a file for the maintainer."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    details = "".join(traceback.format_exception(exc))
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False,
                                         prefix=f"vanban-loi-{stamp}-") as file:
            file.write(details)
        where = f"Chi tiết đã ghi vào {file.name}; hãy gửi tệp đó cho người bảo trì vanban."
    except OSError:
        where = "Không ghi được tệp chi tiết; hãy chạy lại lệnh và báo cho người bảo trì."
    print(f"vanban: lỗi không lường trước trong chương trình ({type(exc).__name__}), "
          f"không phải do tệp của bạn. {where}", file=sys.stderr)
    return EXIT_BUG


def main(argv: list[str] | None = None) -> int:
    status = EXIT_OK  # a run cut short because nobody reads its output any more
    try:
        try:
            status = _dispatch(argv)
        finally:
            sys.stdout.flush()  # a reader gone shows here, not as Python's noise at exit
    except BrokenPipeError as exc:
        if not _stdout_is_gone():
            print(f"vanban: {os_error_message(exc)}", file=sys.stderr)
            return EXIT_INVALID
        _silence_stdout()
    return status


if __name__ == "__main__":
    sys.exit(main())
