"""The LibreOffice ``vanban serve`` keeps running for previews (web.office), and the order
in which previews are made (web.previews): the document the officer waits for first.

The running LibreOffice is tested for real where LibreOffice and a Python that imports
``uno`` exist; its failures (no such Python, a worker that dies) with the real worker
script run by a Python that cannot import ``uno``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from generator.output.pdf import find_soffice
from generator.web import office as office_module
from generator.web import previews
from generator.web.office import MAX_FAILURES, WarmOffice, uno_pythons

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def _documents(folder: Path, count: int) -> list[Path]:
    """Real .docx files: copies of one of the repository's templates, each a little
    different so that their hashes differ."""
    source = (ROOT / "templates" / "cong-van-trien-khai.docx").read_bytes()
    made = []
    for index in range(count):
        path = folder / f"van-ban-{index}.docx"
        path.write_bytes(source + bytes(index))  # a zip reader ignores trailing bytes
        made.append(path)
    return made


def _fake_cold(calls: list[list[str]]) -> object:
    def convert(documents: list[Path]) -> list[Path]:
        calls.append([d.name for d in documents])
        for document in documents:
            document.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n")
        return [d.with_suffix(".pdf") for d in documents]
    return convert


def test_the_running_libreoffice_gets_one_document_at_a_time_the_first_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previews, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(previews.shutil, "which", lambda name: None)  # PDFs only, no pages
    converted: list[list[str]] = []
    told: list[list[str]] = []

    def office(documents: list[Path]) -> None:
        converted.append([d.parent.name for d in documents])
        for document in documents:
            document.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n")

    data = [p.read_bytes() for p in _documents(tmp_path, 3)]
    made = previews.make(data, tmp_path / "bo-nho", ready=told.append, office=office)
    digests = [p.digest for p in made]
    assert converted == [[d] for d in digests] == told
    assert all(p.pdf.is_file() for p in made)
    again: list[list[str]] = []
    previews.make(data, tmp_path / "bo-nho", ready=again.append, office=office)
    assert converted == told and again == []  # cached: nothing converted


def test_without_a_python_that_imports_uno_the_usual_conversion_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(office_module, "convert_cold", _fake_cold(calls))
    monkeypatch.setattr(office_module, "find_soffice", lambda: "/usr/bin/soffice")
    office = WarmOffice(find_python=lambda soffice: [], on_demand=True)
    documents = _documents(tmp_path, 2)
    office.convert(documents)
    assert calls == [["van-ban-0.docx", "van-ban-1.docx"]]
    assert all(d.with_suffix(".pdf").is_file() for d in documents)
    assert office.failures == MAX_FAILURES  # not tried again: nothing to try with
    office.convert(documents[:1])
    assert calls[-1] == ["van-ban-0.docx"]


def test_a_worker_that_cannot_start_is_retried_then_left(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The real worker script, run by a Python without ``uno``: it says why and ends; each
    conversion goes the usual way, and after MAX_FAILURES starts none is tried."""
    calls: list[list[str]] = []
    monkeypatch.setattr(office_module, "convert_cold", _fake_cold(calls))
    monkeypatch.setattr(office_module, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(office_module, "_imports_uno", lambda python: True)
    office = WarmOffice(find_python=lambda soffice: [sys.executable], on_demand=True)
    documents = _documents(tmp_path, 1)
    for attempt in range(MAX_FAILURES + 1):
        office.convert(documents)
        assert office.failures == min(attempt + 1, MAX_FAILURES)
    assert len(calls) == MAX_FAILURES + 1
    assert office._process is None
    assert _offices_of(office) == []  # no LibreOffice was started for nothing


def _offices_of(office: WarmOffice) -> list[int]:
    """The processes (LibreOffice, its worker) started for ``office``, by their command
    line: its pipe's name holds this process's id and the object's (Linux /proc)."""
    mark = f"vanban-{os.getpid()}-{id(office)}-".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if mark in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_an_application_never_served_starts_no_libreoffice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(office_module, "convert_cold", _fake_cold(calls))
    office = WarmOffice(find_python=lambda soffice: pytest.fail("no LibreOffice wanted"))
    office.convert(_documents(tmp_path, 1))
    assert calls == [["van-ban-0.docx"]] and office._process is None


def test_the_server_starts_its_libreoffice_and_stops_it(tmp_path: Path) -> None:
    """The application's lifespan (what uvicorn runs around serving) starts the running
    LibreOffice and ends it; nothing is left running afterwards."""
    from starlette.testclient import TestClient

    from generator.config.project import Project
    from generator.web.app import create_app

    (tmp_path / "provinces").mkdir()
    app = create_app(Project(tmp_path), tmp_path / "output")
    office = app.state.web.office
    assert office is not None and not office.wanted
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert office.wanted
        assert client.get("/").status_code == 200
    assert office.closed and office._process is None
    for _ in range(100):
        if not _offices_of(office):
            break
        time.sleep(0.1)
    assert _offices_of(office) == []
    assert create_app(Project(tmp_path), tmp_path / "output",
                      warm_office=False).state.web.office is None


def test_python_for_uno_is_looked_for_beside_libreoffice_first(tmp_path: Path) -> None:
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    (program / "python.exe").write_bytes(b"")
    found = uno_pythons(str(program / "soffice.exe"), windows=True)
    assert found[0] == str(program / "python.exe")


@pytest.mark.skipif(find_soffice() is None or not any(
    office_module._imports_uno(p) for p in uno_pythons(find_soffice() or "soffice")),
    reason="cần LibreOffice và một Python nạp được mô-đun uno (Debian: python3-uno)")
def test_the_running_libreoffice_converts_real_documents(tmp_path: Path) -> None:
    office = WarmOffice(on_demand=True)
    try:
        documents = _documents(tmp_path, 2)
        office.convert(documents)
        for document in documents:
            assert document.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        process = office._process
        assert process is not None and process.poll() is None and office.failures == 0
        (tmp_path / "sau").mkdir()
        third = _documents(tmp_path / "sau", 1)
        office.convert(third)  # the same LibreOffice, still running
        assert office._process is process
        assert third[0].with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        # LibreOffice dies (a crash): that document is converted the usual way, and the
        # next one by a new running LibreOffice.
        for pid in _offices_of(office):
            if pid != process.pid:
                os.kill(pid, signal.SIGKILL)
        (tmp_path / "sau-khi-chet").mkdir()
        fourth, fifth = _documents(tmp_path / "sau-khi-chet", 2)
        office.convert([fourth])
        assert fourth.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert office.failures == 1
        office.convert([fifth])
        assert fifth.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert office._process is not None and office._process is not process
    finally:
        office.close()
    assert process.poll() is not None  # stopped with the server
    for _ in range(100):  # and LibreOffice with it, not left running
        if not _offices_of(office):
            break
        time.sleep(0.1)
    assert _offices_of(office) == []
