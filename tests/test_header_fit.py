"""No line of the header wraps, for any of the 34 units (issue 11).

The place-and-date line with its longest date (day 28, month 12) must fit the right
header column, the Quốc hiệu too, and each agency line and the Số line the left one,
measured with the Times New Roman metrics on the widths the generated .docx carries.
"Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2026" is the one line wider than the default
right column: its documents get a narrower left column, and their parent agency on two
lines. The sample provinces keep the template's split. With LibreOffice installed, the
PDF of a Hồ Chí Minh document shows the date line on one line.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.commands.main import main
from generator.domain import units
from generator.domain.metrics import text_width
from generator.output.pdf import convert
from tests.test_units import make_project

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
HCM_DATE = "Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2026"
LAYOUT = runpy.run_path(str(ROOT / "tools" / "build_templates.py"))
DEFAULT_SPLIT = [int(LAYOUT["HEADER_LEFT"].twips), int(LAYOUT["HEADER_RIGHT"].twips)]
# The lines each column must hold whole; the V/v box (broken to the column by the
# template) is checked line by line too.
LEFT_STYLES = {"VBCoquanchuquan", "VBCoquan", "VBSokyhieu", "VBTrichyeucongvan"}
RIGHT_STYLES = {"VBQuochieu", "VBTieungu", "VBDiadanh"}
HAVE_OFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def _full_dates(text: str) -> str:
    """Every document date of a ``vanban new`` file made day 28 of month 12."""
    return re.sub(r"(date: (?:!mau )?)\d{4}-\d{2}(?:-\d{2})?", r"\g<1>2026-12-28", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 34 units written by ``vanban new``, dated 28/12/2026, and built."""
    folder = make_project(tmp_path_factory.mktemp("header"))
    previous = Path.cwd()
    try:
        os.chdir(folder)
        for unit in units.units():
            assert main(["new", unit.code]) == 0, unit.name
            path = folder / "provinces" / f"{unit.id}.yaml"
            path.write_text(_full_dates(path.read_text(encoding="utf-8")), encoding="utf-8")
        assert main(["build", "--out", str(folder / "out")]) == 0
    finally:
        os.chdir(previous)
    return folder / "out"


def _styles(package: zipfile.ZipFile) -> dict[str, tuple[float, bool]]:
    """styleId -> (size pt, bold) as styles.xml sets them (the VB styles set both)."""
    root = ElementTree.fromstring(package.read("word/styles.xml"))
    found = {}
    for style in root.iter(f"{W}style"):
        rpr = style.find(f"{W}rPr")
        size = None if rpr is None else rpr.find(f"{W}sz")
        bold = None if rpr is None else rpr.find(f"{W}b")
        found[style.get(f"{W}styleId", "")] = (
            14.0 if size is None else int(size.get(f"{W}val", "28")) / 2,
            bold is not None and bold.get(f"{W}val", "true") not in ("0", "false"))
    return found


def _lines(paragraph: ElementTree.Element) -> list[str]:
    lines = [""]
    for element in paragraph.iter():
        if element.tag == f"{W}br":
            lines.append("")
        elif element.tag == f"{W}t":
            lines[-1] += element.text or ""
    return [line.strip() for line in lines if line.strip()]


def _style(paragraph: ElementTree.Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return "" if style is None else style.get(f"{W}val", "")


def header_lines(path: Path) -> list[tuple[int, str, float, int]]:
    """(column, line, printed width, room) for every header line of the document, in
    twips: room is the column width less the cells' left and right padding."""
    with zipfile.ZipFile(path) as package:
        sizes = _styles(package)
        root = ElementTree.fromstring(package.read("word/document.xml"))
    found = []
    for table in root.iter(f"{W}tbl"):
        texts = "".join(t.text or "" for t in table.iter(f"{W}t"))
        if QUOC_HIEU not in texts:
            continue
        widths = [int(c.get(f"{W}w", "0")) for c in table.iter(f"{W}gridCol")]
        margins = table.find(f"{W}tblPr/{W}tblCellMar")
        assert margins is not None, path
        padding = sum(int(margins.find(f"{W}{side}").get(f"{W}w", "0"))  # type: ignore[union-attr]
                      for side in ("left", "right"))
        for row in table.iter(f"{W}tr"):
            for column, (cell, styles) in enumerate(zip(row.findall(f"{W}tc"),
                                                        (LEFT_STYLES, RIGHT_STYLES),
                                                        strict=True)):
                cell_width = cell.find(f"{W}tcPr/{W}tcW")
                assert cell_width is not None and int(cell_width.get(f"{W}w", "0")) == \
                    widths[column], path
                for paragraph in cell.iter(f"{W}p"):
                    style = _style(paragraph)
                    if style not in styles:
                        continue
                    size, bold = sizes[style]
                    for line in _lines(paragraph):
                        # Italic (the date line) measured upright: Times Italic is narrower.
                        # A draft's blanks are no-break spaces, as wide as a space.
                        printed = text_width(line.replace("\u00a0", " "), size, bold)
                        found.append((column, line, printed,
                                      widths[column] - padding))
    return found


def test_every_header_line_of_the_34_units_fits_its_column(built: Path) -> None:
    documents = sorted(built.glob("*/*.docx"))
    assert len({d.parent.name for d in documents}) == 34
    too_wide = []
    for path in documents:
        lines = header_lines(path)
        dates = [line for column, line, _, _ in lines if "ngày 28 tháng 12 năm 2026" in line]
        assert dates, (path, "không có dòng địa danh, ngày tháng đủ ngày")
        assert {line for column, line, _, _ in lines if column == 1} >= {QUOC_HIEU}, path
        too_wide += [(path.parent.name, path.stem, line, round(width), room)
                     for _, line, width, room in lines if width > room]
    assert too_wide == []


def test_only_the_place_written_in_full_moves_the_split(built: Path) -> None:
    for path in sorted(built.glob("*/*.docx")):
        with zipfile.ZipFile(path) as package:
            root = ElementTree.fromstring(package.read("word/document.xml"))
        table = next(t for t in root.iter(f"{W}tbl")
                     if QUOC_HIEU in "".join(x.text or "" for x in t.iter(f"{W}t")))
        split = [int(c.get(f"{W}w", "0")) for c in table.iter(f"{W}gridCol")]
        if path.parent.name == "ho-chi-minh":
            # Narrower left, as the city's own documents: about 6,2 cm | 10,3 cm.
            assert split[0] < DEFAULT_SPLIT[0] and sum(split) == sum(DEFAULT_SPLIT), path
            assert 5.5 <= split[0] / 1440 * 2.54 <= 6.6, split
        else:
            assert split == DEFAULT_SPLIT, path


def test_hcm_parent_agency_is_written_on_two_lines(built: Path) -> None:
    lines = [line for column, line, _, _ in header_lines(built / "ho-chi-minh" /
                                                          "cong-van-trien-khai.docx")
             if column == 0]
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ"]


def test_the_samples_keep_the_template_split(tmp_path: Path) -> None:
    samples = sorted((ROOT / "provinces").glob("*.yaml"))
    assert main(["build", *(str(p) for p in samples), "--out", str(tmp_path)]) == 0
    documents = sorted(tmp_path.glob("*/*.docx"))
    assert len(documents) >= 3 * 5
    for path in documents:
        with zipfile.ZipFile(path) as package:
            root = ElementTree.fromstring(package.read("word/document.xml"))
        for table in root.iter(f"{W}tbl"):
            if QUOC_HIEU in "".join(x.text or "" for x in table.iter(f"{W}t")):
                split = [int(c.get(f"{W}w", "0")) for c in table.iter(f"{W}gridCol")]
                assert split == DEFAULT_SPLIT, path
        assert all(width <= room for _, _, width, room in header_lines(path)), path


@pytest.mark.skipif(not HAVE_OFFICE, reason="cần LibreOffice (soffice) và pdftotext")
def test_hcm_date_line_prints_on_one_line(built: Path, tmp_path: Path) -> None:
    import subprocess

    staged = []
    for kind in ("ke-hoach", "cong-van-trien-khai"):
        target = tmp_path / f"{kind}.docx"
        shutil.copyfile(built / "ho-chi-minh" / f"{kind}.docx", target)
        staged.append(target)
    for pdf in convert(staged):
        text = subprocess.run(["pdftotext", "-layout", "-l", "1", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
        assert any(line.endswith(HCM_DATE) for line in lines), (pdf, text[:800])
        assert any(line.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
                   for line in lines), (pdf, text[:800])
        assert any(line.startswith("THÀNH PHỐ HỒ CHÍ MINH Độc lập - Tự do - Hạnh phúc")
                   for line in lines), (pdf, text[:800])
