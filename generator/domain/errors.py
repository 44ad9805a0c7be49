"""Errors a user can act on: each names the file, line, column and field, in Vietnamese.

The command line prints these and exits with status 2; nothing else in vanban
prints a configuration problem, so every message has the same shape.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Mark:
    """A position in a source file, 1-based as editors show it."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful, when ``warning``) in a configuration file."""

    file: Path
    mark: Mark | None
    field: str
    message: str
    found: str | None = None
    expected: str | None = None
    warning: bool = False

    def format(self) -> str:
        where = f"{self.file}"
        if self.mark is not None:
            where += f":{self.mark.line}:{self.mark.column}"
        kind = "cảnh báo" if self.warning else "lỗi"
        parts = [f"{where}: {kind}: trường '{self.field}': {self.message}"]
        if self.found is not None:
            parts.append(f"  gặp: {self.found}")
        if self.expected is not None:
            parts.append(f"  cần: {self.expected}")
        return "\n".join(parts)


@dataclass
class ConfigError(Exception):
    """Raised when a configuration cannot be used; carries every problem found, not the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class VanbanError(Exception):
    """A failure outside configuration (template, output folder) with a Vietnamese message."""


_NO_ACCESS = ("không có quyền truy cập", "cấp quyền cho thư mục đó hoặc chọn thư mục khác; nếu tệp "
                                "đang mở trong Word, đóng nó lại")
_IN_USE = ("tệp đang được chương trình khác dùng", "đóng chương trình đó (ví dụ Word) rồi chạy lại")
_TOO_MANY = ("đang mở quá nhiều tệp cùng lúc", "đóng bớt chương trình rồi chạy lại")
# An operating-system error by its errno name: what happened, what to do.
_OS_ERRORS: dict[str, tuple[str, str]] = {
    "EACCES": _NO_ACCESS,
    "EPERM": _NO_ACCESS,
    "ENOENT": ("đường dẫn không tồn tại", "kiểm tra lại đường dẫn, hoặc tạo thư mục cha trước"),
    "ENOTDIR": ("một phần của đường dẫn là tệp chứ không phải thư mục",
                "chọn đường dẫn khác, hoặc đổi tên tệp đang chắn đường"),
    "EISDIR": ("đây là thư mục chứ không phải tệp", "ghi rõ tên tệp"),
    "EEXIST": ("đã có một tệp hoặc thư mục cùng tên",
               "đổi tên hoặc chuyển nó đi, hoặc chọn đường dẫn khác"),
    "ENOSPC": ("ổ đĩa đã đầy", "giải phóng dung lượng hoặc chọn thư mục trên ổ khác, rồi chạy "
                               "lại"),
    "EDQUOT": ("đã hết hạn mức dung lượng của bạn trên ổ này",
               "xóa bớt tệp hoặc chọn thư mục trên ổ khác, rồi chạy lại"),
    "EROFS": ("ổ đĩa chỉ cho đọc", "chọn thư mục trên một ổ ghi được"),
    "ENAMETOOLONG": ("đường dẫn quá dài", "chọn thư mục có đường dẫn ngắn hơn"),
    "ELOOP": ("các liên kết tượng trưng (symlink) trỏ vòng quanh nhau",
              "sửa hoặc xóa các liên kết đó"),
    "EMFILE": _TOO_MANY,
    "ENFILE": _TOO_MANY,
    "EBUSY": _IN_USE,
    "ETXTBSY": _IN_USE,
    "EIO": ("lỗi đọc/ghi của thiết bị", "kiểm tra ổ đĩa (USB, ổ mạng) rồi chạy lại"),
}


def os_error_message(exc: OSError) -> str:
    """An operating-system error as one Vietnamese sentence: the path, why, and what to do.

    The errno's name stays in brackets ([ENOSPC]) for whoever helps the user.
    """
    where = ""
    if exc.filename is not None:
        where = f" {exc.filename}"
        if exc.filename2 is not None:
            where += f" → {exc.filename2}"
    name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    code = f" [{name}]" if name else ""
    if name in _OS_ERRORS:
        reason, advice = _OS_ERRORS[name]
        return f"không đọc hoặc ghi được{where}: {reason}{code}; {advice}"
    return (f"không đọc hoặc ghi được{where}: lỗi của hệ điều hành{code} "
            f"({exc.strerror or exc}); kiểm tra đường dẫn và quyền truy cập")
