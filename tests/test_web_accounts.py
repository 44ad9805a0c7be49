"""Accounts of the web page (issue 13, point 4): ``vanban user``, the login, sessions, roles,
and ``vanban serve --host`` beyond the loopback only once an account exists.

The pages through Starlette's test client over a copy of the project; the commands as real
processes.
"""

from __future__ import annotations

import base64
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.config.project import Project
from generator.web import accounts
from generator.web.app import create_app
from generator.web.auth import COOKIE, SESSION_SECONDS, Sessions

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ma-thu-nghiem"
PASSWORD = "mat-khau-dai-du"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    shutil.copy(ROOT / "provinces" / "tuyen-quang.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def folder(project: Path) -> Path:
    return accounts.folder_of(project / "provinces")


def add_account(project: Path, name: str, role: str = accounts.EDITOR) -> None:
    known = accounts.load(folder(project))
    known[name] = accounts.Account(name, role, accounts.hash_password(PASSWORD))
    accounts.save(folder(project), known)


def client_for(project: Path, host: str = "127.0.0.1",
               base_url: str = "http://127.0.0.1") -> TestClient:
    app = create_app(Project(project), project / "output", host=host, token=TOKEN)
    return TestClient(app, base_url=base_url, follow_redirects=False)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    response = client.post("/dang-nhap", data={"csrf": TOKEN, "ten": name, "mat_khau": password})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"


# --- passwords and the account file ---------------------------------------------------------

def test_passwords_are_hashed_with_scrypt_and_a_random_salt() -> None:
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first != second  # a new salt each time
    kind, n, r, p, salt, digest = first.split("$")
    assert (kind, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert PASSWORD not in first
    assert accounts.password_matches(PASSWORD, first)
    assert accounts.password_matches(PASSWORD, second)
    assert not accounts.password_matches(PASSWORD + "x", first)
    assert not accounts.password_matches(PASSWORD, "hỏng")


def test_the_account_file_and_the_secret_are_private(project: Path) -> None:
    add_account(project, "nguyen.an")
    where = folder(project)
    key = accounts.secret(where)
    assert accounts.secret(where) == key and len(key) == 32  # made once, then kept
    for name in (accounts.USERS_FILE, accounts.SECRET_FILE):
        assert stat.S_IMODE((where / name).stat().st_mode) == 0o600
    assert sorted(p.name for p in where.iterdir()) == ["secret", "users.json"]  # no temporary
    assert accounts.load(where)["nguyen.an"].role == "editor"


def test_a_broken_account_file_is_told_not_guessed(project: Path) -> None:
    folder(project).mkdir(parents=True)
    (folder(project) / accounts.USERS_FILE).write_text("{không phải json", encoding="utf-8")
    with pytest.raises(accounts.VanbanError, match="tệp tài khoản hỏng"):
        accounts.load(folder(project))


# --- without accounts on the loopback: as before --------------------------------------------

def test_without_accounts_the_loopback_needs_no_login(project: Path) -> None:
    page = client_for(project).get("/")
    assert page.status_code == 200 and "Tuyên Quang" in page.text
    assert "Đăng xuất" not in page.text
    assert not folder(project).exists()  # nothing written into the project


# --- the login ------------------------------------------------------------------------------

def test_once_an_account_exists_every_page_needs_a_login(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    for path in ("/", "/tinh/tuyen-quang", "/kiem-tra", "/tinh/tuyen-quang/tai/ke-hoach/docx"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    assert client.post("/tinh-moi", data={"csrf": TOKEN}).status_code == 401
    login = client.get("/dang-nhap")
    assert login.status_code == 200 and 'lang="vi"' in login.text
    assert "Đăng nhập" in login.text and "Mật khẩu" in login.text
    assert f'name="csrf" value="{TOKEN}"' in login.text
    assert client.get("/static/vanban.css").status_code == 200


def test_the_login_form_is_csrf_protected(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    response = client.post("/dang-nhap", data={"ten": "nguyen.an", "mat_khau": PASSWORD})
    assert response.status_code == 403 and "mã bảo vệ" in response.text
    assert COOKIE not in response.cookies


@pytest.mark.parametrize("name,password", [("nguyen.an", "sai-mat-khau"),
                                           ("khong.co", PASSWORD)])
def test_a_wrong_name_or_password_is_refused_alike(project: Path, name: str,
                                                   password: str) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    response = client.post("/dang-nhap", data={"csrf": TOKEN, "ten": name, "mat_khau": password})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
    assert COOKIE not in response.cookies
    assert client.get("/").status_code == 303


def test_a_session_cookie_is_signed_http_only_strict_and_expires(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    response = client.post("/dang-nhap", data={"csrf": TOKEN, "ten": "nguyen.an",
                                               "mat_khau": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Max-Age={SESSION_SECONDS}" in cookie and SESSION_SECONDS == 8 * 3600
    assert "Secure" not in cookie  # plain http on the loopback
    page = client.get("/")
    assert page.status_code == 200 and "nguyen.an" in page.text and "Đăng xuất" in page.text
    value = client.cookies[COOKIE]
    body, signature = value.split(".")
    forged = ("A" if signature[0] != "A" else "B") + signature[1:]
    client.cookies.set(COOKIE, f"{body}.{forged}")
    assert client.get("/").status_code == 303
    sessions = Sessions(folder(project))
    client.cookies.set(COOKIE, sessions.issue("nguyen.an", now=time.time() - SESSION_SECONDS - 1))
    assert client.get("/").status_code == 303  # expired
    client.cookies.set(COOKIE, sessions.issue("nguyen.an"))
    assert client.get("/").status_code == 200  # signed with the project's secret
    other = Sessions(folder(project), _key=b"k" * 32)
    client.cookies.set(COOKIE, other.issue("nguyen.an"))
    assert client.get("/").status_code == 303  # another key


def test_the_cookie_is_secure_over_https(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project, base_url="https://127.0.0.1")
    response = client.post("/dang-nhap", data={"csrf": TOKEN, "ten": "nguyen.an",
                                               "mat_khau": PASSWORD})
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_logging_out_ends_the_session(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    log_in(client, "nguyen.an")
    kept = client.cookies[COOKIE]
    assert client.post("/dang-xuat", data={}).status_code == 403  # CSRF here too
    response = client.post("/dang-xuat", data={"csrf": TOKEN})
    assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    assert 'vanban_phien=""' in response.headers["set-cookie"]
    client.cookies.set(COOKIE, kept)  # the old cookie, replayed
    assert client.get("/").status_code == 303


def test_removing_an_account_ends_its_sessions_at_once(project: Path) -> None:
    add_account(project, "nguyen.an")
    add_account(project, "tran.binh")
    client = client_for(project)
    log_in(client, "tran.binh")
    assert client.get("/").status_code == 200
    known = accounts.load(folder(project))
    del known["tran.binh"]
    accounts.save(folder(project), known)
    assert client.get("/").status_code == 303


# --- roles ----------------------------------------------------------------------------------

def test_a_viewer_sees_and_downloads_but_changes_nothing(project: Path) -> None:
    add_account(project, "tran.binh", accounts.VIEWER)
    client = client_for(project)
    log_in(client, "tran.binh")
    assert "chỉ xem" in client.get("/").text
    assert client.get("/tinh/tuyen-quang").status_code == 200
    assert client.get("/tinh/tuyen-quang/sua").status_code == 200
    before = (project / "provinces" / "tuyen-quang.yaml").read_bytes()
    for path in ("/tinh/tuyen-quang/sua", "/tinh/tuyen-quang/sinh", "/tinh-moi"):
        response = client.post(path, data={"csrf": TOKEN, "don-vi": "01"})
        assert response.status_code == 403, path
        assert 'lang="vi"' in response.text and "Không được phép" in response.text
        assert "chỉ được xem và tải về" in response.text
    assert (project / "provinces" / "tuyen-quang.yaml").read_bytes() == before
    assert sorted(p.name for p in (project / "provinces").glob("*.yaml")) == ["tuyen-quang.yaml"]
    assert not (project / "output").exists()
    checked = client.post("/kiem-tra", data={"csrf": TOKEN})  # checking saves nothing
    assert checked.status_code != 403


def test_an_editor_may_change(project: Path) -> None:
    add_account(project, "nguyen.an")
    client = client_for(project)
    log_in(client, "nguyen.an")
    response = client.post("/tinh-moi", data={"csrf": TOKEN})
    assert response.status_code == 400 and "Chưa chọn tỉnh" in response.text


# --- beyond the loopback --------------------------------------------------------------------

def test_beyond_the_loopback_a_login_is_needed_and_any_host_name_answers(project: Path) -> None:
    client = client_for(project, host="0.0.0.0", base_url="http://192.168.1.20:8000")
    assert client.get("/").headers["location"] == "/dang-nhap"  # even before accounts
    add_account(project, "nguyen.an")
    log_in(client, "nguyen.an")
    page = client.get("/")
    assert page.status_code == 200 and "Tuyên Quang" in page.text
    assert "x-frame-options" in page.headers  # the security headers stay


# --- the commands ---------------------------------------------------------------------------

def _run(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, input=stdin,
                          capture_output=True, encoding="utf-8", timeout=60, check=False)


def test_user_add_list_remove(project: Path) -> None:
    added = _run("user", "add", "nguyen.an", cwd=project, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "Đã thêm tài khoản nguyen.an (biên tập)" in added.stdout
    viewer = _run("user", "add", "tran.binh", "--role", "viewer", cwd=project,
                  stdin=PASSWORD + "\n")
    assert viewer.returncode == 0, viewer.stderr
    path = folder(project) / accounts.USERS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "scrypt$16384$8$1$" in text
    known = accounts.load(folder(project))
    assert accounts.password_matches(PASSWORD, known["nguyen.an"].password_hash)
    assert known["tran.binh"].role == "viewer"
    listed = _run("user", "list", cwd=project)
    assert listed.stdout.splitlines() == ["nguyen.an\teditor (biên tập)",
                                          "tran.binh\tviewer (chỉ xem)"]
    twice = _run("user", "add", "nguyen.an", cwd=project, stdin=PASSWORD + "\n")
    assert twice.returncode == 2 and "tài khoản 'nguyen.an' đã có" in twice.stderr
    removed = _run("user", "remove", "tran.binh", cwd=project)
    assert removed.returncode == 0 and "Đã xóa tài khoản tran.binh." in removed.stdout
    assert list(accounts.load(folder(project))) == ["nguyen.an"]


@pytest.mark.parametrize("args,stdin,message", [
    (["add", "nguyen.an"], "ngan\n", "ít nhất 8 ký tự"),
    (["add", "Nguyễn An"], PASSWORD + "\n", "tên đăng nhập 'Nguyễn An' không hợp lệ"),
    (["add"], "", "thiếu TÊN"),
    (["remove", "khong.co"], "", "không có tài khoản 'khong.co'"),
    (["add", "nguyen.an", "--role", "admin"], "", "không có lựa chọn 'admin'"),
])
def test_user_mistakes_are_refused_in_vietnamese(project: Path, args: list[str], stdin: str,
                                                 message: str) -> None:
    run = _run("user", *args, cwd=project, stdin=stdin)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (folder(project) / accounts.USERS_FILE).exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_beyond_the_loopback_needs_an_account(project: Path) -> None:
    port = str(_free_port())
    refused = _run("serve", "--host", "0.0.0.0", "--port", port, cwd=project)
    assert refused.returncode == 2
    assert "không phục vụ trên địa chỉ 0.0.0.0" in refused.stderr
    assert "vanban user add TÊN" in refused.stderr and "Traceback" not in refused.stderr
    assert _run("user", "add", "nguyen.an", cwd=project, stdin=PASSWORD + "\n").returncode == 0
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--host", "0.0.0.0",
                               "--port", port], cwd=project, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == f"vanban đang chạy ở http://0.0.0.0:{port}"
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.url.endswith("/dang-nhap")  # redirected to the login
                    text = page.read().decode()
                    assert "Đăng nhập" in text and 'name="mat_khau"' in text
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("vanban serve did not answer")
    finally:
        server.terminate()
        server.communicate(timeout=30)
