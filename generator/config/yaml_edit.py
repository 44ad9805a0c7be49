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
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.config.yaml_readback import check
from generator.config.yaml_source import SAMPLE_TAG, Index, PathKey, dotted
from generator.config.yaml_values import (
    DELETE,
    TAG,
    WIDTH,
    EditError,
    Order,
    as_loaded,
    is_scalar,
    parse_path,
    plain_scalar,
    render_block,
    render_flow,
    render_key,
    render_scalar,
)

__all__ = ["DELETE", "EditError", "Order", "apply_changes", "parse_path"]

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
        if _tag(node) == TAG + "int" and node.style is None:
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
                        value is DELETE or is_scalar(value) or isinstance(found.node,
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
                    and value is not DELETE and is_scalar(value):
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
        if exists and not (isinstance(found.node, ScalarNode) and is_scalar(value)
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
        if isinstance(node, ScalarNode) and is_scalar(value):
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
        if isinstance(parent, ScalarNode) and _tag(parent) == TAG + "null":
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
        rendered = render_scalar(value, flow=False) if is_scalar(value) else render_flow(value)
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
                or not all(is_scalar(item) for item in new):
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
    return _tag(node).startswith(TAG) and plain_scalar(node) == as_loaded(value) \
        and type(plain_scalar(node)) is type(as_loaded(value))


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
    check(text, new, parsed)
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


