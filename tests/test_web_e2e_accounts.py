"""Accounts in a real browser: ``vanban user add`` an editor and a viewer, then a real
``vanban serve`` and Debian's Chromium through the login form.

The editor logs in (after a wrong password, told plainly), changes a target and saves it;
the viewer sees the same edit page but is refused, in Vietnamese, when saving, and the
file is unchanged; each logs out and lands on the login page, and the pages are closed
to the logged-out browser again. Pages are photographed into /tmp, never the repository.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.output.pdf import find_soffice
from tests.test_web_e2e import CHROMIUM, Visit, _field, chromium, copy_project, serving

playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="chưa cài playwright (pip install playwright)")
pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(),
                                reason="chưa có Chromium của Debian ở /usr/bin/chromium")

ROOT = Path(__file__).resolve().parents[1]
EDITOR, VIEWER = "bien.tap", "chi.xem"
PASSWORDS = {EDITOR: "mat-khau-bien-tap-1", VIEWER: "mat-khau-chi-xem-2"}


def _vanban(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("e2e-tai-khoan") / "du-an")
    for name, role in ((EDITOR, "editor"), (VIEWER, "viewer")):
        added = _vanban(root, "user", "add", name, "--role", role, stdin=PASSWORDS[name] + "\n")
        assert added.returncode == 0, added.stderr
    listed = _vanban(root, "user", "list").stdout
    assert f"{EDITOR}\teditor" in listed and f"{VIEWER}\tviewer" in listed
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    with serving(project, ready="/dang-nhap") as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _log_in(visit: Visit, name: str, password: str) -> None:
    page = visit.page
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def _log_out(visit: Visit) -> None:
    page = visit.page
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap")
    visit.open("/tinh/tuyen-quang/sua")  # closed again to this browser
    page.wait_for_url("**/dang-nhap")
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()


def test_an_editor_logs_in_saves_and_logs_out(browser: Any, server: str,
                                              project: Path) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/tinh/tuyen-quang/sua")
    page.wait_for_url("**/dang-nhap")  # every page needs a login once accounts exist
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
    visit.fits_the_screen()
    visit.shot("20-dang-nhap")
    _log_in(visit, EDITOR, "sai-mat-khau-roi")
    page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for(timeout=10000)
    assert page.get_by_label("Tên đăng nhập").input_value() == EDITOR
    visit.shot("21-sai-mat-khau")
    _log_in(visit, EDITOR, PASSWORDS[EDITOR])
    page.wait_for_url(server + "/")
    assert page.get_by_text(f"{EDITOR} (biên tập)").is_visible()
    visit.open("/tinh/tuyen-quang/sua")
    own = _field(page, "targets.2.2025")
    own.fill("93")
    page.get_by_text("1 ô đã sửa, hợp lệ").wait_for(timeout=15000)
    page.get_by_role("button", name="Lưu").first.click()
    page.get_by_text("Đã lưu tuyen-quang.yaml").wait_for(timeout=15000)
    assert "2: {2025: 93}" in (project / "provinces" / "tuyen-quang.yaml").read_text("utf-8")
    visit.shot("22-bien-tap-da-luu")
    _log_out(visit)
    # The browser logs the wrong password's 401 it was asked to show; nothing else.
    visit.errors = [e for e in visit.errors if "status of 401" not in e]
    visit.close()


def test_a_viewer_sees_the_page_but_may_not_save(browser: Any, server: str,
                                                 project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/")
    page.wait_for_url("**/dang-nhap")
    _log_in(visit, VIEWER, PASSWORDS[VIEWER])
    page.wait_for_url(server + "/")
    assert page.get_by_text(f"{VIEWER} (chỉ xem)").is_visible()
    visit.open("/tinh/tuyen-quang/sua")
    assert page.get_by_role("heading", name="Chỉ tiêu", exact=True).is_visible()
    before = path.read_bytes()
    own = _field(page, "targets.2.2030")
    own.fill("96")
    page.get_by_text("1 ô đã sửa, hợp lệ").wait_for(timeout=15000)  # checking is allowed
    page.get_by_role("button", name="Lưu").first.click()
    page.get_by_role("heading", name="Không được phép").wait_for(timeout=15000)
    refusal = page.get_by_role("alert").inner_text()
    assert f"Tài khoản {VIEWER} chỉ được xem và tải về" in refusal
    assert "vanban user add" in refusal
    assert path.read_bytes() == before
    visit.shot("23-chi-xem-bi-tu-choi")
    visit.open("/tinh/tuyen-quang")
    assert page.get_by_role("heading", name="Văn bản của Tuyên Quang").is_visible()
    _log_out(visit)
    visit.errors = [e for e in visit.errors if "status of 403" not in e]
    visit.close()


def test_the_viewer_cannot_build_either(browser: Any, server: str, project: Path) -> None:
    if find_soffice() is None:
        pytest.skip("cần LibreOffice")  # the button would build documents with their images
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/")
    _log_in(visit, VIEWER, PASSWORDS[VIEWER])
    page.wait_for_url(server + "/")
    visit.open("/tinh/tuyen-quang")
    page.get_by_role("button", name="Sinh văn bản").click()
    page.get_by_text(f"Tài khoản {VIEWER} chỉ được xem và tải về").wait_for(timeout=15000)
    assert page.evaluate("document.activeElement.id") == "loi-yeu-cau"  # focus moves there
    visit.shot("24-chi-xem-khong-sinh-duoc")
    assert not (project / "output" / "tuyen-quang" / "ke-hoach.docx").exists()
    _log_out(visit)
    # The browser and htmx log the 403 the page then explains; nothing else.
    visit.errors = [e for e in visit.errors
                    if "status of 403" not in e and "Error Code 403" not in e]
    visit.close()
