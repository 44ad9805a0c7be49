"""The web application (``vanban serve``) through its test client, and the command itself.

Real provinces, real builds and real .docx files; LibreOffice only where a test says so
(page images are slow), the rest with LibreOffice reported missing.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import io
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path, PureWindowsPath

import pytest
from starlette.testclient import TestClient

from generator.config.project import Project
from generator.output.pdf import find_soffice, windows_soffice
from generator.web import previews
from generator.web.app import MAX_BODY_BYTES, create_app
from generator.web.security import HEADERS, host_problem

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ma-thu-nghiem"
BASE = "http://127.0.0.1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    for name in ("long-an", "tuyen-quang"):
        shutil.copy(ROOT / "provinces" / f"{name}.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


@pytest.fixture
def client(project: Path) -> TestClient:
    return TestClient(create_app(Project(project), project / "output", token=TOKEN),
                      base_url=BASE)


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previews, "find_soffice", lambda: None)


def build(client: TestClient, ident: str) -> str:
    """Build through the page, as the button does, and wait for the end; the result text."""
    response = client.post(f"/tinh/{ident}/sinh", data={"csrf": TOKEN},
                           headers={"hx-request": "true"})
    assert response.status_code == 200, response.text
    for _ in range(600):
        progress = client.get(f"/tinh/{ident}/tien-do", headers={"hx-request": "true"})
        if "hx-get" not in progress.text:
            return progress.text
        time.sleep(0.1)
    raise AssertionError("the build did not end in 60 s")


# --- the provinces page --------------------------------------------------------------------

def test_provinces_page_lists_each_province_valid_or_not(client: TestClient,
                                                         project: Path) -> None:
    broken = project / "provinces" / "long-an.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace(
        "lead_department: ldtbxh", "lead_department: khong-co"), encoding="utf-8")
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="vi"' in page.text
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</tr>', page.text, re.S)
    assert len(rows) == 2
    long_an, tuyen_quang = rows
    assert "Long An" in long_an and re.search(r"Có \d+ lỗi", long_an)
    assert "Tuyên Quang" in tuyen_quang and "Hợp lệ" in tuyen_quang and "chưa sinh" in tuyen_quang


def test_an_invalid_province_shows_its_messages_and_cannot_be_built(client: TestClient,
                                                                    project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 412", "number: năm mươi"),
                    encoding="utf-8")
    page = client.get("/tinh/tuyen-quang")
    assert "Cấu hình có 1 lỗi" in page.text
    assert "documents.cong-van-xay-dung-ke-hoach.number" in page.text
    assert "tuyen-quang.yaml:" in page.text
    assert re.search(r'<button type="submit" class="nut nut-chinh" disabled>', page.text)
    result = build(client, "tuyen-quang")
    assert "Không sinh được văn bản" in result
    assert "documents.cong-van-xay-dung-ke-hoach.number" in result
    assert not (project / "output" / "tuyen-quang" / "ke-hoach.docx").exists()


# --- building, downloads, history ----------------------------------------------------------

@pytest.mark.usefixtures("no_libreoffice")
def test_build_writes_the_documents_and_offers_them(client: TestClient, project: Path) -> None:
    result = build(client, "tuyen-quang")
    assert "Đã sinh xong" in result and "ke-hoach.docx" in result
    assert "Chưa cài LibreOffice" in result and "C:\\Program Files\\LibreOffice" in result
    folder = project / "output" / "tuyen-quang"
    page = client.get("/tinh/tuyen-quang")
    for kind in ("ke-hoach", "quyet-dinh-ban-hanh", "huong-dan-nam"):
        link = f"/tinh/tuyen-quang/tai/{kind}/docx"
        assert link in page.text
        download = client.get(link)
        assert download.status_code == 200
        assert download.content == (folder / f"{kind}.docx").read_bytes()
        assert f'filename="tuyen-quang-{kind}.docx"' in download.headers["content-disposition"]
    assert client.get("/tinh/tuyen-quang/tai/ke-hoach/pdf").status_code == 404
    archive = zipfile.ZipFile(io.BytesIO(client.get("/tinh/tuyen-quang/tai-tat-ca").content))
    assert "tuyen-quang/ke-hoach.docx" in archive.namelist()
    assert archive.read("tuyen-quang/ke-hoach.docx") == (folder / "ke-hoach.docx").read_bytes()
    listing = client.get("/").text
    assert re.search(r"ke-hoach</span>: sinh lúc \d\d:\d\d ngày \d\d/\d\d/\d{4}", listing)


@pytest.mark.usefixtures("no_libreoffice")
def test_a_rebuild_offers_report_tracked_copy_and_history(client: TestClient,
                                                         project: Path) -> None:
    build(client, "tuyen-quang")
    path = project / "provinces" / "tuyen-quang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 412", "number: 413"),
                    encoding="utf-8")
    build(client, "tuyen-quang")
    page = client.get("/tinh/tuyen-quang").text
    assert "Báo cáo thay đổi của lần sinh gần nhất" in page
    tracked = client.get("/tinh/tuyen-quang/tai/cong-van-xay-dung-ke-hoach/thay-doi")
    assert tracked.status_code == 200 and tracked.content[:2] == b"PK"
    assert "Lịch sử (2 phiên bản)" in page
    compared = client.get("/tinh/tuyen-quang/so-sanh/cong-van-xay-dung-ke-hoach/1")
    assert compared.status_code == 200
    body = zipfile.ZipFile(io.BytesIO(compared.content)).read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body


@pytest.mark.usefixtures("no_libreoffice")
def test_a_hand_edited_document_is_kept(client: TestClient, project: Path) -> None:
    build(client, "tuyen-quang")
    document = project / "output" / "tuyen-quang" / "cong-van-xay-dung-ke-hoach.docx"
    with zipfile.ZipFile(document, "a") as archive:
        archive.writestr("customXml/sua-tay.xml", "<a/>")
    edited = document.read_bytes()
    path = project / "provinces" / "tuyen-quang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 412", "number: 414"),
                    encoding="utf-8")
    result = build(client, "tuyen-quang")
    assert "Giữ nguyên cong-van-xay-dung-ke-hoach.docx" in result
    assert document.read_bytes() == edited
    assert client.get("/tinh/tuyen-quang/tai/cong-van-xay-dung-ke-hoach/moi").status_code == 200


# --- no value from the browser is a path ---------------------------------------------------

@pytest.mark.parametrize("path", [
    "/tinh/..%2F..%2Fetc", "/tinh/CON", "/tinh/tuyen-quang.yaml", "/tinh/Tay-Ninh",
    "/tinh/shared", "/tinh/tuyen-quang/tai/..%2Fke-hoach/docx",
    "/tinh/tuyen-quang/tai/ke-hoach/yaml",
    "/tinh/tuyen-quang/anh/..%2F..%2Fmanifest/1", "/kiem-tra/anh/" + "a" * 63 + "/1",
])
def test_browser_values_never_name_a_file(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Không" in response.text


# --- security ------------------------------------------------------------------------------

def test_every_page_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/tinh/tuyen-quang", "/kiem-tra", "/khong-co", "/static/vanban.css"):
        response = client.get(path)
        for name, value in HEADERS.items():
            assert response.headers[name] == value, (path, name)
    policy = HEADERS["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options",
            "referrer-policy")


def _an_error_page(response: object, status: int, title: str) -> None:
    """A Vietnamese page with its status, every security header, and no traceback."""
    from httpx import Response as Answer
    assert isinstance(response, Answer)
    assert response.status_code == status, response.text
    for name in SECURITY:
        assert response.headers.get(name) == HEADERS[name], (status, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in response.text and '<html lang="vi">' in response.text
    assert "Traceback" not in response.text and "File \"" not in response.text


def test_error_pages_carry_the_security_headers_and_say_what_happened(
        client: TestClient, project: Path) -> None:
    _an_error_page(client.get("/khong-co-trang-nay"), 404, "Không tìm thấy")
    _an_error_page(client.get("/tinh/khong-co-tinh-nay"), 404, "Không tìm thấy")
    _an_error_page(client.post("/tinh/tuyen-quang/sua", data={"a": "1"}), 403,
                   "Không được phép")  # no CSRF token
    _an_error_page(client.delete("/tinh/tuyen-quang"), 405, "Không dùng được cách gửi này")
    _an_error_page(client.put("/kiem-tra", content=b"x"), 405, "Không dùng được cách gửi này")
    # Refusals made before any page (another host name, a body of unknown length) are
    # plain sentences, with the same headers.
    for refused in (client.get("/", headers={"host": "vanban.example"}),
                    client.post("/kiem-tra", headers={"transfer-encoding": "chunked"},
                                content=iter([b"x"]))):
        assert refused.status_code in (400, 411), refused.text
        assert "Traceback" not in refused.text and refused.text.isprintable()
        for name in SECURITY:
            assert refused.headers.get(name) == HEADERS[name], (refused.status_code, name)


def test_an_internal_error_is_a_vietnamese_page_with_the_headers(
        project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A bug in a page (here the provinces page raising) is logged for the administrator
    and shown as a plain page, never as a traceback, with every security header."""
    from generator.web import pages_provinces

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lỗi thử nghiệm bí mật /etc/passwd")

    monkeypatch.setattr(pages_provinces, "rows", broken)
    app = create_app(Project(project), project / "output", token=TOKEN)
    quiet = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    with caplog.at_level("ERROR", logger="vanban.web"):
        response = quiet.get("/")
    _an_error_page(response, 500, "Lỗi của vanban")
    assert "hãy báo cho người quản trị" in response.text
    assert "bí mật" not in response.text and "RuntimeError" not in response.text
    assert "lỗi thử nghiệm bí mật" in caplog.text  # the details are in the server's log
    fragment = quiet.get("/", headers={"hx-request": "true"})
    assert fragment.status_code == 500 and "Lỗi của vanban" in fragment.text
    for name in SECURITY:
        assert fragment.headers.get(name) == HEADERS[name], name


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/tinh/tuyen-quang", "/kiem-tra"):
        text = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path


def test_htmx_is_shipped_with_its_licence(client: TestClient) -> None:
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert "Zero-Clause BSD" in script.text[:400] and "var htmx=" in script.text


def test_a_form_without_its_token_changes_nothing(client: TestClient, project: Path) -> None:
    for data in ({}, {"csrf": "sai"}):
        response = client.post("/tinh/tuyen-quang/sinh", data=data)
        assert response.status_code == 403
        assert "mã bảo vệ" in response.text
    upload = client.post("/kiem-tra", files={"tep": ("a.docx", b"PK")})
    assert upload.status_code == 403
    time.sleep(0.2)
    assert not (project / "output").exists()


@pytest.mark.usefixtures("no_libreoffice")
def test_the_token_may_come_in_the_htmx_header(client: TestClient) -> None:
    response = client.post("/tinh/tuyen-quang/sinh", headers={"x-csrf-token": TOKEN},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/tinh/tuyen-quang")
    for _ in range(600):
        if "Đã sinh xong" in client.get("/tinh/tuyen-quang/tien-do").text:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the build did not end")


def test_another_host_name_is_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "vanban.example.com"})
    assert response.status_code == 400
    assert "không được phép" in response.text


def test_a_body_over_the_limit_is_refused_before_reading(client: TestClient) -> None:
    response = client.post("/kiem-tra", content=b"x" * (MAX_BODY_BYTES + 1),
                           headers={"content-type": "application/octet-stream"})
    assert response.status_code == 413
    assert "quá lớn" in response.text and "20 MB" in response.text


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1", True), ("localhost", True), ("127.0.0.2", True), ("0.0.0.0", False),
    ("192.168.1.10", False), ("::", False), ("may-chu", False), ("::1", False)])
def test_only_the_loopback_is_served_until_accounts_exist(host: str, allowed: bool) -> None:
    problem = host_problem(host)
    assert (problem is None) == allowed
    if problem is not None:
        assert "127.0.0.1" in problem and "tài khoản" in problem


def test_libreoffice_is_found_where_its_windows_installer_puts_it() -> None:
    environ = {"ProgramFiles": r"D:\Programs", "ProgramFiles(x86)": r"D:\Programs (x86)"}
    candidates = windows_soffice(environ)
    assert candidates[0] == PureWindowsPath(r"D:\Programs\LibreOffice\program\soffice.exe")
    assert PureWindowsPath(r"C:\Program Files\LibreOffice\program\soffice.exe") in candidates
    assert all(c.drive and c.name == "soffice.exe" for c in candidates)
    wanted = r"C:\Program Files\LibreOffice\program\soffice.exe"
    saved = shutil.which
    try:
        shutil.which = lambda _name: None  # type: ignore[assignment]
        found = find_soffice(windows=True, environ={}, exists=lambda path: path == wanted)
        assert found == wanted
        assert find_soffice(windows=True, environ={}, exists=lambda _p: False) is None
        assert find_soffice(windows=False, environ={}, exists=lambda _p: True) is None
    finally:
        shutil.which = saved


# --- the check page ------------------------------------------------------------------------

@pytest.mark.usefixtures("no_libreoffice")
def test_an_upload_is_checked_and_its_name_only_shown(client: TestClient,
                                                      project: Path) -> None:
    build(client, "tuyen-quang")
    data = (project / "output" / "tuyen-quang" / "cong-van-trien-khai.docx").read_bytes()
    before = set(project.rglob("*"))
    name = "..\\..\\C:\\Windows\\NUL.docx"
    response = client.post("/kiem-tra", data={"csrf": TOKEN},
                           files={"tep": (name, data, "application/octet-stream")})
    assert response.status_code == 200, response.text
    assert re.search(r"NUL\.docx: \d+ lỗi, \d+ cảnh báo", response.text)
    assert "Chưa cài LibreOffice" in response.text
    kept = project / "output" / ".vanban" / "kiem-tra" / "tai-len"
    added = set(project.rglob("*")) - before
    assert added <= {kept.parents[1], kept.parent, kept, *kept.glob("*")}  # the upload by hash
    assert [p.name for p in kept.iterdir()] == [f"{hashlib.sha256(data).hexdigest()}.docx"]


@pytest.mark.usefixtures("no_libreoffice")
def test_findings_show_clause_place_and_excerpt(client: TestClient, project: Path) -> None:
    build(client, "tuyen-quang")
    source = project / "output" / "tuyen-quang" / "cong-van-trien-khai.docx"
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'w:ascii="Times New Roman"', b'w:ascii="Arial"')
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b'w:ascii="Times New Roman"', b'w:ascii="Arial"')
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    response = client.post("/kiem-tra", data={"csrf": TOKEN},
                           files={"tep": ("cong-van.docx", changed.getvalue())})
    assert response.status_code == 200
    assert "Điều khoản" in response.text and "Vị trí" in response.text
    assert re.search(r"cong-van\.docx: [1-9]\d* lỗi", response.text)
    assert "Arial" in response.text


def test_what_is_not_a_docx_is_told_plainly(client: TestClient) -> None:
    response = client.post("/kiem-tra", data={"csrf": TOKEN},
                           files={"tep": ("ghi-chu.docx", b"chi la chu")})
    assert response.status_code == 400
    assert "Không đọc được ghi-chu.docx" in response.text
    none = client.post("/kiem-tra", data={"csrf": TOKEN})
    assert none.status_code == 400 and "Chưa chọn tệp" in none.text


def test_only_one_file_per_upload(client: TestClient) -> None:
    response = client.post("/kiem-tra", data={"csrf": TOKEN},
                           files=[("tep", ("a.docx", b"PK")), ("tep", ("b.docx", b"PK"))])
    assert response.status_code == 400
    assert "không đọc được: mỗi lần chỉ nhận 1 tệp" in response.text


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftoppm") is None,
                    reason="cần LibreOffice và pdftoppm để tạo ảnh trang")
def test_page_images_are_made_once_per_content(project: Path, tmp_path: Path) -> None:
    client = TestClient(create_app(Project(project), project / "output", token=TOKEN),
                        base_url=BASE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(previews, "find_soffice", lambda: None)
        build(client, "tuyen-quang")
    data = (project / "output" / "tuyen-quang" / "cong-van-trien-khai.docx").read_bytes()
    cache = tmp_path / "bo-nho"
    (made,) = previews.make([data], cache)
    assert made.pages and made.pdf.read_bytes().startswith(b"%PDF")
    first = made.page(1)
    assert first is not None and first.suffix == ".png"
    assert first.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert not list(made.folder.glob("*.ppm"))  # pdftoppm's raw pages are not left behind
    stamp = made.pdf.stat().st_mtime_ns
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(previews, "find_soffice", lambda: None)  # cached: LibreOffice unused
        (again,) = previews.make([data], cache)
    assert again == made and made.pdf.stat().st_mtime_ns == stamp
    assert [p.name for p in cache.iterdir()] == [made.digest]


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftoppm") is None,
                    reason="cần LibreOffice và pdftoppm để tạo ảnh trang")
def test_the_first_document_is_converted_on_its_own_and_told_at_once(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(create_app(Project(project), project / "output", token=TOKEN),
                        base_url=BASE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(previews, "find_soffice", lambda: None)
        build(client, "tuyen-quang")
    folder = project / "output" / "tuyen-quang"
    documents = [(folder / f"{kind}.docx").read_bytes()
                 for kind in ("ke-hoach", "cong-van-trien-khai", "quyet-dinh-ban-hanh")]
    digests = [hashlib.sha256(data).hexdigest() for data in documents]
    runs: list[list[Path]] = []
    convert = previews.convert
    monkeypatch.setattr(previews, "convert", lambda group: runs.append(group) or convert(group))
    monkeypatch.setattr(previews.os, "cpu_count", lambda: 2)
    told: list[list[str]] = []
    made = previews.make(documents, tmp_path / "bo-nho", ready=told.append)
    assert [p.digest for p in made] == digests and all(p.pages for p in made)
    assert sorted(len(group) for group in runs) == [1, 2]  # two LibreOffice runs side by side
    assert [digests[0]] in told and sorted(told, key=len)[1] == digests[1:]
    monkeypatch.setattr(previews.os, "cpu_count", lambda: 1)
    assert previews._groups([Path("a"), Path("b")]) == [[Path("a"), Path("b")]]


def test_page_images_of_an_earlier_version_are_still_served(client: TestClient,
                                                            project: Path,
                                                            no_libreoffice: None) -> None:
    """Pages are PNG; a folder made by the version that wrote JPEG pages is shown as it is."""
    build(client, "tuyen-quang")
    data = (project / "output" / "tuyen-quang" / "ke-hoach.docx").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    folder = project / "output" / "tuyen-quang" / ".vanban" / "xem-truoc" / digest
    folder.mkdir(parents=True)
    (folder / "van-ban.pdf").write_bytes(b"%PDF-1.4\n")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    (folder / "trang-1.png").write_bytes(png)
    page = client.get("/tinh/tuyen-quang").text
    assert f"/tinh/tuyen-quang/anh/{digest}/1" in page
    image = client.get(f"/tinh/tuyen-quang/anh/{digest}/1")
    assert image.status_code == 200 and image.content == png
    assert image.headers["content-type"] == "image/png"
    assert client.get(f"/tinh/tuyen-quang/anh/{digest}/2").status_code == 404
    assert 'alt="Trang 1 của ke-hoach" loading="lazy"' in page
    opened_at = client.get("/tinh/tuyen-quang?xem=ke-hoach").text  # after a build: at once
    assert 'alt="Trang 1 của ke-hoach" loading="eager"' in opened_at
    assert 'loading="eager"' not in client.get("/tinh/tuyen-quang?xem=../x").text
    (folder / "trang-1.png").unlink()
    (folder / "trang-1.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    assert client.get(f"/tinh/tuyen-quang/anh/{digest}/1").headers["content-type"] == \
        "image/jpeg"


def test_the_page_reloads_as_soon_as_the_first_images_are_ready(client: TestClient,
                                                                 no_libreoffice: None) -> None:
    from generator.web.builds import BuildState
    build(client, "tuyen-quang")  # the documents, without their images
    web = client.app.state.web  # type: ignore[attr-defined]
    web.builds._states["tuyen-quang"] = BuildState("tuyen-quang", step=3, shown=1)
    hx = {"hx-request": "true"}
    fresh = client.get("/tinh/tuyen-quang/tien-do?da-hien=0", headers=hx)
    assert fresh.headers.get("hx-refresh") == "true"
    seen = client.get("/tinh/tuyen-quang/tien-do?da-hien=1", headers=hx)
    assert "hx-refresh" not in seen.headers and "da-hien=1" in seen.text
    web.builds._states["tuyen-quang"].shown = 2  # more images: no reload until the end
    assert "hx-refresh" not in client.get("/tinh/tuyen-quang/tien-do?da-hien=1",
                                          headers=hx).headers
    assert "hx-refresh" not in client.get("/tinh/tuyen-quang/tien-do?da-hien=x",
                                          headers=hx).headers
    page = client.get("/tinh/tuyen-quang").text
    assert "Đang tạo ảnh xem trước của văn bản này" in page
    web.builds._states["tuyen-quang"].first = "ke-hoach"  # the page opens at the plan
    at_plan = client.get("/tinh/tuyen-quang/tien-do?da-hien=0", headers=hx)
    assert at_plan.headers["hx-redirect"].endswith("/tinh/tuyen-quang?xem=ke-hoach#vb-ke-hoach")
    web.builds._states["tuyen-quang"].done = True
    done = client.get("/tinh/tuyen-quang/tien-do?da-hien=1", headers=hx)
    assert done.headers.get("hx-refresh") == "true" and "hx-redirect" not in done.headers


# --- the command ---------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _vanban(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_serve_prints_its_address_and_serves(project: Path) -> None:
    port = _free_port()
    server = _vanban("serve", "--port", str(port), cwd=project)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.strip() == f"vanban đang chạy ở http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert "Tuyên Quang" in page.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("vanban serve did not answer")
        busy = subprocess.run([sys.executable, "-m", "generator", "serve", "--port",
                               str(port)], cwd=project, capture_output=True, text=True,
                              timeout=30)
        assert busy.returncode == 2
        assert f"không mở được cổng {port}" in busy.stderr and "--port" in busy.stderr
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10"])
def test_serve_refuses_another_address(project: Path, host: str) -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "serve", "--host", host],
                         cwd=project, capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert f"không phục vụ trên địa chỉ {host}" in run.stderr
    assert "Traceback" not in run.stderr


# --- editing a province --------------------------------------------------------------------

def _form_values(text: str) -> dict[str, str]:
    """What the browser would send for the form on a page: every input, as shown."""
    found: dict[str, str] = {}
    for match in re.finditer(r"<input ([^>]*)>", text):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
        if "name" not in attributes:
            continue
        name = html.unescape(attributes["name"])
        if attributes.get("type") == "radio":
            if " checked" in match.group(1):
                found[name] = html.unescape(attributes["value"])
            continue
        found[name] = html.unescape(attributes.get("value", ""))
    for name, value in re.findall(r'<textarea [^>]*name="([^"]*)"[^>]*>(.*?)</textarea>',
                                  text, re.S):
        found[html.unescape(name)] = html.unescape(value)
    for name, options in re.findall(r'<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>', text,
                                    re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        found[html.unescape(name)] = html.unescape(chosen.group(1)) if chosen else ""
    return found


def test_the_edit_page_has_every_section_from_the_schema(client: TestClient) -> None:
    page = client.get("/tinh/tuyen-quang/sua")
    assert page.status_code == 200
    for heading in ("Thông tin chung", "Cơ quan ban hành", "Người ký", "Văn bản", "Chỉ tiêu",
                    "Sở chủ trì từng chỉ tiêu"):
        assert f">{heading}</h2>" in page.text, heading
    values = _form_values(page.text)
    assert values["province.name"] == "Tuyên Quang"
    assert values["terms.ministry"] == "Bộ Lao động - Thương binh và Xã hội"
    assert values["signers.chu-tich.name"] == "Nguyễn Văn A"
    assert values["documents.cong-van-xay-dung-ke-hoach.number"] == "412"
    assert values["documents.ke-hoach.recipients"].splitlines()[1] == "Thường trực Tỉnh ủy"
    assert values["documents.ke-hoach.signer"] == "chu-tich"
    assert "documents.ke-hoach.addressees" not in values  # a plan has no Kính gửi
    assert "documents.cong-van-trien-khai.addressees" in values
    # Labels and help come from the schema; the national value stands beside the own one.
    assert "Đơn vị soạn thảo trong ký hiệu công văn" in page.text
    assert 'name="targets.3.a.2025" value="" placeholder="9,5"' in page.text
    leads = {k: v for k, v in values.items() if k.startswith("chu-tri.")}
    assert len(leads) == 24 and leads["chu-tri.14"] == "tu-phap"
    assert page.text.count('name="chu-tri.14"') == 11  # one radio per department


def test_a_change_is_saved_as_the_lines_it_changes(client: TestClient, project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get("/tinh/tuyen-quang/sua").text)
    values.update({"targets.3.a.2025": "8,5", "chu-tri.13": "y-te",
                   "terms.commune_units": "xã, phường"})
    response = client.post("/tinh/tuyen-quang/sua", data=values)
    assert response.status_code == 200, response.text
    assert "Đã lưu tuyen-quang.yaml" in response.text
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert sorted(changed) == sorted([
        "-  commune_units: xã, phường, thị trấn", "+  commune_units: xã, phường",
        "+targets:", "+  3:", '+    a: {2025: "8,5"}', "+",
        "-  - {id: y-te, name: Sở Y tế, roles: [health], leads: [3, 4, 5, 6]}",
        "+  - {id: y-te, name: Sở Y tế, roles: [health], leads: [3, 4, 5, 6, 13]}",
        '-  - {id: van-hoa, name: "Sở Văn hóa, Thể thao và Du lịch", roles: [culture], '
        "leads: [13, 21]}",
        '+  - {id: van-hoa, name: "Sở Văn hóa, Thể thao và Du lịch", roles: [culture], '
        "leads: [21]}"])
    assert after.startswith(before.split("\n\n", 1)[0])  # the opening comments stay
    shown = re.search(r'<pre class="khac-biet".*?</pre>', response.text, re.S)
    assert shown is not None and "+  commune_units: xã, phường" in html.unescape(shown.group())
    assert _form_values(response.text)["targets.3.a.2025"] == "8,5"


def test_save_and_build_in_one_click(client: TestClient, project: Path,
                                     no_libreoffice: None) -> None:
    """«Lưu và sinh văn bản»: saved, then straight to the documents page with the build
    under way; an invalid value is told at its field and nothing is saved or built."""
    path = project / "provinces" / "tuyen-quang.yaml"
    page = client.get("/tinh/tuyen-quang/sua").text
    assert '<button type="submit" class="nut" name="sau-khi-luu" value="sinh">' in page
    values = _form_values(page)
    web = client.app.state.web  # type: ignore[attr-defined]
    wrong = {**values, "targets.2.2030": "150", "sau-khi-luu": "sinh"}
    refused = client.post("/tinh/tuyen-quang/sua", data=wrong, follow_redirects=False)
    assert refused.status_code == 422 and "tỷ lệ phần trăm phải từ 0 đến 100" in refused.text
    assert web.builds.state("tuyen-quang") is None and "2030: 150" not in path.read_text("utf-8")
    right = {**values, "targets.1.2025": "72", "sau-khi-luu": "sinh"}
    answer = client.post("/tinh/tuyen-quang/sua", data=right, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{BASE}/tinh/tuyen-quang"
    assert "1: {2025: 72}" in path.read_text("utf-8")
    assert web.builds.state("tuyen-quang") is not None
    result = build(client, "tuyen-quang")  # waits for the build the save started
    assert "Đã sinh xong" in result
    plan = project / "output" / "tuyen-quang" / "ke-hoach.docx"
    with zipfile.ZipFile(plan) as archive:
        assert "72%" in archive.read("word/document.xml").decode("utf-8")


def test_an_invalid_value_is_told_at_its_field_and_nothing_is_saved(client: TestClient,
                                                                   project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_bytes()
    values = _form_values(client.get("/tinh/tuyen-quang/sua").text)
    values["targets.1.2025"] = "150"
    typed = client.post("/tinh/tuyen-quang/sua/kiem-tra", data=values,
                        headers={"hx-request": "true"})
    assert typed.status_code == 200
    at_field = re.search(r'<span id="f-targets_2e_1_2e_2025-loi"[^>]*hx-swap-oob="true">'
                         r"(.*?)</span></span>", typed.text)
    assert at_field is not None and "tỷ lệ phần trăm phải từ 0 đến 100" in at_field.group(1)
    assert path.read_bytes() == before  # checking as one types writes nothing
    saved = client.post("/tinh/tuyen-quang/sua", data=values)
    assert saved.status_code == 422
    assert "Chưa lưu: có 1 lỗi" in saved.text
    assert "tỷ lệ phần trăm phải từ 0 đến 100" in saved.text
    assert _form_values(saved.text)["targets.1.2025"] == "150"  # what was typed stays
    assert path.read_bytes() == before
    values["targets.1.2025"] = "abc"
    typed = client.post("/tinh/tuyen-quang/sua/kiem-tra", data=values)
    assert "không phải là số viết đúng kiểu Việt Nam" in typed.text


def test_a_valid_edit_clears_the_messages(client: TestClient) -> None:
    values = _form_values(client.get("/tinh/tuyen-quang/sua").text)
    values["targets.1.2025"] = "70"
    typed = client.post("/tinh/tuyen-quang/sua/kiem-tra", data=values)
    assert "1 ô đã sửa, hợp lệ" in typed.text
    assert re.search(r'<span id="f-targets_2e_1_2e_2025-loi"[^>]*hx-swap-oob="true"></span>',
                     typed.text)


def test_a_second_tab_sees_the_conflict_and_no_save_is_lost(client: TestClient,
                                                           project: Path) -> None:
    first = _form_values(client.get("/tinh/tuyen-quang/sua").text)
    second = dict(first)
    first["targets.1.2025"] = "70"
    assert client.post("/tinh/tuyen-quang/sua", data=first).status_code == 200
    path = project / "provinces" / "tuyen-quang.yaml"
    after_first = path.read_bytes()
    second["targets.1.2025"] = "72"
    second["targets.1.2030"] = "90"
    conflict = client.post("/tinh/tuyen-quang/sua", data=second)
    assert conflict.status_code == 409
    assert path.read_bytes() == after_first  # nothing overwritten
    text = html.unescape(conflict.text)
    assert "tệp đã được sửa ở cửa sổ khác" in text
    assert "+  1: {2025: 70}" in text  # what the other tab changed
    assert "1 ô cả hai bên cùng sửa" in text
    kept = _form_values(conflict.text)
    assert kept["targets.1.2025"] == "72" and kept["targets.1.2030"] == "90"
    assert kept["phien-ban"] != second["phien-ban"]
    kept["targets.1.2025"] = "70"  # the officer keeps the other tab's value
    resaved = client.post("/tinh/tuyen-quang/sua", data=kept)
    assert resaved.status_code == 200
    assert "1: {2025: 70, 2030: 90}" in path.read_text(encoding="utf-8")


def test_a_save_without_its_token_or_a_field_not_in_the_form_changes_nothing(
        client: TestClient, project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_bytes()
    values = _form_values(client.get("/tinh/tuyen-quang/sua").text)
    values.pop("csrf")
    assert client.post("/tinh/tuyen-quang/sua", data=values).status_code == 403
    values["csrf"] = TOKEN
    values["programme.summary"] = "Một trích yếu khác"  # not a field of the form
    values["../long-an.yaml"] = "x"
    response = client.post("/tinh/tuyen-quang/sua", data=values)
    assert response.status_code == 200 and "Không có thay đổi nào để lưu" in response.text
    assert path.read_bytes() == before


def test_sample_values_are_marked_and_kept_when_untouched(client: TestClient,
                                                          project: Path) -> None:
    response = client.post("/tinh-moi", data={"csrf": TOKEN, "don-vi": "92"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/tinh/can-tho/sua?moi=1")
    path = project / "provinces" / "can-tho.yaml"
    text = path.read_text(encoding="utf-8")
    assert "!mau" in text
    page = client.get("/tinh/can-tho/sua?moi=1")
    assert "Đã tạo tệp của tỉnh" in page.text and ">mẫu</span>" in page.text
    values = _form_values(page.text)
    values["terms.ministry"] = "Bộ Y tế"
    assert client.post("/tinh/can-tho/sua", data=values).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert after.count("!mau") == text.count("!mau")  # the samples nobody touched stay
    assert "ministry: Bộ Y tế" in after


def test_a_new_province_is_one_of_the_34_units_and_never_replaces_a_file(
        client: TestClient, project: Path) -> None:
    page = client.get("/tinh-moi")
    assert page.status_code == 200
    assert page.text.count("<option value=\"") == 34 + 1  # the 34 units and "Chọn…"
    (project / "provinces" / "can-tho.yaml").write_text("# của tỉnh\n", encoding="utf-8")
    again = client.post("/tinh-moi", data={"csrf": TOKEN, "don-vi": "92"})
    assert again.status_code == 409 and "đã có tệp can-tho.yaml" in again.text
    assert (project / "provinces" / "can-tho.yaml").read_text(encoding="utf-8") == "# của tỉnh\n"
    for code in ("../../etc/passwd", "99", ""):
        refused = client.post("/tinh-moi", data={"csrf": TOKEN, "don-vi": code})
        assert refused.status_code == 400 and "Chưa chọn tỉnh" in refused.text
    assert client.post("/tinh-moi", data={"don-vi": "92"}).status_code == 403


def test_an_unknown_province_has_no_edit_page(client: TestClient) -> None:
    for path in ("/tinh/khong-co/sua", "/tinh/..%2Fshared/sua"):
        assert client.get(path).status_code == 404
    assert client.post("/tinh/khong-co/sua", data={"csrf": TOKEN}).status_code == 404


def test_the_new_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/tinh/tuyen-quang/sua", "/tinh/long-an/sua", "/tinh-moi"):
        text = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path
        ids = re.findall(r'\bid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), path


@pytest.mark.usefixtures("no_libreoffice")
def test_the_check_page_offers_the_fix_copy(client: TestClient, project: Path) -> None:
    build(client, "tuyen-quang")
    source = project / "output" / "tuyen-quang" / "cong-van-trien-khai.docx"
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = re.sub(rb'<w:pgMar [^>]*/>', b'<w:pgMar w:top="567" '
                                        b'w:right="567" w:bottom="567" w:left="567" '
                                        b'w:header="0" w:footer="0" w:gutter="0"/>',
                                        parts["word/document.xml"])
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    response = client.post("/kiem-tra", data={"csrf": TOKEN},
                           files={"tep": ("công văn.docx", changed.getvalue())})
    assert response.status_code == 200
    link = re.search(r'href="(http://127\.0\.0\.1/kiem-tra/sua/[0-9a-f]{64})\?ten=([^"]*)"',
                     response.text)
    assert link is not None, response.text
    fixed = client.get(f"{link.group(1)}?ten={link.group(2)}")
    assert fixed.status_code == 200, fixed.text
    assert fixed.headers["content-disposition"].endswith('.sua.docx"')
    body = zipfile.ZipFile(io.BytesIO(fixed.content)).read("word/document.xml").decode()
    current, tracked = body.rsplit("<w:sectPrChange", 1)
    margins = re.findall(r"<w:pgMar [^>]*/>", current)[-1]  # the margins now, repaired
    assert 'w:left="567"' not in margins and 'w:left="567"' in tracked  # a tracked change
    assert client.get("/kiem-tra/sua/" + "0" * 64).status_code == 404
