"""Hostile and broken input: untrusted templates, odd data, bad YAML, paths that reach out.

Province files and custom templates come from many offices. Each section below is one
promise of the issue, each test one way of breaking it: the run either succeeds with the
data intact or stops with status 2, a Vietnamese message that names the culprit, no
traceback, and not one file written (nor changed outside the output folder).

Every test runs vanban in-process in a copy of the project (provinces, shared content,
templates) made the current folder, so a province may bring its own template in
``templates/`` without touching the real one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import generator
from generator.check import ERROR, check_file
from generator.commands.main import main
from generator.config.yaml_source import MAX_BYTES
from generator.domain.model import DOCUMENT_KINDS
from generator.domain.names import id_problem, template_problem
from generator.domain.vietnamese import normalize

ROOT = Path(generator.__file__).resolve().parent.parent
EXIT_INVALID = 2
KE_HOACH = "\n  ke-hoach:\n    agency: ubnd\n"  # the plan's settings, in both samples


@dataclass
class Run:
    """What one vanban command did."""

    code: int
    out: str
    err: str


@dataclass
class Project:
    """A copy of the project as the current folder; ``out`` is its output folder."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    @property
    def out(self) -> Path:
        return self.root / "output"

    def province(self, name: str = "long-an") -> Path:
        return self.root / "provinces" / f"{name}.yaml"

    def edit(self, old: str, new: str, name: str = "long-an") -> None:
        """One exact change in a province file (the change must not miss)."""
        path = self.province(name)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def own_template(self, name: str, *paragraphs: str, base: str = "ke-hoach.docx") -> Path:
        """A copy of a shipped template with paragraphs added, saved as templates/<name>."""
        document = docx.Document(str(ROOT / "templates" / base))
        for text in paragraphs:
            document.add_paragraph(text)
        path = self.root / "templates" / name
        document.save(str(path))
        return path

    def use_template(self, name: str, province: str = "long-an") -> None:
        """Set ``template: <name>`` on the province's ke-hoach."""
        self.edit(KE_HOACH, f"{KE_HOACH}    template: {name}\n", province)

    def run(self, *argv: str) -> Run:
        self.capsys.readouterr()
        code = main(list(argv))
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def build(self, *argv: str) -> Run:
        return self.run("build", *argv, "--out", str(self.out))

    def written(self) -> list[Path]:
        """Every file (not folder) in the output folder, links not followed."""
        if not self.out.exists():
            return []
        return sorted(Path(folder) / name for folder, _, names in os.walk(self.out)
                      for name in names)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Project:
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    for name in ("long-an", "tay-ninh"):
        shutil.copy(ROOT / "provinces" / f"{name}.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    monkeypatch.chdir(root)
    return Project(root, capsys)


def assert_refused(project: Project, run: Run, *fragments: str) -> None:
    """Status 2, every fragment in the message, no traceback, nothing in the output folder."""
    assert run.code == EXIT_INVALID, run.err
    assert "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in run.err, run.err
    assert "chưa ghi tệp nào" in run.err
    assert project.written() == []


def body_text(path: Path) -> str:
    """Each paragraph's text as stored (no normalisation), tables and headers included."""
    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    lines = []
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            lines.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# 1. Templates are untrusted: a province's own template, sandboxed
# ---------------------------------------------------------------------------------------------


def test_a_province_template_is_used_and_followed_when_it_changes(project: Project) -> None:
    """``documents.ke-hoach.template`` replaces templates/ke-hoach.docx for that province
    only, and editing that file rebuilds that document at the next build."""
    project.own_template("ke-hoach-long-an.docx", "Mẫu riêng của Long An: {{ summary }}")
    project.use_template("ke-hoach-long-an.docx")
    first = project.build("long-an", "tay-ninh")
    assert first.code == 0, first.err
    long_an = body_text(project.out / "long-an" / "ke-hoach.docx")
    assert "Mẫu riêng của Long An: Thực hiện Chương trình" in long_an
    assert "Mẫu riêng" not in body_text(project.out / "tay-ninh" / "ke-hoach.docx")
    project.own_template("ke-hoach-long-an.docx", "Mẫu riêng, bản sửa: {{ summary }}")
    second = project.build("long-an", "tay-ninh")
    assert second.code == 0, second.err
    rebuilt = [line for line in second.out.splitlines() if line.startswith("đã tạo ")]
    assert f"đã tạo {project.out / 'long-an' / 'ke-hoach.docx'}" in rebuilt
    assert all(str(project.out / "long-an" / "ke-hoach.") in line for line in rebuilt)
    assert "Mẫu riêng, bản sửa:" in body_text(project.out / "long-an" / "ke-hoach.docx")


HOSTILE_TAGS = {
    # name: (paragraph added to the template, fragment of the message)
    "globals-through-cycler": ("{{ cycler.__init__.__globals__.os.getcwd() }}",
                               "lệnh không được phép trong mẫu"),
    "subclasses-through-str": ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                               "lệnh không được phép trong mẫu"),
    "globals-through-lipsum": ("{{ lipsum.__globals__['os'].popen('id').read() }}",
                               "lệnh không được phép trong mẫu"),
    "attr-filter": ("{{ summary|attr('__class__') }}", "lệnh không được phép trong mẫu"),
    "format-string": ("{{ '{0.__class__.__init__.__globals__}'.format(summary) }}",
                      "lệnh không được phép trong mẫu"),
    "huge-range": ("{% for x in range(10**9) %}{% endfor %}",
                   "phép tính trong mẫu không thực hiện được"),
    "huge-list": ("{{ ([summary] * 10**8)|length }}", "phép nhân tạo ra hơn 1.000.000"),
    "huge-power": ("{{ 10 ** 100000000 }}", "phép lũy thừa tạo ra một số quá lớn"),
    "huge-lipsum": ("{{ lipsum(100000, min=100000, max=100001) }}",
                    "lipsum tạo ra hơn 1.000.000 từ"),
    # one call each, that no time limit can interrupt: 44 s, 35 s and 10 GB, 1 GB...
    "huge-percent-width": ("{{ '%1000000000s' % summary }}",
                           "định dạng % tạo ra hơn 10.000.000 ký tự"),
    "huge-replace": ("{{ ('x' * 100000).replace('x', 'y' * 100000) }}",
                     "phép thay thế (replace) tạo ra hơn 10.000.000 ký tự"),
    "huge-padding": ("{{ summary.ljust(10**9) }}", "phép ljust tạo ra hơn 10.000.000 ký tự"),
    "huge-format-width": ("{{ '{:>{}}'.format(summary, 10**9) }}",
                          "định dạng {} tạo ra hơn 10.000.000 ký tự"),
    "huge-center-through-map": ("{{ [summary]|map('center', 10**11)|join }}",
                                "bộ lọc center/indent tạo ra hơn 10.000.000 ký tự"),
    "huge-batch": ("{{ [1]|batch(10**8, 0)|list|length }}",
                   "bộ lọc batch/slice tạo ra hơn 1.000.000 phần tử"),
    "endless-macro": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
                      "macro trong mẫu gọi lại chính nó quá nhiều tầng"),
    "file-include": ("{% include '/etc/passwd' %}", "không điền được một giá trị vào mẫu"),
    "syntax-error": ("{{ summary | }}", "sai cú pháp thẻ"),
    "undefined-value": ("{{ khong_co_truong_nay }}", "dùng một trường không có trong dữ liệu"),
}


@pytest.mark.parametrize("tag,message", list(HOSTILE_TAGS.values()), ids=list(HOSTILE_TAGS))
def test_a_hostile_or_broken_province_template_stops_the_whole_run(
        project: Project, tag: str, message: str) -> None:
    """The template of the last province built is the bad one: the run still writes
    nothing at all, not even the documents of the provinces before it, and it ends fast."""
    template = project.own_template("ke-hoach-tay-ninh.docx", tag)
    project.use_template("ke-hoach-tay-ninh.docx", province="tay-ninh")
    started = time.process_time()
    run = project.build("long-an", "tay-ninh")
    assert time.process_time() - started < 10
    assert_refused(project, run, f"vanban: mẫu {template}: ", message)


NESTED_LOOPS = ("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}"
                "{% endfor %}")  # within the sandbox's bounds: 10 000 000 000 turns


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_province_template_that_would_run_for_hours_is_stopped_at_the_limit(
        project: Project, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    monkeypatch.setenv("VANBAN_RENDER_SECONDS", "0,5")
    template = project.own_template("ke-hoach-tay-ninh.docx", NESTED_LOOPS)
    project.use_template("ke-hoach-tay-ninh.docx", province="tay-ninh")
    started = time.monotonic()
    run = project.build("long-an", "tay-ninh", "--jobs", jobs)
    assert time.monotonic() - started < 10
    assert_refused(project, run, f"vanban: mẫu {template}: điền mẫu mất hơn 0,5 giây, quá "
                   "giới hạn thời gian cho một văn bản (biến môi trường VANBAN_RENDER_SECONDS)")


def test_a_hostile_shipped_template_is_stopped_the_same_way(project: Project) -> None:
    """The sandbox is not only for provinces' templates: a shipped one edited in Word
    gets the same treatment."""
    template = project.own_template("ke-hoach.docx", "{{ cycler.__init__.__globals__.os }}")
    run = project.build()
    assert_refused(project, run, f"mẫu {template}: lệnh không được phép trong mẫu")


def test_a_hostile_template_with_two_workers_writes_nothing(project: Project) -> None:
    template = project.own_template("ke-hoach-tay-ninh.docx",
                                    "{{ cycler.__init__.__globals__.os.getcwd() }}")
    project.use_template("ke-hoach-tay-ninh.docx", province="tay-ninh")
    run = project.build("long-an", "tay-ninh", "--jobs", "2")
    assert_refused(project, run, f"mẫu {template}: lệnh không được phép trong mẫu")


# ---------------------------------------------------------------------------------------------
# 2. Data comes out intact, as NFC
# ---------------------------------------------------------------------------------------------

SPECIAL = ("Sở Tài chính & Sở Kế hoạch <đầu tư> \"tỷ lệ\" < 5% > 3% 'Điều 1' 👶 "
           + unicodedata.normalize("NFD", "Bà Nguyễn Thị Hoà Thuý, Đắk Lắk"))
LONG_LINE = " ".join(f"từ{i}" for i in range(1, 1000))  # about 5.000 characters


def test_special_characters_long_lines_and_nfd_text_come_out_intact_as_nfc(
        project: Project) -> None:
    """&, <, >, quotes, emoji, a 5.000-character line and decomposed letters reach the
    document exactly, composed (NFC, tone marks where official names put them); a tab or
    a line break inside one value is whitespace, written as one space, as YAML folds it."""
    assert len(LONG_LINE) > 5000
    with_breaks = SPECIAL.replace(" & ", " &\t").replace("<đầu", "\n<đầu")
    project.edit("      - Phòng VHXH\n",
                 "      - Phòng VHXH\n"
                 f"      - {json.dumps(with_breaks, ensure_ascii=False)}\n"
                 f"      - '{SPECIAL.replace(chr(39), chr(39) * 2)}'\n"
                 f"      - {LONG_LINE}\n")
    project.edit("    in_text: Ủy ban nhân dân tỉnh Long An   # tên viết trong câu",
                 "    in_text: " + json.dumps(
                     unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Long An & <Tân An>"),
                     ensure_ascii=False))
    run = project.build("long-an")
    assert run.code == 0, run.err
    expected = normalize(SPECIAL)
    assert unicodedata.is_normalized("NFC", expected) and "Hòa Thúy" in expected
    plan = body_text(project.out / "long-an" / "ke-hoach.docx")
    assert plan.count(f"- {expected};") == 2  # the one with a tab and newline, the quoted one
    assert f"- {LONG_LINE};" in plan
    assert "\t" not in plan
    decision = body_text(project.out / "long-an" / "quyet-dinh-ban-hanh.docx")
    assert "của Ủy ban nhân dân tỉnh Long An & <Tân An>)" in decision
    for text in (plan, decision):
        assert unicodedata.is_normalized("NFC", text)
    for path in (project.out / "long-an").glob("*.docx"):
        assert [f for f in check_file(path) if f.severity == ERROR] == [], path.name


@pytest.mark.parametrize("escape", ["\\x1b", "\\x00", "\\uFFFE", "\\x85"])
def test_control_characters_written_as_escapes_are_refused_where_they_are(
        project: Project, escape: str) -> None:
    """YAML refuses control characters typed raw but accepts them as escapes in double
    quotes; docxtpl would then drop them silently. They are refused with their place."""
    project.edit("      - Phòng VHXH\n", f'      - "Phòng {escape}VHXH"\n')
    run = project.build("long-an")
    line = project.province().read_text(encoding="utf-8").splitlines().index(
        f'      - "Phòng {escape}VHXH"') + 1
    assert_refused(project, run, f"{project.province()}:{line}:9: lỗi: trường "
                                 "'documents.ke-hoach.recipients[10]': chữ có ký tự điều khiển")


# ---------------------------------------------------------------------------------------------
# 3. YAML files that are not a province
# ---------------------------------------------------------------------------------------------
# tests/test_validation.py already covers, with position and message: an empty file, a
# list or a scalar instead of a table (FILE_CASES), UTF-16 with either BOM, Windows-1258,
# Latin-1, binary with and without NUL bytes, the billion-laughs alias bomb and lists
# nested 60 and 1000 deep (EXPANDING), and !!python/object tags (the safe loader). Only
# what it does not cover is here.


def test_an_oversized_file_is_refused_before_it_is_read(project: Project) -> None:
    path = project.province()
    padding = "# " + "x" * 98 + "\n"
    path.write_text(path.read_text(encoding="utf-8") + padding * (MAX_BYTES // 100 + 1),
                    encoding="utf-8")
    started = time.process_time()
    run = project.build("long-an")
    assert time.process_time() - started < 2
    assert_refused(project, run, f"{path}: lỗi: trường '(tệp)': tệp quá lớn (1.0",
                   "tệp cấu hình dưới 1.000 KB")


def test_deeply_nested_tables_are_refused_quickly(project: Project) -> None:
    """Block tables nested 200 deep (test_validation nests flow lists)."""
    path = project.province()
    path.write_text("".join(f"{'  ' * i}k{i}:\n" for i in range(200)) + "  " * 200 + "x\n",
                    encoding="utf-8")
    started = time.process_time()
    run = project.build("long-an")
    assert time.process_time() - started < 2
    assert_refused(project, run, f"{path}:", "lồng nhau quá sâu")


def test_utf16_without_bom_is_named_as_utf16(project: Project) -> None:
    """Without its BOM, UTF-16 is full of NUL bytes; it is still a text file in the wrong
    encoding, not binary garbage, and the message says which."""
    path = project.province()
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    assert_refused(project, project.build("long-an"), f"{path}: lỗi: trường '(tệp)': tệp "
                                                      "được lưu bằng mã UTF-16")


def test_windows_1258_vietnamese_text_is_refused_with_the_encoding_named(
        project: Project) -> None:
    """The real Windows-1258 case: Vietnamese with its combining tone marks (test_validation
    has a three-line file; this is the whole sample)."""
    path = project.province()
    text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
    path.write_bytes(text.encode("cp1258", errors="replace"))
    assert_refused(project, project.build("long-an"), "Windows-1258",
                   "lưu lại tệp với bảng mã UTF-8")


# ---------------------------------------------------------------------------------------------
# 4. Names that would be paths, and links in the output folder
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../x", "..", "/etc/passwd", "CON", "nul", "com1",
                                  "provinces/long-an", "long-an/../tay-ninh", "C:\\x",
                                  "Long-An", "long an", ""])
def test_a_province_argument_that_is_not_an_id_is_refused(project: Project, name: str) -> None:
    run = project.build(name)
    assert_refused(project, run, f"vanban: '{name}' không phải một mã tỉnh: ")


def test_a_document_id_with_a_path_is_refused_by_the_command_line(project: Project) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "long-an", "--doc", "../ke-hoach", "--out", str(project.out)])
    assert exit_info.value.code == EXIT_INVALID
    assert "vanban: lỗi dòng lệnh:" in project.capsys.readouterr().err
    assert project.written() == []


def test_document_ids_are_safe_names_and_a_path_as_one_is_an_unknown_field(
        project: Project) -> None:
    assert [kind for kind in DOCUMENT_KINDS if id_problem(kind)] == []
    project.edit("\n  ke-hoach:\n    agency: ubnd\n", "\n  ../ke-hoach:\n    agency: ubnd\n")
    assert_refused(project, project.build("long-an"),
                   "trường 'documents.../ke-hoach': trường '../ke-hoach' không có trong cấu hình")


TEMPLATE_NAMES = {
    "../x.docx": "có dấu gạch chéo",
    "..x.docx": "có '..'",
    "a/b.docx": "có dấu gạch chéo",
    "a\\b.docx": "có dấu gạch chéo",
    "/tmp/x.docx": "là một đường dẫn tuyệt đối",
    "C:x.docx": "là một đường dẫn tuyệt đối",
    "NUL.docx": "'NUL' là tên thiết bị dành riêng của Windows",
    "com1.docx": "'com1' là tên thiết bị dành riêng của Windows",
    "Lpt9.mau.docx": "'Lpt9' là tên thiết bị dành riêng của Windows",
    "ke-hoach.doc": "không phải tên tệp .docx",
    "ke hoach.docx": "có ký tự không được phép",
    "kế-hoạch.docx": "có ký tự không được phép",
    ".an.docx": "có ký tự không được phép",
    "''": "tên rỗng",
    "[a.docx]": "tên mẫu phải là một tên tệp",
}


@pytest.mark.parametrize("name,reason", list(TEMPLATE_NAMES.items()), ids=list(TEMPLATE_NAMES))
def test_a_template_name_that_is_not_a_plain_file_name_is_refused(
        project: Project, name: str, reason: str) -> None:
    written = name if name.startswith(("'", "[")) else json.dumps(name)
    project.use_template(written)
    lines = project.province().read_text(encoding="utf-8").splitlines()
    line = lines.index(f"    template: {written}") + 1
    assert_refused(project, project.build("long-an"),
                   f"{project.province()}:{line}:15: lỗi: trường 'documents.ke-hoach.template': ",
                   reason, "cần: tên một tệp .docx trong thư mục templates/")


def test_a_missing_province_template_is_reported_where_it_is_named(project: Project) -> None:
    project.use_template("ke-hoach-khong-co.docx")
    lines = project.province().read_text(encoding="utf-8").splitlines()
    where = f"{project.province()}:{lines.index('    template: ke-hoach-khong-co.docx') + 1}:15"
    message = (f"{where}: lỗi: trường 'documents.ke-hoach.template': không có mẫu "
               f"'ke-hoach-khong-co.docx' trong thư mục {project.root / 'templates'}")
    assert_refused(project, project.build("long-an"), message, "ke-hoach.docx, ")
    validate = project.run("validate", "long-an")
    assert validate.code == EXIT_INVALID and message in validate.err


def test_the_name_checks_refuse_only_what_they_must() -> None:
    """Con Cuông is a real district: only the exact device names are refused."""
    for good in ("long-an", "a", "0", "ba-ria-vung-tau", "con-cuong", "console", "com10"):
        assert id_problem(good) is None, good
    for good in ("ke-hoach-long-an.docx", "A_b.2.docx", "Mau.Rieng.docx", "console.docx"):
        assert template_problem(good) is None, good
    for bad in ("CON.docx", "aux.x.docx", "x.docx.", "\\\\server\\share\\x.docx"):
        assert template_problem(bad), bad
    for bad in ("-x", "x_y", "\\\\server\\share", "x\x00"):
        assert id_problem(bad), bad


@pytest.mark.parametrize("file_name", ["CON.yaml", "long an.yaml", "Long-An.yaml", "...yaml",
                                       "lpt1.yaml"])
def test_a_province_file_whose_name_cannot_be_a_folder_is_reported(
        project: Project, file_name: str) -> None:
    bad = project.root / "provinces" / file_name
    shutil.copy(project.province(), bad)
    run = project.build()
    assert_refused(project, run, f"{bad}: lỗi: trường '(tệp)': tên tệp '{file_name}' không "
                                 "dùng làm mã tỉnh được")
    listing = project.run("list")
    assert listing.code == 0 and "Traceback" not in listing.err


def _outside(tmp: Path) -> tuple[Path, dict[Path, bytes]]:
    """A folder outside the output folder, with a file in it, and a snapshot of it."""
    elsewhere = tmp / "noi-khac"
    elsewhere.mkdir()
    (elsewhere / "ke-hoach.docx").write_bytes(b"not ours")
    (elsewhere / "manifest.json").write_text("{}", encoding="utf-8")
    return elsewhere, snapshot(elsewhere)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


LINKS = {
    # name: (link inside the output folder, its target in the outside folder)
    "province-folder": ("long-an", "."),
    "document": ("long-an/ke-hoach.docx", "ke-hoach.docx"),
    "state-folder": ("long-an/.vanban", "."),
    "history-folder": ("long-an/.vanban/history", "."),
    "report": ("long-an/bao-cao-thay-doi.txt", "manifest.json"),
}


@pytest.mark.parametrize("force", [False, True], ids=["", "force"])
@pytest.mark.parametrize("link,target", list(LINKS.values()), ids=list(LINKS))
def test_a_link_in_the_output_folder_is_not_written_through(
        project: Project, tmp_path: Path, link: str, target: str, force: bool) -> None:
    elsewhere, before = _outside(tmp_path)
    placed = project.out / link
    placed.parent.mkdir(parents=True, exist_ok=True)
    placed.symlink_to(elsewhere / target if target != "." else elsewhere,
                      target_is_directory=target == ".")
    run = project.build("long-an", *(["--force"] if force else []))
    assert run.code == EXIT_INVALID, run.err
    assert "liên kết tượng trưng (symlink)" in run.err and "Traceback" not in run.err
    assert snapshot(elsewhere) == before
    assert placed.is_symlink()
    assert [p for p in project.written() if not p.is_symlink()] == []


def test_an_output_folder_that_is_a_link_is_refused(project: Project, tmp_path: Path) -> None:
    elsewhere, before = _outside(tmp_path)
    project.out.symlink_to(elsewhere, target_is_directory=True)
    run = project.build("long-an")
    assert run.code == EXIT_INVALID and "liên kết tượng trưng" in run.err
    assert snapshot(elsewhere) == before


def test_an_output_folder_that_is_a_file_is_a_message(project: Project) -> None:
    project.out.write_bytes(b"a file")
    run = project.build("long-an")
    assert run.code == EXIT_INVALID and "Traceback" not in run.err
    assert "vanban: không đọc hoặc ghi được" in run.err
    assert project.out.read_bytes() == b"a file"


def test_a_damaged_manifest_is_a_message(project: Project) -> None:
    assert project.build("long-an").code == 0
    manifest = project.out / "long-an" / ".vanban" / "manifest.json"
    manifest.write_text("{ hỏng", encoding="utf-8")
    run = project.build("long-an")
    assert run.code == EXIT_INVALID and "Traceback" not in run.err
    assert f"vanban: {manifest} bị hỏng, không đọc được" in run.err


# ---------------------------------------------------------------------------------------------
# 5. What fuzzing found (tests/test_fuzz.py), pinned down
# ---------------------------------------------------------------------------------------------
# Each of these built documents that failed ``vanban check`` (or crashed): validation now
# reports them in the province file, at the field, before anything is written.

FOUND = {
    # name: (exact change in long-an.yaml, field, message fragment)
    "signer-without-title-or-authority": (
        ("    title: GIÁM ĐỐC\n", ""), "signers.giam-doc-so",
        "người ký cần chức vụ ('title') hoặc quyền hạn ký ('authority')"),
    "title-not-in-capitals": (("    title: GIÁM ĐỐC\n", "    title: Giám đốc\n"),
                              "signers.giam-doc-so.title", "chức vụ người ký phải viết chữ in hoa"),
    "title-with-a-number": (("    title: GIÁM ĐỐC\n", "    title: 1758\n"),
                            "signers.giam-doc-so.title", "chức vụ người ký phải viết chữ in hoa"),
    "title-with-an-authority-prefix": (
        ("    title: GIÁM ĐỐC\n", "    title: KT. GIÁM ĐỐC\n"), "signers.giam-doc-so.title",
        "chức vụ không bắt đầu bằng quyền hạn ký"),
    "authority-not-in-capitals": (
        ("[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]", "[TM. Ủy ban nhân dân, KT. CHỦ TỊCH]"),
        "signers.pct-pham-tan-hoa.authority[1]", "quyền hạn ký phải viết chữ in hoa"),
    "name-in-capitals": (("    name: Nguyễn Văn A\n", "    name: NGUYỄN VĂN A\n"),
                         "signers.giam-doc-so.name", "họ tên người ký viết chữ thường"),
    "agency-not-in-capitals": (
        ("[ỦY BAN NHÂN DÂN, TỈNH LONG AN]", "[ỦY BAN NHÂN DÂN, tỉnh Long An]"),
        "agencies.ubnd.name[2]", "tên cơ quan phải viết chữ in hoa"),
    "agency-a-number": (("[ỦY BAN NHÂN DÂN, TỈNH LONG AN]", '"9,5"'),
                        "agencies.ubnd.name", "tên cơ quan phải viết chữ in hoa"),
    "parent-not-in-capitals": (("    parent: UBND TỈNH LONG AN\n", "    parent: UBND tỉnh\n"),
                               "agencies.so-ldtbxh.parent", "tên cơ quan phải viết chữ in hoa"),
    "abbreviation-with-a-space": (("    abbreviation: SLĐTBXH\n", "    abbreviation: SLĐ TBXH\n"),
                                  "agencies.so-ldtbxh.abbreviation",
                                  "chữ viết tắt trong ký hiệu bắt đầu bằng chữ cái"),
    "abbreviation-only-digits": (("    abbreviation: SLĐTBXH\n", "    abbreviation: 201763\n"),
                                 "agencies.so-ldtbxh.abbreviation",
                                 "chữ viết tắt trong ký hiệu bắt đầu bằng chữ cái"),
    "abbreviation-too-long": (("    abbreviation: SLĐTBXH\n", f"    abbreviation: {'S' * 21}\n"),
                              "agencies.so-ldtbxh.abbreviation",
                              "chữ viết tắt trong ký hiệu dài quá 20 ký tự"),
    "letter-agency-as-a-type": (("    abbreviation: SLĐTBXH\n", "    abbreviation: KH\n"),
                                "documents.cong-van-trien-khai.agency",
                                "'KH' là chữ viết tắt tên loại văn bản"),
    "unit-a-negative-number": (("    unit: TE\n    number: ~\n    date: 2021-03\n    signer: "
                                "giam-doc-so\n    addressees:\n      - Ủy ban",
                                "    unit: -792505\n    number: ~\n    date: 2021-03\n    signer: "
                                "giam-doc-so\n    addressees:\n      - Ủy ban"),
                               "documents.cong-van-trien-khai.unit",
                               "chữ viết tắt trong ký hiệu bắt đầu bằng chữ cái"),
    "place-a-number": (("  place: Long An  ", "  place: -503901  "), "province.place",
                       "địa danh phải bắt đầu bằng chữ in hoa"),
    "place-with-a-comma": (("  place: Long An  ", "  place: Tân An, Long An  "),
                           "province.place", "địa danh không có dấu phẩy"),
    "place-abbreviated": (("  place: Long An  ", "  place: TP. HCM  "), "province.place",
                          "địa danh ghi tên đầy đủ, không viết tắt"),
    "archive-a-number": (("    archive: VT, Thu\n\n  quyet", "    archive: 336\n\n  quyet"),
                         "documents.ke-hoach.archive", "dòng lưu là 'VT' hoặc 'VT, <đơn vị"),
    "basis-not-opening-with-can-cu": (
        ("      - Các PCVP\n    archive: VT, Thu\n",
         "      - Các PCVP\n    archive: VT, Thu\n    content:\n      bases:\n"
         "        - Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016\n        - Luật Ngân sách\n"),
        "documents.quyet-dinh-ban-hanh.content.bases[2]", 'đoạn này phải bắt đầu bằng "Căn cứ"'),
    "no-addressee": (("    addressees:\n      - Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n"
                      "      - Các sở, ban, ngành tỉnh\n"
                      "      - UBND các huyện, thị xã, thành phố\n", "    addressees: []\n"),
                     "documents.cong-van-trien-khai.addressees",
                     "công văn cần ít nhất một nơi nhận ở dòng Kính gửi"),
    "shared-wording-with-the-province-indicators": (
        ("  13:\n    text: >-\n      Từng bước xóa bỏ tình trạng tảo hôn và phấn đấu, duy trì "
         "{a.2030} trẻ em không tảo hôn\n      đến năm 2030.\n", "  13:\n"),
        "targets.13.indicators", "câu chữ chung của chỉ tiêu (provinces/shared) dùng {a.2025} "
                                 "nhưng chỉ số 'a' không có giá trị năm 2025"),
}


@pytest.mark.parametrize("change,field,message", list(FOUND.values()), ids=list(FOUND))
def test_what_fuzzing_found_is_reported_in_the_province_file(
        project: Project, change: tuple[str, str], field: str, message: str) -> None:
    project.edit(*change)
    run = project.build("long-an")
    header = re.compile(rf"^{re.escape(str(project.province()))}:\d+:\d+: lỗi: trường "
                        rf"'{re.escape(field)}': {re.escape(message)}", re.MULTILINE)
    assert header.search(run.err), run.err
    assert_refused(project, run)


def test_a_province_without_documents_is_reported(project: Project) -> None:
    path = project.province()
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\ndocuments:\n")] + "\ndocuments: {}\n", encoding="utf-8")
    assert_refused(project, project.build("long-an"),
                   "trường 'documents': chưa khai báo văn bản nào")
