"""The ``vanban`` command line as a user meets it: real processes, their words and statuses.

Every run here is ``python -m generator ...`` in a child process, in the repository or
in a copy of the project, so that what is checked is what a shell sees: the exit status,
standard output and error as bytes decoded, no traceback, no English word of argparse.
"""

from __future__ import annotations

import argparse
import ast
import errno
import inspect
import os
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from generator.commands import arguments
from generator.commands.main import VERBS, parser
from generator.domain.errors import os_error_message

ROOT = Path(__file__).resolve().parent.parent
# This tree's vanban, wherever the child runs; 100 columns so that help is laid out the same.
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
# Every verb the parser wires (VERBS), in the order of "vanban -h".
COMMANDS = list(next(a for a in parser()._actions
                     if isinstance(a, argparse._SubParsersAction)).choices)
# argparse's own English, as it would show through if a word were not translated.
ENGLISH = ["usage:", "options:", "positional arguments", "optional arguments", "show this help",
           "show program's version", "subcommands", "error:", "invalid choice", "choose from",
           "required", "unrecognized", "expected one argument", "invalid int value",
           "default:", "argument ", "maybe you meant", "Traceback"]


# Standard output written at once (a pipe's reader gone fails the first write), or through
# Python's buffer (it fails the flush at the end).
OUTPUT_MODES = {"unbuffered": {**ENV, "PYTHONUNBUFFERED": "1"},
                "buffered": {k: v for k, v in ENV.items() if k != "PYTHONUNBUFFERED"}}


def vanban(*args: str, cwd: Path = ROOT, stdout: int = subprocess.PIPE,
           env: dict[str, str] = ENV) -> subprocess.CompletedProcess[str]:
    """One run of ``python -m generator``, standard output and error as text."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          stdout=stdout, stderr=subprocess.PIPE, encoding="utf-8",
                          timeout=300, check=False)


def assert_vietnamese(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, f"{word!r} in:\n{text}"
    assert unicodedata.is_normalized("NFC", text)


def refused(run: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Status 2, each fragment on standard error, nothing of argparse's English."""
    assert run.returncode == 2, run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, run.stderr
    assert_vietnamese(run.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project (two provinces, shared content, templates) to change freely."""
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    for name in ("long-an", "tay-ninh"):
        shutil.copy(ROOT / "provinces" / f"{name}.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


# ---------------------------------------------------------------------------------------------
# Help: every word Vietnamese, examples and exit statuses at the end of each command's
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)],
                         ids=["vanban", *COMMANDS])
def test_help_is_vietnamese(command: list[str]) -> None:
    run = vanban(*command, "-h")
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith(f"cách dùng: {' '.join(['vanban', *command])} [-h]")
    assert "\ntùy chọn:\n  -h, --help" in run.stdout
    assert "in hướng dẫn này rồi thoát" in run.stdout
    assert_vietnamese(run.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_ends_with_examples_and_exit_statuses(command: str) -> None:
    """Two or three examples of the command itself, then 'Mã thoát:' with one status a
    line: the line breaks of the epilog survive argparse's wrapping."""
    text = vanban(command, "-h").stdout
    examples, statuses = text.split("\nVí dụ:\n")[1].split("\n\nMã thoát:\n")
    assert 2 <= sum(line.startswith(f"  vanban {command}") for line in examples.splitlines()) <= 3
    codes = [line.split()[0] for line in statuses.strip("\n").splitlines()
             if not line.startswith("     ")]  # a long meaning continues under itself
    assert codes[:2] == ["0", "2" if command != "check" else "1"]
    assert codes == sorted(codes) and "2" in codes


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_a_narrow_terminal(command: str) -> None:
    """At 60 columns every line after the usage fits (no word there is longer than the
    room left), an example's meaning moves under it, a name with hyphens stays whole."""
    run = subprocess.run([sys.executable, "-m", "generator", command, "-h"], cwd=ROOT,
                         env={**ENV, "COLUMNS": "60"}, capture_output=True, text=True,
                         timeout=60, check=False)
    body = run.stdout.split("\n\n", 1)[1]
    assert max(len(line) for line in body.splitlines()) <= 58, body
    examples = body.split("Ví dụ:\n")[1].split("\n\n")[0].splitlines()
    for line, after in zip(examples, [*examples[1:], ""], strict=True):
        if line.startswith("  vanban "):  # its meaning beside it, else on the next line
            assert "  " in line.strip() or (after.startswith("      ") and after.strip()), body
    assert "cong-van-xay-dung-ke-hoach" in body or command not in ("build", "diff")


def test_root_help_lists_every_command_and_every_status() -> None:
    text = vanban("-h").stdout
    for command in COMMANDS:
        assert f"\n    {command} " in text
    statuses = text.split("\nMã thoát:\n")[1]
    assert [line.split()[0] for line in statuses.splitlines()[:5]] == ["0", "1", "2", "3", "4"]
    assert "vanban LỆNH -h" in text


def test_every_argument_has_vietnamese_help() -> None:
    root = parser()
    (commands,) = [a for a in root._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(commands.choices) == len(VERBS) == len(COMMANDS)
    assert [c.dest for c in commands._choices_actions] == COMMANDS  # each with a summary
    for each in [root, *commands.choices.values()]:
        assert each.description and each.epilog
        for action in each._actions:
            assert action.help, f"{each.prog}: {action.option_strings or action.dest}"
            assert any(not ch.isascii() for ch in action.help), action.help


def test_version() -> None:
    run = vanban("--version")
    assert run.returncode == 0 and run.stdout.startswith("vanban ")


def _msgids(source: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Every text argparse passes to gettext: ``_('...')`` and ``ngettext('...', '...')``."""
    singles, plurals = set(), set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)
                 and isinstance(a.value, str)]
        if node.func.id == "_" and texts:
            singles.add(texts[0])
        elif node.func.id == "ngettext" and len(texts) >= 2:
            plurals.add((texts[0], texts[1]))
    return singles, plurals


def test_every_word_of_this_pythons_argparse_is_translated() -> None:
    singles, plurals = _msgids(Path(argparse.__file__).read_text(encoding="utf-8"))
    assert "usage: " in singles and len(singles) > 25  # the reading found them
    assert singles - arguments.MESSAGES.keys() == set()
    assert plurals - arguments.PLURALS.keys() == set()


def _other_pythons() -> list[str]:
    """Interpreters of Python 3.11 or later on this machine other than the one running."""
    names = [f"python3.{minor}" for minor in range(11, 16)]
    candidates = [found for name in names if (found := shutil.which(name))]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob("3.*/bin/python3"))
    versions: dict[tuple[int, ...], str] = {}
    for candidate in candidates:
        try:
            done = subprocess.run([candidate, "-c", "import sys; print(*sys.version_info[:2])"],
                                  capture_output=True, text=True, timeout=30, check=False)
        except OSError:
            continue
        if done.returncode != 0:
            continue  # a pyenv shim of a version not selected, for one
        version = tuple(int(part) for part in done.stdout.split())
        if (3, 11) <= version != sys.version_info[:2]:
            versions.setdefault(version, candidate)
    return [versions[version] for version in sorted(versions)]


# Run by another Python: argparse's words read from its own source, then a parser of ours
# used as a user would, wrong value, missing argument, help. Standard library only.
_OTHER_PYTHON_CHECK = "import ast\n" + textwrap.dedent(inspect.getsource(_msgids)) + """
import argparse, contextlib, io
from pathlib import Path
from generator.commands.arguments import MESSAGES, PLURALS, Parser, positive_int
singles, plurals = _msgids(Path(argparse.__file__).read_text(encoding="utf-8"))
print("MISSING", sorted(singles - MESSAGES.keys()), sorted(plurals - PLURALS.keys()))
root = Parser(prog="vanban")
root.add_argument("--version", action="version", version="1")  # its default help
commands = root.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")
build = commands.add_parser("build", help="sinh")
build.add_argument("--jobs", type=positive_int, help="số")
build.add_argument("--doc", choices=["ke-hoach", "huong-dan-nam"], help="văn bản")
build.add_argument("tinh", metavar="TỈNH", help="tỉnh")
for argv in (["-h"], ["build", "-h"], ["buld"], ["build", "x", "--doc", "ke-hoac"],
             ["build", "x", "--jobs", "0"], ["build"], ["build", "x", "--jobs"],
             ["build", "x", "y"]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            root.parse_args(argv)
        except SystemExit as exit:
            print("STATUS", exit.code, file=out)
    print(out.getvalue() + err.getvalue())
"""


@pytest.mark.parametrize("python", _other_pythons() or [None])
def test_argparse_words_on_other_pythons(python: str | None) -> None:
    """The table covers argparse of every supported Python found here, not only ours."""
    if python is None:
        pytest.skip("chỉ có một phiên bản Python 3.11+ trên máy này")
    done = subprocess.run([python, "-c", _OTHER_PYTHON_CHECK],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "MISSING [] []" in done.stdout
    output = done.stdout
    assert_vietnamese(output)
    for expected in ["cách dùng: vanban [-h] [--version] LỆNH ...", "in hướng dẫn này rồi thoát",
                     "các lệnh:", "tham số:", "không có lệnh 'buld'. Có phải ý bạn là 'build'?",
                     "Có phải ý bạn là 'ke-hoach'?", "cần số nguyên dương",
                     "thiếu tham số bắt buộc: TỈNH", "tham số --jobs: cần một giá trị",
                     "không hiểu tham số: y", "--version   in số phiên bản rồi thoát"]:
        assert expected in output, output
    assert output.count("STATUS 2") == 6 and output.count("STATUS 0") == 2


# ---------------------------------------------------------------------------------------------
# A wrong command line: status 2, what was wrong, the nearest right word
# ---------------------------------------------------------------------------------------------


def test_mistyped_command_gets_the_nearest() -> None:
    run = vanban("buld")
    refused(run, "vanban: lỗi dòng lệnh: không có lệnh 'buld'. Có phải ý bạn là 'build'?",
            f"Các lệnh: {', '.join(COMMANDS)}.", "Xem hướng dẫn: vanban -h")
    assert run.stdout == ""


def test_a_word_far_from_any_command_gets_no_guess() -> None:
    run = vanban("xyzzy")
    refused(run, f"không có lệnh 'xyzzy'. Các lệnh: {COMMANDS[0]}")
    assert "Có phải ý bạn là" not in run.stderr


def test_mistyped_document_kind_gets_the_nearest() -> None:
    refused(vanban("build", "long-an", "--doc", "ke-hoac"),
            "tham số --doc: không có lựa chọn 'ke-hoac'. Có phải ý bạn là 'ke-hoach'?",
            "Xem hướng dẫn: vanban build -h")
    refused(vanban("diff", "long-an", "quyet-dinh"), "Có phải ý bạn là 'quyet-dinh-ban-hanh'?")


def test_mistyped_province_gets_the_nearest(project: Path) -> None:
    refused(vanban("build", "long-ann", cwd=project),
            "không có tỉnh 'long-ann'", "có phải ý bạn là 'long-an'?",
            "các tỉnh có: long-an, tay-ninh")


@pytest.mark.parametrize("value", ["0", "-1", "-20"])
def test_jobs_below_one_is_refused(project: Path, value: str) -> None:
    run = vanban("build", "--jobs", value, "--out", "ra", cwd=project)
    refused(run, f"tham số --jobs: cần số nguyên dương (từ 1 trở lên), gặp {int(value)}")
    assert not (project / "ra").exists()


def test_jobs_not_a_number_is_refused(project: Path) -> None:
    refused(vanban("build", "--jobs", "hai", cwd=project),
            "tham số --jobs: 'hai' không phải một số nguyên")


def test_version_zero_is_refused() -> None:
    refused(vanban("diff", "long-an", "ke-hoach", "--since", "0"),
            "tham số --since: cần số nguyên dương")


@pytest.mark.parametrize(("argv", "message"), [
    (["history"], "thiếu tham số bắt buộc: TỈNH"),
    ([], "thiếu tham số bắt buộc: LỆNH"),
    (["build", "--out"], "tham số --out: cần một giá trị"),
    (["build", "--khong-co"], "không hiểu tham số: --khong-co\nXem hướng dẫn: vanban build -h"),
    (["build", "--fource"], "không hiểu tham số: --fource. Có phải ý bạn là '--force'?"),
    (["check", "a.docx", "--formt", "json"], "Có phải ý bạn là '--format'?"),
    (["build", "--force=1"], "tham số --force: tùy chọn này không nhận giá trị"),
    (["check", "--format", "xml", "a.docx"], "tham số --format: không có lựa chọn 'xml'"),
])
def test_wrong_command_lines_are_vietnamese(argv: list[str], message: str) -> None:
    run = vanban(*argv)
    refused(run, message, "cách dùng: vanban")
    assert run.stdout == ""


# ---------------------------------------------------------------------------------------------
# A reader that goes away: vanban list | head -1
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", OUTPUT_MODES)
@pytest.mark.parametrize("argv", [["list"], ["-h"], ["build", "-h"]])
def test_a_closed_pipe_ends_quietly(argv: list[str], mode: str) -> None:
    """The reading end is closed before vanban writes a byte: every write fails with EPIPE,
    which must end the run with status 0 and not a word on standard error."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        run = vanban(*argv, stdout=writing, env=OUTPUT_MODES[mode])
    finally:
        os.close(writing)
    assert run.returncode == 0
    assert run.stderr == ""


def test_a_closed_pipe_keeps_the_status_of_a_finished_run(tmp_path: Path) -> None:
    """All of ``vanban check``'s report fits in the output buffer, so the run finishes and
    only the last flush meets the closed pipe: the status (2, a file unreadable) stays."""
    built = vanban("build", "long-an", "--doc", "ke-hoach", "--out", str(tmp_path))
    assert built.returncode == 0, built.stderr
    (tmp_path / "long-an" / "hong.docx").write_text("không phải docx", encoding="utf-8")
    reading, writing = os.pipe()
    os.close(reading)
    try:
        run = vanban("check", str(tmp_path / "long-an"), stdout=writing,
                     env=OUTPUT_MODES["buffered"])
    finally:
        os.close(writing)
    assert run.returncode == 2
    assert run.stderr.startswith(f"vanban check: {tmp_path / 'long-an' / 'hong.docx'}: ")
    assert "Traceback" not in run.stderr and "Broken pipe" not in run.stderr


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None,
                    reason="cần bash và head")
def test_list_into_head() -> None:
    command = f"set -o pipefail; '{sys.executable}' -m generator list | head -1"
    run = subprocess.run(["bash", "-c", command], cwd=ROOT, env=ENV, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.count("\n") == 1 and run.stdout.startswith("long-an: ")


# ---------------------------------------------------------------------------------------------
# Operating-system errors: a sentence naming the path and what to do
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="cần /proc (Linux)")
def test_output_folder_that_cannot_exist(project: Path) -> None:
    refused(vanban("build", "long-an", "--out", "/proc/x", cwd=project),
            "vanban: không đọc hoặc ghi được /proc/x: đường dẫn không tồn tại [ENOENT]; "
            "kiểm tra lại đường dẫn")


def test_output_folder_under_a_file(project: Path) -> None:
    (project / "ghi-chu.txt").write_text("một tệp", encoding="utf-8")
    run = vanban("build", "long-an", "--out", "ghi-chu.txt/ra", cwd=project)
    refused(run, "vanban: không đọc hoặc ghi được ghi-chu.txt/",
            "là tệp chứ không phải thư mục [ENOTDIR]")
    assert (project / "ghi-chu.txt").read_text(encoding="utf-8") == "một tệp"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="người dùng root ghi được cả thư mục chỉ cho đọc")
def test_output_folder_without_permission(project: Path) -> None:
    locked = project / "khoa"
    locked.mkdir(mode=0o500)
    try:
        refused(vanban("build", "long-an", "--out", "khoa/ra", cwd=project),
                "không đọc hoặc ghi được khoa/ra", "không có quyền truy cập [EACCES]")
    finally:
        locked.chmod(0o700)


def _in_own_mount(tmp_path: Path, options: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """vanban with a small tmpfs mounted at ``tmp_path/o`` in a mount namespace of its own
    (gone with the process); afterwards, the files left there listed on standard output."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("cần unshare và quyền root để gắn một ổ tmpfs riêng")
    mount = tmp_path / "o"
    mount.mkdir()
    script = ('opts="$1"; at="$2"; shift 2; mount -t tmpfs -o "$opts" tmpfs "$at" || exit 99; '
              '"$@"; status=$?; echo ---; find "$at" -type f; exit $status')
    run = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", options, str(mount),
                          sys.executable, "-m", "generator", *argv, "--out", f"{mount}/ra"],
                         cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300,
                         check=False)
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip(f"không gắn được tmpfs: {run.stderr.strip()}")
    return run


def test_disk_full(tmp_path: Path) -> None:
    run = _in_own_mount(tmp_path, "size=48k", "build", "long-an")
    refused(run, f"vanban: không đọc hoặc ghi được {tmp_path}/o/ra",
            "ổ đĩa đã đầy [ENOSPC]; giải phóng dung lượng")
    left = run.stdout.split("---\n")[1].split()
    assert [name for name in left if name.endswith(".tmp")] == []  # no half-written file


def test_read_only_disk(tmp_path: Path) -> None:
    run = _in_own_mount(tmp_path, "ro,size=1m", "build", "long-an")
    refused(run, f"vanban: không đọc hoặc ghi được {tmp_path}/o/ra",
            "ổ đĩa chỉ cho đọc [EROFS]; chọn thư mục trên một ổ ghi được")


@pytest.mark.parametrize("name", ["EACCES", "EPERM", "ENOENT", "ENOTDIR", "EISDIR", "EEXIST",
                                  "ENOSPC", "EDQUOT", "EROFS", "ENAMETOOLONG", "ELOOP",
                                  "EMFILE", "ENFILE", "EBUSY", "ETXTBSY", "EIO"])
def test_os_error_messages(name: str) -> None:
    code = getattr(errno, name, None)
    if code is None:
        pytest.skip(f"{name} không có trên hệ điều hành này")
    message = os_error_message(OSError(code, os.strerror(code), "/a/tệp.docx"))
    assert message.startswith("không đọc hoặc ghi được /a/tệp.docx: ")
    assert f"[{errno.errorcode[code]}]; " in message
    assert os.strerror(code) not in message  # the system's English stays out
    assert unicodedata.is_normalized("NFC", message)


def test_os_error_message_without_a_path_and_with_two() -> None:
    assert os_error_message(OSError(errno.ENOSPC, "No space left on device")).startswith(
        "không đọc hoặc ghi được: ổ đĩa đã đầy [ENOSPC]; ")
    renamed = OSError(errno.EXDEV, "Invalid cross-device link", "a.tmp", None, "b.docx")
    assert os_error_message(renamed).startswith(
        "không đọc hoặc ghi được a.tmp → b.docx: lỗi của hệ điều hành [EXDEV] ")


# ---------------------------------------------------------------------------------------------
# provinces/<id>.yml as well as .yaml
# ---------------------------------------------------------------------------------------------


def test_a_yml_province_is_found_everywhere(project: Path) -> None:
    (project / "provinces" / "long-an.yaml").rename(project / "provinces" / "long-an.yml")
    listing = vanban("list", cwd=project)
    assert listing.returncode == 0, listing.stderr
    assert "long-an: Long An" in listing.stdout and "tay-ninh: " in listing.stdout
    checked = vanban("validate", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert "long-an.yml: hợp lệ" in checked.stdout and "tay-ninh.yaml: hợp lệ" in checked.stdout
    built = vanban("build", "long-an", "--doc", "ke-hoach", "--out", "ra", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "ra" / "long-an" / "ke-hoach.docx").is_file()
    history = vanban("history", "long-an", "--out", "ra", cwd=project)
    assert history.returncode == 0 and "ke-hoach:\n  v1 " in history.stdout


@pytest.mark.parametrize("argv", [["list"], ["build", "long-an"], ["build"], ["validate"]])
def test_one_id_as_yaml_and_yml_is_refused(project: Path, argv: list[str]) -> None:
    shutil.copy(project / "provinces" / "long-an.yaml", project / "provinces" / "long-an.yml")
    run = vanban(*argv, "--out", "ra", cwd=project) if argv[0] == "build" else \
        vanban(*argv, cwd=project)
    refused(run, "tỉnh 'long-an' có hai tệp: ", "long-an.yaml và ", "long-an.yml; giữ một tệp, "
            "xóa hoặc đổi tên tệp kia")
    assert not (project / "ra").exists()


def test_two_files_of_one_id_are_not_built_into_one_folder(project: Path) -> None:
    (project / "nhap").mkdir()
    shutil.copy(project / "provinces" / "long-an.yaml", project / "nhap" / "long-an.yaml")
    run = vanban("build", "provinces/long-an.yaml", "nhap/long-an.yaml", "--out", "ra",
                 cwd=project)
    refused(run, "tỉnh 'long-an' có hai tệp: provinces/long-an.yaml và nhap/long-an.yaml")
    assert not (project / "ra").exists()
    same = vanban("validate", "long-an", "provinces/long-an.yaml", cwd=project)
    assert same.returncode == 0 and same.stdout.count("hợp lệ") == 1  # one file named twice


def test_a_fault_of_vanban_is_a_vietnamese_sentence_and_a_saved_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    from generator.commands import main as cli

    def broken() -> None:
        raise RuntimeError("lỗi giả trong mã")

    monkeypatch.setattr(cli, "find_project", broken)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert cli.main(["list"]) == 70
    err = capsys.readouterr().err
    assert "lỗi không lường trước" in err and "RuntimeError" in err
    assert "Traceback" not in err
    (saved,) = tmp_path.glob("vanban-loi-*.txt")
    assert "Traceback" in saved.read_text(encoding="utf-8")
    assert str(saved) in err


def test_ctrl_c_ends_with_a_sentence_and_status_130(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.commands import main as cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "find_project", interrupted)
    assert cli.main(["list"]) == 130
    err = capsys.readouterr().err
    assert "Ctrl+C" in err and "Traceback" not in err
