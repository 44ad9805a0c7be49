"""The Long An plan, generated end to end and read back from the .docx itself."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from generator.commands.main import main
from tests.docx_inspect import Para, find, paragraphs, texts
from tests.seeds import seed_file, seed_lines

ROOT = Path(__file__).resolve().parent.parent
SEED = seed_file("001_25fc0dfd6ed14fa2.txt")
PROVINCE = ROOT / "provinces" / "long-an.yaml"

# The seed is a plain-text extraction with typos (tests/fixtures/README.md); the
# generated plan corrects exactly these and nothing else.
SEED_CORRECTIONS = [
    ("môi trường song", "môi trường sống"),
    ("Phần đầu", "Phấn đấu"), ("Phân đầu", "Phấn đấu"), ("phần đầu", "phấn đấu"),
    ("1,8 %", "1,8%"), ("0,1 %", "0,1%"),
    ("đạt 99% vào năm 2030: phấn đấu", "đạt 99% vào năm 2030; phấn đấu"),
    ("chỉ tiêu, của kế hoạch", "chỉ tiêu của kế hoạch"),
    ("VI. CHẾ ĐỘ BÁO CÁO", "V. CHẾ ĐỘ BÁO CÁO"),  # the seed skips V
    ("- CT, các PCT. UBND tỉnh;", "- CT, các PCT UBND tỉnh;"),
    ("- Các sở, ngành, tỉnh;", "- Các sở, ngành tỉnh;"),
    ("- Phòng VHXXH;", "- Phòng VHXH;"),
]
# Lines the extraction broke or stripped of their dash.
SEED_JOINS = [("giáo dục hòa", "nhập và hỗ trợ")]
SEED_DASHED = ["Thực hiện kiểm tra, đánh giá các mục tiêu đã đề ra"]
# The header the extraction lost and Decree 30 requires (Phụ lục I, II.1–2).
RESTORED_HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "Độc lập - Tự do - Hạnh phúc"]


def seed_paragraphs() -> list[str]:
    return seed_lines(SEED, SEED_JOINS, SEED_CORRECTIONS, SEED_DASHED)


def build(tmp: Path, yaml_path: Path = PROVINCE) -> Path:
    out = tmp / "out"
    assert main(["build", str(yaml_path), "--doc", "ke-hoach", "--out", str(out)]) == 0
    return out / yaml_path.stem / "ke-hoach.docx"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("plan"))


@pytest.fixture(scope="module")
def paras(plan: Path) -> list[Para]:
    return paragraphs(plan)


def test_plan_matches_seed_001_after_corrections(plan: Path) -> None:
    generated = [t for t in texts(plan) if t not in RESTORED_HEADER]
    expected = seed_paragraphs()
    diff = "\n".join(difflib.unified_diff(expected, generated, "seed 001", "generated",
                                          lineterm="", n=1))
    assert generated == expected, diff


def test_restored_header_precedes_the_title(plan: Path) -> None:
    all_texts = texts(plan)
    assert all_texts[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN",
                             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all_texts[4:7] == ["Số: /KH-UBND", "Long An, ngày tháng 3 năm 2021", "KẾ HOẠCH"]


def test_page_setup_is_a4_portrait_with_decree_margins(plan: Path) -> None:
    for section in Document(str(plan)).sections:
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
        assert 1134 <= section.top_margin.twips <= 1418
        assert 1134 <= section.bottom_margin.twips <= 1418
        assert 1701 <= section.left_margin.twips <= 1985
        assert 850 <= section.right_margin.twips <= 1134


def test_every_run_is_times_new_roman(paras: list[Para]) -> None:
    fonts = {font for para in paras for font in para.fonts}
    assert fonts == {"Times New Roman"}


@pytest.mark.parametrize(("text", "where", "size", "bold", "italic"), [
    ("ỦY BAN NHÂN DÂN", "header-left", 12, True, False),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "header-right", 12, True, False),
    ("Độc lập - Tự do - Hạnh phúc", "header-right", 13, True, False),
    ("Số: /KH-UBND", "header-left", 13, False, False),
    ("Long An, ngày tháng 3 năm 2021", "header-right", 13, False, True),
    ("KẾ HOẠCH", "body", 14, True, False),
    ("Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021-2030 trên địa bàn tỉnh",
     "body", 14, True, False),
    ("I. MỤC TIÊU", "body", 14, True, False),
    ("1. Mục tiêu chung", "body", 14, True, False),
    ("Nơi nhận:", "sign-left", 12, True, True),
    ("- Lưu: VT, Thu.", "sign-left", 11, False, False),
    ("TM. ỦY BAN NHÂN DÂN", "sign-right", 14, True, False),
    ("PHÓ CHỦ TỊCH", "sign-right", 14, True, False),
    ("Phạm Tấn Hòa", "sign-right", 14, True, False),
])
def test_element_size_and_style(paras: list[Para], text: str, where: str, size: float,
                                bold: bool, italic: bool) -> None:
    para = find(paras, text)
    assert (para.where, para.size, para.bold, para.italic) == (where, size, bold, italic)


def test_centred_elements(paras: list[Para]) -> None:
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "KẾ HOẠCH", "Số: /KH-UBND", "Long An, ngày tháng 3 năm 2021",
                 "KT. CHỦ TỊCH", "Phạm Tấn Hòa"):
        assert find(paras, text).alignment == "CENTER", text
    assert find(paras, "Nơi nhận:").alignment == "LEFT"


def test_body_is_justified_indented_and_spaced(paras: list[Para]) -> None:
    body = [p for p in paras if p.where == "body" and p.text][3:]  # after title and summary
    assert len(body) > 100
    for para in body:
        assert para.alignment == "JUSTIFY", para.text
        assert para.first_line in (567, 720), para.text
        assert (para.space_before or 0) >= 120, para.text
        assert para.size in (13, 14), para.text
        assert not para.italic or para.text.startswith("2."), para.text


def test_rules_under_agency_motto_and_summary(paras: list[Para]) -> None:
    rules = [(i, p.where) for i, p in enumerate(paras) if p.border_bottom and not p.text]
    assert [where for _, where in rules] == ["header-left", "header-right", "body"]
    index = {where: i for i, where in rules}
    assert paras[index["header-left"] - 1].text == "TỈNH LONG AN"
    assert paras[index["header-right"] - 1].text == "Độc lập - Tự do - Hạnh phúc"
    assert paras[index["body"] - 1].text.startswith("Thực hiện Chương trình hành động")


def test_recipients_list_form(paras: list[Para]) -> None:
    items = [p for p in paras if p.where == "sign-left" and p.text.startswith("- ")]
    assert all(p.size == 11 and not p.bold for p in items)
    assert all(p.text.endswith(";") for p in items[:-1])
    assert re.fullmatch(r"- Lưu: VT(, [^.]+)?\.", items[-1].text)


def test_page_number_in_header_from_page_two(plan: Path) -> None:
    document = Document(str(plan))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    default = section.header._element.xml
    assert "PAGE" in default
    assert find_alignment(section.header.paragraphs) == "CENTER"
    assert "PAGE" not in section.first_page_header._element.xml
    assert "PAGE" not in section.footer._element.xml


def find_alignment(header_paragraphs: list) -> str | None:
    for paragraph in header_paragraphs:
        if "PAGE" in paragraph._p.xml:
            return str(paragraph.style.paragraph_format.alignment).split(".")[-1].split(" ")[0]
    return None


def test_final_document_fills_number_and_date(tmp_path: Path) -> None:
    text = PROVINCE.read_text(encoding="utf-8")
    draft = "  ke-hoach:\n    agency: ubnd\n    number: ~ "
    final = text.replace(draft, "  ke-hoach:\n    agency: ubnd\n    number: 7 ").replace(
        "date: 2021-03          # năm-tháng", "date: 2021-01-07       # năm-tháng")
    assert final.count("number: 7") == 1 and final.count("2021-01-07") == 1
    path = tmp_path / "long-an.yaml"
    path.write_text(final, encoding="utf-8")
    generated = texts(build(tmp_path, path))
    assert "Số: 07/KH-UBND" in generated
    assert "Long An, ngày 07 tháng 01 năm 2021" in generated


def test_changing_one_value_changes_exactly_that_value(tmp_path: Path, plan: Path) -> None:
    text = PROVINCE.read_text(encoding="utf-8")
    changed = text.replace('9: {2025: "0,05", 2030: "0,03"}', '9: {2025: "0,04", 2030: "0,03"}')
    assert changed != text
    path = tmp_path / "long-an.yaml"
    path.write_text(changed, encoding="utf-8")
    before, after = texts(plan), texts(build(tmp_path, path))
    differing = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(differing) == 1
    old, new = differing[0]
    assert old.replace("0,05%", "0,04%") == new


def test_moving_a_target_moves_its_lead_sentence(tmp_path: Path) -> None:
    text = PROVINCE.read_text(encoding="utf-8")
    moved = text.replace("leads: [14]", "leads: [14, 13]").replace("leads: [13, 21]",
                                                                  "leads: [21]")
    path = tmp_path / "long-an.yaml"
    path.write_text(moved, encoding="utf-8")
    generated = texts(build(tmp_path, path))
    assert any("thực hiện các chỉ tiêu 13, 14 của Kế hoạch này." in t for t in generated)
    assert any("thực hiện chỉ tiêu 21 của Kế hoạch này;" in t for t in generated)


def test_shipped_template_is_what_the_builder_makes() -> None:
    """The committed .docx and tools/build_templates.py must not drift apart."""
    import runpy

    builder = runpy.run_path(str(ROOT / "tools" / "build_templates.py"))
    for name in builder["BUILDERS"]:
        fresh = builder["stable_bytes"](builder["build"](name))
        shipped = (ROOT / "templates" / f"{name}.docx").read_bytes()
        assert fresh == shipped, (
            f"templates/{name}.docx khác với bản do tools/build_templates.py tạo; chạy lại "
            "script đó")


def test_output_has_no_template_tags_left(plan: Path) -> None:
    xml = Document(str(plan)).element.xml
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml


def test_build_writes_only_the_document_into_the_output_folder(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "provinces", source / "provinces")
    build(tmp_path, source / "provinces" / "long-an.yaml")
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    outside_state = [w for w in written if not w.startswith(("src/", "out/long-an/.vanban/"))]
    assert outside_state == ["out/long-an/ke-hoach.docx"]
