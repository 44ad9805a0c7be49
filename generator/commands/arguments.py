"""argparse speaking Vietnamese: its own words, its errors, and a hint for a mistyped name.

argparse writes its words (``usage:``, ``options:``, ``invalid choice`` ...) through
``gettext`` under the names ``_`` and ``ngettext``, looked up in the argparse module
each time they are needed. :func:`vietnamese` puts a Vietnamese table under those names
while one of our parsers builds, parses or formats, and puts the originals back after,
so that nothing else in the process (pytest, another library) is affected. A word this
table lacks stays English; ``tests/test_cli.py`` reads the running argparse's source
and fails on any such word, so a new Python version cannot slip one in unnoticed.

This module uses the standard library only: it is the one piece of vanban tested on
every Python version found on the machine, without the package's dependencies.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

# Every word of argparse, Python 3.11 to 3.14, by its English text (the gettext msgid).
MESSAGES: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "%(heading)s:": "%(heading)s:",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "not allowed with argument %s": "không dùng cùng được với tham số %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (gặp %r)",
    "unexpected option string: %s": "tùy chọn không hợp lệ: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần kiểu %(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "không có lựa chọn %(value)r, có phải ý bạn là %(closest)r? "
        "(chọn một trong: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    'argument "-" with mode %r': 'tham số "-" không dùng được với chế độ %r',
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' đã lỗi thời",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã lỗi thời",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã lỗi thời",
    # Mistakes in building a parser, not in using one: a user meets them only through a
    # bug of vanban, and then in Vietnamese too.
    ".__call__() not defined": "chưa định nghĩa .__call__()",
    "%r is not callable": "%r không gọi được",
    "conflicting subparser: %s": "trùng tên lệnh: %s",
    "conflicting subparser alias: %s": "trùng tên gọi khác của lệnh: %s",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r",
    "cannot have multiple subparser arguments": "chỉ được có một nhóm lệnh",
    "'required' is an invalid argument for positionals":
        "tham số theo vị trí không nhận 'required'",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng một ký tự trong %(prefix_chars)r",
    "dest= is required for options like %r": "cần dest= cho tùy chọn như %r",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r",
    "mutually exclusive arguments must be optional":
        "các tham số loại trừ nhau phải là tùy chọn",
}

# Vietnamese has no plural form: one text for any count.
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
    ("conflicting option string: %s", "conflicting option strings: %s"):
        "trùng tùy chọn: %s",
}

EXIT_USAGE = 2  # argparse's status for a wrong command line, and vanban's


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return PLURALS.get((singular, plural), singular if count == 1 else plural)


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse's words in Vietnamese for the duration of the block (re-entrant)."""
    module = vars(argparse)
    saved = {name: module[name] for name in ("_", "ngettext") if name in module}
    module["_"], module["ngettext"] = translate, translate_plural
    try:
        yield
    finally:
        for name in ("_", "ngettext"):
            if name in saved:
                module[name] = saved[name]
            else:
                del module[name]


Result = TypeVar("Result")


def _in_vietnamese(method: Callable[..., Result]) -> Callable[..., Result]:
    def wrapped(*args: Any, **kwargs: Any) -> Result:
        with vietnamese():
            return method(*args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = method.__name__, method.__doc__
    return wrapped


class HelpFormatter(argparse.HelpFormatter):
    """Text wrapped to the terminal, but each line of a description or epilog kept apart.

    An indented line (an example, an exit status) wraps under its own second column, and
    no line breaks inside a hyphenated name (``cong-van-trien-khai``).
    """

    def __init__(self, prog: str, **options: Any) -> None:
        options.setdefault("max_help_position", 30)
        super().__init__(prog, **options)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            column = _SECOND_COLUMN.match(line)
            if column and column.end() > width * 3 // 5:  # too narrow: the meaning goes below
                lines.append(indent + line[:column.end()].rstrip())
                line = " " * 6 + line[column.end():]
                column = None
            margin = column.end() if column else len(line) - len(line.lstrip())
            hanging = indent + " " * margin
            lines += textwrap.wrap(line.strip() if column is None else line, width,
                                   initial_indent=hanging if column is None else indent,
                                   subsequent_indent=hanging, break_on_hyphens=False) or [""]
        return "\n".join(lines)


# The start of the second column of an indented line: "  vanban build   meaning".
_SECOND_COLUMN = re.compile(r" +\S+(?: \S+)* {2,}")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is Vietnamese, with a hint for a mistyped name.

    Every method in which argparse calls ``_`` runs inside :func:`vietnamese`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with vietnamese():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":  # before 3.13 its help bypasses gettext
            kwargs.setdefault("help", translate("show program's version number and exit"))
        with vietnamese():
            return super().add_argument(*args, **kwargs)

    add_subparsers = _in_vietnamese(argparse.ArgumentParser.add_subparsers)
    parse_known_args = _in_vietnamese(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_vietnamese(argparse.ArgumentParser.format_usage)
    format_help = _in_vietnamese(argparse.ArgumentParser.format_help)

    def parse_args(self, args: Any = None, namespace: Any = None) -> argparse.Namespace:
        """As argparse's; a word no parser knows is reported by the command it was given
        to, with the nearest option of that command (``--fource``: ``--force``)."""
        parsed, unknown = self.parse_known_args(args, namespace)
        if unknown:
            command = self._command(parsed)
            message = translate("unrecognized arguments: %s") % " ".join(unknown)
            options = list(command._option_string_actions)
            close = [match for word in unknown if word.startswith("--")
                     for match in difflib.get_close_matches(word.split("=")[0], options, n=1)]
            command.error(f"{message}. Có phải ý bạn là '{close[0]}'?" if close else message)
        return parsed

    def _command(self, parsed: argparse.Namespace) -> Parser:
        """The parser of the command named on the line; this one when it names none."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None))
                if isinstance(chosen, Parser):
                    return chosen._command(parsed)
        return self

    def error(self, message: str) -> NoReturn:
        """The usage, the mistake and where to read more, on standard error; status 2."""
        self.print_usage(sys.stderr)
        program = self.prog.split(" ")[0]
        sys.stderr.write(f"{program}: lỗi dòng lệnh: {message}\n"
                         f"Xem hướng dẫn: {self.prog} -h\n")
        sys.exit(EXIT_USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value outside the choices: say so, with the nearest choice when one is close.

        argparse calls this for every value that has choices, the command name included,
        in every version we support (Python 3.14 has its own hint; this one is ours).
        """
        if action.choices is None:
            return
        names = [str(choice) for choice in action.choices]
        if str(value) in names:
            return
        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f" Có phải ý bạn là '{close[0]}'?" if close else ""
        listed = ", ".join(names)
        if isinstance(action, argparse._SubParsersAction):
            raise argparse.ArgumentError(
                None, f"không có lệnh '{value}'.{hint} Các lệnh: {listed}.")
        raise argparse.ArgumentError(
            action, f"không có lựa chọn '{value}'.{hint} Chọn một trong: {listed}.")


Commands = argparse._SubParsersAction  # what add_subparsers returns: each verb adds itself


def positive_int(text: str) -> int:
    """An argument that counts something: 1 or more (``--jobs 0`` would do nothing)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' không phải một số nguyên; cần số nguyên dương như 1, 2, 4") from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"cần số nguyên dương (từ 1 trở lên), gặp {value}")
    return value


def epilog(examples: list[tuple[str, str]], statuses: list[tuple[int, str]]) -> str:
    """The end of a command's help: examples, then the exit statuses, in aligned columns."""
    width = max(len(command) for command, _ in examples) + 2
    lines = ["Ví dụ:"]
    lines += [f"  {command.ljust(width)}{meaning}" for command, meaning in examples]
    lines += ["", "Mã thoát:"]
    code_width = max(len(str(status)) for status, _ in statuses)
    lines += [f"  {str(status).rjust(code_width)}  {meaning}" for status, meaning in statuses]
    return "\n".join(lines)
