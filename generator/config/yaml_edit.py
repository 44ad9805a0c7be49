"""Changing values in a YAML text without touching anything else of it.

A province file is written by people: comments, the order of keys, ``{2025: 80}`` or a
block, ``"9,5"`` in double quotes, ``~`` for an empty number, lines folded at 92
columns. Loading it and dumping it again, even with ruamel.yaml's round trip, rewrites
some of that (``~`` becomes nothing, a flow mapping over two lines becomes one line), so
``git diff`` would show lines nobody changed. Here ruamel.yaml composes the text into
nodes that know where each value starts and ends, and only those spans are rewritten:
a value in place, a key or list item inserted on its own line (or after a comma in
``{...}``/``[...]``), an entry removed with its lines. Everything outside the spans
stays byte for byte, the file's line endings included.

A path names a value as the validator does (``targets.4.a.2030``,
``documents.ke-hoach.recipients[3]``, list positions from 1) or as a tuple of keys and
``Index`` positions (from 0). A change sets a value (creating the tables on the way),
sets a list (only the items that differ are touched), or removes an entry with
:data:`DELETE`, and tables the removal leaves empty with it.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.config.yaml_source import SAMPLE_TAG, Index, PathKey, dotted
from generator.config.yaml_syntax import CURLY
from generator.domain.errors import VanbanError
from generator.domain.vietnamese import format_number

WIDTH = 100  # a new flow value longer than this goes on lines of its own
_TAG = "tag:yaml.org,2002:"
_PATH = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[\d+\])*")
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()
"""The value of a change that removes the entry (and the tables it leaves empty)."""

Order = Callable[[PathKey], Sequence[Any]]
"""The declared order of the keys under a path, where a new key is put among them."""


class EditError(VanbanError):
    """A change that cannot be made to this text (a path through a text, a list too short)."""


def parse_path(path: str | Sequence[Any]) -> PathKey:
    """``targets.4.a.2030`` → ("targets", 4, "a", 2030); ``recipients[3]`` → Index(2).

    A tuple is taken as it is (the validator's keys, with ``Index`` for list positions).
    """
    if not isinstance(path, str):
        return tuple(path)
    if not _PATH.fullmatch(path):
        raise EditError(f"đường dẫn '{path}' không đúng dạng: cần các tên nối bằng dấu chấm, "
                        "vị trí trong danh sách trong ngoặc vuông từ 1, ví dụ "
                        "targets.4.a.2030 hoặc documents.ke-hoach.recipients[2]")
    parts: list[Any] = []
    for position, name in _PART.findall(path):
        if position:
            if int(position) < 1:
                raise EditError(f"đường dẫn '{path}': vị trí trong danh sách đếm từ 1")
            parts.append(Index(int(position) - 1))
        else:
            parts.append(int(name) if name.isdigit() else name)
    return tuple(parts)


# --- values as the project's reader sees them ----------------------------------------------

def as_loaded(value: Any) -> Any:
    """What reading the written value back gives (a Decimal is written "8,5", a text)."""
    if isinstance(value, Decimal):
        return format_number(value) if _has_fraction(value) else int(value)
    if isinstance(value, Mapping):
        return {key: as_loaded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_loaded(item) for item in value]
    return value


def _has_fraction(value: Decimal) -> bool:
    return "." in format(value, "f")


_RESOLVER = yaml.resolver.Resolver()


def plain(node: yaml.Node | None, sample: bool = False) -> Any:
    """A composed PyYAML node as plain values, tags kept as (tag, text) on each value they
    mark (``!mau {2025: 65}`` reads as {2025: ("!mau", "65")}): the project's own reading,
    to check that an edit did what it meant, the sample marks included."""
    if node is None:
        return None
    tagged = sample or node.tag == SAMPLE_TAG
    if isinstance(node, yaml.MappingNode):
        return {plain(key): plain(value, tagged) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(item, tagged) for item in node.value]
    tag, text = node.tag, node.value
    if tagged:
        if tag == SAMPLE_TAG:  # the value as YAML reads it untagged (!mau 58 is a number)
            implicit = (node.style in (None, ""), False)
            node = yaml.ScalarNode(_RESOLVER.resolve(yaml.ScalarNode, text, implicit), text,
                                   style=node.style)
        return (SAMPLE_TAG, plain(node))
    if tag == _TAG + "str":
        return text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _TAG + "int":
        try:
            return int(text.replace("_", ""), 10)
        except ValueError:
            return (tag, text)
    if tag == _TAG + "float":
        try:
            return Decimal(text)
        except ArithmeticError:
            return (tag, text)
    if tag == _TAG + "timestamp":
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
        except ValueError:
            return (tag, text)
    return (tag, text)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_plain(text: str) -> Any:
    return plain(yaml.compose(text, Loader=_LOADER))


# --- rendering new values -----------------------------------------------------------------

_EMITTER = Emitter(StringIO(), allow_unicode=True)


def _plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written without quotes here and still be read as this text
    by the project's reader (YAML 1.1: yes, 1.200 and 0123 are not texts there)."""
    if not text or text != text.strip() or text[0] in CURLY or "\n" in text:
        return False
    analysis = _EMITTER.analyze_scalar(text)
    allowed = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    return bool(allowed) and not analysis.multiline and \
        _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _TAG + "str"


def _double_quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _single_quoted(text: str) -> str | None:
    if "\n" in text or _EMITTER.analyze_scalar(text).allow_single_quoted is False:
        return None
    return "'" + text.replace("'", "''") + "'"


def render_scalar(value: Any, *, flow: bool, style: str | None = None) -> str:
    """One value as YAML text: numbers as the validator reads them (80, "9,5"), dates as
    2021-03-28, ``~`` for nothing; a text keeps the quotes of the value it replaces."""
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        raise EditError(f"số {value!r} là số thực dấu phẩy động, không giữ đúng số đã viết; "
                        "dùng số nguyên hoặc Decimal")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EditError(f"{value} không phải là một số")
        return f'"{format_number(value)}"' if _has_fraction(value) else str(int(value))
    if isinstance(value, datetime):
        raise EditError("ngày giờ không dùng trong tệp tỉnh; cần ngày năm-tháng-ngày")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise EditError(f"không ghi được giá trị kiểu {type(value).__name__} vào YAML")
    if style == "'":
        quoted = _single_quoted(value)
        if quoted is not None:
            return quoted
    if style in ("'", '"') or not _plain_ok(value, flow):
        return _double_quoted(value)
    return value


def render_key(key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    if isinstance(key, str) and _plain_ok(key, flow=True):
        return key
    return render_scalar(key, flow=True, style='"')


def render_flow(value: Any) -> str:
    """A value in ``{...}``/``[...]`` form, on one line."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{render_key(k)}: {render_flow(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_flow(item) for item in value) + "]"
    return render_scalar(value, flow=True)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple))


def render_block(value: Any, indent: int, room: int) -> str:
    """What follows ``key:`` in a block table: `` 80``, `` {2025: 80, 2030: 85}`` for a
    table of values that fits in ``room`` columns, else lines indented by ``indent``.

    Tables of plain values go in braces and deeper tables in blocks, as the sample
    provinces write them (``3:`` / ``a: {2025: "9,5", 2030: 9}``).
    """
    if _is_scalar(value):
        return " " + render_scalar(value, flow=False)
    flow = render_flow(value)
    items = value.values() if isinstance(value, Mapping) else value
    if (all(_is_scalar(item) for item in items) and len(flow) + 1 <= room) or not value:
        return " " + flow
    pad = " " * indent
    if isinstance(value, Mapping):
        return "".join(f"\n{pad}{render_key(k)}:"
                       + render_block(v, indent + 2, WIDTH - indent - len(render_key(k)) - 1)
                       for k, v in value.items())
    return "".join(f"\n{pad}- {render_flow(item)}" for item in value)


# --- the text and its nodes ---------------------------------------------------------------

_YAML = YAML(typ="rt", pure=True)


def compose(text: str) -> Node:
    try:
        node = _YAML.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise EditError(f"tệp không còn là YAML hợp lệ{where}; sửa tệp trước") from None
    if not isinstance(node, MappingNode):
        raise EditError("tệp phải là một bảng các trường (tên: giá trị)")
    return node


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def key_value(node: Node) -> Any:
    """A key as the validator names it: ``2030`` is the number 2030, ``a`` the text a."""
    if isinstance(node, ScalarNode):
        if _tag(node) == _TAG + "int" and node.style is None:
            try:
                return int(node.value.replace("_", ""), 10)
            except ValueError:
                return node.value
        return node.value
    return None


def _start(node: Node) -> int:
    return int(node.start_mark.index)


@dataclass
class _Splice:
    start: int
    end: int
    text: str


class _Text:
    """The text being edited: where lines start and end, where a value's text ends."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def next_line(self, index: int) -> int:
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def starts_line(self, index: int) -> bool:
        return not self.text[self.line_start(index):index].strip(" ")

    def end(self, node: Node) -> int:
        """Where the written value ends: a block table ends with its last value, not at
        the next key (comments between belong to what follows); a block text ends with
        its last word, not after the blank lines that close it."""
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            return self.end(node.value[-1][1])
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            return self.end(node.value[-1])
        end = int(node.end_mark.index)
        while end > _start(node) and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def after(self, node: Node) -> int:
        """The start of the line after the value's last line (its comment stays with it)."""
        return self.next_line(self.end(node))

    def comments_above(self, index: int) -> int:
        """The start of the comment lines right above the line of ``index``."""
        start = self.line_start(index)
        while start > 0:
            above = self.line_start(start - 1)
            if not self.text[above:start].strip().startswith("#"):
                break
            start = above
        return start

    def dash(self, item: Node) -> int:
        """The '-' of a block list item."""
        index = _start(item) - 1
        while index >= 0 and self.text[index] in " \t":
            index -= 1
        return index

    def lines(self, text: str) -> str:
        return text.replace("\n", self.newline) if self.newline != "\n" else text


@dataclass
class _Found:
    """A path looked up in the composed text: how far it exists."""

    nodes: list[Node]  # the root, then each node that exists along the path
    flow: bool  # whether the deepest node is inside a {...} or [...]

    @property
    def node(self) -> Node:
        return self.nodes[-1]


def _child(node: Node, part: Any) -> tuple[Node, Node | None] | None:
    """The value under ``part`` (and its key node, for a table), or None."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if not isinstance(part, Index) and key_value(key) == part:
                return value, key
        return None
    if isinstance(node, SequenceNode) and isinstance(part, Index) and part < len(node.value):
        return node.value[part], None
    return None


def _find(root: Node, path: PathKey) -> _Found:
    nodes, flow = [root], False
    for part in path:
        found = _child(nodes[-1], part)
        if found is None:
            break
        flow = flow or bool(getattr(nodes[-1], "flow_style", False))
        nodes.append(found[0])
    return _Found(nodes, flow)


def _position(node: Node, part: Any) -> int:
    if isinstance(node, SequenceNode):
        return int(part)
    return next(i for i, (key, _) in enumerate(node.value) if key_value(key) == part)


# --- the edits ----------------------------------------------------------------------------

class _Editor:
    def __init__(self, text: str, order: Order | None) -> None:
        self.text = text
        self.order = order

    def untag(self, changes: list[tuple[PathKey, Any]]) -> None:
        """Move the sample tag of each table or list a change goes into down onto every
        value it holds (``1: !mau {2025: 65, 2030: 75}`` → ``1: {2025: !mau 65, 2030: !mau
        75}``): the value the user sets then loses its tag, the others keep theirs."""
        while True:
            root = compose(self.text)
            source = _Text(self.text)
            tagged: dict[int, Node] = {}
            for path, value in changes:
                found = _find(root, path)
                inside = found.nodes[1:]
                if len(found.nodes) == len(path) + 1 and (
                        value is DELETE or _is_scalar(value) or isinstance(found.node,
                                                                           ScalarNode)):
                    inside = found.nodes[1:-1]  # the value itself is replaced, tag and all
                top = next((node for node in inside if not isinstance(node, ScalarNode)
                            and _tag(node) == SAMPLE_TAG), None)
                if top is not None:
                    tagged[_start(top)] = top
            if not tagged:
                return
            self._apply([splice for node in tagged.values()
                         for splice in self._push_down(source, node)])

    def _push_down(self, source: _Text, node: Node) -> list[_Splice]:
        match = re.compile(r"!\S*").match(source.text, _start(node))
        if match is None:
            raise EditError("không đọc được thẻ !mau ở đây; sửa tay trong tệp YAML")
        start, end = match.start(), match.end()
        after = re.compile(r"[ \t]*").match(source.text, end)
        if after is not None and source.text[after.end():after.end() + 1] not in (
                "", "\r", "\n", "#"):
            end = after.end()  # "!mau {" → "{"
        else:
            while start > 0 and source.text[start - 1] in " \t":
                start -= 1  # "key: !mau" above a block → "key:"
        return [_Splice(start, end, ""), *self._tag_values(source, node)]

    def _tag_values(self, source: _Text, node: Node) -> list[_Splice]:
        values = [value for _, value in node.value] if isinstance(node, MappingNode) \
            else list(node.value)
        splices = []
        for value in values:
            if source.text.startswith("!", _start(value)):
                continue  # a tag of its own
            if isinstance(value, (MappingNode, SequenceNode)) and not value.flow_style:
                splices.extend(self._tag_values(source, value))
            elif not (isinstance(value, ScalarNode) and value.style is None
                      and value.value == ""):
                splices.append(_Splice(_start(value), _start(value), SAMPLE_TAG + " "))
        return splices

    # Each edit composes the current text, so positions are always those of this text;
    # many values replaced at once (an Excel import) share one composition.
    def replace_values(self, changes: list[tuple[PathKey, Any]]) -> list[tuple[PathKey, Any]]:
        """Replace the values that exist as plain values and stay plain values, in one
        pass; the changes left need the structure changed, one at a time."""
        root = compose(self.text)
        source = _Text(self.text)
        splices: list[_Splice] = []
        rest: list[tuple[PathKey, Any]] = []
        for path, value in changes:
            found = _find(root, path)
            if len(found.nodes) == len(path) + 1 and isinstance(found.node, ScalarNode) \
                    and value is not DELETE and _is_scalar(value):
                if not _same(found.node, value):
                    splices.append(self._scalar(source, found, value))
            else:
                rest.append((path, value))
        self._apply(splices)
        return rest

    def change(self, path: PathKey, value: Any) -> None:
        root = compose(self.text)
        source = _Text(self.text)
        found = _find(root, path)
        exists = len(found.nodes) == len(path) + 1
        if value is DELETE:
            if exists:
                self._apply([self._delete(source, found, path)])
            return
        if exists and isinstance(found.node, MappingNode) and isinstance(value, Mapping):
            for key, item in value.items():
                self.change((*path, key), item)
            return
        if exists and isinstance(found.node, SequenceNode) and isinstance(value, (list, tuple)):
            self._set_list(path, list(value))
            return
        if exists and not (isinstance(found.node, ScalarNode) and _is_scalar(value)
                           and _same(found.node, value)):
            self._apply([self._replace(source, found, value)])
        if exists:
            return
        self._apply([self._insert(source, found, path, value)])

    def _apply(self, splices: Iterable[_Splice]) -> None:
        text = self.text
        for splice in sorted(splices, key=lambda s: s.start, reverse=True):
            text = text[:splice.start] + splice.text + text[splice.end:]
        self.text = text

    # --- a value in place --------------------------------------------------------------

    def _scalar(self, source: _Text, found: _Found, value: Any) -> _Splice:
        node = found.node
        assert isinstance(node, ScalarNode)
        start, end = _start(node), source.end(node)
        if node.style in (">", "|") and isinstance(value, str) and not found.flow:
            block = self._block_text(source, node, value)
            if block is not None:
                return _Splice(start, end, source.lines(block))
        style = node.style if isinstance(value, str) else None
        new = render_scalar(value, flow=found.flow, style=style)
        return self._keep_comment_column(source, start, end, new)

    @staticmethod
    def _keep_comment_column(source: _Text, start: int, end: int, new: str) -> _Splice:
        """``number: ~      # để trống...``: the comment stays in its column if it can."""
        old = source.text[start:end]
        gap = re.match(r"( +)#", source.text[end:source.next_line(end)])
        if gap is None or "\n" in old:
            return _Splice(start, end, new)
        spaces = max(1, len(gap.group(1)) - (len(new) - len(old)))
        return _Splice(start, end + len(gap.group(1)), new + " " * spaces)

    @staticmethod
    def _block_text(source: _Text, node: ScalarNode, value: str) -> str | None:
        """A new text for a ``>-`` (or ``|``) value, folded the way the old one was."""
        start, end = _start(node), source.end(node)
        header_end = source.text.find("\n", start)
        if header_end < 0 or header_end >= end:
            return None
        header = source.text[start:header_end].rstrip("\r")
        indicator = header.split("#", 1)[0].strip()
        body = source.text[header_end + 1:end].split("\n")
        first = next((line for line in body if line.strip()), "")
        indent = len(first) - len(first.lstrip(" "))
        if indicator == "|-":
            lines = value.split("\n")
            if any(line != line.strip() or not line for line in lines):
                return None
        elif indicator == ">-" and value and value == " ".join(value.split()):
            width = max(60, max(len(line.rstrip("\r")) for line in body))
            lines = textwrap.wrap(value, width=max(20, width - indent), break_long_words=False,
                                  break_on_hyphens=False)
        else:
            return None  # a kept or clipped final break, an explicit indentation: not guessed
        return header + "".join(f"\n{' ' * indent}{line}" for line in lines)

    def _replace(self, source: _Text, found: _Found, value: Any) -> _Splice:
        """Any value by any other: a text by a table, a table by a list..."""
        node = found.node
        if isinstance(node, ScalarNode) and _is_scalar(value):
            return self._scalar(source, found, value)
        start, end = _start(node), source.end(node)
        if isinstance(node, ScalarNode) and node.style is None and node.value == "":
            colon = self._after_colon(source, start)  # "targets:" with nothing after it
            if colon is not None:
                start = end = colon
        if found.flow:
            return _Splice(start, end, render_flow(value))
        if isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
            indent = self._child_indent(source, node)
        else:
            indent = self._child_indent(source, found.nodes[-2]) + 2
        block = render_block(value, indent, WIDTH - indent)
        if not block.startswith("\n"):
            return self._inline(source, node, start, end, block[1:])
        colon = self._after_colon(source, start)
        if colon is None:
            raise EditError("không thay được giá trị này: có chú thích giữa tên trường và giá "
                            "trị; sửa tay trong tệp YAML")
        return _Splice(colon, end, source.lines(block))

    @staticmethod
    def _after_colon(source: _Text, index: int) -> int | None:
        """Just after the ":" (or "-") that a value at ``index`` follows, if only spaces
        and line breaks lie between."""
        before = index
        while before > 0 and source.text[before - 1] in " \t\r\n":
            before -= 1
        return before if source.text[before - 1:before] in (":", "-") else None

    def _inline(self, source: _Text, node: Node, start: int, end: int, new: str) -> _Splice:
        """A value written on the line of its key; a block value below it is pulled up."""
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style:
            colon = self._after_colon(source, start)
            if colon is not None:
                return _Splice(colon, end, " " + new)
        return _Splice(start, end, new)

    @staticmethod
    def _child_indent(source: _Text, parent: Node) -> int:
        """The column the entries of a block table or list start at."""
        if isinstance(parent, MappingNode) and parent.value:
            return int(parent.value[0][0].start_mark.column)
        if isinstance(parent, SequenceNode) and parent.value:
            dash = source.dash(parent.value[0])
            return dash - source.line_start(dash)
        return int(parent.start_mark.column)

    # --- a new key or item -------------------------------------------------------------

    def _nested(self, rest: PathKey, value: Any) -> Any:
        for part in reversed(rest):
            if isinstance(part, Index):
                raise EditError(f"không có mục thứ {part + 1} trong danh sách")
            value = {part: value}
        return value

    def _insert(self, source: _Text, found: _Found, path: PathKey, value: Any) -> _Splice:
        depth = len(found.nodes) - 1
        parent, part = found.node, path[depth]
        new = self._nested(path[depth + 1:], value)
        where = path[:depth]
        if isinstance(parent, SequenceNode):
            if not isinstance(part, int) or part != len(parent.value):
                raise EditError(f"{dotted(where)} có {len(parent.value)} mục; chỉ thêm được "
                                f"mục thứ {len(parent.value) + 1}")
            return self._insert_item(source, parent, len(parent.value), new, found.flow)
        if isinstance(parent, ScalarNode) and _tag(parent) == _TAG + "null":
            return self._replace(source, found, {part: new})
        if not isinstance(parent, MappingNode):
            raise EditError(f"{dotted(where)} là một giá trị, không phải một bảng: không thêm "
                            f"được {dotted(path)}")
        flow = found.flow or bool(parent.flow_style)
        return self._insert_key(source, parent, where, part, new, flow)

    def _slot(self, parent: MappingNode, where: PathKey, key: Any) -> int:
        """Where a new key goes: numbers in order, names in the declared order, else last."""
        keys = [key_value(k) for k, _ in parent.value]
        if isinstance(key, int):
            later = [i for i, k in enumerate(keys) if isinstance(k, int) and k > key]
            return later[0] if later else len(keys)
        order = list(self.order(where)) if self.order else []
        if key in order:
            rank = order.index(key)
            later = [i for i, k in enumerate(keys) if k in order and order.index(k) > rank]
            return later[0] if later else len(keys)
        return len(keys)

    def _insert_key(self, source: _Text, parent: MappingNode, where: PathKey, key: Any,
                    value: Any, flow: bool) -> _Splice:
        slot = self._slot(parent, where, key)
        pairs = parent.value
        if flow:
            entry = f"{render_key(key)}: {render_flow(value)}"
            if not pairs:
                brace = _start(parent) + 1
                return _Splice(brace, brace, entry)
            if slot < len(pairs):
                at = _start(pairs[slot][0])
                return _Splice(at, at, entry + ", ")
            at = source.end(pairs[-1][1])
            return _Splice(at, at, ", " + entry)
        indent = int(pairs[0][0].start_mark.column)
        name = render_key(key)
        entry = name + ":" + render_block(value, indent + 2, WIDTH - indent - len(name) - 1)
        section = indent == 0 and "\n" in entry  # top-level sections: one blank line apart
        if slot < len(pairs):
            key_start = _start(pairs[slot][0])
            if not source.starts_line(key_start):  # the first key of a "- " item
                return _Splice(key_start, key_start,
                               source.lines(entry + "\n" + " " * indent))
            at = source.comments_above(key_start)
            text = " " * indent + entry + "\n" + ("\n" if section else "")
            return _Splice(at, at, source.lines(text))
        at = source.after(pairs[-1][1])
        text = ("\n" if section else "") + " " * indent + entry + "\n"
        if at == len(source.text) and not source.text.endswith("\n"):
            text = "\n" + text
        return _Splice(at, at, source.lines(text))

    def _insert_item(self, source: _Text, parent: SequenceNode, slot: int, value: Any,
                     flow: bool) -> _Splice:
        items = parent.value
        if flow or parent.flow_style:
            rendered = render_flow(value)
            if not items:
                bracket = _start(parent) + 1
                return _Splice(bracket, bracket, rendered)
            if slot < len(items):
                at = _start(items[slot])
                return _Splice(at, at, rendered + ", ")
            at = source.end(items[-1])
            return _Splice(at, at, ", " + rendered)
        dash = source.dash(items[0])
        indent = dash - source.line_start(dash)
        rendered = render_scalar(value, flow=False) if _is_scalar(value) else render_flow(value)
        text = " " * indent + "- " + rendered + "\n"
        if slot < len(items):
            at_dash = source.dash(items[slot])
            if not source.starts_line(at_dash):
                raise EditError("danh sách viết lồng trên một dòng, không thêm mục được")
            at = source.line_start(at_dash)
        else:
            at = source.after(items[-1])
            if at == len(source.text) and not source.text.endswith("\n"):
                text = "\n" + text
        return _Splice(at, at, source.lines(text))

    # --- removing ----------------------------------------------------------------------

    def _delete(self, source: _Text, found: _Found, path: PathKey) -> _Splice:
        """The entry at ``path``; a table left empty goes too, up to a top-level section
        (``targets: {}`` stays, with the comments that explain it)."""
        depth = len(path)
        while depth > 2 and isinstance(found.nodes[depth - 1], MappingNode) \
                and len(found.nodes[depth - 1].value) == 1 \
                and isinstance(found.nodes[depth - 2], MappingNode):
            depth -= 1
        parent = found.nodes[depth - 1]
        position = _position(parent, path[depth - 1])
        flow = any(getattr(node, "flow_style", False) for node in found.nodes[:depth])
        if isinstance(parent, MappingNode):
            entries = [(key, value) for key, value in parent.value]
        else:
            entries = [(None, item) for item in parent.value]
        if len(entries) == 1:
            empty = "{}" if isinstance(parent, MappingNode) else "[]"
            start, end = _start(parent), source.end(parent)
            if not parent.flow_style:
                start = _start(entries[0][0]) if entries[0][0] is not None \
                    else source.dash(entries[0][1])
            return self._inline(source, parent, start, end, empty) if not parent.flow_style \
                else _Splice(start, end, empty)
        first = [key if key is not None else value for key, value in entries]
        if flow:
            if position < len(entries) - 1:
                return _Splice(_start(first[position]), _start(first[position + 1]), "")
            return _Splice(source.end(entries[position - 1][1]),
                           source.end(entries[position][1]), "")
        begin = _start(first[position]) if isinstance(parent, MappingNode) \
            else source.dash(entries[position][1])
        if source.starts_line(begin):
            return _Splice(source.line_start(begin), source.after(entries[position][1]), "")
        if position < len(entries) - 1:  # the first key of a "- " item: the next moves up
            follow = _start(first[position + 1]) if isinstance(parent, MappingNode) \
                else source.dash(entries[position + 1][1])
            return _Splice(begin, follow, "")
        raise EditError(f"không xóa được {dotted(path)}: cách viết này chưa được hỗ trợ")

    # --- a list --------------------------------------------------------------------------

    def _set_list(self, path: PathKey, new: list[Any]) -> None:
        """Only the items that differ: a recipient added is one line added."""
        node = _find(compose(self.text), path).node
        assert isinstance(node, SequenceNode)
        if not new or not all(isinstance(item, ScalarNode) for item in node.value) \
                or not all(_is_scalar(item) for item in new):
            source = _Text(self.text)
            self._apply([self._replace(source, _find(compose(self.text), path), new)])
            return
        old = [plain_scalar(item) for item in node.value]
        loaded = [as_loaded(item) for item in new]
        matcher = difflib.SequenceMatcher(a=old, b=loaded, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for i in range(i2 - 1, i1 + common - 1, -1):
                self.change((*path, Index(i)), DELETE)
            for k in range(common):
                self.change((*path, Index(i1 + k)), new[j1 + k])
            for k in range(common, j2 - j1):
                self._insert_at(path, i1 + k, new[j1 + k])

    def _insert_at(self, path: PathKey, slot: int, value: Any) -> None:
        source = _Text(self.text)
        found = _find(compose(self.text), path)
        node = found.node
        assert isinstance(node, SequenceNode)
        self._apply([self._insert_item(source, node, slot, value, found.flow)])


def _same(node: ScalarNode, value: Any) -> bool:
    """Whether the value written is already there, untagged: then nothing is rewritten
    (a value the user confirms over a tagged sample value loses the tag)."""
    return _tag(node).startswith(_TAG) and plain_scalar(node) == as_loaded(value) \
        and type(plain_scalar(node)) is type(as_loaded(value))


def plain_scalar(node: ScalarNode) -> Any:
    """A list item as the project reads it, to compare with the new list's items."""
    composed = yaml.compose(f"- {node.value}" if node.style is None else
                            f"- {_double_quoted(node.value)}", Loader=_LOADER)
    return plain(composed.value[0]) if composed is not None else None


def apply_changes(text: str, changes: Mapping[Any, Any] | Iterable[tuple[Any, Any]],
                  order: Order | None = None) -> str:
    """The text with the changes made, everything else as it was.

    ``changes`` maps paths to new values (or :data:`DELETE`). ``order`` gives the
    declared order of the keys under a path, to put a new key among its siblings.
    The result is read back and compared with the intended values: an edit that would
    not read as meant raises EditError and nothing is returned.
    """
    pairs = list(changes.items()) if isinstance(changes, Mapping) else list(changes)
    parsed = [(parse_path(path), value) for path, value in pairs]
    editor = _Editor(text, order)
    editor.untag(parsed)
    for path, value in editor.replace_values(parsed):
        editor.change(path, value)
    new = _drop_sample_notes(text, editor.text)
    _check(text, new, parsed)
    return new


# The note ``vanban new`` writes after a sample value (config.province_writer.sample_line:
# ``name: !mau Nguyễn Văn A  # MẪU: họ tên người ký``), left alone once no value on its
# line is a sample any more.
_SAMPLE_NOTE = re.compile(r"[ \t]+#[ \t]*MẪU\b[^\r\n]*")


def _drop_sample_notes(old: str, new: str) -> str:
    """The note of a sample removed from the lines an edit changed, when their last
    sample value was replaced."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, _, _, first, last in matcher.get_opcodes():
        if tag == "equal":
            continue
        for number in range(first, last):
            line = after[number]
            note = _SAMPLE_NOTE.search(line)
            if note is not None and SAMPLE_TAG not in line[:note.start()]:
                after[number] = line[:note.start()] + line[note.end():]
    return "".join(after)


# --- the check: the new text reads as the old one with the changes --------------------------

def _expected(data: Any, changes: list[tuple[PathKey, Any]]) -> Any:
    for path, value in changes:
        if value is DELETE:
            _remove(data, path)
        else:
            _put(data, path, value)
    return data


def _put(data: Any, path: PathKey, value: Any) -> None:
    target = data
    for part in path[:-1]:
        if isinstance(target, dict):
            if not isinstance(target.get(part), (dict, list)):
                target[part] = {}
            target = target[part]
        else:
            target = target[part]
    last = path[-1]
    if isinstance(value, Mapping) and isinstance(_get(target, last), dict):
        for key, item in value.items():
            _put(data, (*path, key), item)
        return
    if isinstance(value, (list, tuple)) and isinstance(_get(target, last), list):
        target[last] = _merged_list(_get(target, last), as_loaded(value))
        return
    if isinstance(target, list) and last == len(target):
        target.append(as_loaded(value))
    else:
        target[last] = as_loaded(value)


def _untagged(value: Any) -> Any:
    return value[1] if isinstance(value, tuple) and value[:1] == (SAMPLE_TAG,) else value


def _merged_list(old: list[Any], new: list[Any]) -> list[Any]:
    """A list set item by item: the items kept as they were keep their sample tags."""
    if not new or not all(_is_scalar(_untagged(v)) for v in old) \
            or not all(_is_scalar(v) for v in new):
        return new
    matcher = difflib.SequenceMatcher(a=[_untagged(v) for v in old], b=new, autojunk=False)
    merged: list[Any] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(old[i1:i2] if tag == "equal" else new[j1:j2])
    return merged


def _get(target: Any, part: Any) -> Any:
    if isinstance(target, dict):
        return target.get(part)
    if isinstance(target, list) and isinstance(part, int) and part < len(target):
        return target[part]
    return None


def _remove(data: Any, path: PathKey) -> None:
    chain = [data]
    for part in path[:-1]:
        chain.append(_get(chain[-1], part))
        if chain[-1] is None:
            return
    if _get(chain[-1], path[-1]) is None and not (
            isinstance(chain[-1], dict) and path[-1] in chain[-1]):
        return
    del chain[-1][path[-1]]
    for depth in range(len(path) - 1, 1, -1):
        if chain[depth] == {} and isinstance(chain[depth - 1], dict):
            del chain[depth - 1][path[depth - 1]]
        else:
            break


def _check(old: str, new: str, changes: list[tuple[PathKey, Any]]) -> None:
    try:
        expected = _expected(read_plain(old), changes)
        got = read_plain(new)
    except (yaml.YAMLError, KeyError, IndexError, TypeError) as exc:
        raise EditError(f"vanban không sửa được tệp an toàn ({type(exc).__name__}); tệp giữ "
                        "nguyên. Hãy báo lỗi này kèm tệp YAML") from None
    if got != expected:
        raise EditError("vanban không sửa được tệp an toàn (đọc lại không đúng thay đổi); tệp "
                        "giữ nguyên. Hãy báo lỗi này kèm tệp YAML")
