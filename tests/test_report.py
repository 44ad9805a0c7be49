"""The Báo cáo kết quả (kind bao-cao), read back from the real .docx vanban builds."""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.check import ERROR, check_file
from generator.commands.main import main
from generator.config.province import load_province
from generator.domain.results import NO_DATA_TEXT

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("long-an", "tuyen-quang", "tay-ninh")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the samples, every document of every province built once."""
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(ROOT / "provinces", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    paths = [str(root / "provinces" / f"{name}.yaml") for name in SAMPLES]
    assert main(["build", *paths, "--out", str(root / "out")]) == 0
    return root


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def _table(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_with_results_gets_a_report_that_passes_the_check(project: Path,
                                                                        name: str) -> None:
    path = project / "out" / name / "bao-cao.docx"
    texts = _texts(path)
    assert "BÁO CÁO" in texts
    number = next(t for t in Document(str(path)).tables[0].rows[1].cells[0].paragraphs
                  if t.text.startswith("Số:"))
    assert number.text.endswith("/BC-UBND")
    assert [f for f in check_file(path) if f.severity == ERROR] == []


def test_the_annex_has_one_row_per_indicator_with_its_verdict(project: Path) -> None:
    province = load_province(project / "provinces" / "long-an.yaml",
                             project / "provinces" / "shared")
    indicators = sum(len(t.indicators) for t in province.programme.targets.values())
    rows = _table(project / "out" / "long-an" / "bao-cao.docx")
    assert rows[0] == ["TT", "Chỉ tiêu", "Mục tiêu\nKế hoạch", "Toàn quốc", "Kết quả\ncác năm",
                       "Đánh giá"]
    body = rows[1:]
    assert len(body) == indicators
    by_code = {row[0]: row for row in body}
    # Long An: 3a 9,5‰ in 2024 against "dưới 9,5‰" by 2025, the national value 10‰.
    three_a = by_code["3a"]
    assert three_a[2] == "dưới 9,5‰ (năm 2025)"
    assert three_a[4] == "2023: 10,1‰\n2024: 9,5‰"
    assert three_a[5] == "Đạt"
    national = province.programme.targets[3].indicators["a"].national[2025]
    assert three_a[3] == f"{national}‰".replace(".", ",")
    # A rate to raise, above its target; a year without data.
    assert by_code["1"][4] == f"2023: {NO_DATA_TEXT}\n2024: 80,8%"
    assert by_code["1"][5] == "Vượt 0,8 điểm phần trăm"
    assert by_code["5a"][5] == "Chưa đạt (còn thiếu 2,9 điểm phần trăm)"
    assert by_code["6"][5] == "Chưa có số liệu"


def test_each_goal_is_assessed_from_the_data(project: Path) -> None:
    texts = _texts(project / "out" / "long-an" / "bao-cao.docx")
    goal = texts.index("1. Về phát triển toàn diện trẻ em, chăm sóc sức khỏe, dinh dưỡng cho "
                       "trẻ em")
    assert texts[goal + 1] == (
        "10/12 chỉ tiêu có số liệu đạt và vượt (7 chỉ tiêu vượt); chỉ tiêu 3c chưa đạt "
        "(19,6‰ so với mục tiêu dưới 18,5‰); chỉ tiêu 5a chưa đạt (94,1% so với mục tiêu "
        "97%); chỉ tiêu 6 chưa có số liệu.")
    overview = next(t for t in texts if t.startswith("Năm 2024, trong "))
    assert overview == "Năm 2024, trong 35 chỉ tiêu: 10 đạt, 16 vượt, 6 chưa đạt; 3 chỉ tiêu " \
                       "chưa có số liệu."
    # The sources under the Phụ lục, each once.
    assert "Chỉ tiêu 3a, 3b, 3c: Báo cáo thống kê y tế năm 2023 của Sở Y tế." in texts


def _png_dpi(png: bytes) -> tuple[int, int, float, float]:
    """Width and height in pixels and the dots per inch the pHYs chunk records."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    at = png.index(b"pHYs")
    x, y, unit = struct.unpack(">IIB", png[at + 4:at + 13])
    assert unit == 1  # per metre
    return width, height, x * 0.0254, y * 0.0254


def test_the_report_has_a_chart_per_goal_and_an_overview_at_300_dpi(project: Path) -> None:
    path = project / "out" / "long-an" / "bao-cao.docx"
    province = load_province(project / "provinces" / "long-an.yaml",
                             project / "provinces" / "shared")
    goals = {t.goal for number, t in province.programme.targets.items()
             if any(province.results.get(number, {}).get(key)
                    for key in t.indicators)}
    document = Document(str(path))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(goals) + 1
    with zipfile.ZipFile(path) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert len(media) == len(shapes)
        for name, shape in zip(media, shapes, strict=True):
            assert abs(shape.width - text_width) <= 635 * 2  # within 2 twips of 16,5 cm
            width, height, dpi_x, dpi_y = _png_dpi(package.read(name))
            assert round(dpi_x) == round(dpi_y) == 300
            assert abs(width / (shape.width / 914400) - 300) < 1
            assert abs(width / height - shape.width / shape.height) < 0.01
    # Each chart's paragraph is followed by its caption, numbered from 1 in order.
    paragraphs = document.paragraphs
    captions = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph._p.xpath(".//w:drawing"):
            captions.append(paragraphs[index + 1].text)
    assert [c.split(".")[0] for c in captions] == [f"Biểu đồ {n}" for n in
                                                   range(1, len(shapes) + 1)]
    assert captions[-1] == "Biểu đồ 5. Số chỉ tiêu đạt, vượt, chưa đạt năm 2024"
    assert captions[0].startswith("Biểu đồ 1. Kết quả các chỉ tiêu của mục tiêu 1 ")


def test_charts_are_the_same_bytes_for_the_same_data_and_follow_a_result(
        tmp_path: Path) -> None:
    from generator.compose.context import build_context
    from generator.output.chart_drawing import draw

    shared = ROOT / "provinces" / "shared"
    context = build_context(load_province(ROOT / "provinces" / "long-an.yaml", shared),
                            "bao-cao")
    first = [draw(chart) for chart in context["charts"]]
    assert first == [draw(chart) for chart in context["charts"]]
    text = (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8")
    path = tmp_path / "long-an.yaml"
    path.write_text(text.replace('  1: !mau {2024: "80,8"}\n', '  1: !mau {2024: "79,5"}\n'),
                    encoding="utf-8")
    changed = [draw(chart) for chart in build_context(load_province(path, shared),
                                                      "bao-cao")["charts"]]
    # Target 1 is in goal 1 (chart 1) and moves the overview (chart 5, Vượt → Chưa đạt);
    # the charts of the other goals are untouched.
    assert [a != b for a, b in zip(first, changed, strict=True)] == [True, False, False,
                                                                      False, True]


def test_a_chart_is_drawn_again_only_when_its_data_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.compose.context import build_context
    from generator.output import chart_drawing
    from generator.output.charts import pictures

    monkeypatch.setenv("VANBAN_CACHE", str(tmp_path / "cache"))
    drawn: list[str] = []
    real = chart_drawing.draw

    def counted(chart: dict[str, object]) -> bytes:
        drawn.append(str(chart["kind"]))
        return real(chart)

    monkeypatch.setattr(chart_drawing, "draw", counted)
    shared = ROOT / "provinces" / "shared"
    charts = build_context(load_province(ROOT / "provinces" / "long-an.yaml", shared),
                           "bao-cao")["charts"]
    first = [p.png for p in pictures(charts)]
    assert drawn == ["goal"] * 4 + ["overview"]
    drawn.clear()
    assert [p.png for p in pictures(charts)] == first and drawn == []
    # A caption is under the chart, not in it: renumbering does not redraw.
    assert [p.png for p in pictures([{**c, "caption": "Biểu đồ 9. X"} for c in charts])
            ] == first and drawn == []
    # One result changed: only the charts showing it are drawn again.
    text = (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8")
    path = tmp_path / "long-an.yaml"
    path.write_text(text.replace('  1: !mau {2024: "80,8"}\n', '  1: !mau {2024: "79,5"}\n'),
                    encoding="utf-8")
    pictures(build_context(load_province(path, shared), "bao-cao")["charts"])
    assert drawn == ["goal", "overview"]
    # A damaged cache entry is drawn again, not embedded.
    for entry in (tmp_path / "cache" / "bieu-do").glob("*.png"):
        entry.write_bytes(b"not a png")
    drawn.clear()
    assert [p.png for p in pictures(charts)] == first and len(drawn) == 5


def test_changing_a_result_rebuilds_only_the_report(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "provinces" / "long-an.yaml"
    text = path.read_text(encoding="utf-8")
    old = '  1: !mau {2024: "80,8"}\n'
    assert text.count(old) == 1
    path.write_text(text.replace(old, '  1: !mau {2024: "79,5"}\n'), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(path), "--out", str(project / "out")]) == 0
    built = [line for line in capsys.readouterr().out.splitlines()
             if line.startswith("đã tạo")]
    assert [Path(line.split()[2]).name for line in built] == ["bao-cao.docx",
                                                              "bao-cao.thay-doi.docx"]
    rows = {row[0]: row for row in _table(project / "out" / "long-an" / "bao-cao.docx")}
    assert rows["1"][5] == "Chưa đạt (còn thiếu 0,5 điểm phần trăm)"
    # The change report names the result, and nothing else changed.
    report = (project / "out" / "long-an" / "bao-cao-thay-doi.txt").read_text(encoding="utf-8")
    assert report.splitlines()[1:] == [
        # The line keeps its !mau tag in this hand edit: still a sample value.
        "Kết quả chỉ tiêu 1: xã, phường đạt tiêu chuẩn phù hợp với trẻ em năm 2024: "
        "80,8% (mẫu) → 79,5% (mẫu)",
        "Văn bản đã sinh lại: bao-cao"]


def test_a_period_review_is_the_same_kind_with_its_own_title(tmp_path: Path) -> None:
    """A sơ kết: the report dated at the end of the stage, its own trích yếu; every year
    with results up to then is shown, judged on the last against the 2025 milestone."""
    from generator.compose.context import build_context
    from generator.domain.samples import unmarked

    text = (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8")
    text = text.replace('  1: !mau {2024: "80,8"}\n',
                        '  1: !mau {2022: 74, 2024: "80,8", 2025: 79}\n')
    head, report = text.split("\n  bao-cao:\n")
    report = report.replace("date: 2024-12", "date: 2025-12").replace(
        "    content:\n", "    content:\n      summary: Sơ kết 5 năm thực hiện Kế hoạch "
        "thực hiện Chương trình hành động vì trẻ em giai đoạn {period}\n")
    path = tmp_path / "long-an.yaml"
    path.write_text(head + "\n  bao-cao:\n" + report, encoding="utf-8")
    province = load_province(path, ROOT / "provinces" / "shared")
    context = build_context(province, "bao-cao")
    assert context["summary"] == ("Sơ kết 5 năm thực hiện Kế hoạch thực hiện Chương trình "
                                  "hành động vì trẻ em giai đoạn 2021-2030")
    first = context["annex"]["rows"][0]
    shown = [unmarked(line) for line in first["results"]]
    assert [line[:4] for line in shown] == ["2022", "2023", "2024", "2025"]
    assert first["status"] == "Chưa đạt (còn thiếu 1 điểm phần trăm)"


def test_a_province_words_its_own_chart_caption_and_goal_is_only_for_that_caption(
        tmp_path: Path) -> None:
    from generator.compose.context import build_context
    from generator.domain.errors import ConfigError

    shared = ROOT / "provinces" / "shared"
    text = (ROOT / "provinces" / "long-an.yaml").read_text(encoding="utf-8")
    anchor = "    content:\n      # Kế hoạch được báo cáo"
    assert text.count(anchor) == 1
    path = tmp_path / "long-an.yaml"
    path.write_text(text.replace(anchor, "    content:\n      goal_chart_caption: Mục tiêu "
                                 "{goal} - kết quả qua các năm\n      # Kế hoạch được báo cáo"),
                    encoding="utf-8")
    context = build_context(load_province(path, shared), "bao-cao")
    captions = [chart["caption"] for chart in context["charts"]]
    assert captions[:2] == ["Biểu đồ 1. Mục tiêu 1 - kết quả qua các năm",
                            "Biểu đồ 2. Mục tiêu 2 - kết quả qua các năm"]
    assert captions[-1].startswith("Biểu đồ 5. Số chỉ tiêu đạt, vượt, chưa đạt năm ")
    path.write_text(text.replace(anchor, "    content:\n      overview_chart_caption: Mục "
                                 "tiêu {goal}\n      # Kế hoạch được báo cáo"),
                    encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_province(path, shared)
    [problem] = [p for p in raised.value.problems if not p.warning]
    assert "tham số {goal} không có" in problem.format()
    assert "overview_chart_caption" in problem.format()


def test_a_cache_that_cannot_be_written_only_costs_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.compose.context import build_context
    from generator.output.chart_drawing import draw
    from generator.output.charts import pictures

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("VANBAN_CACHE", str(blocked))
    charts = build_context(load_province(ROOT / "provinces" / "long-an.yaml",
                                         ROOT / "provinces" / "shared"), "bao-cao")["charts"]
    assert [p.png for p in pictures(charts)] == [draw(chart) for chart in charts]
    assert blocked.read_text(encoding="utf-8") == "not a folder"
