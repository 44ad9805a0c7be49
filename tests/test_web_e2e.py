"""The web page in a real browser: Debian's Chromium driven by Playwright, against a real
``vanban serve`` process over a copy of the project.

Journeys: build a province and see its pages; change a value in the province file (the
command line) and a target in the edit page, build again and find both in the change
report, the previewed PDF and the downloaded .docx; an invalid value told at its field with
nothing saved; two tabs in conflict with no save lost; a new province added from the
keyboard; upload a document and read its findings. Every page is photographed into /tmp
(never into the repository), at 1366×768, and must raise no console error (a Content-Security-Policy
violation is one). Skipped with the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.output.pdf import find_soffice

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("VANBAN_SCREENSHOTS", "/tmp/vanban-e2e"))
WIDTH, HEIGHT = 1366, 768

playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="chưa cài playwright (pip install playwright)")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.is_file(),
                       reason="chưa có Chromium của Debian ở /usr/bin/chromium (apt-get "
                              "install chromium, hoặc chạy scripts/setup.sh với quyền root)"),
    pytest.mark.skipif(find_soffice() is None or shutil.which("pdftoppm") is None,
                       reason="cần LibreOffice và pdftoppm cho ảnh các trang"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(root: Path) -> Path:
    """A project folder with Tuyên Quang, the shared content and the templates."""
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    shutil.copy(ROOT / "provinces" / "tuyen-quang.yaml", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


@contextmanager
def serving(project: Path, ready: str = "/") -> Iterator[str]:
    """A real ``vanban serve`` on a free port over ``project``, its address; stopped at the
    end, and its log must hold no traceback."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(address + ready, timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("vanban serve did not answer")
        yield address
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
        assert "Traceback" not in errors, errors


@contextmanager
def chromium() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("e2e") / "du-an")


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    with serving(project) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Visit:
    """One tab: records console errors, photographs pages, times loads."""

    def __init__(self, browser: Any, address: str) -> None:
        self.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                           accept_downloads=True, locale="vi-VN")
        self.page = self.context.new_page()
        self.address = address
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.timings: dict[str, float] = {}

    def open(self, path: str) -> None:
        start = time.perf_counter()
        self.page.goto(self.address + path, wait_until="load")
        self.timings[path] = time.perf_counter() - start

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=False)
        # The whole page at once: sections off the screen are drawn for the picture too
        # (the page draws them only when reached: content-visibility).
        drawn = ("on => document.querySelectorAll('.phan')"
                 ".forEach(s => s.style.contentVisibility = on)")
        self.page.evaluate(drawn, "visible")
        self.page.screenshot(path=str(SHOTS / f"{name}-ca-trang.png"), full_page=True)
        self.page.evaluate(drawn, "")
        return target

    def fits_the_screen(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"the page is {width} px wide, wider than a {WIDTH} px screen"

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _field(page: Any, name: str) -> Any:
    return page.locator(f'[name="{name}"]')


def _message(page: Any, name: str) -> Any:
    """The place of a field's messages (its id is the field's, see web.edit_form.html_id)."""
    ident = page.evaluate("name => document.querySelector(`[name=\"${name}\"]`).id", name)
    return page.locator(f"#{ident}-loi")


def _pdf_text(data: bytes, folder: Path) -> str:
    pdf = folder / "xem-truoc.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _change_a_target_on_the_edit_page(visit: Visit, project: Path) -> None:
    """From the documents page: open the edit page, change target 1 for 2025 to 71 and
    save it from the keyboard; the page shows the lines changed in the file."""
    page = visit.page
    page.get_by_role("link", name="Sửa cấu hình").click()
    page.wait_for_url("**/tinh/tuyen-quang/sua")
    assert page.get_by_role("heading", name="Chỉ tiêu", exact=True).is_visible()
    # The number the command line's user just wrote is what the form shows.
    assert _field(page, "documents.cong-van-xay-dung-ke-hoach.number").input_value() == "987"
    visit.fits_the_screen()
    visit.shot("9-sua-tinh")
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    visit.shot("10-bang-chi-tieu")
    page.get_by_role("link", name="Sở chủ trì").click()
    visit.shot("11-so-chu-tri")
    own = _field(page, "targets.1.2025")
    assert own.get_attribute("placeholder") == "65"  # the national value beside it
    own.fill("71")
    page.get_by_text("1 ô đã sửa, hợp lệ").wait_for(timeout=15000)
    own.press("Enter")  # a form is submitted from the keyboard
    page.get_by_text("Đã lưu tuyen-quang.yaml").wait_for(timeout=15000)
    diff = page.locator("pre.khac-biet").inner_text()
    assert "+  1: {2025: 71}" in diff and "+targets:" in diff
    assert "1: {2025: 71}" in (project / "provinces" / "tuyen-quang.yaml").read_text("utf-8")
    visit.shot("12-da-luu")


def test_build_preview_change_and_download(browser: Any, server: str, project: Path,
                                           tmp_path: Path) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/")
    assert page.get_by_role("heading", name="Các tỉnh").is_visible()
    row = page.get_by_role("row", name="Tuyên Quang")
    assert "Hợp lệ" in row.inner_text() and "chưa sinh" in row.inner_text()
    visit.fits_the_screen()
    visit.shot("1-cac-tinh")

    page.get_by_role("link", name="Sinh và xem văn bản").first.click()
    page.wait_for_url("**/tinh/tuyen-quang")
    visit.shot("2-van-ban-chua-sinh")
    button = page.get_by_role("button", name="Sinh văn bản")
    button.focus()
    page.keyboard.press("Enter")  # the whole journey works from the keyboard
    page.get_by_role("progressbar").wait_for(timeout=5000)
    visit.shot("3-dang-sinh")
    page.locator('img[alt="Trang 1 của ke-hoach"]').wait_for(timeout=60000)
    # The plan's pages are shown first, while the other documents' are still being made.
    progress = page.locator("#tien-do").inner_text()
    assert "Đã có ảnh các trang của ke-hoach.docx" in progress or "Đã sinh xong" in progress
    page.get_by_text("Đã sinh xong").wait_for(timeout=60000)
    first_page = page.locator('img[alt="Trang 1 của ke-hoach"]')
    first_page.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 500",
                           arg=first_page.element_handle(), timeout=10000)
    visit.fits_the_screen()
    visit.shot("4-van-ban-da-sinh")

    path = project / "provinces" / "tuyen-quang.yaml"  # the command line's user edits it
    path.write_text(path.read_text(encoding="utf-8").replace("number: 412", "number: 987"),
                    encoding="utf-8")
    _change_a_target_on_the_edit_page(visit, project)  # and the officer edits in the page
    # One button after the save: build, then the documents page with its progress.
    page.locator(".thong-bao").get_by_role("button", name="Sinh và xem văn bản").click()
    page.wait_for_url("**/tinh/tuyen-quang")
    page.get_by_text("Đã sinh xong").wait_for(timeout=60000)
    page.get_by_text("Báo cáo thay đổi của lần sinh gần nhất").wait_for(timeout=60000)
    page.locator('img[alt="Trang 1 của ke-hoach"]').wait_for(timeout=10000)
    assert "987" in page.locator("pre.bao-cao").inner_text()
    assert "71" in page.locator("pre.bao-cao").inner_text()
    assert page.get_by_role("link", name="Bản theo dõi thay đổi (.docx)").count() >= 1
    visit.shot("5-sau-khi-sua")

    section = page.locator("section.van-ban", has=page.locator("#vb-cong-van-xay-dung-ke-hoach"))
    with page.expect_download() as download:
        section.get_by_role("link", name="Tải .docx").click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "tuyen-quang-cong-van-xay-dung-ke-hoach.docx"
    assert "987/" in _docx_text(saved.read_bytes())
    with page.expect_download() as pdf:
        section.get_by_role("link", name="Tải PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as bundle:
        page.get_by_role("link", name="Tải tất cả (.zip)").click()
    names = zipfile.ZipFile(bundle.value.path()).namelist()
    assert "tuyen-quang/cong-van-xay-dung-ke-hoach.pdf" in names
    plan = page.locator("section.van-ban", has=page.locator("#vb-ke-hoach"))
    with page.expect_download() as plan_pdf:
        plan.get_by_role("link", name="Tải PDF").click()
    # The PDF the page images are made from prints the target changed in the page.
    assert "71%" in _pdf_text(Path(plan_pdf.value.path()).read_bytes(), tmp_path)
    with page.expect_download() as plan_docx:
        plan.get_by_role("link", name="Tải .docx").click()
    assert "71%" in _docx_text(Path(plan_docx.value.path()).read_bytes())

    visit.open("/")
    assert "sinh lúc" in page.get_by_role("row", name="Tuyên Quang").inner_text()
    visit.open("/tinh/tuyen-quang")
    print("\nthời gian tải trang:", {k: f"{v * 1000:.0f} ms" for k, v in visit.timings.items()})
    visit.close()


def test_upload_a_document_and_read_its_findings(browser: Any, server: str,
                                                 project: Path) -> None:
    source = project / "output" / "tuyen-quang" / "huong-dan-nam.docx"
    if not source.is_file():
        pytest.skip("cần văn bản do phép thử trước sinh ra")
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    for name in ("word/document.xml", "word/styles.xml"):
        parts[name] = parts[name].replace(b'w:ascii="Times New Roman"', b'w:ascii="Arial"')
    changed = project / "sai-phong.docx"
    with zipfile.ZipFile(changed, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)

    visit = Visit(browser, server)
    page = visit.page
    visit.open("/kiem-tra")
    visit.fits_the_screen()
    visit.shot("6-kiem-tra")
    assert page.get_by_text("Chưa chọn tệp nào").is_visible()
    page.locator("#tep").focus()  # the picker is reached from the keyboard
    assert page.evaluate("document.activeElement.id") == "tep"
    page.get_by_label("Chọn tệp .docx…").set_input_files(str(changed))
    assert page.locator("#ten-tep").inner_text() == "sai-phong.docx"
    page.get_by_role("button", name="Kiểm tra").click()
    heading = page.locator("#ket-qua")
    heading.wait_for(timeout=60000)
    assert "sai-phong.docx" in heading.inner_text()
    findings = page.locator("ol.phat-hien > li")
    assert findings.count() >= 1
    first = findings.first.inner_text()
    assert "Điều khoản" in first and "Vị trí" in first
    assert "Arial" in page.locator("ol.phat-hien").inner_text()
    page.locator('img[alt="Trang 1 của sai-phong.docx"]').wait_for(timeout=30000)
    visit.fits_the_screen()
    visit.shot("7-ket-qua-kiem-tra")
    visit.close()


def test_skip_link_and_focus_are_visible(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Bỏ qua thanh điều hướng"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    visit.open("/khong-co-trang-nay")
    assert page.get_by_role("heading", name="Không tìm thấy").is_visible()
    visit.shot("8-khong-tim-thay")
    # The browser logs the 404 it was asked to show; nothing else may be logged.
    visit.errors = [e for e in visit.errors if "status of 404" not in e]
    visit.close()


# --- editing a province --------------------------------------------------------------------

def test_an_invalid_value_is_told_at_the_field_and_nothing_saved(browser: Any, server: str,
                                                                 project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_bytes()
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/tinh/tuyen-quang/sua")
    own = _field(page, "targets.2.2030")
    own.fill("150")
    message = _message(page, "targets.2.2030")
    message.get_by_text("tỷ lệ phần trăm phải từ 0 đến 100").wait_for(timeout=15000)
    assert own.get_attribute("aria-invalid") == "true"
    assert page.locator("#tom-tat").get_by_text("1 lỗi").is_visible()
    own.scroll_into_view_if_needed()
    visit.shot("14-gia-tri-sai")
    page.get_by_role("button", name="Lưu").first.click()
    page.get_by_text("Chưa lưu: có 1 lỗi").wait_for(timeout=10000)
    # Sections far from the screen are drawn only when reached (content-visibility).
    _field(page, "targets.2.2030").scroll_into_view_if_needed()
    _message(page, "targets.2.2030").get_by_text("tỷ lệ phần trăm phải từ 0 đến 100").wait_for(
        timeout=5000)
    assert _field(page, "targets.2.2030").input_value() == "150"
    assert path.read_bytes() == before
    visit.shot("15-chua-luu")
    # The browser logs the refused save's status (422); nothing else may be logged.
    visit.errors = [e for e in visit.errors if "status of 422" not in e]
    visit.close()


def test_two_tabs_conflict_and_no_save_is_lost(browser: Any, server: str,
                                              project: Path) -> None:
    first, second = Visit(browser, server), Visit(browser, server)
    first.open("/tinh/tuyen-quang/sua")
    second.open("/tinh/tuyen-quang/sua")
    _field(first.page, "targets.2.2025").fill("91")
    first.page.get_by_role("button", name="Lưu").first.click()
    first.page.get_by_text("Đã lưu tuyen-quang.yaml").wait_for(timeout=15000)

    page = second.page
    _field(page, "targets.2.2030").fill("97")
    page.get_by_role("radio", name="Sở Y tế chủ trì chỉ tiêu 13").check()
    page.get_by_role("button", name="Lưu").first.click()
    page.get_by_text("Chưa lưu: tệp đã được sửa ở cửa sổ khác").wait_for(timeout=15000)
    assert "+  2: {2025: 91}" in page.locator("pre.khac-biet").inner_text()
    assert _field(page, "targets.2.2030").input_value() == "97"  # the officer's values stay
    assert page.get_by_role("radio", name="Sở Y tế chủ trì chỉ tiêu 13").is_checked()
    assert _field(page, "targets.2.2025").input_value() == "91"  # and the other tab's
    second.fits_the_screen()
    second.shot("16-xung-dot")
    page.get_by_role("button", name="Lưu").first.click()
    page.get_by_text("Đã lưu tuyen-quang.yaml").wait_for(timeout=10000)
    text = (project / "provinces" / "tuyen-quang.yaml").read_text("utf-8")
    assert "2: {2025: 91, 2030: 97}" in text
    assert "leads: [3, 4, 5, 6, 13]" in text
    second.shot("17-luu-sau-xung-dot")
    second.errors = [e for e in second.errors if "status of 409" not in e]
    first.close()
    second.close()


def test_add_a_province_from_the_keyboard(browser: Any, server: str, project: Path) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/")
    page.get_by_role("link", name="Thêm tỉnh mới").click()
    page.wait_for_url("**/tinh-moi")
    visit.fits_the_screen()
    visit.shot("18-tinh-moi")
    chooser = page.get_by_label("Tỉnh, thành phố")
    chooser.focus()
    chooser.select_option(label="Thành phố Cần Thơ")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tạo tệp"
    page.keyboard.press("Enter")
    page.wait_for_url("**/tinh/can-tho/sua?moi=1")
    assert page.get_by_text("Đã tạo tệp của tỉnh").is_visible()
    assert (project / "provinces" / "can-tho.yaml").is_file()
    assert _field(page, "province.name").input_value() == "Cần Thơ"
    visit.fits_the_screen()
    visit.shot("19-tinh-moi-da-tao")
    page.keyboard.press("Tab")  # the skip link, then the page in order
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "province.name":
            break
    else:
        raise AssertionError("the first field is not reached with Tab")
    visit.open("/")
    assert page.get_by_role("row", name="Cần Thơ").is_visible()
    visit.close()


def test_save_and_build_in_one_click(browser: Any, server: str, project: Path,
                                     tmp_path: Path) -> None:
    """«Lưu và sinh văn bản»: the documents page opens with the build under way, then at
    the plan with its new pages; the PDF they are made from prints the new value."""
    visit = Visit(browser, server)
    page = visit.page
    visit.open("/tinh/tuyen-quang/sua")
    _field(page, "targets.1.2025").fill("68")
    page.get_by_text("1 ô đã sửa, hợp lệ").wait_for(timeout=15000)
    page.get_by_role("button", name="Lưu và sinh văn bản").first.click()
    page.wait_for_url("**/tinh/tuyen-quang*")
    assert "1: {2025: 68}" in (project / "provinces" / "tuyen-quang.yaml").read_text("utf-8")
    page.wait_for_url("**/tinh/tuyen-quang?xem=ke-hoach*", timeout=60000)  # the plan first
    image = page.locator('img[alt="Trang 1 của ke-hoach"]')
    assert image.get_attribute("loading") == "eager"
    page.wait_for_function("img => img.complete && img.naturalWidth > 500",
                           arg=image.element_handle(), timeout=10000)
    visit.shot("25-luu-va-sinh")
    page.get_by_text("Đã sinh xong").wait_for(timeout=60000)
    plan = page.locator("section.van-ban", has=page.locator("#vb-ke-hoach"))
    with page.expect_download() as pdf:
        plan.get_by_role("link", name="Tải PDF").click()
    assert "68%" in _pdf_text(Path(pdf.value.path()).read_bytes(), tmp_path)
    visit.close()
