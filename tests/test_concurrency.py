"""Builds of the same province at the same time: one after the other, each version once.

Real ``python -m generator build`` processes started together on a copy of the project;
the lock they share is the one in ``generator.output.lock`` that any caller (the web app
too) takes for a province's output folder.
"""

from __future__ import annotations

import itertools
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.commands.main import main
from generator.output.lock import LOCK_FILE, STATE_DIR, folder_lock
from generator.output.manifest import Manifest, file_hash
from tests.sample_yaml import without_warnings

ROOT = Path(__file__).resolve().parent.parent
TARGET = "    a: {{2025: {}, 2030: 6}}"  # target 4 of long-an, the value for 2025 varies
WAITING = "Đang chờ một lần sinh khác của tỉnh long-an kết thúc"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of provinces/ and templates/ (the builds run in it)."""
    shutil.copytree(ROOT / "provinces", tmp_path / "provinces")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def set_target(project: Path, old: str, new: str) -> None:
    path = project / "provinces" / "long-an.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(TARGET.format(old)) == 1
    path.write_text(text.replace(TARGET.format(old), TARGET.format(new)), encoding="utf-8")


def command(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "long-an", "--out",
            str(project / "output")]


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(project), cwd=project, capture_output=True, text=True,
                          timeout=120, check=False)


def start(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(command(project), cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_line(stream: object, seconds: float) -> str:
    """The next line of a child's output, or "" when none comes in time; the warnings
    about the sample's sample values (a header and indented lines) are passed over."""
    ready, _, _ = select.select([stream], [], [], seconds)
    line = ready[0].readline() if ready else ""  # type: ignore[attr-defined]
    # The warnings come in one go, before the build waits: the line after them may be in
    # the stream's buffer already, where select() does not see it.
    while line and not (without_warnings(line) and not line.startswith("  ")):
        line = stream.readline()  # type: ignore[attr-defined]
    return line


def build_here(project: Path, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The same build in this process (no interpreter to start: the test stays short)."""
    monkeypatch.chdir(project)
    capsys.readouterr()
    code = main(command(project)[3:])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_builds_started_together_write_each_version_once(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Before the lock, in 2 runs of 3 the history missed the new version and every later
    build refused with exit 4 ("sửa tay") although nobody had edited anything."""
    assert build_here(project, monkeypatch, capsys)[0] == 0
    folder = project / "output" / "long-an"
    plan = folder / "ke-hoach.docx"
    values = ["9", '"8,5"', "8", '"7,5"']
    for round_, (old, new) in enumerate(itertools.pairwise(values)):
        set_target(project, old, new)
        processes = [start(project) for _ in range(4)]
        results = [(p, *p.communicate(timeout=120)) for p in processes]
        for process, _, err in results:
            assert process.returncode == 0, err
            assert "sửa tay" not in err
            assert all(line.startswith(WAITING) for line in without_warnings(err)), err
        writers = [out for _, out, _ in results if f"đã tạo {plan}\n" in out]
        assert len(writers) == 1, [out for _, out, _ in results]
        versions = Manifest.load(folder).documents["ke-hoach"].versions
        assert len(versions) == round_ + 2
        hashes = [file_hash(folder / v.file) for v in versions]
        assert hashes.count(file_hash(plan)) == 1 and hashes[-1] == file_hash(plan)
        code, out, err = build_here(project, monkeypatch, capsys)
        assert code == 0, err
        assert out.strip() == "Không có thay đổi"
    assert not (folder / STATE_DIR / LOCK_FILE).exists()


def test_a_second_build_waits_for_the_first_and_says_so(project: Path) -> None:
    assert build(project).returncode == 0
    folder = project / "output" / "long-an"
    plan = folder / "ke-hoach.docx"
    before = file_hash(plan)
    set_target(project, "9", '"8,5"')
    with folder_lock(folder):
        process = start(project)
        line = read_line(process.stderr, 60)
        assert line.startswith(WAITING), line
        assert f"(thư mục {folder} đang được ghi)..." in line
        time.sleep(0.5)
        assert process.poll() is None  # still waiting, and nothing written meanwhile
        assert file_hash(plan) == before
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert f"đã tạo {plan}" in out and file_hash(plan) != before


HOLD = """
import sys, time
from pathlib import Path
from generator.output.lock import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_killed_holder_blocks_nobody(project: Path) -> None:
    """The lock is the operating system's: it goes with the process that held it."""
    folder = project / "output" / "long-an"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], cwd=project,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert read_line(holder.stdout, 60).strip() == "held"
    finally:
        holder.kill()
        holder.wait()
    assert (folder / STATE_DIR / LOCK_FILE).exists()  # left behind, and harmless
    started = time.monotonic()
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert WAITING not in result.stderr and time.monotonic() - started < 60
    assert (folder / "ke-hoach.docx").is_file()
    assert not (folder / STATE_DIR / LOCK_FILE).exists()


def test_threads_take_turns_and_a_holder_may_take_it_again(tmp_path: Path) -> None:
    """Two web requests in one process exclude each other too; nested use is no deadlock."""
    folder = tmp_path / "output" / "long-an"
    inside, most, notices = 0, 0, []
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        with folder_lock(folder, notice=notices.append), folder_lock(folder):
            with guard:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with guard:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert most == 1
    assert notices and all(n.startswith(WAITING) for n in notices)
    assert not (folder / STATE_DIR / LOCK_FILE).exists()


def test_a_lock_on_a_fresh_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "output" / "long-an"
    with folder_lock(folder):
        assert (folder / STATE_DIR / LOCK_FILE).is_file()
        mode = (folder / STATE_DIR / LOCK_FILE).stat().st_mode & 0o777
        assert mode == 0o666 & ~current_umask()
    assert not folder.exists() and (tmp_path / "output").is_dir()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
