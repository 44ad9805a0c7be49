"""Reading YAML safely, keeping the position of every value and catching YAML 1.1 traps.

PyYAML turns ``1.200`` (Vietnamese for one thousand two hundred) into the float 1.2,
``0123`` into 83 and ``yes`` into True before any validation could see what the user
typed. We therefore stop at the node tree (``yaml.compose`` with the safe loader) and
build plain values ourselves, so each scalar is judged on its source text and every
value keeps its line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.config.yaml_lines import LINE_BREAK, SourceLines
from generator.config.yaml_syntax import (
    CURLY,
    Explanation,
    curly_fix,
    curly_message,
    curly_quoted,
    explain,
    quoted,
    too_deep,
)
from generator.domain.errors import ConfigError, Mark, Problem
from generator.domain.vietnamese import normalize

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 40

PathKey = tuple[Any, ...]


class Index(int):
    """A position in a YAML list, told apart from a mapping key that happens to be a number."""

_TAG = "tag:yaml.org,2002:"
# The tag a province writes before a value it has not filled in yet: ``name: !mau Nguyễn
# Văn A``. The value keeps the type YAML would give it untagged.
SAMPLE_TAG = "!mau"
_TAG_EXPECTED = ("chữ, số, ngày, danh sách hoặc bảng, không có thẻ '!'; thẻ duy nhất được "
                 "dùng là !mau (giá trị mẫu chưa điền)")
_RESOLVER = yaml.resolver.Resolver()
_OCTAL_LIKE = re.compile(r"^[-+]?0[0-9]+$")
_THOUSANDS_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_PLAIN_DECIMAL = re.compile(r"^[-+]?\d+\.\d+$")
_YAML_BOOLS = {"true": True, "false": False}
_PLAIN_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
# What a Word document cannot hold (outside XML 1.0's characters) or shows as nothing (C1
# controls). YAML refuses them typed raw, but lets "\x1b" or "\uFFFE" in double quotes
# through, and docxtpl would then drop them silently from the document.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Source:
    """A YAML file as plain Python values, with where each value and key was written."""

    path: Path
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)
    # Values tagged ``!mau`` (sample data the province has not filled in yet), with
    # everything inside a tagged list or table.
    samples: frozenset[PathKey] = frozenset()

    def is_sample(self, key: PathKey) -> bool:
        """Whether the value at ``key``, or a list or table holding it, is tagged ``!mau``."""
        probe = tuple(key)
        while probe:
            if probe in self.samples:
                return True
            probe = probe[:-1]
        return False

    def mark(self, key: PathKey, *, of_key: bool = False) -> Mark | None:
        """The position of the value at ``key`` (or of its key), else of the nearest parent."""
        table = self.key_marks if of_key else self.marks
        probe = tuple(key)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get(())


def indexed(items: list[Any] | tuple[Any, ...]) -> list[tuple[Index, Any]]:
    """``enumerate`` for YAML lists: positions that ``dotted`` shows as [1], [2]..."""
    return [(Index(i), item) for i, item in enumerate(items)]


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def value_at(data: Any, key: PathKey) -> Any:
    """The raw value at ``key`` inside loaded YAML data (None when any step is absent)."""
    for part in key:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def dotted(key: PathKey) -> str:
    """A field path as users read it: ``departments[2].leads``."""
    out = ""
    for part in key:
        if isinstance(part, Index):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(gốc)"


class _Builder:
    """Turns a composed node tree into plain values, recording marks and problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = LINE_BREAK.split(text)
        self.problems: list[Problem] = []
        self.marks: dict[PathKey, Mark] = {}
        self.key_marks: dict[PathKey, Mark] = {}
        self.count = 0
        self.samples: set[PathKey] = set()
        # Nodes YAML cut out of one value the user wrote (“9,5” in braces gives “9 and a
        # key 5”): line and column range, skipped once the value is reported.
        self.swallowed: tuple[int, int, int] | None = None

    def problem(self, node: yaml.Node, key: PathKey, message: str, **kw: str) -> None:
        self.problems.append(Problem(self.path, _mark(node), dotted(key), message, **kw))

    def build(self, node: yaml.Node, key: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node)
        self.marks[key] = _mark(node)
        if node.tag == SAMPLE_TAG:
            self.samples.add(key)
            node = _untagged(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) \
                and node.tag not in (_TAG + "map", _TAG + "seq"):
            self.problem(node, key, f"kiểu dữ liệu '{node.tag}' không được phép", found=node.tag,
                         expected=_TAG_EXPECTED)
        if isinstance(node, yaml.MappingNode):
            if len(node.value) == 1 and self._quoted_pair(*node.value[0]):
                # - “Nội dung: …”: the quotes meant one text; YAML saw a key and a value
                return self._curly(node.value[0][0], key)
            return self._mapping(node, key, depth)
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for item in node.value:
                if not self._is_swallowed(item):
                    items.append(self.build(item, (*key, Index(len(items))), depth + 1))
            return items
        curly = self._curly(node, key)
        if curly is not None:
            return curly
        self._glued_item(node, key)
        return self._scalar(node, key)

    def _mapping(self, node: yaml.MappingNode, key: PathKey, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        pairs = node.value
        for index, (key_node, value_node) in enumerate(pairs):
            if self._is_swallowed(key_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, key, "tên trường phải là một chữ hoặc một số",
                             expected="tên_trường: giá trị")
                continue
            curly = self._curly(key_node, key)
            name = curly if curly is not None else self._scalar(key_node, key)
            if name in result:
                self.problem(key_node, (*key, name), "trường này được khai báo hai lần",
                             expected="mỗi trường chỉ khai báo một lần; xóa một trong hai")
                continue
            self.key_marks[(*key, name)] = _mark(key_node)
            result[name] = self.build(value_node, (*key, name), depth + 1)
            following = pairs[index + 1] if index + 1 < len(pairs) else None
            decimal = self._decimal_comma(value_node, following, (*key, name))
            if decimal is not None:
                result[name] = decimal
        return result

    def _quoted_pair(self, name: yaml.Node, value: yaml.Node) -> bool:
        """Whether a key and its value both lie inside one pair of curly quotes."""
        if not isinstance(name, yaml.ScalarNode) or name.style not in (None, ""):
            return False
        line, column = name.start_mark.line, name.start_mark.column
        found = curly_quoted(self.lines[line] if line < len(self.lines) else "", column)
        return found is not None and value.start_mark.line == line \
            and value.start_mark.column <= found[0]

    def _is_swallowed(self, node: yaml.Node) -> bool:
        if self.swallowed is None:
            return False
        line, start, end = self.swallowed
        mark = node.start_mark
        return mark.line == line and start < mark.column <= end

    def _curly(self, node: yaml.Node, key: PathKey) -> str | None:
        """A plain value wrapped in Word's curly quotes, reported; the text between them."""
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, "") \
                or node.value[:1] not in CURLY:
            return None
        line, column = node.start_mark.line, node.start_mark.column
        text = self.lines[line] if line < len(self.lines) else ""
        found = curly_quoted(text, column)
        if found is None:
            return None
        close, inner = found
        fixed = (text[:column] + quoted(inner) + text[close + 1:]).strip()
        self.problem(node, key, curly_message(text[column], text[close]),
                     found=text[column: close + 1], expected=curly_fix(line + 1, fixed))
        self.swallowed = (line, column, close)
        return normalize(inner)

    def _glued_item(self, node: yaml.Node, key: PathKey) -> None:
        """A plain value running onto a line that starts with "- ": YAML reads a list
        whose first item lost its dash as one text (``tasks:\\n    a\\n  - b`` is "a - b")."""
        start, end = node.start_mark, node.end_mark
        if node.style not in (None, "") or end.line <= start.line:
            return
        for number in range(start.line + 1, min(end.line, len(self.lines) - 1) + 1):
            text = self.lines[number]
            content = text.lstrip(" ")
            if content != "-" and not content.startswith("- "):
                continue
            first = self.lines[start.line]
            dash = len(text) - len(content)
            if first[: start.column].strip():
                self.problem(node, key, f"dòng {number + 1} bắt đầu bằng '- ' nhưng YAML nối nó "
                                        f"vào giá trị ở dòng {start.line + 1} thành một đoạn chữ",
                             expected="nếu là danh sách: đưa giá trị xuống dòng riêng, mỗi mục "
                                      "bắt đầu bằng '- '; nếu là chữ: đặt cả giá trị trong dấu "
                                      "nháy kép")
            elif first.strip().startswith("-"):
                self.problem(node, key, f"dòng {start.line + 1} là mục đầu của một danh sách "
                                        "nhưng sau dấu '-' thiếu dấu cách, nên YAML nối nó với "
                                        f"dòng {number + 1} thành một đoạn chữ",
                             expected="viết một dấu cách sau dấu '-'; sửa dòng "
                                      f"{start.line + 1} thành: - {first.strip()[1:].lstrip()}")
            else:
                self.problem(node, key, f"dòng {start.line + 1} là mục đầu của một danh sách "
                                        f"nhưng thiếu dấu '-', nên YAML nối nó với dòng "
                                        f"{number + 1} thành một đoạn chữ",
                             expected="mỗi mục danh sách bắt đầu bằng dấu '-' và một dấu cách, "
                                      f"dấu '-' thẳng hàng với dòng {number + 1} ({dash} dấu "
                                      f"cách ở đầu dòng); sửa dòng {start.line + 1} thành: - "
                                      f"{first.strip()}")
            return

    def _decimal_comma(self, value: yaml.Node, following: tuple[yaml.Node, yaml.Node] | None,
                       key: PathKey) -> str | None:
        """``{2025: 8,5}``: in braces YAML splits at the comma, giving 8 and a key 5 with
        no value. Reported as the decimal it is; the text "8,5" is kept as the value."""
        if following is None or not isinstance(value, yaml.ScalarNode):
            return None
        after, after_value = following
        if not (isinstance(after, yaml.ScalarNode) and isinstance(after_value, yaml.ScalarNode)
                and value.style in (None, "") and after.style in (None, "")
                and _PLAIN_NUMBER.match(value.value) and after.value.isascii()
                and after.value.isdigit() and after_value.tag == _TAG + "null"
                and after_value.value == ""):
            return None
        end, start = value.end_mark, after.start_mark
        text = self.lines[end.line] if end.line < len(self.lines) else ""
        if start.line != end.line or start.column != end.column + 1 \
                or text[end.column: end.column + 1] != ",":
            return None
        typed = f"{value.value},{after.value}"
        self.problem(value, key,
                     f"số thập phân {typed} viết không có dấu nháy: trong cặp dấu {{ }} YAML coi "
                     f"dấu phẩy là dấu ngăn cách, nên đọc thành số {value.value} và một trường "
                     f"'{after.value}'",
                     found=typed,
                     expected=f'viết "{typed}" (trong dấu nháy kép, dấu phẩy thập phân) hoặc '
                              f"{value.value}.{after.value} (dấu chấm, không dấu nháy)")
        self.swallowed = (start.line, start.column - 1, start.column + len(after.value))
        return typed

    def _scalar(self, node: yaml.ScalarNode, key: PathKey) -> Any:
        tag, text = node.tag, node.value
        if tag == _TAG + "str":
            bad = _UNPRINTABLE.search(text)
            if bad:
                self.problem(node, key, f"chữ có ký tự điều khiển U+{ord(bad.group()):04X}, "
                                        "không in được trong văn bản Word", found=repr(text[:60]),
                             expected="xóa ký tự đó (thường do viết \\x.. hoặc \\u.. trong "
                                      "dấu nháy kép)")
                return _UNPRINTABLE.sub("", normalize(text))
            return normalize(text)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            if text.lower() in _YAML_BOOLS:
                return _YAML_BOOLS[text.lower()]
            self.problem(node, key, f"YAML hiểu '{text}' là đúng/sai, không phải chữ",
                         found=text,
                         expected="viết true hoặc false; nếu là chữ, đặt trong dấu nháy: "
                                  f"\"{text}\"")
            return text
        if tag == _TAG + "int":
            return self._int(node, key, text)
        if tag == _TAG + "float":
            return self._float(node, key, text)
        if tag == _TAG + "timestamp":
            try:
                return yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
            except ValueError:
                self.problem(node, key, f"ngày '{text}' không có trên lịch", found=text,
                             expected="một ngày có thật, năm-tháng-ngày như 2021-01-07")
                return text
        self.problem(node, key, f"kiểu dữ liệu '{tag}' không được phép", found=tag,
                     expected=_TAG_EXPECTED)
        return None

    def _int(self, node: yaml.ScalarNode, key: PathKey, text: str) -> int | str:
        if _OCTAL_LIKE.match(text):
            self.problem(node, key, f"số '{text}' bắt đầu bằng 0 bị YAML đọc thành số hệ bát phân",
                         found=text,
                         expected=f"bỏ số 0 ở đầu ({text.lstrip('0') or '0'}), "
                                  f"hoặc đặt trong dấu nháy nếu là mã: \"{text}\"")
            return text
        try:
            return int(text.replace("_", ""), 10)
        except ValueError:
            self.problem(node, key, f"'{text}' không phải một số nguyên viết thông thường",
                         found=text, expected="chữ số thập phân, ví dụ 1200")
            return text

    def _float(self, node: yaml.ScalarNode, key: PathKey, text: str) -> Decimal | str:
        if _THOUSANDS_DOT.match(text):
            plain = text.replace(".", "")
            self.problem(node, key,
                         f"YAML đọc '{text}' thành số thập phân {text.replace('.', ',', 1)}, "
                         "không phải số có dấu chấm ngăn cách hàng nghìn",
                         found=text,
                         expected=f"viết {plain} (không dấu chấm), hoặc đặt trong dấu nháy: "
                                  f"\"{text}\"")
            return text
        if _PLAIN_DECIMAL.match(text):
            return Decimal(text)
        self.problem(node, key, f"'{text}' không phải một số viết thông thường", found=text,
                     expected="số như 9,5 (trong dấu nháy) hoặc 9.5")
        return text


def _untagged(node: yaml.Node) -> yaml.Node:
    """A ``!mau`` node as if the tag were not there: a plain scalar resolved the way YAML
    resolves it (``!mau 58`` is a number, ``!mau 2026-02-09`` a date)."""
    if isinstance(node, yaml.MappingNode):
        return yaml.MappingNode(_TAG + "map", node.value, node.start_mark, node.end_mark,
                                node.flow_style)
    if isinstance(node, yaml.SequenceNode):
        return yaml.SequenceNode(_TAG + "seq", node.value, node.start_mark, node.end_mark,
                                 node.flow_style)
    plain = node.style in (None, "")
    tag = _RESOLVER.resolve(yaml.ScalarNode, node.value, (plain, False))
    return yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _utf16(raw: bytes) -> bool:
    """UTF-16 with its BOM, or without it: one byte of most pairs is NUL (ASCII letters,
    spaces, line breaks) and the pairs read as printable text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if len(raw) < 4 or len(raw) % 2:
        return False
    for codec, high in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if high.count(0) < 0.3 * len(high):
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _UNPRINTABLE.search(text) and ("\n" in text or ":" in text):
            return True
    return False


def _decode(path: Path, raw: bytes) -> str:
    if _utf16(raw):
        raise _Unreadable("tệp được lưu bằng mã UTF-16 (có trình soạn thảo gọi là "
                          "\"Unicode\"), không phải UTF-8",
                          "lưu lại tệp với bảng mã UTF-8 (trong hộp thoại lưu tệp của trình "
                          "soạn thảo, chọn bảng mã UTF-8)")
    if b"\x00" in raw:
        raise _Unreadable("tệp chứa dữ liệu nhị phân, không phải văn bản YAML",
                          "chọn đúng tệp .yaml (văn bản thuần, UTF-8)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _Unreadable(f"tệp không phải UTF-8 (byte lạ ở dòng {line}; có thể là bảng mã "
                          "Windows-1258 hoặc TCVN3)", "lưu lại tệp với bảng mã UTF-8") from None
    return text


class RejectedValues(ConfigError):
    """The file was read, but some values are rejected (YAML 1.1 traps, duplicate keys...).

    A ConfigError like any other for callers that stop at the first file problem; a caller
    that wants every mistake of the file in one run takes ``source`` (the rejected values
    kept as typed) and goes on checking it.
    """

    def __init__(self, problems: list[Problem], source: Source) -> None:
        super().__init__(problems)
        self.source = source


class _Unreadable(Exception):
    def __init__(self, message: str, expected: str) -> None:
        self.message, self.expected = message, expected


# libyaml's parser when PyYAML was built with it: the same safe resolution and marks,
# several times faster on the shared files every province reads.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Sources already read in this process, by path, size and modification time: a build of
# many provinces reads the shared files once.
_CACHE: dict[tuple[Path, int, int], Source] = {}


def load(path: Path) -> Source:
    """Load ``path`` safely; raise ConfigError listing every problem, with positions."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size) if stat else None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    source = _read(path)
    if key is not None:
        _CACHE[key] = source
    return source


def _refused(path: Path, why: Explanation) -> ConfigError:
    return ConfigError([Problem(path, why.mark, "(tệp)", why.message, expected=why.expected)])


def _read(path: Path) -> Source:
    def fail(message: str, mark: Mark | None = None, expected: str | None = None) -> ConfigError:
        return ConfigError([Problem(path, mark, "(tệp)", message, expected=expected)])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"tệp quá lớn ({size:,} byte)".replace(",", "."),
                       expected=f"tệp cấu hình dưới {MAX_BYTES // 1000:,} KB".replace(",", "."))
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"không đọc được tệp ({exc.strerror})") from None
    try:
        text = _decode(path, raw)
    except _Unreadable as exc:
        raise fail(exc.message, expected=exc.expected) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise _refused(path, explain(text, exc, MAX_DEPTH)) from None
    except RecursionError:  # PyYAML composes nested lists and tables recursively
        raise _refused(path, too_deep(SourceLines(text, MAX_DEPTH), MAX_DEPTH)) from None
    if node is None:
        raise fail("tệp rỗng", expected="các trường cấu hình của tỉnh, xem README")
    builder = _Builder(path, text)
    try:
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        raise fail("tệp lồng nhau quá sâu hoặc dùng bí danh (&/*) nhân bản quá nhiều lần",
                   _mark(exc.node), "cấu trúc phẳng, không dùng bí danh YAML") from None
    if not isinstance(data, dict):
        raise fail("nội dung tệp phải là một bảng các trường (tên: giá trị)", _mark(node),
                   "dòng đầu tiên có dạng 'province:' chứ không phải '- ...'")
    source = Source(path, data, builder.marks, builder.key_marks, frozenset(builder.samples))
    if builder.problems:
        raise RejectedValues(builder.problems, source)
    return source
