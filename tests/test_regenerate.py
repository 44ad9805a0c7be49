"""Regeneration: only what changed, a change report, tracked changes, history, no edit lost."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.commands.main import main
from generator.output.manifest import Manifest, file_hash

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of provinces/ and templates/, used as the current project."""
    shutil.copytree(ROOT / "provinces", tmp_path / "provinces")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["build", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rebuilt(out: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"đã tạo output/(\S+?)\.docx$", out, re.M)
            if not m.group(1).endswith(".thay-doi")}


def snapshot(folder: Path) -> dict[str, tuple[int, str | None]]:
    return {str(p): (p.stat().st_mtime_ns, file_hash(p)) for p in folder.rglob("*")
            if p.is_file()}


def revisions(path: Path) -> tuple[list[str], list[str], set[str]]:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    deleted = ["".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", m))
               for m in re.findall(r"<w:del [^>]*>(.*?)</w:del>", xml)]
    inserted = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", m))
                for m in re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml)]
    authors = set(re.findall(r'w:author="([^"]+)"', xml))
    return deleted, inserted, authors


def test_nothing_changed_nothing_written(project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert build(capsys)[0] == 0
    before = snapshot(project / "output")
    code, out, _ = build(capsys)
    assert code == 0 and out.strip() == "Không có thay đổi"
    assert snapshot(project / "output") == before


def test_changed_target_rebuilds_only_the_documents_that_print_it(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(capsys)
    edit(project / "provinces" / "long-an.yaml", "    a: {2025: 9, 2030: 6}",
         '    a: {2025: "8,5", 2030: 6}')
    code, out, _ = build(capsys)
    assert code == 0
    # The Báo cáo kết quả prints the target too, beside the results.
    assert rebuilt(out) == {"long-an/ke-hoach", "long-an/quyet-dinh-ban-hanh",
                            "long-an/bao-cao"}
    report = (project / "output" / "long-an" / "bao-cao-thay-doi.txt").read_text("utf-8")
    line = "Chỉ tiêu 4: suy dinh dưỡng thể nhẹ cân năm 2025: dưới 9% → dưới 8,5%"
    assert line in report and line in out
    assert "Văn bản đã sinh lại: ke-hoach, quyet-dinh-ban-hanh" in report
    deleted, inserted, authors = revisions(project / "output" / "long-an" /
                                           "ke-hoach.thay-doi.docx")
    assert deleted == ["9%"] and inserted == ["8,5%"] and authors == {"vanban"}


def test_moved_target_and_new_signer_are_reported(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    build(capsys)
    yaml = project / "provinces" / "tay-ninh.yaml"
    edit(yaml, "leads: [14]}", "leads: [13, 14]}")
    edit(yaml, "leads: [13, 21]}", "leads: [21]}")
    edit(yaml, "name: Lê Thị C", "name: Đỗ Văn D")
    code, out, _ = build(capsys)
    assert code == 0
    assert rebuilt(out) == {f"tay-ninh/{k}" for k in
                            ("ke-hoach", "quyet-dinh-ban-hanh", "cong-van-trien-khai",
                             "cong-van-xay-dung-ke-hoach", "huong-dan-nam",
                             "bao-cao")}  # its results' default source is the lead
    assert "Sở Tư pháp: chủ trì chỉ tiêu: 14 → 13, 14" in out
    assert ("Sở Văn hóa, Thể thao và Du lịch: chủ trì chỉ tiêu: 13, 21 → 21") in out
    assert "Văn bản huong-dan-nam: người ký: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Lê Thị C → " \
           "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Đỗ Văn D" in out
    deleted, inserted, _ = revisions(project / "output" / "tay-ninh" /
                                     "huong-dan-nam.thay-doi.docx")
    assert "Lê" in "".join(deleted) and "Đỗ" in "".join(inserted)
    assert rebuilt(out).isdisjoint({f"long-an/{k}" for k in ("ke-hoach",)})


def test_template_change_rebuilds_that_document_everywhere(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(capsys)
    template = project / "templates" / "huong-dan-nam.docx"
    document = Document(str(template))
    document.styles["VB Noi dung"].paragraph_format.first_line_indent = 720 * 635
    document.save(str(template))
    code, out, _ = build(capsys)
    assert code == 0
    assert rebuilt(out) == {f"{p}/huong-dan-nam" for p in ("long-an", "tay-ninh",
                                                           "tuyen-quang")}


def test_shared_content_change_rebuilds_every_province(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(capsys)
    edit(project / "provinces" / "shared" / "documents" / "cong-van-xay-dung-ke-hoach.yaml",
         "thanks: Trân trọng cảm ơn./.", "thanks: Xin trân trọng cảm ơn./.")
    code, out, _ = build(capsys)
    assert code == 0
    assert rebuilt(out) == {f"{p}/cong-van-xay-dung-ke-hoach"
                            for p in ("long-an", "tay-ninh", "tuyen-quang")}


def test_hand_edit_is_never_overwritten(project: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    build(capsys, "long-an")
    plan = project / "output" / "long-an" / "ke-hoach.docx"
    document = Document(str(plan))
    document.add_paragraph("Ý kiến của lãnh đạo: bổ sung chỉ tiêu về đuối nước.")
    document.save(str(plan))
    edited = file_hash(plan)
    edit(project / "provinces" / "long-an.yaml", "\n  1: {2025: 80, 2030: 85}\n",
         "\n  1: {2025: 81, 2030: 85}\n")
    code, _, err = build(capsys, "long-an")
    assert code == 4
    assert file_hash(plan) == edited
    beside = plan.with_name("ke-hoach.moi.docx")
    assert beside.is_file() and "đạt 81% vào năm 2025" in "\n".join(
        p.text for p in Document(str(beside)).paragraphs)
    assert "giữ nguyên" in err and "sửa tay" in err and "output/long-an/ke-hoach.moi.docx" in err
    # Building again changes nothing and still keeps the edit.
    assert build(capsys, "long-an")[0] == 4 and file_hash(plan) == edited
    code = build(capsys, "long-an", "--force")[0]
    assert code == 0 and file_hash(plan) != edited
    manifest = Manifest.load(plan.parent)
    saved = [v for v in manifest.documents["ke-hoach"].versions if "sửa tay" in v.note]
    assert len(saved) == 1 and file_hash(plan.parent / saved[0].file) == edited


def test_history_and_diff_against_any_version(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    yaml = project / "provinces" / "long-an.yaml"
    build(capsys, "long-an")
    edit(yaml, '  9: {2025: "0,05", 2030: "0,03"}', '  9: {2025: "0,04", 2030: "0,03"}')
    build(capsys, "long-an")
    edit(yaml, '  9: {2025: "0,04", 2030: "0,03"}', '  9: {2025: "0,02", 2030: "0,01"}')
    build(capsys, "long-an")
    assert main(["history", "long-an"]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"ke-hoach:\n  v1  \d{4}-\d\d-\d\dT.* bản do vanban sinh\n  v2  .*\n  v3 ",
                     listing)
    sections = dict(re.findall(r"^(\S+):\n((?:  .*\n)+)", listing, re.M))
    assert sections["huong-dan-nam"].count("\n") == 1  # the letter did not change
    assert main(["diff", "long-an", "ke-hoach", "--since", "1"]) == 0
    tracked = project / "output" / "long-an" / "ke-hoach.thay-doi-v1.docx"
    assert str(tracked) in capsys.readouterr().out or tracked.is_file()
    deleted, inserted, _ = revisions(tracked)
    assert {"0,05%", "0,03%"} <= set(deleted) and {"0,02%", "0,01%"} <= set(inserted)
    assert main(["diff", "long-an", "ke-hoach", "--since", "9"]) == 2
    assert "không có phiên bản 9" in capsys.readouterr().err


def _consistent(out: Path) -> None:
    """Every document opens, and the manifest knows each file vanban wrote."""
    for folder in (p for p in out.iterdir() if p.is_dir()):
        manifest = Manifest.load(folder)  # valid JSON, or the load raises
        for name, record in manifest.files.items():
            digest = file_hash(folder / name)
            assert digest is None or record.knows(digest), (folder / name)
        for document in folder.glob("*.docx"):
            Document(str(document))
    assert not [p for p in out.rglob("*.docx") if p.stat().st_size == 0]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_killed_at_any_moment_leaves_complete_files(project: Path, jobs: str) -> None:
    command = [sys.executable, "-m", "generator", "build", "--force", "--jobs", jobs]
    yaml = project / "provinces" / "long-an.yaml"
    values = ['"0,05"', '"0,04"']
    random.seed(7)
    for round_ in range(12 if jobs == "1" else 6):
        old, new = values[round_ % 2], values[(round_ + 1) % 2]
        edit(yaml, f"  9: {{2025: {old},", f"  9: {{2025: {new},")
        process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.2, 1.2))
        workers = _children_of(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Render workers die with their build: none is left holding the province's lock
        # (the next build would wait for it forever) or waiting on the pool's pipes.
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{w}").exists() and "generator" in _cmdline(w)
                  for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if Path(f"/proc/{w}").exists()
                    and "generator" in _cmdline(w)]
        if (project / "output").exists():
            _consistent(project / "output")
    finished = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project,
                              capture_output=True, text=True, check=False, timeout=120)
    assert finished.returncode == 0, finished.stderr
    _consistent(project / "output")
    manifest = json.loads((project / "output" / "long-an" / ".vanban" / "manifest.json")
                          .read_text(encoding="utf-8"))
    assert all(record["pending"] is None for record in manifest["files"].values())


def test_file_renamed_by_a_killed_build_is_rebuilt(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Killed after a rename and before recording it: the file matches no recorded input.

    It is known (not a hand edit), but it is not what the recorded inputs produced, so
    the next build replaces it even though the YAML did not change.
    """
    build(capsys, "long-an")
    folder = project / "output" / "long-an"
    original = file_hash(folder / "ke-hoach.docx")
    stranger = (folder / "huong-dan-nam.docx").read_bytes()
    manifest = Manifest.load(folder)
    manifest.begin({"ke-hoach.docx": stranger})
    manifest.put("ke-hoach.docx", stranger)  # ... and the build dies here
    code, out, err = build(capsys, "long-an")
    assert code == 0, err
    assert "output/long-an/ke-hoach.docx" in out and "giữ nguyên" not in err
    assert file_hash(folder / "ke-hoach.docx") == original
    assert all(r.pending is None for r in Manifest.load(folder).files.values())


TARGET_4 = ("    a: {2025: 9, 2030: 6}", '    a: {2025: "8,5", 2030: 6}')
TARGET_4_LINE = "Chỉ tiêu 4: suy dinh dưỡng thể nhẹ cân năm 2025: dưới 9% → dưới 8,5%"
REMARK = "Ý kiến của lãnh đạo: bổ sung chỉ tiêu về đuối nước."


def hand_edit(path: Path, text: str = REMARK) -> str | None:
    """Add a paragraph as someone would in Word; the new hash."""
    document = Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))
    return file_hash(path)


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o002, 0o664)],
                         ids=["umask-022", "umask-002"])
def test_every_file_written_has_ordinary_permissions(
        project: Path, capsys: pytest.CaptureFixture[str], umask: int, mode: int) -> None:
    """Not 0600 (as tempfile.mkstemp makes them): colleagues sharing the folder open them."""
    folder = project / "output" / "long-an"
    previous = os.umask(umask)
    try:
        assert build(capsys, "long-an")[0] == 0
        edit(project / "provinces" / "long-an.yaml", *TARGET_4)
        hand_edit(folder / "ke-hoach.docx")
        assert build(capsys, "long-an")[0] == 4  # a report, a tracked copy, a .moi.docx
    finally:
        os.umask(previous)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {"ke-hoach.moi.docx", "quyet-dinh-ban-hanh.thay-doi.docx", "bao-cao-thay-doi.txt",
            "manifest.json", "v001.docx", "v002.docx"} <= {p.name for p in files}
    assert {str(p): oct(p.stat().st_mode & 0o777) for p in files
            if p.stat().st_mode & 0o777 != mode} == {}


def test_force_after_a_hand_edit_reports_the_change_since_the_last_built_version(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project / "output" / "long-an"
    plan, beside = folder / "ke-hoach.docx", folder / "ke-hoach.moi.docx"
    build(capsys, "long-an")
    built = file_hash(plan)
    edit(project / "provinces" / "long-an.yaml", *TARGET_4)
    edited = hand_edit(plan)
    code, _, err = build(capsys, "long-an")
    assert code == 4 and beside.is_file() and "giữ nguyên" in err
    code, out, err = build(capsys, "long-an", "--force")
    assert code == 0, err
    assert not beside.exists()  # no stale new version beside the rewritten document
    manifest = Manifest.load(folder)
    assert "ke-hoach.moi.docx" not in manifest.files
    versions = manifest.documents["ke-hoach"].versions
    assert [(v.number, v.edited) for v in versions] == [(1, False), (2, True), (3, False)]
    assert [file_hash(folder / v.file) for v in versions] == [built, edited, file_hash(plan)]
    report = (folder / "bao-cao-thay-doi.txt").read_text(encoding="utf-8")
    assert TARGET_4_LINE in report and TARGET_4_LINE in out
    assert report.splitlines()[-1] == "Văn bản đã sinh lại: ke-hoach"
    deleted, inserted, _ = revisions(folder / "ke-hoach.thay-doi.docx")
    assert deleted == ["9%"] and inserted == ["8,5%"]  # from v1, not from the hand edit
    tracked = zipfile.ZipFile(folder / "ke-hoach.thay-doi.docx").read("word/document.xml")
    assert "đuối nước" not in tracked.decode("utf-8")


def test_a_new_version_edited_by_hand_is_saved_before_it_goes(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nobody should edit ke-hoach.moi.docx, but if someone does, it is not lost."""
    folder = project / "output" / "long-an"
    build(capsys, "long-an")
    edit(project / "provinces" / "long-an.yaml", *TARGET_4)
    hand_edit(folder / "ke-hoach.docx")
    assert build(capsys, "long-an")[0] == 4
    edited_beside = hand_edit(folder / "ke-hoach.moi.docx", "Ghi chú trên bản mới.")
    assert build(capsys, "long-an", "--force")[0] == 0
    assert not (folder / "ke-hoach.moi.docx").exists()
    versions = Manifest.load(folder).documents["ke-hoach"].versions
    saved = [v for v in versions if file_hash(folder / v.file) == edited_beside]
    assert len(saved) == 1 and saved[0].edited and "ke-hoach.moi.docx" in saved[0].note


def test_a_manifest_written_before_per_document_facts_still_reports(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Older manifests kept one set of facts per province and no ``edited`` mark: a hand
    edit saved then is still known by its note, and the report still has its lines."""
    folder = project / "output" / "long-an"
    build(capsys, "long-an")
    path = folder / ".vanban" / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    for record in raw["documents"].values():
        raw["facts"] = record.pop("facts")
        for version in record["versions"]:
            del version["edited"]
    raw["documents"]["ke-hoach"]["versions"].append(
        {"number": 2, "file": raw["documents"]["ke-hoach"]["versions"][0]["file"],
         "saved": "2025-01-01T00:00:00+07:00",
         "note": "bản sửa tay, lưu lại trước khi ghi đè (--force)"})
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert [v.edited for v in Manifest.load(folder).documents["ke-hoach"].versions] == [
        False, True]
    edit(project / "provinces" / "long-an.yaml", *TARGET_4)
    code, out, err = build(capsys, "long-an")
    assert code == 0, err
    assert TARGET_4_LINE in out
