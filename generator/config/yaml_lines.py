"""The lines of a YAML file as its author sees them: indentation, keys, list items, blocks.

A light reading of the text, not a YAML parser: it follows quotes, brackets, comments,
block scalars (``|`` and ``>``) and plain values continued on the next line well enough
to tell which lines carry the file's structure, which table or list each belongs to and
how deep it nests. ``yaml_syntax`` uses it to explain a refused file from what the user
wrote, never from PyYAML's English wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The line breaks YAML 1.1 recognises, so line numbers agree with PyYAML's marks.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# A key and its colon at the start of a line's content (after any "- " item markers).
_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\[\]{},|>&*!%@`][^\n]*?)"""
    r"""[ \t]*:(?=[ \t]|$)"""
)
_ITEM = re.compile(r"-(?:[ \t]+|$)")
# "|", ">-", "|2+"... at the end of a line: the lines below are one block of text.
_HEADER = re.compile(r"(?:^|(?<=[ \t]))[|>][-+0-9]*$")
_PLAIN_START = re.compile(r"""[^\s"'\[\]{}|>&*!%@`#,]""")


@dataclass
class Line:
    """One line of the file and the structure it carries."""

    number: int  # 1-based, as editors show it
    text: str
    kind: str = "content"  # or "blank", "comment", "inside" (continues a value)
    indent: int = 0  # leading spaces
    body: str = ""  # the text without indentation and comment, right-stripped
    inner: int = 0  # column where the content after "- " markers begins
    item: bool = False  # starts with a "- " list marker
    dash: int = -1  # column of the last "-" marker
    key: str | None = None
    key_column: int = 0
    colon: int = -1  # column of the colon after the key
    value: str = ""  # after "key:" (the whole content when there is no key)
    value_column: int = 0

    @property
    def structural(self) -> bool:
        return self.kind == "content"

    @property
    def comment(self) -> str:
        """What follows the content on the line: spaces and a comment, kept in a fix."""
        return self.text[self.indent + len(self.body):]

    @property
    def opens(self) -> bool:
        """Whether the lines below, indented deeper, belong to this one (a table or list)."""
        if self.item and self.key is not None:
            return True  # "- id: x": the item's other keys follow at ``inner``
        return self.value == "" or _is_anchor_or_tag(self.value)


def _is_anchor_or_tag(value: str) -> bool:
    return bool(re.fullmatch(r"(?:[&!]\S*\s*)+", value))


def token_start(text: str, index: int, in_flow: bool) -> bool:
    """Whether a value may begin at ``index``: at the line's start, after "key: ", "- ",
    or, inside [ ] or { }, after "[", "{" and ","."""
    before = text[:index].rstrip(" \t")
    if not before:
        return True
    last = before[-1]
    spaced = len(before) < index
    if last in ":-?":
        return spaced
    return in_flow and last in "[{,"


@dataclass
class _Scan:
    """What is still open at the end of a line: a quoted value, brackets, block levels."""

    quote: str | None = None
    flow: int = 0


class SourceLines:
    """The file as lines, with the nesting depth where it first goes too deep."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.lines: list[Line] = []
        self.max_depth = max_depth
        # (line, column) 1-based where nesting first passes ``max_depth``, if it does
        self.too_deep: tuple[int, int] | None = None
        self._read(LINE_BREAK.split(text))

    def line(self, number: int) -> Line | None:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else None

    def char(self, number: int, column: int) -> str:
        """The character at a 1-based line and 0-based column ("" outside the text)."""
        line = self.line(number)
        if line is None or not 0 <= column < len(line.text):
            return ""
        return line.text[column]

    def previous(self, line: Line) -> Line | None:
        """The structural line above ``line``."""
        for other in reversed(self.lines[: line.number - 1]):
            if other.structural:
                return other
        return None

    # -- reading -------------------------------------------------------------------------

    def _read(self, texts: list[str]) -> None:
        state = _Scan()
        block_scalar: int | None = None  # lines indented deeper than this are text
        plain_after: int | None = None  # a plain value continues on lines deeper than this
        stack: list[int] = []  # indentation of the open block levels
        for number, text in enumerate(texts, start=1):
            line = Line(number, text)
            self.lines.append(line)
            stripped = text.lstrip(" ")
            line.indent = len(text) - len(stripped)
            if block_scalar is not None:
                if not stripped.strip() or line.indent > block_scalar:
                    line.kind = "inside"
                    continue
                block_scalar = None
            started_inside = state.quote is not None or state.flow > 0
            end, state = self._scan(text, state, number, len(stack))
            body = text[line.indent:end].rstrip()
            line.body = body
            if started_inside:
                line.kind = "inside"
                continue
            if not body:
                line.kind = "comment" if stripped.strip() else "blank"
                continue
            self._parse(line)
            if plain_after is not None and line.indent > plain_after and line.key is None:
                line.kind = "inside"  # YAML joins it to the value above
                continue
            plain_after = None
            self._nest(line, stack)
            if state.quote is None and state.flow == 0:
                if _HEADER.search(line.value):
                    block_scalar = self._owner(line)
                elif line.value and _PLAIN_START.match(line.value):
                    plain_after = self._owner(line)

    @staticmethod
    def _owner(line: Line) -> int:
        """The column a value on ``line`` hangs from: text continuing it on the next
        lines must be indented deeper than this."""
        if line.key is not None:
            return line.key_column
        return line.dash if line.item else line.indent - 1

    def _scan(self, text: str, state: _Scan, number: int, block: int) -> tuple[int, _Scan]:
        """Follow quotes, brackets and comments through one line; returns where the
        comment starts (or the line's length) and what is left open."""
        quote, flow = state.quote, state.flow
        index = 0
        while index < len(text):
            char = text[index]
            if quote == '"':
                if char == "\\":
                    index += 1
                elif char == '"':
                    quote = None
            elif quote == "'":
                if char == "'" and text[index + 1: index + 2] == "'":
                    index += 1
                elif char == "'":
                    quote = None
            elif char == "#" and (index == 0 or text[index - 1] in " \t"):
                return index, _Scan(quote, flow)
            elif char in "\"'" and token_start(text, index, flow > 0):
                quote = char
            elif char in "[{" and (flow > 0 or token_start(text, index, False)):
                flow += 1
                self._deeper(block + flow, number, index)
            elif char in "]}" and flow > 0:
                flow -= 1
            index += 1
        return len(text), _Scan(quote, flow)

    def _deeper(self, depth: int, number: int, column: int) -> None:
        if depth > self.max_depth and self.too_deep is None:
            self.too_deep = (number, column + 1)

    @staticmethod
    def _parse(line: Line) -> None:
        rest, column = line.body, line.indent
        while match := _ITEM.match(rest):
            line.item, line.dash = True, column
            rest, column = rest[match.end():], column + match.end()
        line.inner = column
        key = _KEY.match(rest)
        if key is None:
            line.value, line.value_column = rest, column
            return
        name = key.group("key")
        if name[:1] in "\"'" and len(name) > 1:
            name = name[1:-1]
        line.key, line.key_column, line.colon = name, column, column + key.end() - 1
        after = rest[key.end():]
        line.value = after.strip()
        line.value_column = column + key.end() + len(after) - len(after.lstrip())

    def _nest(self, line: Line, stack: list[int]) -> None:
        while stack and stack[-1] >= line.indent:
            stack.pop()
        stack.append(line.indent)
        if line.item:
            stack.append(line.inner)
        self._deeper(len(stack), line.number, line.indent)

    # -- structure -----------------------------------------------------------------------

    def parent(self, line: Line) -> Line | None:
        """The line whose table or list ``line`` belongs to (None: the top level)."""
        lowest = line.indent
        for other in reversed(self.lines[: line.number - 1]):
            if not other.structural:
                continue
            if other.opens and other.indent < line.indent and other.indent < lowest:
                return other
            lowest = min(lowest, other.indent)
        return None

    def members(self, parent: Line | None) -> list[tuple[Line, int]]:
        """The lines directly under ``parent``, with the column each starts at: the
        siblings a wrongly indented line should line up with. The first key of a
        "- key: value" parent counts as its first member."""
        base = parent.indent if parent is not None else -1
        found: list[tuple[Line, int]] = []
        inner: list[int] = []  # open blocks of earlier members
        if parent is not None and parent.item and parent.key is not None:
            found.append((parent, parent.inner))
            if parent.value == "":
                inner.append(parent.inner)
        start = parent.number if parent is not None else 0
        for line in self.lines[start:]:
            if not line.structural:
                continue
            if line.indent <= base:
                break
            while inner and line.indent <= inner[-1]:
                inner.pop()
            if inner:
                continue
            found.append((line, line.indent))
            if line.opens:
                inner.append(line.indent)
        return found
