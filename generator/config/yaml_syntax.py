"""Why PyYAML refused a file, said in Vietnamese from what the user wrote.

PyYAML's messages are English, and their wording changes between versions and between
its two parsers: where the Python parser says "expected <block end>, but found '<block
mapping start>'", libyaml says "did not find expected key", and PyYAML 6.0.4 added
"exceeded maximum nesting depth". A user must never read them and no message may change
because PyYAML did. So each mistake is recognised from the source around the error's
position: the character there, its line, that line's indentation against its siblings.
Only when the text says nothing recognisable do PyYAML's error class and wording choose
among Vietnamese explanations, and anything else gets a generic Vietnamese message.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from generator.config.yaml_lines import Line, SourceLines, token_start
from generator.domain.errors import Mark

SYNTAX = "YAML sai cú pháp: "
CHECK = "kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm và dấu nháy"

# Word's quotes, each with the quotes that may close it.
CURLY = {"“": "”“", "”": "”", "„": "“”", "‘": "’‘", "’": "’", "‚": "‘’"}
# What YAML refuses to read at all (its printable set).
_UNREADABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_FIELD_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_MISSING_COLON = re.compile(r"(?P<name>[A-Za-z0-9_][A-Za-z0-9_-]*)(?:[ \t]+(?P<rest>\S.*))?")
_ALIAS_NAME = re.compile(r"[^\s,\[\]{}]+")


@dataclass(frozen=True)
class Explanation:
    """A refused file's one message: where, what, and what to write instead."""

    mark: Mark | None
    message: str
    expected: str


def explain(text: str, error: yaml.YAMLError, max_depth: int) -> Explanation:
    """The Vietnamese explanation of ``error`` raised while composing ``text``."""
    source = SourceLines(text, max_depth)
    if source.too_deep is not None:
        return too_deep(source, max_depth)
    if not isinstance(error, yaml.MarkedYAMLError):
        return _unreadable_character(source) or _generic(None)
    at = error.problem_mark or error.context_mark
    if at is None:
        return _unreadable_character(source) or _generic(None)
    context = error.context_mark
    spot = _Spot(source, at.line + 1, at.column,
                 (context.line + 1, context.column) if context is not None else None)
    for recognise in _RECOGNISERS:
        found = recognise(spot)
        if found is not None:
            return found
    return by_class(error, spot.mark)


def too_deep(source: SourceLines, max_depth: int) -> Explanation:
    """Lists or tables nested past ``max_depth``, where the text first goes that deep."""
    where = source.too_deep
    return Explanation(Mark(*where) if where else None,
                       f"tệp lồng nhau quá sâu (hơn {max_depth} tầng danh sách hoặc bảng "
                       "lồng vào nhau)",
                       f"cấu trúc phẳng, không quá {max_depth} tầng lồng nhau")


# ---------------------------------------------------------------------------------------------
# Quoting helpers shared with the value checks of yaml_source
# ---------------------------------------------------------------------------------------------


def quoted(value: str) -> str:
    """``value`` as a YAML quoted scalar: double quotes, single when it holds " or \\."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def curly_quoted(text: str, column: int) -> tuple[int, str] | None:
    """When a value written at ``column`` is wrapped in Word's curly quotes as if they
    were YAML's (nothing but a comment, a comma, a bracket or a colon after the closing
    one): the closing quote's column and the text between. Curly quotes inside a
    sentence (“Tháng hành động” năm 2021) are text, and give None."""
    closers = CURLY.get(text[column: column + 1])
    if closers is None:
        return None
    close = next((i for i in range(column + 1, len(text)) if text[i] in closers), None)
    if close is None:
        return None
    after = text[close + 1:]
    rest = after.lstrip(" \t")
    if rest and rest[0] not in ",]}:" and not (rest[0] == "#" and rest != after):
        return None
    return close, text[column + 1: close]


def curly_message(opening: str, closing: str) -> str:
    return (f"dấu nháy cong {opening}…{closing} (Word tự đổi từ dấu nháy thẳng) không phải "
            "dấu nháy của YAML, nên không bao được giá trị")


def curly_fix(number: int, fixed: str) -> str:
    return f'thay bằng dấu nháy thẳng " " gõ từ bàn phím; sửa dòng {number} thành: {fixed}'


def spaces(count: int) -> str:
    return f"{count} dấu cách" if count else "sát lề trái (không dấu cách)"


# ---------------------------------------------------------------------------------------------
# Recognising the mistake from the text
# ---------------------------------------------------------------------------------------------


@dataclass
class _Spot:
    """Where PyYAML stopped (``line`` 1-based, ``column`` 0-based) and where the part it
    was reading began (``context``)."""

    source: SourceLines
    line: int
    column: int
    context: tuple[int, int] | None

    @property
    def mark(self) -> Mark:
        return Mark(self.line, self.column + 1)

    @property
    def char(self) -> str:
        return self.source.char(self.line, self.column)

    def lines(self) -> list[Line]:
        """The lines the mistake can be on: PyYAML's, the one above it, the context's."""
        found: list[Line] = []
        here = self.source.line(self.line)
        if here is not None:
            found.append(here)
            above = self.source.previous(here)
            if above is not None:
                found.append(above)
        if self.context is not None:
            start = self.source.line(self.context[0])
            if start is not None and start not in found:
                found.append(start)
        return found

    def structural(self) -> list[Line]:
        return [line for line in self.lines() if line.structural]


def _nearest(lines: list[Line], number: int) -> Line:
    before = [line for line in lines if line.number <= number]
    return before[-1] if before else lines[0]


def _tab(spot: _Spot) -> Explanation | None:
    places = [(spot.line, spot.column)] if spot.char == "\t" else []
    for line in spot.lines():
        lead = line.text[: len(line.text) - len(line.text.lstrip(" \t"))]
        if "\t" in lead:
            places.append((line.number, lead.index("\t")))
    if not places:
        return None
    number, column = places[0]
    line = spot.source.line(number)
    assert line is not None
    lead = len(line.text) - len(line.text.lstrip(" \t"))
    if column >= lead:
        return Explanation(Mark(number, column + 1),
                           SYNTAX + f"có dấu Tab giữa dòng {number}; YAML không chấp nhận Tab ở "
                                    "chỗ này",
                           f"không dùng Tab: thay dấu Tab ở cột {column + 1} bằng một dấu cách")
    width, like = _tab_width(spot.source, line)
    return Explanation(Mark(number, column + 1),
                       SYNTAX + f"dòng {number} thụt lề bằng phím Tab; YAML chỉ chấp nhận dấu "
                                "cách",
                       f"không dùng Tab: thay phần thụt lề ở đầu dòng {number} bằng "
                       f"{spaces(width)}{like}")


def _tab_width(source: SourceLines, line: Line) -> tuple[int, str]:
    """How many spaces the tab-indented ``line`` most likely stands for: an item's dash two
    columns left of its next key, else as deep as the line above (or two deeper when that
    line opens a block)."""
    content = line.text.lstrip(" \t")
    below = next((other for other in source.lines[line.number:] if other.structural), None)
    if content.startswith("- ") and ": " in content and below is not None \
            and below.key is not None and not below.item and below.indent >= 2:
        return below.indent - 2, f" (dấu '-' lùi 2 cột so với '{below.key}' ở dòng {below.number})"
    above = source.previous(line)
    if above is None:
        return 0, ""
    if above.item and above.key is not None:
        return above.inner, f" (thẳng hàng với '{above.key}' ở dòng {above.number})"
    if above.opens:
        return above.inner + 2, f" (sâu hơn dòng {above.number} 2 dấu cách)"
    return above.indent, f" (như dòng {above.number})"


def _curly(spot: _Spot) -> Explanation | None:
    for line in spot.lines():
        text = line.text
        for column, char in enumerate(text):
            if char not in CURLY or not token_start(text, column, True):
                continue
            found = curly_quoted(text, column)
            if found is None:
                continue
            close, inner = found
            fixed = (text[:column] + quoted(inner) + text[close + 1:]).strip()
            return Explanation(Mark(line.number, column + 1),
                               SYNTAX + curly_message(char, text[close]),
                               curly_fix(line.number, fixed))
    return None


def _colon_in_value(spot: _Spot) -> Explanation | None:
    line = spot.source.line(spot.line)
    if (spot.char != ":" or line is None or line.key is None
            or spot.column <= line.colon or line.value[:1] in ("\"", "'", "[", "{", "")):
        return None
    if line.item and not _FIELD_NAME.fullmatch(line.key):
        start = line.inner  # "- Địa chỉ: số 1: ...": the whole item is the text
        message = (f"mục danh sách ở dòng {line.number} có dấu hai chấm và dấu cách (': ') mà "
                   "không nằm trong dấu nháy, nên YAML hiểu nhầm phần trước dấu hai chấm là "
                   "tên trường")
    else:
        start = line.value_column
        message = (f"giá trị của trường '{line.key}' có dấu hai chấm và dấu cách (': ') mà "
                   "không nằm trong dấu nháy, nên YAML hiểu nhầm là bắt đầu một trường mới")
    value = line.text[start: line.indent + len(line.body)]
    fixed = (line.text[line.indent: start] + quoted(value) + line.comment).strip()
    return Explanation(spot.mark, SYNTAX + message,
                       f"đặt cả giá trị trong dấu nháy kép; sửa dòng {line.number} thành: {fixed}")


def _unclosed(spot: _Spot) -> Explanation | None:
    if spot.context is None:
        return None
    number, column = spot.context
    opening = spot.source.char(number, column)
    line = spot.source.line(number)
    if line is None or opening not in "[{\"'" or not opening:
        return None
    where = f"dòng {number}, cột {column + 1}"
    if opening in "\"'":
        return _unclosed_quote(spot, line, opening, where)
    closing = "]" if opening == "[" else "}"
    example = "[1, 2, 8]" if opening == "[" else "{2025: 80, 2030: 85}"
    begun = f"(phần này bắt đầu ở {where})"
    if number == spot.line:
        return Explanation(spot.mark,
                           SYNTAX + f"trong phần {opening}…{closing} {begun} có chỗ thiếu dấu "
                                    "phẩy giữa hai mục, hoặc một giá trị có dấu hai chấm chưa "
                                    "đặt trong dấu nháy",
                           f"ngăn các mục bằng dấu phẩy và một dấu cách, ví dụ {example}; giá "
                           "trị có dấu hai chấm thì đặt trong dấu nháy kép")
    missing = line.body.count(opening) - line.body.count(closing)
    if missing > 0 and line.structural:
        fixed = (line.body + closing * missing + line.comment).strip()
        expected = (f"đóng dấu {opening} bằng dấu {closing} trên cùng dòng; sửa dòng {number} "
                    f"thành: {fixed}")
    else:
        expected = (f"kiểm tra các dấu phẩy và dấu {closing} trong phần bắt đầu ở dòng "
                    f"{number}, ví dụ {example}")
    return Explanation(spot.mark, SYNTAX + f"thiếu dấu {closing} để đóng dấu {opening} {begun}",
                       expected)


def _unclosed_quote(spot: _Spot, line: Line, quote: str, where: str) -> Explanation:
    number, column = spot.context or (spot.line, spot.column)
    here = spot.source.line(spot.line)
    text = here.text if here is not None else ""
    backslash = text.rfind("\\", 0, spot.column + 1)
    if quote == '"' and spot.line == number and backslash >= max(spot.column - 1, 0):
        code = text[backslash: backslash + 2]
        return Explanation(Mark(spot.line, backslash + 1),
                           SYNTAX + "trong dấu nháy kép, dấu \\ bắt đầu một mã đặc biệt "
                                    f"(như \\n) nhưng '{code}' không phải mã nào",
                           "viết \\\\ nếu cần chính dấu \\, hoặc đặt giá trị trong dấu nháy đơn "
                           "' ' (trong đó dấu \\ là chữ thường)")
    return Explanation(Mark(number, column + 1),
                       SYNTAX + f"dấu nháy {quote} mở ở {where} chưa được đóng",
                       f"thêm dấu nháy {quote} ở cuối giá trị trên dòng {number}: "
                       f"{line.body.strip()}{quote}")


def _missing_dash(spot: _Spot) -> Explanation | None:
    for line in spot.structural():
        parent = spot.source.parent(line)
        members = [m for m, _ in spot.source.members(parent) if m is not parent]
        items = [m for m in members if m.item]
        others = [m for m in members if not m.item]
        if not items or not others:
            continue
        column = Counter(m.indent for m in items).most_common(1)[0][0]
        name = f" '{parent.key}'" if parent is not None and parent.key else ""
        first = members[0]
        if first.item or first.indent > column:
            starts = [m for i, m in enumerate(members)
                      if not m.item and (i == 0 or members[i - 1].item)]
            wrong = _nearest(starts, spot.line)
            like = _nearest(items, wrong.number)
            if wrong.body.startswith("-"):
                return Explanation(Mark(wrong.number, wrong.indent + 2),
                                   SYNTAX + f"dòng {wrong.number} là một mục của danh sách{name} "
                                            "nhưng sau dấu '-' thiếu dấu cách",
                                   "viết một dấu cách sau dấu '-'; sửa dòng "
                                   f"{wrong.number} thành: - {wrong.body[1:].lstrip()}")
            return Explanation(Mark(wrong.number, wrong.indent + 1),
                               SYNTAX + f"dòng {wrong.number} là một mục của danh sách{name} "
                                        "nhưng thiếu dấu '-' ở đầu",
                               "mỗi mục danh sách bắt đầu bằng dấu '-' và một dấu cách, dấu '-' "
                               f"thẳng hàng với dòng {like.number} ({spaces(column)} ở đầu "
                               f"dòng); sửa dòng {wrong.number} thành: - {wrong.body}")
        wrong = _nearest(items, spot.line)
        content = wrong.body[wrong.inner - wrong.indent:]
        fix = f"sửa dòng {wrong.number} thành: {content}" if content else f"xóa dòng {wrong.number}"
        return Explanation(Mark(wrong.number, wrong.indent + 1),
                           SYNTAX + f"dòng {wrong.number} bắt đầu bằng dấu '-' (mục danh sách) "
                                    f"nhưng các dòng cùng cấp trong{name or ' tệp'} là các "
                                    "trường 'tên: giá trị'",
                           f"xóa '- ' ở đầu dòng; {fix}")
    return None


def _missing_colon(spot: _Spot) -> Explanation | None:
    for line in spot.structural():
        found = _MISSING_COLON.fullmatch(line.value)
        if line.key is not None or found is None:
            continue
        siblings = spot.source.members(spot.source.parent(line))
        if not any(other.key is not None and column == line.inner
                   for other, column in siblings if other is not line):
            continue
        name, rest = found.group("name"), found.group("rest")
        prefix = line.text[line.indent: line.inner]
        fixed = (prefix + (f"{name}: {rest}" if rest else f"{name}:") + line.comment).strip()
        return Explanation(Mark(line.number, line.inner + len(name) + 1),
                           SYNTAX + f"thiếu dấu hai chấm sau tên trường '{name}'",
                           "viết dấu hai chấm ngay sau tên trường rồi một dấu cách; sửa dòng "
                           f"{line.number} thành: {fixed}")
    return None


def _indentation(spot: _Spot) -> Explanation | None:
    for line in spot.structural():
        parent = spot.source.parent(line)
        members = spot.source.members(parent)
        columns = Counter(column for _, column in members)
        if len(columns) < 2:
            continue
        if parent is None:
            standard = 0
        elif parent.item and parent.key is not None:
            standard = parent.inner
        else:
            standard = parent.indent + 2
        # The first key of "- key: value" or the top level's column settles it; elsewhere
        # the column most siblings use, then the usual two spaces deeper, then the first.
        decided = parent is None or (parent.item and parent.key is not None)
        order = list(columns)  # first seen first: YAML takes a block's column from its start
        best = standard if decided and standard in columns else max(
            columns, key=lambda c: (columns[c], c == standard, -order.index(c)))
        wrong = _nearest([m for m, c in members if c != best and m is not parent], spot.line)
        like = _nearest([m for m, c in members if c == best], wrong.number)
        expected = (f"kiểm tra thụt lề: bắt đầu dòng {wrong.number} bằng {spaces(best)}, thẳng "
                    f"hàng với dòng {like.number}")
        if parent is not None and parent.indent < wrong.indent < best and parent.key:
            expected += (f"; hoặc {spaces(parent.indent)} như dòng {parent.number} nếu dòng "
                         f"{wrong.number} không thuộc '{parent.key}'")
        return Explanation(Mark(wrong.number, wrong.indent + 1),
                           SYNTAX + f"dòng {wrong.number} thụt lề {spaces(wrong.indent)}, không "
                                    "thẳng hàng với các dòng cùng cấp "
                                    f"({spaces(best)}, như dòng {like.number})",
                           expected)
    return None


def _special_character(spot: _Spot) -> Explanation | None:
    places = [(spot.line, spot.column)]
    if spot.context is not None:
        places.append(spot.context)
    for number, column in places:
        line = spot.source.line(number)
        char = spot.source.char(number, column)
        if line is None or not char:
            continue
        if column == line.indent and line.text[column:].startswith(("---", "...")):
            return Explanation(Mark(number, column + 1),
                               SYNTAX + f"dòng {number} ('{line.text[column: column + 3]}') "
                                        "bắt đầu một tài liệu YAML thứ hai trong cùng tệp",
                               "mỗi tỉnh một tệp: xóa dòng này (và phần sau nó nếu là tỉnh "
                               "khác, đưa sang tệp riêng)")
        if char == "%" and column == 0:
            return Explanation(Mark(number, 1),
                               SYNTAX + f"dòng {number} bắt đầu bằng '%' là chỉ thị của YAML, "
                                        "không dùng trong tệp cấu hình",
                               "xóa dòng này; nếu '%' là chữ của một giá trị, đặt giá trị "
                               "trong dấu nháy kép")
        if char in "&*" and token_start(line.text, column, True):
            return _alias(spot, line, column)
        if char in "|>" and token_start(line.text, column, True):
            return _block_header(line, column)
        if char in "@`%!" and token_start(line.text, column, True):
            fixed = _quote_from(line, column)
            return Explanation(Mark(number, column + 1),
                               SYNTAX + f"giá trị không được bắt đầu bằng ký tự '{char}' (YAML "
                                        "dành riêng ký tự này)",
                               "đặt cả giá trị trong dấu nháy kép"
                               + (f"; sửa dòng {number} thành: {fixed}" if fixed else ""))
    return None


def _block_header(line: Line, column: int) -> Explanation:
    char = line.text[column]
    fixed = _quote_from(line, column)
    return Explanation(Mark(line.number, column + 1),
                       SYNTAX + f"sau dấu '{char}' (mở đầu một đoạn văn nhiều dòng) chỉ được viết "
                                "-, + hoặc một chữ số rồi xuống dòng",
                       f"nếu là đoạn văn nhiều dòng: viết '{char}-' rồi xuống dòng và thụt lề "
                       f"đoạn văn; nếu '{char}' là chữ của giá trị: đặt cả giá trị trong dấu "
                       "nháy kép" + (f"; sửa dòng {line.number} thành: {fixed}" if fixed else ""))


def _extra_closing(spot: _Spot) -> Explanation | None:
    line = spot.source.line(spot.line)
    char = spot.char
    if line is None or char not in ("]", "}"):
        return None
    opening = "[" if char == "]" else "{"
    before = line.text[: spot.column]
    if before.count(opening) > before.count(char):
        return None
    fixed = (line.text[line.indent: spot.column] + line.text[spot.column + 1:]).strip()
    return Explanation(spot.mark,
                       SYNTAX + f"dấu {char} thừa: không có dấu {opening} nào đang mở trước nó",
                       f"xóa dấu {char} ở cột {spot.column + 1}; sửa dòng {spot.line} thành: "
                       f"{fixed}")


def _text_after_quote(spot: _Spot) -> Explanation | None:
    """``name: "Sở" Lao động``: a quoted value with more text after its closing quote."""
    line = spot.source.line(spot.line)
    if line is None or not line.structural or line.value[:1] not in ("\"", "'"):
        return None
    quote, text = line.value[0], line.text
    index = line.value_column + 1
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            if quote == "'" and text[index + 1: index + 2] == "'":
                index += 2
                continue
            break
        index += 1
    if index >= spot.column or text[index + 1: spot.column].strip():
        return None
    end = line.indent + len(line.body)
    fixed = (text[line.indent: line.value_column] + quoted(text[line.value_column: end])
             + line.comment).strip()
    owner = f"giá trị của trường '{line.key}'" if line.key is not None else "giá trị"
    return Explanation(spot.mark,
                       SYNTAX + f"{owner} mở đầu bằng dấu nháy nhưng sau dấu nháy đóng ở cột "
                                f"{index + 1} vẫn còn chữ",
                       "nếu dấu nháy là chữ của giá trị, đặt cả giá trị trong cặp dấu nháy khác; "
                       f"sửa dòng {line.number} thành: {fixed}")


def _quote_from(line: Line, column: int) -> str | None:
    end = line.indent + len(line.body)
    if column >= end:
        return None
    return (line.text[line.indent: column] + quoted(line.text[column:end])
            + line.comment).strip()


def _alias(spot: _Spot, line: Line, column: int) -> Explanation:
    char = line.text[column]
    name_match = _ALIAS_NAME.match(line.text, column + 1)
    name = name_match.group() if name_match else ""
    fixed = _quote_from(line, column)
    quote_it = "đặt cả giá trị trong dấu nháy kép" + (
        f"; sửa dòng {line.number} thành: {fixed}" if fixed else "")
    earlier = [other for other in spot.source.lines[: line.number - 1]
               if name and f"&{name}" in other.text]
    if char == "&" and earlier:
        message = (f"tên bí danh &{name} được đặt hai lần (lần đầu ở dòng {earlier[0].number})")
    elif char == "*" and name and not earlier:
        message = f"bí danh *{name} chưa được đặt (&{name}) ở phía trên"
    else:
        message = f"dấu {char} ở đầu giá trị là ký hiệu bí danh của YAML"
    return Explanation(Mark(line.number, column + 1), SYNTAX + message,
                       "nếu dấu " + char + " là chữ thường: " + quote_it)


def _unreadable_character(source: SourceLines) -> Explanation | None:
    for line in source.lines:
        found = _UNREADABLE.search(line.text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            return Explanation(Mark(line.number, found.start() + 1),
                               f"tệp có ký tự điều khiển {code}, không phải chữ in được",
                               "xóa ký tự đó (thường lẫn vào khi dán văn bản từ trang web "
                               "hoặc từ tệp khác)")
    return None


_RECOGNISERS: list[Callable[[_Spot], Explanation | None]] = [
    _tab, _curly, _colon_in_value, _unclosed, _extra_closing, _text_after_quote,
    _special_character, _missing_dash, _missing_colon, _indentation,
]


# ---------------------------------------------------------------------------------------------
# The last resort: PyYAML's class and wording, mapped to Vietnamese
# ---------------------------------------------------------------------------------------------


BY_PROBLEM: list[tuple[type[yaml.MarkedYAMLError], str, str, str]] = [
    # (error class, pattern in PyYAML's context and problem, message, what to do)
    (yaml.scanner.ScannerError, r"nesting depth", "tệp lồng nhau quá sâu",
     "cấu trúc phẳng, ít tầng danh sách và bảng lồng nhau"),
    (yaml.scanner.ScannerError, r"\btab", "có dấu Tab ở chỗ YAML cần dấu cách",
     "không dùng Tab: thay mọi dấu Tab bằng dấu cách"),
    (yaml.scanner.ScannerError, r"mapping values",
     "có dấu hai chấm và dấu cách (': ') ở chỗ không được bắt đầu một trường mới",
     "nếu dấu hai chấm thuộc giá trị, đặt cả giá trị trong dấu nháy kép; nếu là trường mới, "
     "kiểm tra thụt lề"),
    (yaml.scanner.ScannerError, r"sequence entries",
     "dấu '-' (mục danh sách) đứng ở chỗ không được bắt đầu danh sách",
     "kiểm tra thụt lề của dòng này; nếu '-' là chữ, đặt giá trị trong dấu nháy kép"),
    (yaml.scanner.ScannerError, r"simple key|expected ':'",
     "thiếu dấu hai chấm sau tên trường", "viết 'tên_trường: giá trị' (dấu hai chấm rồi "
     "một dấu cách)"),
    (yaml.scanner.ScannerError, r"escape",
     "trong dấu nháy kép có mã bắt đầu bằng \\ không hợp lệ",
     "viết \\\\ nếu cần chính dấu \\, hoặc dùng dấu nháy đơn ' '"),
    (yaml.scanner.ScannerError, r"quoted scalar|end of stream",
     "có dấu nháy chưa được đóng", "thêm dấu nháy đóng ở cuối giá trị"),
    (yaml.scanner.ScannerError, r"anchor|alias",
     "dấu & hoặc * ở đầu giá trị là ký hiệu bí danh của YAML",
     "nếu là chữ thường, đặt cả giá trị trong dấu nháy kép"),
    (yaml.scanner.ScannerError, r"block scalar|chomping|indentation indicator",
     "sau dấu | hoặc > (đoạn văn nhiều dòng) chỉ được viết -, + hoặc một chữ số",
     "viết '>-' rồi xuống dòng và thụt lề đoạn văn; nếu là chữ, đặt trong dấu nháy kép"),
    (yaml.scanner.ScannerError, r"directive",
     "dòng bắt đầu bằng '%' là chỉ thị của YAML, không dùng trong tệp cấu hình",
     "xóa dòng đó"),
    (yaml.scanner.ScannerError, r"\btag\b|uri",
     "kiểu dữ liệu viết sau dấu '!' không đọc được",
     "xóa phần '!...'; nếu là chữ, đặt giá trị trong dấu nháy kép"),
    (yaml.scanner.ScannerError, r"document separator",
     "dòng '---' hoặc '...' nằm giữa một giá trị",
     "đặt giá trị trong dấu nháy kép hoặc xóa dòng đó"),
    (yaml.scanner.ScannerError, r"cannot start any token",
     "ký tự ở vị trí này không được đứng đầu một giá trị", "đặt cả giá trị trong dấu nháy kép"),
    (yaml.parser.ParserError, r"',' or '[\]}]'",
     "thiếu dấu phẩy giữa hai mục, hoặc thiếu dấu ] hay } đóng",
     "ngăn các mục bằng dấu phẩy, đóng [ bằng ] và { bằng }"),
    (yaml.parser.ParserError, r"block end|expected key|'-' indicator|node content|block",
     "thụt lề không khớp với các dòng xung quanh", CHECK),
    (yaml.parser.ParserError, r"directive|incompatible|tag handle|document",
     "chỉ thị YAML (dòng bắt đầu bằng '%') hoặc dòng '---' không đúng chỗ",
     "xóa các dòng bắt đầu bằng '%' và '---'"),
    (yaml.composer.ComposerError, r"undefined alias",
     "bí danh *... chưa được đặt ở phía trên",
     "nếu dấu * là chữ thường, đặt cả giá trị trong dấu nháy kép"),
    (yaml.composer.ComposerError, r"anchor",
     "một tên bí danh &... được đặt hai lần", "đổi tên một trong hai, hoặc không dùng bí danh"),
    (yaml.composer.ComposerError, r"document",
     "tệp chứa nhiều hơn một tài liệu YAML (có dòng '---')",
     "mỗi tỉnh một tệp: xóa dòng '---' và phần sau nó, hoặc tách thành tệp riêng"),
    (yaml.constructor.ConstructorError, r"",
     "giá trị không đọc được thành kiểu dữ liệu của nó", "đặt giá trị trong dấu nháy kép"),
]


def by_class(error: yaml.YAMLError, mark: Mark | None) -> Explanation:
    """The Vietnamese sentence for PyYAML's class and wording; generic when unknown."""
    if isinstance(error, yaml.MarkedYAMLError):
        said = f"{error.context or ''} {error.problem or ''}".lower()
        for kind, pattern, message, expected in BY_PROBLEM:
            if isinstance(error, kind) and re.search(pattern, said):
                return Explanation(mark, SYNTAX + message, expected)
    return _generic(mark)


def _generic(mark: Mark | None) -> Explanation:
    where = f" ở dòng {mark.line}, cột {mark.column}" if mark else ""
    return Explanation(mark, SYNTAX + f"không đọc được tệp từ vị trí này{where}",
                       CHECK + " ở dòng đó và các dòng ngay trên nó")
