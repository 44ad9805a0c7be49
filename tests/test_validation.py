"""Validation before anything is written: every mistake a user can make in a province file.

The issue asks that each error name the file, line and column, the field, what was found
and what is expected, in Vietnamese; that the command exit with status 2, with no
traceback and no output file; and that a doubtful value (a 2030 target weaker than 2025)
warn without failing. Each test copies the Long An sample into a temporary folder,
changes one thing with an exact string replacement, runs ``vanban`` in-process and reads
its messages back. The expected line and column are computed from the changed text, so a
message that points at the wrong place fails even when its wording is right.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import generator
from generator.commands.main import main

ROOT = Path(generator.__file__).resolve().parent.parent
SAMPLE = ROOT / "provinces" / "long-an.yaml"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
EXIT_INVALID = 2

_HEADER = re.compile(
    r"^(?P<where>\S.*?): (?P<kind>lỗi|cảnh báo): trường '(?P<field>[^']*)': "
    r"(?P<message>.*)$"
)
_SUMMARY = re.compile(r"^Có \d+ lỗi cấu hình; chưa ghi tệp nào\.$")


# ---------------------------------------------------------------------------------------------
# Helpers: change the sample, run vanban, read its messages back
# ---------------------------------------------------------------------------------------------


# The sample's plan document: a change meant for it is made after this line, so more
# documents in the sample (same keys, same values) do not make the change ambiguous.
KE_HOACH = "\n  ke-hoach:\n"


def _split(text: str, after: str | None) -> int:
    """Where the part of ``text`` a change may touch begins: after the only ``after``."""
    if after is None:
        return 0
    assert text.count(after) == 1, f"{after!r} occurs {text.count(after)} times in the sample"
    return text.index(after) + len(after)


def replace_once(
    text: str, old: str, new: str, *, regex: bool = False, after: str | None = None
) -> str:
    """Replace exactly one occurrence (with ``after``: the first one after that marker); a
    mutation that misses, or also hits a comment quoting the same text, would silently
    test the unchanged sample."""
    start = _split(text, after)
    head, tail = text[:start], text[start:]
    pattern = old if regex else re.escape(old)
    count = len(re.findall(pattern, tail))
    assert count == 1 or (after is not None and count > 1), (
        f"{old!r} occurs {count} times in the sample; the mutation must be exact"
    )
    return head + re.sub(pattern, lambda _: new, tail, count=1)


def position(text: str, line_has: str, at: str, after: str | None = None) -> tuple[int, int]:
    """Line and column, 1-based as editors show them, of ``at`` in the only line holding
    ``line_has`` (with ``after``: the first one after that marker): where a message about
    that value must point. Comment lines (the sample quotes examples) are not candidates."""
    first = text[: _split(text, after)].count("\n")
    lines = text.splitlines()
    hits = [
        i
        for i, line in enumerate(lines)
        if i >= first and line_has in line and not line.lstrip().startswith("#")
    ]
    assert len(hits) == 1 or (after is not None and hits), (
        f"{line_has!r} is on {len(hits)} lines of the changed file"
    )
    column = lines[hits[0]].find(at)
    assert column >= 0, f"{at!r} is not in line {hits[0] + 1}: {lines[hits[0]]!r}"
    return hits[0] + 1, column + 1


@dataclass
class Reported:
    """One message of vanban as printed: header line, then its 'gặp:' and 'cần:' lines."""

    where: str
    kind: str
    field: str
    message: str
    found: str | None = None
    expected: str | None = None


def parse(stderr: str) -> list[Reported]:
    """The problems in vanban's standard error, in order; continuation lines of a multi-line
    'cần:' stay with it, so each check sees only its own message."""
    reported: list[Reported] = []
    part = "message"
    for line in stderr.splitlines():
        header = _HEADER.match(line)
        if header:
            reported.append(Reported(**header.groupdict()))
            part = "message"
        elif _SUMMARY.match(line) or not reported:
            continue
        elif line.startswith("  gặp: "):
            reported[-1].found, part = line.removeprefix("  gặp: "), "found"
        elif line.startswith("  cần: "):
            reported[-1].expected, part = line.removeprefix("  cần: "), "expected"
        else:
            setattr(reported[-1], part, f"{getattr(reported[-1], part)}\n{line}")
    return reported


@dataclass
class Run:
    """What one vanban command did: status, outputs, and every file left in the out folder."""

    code: int
    out: str
    err: str
    written: list[Path]

    @property
    def problems(self) -> list[Reported]:
        return parse(self.err)

    @property
    def errors(self) -> list[Reported]:
        return [p for p in self.problems if p.kind == "lỗi"]

    def at(self, where: str, field: str) -> Reported:
        """The one message for ``field`` at ``where``; fails listing what was printed."""
        hits = [p for p in self.problems if p.where == where and p.field == field]
        assert len(hits) == 1, f"no single message for {field!r} at {where}:\n{self.err}"
        return hits[0]


@dataclass
class Workspace:
    """A temporary folder holding one province file and the out folder of its build."""

    folder: Path
    capsys: pytest.CaptureFixture[str]

    @property
    def yaml(self) -> Path:
        return self.folder / "long-an.yaml"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def write(self, text: str) -> str:
        self.yaml.write_text(text, encoding="utf-8")
        return text

    def mutate(self, old: str, new: str, *, regex: bool = False, after: str | None = None) -> str:
        """The sample with one exact change, written to the workspace; returns the new text."""
        return self.write(replace_once(SAMPLE_TEXT, old, new, regex=regex, after=after))

    def where(self, text: str, line_has: str, at: str, after: str | None = None) -> str:
        line, column = position(text, line_has, at, after)
        return f"{self.yaml}:{line}:{column}"

    def run(self, *argv: str) -> Run:
        self.capsys.readouterr()
        code = main(list(argv))
        captured = self.capsys.readouterr()
        written = sorted(p for p in self.out.rglob("*") if p.is_file()) if self.out.exists() else []
        return Run(code, captured.out, captured.err, written)

    def build(self) -> Run:
        return self.run("build", str(self.yaml), "--out", str(self.out))

    def validate(self) -> Run:
        return self.run("validate", str(self.yaml))


@pytest.fixture
def ws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Workspace:
    """A workspace outside the project: with no provinces/ in the current folder, vanban
    takes the shared programme and the templates from the project it was installed from."""
    monkeypatch.chdir(tmp_path)
    return Workspace(tmp_path, capsys)


def assert_refused(run: Run, *, errors: int | None = None) -> None:
    """The contract of a refused build: status 2, a Vietnamese summary, no traceback and
    not a single file in the out folder."""
    assert run.code == EXIT_INVALID, run.err
    assert "Traceback" not in run.err
    assert run.written == []
    assert "chưa ghi tệp nào" in run.err
    if errors is not None:
        assert len(run.errors) == errors, run.err
        assert f"Có {errors} lỗi cấu hình; chưa ghi tệp nào." in run.err


# ---------------------------------------------------------------------------------------------
# The sample itself
# ---------------------------------------------------------------------------------------------


def test_sample_builds_and_validates(ws: Workspace) -> None:
    """The unchanged copy must pass, or every refusal below would prove nothing."""
    ws.write(SAMPLE_TEXT)
    build = ws.build()
    assert build.code == 0, build.err
    documents = [p for p in build.written if ".vanban" not in p.parts]
    assert documents and all(p.suffix == ".docx" for p in documents)
    assert "lỗi" not in build.err
    validate = ws.validate()
    assert validate.code == 0, validate.err
    assert f"{ws.yaml}: hợp lệ" in validate.out
    assert "lỗi" not in validate.err


# ---------------------------------------------------------------------------------------------
# One mistake, one message: file:line:column, field, message, gặp, cần
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One mistake in the sample and the message it must produce.

    ``line_has``/``at`` locate the value the message must point at in the changed text;
    ``expected`` are fragments of the 'cần:' line; ``errors`` is the number of errors the
    run must report, so a mistake does not also produce misleading follow-on errors;
    ``after`` limits the change (and the search for its line) to one section.
    """

    old: str
    new: str
    line_has: str
    at: str
    field: str
    message: str
    found: str | None = None
    expected: tuple[str, ...] = ()
    errors: int = 1
    regex: bool = False
    absent: tuple[str, ...] = ()
    after: str | None = None


CASES: dict[str, Case] = {
    # unknown keys (typos), with the suggestion
    "typo-in-province": Case(
        "\n  name: Long An",
        "\n  nmae: Long An",
        "  nmae: Long An",
        "nmae",
        "province.nmae",
        "trường 'nmae' không có trong cấu hình (có phải ý bạn là 'name'?)",
        found="nmae",
        expected=("một trong: name, place, kind, variant",),
        errors=2,
    ),
    "typo-at-top-level": Case(
        "\nlead_department: ldtbxh",
        "\nlead_departmnet: ldtbxh",
        "lead_departmnet:",
        "lead_departmnet",
        "lead_departmnet",
        "không có trong cấu hình (có phải ý bạn là 'lead_department'?)",
        found="lead_departmnet",
        expected=("lead_department",),
        errors=2,
    ),
    "typo-in-target": Case(
        '\n  3:\n    a: {2025: "9,5"',
        '\n  3:\n    z: {2025: "9,5"',
        "    z: {2025:",
        "z",
        "targets.3.z",
        "trường 'z' không có trong cấu hình",
        found="z",
        expected=("a, b, c",),
    ),
    # missing required fields
    "missing-place": Case(
        r"\n  place: [^\n]*",
        "",
        "  name: Long An",
        "name",
        "province",
        "thiếu trường bắt buộc 'place'",
        expected=("thêm dòng 'place: ...' vào province",),
        regex=True,
    ),
    "missing-archive": Case(
        r"\n    archive: [^\n]*",
        "",
        "    agency: ubnd",
        "agency",
        "documents.ke-hoach",
        "thiếu trường bắt buộc 'archive'",
        expected=("thêm dòng 'archive: ...'",),
        regex=True,
        after=KE_HOACH,
    ),
    # wrong types
    "leads-not-a-list": Case(
        "    leads: [14]\n",
        "    leads: 3\n",
        "    leads: 3",
        "3",
        "departments[2].leads",
        "sai kiểu dữ liệu",
        found="'3'",
        expected=("danh sách số chỉ tiêu, ví dụ [3, 4, 5]",),
        # the department now leads nothing, so target 14 really is led by none
        errors=2,
    ),
    "recipients-not-a-list": Case(
        r"    recipients:\n(?:      - [^\n]*\n)+",
        "    recipients: 5\n",
        "recipients: 5",
        "5",
        "documents.ke-hoach.recipients",
        "sai kiểu dữ liệu",
        found="'5'",
        expected=("một danh sách",),
        regex=True,
        after=KE_HOACH,
    ),
    "target-values-a-list": Case(
        "\n  1: {2025: 80, 2030: 85}",
        "\n  1: [80, 85]",
        "  1: [80, 85]",
        "[",
        "targets.1",
        "sai kiểu dữ liệu",
        found="một danh sách",
        expected=("một bảng",),
    ),
    "tasks-not-a-list": Case(
        r"(?<=    leads: \[14\]\n)    tasks:\n(?:      [^\n]*\n|        [^\n]*\n)+",
        "    tasks: 5\n",
        "    tasks: 5",
        "5",
        "departments[2].tasks",
        "sai kiểu dữ liệu",
        found="'5'",
        expected=("một danh sách",),
        regex=True,
        # its target 14 is still led by it: no "chỉ tiêu 14 chưa có sở nào chủ trì"
        absent=("chưa có sở nào chủ trì",),
    ),
    "terms-not-a-table": Case(
        r"\nterms:\n(?:  [^\n]*\n)+",
        "\nterms: 5\n",
        "terms: 5",
        "5",
        "terms",
        "sai kiểu dữ liệu",
        found="'5'",
        expected=("một bảng",),
        regex=True,
        # the shared programme's {province_committee}... are not blamed for it
        absent=("programme.yaml", "tham số {"),
    ),
    "variant-a-list": Case(
        "  variant: north ",
        "  variant: [north] ",
        "variant: [north]",
        "[",
        "province.variant",
        "giá trị không hợp lệ",
        found="một danh sách",
        expected=("north", "south"),
    ),
    "agency-name-empty": Case(
        "    name: [ỦY BAN NHÂN DÂN, TỈNH LONG AN]",
        "    name: []",
        "    name: []",
        "[]",
        "agencies.ubnd.name",
        "tên cơ quan không được để trống",
        found="một danh sách rỗng",
        expected=("ỦY BAN NHÂN DÂN",),
        absent=("không có cơ quan",),
    ),
    # targets and the departments that lead them
    "unknown-target-id": Case(
        "\n  24: {2025: 30, 2030: 35}\n",
        "\n  24: {2025: 30, 2030: 35}\n  25: {2025: 1, 2030: 2}\n",
        "  25: {2025: 1",
        "25",
        "targets.25",
        "không có chỉ tiêu 25",
        found="'25'",
        expected=("số chỉ tiêu từ 1 đến 24",),
    ),
    "lead-of-unknown-target": Case(
        "    leads: [14]\n",
        "    leads: [14, 99]\n",
        "    leads: [14, 99]",
        "99",
        "departments[2].leads[2]",
        "không có chỉ tiêu 99",
        expected=("số chỉ tiêu từ 1 đến 24",),
    ),
    "target-led-by-none": Case(
        '    leads: [14]\n    tasks:\n      - "{lead}."\n',
        "    tasks:\n",
        "  - id: ldtbxh",
        "-",
        "departments",
        "chỉ tiêu 14 chưa có sở nào chủ trì",
        expected=("thêm 14 vào 'leads' của sở chủ trì",),
    ),
    "target-led-by-two": Case(
        "    leads: [14]\n",
        "    leads: [14, 3]\n",
        "    leads: [3, 4, 5, 6]",
        "3",
        "departments[4].leads[1]",
        "chỉ tiêu 3 đã do 'tu-phap' chủ trì; mỗi chỉ tiêu chỉ do một sở chủ trì",
        expected=("xóa 3 khỏi một trong hai sở",),
    ),
    "percent-over-100": Case(
        "\n  1: {2025: 80, 2030: 85}",
        "\n  1: {2025: 180, 2030: 185}",
        "  1: {2025: 180",
        "180",
        "targets.1.2025",
        "tỷ lệ phần trăm phải từ 0 đến 100",
        found="180%",
        expected=("một số từ 0 đến 100",),
        errors=2,
    ),
    "negative-rate": Case(
        "    a: {2025: 250, 2030: 200}",
        "    a: {2025: -250, 2030: -300}",
        "{2025: -250",
        "-250",
        "targets.11.a.2025",
        "giá trị chỉ tiêu không được âm",
        found="-250",
        errors=2,
    ),
    "target-value-in-words": Case(
        "\n  1: {2025: 80, 2030: 85}",
        "\n  1: {2025: tám mươi, 2030: 85}",
        "tám mươi",
        "tám mươi",
        "targets.1.2025",
        "không phải là số viết đúng kiểu Việt Nam",
        found="'tám mươi'",
    ),
    # the YAML 1.1 traps of pitfalls.md, reported with the fix
    "thousands-dot-1.200": Case(
        "    a: {2025: 250, 2030: 200}",
        "    a: {2025: 1.200, 2030: 200}",
        "{2025: 1.200",
        "1.200",
        "targets.11.a.2025",
        "YAML đọc '1.200' thành số thập phân 1,200, không phải số có dấu chấm ngăn cách hàng nghìn",
        found="1.200",
        expected=("viết 1200 (không dấu chấm)", 'hoặc đặt trong dấu nháy: "1.200"'),
    ),
    "leading-zero-0123": Case(
        "    b: {2025: 6, 2030: 5}",
        "    b: {2025: 0123, 2030: 5}",
        "{2025: 0123",
        "0123",
        "targets.11.b.2025",
        "số '0123' bắt đầu bằng 0 bị YAML đọc thành số hệ bát phân",
        found="0123",
        expected=("bỏ số 0 ở đầu (123)", 'đặt trong dấu nháy nếu là mã: "0123"'),
    ),
    "hexadecimal-0x10": Case(
        r"    number: ~[^\n]*",
        "    number: 0x10",
        "number: 0x10",
        "0x10",
        "documents.ke-hoach.number",
        "'0x10' không phải một số nguyên viết thông thường",
        found="0x10",
        expected=("ví dụ 1200",),
        regex=True,
        after=KE_HOACH,
    ),
    "yes-in-a-number": Case(
        r"    number: ~[^\n]*",
        "    number: yes",
        "number: yes",
        "yes",
        "documents.ke-hoach.number",
        "YAML hiểu 'yes' là đúng/sai",
        found="yes",
        expected=("true hoặc false",),
        regex=True,
        after=KE_HOACH,
    ),
    "duplicate-key": Case(
        "\n  place: Long An",
        "\n  name: Tỉnh Long An\n  place: Long An",
        "  name: Tỉnh Long An",
        "name",
        "province.name",
        "trường này được khai báo hai lần",
        expected=("xóa một trong hai",),
    ),
    # the safe loader never builds Python objects; the tag itself is refused, on a list too
    "python-tag-on-list": Case(
        r"    archive: [^\n]*",
        '    archive: !!python/object/apply:os.system ["echo pwned"]',
        "archive: !!python",
        "!!python",
        "documents.ke-hoach.archive",
        "kiểu dữ liệu 'tag:yaml.org,2002:python/object/apply:os.system' không được phép",
        found="tag:yaml.org,2002:python/object/apply:os.system",
        expected=("chữ, số, ngày, danh sách hoặc bảng",),
        regex=True,
        after=KE_HOACH,
    ),
    "python-tag-on-text": Case(
        r"    archive: [^\n]*",
        "    archive: !!python/name:os.system ''",
        "archive: !!python",
        "!!python",
        "documents.ke-hoach.archive",
        "kiểu dữ liệu 'tag:yaml.org,2002:python/name:os.system' không được phép",
        found="tag:yaml.org,2002:python/name:os.system",
        regex=True,
        after=KE_HOACH,
    ),
    # signing (Decree 30/2020): only TM., KT., Q., TL., TUQ. with a full stop; no titles
    "authority-party-form-K/T": Case(
        "KT. CHỦ TỊCH",
        "K/T CHỦ TỊCH",
        "K/T CHỦ TỊCH",
        "K/T",
        "signers.pct-pham-tan-hoa.authority[2]",
        "'K/T' là cách viết của văn bản Đảng, Nghị định 30/2020 dùng 'KT.' (có dấu chấm)",
        found="K/T CHỦ TỊCH",
        expected=("KT. CHỦ TỊCH",),
    ),
    "authority-without-stop": Case(
        "KT. CHỦ TỊCH",
        "KT CHỦ TỊCH",
        "KT CHỦ TỊCH",
        "KT CHỦ",
        "signers.pct-pham-tan-hoa.authority[2]",
        "chữ viết tắt quyền hạn phải là 'KT.' (viết hoa, có dấu chấm)",
        found="KT CHỦ TỊCH",
        expected=("KT. CHỦ TỊCH",),
    ),
    "authority-order": Case(
        "[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]",
        "[KT. CHỦ TỊCH, TM. ỦY BAN NHÂN DÂN]",
        "authority: [KT.",
        "[",
        "signers.pct-pham-tan-hoa.authority",
        "thứ tự KT. rồi TM. không đúng",
    ),
    "signer-academic-title": Case(
        "    name: Phạm Tấn Hòa",
        "    name: TS. Phạm Tấn Hòa",
        "TS. Phạm",
        "TS.",
        "signers.pct-pham-tan-hoa.name",
        "không ghi học hàm, học vị hay danh hiệu ('TS.') trước họ tên người ký",
        found="TS. Phạm Tấn Hòa",
        expected=("chỉ họ và tên, ví dụ: Phạm Tấn Hòa",),
    ),
    "unknown-signer": Case(
        "    signer: pct-pham-tan-hoa",
        "    signer: pct-pham-tan-hao",
        "signer: pct-pham-tan-hao",
        "pct",
        "documents.ke-hoach.signer",
        "không có người ký tên 'pct-pham-tan-hao'",
        found="'pct-pham-tan-hao'",
        expected=("pct-pham-tan-hoa",),
        after=KE_HOACH,
    ),
    # dates
    "numbered-without-day": Case(
        r"    number: ~[^\n]*",
        "    number: 15",
        "    date: 2021-03",
        "2021-03",
        "documents.ke-hoach.date",
        "văn bản đã có số nhưng ngày còn để trống",
        found="2021-03",
        expected=("2021-03-07", "hoặc bỏ số nếu là bản dự thảo"),
        regex=True,
        after=KE_HOACH,
    ),
    "date-not-on-calendar": Case(
        r"    date: 2021-03(?= )",
        "    date: 2021-02-30",
        "date: 2021-02-30",
        "2021-02-30",
        "documents.ke-hoach.date",
        "ngày '2021-02-30' không có trên lịch",
        found="2021-02-30",
        expected=("2021-01-07",),
        regex=True,
        after=KE_HOACH,
    ),
    "date-in-words": Case(
        r"    date: 2021-03(?= )",
        "    date: tháng ba",
        "date: tháng ba",
        "tháng ba",
        "documents.ke-hoach.date",
        "ngày không hợp lệ",
        found="'tháng ba'",
        expected=("2021-01-07", "2021-03"),
        regex=True,
        after=KE_HOACH,
    ),
    # YAML syntax: the file:line:column of the bad line
    "tab-indentation": Case(
        "\n  place: Long An",
        "\n\tplace: Long An",
        "\tplace:",
        "\t",
        "(tệp)",
        "YAML sai cú pháp",
        expected=("không dùng Tab",),
    ),
    "bad-indentation": Case(
        "\n  place: Long An",
        "\n   place: Long An",
        "   place: Long An",
        "place",
        "(tệp)",
        "YAML sai cú pháp",
        expected=("kiểm tra thụt lề",),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_mistake_is_reported_where_it_is(ws: Workspace, case: Case) -> None:
    """Each mistake: exit 2, nothing written, and a message at the exact line and column of
    the value, naming the field, what was found and what to write instead."""
    text = ws.mutate(case.old, case.new, regex=case.regex, after=case.after)
    run = ws.build()
    assert_refused(run, errors=case.errors)
    problem = run.at(ws.where(text, case.line_has, case.at, case.after), case.field)
    assert problem.kind == "lỗi"
    assert case.message in problem.message
    assert problem.found == case.found
    for fragment in case.expected:
        assert problem.expected is not None and fragment in problem.expected, run.err
    for fragment in case.absent:
        assert fragment not in run.err


def test_unclosed_brace_names_the_line_where_it_was_opened(ws: Workspace) -> None:
    """PyYAML notices a missing } only on the next line; the message must also point back
    to the line that opened it, where the mistake is."""
    text = ws.mutate("\n  1: {2025: 80, 2030: 85}", "\n  1: {2025: 80, 2030: 85")
    run = ws.build()
    assert_refused(run, errors=1)
    problem = run.at(ws.where(text, "  2: {2025: 90", ": {"), "(tệp)")
    opened_line, opened_column = position(text, "  1: {2025: 80", "{")
    assert problem.message.startswith("YAML sai cú pháp: ")
    assert f"(phần này bắt đầu ở dòng {opened_line}, cột {opened_column})" in problem.message


@pytest.mark.parametrize("word", ["yes", "No", "on", "off"])
def test_yaml_boolean_word_in_text_is_refused_with_the_fix(ws: Workspace, word: str) -> None:
    """YAML 1.1 reads yes/no/on/off as true/false: a province named "No" would vanish."""
    text = ws.mutate("\n  name: Long An", f"\n  name: {word}")
    run = ws.build()
    assert_refused(run, errors=1)
    problem = run.at(ws.where(text, f"  name: {word}", word), "province.name")
    assert problem.message == f"YAML hiểu '{word}' là đúng/sai, không phải chữ"
    assert problem.found == word
    assert problem.expected == f'viết true hoặc false; nếu là chữ, đặt trong dấu nháy: "{word}"'


def test_quoted_trap_values_are_accepted(ws: Workspace) -> None:
    """The fixes the messages suggest must work: "1.200" quoted is one thousand two hundred,
    "yes" quoted is text, and 1200 needs no quotes."""
    text = replace_once(
        SAMPLE_TEXT, "    a: {2025: 250, 2030: 200}", '    a: {2025: "1.200", 2030: 1000}'
    )
    ws.write(replace_once(text, "\n  place: Long An", '\n  place: "Yes"'))
    run = ws.validate()
    assert run.code == 0, run.err


# ---------------------------------------------------------------------------------------------
# Warnings do not stop the build
# ---------------------------------------------------------------------------------------------


def test_weaker_2030_value_warns_but_builds(ws: Workspace) -> None:
    """Target 2 must increase; 85 after 90 is doubtful, not impossible: warn, still build."""
    text = ws.mutate("\n  2: {2025: 90, 2030: 95}", "\n  2: {2025: 90, 2030: 85}")
    run = ws.build()
    assert run.code == 0, run.err
    assert run.written, "a warning must not stop the build"
    assert "Traceback" not in run.err
    assert run.errors == []
    warning = run.at(ws.where(text, "  2: {2025: 90, 2030: 85}", "85"), "targets.2.2030")
    assert warning.kind == "cảnh báo"
    assert f"{ws.yaml}:" in run.err and ": cảnh báo: " in run.err
    assert (
        "giá trị năm 2030 kém hơn năm 2025 trong khi chỉ tiêu phải càng cao càng tốt"
        in warning.message
    )
    assert warning.found == "2025: 90, 2030: 85"
    validate = ws.validate()
    assert validate.code == 0
    assert "cảnh báo" in validate.err and "hợp lệ" in validate.out


def test_weaker_value_of_a_decreasing_target_warns(ws: Workspace) -> None:
    """The direction matters: a mortality rate (target 3a) going up by 2030 is weaker."""
    text = ws.mutate('    a: {2025: "9,5", 2030: 9}', '    a: {2025: "9,5", 2030: 11}')
    run = ws.validate()
    assert run.code == 0, run.err
    warning = run.at(ws.where(text, '{2025: "9,5", 2030: 11}', "11"), "targets.3.a.2030")
    assert warning.kind == "cảnh báo" and "càng thấp càng tốt" in warning.message


# ---------------------------------------------------------------------------------------------
# Several mistakes, one run
# ---------------------------------------------------------------------------------------------


def test_all_mistakes_of_a_file_are_reported_in_one_run_sorted_by_line(ws: Workspace) -> None:
    """Fixing one error per run is slow: a typo, a YAML trap, a percentage and an unknown
    target, spread over the file, all come out together, in the order of the file."""
    text = SAMPLE_TEXT
    for old, new in [
        ("    leads: [14]\n", "    leads: [14, 99]\n"),
        ("\n  name: Long An", "\n  nmae: Long An"),
        ("    a: {2025: 250, 2030: 200}", "    a: {2025: 1.200, 2030: 200}"),
        ("\n  1: {2025: 80, 2030: 85}", "\n  1: {2025: 180, 2030: 190}"),
    ]:
        text = replace_once(text, old, new)
    ws.write(text)
    run = ws.build()
    assert_refused(run, errors=6)
    for line_has, at, field_path in [
        ("  nmae: Long An", "nmae", "province.nmae"),
        ("  1: {2025: 180", "180", "targets.1.2025"),
        ("  1: {2025: 180", "190", "targets.1.2030"),
        ("{2025: 1.200", "1.200", "targets.11.a.2025"),
        ("    leads: [14, 99]", "99", "departments[2].leads[2]"),
    ]:
        run.at(ws.where(text, line_has, at), field_path)
    lines = [tuple(map(int, p.where.rsplit(":", 2)[1:])) for p in run.problems]
    assert lines == sorted(lines)


def test_validate_exit_status(ws: Workspace) -> None:
    """``vanban validate``: 0 and "hợp lệ" for the sample, 2 and the message for a bad copy."""
    ws.write(SAMPLE_TEXT)
    good = ws.validate()
    assert good.code == 0 and "hợp lệ" in good.out, good.err
    ws.mutate("\n  name: Long An", "\n  nmae: Long An")
    bad = ws.validate()
    assert bad.code == EXIT_INVALID
    assert "hợp lệ" not in bad.out
    assert "có phải ý bạn là 'name'?" in bad.err and "Traceback" not in bad.err


def test_refused_build_leaves_earlier_output_untouched(ws: Workspace) -> None:
    """Nothing written also means the documents of an earlier good build stay as they were."""
    earlier = ws.out / "long-an" / "ke-hoach.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"earlier build")
    ws.mutate("\n  1: {2025: 80, 2030: 85}", "\n  1: {2025: 180, 2030: 85}")
    run = ws.build()
    assert run.code == EXIT_INVALID
    assert run.written == [earlier]
    assert earlier.read_bytes() == b"earlier build"


# ---------------------------------------------------------------------------------------------
# Files that are not a province at all
# ---------------------------------------------------------------------------------------------


FILE_CASES: dict[str, tuple[bytes, str | None, str, str | None]] = {
    # name: (content, line:column or None, message fragment, 'cần' fragment)
    "empty": (b"", None, "tệp rỗng", "các trường cấu hình của tỉnh"),
    "only-comments": (b"# long an\n\n", None, "tệp rỗng", "các trường cấu hình của tỉnh"),
    "a-list": (
        b"- province: Long An\n",
        "1:1",
        "nội dung tệp phải là một bảng các trường (tên: giá trị)",
        "'province:'",
    ),
    "a-scalar": (b"Long An\n", "1:1", "phải là một bảng các trường", None),
    "utf-16-le-bom": (
        SAMPLE_TEXT.encode("utf-16"),
        None,
        "tệp được lưu bằng mã UTF-16",
        "lưu lại tệp với bảng mã UTF-8",
    ),
    "utf-16-be-bom": (
        b"\xfe\xff" + SAMPLE_TEXT.encode("utf-16-be"),
        None,
        "tệp được lưu bằng mã UTF-16",
        "UTF-8",
    ),
    "windows-1258": (
        "province:\n  name: Long An\n  place: Tân An\n".encode("cp1258"),
        None,
        "tệp không phải UTF-8 (byte lạ ở dòng 3; có thể là bảng mã Windows-1258",
        "lưu lại tệp với bảng mã UTF-8",
    ),
    "latin-1": (
        "province:\n  name: Long An\n  place: Café\n".encode("latin-1"),
        None,
        "tệp không phải UTF-8 (byte lạ ở dòng 3",
        "UTF-8",
    ),
    "binary-with-nul": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        None,
        "tệp chứa dữ liệu nhị phân, không phải văn bản YAML",
        ".yaml",
    ),
    "binary-without-nul": (
        b"\xff\xd8\xff\xe0" + bytes(range(1, 256)),
        None,
        "tệp không phải UTF-8 (byte lạ ở dòng 1",
        "UTF-8",
    ),
}


@pytest.mark.parametrize(
    "content,where,message,expected", list(FILE_CASES.values()), ids=list(FILE_CASES)
)
def test_unusable_file_is_refused_clearly(
    ws: Workspace, content: bytes, where: str | None, message: str, expected: str | None
) -> None:
    """A wrong file (empty, a list, another encoding, binary) gets one plain message about
    the file, with a position when there is one, and no traceback."""
    ws.yaml.write_bytes(content)
    run = ws.build()
    assert_refused(run, errors=1)
    location = f"{ws.yaml}:{where}" if where else str(ws.yaml)
    problem = run.at(location, "(tệp)")
    assert message in problem.message
    if expected is not None:
        assert problem.expected is not None and expected in problem.expected


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: nine lists of nine references to the level below."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


EXPANDING = {
    # name: (content, message fragment)
    "alias-bomb": (billion_laughs(), "dùng bí danh (&/*) nhân bản quá nhiều lần"),
    "nested-60": ("a: " + "[" * 60 + "]" * 60 + "\n", "lồng nhau quá sâu"),
    # past Python's recursion limit, and past libyaml's own nesting limit (PyYAML 6.0.4):
    # whichever parser gives up, and however it words it, vanban reads the depth from the
    # text and names the line
    "nested-1000": ("a: " + "[" * 1000 + "]" * 1000 + "\n", "lồng nhau quá sâu"),
}

# Both parsers PyYAML may run: libyaml's when it was built with it, its own Python one.
PARSERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
@pytest.mark.parametrize("content,message", list(EXPANDING.values()), ids=list(EXPANDING))
def test_expanding_file_is_refused_quickly(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, content: str, message: str, parser: str
) -> None:
    """9^9 strings from a few hundred bytes, or lists nested past Python's recursion limit,
    must be cut short with a message, not expanded until memory or the stack runs out."""
    if PARSERS[parser] is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr("generator.config.yaml_source._LOADER", PARSERS[parser])
    ws.write(content)
    started = time.process_time()  # CPU time: other jobs on the machine do not count
    run = ws.build()
    assert time.process_time() - started < 2
    assert_refused(run, errors=1)
    (problem,) = run.problems
    assert problem.field == "(tệp)"
    assert message in problem.message
    assert problem.where.startswith(f"{ws.yaml}:1:")
    assert problem.expected is not None and "cấu trúc phẳng" in problem.expected
    assert not re.search(r"nesting|depth|exceeded|recursion", run.err, re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["khong-co-tinh", "missing.yaml"])
def test_unknown_province_is_refused_in_vietnamese(ws: Workspace, name: str) -> None:
    """A mistyped province id or path: exit 2, what was looked for, and the known ids."""
    run = ws.run("build", name, "--out", str(ws.out))
    assert run.code == EXIT_INVALID
    assert f"vanban: không có tỉnh '{name}'" in run.err
    assert "không tồn tại" in run.err and "long-an" in run.err
    assert "chưa ghi tệp nào" in run.err and "Traceback" not in run.err
    assert run.written == []


def _commands() -> list[tuple[str, list[str]]]:
    """The ways a user starts vanban: the installed script (when present) and ``-m``."""
    commands = [("python -m generator", [sys.executable, "-m", "generator"])]
    script = Path(sys.executable).with_name("vanban")
    if script.exists():
        commands.append(("vanban", [str(script)]))
    return commands


@pytest.mark.parametrize("command", [c for _, c in _commands()], ids=[n for n, _ in _commands()])
def test_real_process_exits_2_without_traceback(tmp_path: Path, command: list[str]) -> None:
    """In-process runs cannot prove the exit status a shell sees, nor that nothing escapes
    as a traceback on the way out: run the real command once."""
    yaml = tmp_path / "long-an.yaml"
    text = replace_once(
        SAMPLE_TEXT, "    a: {2025: 250, 2030: 200}", "    a: {2025: 1.200, 2030: 200}"
    )
    yaml.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [*command, "build", str(yaml), "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == EXIT_INVALID, stderr
    assert "Traceback" not in stderr
    line, column = position(text, "{2025: 1.200", "1.200")
    assert f"{yaml}:{line}:{column}: lỗi: trường 'targets.11.a.2025'" in stderr
    assert "viết 1200 (không dấu chấm)" in stderr
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))


def test_bad_command_line_is_refused_in_vietnamese(ws: Workspace) -> None:
    """A wrong option is also a status-2 refusal, in Vietnamese, not an English usage dump."""
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--doc", "khong-co"])
    assert exit_info.value.code == EXIT_INVALID
    assert "vanban: lỗi dòng lệnh:" in ws.capsys.readouterr().err
