"""File handling under Windows names (issue 13 point 1), exercised on any system.

Office machines run Windows, where ``CON``, ``nul.docx`` or ``LPT1`` cannot be opened, a
name ending in a dot or a space is silently changed, ``C:\\x`` is a drive and ``..\\``
climbs out of a folder. Every name that reaches the web application or ``vanban new``
is tried here: province ids in addresses, a province file with a reserved name, the unit
chosen on the new-province page, the name of an uploaded file, the name of the download
offered for it, and ``vanban new --out``. Each is refused or reduced to a plain name;
``PureWindowsPath`` judges what Windows would make of the result, so the Windows logic
runs on Linux. No value from the browser is ever used as a file path.
"""

from __future__ import annotations

import shutil
import urllib.parse
from email.message import Message
from pathlib import Path, PureWindowsPath

import pytest
from starlette.testclient import TestClient

from generator.commands.main import main
from generator.config.project import Project
from generator.domain.names import DEVICE_NAMES, id_problem, template_problem
from generator.web import previews
from generator.web.app import create_app
from generator.web.pages_check import download_name

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ma-thu-nghiem"
BASE = "http://127.0.0.1"

# Names Windows reserves, climbs, drives and names it changes without a word.
WINDOWS_NAMES = ["CON", "con", "nul", "NUL.docx", "nul.tar.gz", "Com1", "LPT1", "lpt9.docx",
                 "AUX", "prn.yaml", "CON ", "con.", "CON .docx", "C:\\x\\y.docx", "C:x",
                 "c:", "D:\\", "\\\\may\\chia-se\\a.docx", "..\\..\\a.docx", "..", "a\\..\\b",
                 "/etc/passwd", "long-an.", "long-an ", "long-an..."]


def _windows_trouble(name: str) -> str | None:
    """What Windows would make of ``name`` used as a file name in a folder, or None when
    it is a plain name there."""
    path = PureWindowsPath(name)
    if path.drive or path.root or path.is_absolute():
        return "drive or absolute"
    if len(path.parts) != 1 or path.name != name or name in (".", ".."):
        return "a path, not a name"
    if name != name.rstrip(". "):
        return "trailing dot or space (Windows drops it)"
    if name.split(".")[0].strip().upper() in DEVICE_NAMES:
        return "a reserved device name"
    return None


def test_the_windows_judge_knows_the_names() -> None:
    """The judge the other tests rely on: plain names pass, every troublesome one fails."""
    for plain in ("long-an", "ke-hoach.docx", "tuyen-quang.yaml", "van-ban.sua.docx",
                  "console", "nullable.docx", "com10.docx", "lpt0"):
        assert _windows_trouble(plain) is None, plain
    for name in WINDOWS_NAMES:
        assert _windows_trouble(name) is not None, name


@pytest.mark.parametrize("name", WINDOWS_NAMES)
def test_a_windows_name_is_never_a_province_id_or_template(name: str) -> None:
    assert id_problem(name) is not None
    assert template_problem(name if name.endswith(".docx") else f"{name}.docx") is not None


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    shutil.copy(ROOT / "provinces" / "long-an.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


@pytest.fixture
def client(project: Path) -> TestClient:
    return TestClient(create_app(Project(project), project / "output", token=TOKEN,
                                 warm_office=False), base_url=BASE)


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


@pytest.mark.parametrize("name", WINDOWS_NAMES)
def test_a_windows_name_in_an_address_names_no_province(client: TestClient, project: Path,
                                                        name: str) -> None:
    before = _files(project)
    quoted = urllib.parse.quote(name, safe="").replace(".", "%2E")  # no dot segments
    for path in (f"/tinh/{quoted}", f"/tinh/{quoted}/sua", f"/tinh/{quoted}/tai/ke-hoach/docx",
                 f"/tinh/{quoted}/tai-tat-ca"):
        assert client.get(path).status_code == 404, path
    answer = client.post(f"/tinh/{quoted}/sinh", data={"csrf": TOKEN})
    assert answer.status_code == 404
    assert _files(project) == before


def test_a_province_file_with_a_reserved_name_is_never_served_or_built(
        client: TestClient, project: Path) -> None:
    """``con.yaml`` can exist on Linux (copied from elsewhere); its id could not be a
    folder on Windows, so the page neither shows nor builds it."""
    shutil.copy(project / "provinces" / "long-an.yaml", project / "provinces" / "con.yaml")
    for path in ("/tinh/con", "/tinh/con/sua", "/tinh/CON"):
        assert client.get(path).status_code == 404, path
    assert client.post("/tinh/con/sinh", data={"csrf": TOKEN}).status_code == 404
    assert not (project / "output" / "con").exists()


@pytest.mark.parametrize("code", ["CON", "..\\..\\a", "C:\\x", "92\\..\\..\\x", "nul", "",
                                  "92 ", "0092x"])
def test_the_new_province_page_takes_only_a_unit_of_the_table(client: TestClient,
                                                              project: Path,
                                                              code: str) -> None:
    before = _files(project)
    answer = client.post("/tinh-moi", data={"csrf": TOKEN, "don-vi": code},
                         follow_redirects=False)
    assert answer.status_code == 400
    assert "Chưa chọn tỉnh, thành phố nào" in answer.text
    assert _files(project) == before


def _disposition_name(header: str) -> str:
    message = Message()
    message["content-disposition"] = header
    name = message.get_filename()
    assert name is not None
    return name


@pytest.mark.parametrize("uploaded", ["C:\\x\\y.docx", "..\\..\\a.docx", "CON", "nul.docx",
                                      "LPT1", "con .docx", "bao-cao. ", "\\\\may\\chia\\z.docx",
                                      "../../etc/passwd", "C:", "..", "a.docx...  "])
def test_an_upload_name_is_only_shown_and_its_download_name_is_plain(
        client: TestClient, project: Path, monkeypatch: pytest.MonkeyPatch,
        uploaded: str) -> None:
    """Whatever the browser calls the file, it is written under a name chosen by vanban;
    the name is shown as its last part, and the repaired copy is offered under a plain
    name Windows can save."""
    monkeypatch.setattr(previews, "find_soffice", lambda: None)
    document = (ROOT / "templates" / "cong-van-trien-khai.docx").read_bytes()
    before = _files(project)
    answer = client.post("/kiem-tra", data={"csrf": TOKEN},
                         files={"tep": (uploaded, document)})
    assert answer.status_code == 200, answer.text
    kept = project / "output" / ".vanban" / "kiem-tra"
    assert {p for p in _files(project) - before
            if not (project / p).is_relative_to(kept) and not kept.is_relative_to(project / p)
            } == set()
    for made in kept.rglob("*"):  # only names vanban chose: hashes and fixed names
        assert _windows_trouble(made.name) is None, made.name
    shown = PureWindowsPath(uploaded.replace("\\", "/")).name
    assert "\\" not in answer.text.split('id="ket-qua"', 1)[-1].split("</h2>", 1)[0]
    if shown:
        assert shown[:20] in answer.text
    offered = download_name(PureWindowsPath(uploaded).stem)
    assert _windows_trouble(offered) is None and offered.endswith(".sua.docx")


@pytest.mark.parametrize("given", ["CON", "nul", "LPT1", "com9", "C:\\x\\y", "..\\..\\a",
                                   "con .", "", "...", "Báo cáo tháng 7", "ke-hoach"])
def test_the_download_name_of_a_repaired_copy_is_plain_on_windows(given: str) -> None:
    name = download_name(given)
    assert _windows_trouble(name) is None, name
    assert name.endswith(".sua.docx") and name.isascii()
    if given == "ke-hoach":
        assert name == "ke-hoach.sua.docx"


def test_the_repaired_copy_is_offered_under_a_plain_name(client: TestClient,
                                                         project: Path) -> None:
    source = project / "long-an.docx"
    data = (ROOT / "templates" / "cong-van-trien-khai.docx").read_bytes()
    source.write_bytes(data)
    digest = previews.sha256(data)
    folder = project / "output" / ".vanban" / "kiem-tra" / "tai-len"
    folder.mkdir(parents=True)
    (folder / f"{digest}.docx").write_bytes(data)
    for given in ("CON", "..\\..\\nul", "C:\\x\\LPT1"):
        answer = client.get(f"/kiem-tra/sua/{digest}", params={"ten": given})
        if answer.status_code == 404:  # nothing to repair in this document: no name offered
            assert "Không có chỗ nào vanban tự sửa được" in answer.text
            continue
        name = _disposition_name(answer.headers["content-disposition"])
        assert _windows_trouble(name) is None, name


@pytest.mark.parametrize("out", ["CON.yaml", "nul.yaml", "lpt1.yaml", "con .yaml",
                                 "C:\\x\\y.yaml", "..\\..\\a.yaml"])
def test_vanban_new_refuses_a_file_windows_could_not_hold(project: Path, out: str,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    monkeypatch.chdir(project)
    before = _files(project)
    assert main(["new", "Cần Thơ", "--out", out]) != 0
    error = capsys.readouterr().err
    assert "không dùng làm mã tỉnh được" in error and "Traceback" not in error
    assert _files(project) == before
