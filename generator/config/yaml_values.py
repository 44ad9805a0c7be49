"""Values as YAML text and YAML text as values, for editing province files in place.

config.yaml_edit rewrites only the values that change; here is what it writes for a new
value (``80``, ``"9,5"``, ``~``, a text quoted only when it must be, ``{2025: 80}``) and
how it reads a text back to check its work. Both follow the project's reader
(config.yaml_source, YAML 1.1 with PyYAML): a text that reader would take for a number,
a date or true/false (``1.200``, ``2021-03``, ``yes``) is always quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import yaml
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode

from generator.config.yaml_source import SAMPLE_TAG, Index, PathKey
from generator.config.yaml_syntax import CURLY
from generator.domain.errors import VanbanError
from generator.domain.vietnamese import format_number

WIDTH = 100  # a new flow value longer than this goes on lines of its own
TAG = "tag:yaml.org,2002:"
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
        return format_number(value) if has_fraction(value) else int(value)
    if isinstance(value, Mapping):
        return {key: as_loaded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_loaded(item) for item in value]
    return value


def has_fraction(value: Decimal) -> bool:
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
    if tag == TAG + "str":
        return text
    if tag == TAG + "null":
        return None
    if tag == TAG + "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == TAG + "int":
        try:
            return int(text.replace("_", ""), 10)
        except ValueError:
            return (tag, text)
    if tag == TAG + "float":
        try:
            return Decimal(text)
        except ArithmeticError:
            return (tag, text)
    if tag == TAG + "timestamp":
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
        except ValueError:
            return (tag, text)
    return (tag, text)


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_plain(text: str) -> Any:
    return plain(yaml.compose(text, Loader=LOADER))


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
        _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == TAG + "str"


def double_quoted(text: str) -> str:
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
        return f'"{format_number(value)}"' if has_fraction(value) else str(int(value))
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
        return double_quoted(value)
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


def is_scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple))


def render_block(value: Any, indent: int, room: int) -> str:
    """What follows ``key:`` in a block table: `` 80``, `` {2025: 80, 2030: 85}`` for a
    table of values that fits in ``room`` columns, else lines indented by ``indent``.

    Tables of plain values go in braces and deeper tables in blocks, as the sample
    provinces write them (``3:`` / ``a: {2025: "9,5", 2030: 9}``).
    """
    if is_scalar(value):
        return " " + render_scalar(value, flow=False)
    flow = render_flow(value)
    items = value.values() if isinstance(value, Mapping) else value
    if (all(is_scalar(item) for item in items) and len(flow) + 1 <= room) or not value:
        return " " + flow
    pad = " " * indent
    if isinstance(value, Mapping):
        return "".join(f"\n{pad}{render_key(k)}:"
                       + render_block(v, indent + 2, WIDTH - indent - len(render_key(k)) - 1)
                       for k, v in value.items())
    return "".join(f"\n{pad}- {render_flow(item)}" for item in value)


def plain_scalar(node: ScalarNode) -> Any:
    """A list item as the project reads it, to compare with the new list's items."""
    composed = yaml.compose(f"- {node.value}" if node.style is None else
                            f"- {double_quoted(node.value)}", Loader=LOADER)
    return plain(composed.value[0]) if composed is not None else None
