"""The section Kết quả of the edit page in a real browser (Debian's Chromium driven by
Playwright, against a real ``vanban serve``): an officer enters a year's result from the
keyboard, saves, builds, and finds the number in the report's preview PDF and its .docx.

The section is photographed into /tmp (never into the repository) at 1366×768: the table
with its years scrolled, an error at its field, the saved diff. Skipped with the reason
when Chromium, Playwright or LibreOffice is missing, as test_web_e2e.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_web_e2e import (
    Visit,
    _docx_text,
    _field,
    _message,
    _pdf_text,
    chromium,
    copy_project,
    pytestmark,  # noqa: F401  (the same reasons to skip)
    serving,
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("e2e-ket-qua") / "du-an")


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    with serving(project) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _not_under_the_fixed_columns(page: Any) -> None:
    """The focused input is beside the columns that stay, not hidden under them."""
    left, edge = page.evaluate("""() => [
        document.activeElement.getBoundingClientRect().left,
        document.querySelector('.bang-ket-qua thead .kq-cuoi').getBoundingClientRect().right]""")
    assert left >= edge - 1, (left, edge)


def test_enter_a_result_save_build_and_find_it_in_the_report(
        browser: Any, server: str, project: Path, tmp_path: Path) -> None:
    visit = Visit(browser, server)
    page = visit.page
    path = project / "provinces" / "tuyen-quang.yaml"
    visit.open("/tinh/tuyen-quang/sua")
    page.get_by_role("link", name="Kết quả", exact=True).click()
    heading = page.get_by_role("heading", name="Kết quả", exact=True)
    assert heading.is_visible()
    visit.fits_the_screen()  # the years scroll inside the section, not the page
    visit.shot("20-ket-qua")

    # An invalid value first: told at its field, in the command line's words.
    wrong = _field(page, "results.2.2025")
    wrong.fill("150")
    _message(page, "results.2.2025").get_by_text(
        "tỷ lệ phần trăm phải từ 0 đến 100").wait_for(timeout=15000)
    assert wrong.get_attribute("aria-invalid") == "true"
    visit.shot("21-ket-qua-sai")
    wrong.fill("")
    page.get_by_text("1 lỗi").wait_for(state="detached", timeout=15000)
    assert _message(page, "results.2.2025").inner_text() == ""

    # From the keyboard, December 2024: 3a's result for 2024, the arrow down to 3b's
    # (a sample value, selected as the arrow reaches it), and the real figure typed over it.
    _field(page, "results.3.a.2024").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.name") == "results.3.b.2024"
    assert _field(page, "results.3.b.2024").input_value() == "11,8"
    _not_under_the_fixed_columns(page)
    page.keyboard.type("11,2")
    page.get_by_text("1 ô đã sửa, hợp lệ").wait_for(timeout=15000)
    # The years further right scroll into view beside the columns that stay.
    for _ in range(6):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "results.3.b.2030"
    _not_under_the_fixed_columns(page)
    visit.shot("22-ket-qua-cuon-ngang")
    page.keyboard.press("Enter")  # saves the form
    page.get_by_text("Đã lưu tuyen-quang.yaml").wait_for(timeout=15000)
    assert '2024: "11,2"' in page.locator("pre.khac-biet").inner_text()
    assert '2024: "11,2"' in path.read_text(encoding="utf-8")
    assert _field(page, "results.3.b.2024").input_value() == "11,2"
    saved = _field(page, "results.3.b.2024").locator("xpath=..")
    # The real figure is no longer a sample; the figures nobody touched still are.
    assert saved.locator(".nhan", has_text="mẫu").count() == 0
    assert _field(page, "results.3.a.2024").locator("xpath=..").locator(
        ".nhan", has_text="mẫu").count() == 1
    visit.shot("23-ket-qua-da-luu")

    page.locator(".thong-bao").get_by_role("button", name="Sinh và xem văn bản").click()
    page.wait_for_url("**/tinh/tuyen-quang")
    page.get_by_text("Đã sinh xong").wait_for(timeout=120000)
    report = page.locator("section.van-ban", has=page.locator("#vb-bao-cao"))
    first_page = report.locator('img[alt="Trang 1 của bao-cao"]')
    first_page.wait_for(timeout=60000)
    report.locator("#vb-bao-cao").scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 500",
                           arg=first_page.element_handle(), timeout=10000)
    visit.shot("24-bao-cao")
    with page.expect_download() as pdf:
        report.get_by_role("link", name="Tải PDF").click()
    # The PDF the page images are made from prints the result typed in the page.
    assert "11,2" in _pdf_text(Path(pdf.value.path()).read_bytes(), tmp_path)
    with page.expect_download() as docx:
        report.get_by_role("link", name="Tải .docx").click()
    text = _docx_text(Path(docx.value.path()).read_bytes())
    assert "11,2‰" in text and "11,8‰" not in text  # the sample it replaced is gone
    visit.close()
