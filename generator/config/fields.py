"""Field-by-field checks on loaded YAML, collecting every problem with its position.

Modelled on MkDocs' config options: each check takes the raw value and its path,
returns the clean value or None, and records a Vietnamese message naming the field,
what was found and what is expected. Checks never raise, so one run reports all
mistakes in a file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from generator.config import schema
from generator.config.yaml_source import PathKey, Source, dotted, indexed, value_at
from generator.domain.errors import Problem
from generator.domain.model import Number
from generator.domain.vietnamese import parse_number

TYPE_NAMES = {
    dict: "một bảng (các dòng 'tên: giá trị')",
    list: "một danh sách (các dòng '- ...')",
    str: "một đoạn chữ",
    int: "một số nguyên",
    bool: "true hoặc false",
}


def describe(value: Any) -> str:
    """How a value looks to the user, for the 'gặp:' line of a message."""
    if isinstance(value, dict):
        return "một bảng"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "để trống"
    text = str(value)
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


class Fields:
    """Checks values of one source file and collects the problems."""

    def __init__(self, source: Source, problems: list[Problem], schema_file: str) -> None:
        self.source = source
        self.problems = problems
        # Which file of config.schema this is: the keys each of its tables may hold.
        self.schema_file = schema_file
        # Fields reported missing by ``mapping``: a later check of the same field would
        # only say it again ("cần một đoạn chữ không rỗng" under "thiếu trường ...").
        self.missing: set[PathKey] = set()

    def report(self, key: PathKey, message: str, *, found: str | None = None,
               expected: str | None = None, warning: bool = False, of_key: bool = False) -> None:
        if tuple(key) in self.missing:
            return
        self.problems.append(Problem(self.source.path, self.source.mark(key, of_key=of_key),
                                     dotted(key), message, found, expected, warning))

    def get(self, key: PathKey) -> Any:
        """The raw value at ``key`` (None when absent)."""
        return value_at(self.source.data, key)

    def mapping(self, key: PathKey, required: Iterable[str], optional: Iterable[Any] = (),
                *, open_keys: bool = False) -> dict[Any, Any] | None:
        """A table whose keys are known: unknown keys (typos) and missing ones are reported."""
        value = self.get(key)
        if not isinstance(value, dict):
            self.report(key, "sai kiểu dữ liệu", found=describe(value), expected=TYPE_NAMES[dict])
            return None
        required = list(required)
        known = [*required, *optional]
        for name in value:
            if name not in known and not open_keys:
                self._unknown_key((*key, name), name, known)
        for name in required:
            if name not in value:
                self.report(key, f"thiếu trường bắt buộc '{name}'",
                            expected=f"thêm dòng '{name}: ...' vào {dotted(key)}")
                self.missing.add((*key, name))
        return value

    def table(self, key: PathKey, *, only: Iterable[str] = (),
              **given: Iterable[Any]) -> dict[Any, Any] | None:
        """A table holding only the keys config.schema declares under ``key``.

        ``only`` and ``given`` are passed to ``schema.allowed``: the conditions that hold
        (a công văn) and the names an open placeholder has here (a target's indicators).
        """
        keys = schema.allowed(self.schema_file, key, only=only, **given)
        return self.mapping(key, keys.required, keys.optional, open_keys=keys.open_keys)

    def _unknown_key(self, key: PathKey, name: Any, known: list[Any]) -> None:
        names = [str(k) for k in known]
        close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
        hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
        self.report(key, f"trường '{name}' không có trong cấu hình{hint}", found=str(name),
                    expected="một trong: " + ", ".join(names), of_key=True)

    def text(self, key: PathKey, *, required: bool = True) -> str | None:
        value = self.get(key)
        if value is None and not required:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.report(key, "cần một đoạn chữ không rỗng", found=describe(value),
                        expected=TYPE_NAMES[str])
            return None
        return " ".join(value.split())

    def text_list(self, key: PathKey, *, required: bool = True) -> list[str] | None:
        value = self.get(key)
        if value is None and not required:
            return []
        if isinstance(value, str):
            return [t for t in [self.text(key)] if t]
        if not isinstance(value, list):
            self.report(key, "sai kiểu dữ liệu", found=describe(value), expected=TYPE_NAMES[list])
            return None
        items = [self.text((*key, i)) for i, _ in indexed(value)]
        return [t for t in items if t is not None]

    def integer(self, key: PathKey, *, minimum: int | None = None) -> int | None:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(key, "cần một số nguyên", found=describe(value), expected="ví dụ 12")
            return None
        if minimum is not None and value < minimum:
            self.report(key, f"số phải từ {minimum} trở lên", found=str(value))
            return None
        return value

    def number(self, key: PathKey) -> Number | None:
        """A target value: 80, "9,5", "1.200" or a Decimal read from 9.5."""
        value = self.get(key)
        if isinstance(value, bool) or value is None:
            self.report(key, "cần một số", found=describe(value), expected='ví dụ 80 hoặc "9,5"')
            return None
        if isinstance(value, (int, Decimal)):
            return value
        if isinstance(value, str):
            try:
                return parse_number(value)
            except ValueError as exc:
                self.report(key, str(exc), found=describe(value))
                return None
        self.report(key, "cần một số", found=describe(value), expected='ví dụ 80 hoặc "9,5"')
        return None

    def choice(self, key: PathKey, choices: Mapping[str, str], default: str) -> str:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)) or value not in choices:
            self.report(key, "giá trị không hợp lệ", found=describe(value),
                        expected="; ".join(f"{k} ({v})" for k, v in choices.items()))
            return default
        return str(value)

    def reference(self, key: PathKey, table: Mapping[str, Any], what: str) -> Any:
        """A name that must be a key of ``table`` (an agency, a signer, a department)."""
        value = self.get(key)
        if not isinstance(value, (dict, list)) and value in table:
            return table[value]
        names = ", ".join(map(str, table)) or "(chưa khai báo)"
        message = f"chưa ghi {what}" if value is None else f"không có {what} tên '{value}'"
        self.report(key, message, found=describe(value), expected=f"một trong: {names}")
        return None

    def date_value(self, key: PathKey) -> tuple[int, int | None, int | None] | None:
        """A full date (2021-01-07) or, for a draft, a year and month (2021-03) or a year."""
        value = self.get(key)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.year, value.month, value.day
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
            return value, None, None
        if isinstance(value, str):
            parts = value.split("-")
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                year, month = int(parts[0]), int(parts[1])
                if 1900 <= year <= 2100 and 1 <= month <= 12:
                    return year, month, None
        self.report(key, "ngày không hợp lệ", found=describe(value),
                    expected="năm-tháng-ngày như 2021-01-07; bản dự thảo chưa có ngày: "
                             "năm-tháng như 2021-03, hoặc chỉ năm như 2020")
        return None
