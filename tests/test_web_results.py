"""The section Kết quả of the edit page (``web.results_form``) through the test client: the
results by year and their sources, saved as the lines they change, checked with the
command line's messages, and rebuilt into the report alone.

Real provinces and real builds (LibreOffice reported missing: no page images here; the
real browser's journey is in test_web_e2e_results.py).
"""

from __future__ import annotations

import difflib
import html
import io
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.config.project import Project
from generator.config.province import read_province
from generator.config.results_sheet import results_table
from generator.config.targets_table import targets_table
from generator.config.yaml_source import dotted
from generator.domain.errors import ConfigError
from generator.web import previews
from generator.web.app import create_app
from generator.web.edit_form import html_id, said
from tests.sample_yaml import results_confirmed, results_tagged_whole
from tests.test_web import _form_values, build

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ma-thu-nghiem"
PAGE = "/tinh/tuyen-quang/sua"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tuyen-quang with its results as an officer's real figures (no line tagged !mau),
    long-an with its results as the sample it ships with (each line tagged !mau)."""
    root = tmp_path / "du-an"
    (root / "provinces").mkdir(parents=True)
    shutil.copytree(ROOT / "provinces" / "shared", root / "provinces" / "shared")
    for name in ("long-an", "tuyen-quang"):
        shutil.copy(ROOT / "provinces" / f"{name}.yaml", root / "provinces")
    path = root / "provinces" / "tuyen-quang.yaml"
    path.write_text(results_confirmed(path.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


@pytest.fixture
def client(project: Path) -> TestClient:
    return TestClient(create_app(Project(project), project / "output", token=TOKEN),
                      base_url="http://127.0.0.1")


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _at_field(text: str, name: str) -> str:
    """The messages shown at one field of a page or of a check's answer."""
    found = re.search(rf'<span id="{html_id(name)}-loi"[^>]*>(.*?)</span>(?:</span>)?', text,
                      re.S)
    assert found is not None, name
    return html.unescape(found.group(1))


def test_the_section_lists_every_indicator_and_year(client: TestClient,
                                                    project: Path) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200
    assert ">Kết quả</h2>" in page.text and 'href="#ket-qua-nam">Kết quả</a>' in page.text
    path = project / "provinces" / "tuyen-quang.yaml"
    table = results_table(targets_table(path, project / "provinces" / "shared"))
    assert table.years == tuple(range(2021, 2031)) and len(table.rows) == 36
    values = _form_values(page.text)
    for row in table.rows:
        assert f">{html.escape(row.label)}</td>" in page.text, row.label
        for year in table.years:
            assert dotted(row.paths[year]) in values, (row.number, row.key, year)
    for number in range(1, 25):
        assert f"results.{number}.source" in values
        for year in table.years:
            assert f"results.{number}.sources.{year}" in values
    results = {k for k in values if k.startswith("results.")}
    assert len(results) == 36 * 10 + 24 * 11  # nothing else, no milestone is an input
    for year in table.years:
        assert f'<th scope="col" class="kq-nam">Năm {year}</th>' in page.text
    # Values the Vietnamese way; an empty input is a year with no data.
    assert values["results.3.a.2023"] == "10,6" and values["results.1.2023"] == "63"
    assert values["results.11.a.2024"] == "583" and values["results.1.2021"] == ""
    # Target 1 has one indicator (its years directly), target 3 three (by indicator).
    assert "results.1.a.2023" not in values and "results.3.2023" not in values
    # The milestones to compare with, unit and direction, read only.
    row_3a = re.search(r'<th scope="row" class="kq-so">3a</th>(.*?)</tr>', page.text, re.S)
    assert row_3a is not None
    cells = re.findall(r"<td class=\"kq-(?:don-vi|moc[^\"]*)\">([^<]*)</td>", row_3a.group(1))
    assert cells == ["‰", "9,5", "9"]
    assert "↓" in row_3a.group(1) and "giảm" in row_3a.group(1)
    # The general source shows whose report it is when left empty.
    assert re.search(r'name="results.3.source" value="" placeholder="Báo cáo của Sở Y tế"',
                     page.text)


def test_sources_and_samples_are_shown_as_the_file_has_them(client: TestClient) -> None:
    page = client.get("/tinh/long-an/sua")
    values = _form_values(page.text)
    assert values["results.3.sources.2023"] == "Báo cáo thống kê y tế năm 2023 của Sở Y tế"
    assert values["results.3.sources.2025"] == "" and values["results.3.source"] == ""
    # long-an's results are sample data (each line tagged !mau): each value is marked, an
    # empty input is not.
    cell = re.search(rf'<input id="{html_id("results.3.a.2023")}"[^>]*>(.*?)</td>',
                     page.text, re.S)
    assert cell is not None and ">mẫu</span>" in cell.group(1)
    assert 'số liệu mẫu"' in page.text
    empty = re.search(rf'<input id="{html_id("results.3.a.2025")}"[^>]*>(.*?)</td>',
                      page.text, re.S)
    assert empty is not None and "mẫu" not in empty.group(1)
    tuyen_quang = client.get(PAGE).text  # real figures: no mark
    cell = re.search(rf'<input id="{html_id("results.3.a.2023")}"[^>]*>(.*?)</td>',
                     tuyen_quang, re.S)
    assert cell is not None and "mẫu" not in cell.group(1)


def test_a_changed_result_saves_exactly_that_line(client: TestClient, project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get(PAGE).text)
    values["results.3.b.2024"] = "11,5"
    typed = client.post(f"{PAGE}/kiem-tra", data=values, headers={"hx-request": "true"})
    assert "1 ô đã sửa, hợp lệ" in typed.text
    saved = client.post(PAGE, data=values)
    assert saved.status_code == 200, saved.text
    assert "Đã lưu tuyen-quang.yaml" in saved.text
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == ['-    b: {2024: "11,8"}', '+    b: {2024: "11,5"}']
    # Comments (those above the section too) and everything else stay byte for byte.
    assert "# Kết quả thực hiện các chỉ tiêu theo năm" in after
    assert after.replace('b: {2024: "11,5"}', 'b: {2024: "11,8"}') == before
    assert _form_values(saved.text)["results.3.b.2024"] == "11,5"
    shown = re.search(r'<pre class="khac-biet".*?</pre>', saved.text, re.S)
    assert shown is not None and '+    b: {2024: "11,5"}' in html.unescape(shown.group())
    # A new year in a target with one indicator goes beside the others, in the same line.
    values = _form_values(saved.text)
    values["results.1.2025"] = "66,5"
    assert client.post(PAGE, data=values).status_code == 200
    assert _changed_lines(after, path.read_text(encoding="utf-8")) == [
        "-  1: {2023: 63, 2024: 65}", '+  1: {2023: 63, 2024: 65, 2025: "66,5"}']


def test_sources_are_saved_where_the_sheet_puts_them(client: TestClient,
                                                     project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get(PAGE).text)
    values["results.10.source"] = "Báo cáo số 45/BC-SYT của Sở Y tế"
    values["results.10.sources.2024"] = "Báo cáo số 112/BC-SYT ngày 10/12/2024"
    assert client.post(PAGE, data=values).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert sorted(_changed_lines(before, after)) == sorted([
        '-  10: {2023: "5,2", 2024: "4,8"}',
        '+  10: {2023: "5,2", 2024: "4,8", source: Báo cáo số 45/BC-SYT của Sở Y tế, sources: '
        "{2024: Báo cáo số 112/BC-SYT ngày 10/12/2024}}"])
    province, _ = read_province(path, project / "provinces" / "shared")
    assert province.results[10]["a"][2024].source == "Báo cáo số 112/BC-SYT ngày 10/12/2024"
    assert province.results[10]["a"][2023].source == "Báo cáo số 45/BC-SYT của Sở Y tế"
    page = client.get(PAGE).text
    assert _form_values(page)["results.10.sources.2024"] == \
        "Báo cáo số 112/BC-SYT ngày 10/12/2024"


def _command_line_message(project: Path, tmp_path: Path, name: str, value: str) -> str:
    """What ``vanban validate`` says of the field ``name`` when the file holds ``value``."""
    folder = tmp_path / "dong-lenh" / "provinces"
    folder.mkdir(parents=True)
    source = project / "provinces" / "tuyen-quang.yaml"
    text = source.read_text(encoding="utf-8")
    lines = {"results.2.2024": ('  2: {2023: "87,3", 2024: "91,4"}',
                                f'  2: {{2023: "87,3", 2024: "{value}"}}'),
             "results.3.a.2024": ('    a: {2023: "10,6", 2024: "10,1"}',
                                  f'    a: {{2023: "10,6", 2024: "{value}"}}'),
             "results.3.b.2024": ('    b: {2024: "11,8"}', f'    b: {{2024: "{value}"}}')}
    old, new = lines[name]
    assert old in text
    (folder / "tuyen-quang.yaml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        read_province(folder / "tuyen-quang.yaml", project / "provinces" / "shared")
    found = [p for p in refused.value.problems if p.field == name and not p.warning]
    assert len(found) == 1, refused.value.problems
    return said(found[0])


@pytest.mark.parametrize(("name", "typed", "message"), [
    ("results.2.2024", "150", "tỷ lệ phần trăm phải từ 0 đến 100"),
    ("results.3.a.2024", "-2", "kết quả không được âm"),
    ("results.3.b.2024", "mười một", "không phải là số"),
])
def test_an_invalid_result_is_told_at_its_field_and_nothing_is_saved(
        client: TestClient, project: Path, tmp_path: Path, name: str, typed: str,
        message: str) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_bytes()
    values = _form_values(client.get(PAGE).text)
    values[name] = typed
    expected = _command_line_message(project, tmp_path, name, typed)
    assert message in expected
    answer = client.post(f"{PAGE}/kiem-tra", data=values, headers={"hx-request": "true"})
    assert answer.status_code == 200
    assert f"Lỗi: {expected}" in _at_field(answer.text, name)
    assert "1 lỗi" in answer.text
    assert path.read_bytes() == before  # checking as one types writes nothing
    saved = client.post(PAGE, data=values)
    assert saved.status_code == 422
    assert "Chưa lưu: có 1 lỗi" in saved.text
    assert f"Lỗi: {expected}" in _at_field(saved.text, name)
    assert _form_values(saved.text)[name] == typed  # what was typed stays
    assert path.read_bytes() == before


def test_clearing_a_result_removes_it_and_an_empty_input_changes_nothing(
        client: TestClient, project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get(PAGE).text)
    assert values["results.3.b.2024"] == "11,8" and values["results.3.b.2023"] == ""
    values["results.3.b.2024"] = ""
    values["results.3.a.2023"] = ""
    saved = client.post(PAGE, data=values)
    assert saved.status_code == 200, saved.text
    after = path.read_text(encoding="utf-8")
    assert sorted(_changed_lines(before, after)) == sorted([
        '-    a: {2023: "10,6", 2024: "10,1"}', '+    a: {2024: "10,1"}',
        '-    b: {2024: "11,8"}'])
    province, _ = read_province(path, project / "provinces" / "shared")
    assert "b" not in province.results[3] and 2023 not in province.results[3]["a"]
    # The other empty inputs were sent as they were: nothing more changed.
    again = client.post(PAGE, data=_form_values(saved.text))
    assert "Không có thay đổi nào để lưu" in again.text
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("whole", [False, True], ids=["each-line", "whole-section"])
def test_a_typed_sample_loses_its_mark_and_the_others_keep_theirs(
        client: TestClient, project: Path, whole: bool) -> None:
    """The samples as shipped tag each line !mau: typing one value changes that one line.
    A file of its own may tag the whole section (``results: !mau``): the tag then moves
    down onto every other value."""
    path = project / "provinces" / "long-an.yaml"
    if whole:
        path.write_text(results_tagged_whole(path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get("/tinh/long-an/sua").text)
    values["results.3.a.2024"] = "9,2"
    saved = client.post("/tinh/long-an/sua", data=values)
    assert saved.status_code == 200, saved.text
    after = path.read_text(encoding="utf-8")
    if whole:
        assert "\nresults:\n" in after and '\n  1: !mau {2024: "80,8"}\n' in after
        assert '\n    a: {2023: !mau "10,1", 2024: "9,2"}\n' in after
    else:
        assert _changed_lines(before, after) == ['-    a: !mau {2023: "10,1", 2024: "9,5"}',
                                                 '+    a: {2023: !mau "10,1", 2024: "9,2"}']
    province, _ = read_province(path, project / "provinces" / "shared")
    assert province.results[3]["a"][2024].value == Decimal("9.2")
    assert not province.results[3]["a"][2024].sample
    assert province.results[3]["a"][2023].sample and province.results[1]["a"][2024].sample
    marked = re.search(rf'<input id="{html_id("results.3.a.2024")}"[^>]*>(.*?)</td>',
                       saved.text, re.S)
    assert marked is not None and "mẫu" not in marked.group(1)
    kept = re.search(rf'<input id="{html_id("results.3.a.2023")}"[^>]*>(.*?)</td>',
                     saved.text, re.S)
    assert kept is not None and ">mẫu</span>" in kept.group(1)


def test_a_result_saved_in_the_page_rebuilds_only_the_report(
        client: TestClient, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previews, "find_soffice", lambda: None)
    assert "Đã sinh xong" in build(client, "tuyen-quang")
    folder = project / "output" / "tuyen-quang"
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.docx")}
    assert "bao-cao.docx" in stamps and len(stamps) >= 4
    values = _form_values(client.get(PAGE).text)
    values["results.3.b.2024"] = "11,3"
    assert client.post(PAGE, data=values).status_code == 200
    result = build(client, "tuyen-quang")
    assert "Đã sinh xong" in result
    rebuilt = {name for name, stamp in stamps.items()
               if (folder / name).stat().st_mtime_ns != stamp}
    assert rebuilt == {"bao-cao.docx"}, result
    with zipfile.ZipFile(io.BytesIO((folder / "bao-cao.docx").read_bytes())) as archive:
        text = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
    assert "11,3" in text


def test_a_province_without_results_gets_the_section_from_its_first_value(
        client: TestClient, project: Path) -> None:
    path = project / "provinces" / "tuyen-quang.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("# Kết quả thực hiện"), text.index("\nlead_department:")
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    values = _form_values(client.get(PAGE).text)
    assert values["results.3.b.2024"] == "" and values["results.1.2023"] == ""
    values["results.3.b.2024"] = "11,2"
    assert client.post(PAGE, data=values).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == ["+", "+results:", "+  3:", '+    b: {2024: "11,2"}']


def test_two_tabs_entering_results_lose_nothing(client: TestClient, project: Path) -> None:
    first = _form_values(client.get(PAGE).text)
    second = dict(first)
    first["results.3.b.2024"] = "11,5"
    assert client.post(PAGE, data=first).status_code == 200
    path = project / "provinces" / "tuyen-quang.yaml"
    after_first = path.read_bytes()
    second["results.3.b.2024"] = "11,6"
    second["results.6.2024"] = "1,2"
    conflict = client.post(PAGE, data=second)
    assert conflict.status_code == 409
    assert path.read_bytes() == after_first  # nothing overwritten
    text = html.unescape(conflict.text)
    assert '+    b: {2024: "11,5"}' in text and "1 ô cả hai bên cùng sửa" in text
    assert "Kết quả › Chỉ tiêu 3b, kết quả năm 2024" in text  # the officer's value, named
    kept = _form_values(conflict.text)
    assert kept["results.3.b.2024"] == "11,6" and kept["results.6.2024"] == "1,2"
    assert re.search(rf'<td class="kq-o truong-xung-dot"><input id="{html_id("results.3.b.2024")}"',
                     conflict.text)
    assert client.post(PAGE, data=kept).status_code == 200
    saved = path.read_text(encoding="utf-8")
    assert 'b: {2024: "11,6"}' in saved and '6: {2024: "1,2"}' in saved
