"""The YAML mistakes people make in a province file, each told in Vietnamese with its fix.

Issue 10: no English parser text may reach a user. Each test copies the Long An sample,
injects one mistake people really make (a Tab, a missing colon, a wrong indentation, a
list item without its dash, 8,5 unquoted in braces, a colon inside a value, Word's curly
quotes, a UTF-16 file) and runs vanban on it. The run must exit 2 and write nothing; the
message must be Vietnamese, point at the line and column of the mistake, and say what to
write instead; not one word of PyYAML's English may show. Then the fix the message gives
is applied to the file as a user would, and the file must validate: a message whose fix
does not work fails here.

The mistakes are recognised from the text, not from PyYAML's wording, so each runs three
times: with libyaml's parser, with PyYAML's Python parser (their English differs), and with
libyaml's errors reworded to nonsense, standing in for a PyYAML release that words them
differently. The message must be the same in all three.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator
from generator.commands.main import main
from generator.config import yaml_source, yaml_syntax
from generator.domain.errors import ConfigError

ROOT = Path(generator.__file__).resolve().parent.parent
# A frozen copy of the Long An sample (see tests/fixtures/README.md): the expected messages
# name its lines, so edits to the shipped sample must not move them.
SAMPLE_TEXT = (ROOT / "tests" / "fixtures" / "yaml-mistakes" / "long-an.yaml").read_text(
    encoding="utf-8")
EXIT_INVALID = 2

# Words of PyYAML's and libyaml's messages; none may reach a user.
ENGLISH = re.compile(
    r"\b(mapping|scanner|scanning|parser|parsing|expected|found|while|could|not|allowed|"
    r"here|context|token|character|block|indentation|indicator|document|alias|anchor|"
    r"nesting|depth|exceeded|simple|key|sequence|stream|scalar|flow|unexpected|unknown|"
    r"escape|directive|but|got|did|find|cannot|start|end|line|column)\b",
    re.IGNORECASE,
)
# Letters only Vietnamese uses among the scripts a message could be in.
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_HEADER = re.compile(r"^(?P<where>\S.*?): lỗi: trường '(?P<field>[^']*)': (?P<message>.*)$")


# ---------------------------------------------------------------------------------------------
# Helpers: inject a mistake, run vanban, read its one message back
# ---------------------------------------------------------------------------------------------


class Reworded(yaml_source._LOADER):  # type: ignore[misc,valid-type]
    """libyaml (or the Python parser) with every error's English replaced by nonsense:
    what a PyYAML release that rewords its messages would look like to vanban."""

    def get_single_node(self) -> Any:
        try:
            return super().get_single_node()
        except yaml.MarkedYAMLError as exc:
            exc.context = "qwxz vrrk" if exc.context else None
            exc.problem = "zzkq plorf"
            raise


PARSERS = {
    "libyaml": getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    "python": yaml.SafeLoader,
    "reworded": Reworded,
}


@pytest.fixture(params=list(PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(yaml_source, "_LOADER", PARSERS[request.param])
    return str(request.param)


def inject(old: str, new: str) -> str:
    """The sample with ``old`` (found exactly once) replaced by ``new``."""
    assert SAMPLE_TEXT.count(old) == 1, f"{old!r} occurs {SAMPLE_TEXT.count(old)} times"
    return SAMPLE_TEXT.replace(old, new)


def locate(text: str, line_has: str, at: str) -> tuple[int, int]:
    """1-based line and column of ``at`` in the only line holding ``line_has``."""
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines) if line_has in line]
    assert len(hits) == 1, f"{line_has!r} is on {len(hits)} lines"
    column = lines[hits[0]].index(at)
    return hits[0] + 1, column + 1


@dataclass
class Message:
    """vanban's one error: where, field, message, 'gặp:' and 'cần:'."""

    where: str
    field: str
    message: str
    found: str | None
    expected: str


def read_message(stderr: str, path: Path) -> Message:
    """The only error printed, checked against the shape every refusal must have."""
    headers = [m for m in map(_HEADER.match, stderr.splitlines()) if m]
    assert len(headers) == 1, stderr
    # Warnings (sample values, …) may be printed too: read 'gặp:'/'cần:' of the error's block.
    block = stderr[stderr.index(headers[0][0]):]
    block = block.split("\n")[0] + "\n" + "\n".join(
        itertools.takewhile(lambda line: line.startswith("  "), block.split("\n")[1:]))
    found = re.search(r"^  gặp: (.*)$", block, re.MULTILINE)
    expected = re.search(r"^  cần: (.*)$", block, re.MULTILINE)
    assert expected is not None, stderr
    assert "Traceback" not in stderr
    assert "Có 1 lỗi cấu hình; chưa ghi tệp nào." in stderr
    words = stderr.replace(str(path), "")
    assert not ENGLISH.search(words), f"English in the message: {ENGLISH.search(words)}\n{stderr}"
    assert VIETNAMESE.search(headers[0]["message"]) and VIETNAMESE.search(expected[1])
    assert unicodedata.is_normalized("NFC", stderr)
    return Message(headers[0]["where"], headers[0]["field"], headers[0]["message"],
                   found[1] if found else None, expected[1])


def refuse(folder: Path, content: str | bytes, capsys: pytest.CaptureFixture[str]) -> Message:
    """Write the province file, build it in-process; it must be refused with nothing written."""
    path = folder / "long-an.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = folder / "out"
    capsys.readouterr()
    code = main(["build", str(path), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code == EXIT_INVALID, stderr
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*")), stderr
    return read_message(stderr, path)


def follow(text: str, message: Message) -> str:
    """The file after the user does what 'cần:' says, read literally."""
    lines = text.split("\n")
    fix = message.expected
    if rewrite := re.search(r"sửa dòng (\d+) thành: (.*)$", fix):
        number = int(rewrite[1])
        old = lines[number - 1]
        stated = re.search(r"\((\d+) dấu cách ở đầu dòng\)", fix)
        indent = int(stated[1]) if stated else len(old) - len(old.lstrip(" "))
        lines[number - 1] = " " * indent + rewrite[2]
    elif respace := re.search(r"dòng (\d+) bằng (\d+) dấu cách", fix):
        number = int(respace[1])
        lines[number - 1] = " " * int(respace[2]) + lines[number - 1].lstrip(" \t")
    elif quote := re.match(r'viết "([^"]+)"', fix):
        line, column = map(int, message.where.rsplit(":", 2)[1:])
        old = lines[line - 1]
        assert old[column - 1:].startswith(quote[1]), (old, message)
        lines[line - 1] = old[: column - 1] + f'"{quote[1]}"' + old[column - 1 + len(quote[1]):]
    else:
        raise AssertionError(f"no fix to follow in: {fix}")
    return "\n".join(lines)


def validates(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "fixed.yaml"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"{path}: hợp lệ" in captured.out


@dataclass
class Mistake:
    """One injected mistake and what its message must say."""

    old: str
    new: str
    line_has: str  # the line the message must point at, in the changed text
    at: str  # ... and the column: where this text starts on that line
    message: str
    expected: tuple[str, ...]
    field: str = "(tệp)"


def check(mistake: Mistake, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Message:
    """Refused at the right place with the right words, and the stated fix works."""
    text = inject(mistake.old, mistake.new)
    message = refuse(tmp_path, text, capsys)
    line, column = locate(text, mistake.line_has, mistake.at)
    assert message.where == f"{tmp_path / 'long-an.yaml'}:{line}:{column}", message
    assert message.field == mistake.field
    assert mistake.message in message.message, message
    for fragment in mistake.expected:
        assert fragment in message.expected, message
    validates(tmp_path, follow(text, message), capsys)
    return message


# ---------------------------------------------------------------------------------------------
# 1. A Tab used for indentation
# ---------------------------------------------------------------------------------------------


def test_tab_indentation(tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str) -> None:
    check(Mistake("\n  place: Long An", "\n\tplace: Long An", "\tplace:", "\t",
                  "YAML sai cú pháp: dòng 7 thụt lề bằng phím Tab; YAML chỉ chấp nhận dấu cách",
                  ("không dùng Tab", "thay phần thụt lề ở đầu dòng 7 bằng 2 dấu cách",
                   "(như dòng 6)")),
          tmp_path, capsys)


def test_tab_after_spaces_in_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """Spaces then a Tab, in front of a list item: the Tab is pointed at, not the line."""
    check(Mistake("\n  - id: tu-phap", "\n \t- id: tu-phap", "- id: tu-phap", "\t",
                  "thụt lề bằng phím Tab", ("không dùng Tab",)),
          tmp_path, capsys)


# ---------------------------------------------------------------------------------------------
# 2. A missing colon after a key
# ---------------------------------------------------------------------------------------------


def test_missing_colon(tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str) -> None:
    message = check(Mistake("\n  name: Long An", "\n  name Long An", "  name Long An", " Long",
                            "YAML sai cú pháp: thiếu dấu hai chấm sau tên trường 'name'",
                            ("sửa dòng 6 thành: name: Long An",)),
                    tmp_path, capsys)
    assert message.found is None


def test_missing_colon_on_the_last_key_of_a_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """PyYAML stops lines later (at 'terms:'); the message still names the line at fault."""
    check(Mistake("\n  variant: north", "\n  variant north", "  variant north", " north",
                  "thiếu dấu hai chấm sau tên trường 'variant'",
                  ("sửa dòng 8 thành: variant: north",)),
          tmp_path, capsys)


# ---------------------------------------------------------------------------------------------
# 3. Wrong indentation, and a list item missing its dash
# ---------------------------------------------------------------------------------------------


def test_three_spaces_among_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    check(Mistake("\n  place: Long An", "\n   place: Long An", "   place: Long An", "place",
                  "YAML sai cú pháp: dòng 7 thụt lề 3 dấu cách, không thẳng hàng với các dòng "
                  "cùng cấp (2 dấu cách, như dòng 6)",
                  ("kiểm tra thụt lề: bắt đầu dòng 7 bằng 2 dấu cách, thẳng hàng với dòng 6",)),
          tmp_path, capsys)


def test_three_spaces_on_the_first_of_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """PyYAML stops at the next line, which is right; the first line is the one at fault."""
    check(Mistake("\n  name: Long An", "\n   name: Long An", "   name: Long An", "name",
                  "dòng 6 thụt lề 3 dấu cách", ("bắt đầu dòng 6 bằng 2 dấu cách",)),
          tmp_path, capsys)


def test_three_spaces_among_four(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """Between the siblings (4) and the parent (2): both readings are offered."""
    check(Mistake("\n    abbreviation: UBND ", "\n   abbreviation: UBND ", "abbreviation: UBND ",
                  "abbreviation",
                  "dòng 20 thụt lề 3 dấu cách, không thẳng hàng với các dòng cùng cấp "
                  "(4 dấu cách, như dòng 19)",
                  ("bắt đầu dòng 20 bằng 4 dấu cách", "hoặc 2 dấu cách như dòng 18 nếu dòng 20 "
                                                      "không thuộc 'ubnd'")),
          tmp_path, capsys)


def test_four_spaces_among_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    check(Mistake("\n  place: Long An", "\n    place: Long An", "    place: Long An", "place",
                  "dòng 7 thụt lề 4 dấu cách", ("bắt đầu dòng 7 bằng 2 dấu cách",)),
          tmp_path, capsys)


@pytest.mark.parametrize(
    "old,new,line_has,at,number,like",
    [
        # the first department: the dash removed, its keys left where they were
        ("\n  - id: ldtbxh", "\n    id: ldtbxh", "id: ldtbxh", "id", 108, 134),
        # a later department: the dash deleted in place
        ("\n  - id: tu-phap", "\n  id: tu-phap", "id: tu-phap", "id", 134, 108),
        # a task written on one line
        ("\n      - Hướng dẫn, thực hiện", "\n      Hướng dẫn, thực hiện", "Hướng dẫn, thực hiện",
         "Hướng", 142, 139),
    ],
    ids=["first-department", "later-department", "one-line-task"],
)
def test_list_item_without_its_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str,
    old: str, new: str, line_has: str, at: str, number: int, like: int,
) -> None:
    check(Mistake(old, new, line_has, at,
                  f"YAML sai cú pháp: dòng {number} là một mục của danh sách",
                  ("mỗi mục danh sách bắt đầu bằng dấu '-' và một dấu cách",
                   f"thẳng hàng với dòng {like}", f"sửa dòng {number} thành: - ")),
          tmp_path, capsys)


def test_list_item_without_the_space_after_its_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """"-Hướng dẫn" is text to YAML, not an item: the fix is the space, not another dash."""
    check(Mistake("\n      - Hướng dẫn, thực hiện", "\n      -Hướng dẫn, thực hiện",
                  "-Hướng dẫn, thực hiện", "Hướng",
                  "dòng 142 là một mục của danh sách 'tasks' nhưng sau dấu '-' thiếu dấu cách",
                  ("viết một dấu cách sau dấu '-'; sửa dòng 142 thành: - Hướng dẫn, thực hiện",)),
          tmp_path, capsys)


def test_first_list_item_without_its_dash_is_not_read_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """YAML itself accepts this: it joins the first item and the next into one sentence,
    and the department would have one garbled task. vanban refuses it."""
    message = check(Mistake("    tasks:\n      - \"{lead}.\"\n      - >-\n        Truyền thông",
                            "    tasks:\n        Phổ biến pháp luật về trẻ em.\n      - \"{lead}.\""
                            "\n      - >-\n        Truyền thông",
                            "Phổ biến pháp luật về trẻ em.", "Phổ",
                            "dòng 138 là mục đầu của một danh sách nhưng thiếu dấu '-', nên YAML "
                            "nối nó với dòng 139 thành một đoạn chữ",
                            ("(6 dấu cách ở đầu dòng); sửa dòng 138 thành: - Phổ biến pháp luật "
                             "về trẻ em.",),
                            field="departments[2].tasks"),
                    tmp_path, capsys)
    assert message.found is None


# ---------------------------------------------------------------------------------------------
# 4. 8,5 without quotes
# ---------------------------------------------------------------------------------------------


def test_decimal_comma_without_quotes_in_braces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """In { } YAML splits 8,5 at the comma: 8, and a key '5' with no value, which used to be
    reported as "trường '5' không có trong cấu hình". The fix is the quoted form the sample
    uses ("9,5"); 8.5 is also accepted."""
    text = inject("\n    a: {2025: 9, 2030: 6}", "\n    a: {2025: 8,5, 2030: 6}")
    message = check(Mistake("\n    a: {2025: 9, 2030: 6}", "\n    a: {2025: 8,5, 2030: 6}",
                            "{2025: 8,5", "8,5",
                            "số thập phân 8,5 viết không có dấu nháy: trong cặp dấu { } YAML coi "
                            "dấu phẩy là dấu ngăn cách, nên đọc thành số 8 và một trường '5'",
                            ('viết "8,5" (trong dấu nháy kép, dấu phẩy thập phân)',
                             "hoặc 8.5 (dấu chấm, không dấu nháy)"),
                            field="targets.4.a.2025"),
                    tmp_path, capsys)
    assert message.found == "8,5"
    assert "không có trong cấu hình" not in message.message
    validates(tmp_path, text.replace("{2025: 8,5,", "{2025: 8.5,"), capsys)


# ---------------------------------------------------------------------------------------------
# 5. A colon inside an unquoted value
# ---------------------------------------------------------------------------------------------


def test_colon_inside_a_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    check(Mistake("\n  place: Long An", "\n  place: Địa chỉ: số 1 Long An", "Địa chỉ: số 1",
                  ": số 1",
                  "YAML sai cú pháp: giá trị của trường 'place' có dấu hai chấm và dấu cách "
                  "(': ') mà không nằm trong dấu nháy, nên YAML hiểu nhầm là bắt đầu một trường "
                  "mới",
                  ('đặt cả giá trị trong dấu nháy kép; sửa dòng 7 thành: place: "Địa chỉ: số 1 '
                   'Long An"',)),
          tmp_path, capsys)


def test_colon_inside_a_list_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """A task "Nội dung: ...": YAML reads "Nội dung" as a key; the whole item gets quoted."""
    old = "\n      - Hướng dẫn, thực hiện và phát triển mô hình"
    check(Mistake(old, "\n      - Nội dung: hướng dẫn: thực hiện và phát triển mô hình",
                  "Nội dung: hướng dẫn", ": thực hiện",
                  "mục danh sách ở dòng 142 có dấu hai chấm",
                  ('sửa dòng 142 thành: - "Nội dung: hướng dẫn: thực hiện và phát triển mô '
                   'hình',)),
          tmp_path, capsys)


# ---------------------------------------------------------------------------------------------
# 6. Word's curly quotes used as YAML quotes
# ---------------------------------------------------------------------------------------------

CURLY_FIX = 'thay bằng dấu nháy thẳng " " gõ từ bàn phím'


def test_curly_quotes_around_a_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """YAML accepts “Long An” as text, curly quotes included: the province would be named
    with them on every document."""
    message = check(Mistake("\n  place: Long An", "\n  place: “Long An”", "“Long An”", "“",
                            "dấu nháy cong “…” (Word tự đổi từ dấu nháy thẳng) không phải dấu "
                            "nháy của YAML",
                            (CURLY_FIX, 'sửa dòng 7 thành: place: "Long An"'),
                            field="province.place"),
                    tmp_path, capsys)
    assert message.found == "“Long An”"


def test_curly_quotes_around_a_decimal_in_braces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """In { } the comma splits “9,5” into “9 and a key 5”: one message, not three."""
    check(Mistake('\n    a: {2025: "9,5", 2030: 9}', "\n    a: {2025: “9,5”, 2030: 9}", "“9,5”",
                  "“", "dấu nháy cong “…”",
                  (CURLY_FIX, 'sửa dòng 46 thành: a: {2025: "9,5", 2030: 9}'),
                  field="targets.3.a.2025"),
          tmp_path, capsys)


def test_curly_single_quotes_around_a_value_with_a_colon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """‘…’ around a value holding ': ': a syntax error, still explained as the quotes."""
    check(Mistake("\n  place: Long An", "\n  place: ‘Long An: tỉnh’", "‘Long An", "‘",
                  "YAML sai cú pháp: dấu nháy cong ‘…’",
                  (CURLY_FIX, 'sửa dòng 7 thành: place: "Long An: tỉnh"')),
          tmp_path, capsys)


def test_curly_quotes_around_a_list_item_with_a_colon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parser: str
) -> None:
    """YAML accepts - “Nội dung: …” as a table of one key “Nội dung and a value …”: one
    message about the quotes, not a second one about a task that is not text."""
    old = ("\n      - Hướng dẫn, thực hiện và phát triển mô hình về cung cấp dịch vụ nuôi con "
           "nuôi trong nước.")
    check(Mistake(old, "\n      - “Nội dung: hướng dẫn và phát triển mô hình”",
                  "Nội dung: hướng dẫn", "“", "dấu nháy cong “…”",
                  (CURLY_FIX, 'sửa dòng 142 thành: - "Nội dung: hướng dẫn và phát triển mô hình"'),
                  field="departments[2].tasks[3]"),
          tmp_path, capsys)


def test_curly_quotes_inside_a_sentence_are_text(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Quotes inside a sentence are the document's own punctuation and stay."""
    old = "\n      - Hướng dẫn, thực hiện và phát triển mô hình"
    validates(tmp_path, inject(old, "\n      - “Hướng dẫn” thực hiện và phát triển mô hình"),
              capsys)


# ---------------------------------------------------------------------------------------------
# 7. A UTF-16 file
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "codec", ["utf-16-le", "utf-16-be", "utf-16"], ids=["le-no-bom", "be-no-bom", "with-bom"]
)
def test_utf16_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str) -> None:
    """Notepad's "Unicode" is UTF-16; without a BOM the Vietnamese letters (no NUL byte)
    used to make it look like a binary file. The whole file is at fault: no line."""
    message = refuse(tmp_path, SAMPLE_TEXT.encode(codec), capsys)
    assert message.where == str(tmp_path / "long-an.yaml")
    assert message.message.startswith("tệp được lưu bằng mã UTF-16")
    assert "lưu lại tệp với bảng mã UTF-8" in message.expected
    validates(tmp_path, SAMPLE_TEXT.encode(codec).decode(codec), capsys)


# ---------------------------------------------------------------------------------------------
# The real command, in its own process
# ---------------------------------------------------------------------------------------------


REAL_PROCESS = {
    # name: (old, new, the line the message is about, where on it)
    "tab": ("\n  place: Long An", "\n\tplace: Long An", "\tplace", "\t"),
    "missing-colon": ("\n  name: Long An", "\n  name Long An", "name Long An", " Long"),
    "indentation": ("\n  place: Long An", "\n   place: Long An", "   place", "place"),
    "missing-dash": ("\n  - id: tu-phap", "\n  id: tu-phap", "id: tu-phap", "id"),
    "decimal-comma": ("\n    a: {2025: 9, 2030: 6}", "\n    a: {2025: 8,5, 2030: 6}", "{2025: 8,5",
                      "8,5"),
    "colon-in-value": ("\n  place: Long An", "\n  place: Địa chỉ: số 1 Long An", "Địa chỉ",
                       ": số"),
    "curly-quotes": ("\n  place: Long An", "\n  place: “Long An”", "“Long An”", "“"),
}


@pytest.mark.parametrize("old,new,line_has,at", list(REAL_PROCESS.values()),
                         ids=list(REAL_PROCESS))
def test_real_validate_command(tmp_path: Path, old: str, new: str, line_has: str,
                               at: str) -> None:
    """``python -m generator validate``: exit 2, the message on standard error, nothing else
    in the folder."""
    path = tmp_path / "long-an.yaml"
    text = inject(old, new)
    path.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path)],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == EXIT_INVALID, stderr
    assert done.stdout == b""
    message = read_message(stderr, path)
    line, column = locate(text, line_has, at)
    assert message.where == f"{path}:{line}:{column}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long-an.yaml"]


# ---------------------------------------------------------------------------------------------
# Any other YAML error: always Vietnamese
# ---------------------------------------------------------------------------------------------


BROKEN = {
    "two-documents": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 2.0\n---\na: 1\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "undefined-alias": "a: *nope\n",
    "anchor-without-name": "a: & 1\n",
    "alias-as-text": "a: * 5\n",
    "unclosed-double-quote": 'a: "abc\nb: 1\n',
    "unclosed-single-quote": "a: 'abc\nb: 1\n",
    "unknown-escape": 'a: "ab\\qc"\n',
    "reserved-at": "a: @x\n",
    "reserved-backtick": "a: `x\n",
    "percent-value": "a: %50\n",
    "block-header": "a: |x\n  b\n",
    "unclosed-bracket": "a: [1, 2\nb: 3\n",
    "extra-bracket": "a: [1, 2]]\n",
    "missing-comma-in-braces": "a: {b: 1 c: 2}\n",
    "colon-in-brackets": "a: [x: y: z]\n",
    "text-after-quote": 'a: "abc" def\n',
    "key-under-a-value": "a: b\n  c: d\n",
    "control-character": "a: b\x07c\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n",
    "deep-flow": "a: " + "{a: " * 200 + "1" + "}" * 200 + "\n",
    "dash-after-value": "a:\n  - x\n  y: 1\n",
    "tab-in-flow": "a: [1,\t2]\nb:\t3\n",
}


@pytest.mark.parametrize("content", list(BROKEN.values()), ids=list(BROKEN))
def test_any_yaml_error_is_told_in_vietnamese(tmp_path: Path, parser: str, content: str) -> None:
    """Whatever the mistake and the parser, one Vietnamese message with a position."""
    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    try:
        yaml_source.load(path)
    except ConfigError as exc:
        problems = exc.problems
    else:
        pytest.skip("this parser accepts it")  # tab-in-flow: libyaml reads a Tab after ':'
    assert len(problems) == 1
    (problem,) = problems
    text = problem.format().replace(str(path), "")
    assert problem.mark is not None, text
    assert not ENGLISH.search(text), f"{ENGLISH.search(text)}: {text}"
    assert VIETNAMESE.search(problem.message) and problem.expected
    assert VIETNAMESE.search(problem.expected)


# Wordings PyYAML and libyaml use for each entry of the class table (the fallback when the
# text around the error says nothing recognisable).
WORDINGS = {
    r"nesting depth": "exceeded maximum nesting depth",
    r"\btab": "found a tab character where an indentation space is expected",
    r"mapping values": "mapping values are not allowed here",
    r"sequence entries": "block sequence entries are not allowed here",
    r"simple key|expected ':'": "could not find expected ':'",
    r"escape": "found unknown escape character 'q'",
    r"quoted scalar|end of stream": "found unexpected end of stream",
    r"anchor|alias": "expected alphabetic or numeric character, but found ' '",
    r"block scalar|chomping|indentation indicator":
        "expected chomping or indentation indicators, but found 'x'",
    r"directive": "found unknown directive name",
    r"\btag\b|uri": "expected URI, but found ' '",
    r"document separator": "found unexpected document separator",
    r"cannot start any token": "found character '@' that cannot start any token",
    r"',' or '[\]}]'": "expected ',' or ']', but got ':'",
    r"block end|expected key|'-' indicator|node content|block": "did not find expected key",
    r"directive|incompatible|tag handle|document": "found incompatible YAML document",
    r"undefined alias": "found undefined alias 'x'",
    r"anchor": "found duplicate anchor 'x'; first occurrence",
    r"document": "but found another document",
    r"": "could not determine a constructor for the tag '!x'",
}
CONTEXTS = {
    r"anchor|alias": "while scanning an anchor",
    r"block scalar|chomping|indentation indicator": "while scanning a block scalar",
    r"directive": "while scanning a directive",
    r"\btag\b|uri": "while parsing a tag",
}


@pytest.mark.parametrize("entry", yaml_syntax.BY_PROBLEM, ids=[e[1] or "any" for e in
                                                               yaml_syntax.BY_PROBLEM])
def test_every_mapped_pyyaml_error_is_vietnamese(entry: tuple[Any, str, str, str]) -> None:
    """Each entry of the class table: the PyYAML error it stands for gets its Vietnamese
    sentence, at the error's position, with no English."""
    kind, pattern, message, expected = entry
    mark = yaml.Mark("t.yaml", 0, 2, 4, None, None)
    error = kind(CONTEXTS.get(pattern), mark, WORDINGS[pattern], mark)
    told = yaml_syntax.by_class(error, yaml_syntax.Mark(3, 5))
    assert told.message == yaml_syntax.SYNTAX + message
    assert told.expected == expected and told.mark == yaml_syntax.Mark(3, 5)
    assert not ENGLISH.search(told.message + told.expected)
    assert VIETNAMESE.search(told.message) and VIETNAMESE.search(told.expected)


@pytest.mark.parametrize(
    "error",
    [
        yaml.YAMLError("something new"),
        yaml.MarkedYAMLError("while doing something new", None, "it broke", None),
        yaml.scanner.ScannerError(None, None, "a wording no PyYAML has today",
                                  yaml.Mark("t.yaml", 5, 1, 0, None, None)),
        yaml.reader.ReaderError("t.yaml", 3, 7, "utf-8", "special characters are not allowed"),
    ],
    ids=["base", "marked-unknown", "scanner-unknown", "reader"],
)
def test_unknown_pyyaml_error_gets_a_generic_vietnamese_message(error: yaml.YAMLError) -> None:
    told = yaml_syntax.explain("a: 1\nb: 2\n", error, yaml_source.MAX_DEPTH)
    assert told.message.startswith(yaml_syntax.SYNTAX + "không đọc được tệp từ vị trí này")
    assert "dùng dấu cách, không dùng Tab" in told.expected
    assert not ENGLISH.search(told.message + told.expected)
