"""Every document kind for every sample province, read back from the generated .docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.commands.main import main
from generator.domain.model import DOCUMENT_KINDS
from tests.docx_inspect import clean, paragraphs, texts
from tests.seeds import seed_file, seed_lines

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ["long-an", "tuyen-quang", "tay-ninh"]
KINDS = list(DOCUMENT_KINDS)
LETTERS = [k for k, kind in DOCUMENT_KINDS.items() if kind.is_letter]
SEED_002 = seed_file("002_458a7eb5ad07ed73.txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("all") / "out"
    assert main(["build", *PROVINCES, "--out", str(out)]) == 0
    return out


def doc(built: Path, province: str, kind: str) -> Path:
    return built / province / f"{kind}.docx"


def build_variant(tmp_path: Path, province: str, old: str, new: str,
                  kind: str | None = None) -> Path:
    text = (ROOT / "provinces" / f"{province}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{province}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out), *(["--doc", kind] if kind else [])]) == 0
    return out / province


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_document_has_the_decree_frame(built: Path, province: str, kind: str) -> None:
    path = doc(built, province, kind)
    paras = paragraphs(path)
    by_text = {p.text: p for p in paras if p.text}
    quoc_hieu = by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert (quoc_hieu.size, quoc_hieu.bold, quoc_hieu.where) == (12, True, "header-right")
    motto = by_text["Độc lập - Tự do - Hạnh phúc"]
    assert (motto.size, motto.bold) == (13, True)
    assert {f for p in paras for f in p.fonts} == {"Times New Roman"}
    number = next(p for p in paras if p.text.startswith("Số:"))
    assert number.size == 13 and not number.bold and number.where == "header-left"
    date = next(p for p in paras if re.search(r", ngày .* năm \d{4}$", p.text))
    assert date.italic and date.size == 13 and date.where == "header-right"
    # Months 1 and 2 take a leading zero (01, 02), the others none (Phụ lục I, II.4).
    assert not re.search(r"tháng 0[3-9]|tháng [12](?= năm)", date.text)
    for section in Document(str(path)).sections:
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
        assert 1701 <= section.left_margin.twips <= 1985
        assert 850 <= section.right_margin.twips <= 1134
    noi_nhan = by_text["Nơi nhận:"]
    assert (noi_nhan.size, noi_nhan.bold, noi_nhan.italic) == (12, True, True)
    items = [p for p in paras if p.where == "sign-left" and p.text.startswith("- ")]
    assert all(p.size == 11 for p in items) and all(p.text.endswith(";") for p in items[:-1])
    assert re.fullmatch(r"- Lưu: VT(, [^.]+)?\.", items[-1].text)
    first = "- Như trên;" if kind in LETTERS else "- Như Điều 4;" if kind.startswith(
        "quyet") else None
    if first:
        assert items[0].text == first
    body_text = " ".join(p.text for p in paras if p.where == "body")
    assert "{{" not in body_text and "{" not in body_text


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", KINDS)
def test_ky_hieu_matches_the_document_type(built: Path, province: str, kind: str) -> None:
    number = next(t for t in texts(doc(built, province, kind)) if t.startswith("Số:"))
    symbol = number.split("/", 1)[1]
    abbreviation = DOCUMENT_KINDS[kind].abbreviation
    if abbreviation:
        assert symbol == f"{abbreviation}-UBND"
        assert DOCUMENT_KINDS[kind].type_name in texts(doc(built, province, kind))
    else:  # a công văn: agency then drafting unit, no Phụ lục III type abbreviation
        agency, unit = symbol.split("-", 1)
        assert agency in ("SLĐTBXH", "SYT") and unit
        assert not re.match(r"^(KH|QĐ|CV|HD)-", symbol)
    assert re.fullmatch(r"Số: (\d{2,}|)/[A-ZĐa-zđ]+(-[A-ZĐa-zđ]+)+", number)


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("kind", LETTERS)
def test_letter_has_vv_and_kinh_gui_list(built: Path, province: str, kind: str) -> None:
    paras = paragraphs(doc(built, province, kind))
    subject = next(p for p in paras if p.text.startswith("V/v "))
    assert subject.where == "header-left" and subject.size in (12, 13) and not subject.bold
    index = next(i for i, p in enumerate(paras) if p.text == "Kính gửi:")
    lines = []
    for para in paras[index + 1:]:
        if not para.text.startswith("- "):
            break
        lines.append(para)
    assert len(lines) >= 2
    assert all(p.text.endswith(";") for p in lines[:-1]) and lines[-1].text.endswith(".")
    assert all(p.size == 14 and not p.bold for p in [paras[index], *lines])
    assert paras[-1].text  # the signer's name closes the document
    assert any(p.text.endswith("./.") for p in paras if p.where == "body")


def test_single_addressee_stands_on_the_kinh_gui_line(tmp_path: Path) -> None:
    old = ("    addressees:\n      - Các sở, ban, ngành tỉnh\n      - UBND các xã, phường\n"
           "    recipients: [UBND tỉnh (để báo cáo), Giám đốc Sở]\n    archive: VT, BTXH\n"
           "    content:\n      national_guidance")
    new = old.replace("      - Các sở, ban, ngành tỉnh\n", "")
    folder = build_variant(tmp_path, "tay-ninh", old, new, "huong-dan-nam")
    generated = texts(folder / "huong-dan-nam.docx")
    assert "Kính gửi: UBND các xã, phường" in generated
    assert "Kính gửi:" not in generated


SIGNATURE_FORMS = [
    (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH"),
    (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH"),
    (["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC"),
    (["Q. GIÁM ĐỐC"], None),
    (["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG"),
    (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"], "PHÓ CHÁNH VĂN PHÒNG"),
    (["TUQ. CHỦ TỊCH"], "GIÁM ĐỐC SỞ Y TẾ"),
]


@pytest.mark.parametrize(("authority", "title"), SIGNATURE_FORMS)
def test_every_signing_form_is_laid_out_line_by_line(tmp_path: Path, authority: list[str],
                                                     title: str | None) -> None:
    old = ("    authority: [KT. GIÁM ĐỐC]\n    title: PHÓ GIÁM ĐỐC\n    name: Lê Thị C")
    title_line = f"    title: {title}\n" if title else ""
    new = f"    authority: [{', '.join(authority)}]\n{title_line}    name: Lê Thị C"
    folder = build_variant(tmp_path, "tay-ninh", old, new, "huong-dan-nam")
    right = [p for p in paragraphs(folder / "huong-dan-nam.docx")
             if p.where == "sign-right" and p.text]
    assert [p.text for p in right] == [*authority, *([title] if title else []), "Lê Thị C"]
    assert all(p.bold and p.size in (13, 14) and p.alignment == "CENTER" for p in right)


@pytest.mark.parametrize(("line", "why"), [
    ("K/T GIÁM ĐỐC", "văn bản Đảng"), ("T/M ỦY BAN NHÂN DÂN", "văn bản Đảng"),
    ("T/L GIÁM ĐỐC", "văn bản Đảng"), ("KT GIÁM ĐỐC", "có dấu chấm"),
    ("TUQ GIÁM ĐỐC", "có dấu chấm"), ("Thay mặt GIÁM ĐỐC", "TM."),
])
def test_wrong_signing_prefixes_are_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             line: str, why: str) -> None:
    text = (ROOT / "provinces" / "tay-ninh.yaml").read_text(encoding="utf-8")
    path = tmp_path / "tay-ninh.yaml"
    path.write_text(text.replace("authority: [KT. GIÁM ĐỐC]", f"authority: [{line}]"),
                    encoding="utf-8")
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "signers.pgd-so-y-te.authority[1]" in err and why in err
    assert not (tmp_path / "out").exists()


def test_academic_title_before_the_name_is_rejected(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "provinces" / "tay-ninh.yaml").read_text(encoding="utf-8")
    path = tmp_path / "tay-ninh.yaml"
    path.write_text(text.replace("name: Lê Thị C", "name: PGS.TS. Lê Thị C"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "học hàm, học vị" in capsys.readouterr().err


def test_after_the_merger_no_district_and_health_leads(built: Path) -> None:
    for kind in KINDS:
        text = " ".join(texts(doc(built, "tay-ninh", kind)))
        assert "huyện" not in text, kind
        assert "Lao động - Thương binh" not in text, kind
        assert "thị trấn" not in text, kind
    plan = texts(doc(built, "tay-ninh", "ke-hoach"))
    assert "1. Sở Y tế" in plan
    assert any(t.startswith("Định kỳ vào ngày 15/12") and "về Sở Y tế" in t and "Bộ Y tế" in t
               for t in plan)
    letter = texts(doc(built, "tay-ninh", "cong-van-trien-khai"))
    assert "SỞ Y TẾ" in letter and "UBND TỈNH TÂY NINH" in letter


def test_province_without_target_values_gets_the_national_ones(built: Path) -> None:
    plan = texts(doc(built, "tuyen-quang", "ke-hoach"))
    assert any(t.startswith("- Chỉ tiêu 1: ") and "đạt 65% vào năm 2025 và 75% vào năm 2030"
               in t for t in plan)
    long_an = texts(doc(built, "long-an", "ke-hoach"))
    assert any("đạt 80% vào năm 2025 và 85% vào năm 2030" in t for t in long_an)


# --- the Tuyên Quang letter against seed 002 ------------------------------------------------

SEED_002_CORRECTIONS = [
    ("SỞ LAO ĐỘNG - TB VÀ XH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),  # full name (II.2)
    ("/SLĐT BXH-", "/SLĐTBXH-"),
    ("Đề án “ Hỗ trợ", "Đề án “Hỗ trợ"), ("2016 -2020", "2016-2020"),
    ("ngày 8/7/2016", "ngày 08/7/2016"), ("Tuyên Quang..", "Tuyên Quang."),
    ("sự kiện...theo", "sự kiện... theo"), ("Luật trẻ em", "Luật Trẻ em"),
    ("chính trị - xã hội tỉnh, các sở", "chính trị - xã hội tỉnh; các sở"),
    ("- Lưu: VT - NV (Huyện).", "- Lưu: VT, NV."),  # the decree's "Lưu: VT, ..." form
    ("**", ""),
]
SEED_002_JOINS = [("V/v thực hiện Chỉ thị số 23/CT-TTg ngày", "26/5/2020"),
                  ("trên địa bàn tỉnh Tuyên", "Quang;")]
RESTORED_002 = {"UBND TỈNH TUYÊN QUANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc"}


def seed_002() -> list[str]:
    return seed_lines(SEED_002, SEED_002_JOINS, SEED_002_CORRECTIONS)


def test_tuyen_quang_letter_matches_seed_002(built: Path) -> None:
    generated = texts(doc(built, "tuyen-quang", "cong-van-trien-khai"))
    # The agency name is printed on two lines; the seed has it on one.
    generated = [t for t in generated if t not in RESTORED_002]
    name_at = generated.index("SỞ LAO ĐỘNG - THƯƠNG BINH")
    generated[name_at:name_at + 2] = [" ".join(generated[name_at:name_at + 2])]
    expected = seed_002()
    # The header cells are read row by row; the seed has Số, date, V/v: compare as a set.
    assert set(generated[:4]) == set(expected[:4])
    assert generated[4:] == expected[4:]


# --- the decision, its attached plan and its annex ------------------------------------------

def test_decision_layout(built: Path) -> None:
    paras = paragraphs(doc(built, "long-an", "quyet-dinh-ban-hanh"))
    by_text = {p.text: p for p in paras if p.text}
    authority = by_text["ỦY BAN NHÂN DÂN TỈNH LONG AN"]
    assert authority.bold and authority.alignment == "CENTER"
    decision_part = paras[:paras.index(by_text["QUYẾT ĐỊNH:"])]
    bases = [p for p in decision_part if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(bases) == 4 and all(p.italic for p in bases)
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")
    decides = by_text["QUYẾT ĐỊNH:"]
    assert decides.bold and decides.alignment == "CENTER"
    articles = [p for p in paras if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in articles] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]
    assert articles[-1].text.endswith("./.")
    reference = next(p for p in paras if p.text.startswith("(Kèm theo Quyết định số"))
    assert reference.italic and reference.text.endswith("của Ủy ban nhân dân tỉnh Long An)")
    annex = by_text["Phụ lục"]
    assert (annex.size, annex.bold, annex.italic) == (14, True, False)


def test_decision_sections_restart_page_numbers(built: Path) -> None:
    sections = Document(str(doc(built, "long-an", "quyet-dinh-ban-hanh"))).sections
    assert len(sections) == 3
    for section in sections:
        assert section.different_first_page_header_footer
    for section in sections[1:]:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        assert number_type is not None and number_type.get(qn("w:start")) == "1"


def annex_rows(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    return [[clean(cell.text) for cell in row.cells] for row in table.rows[1:]]


def test_annex_has_one_row_per_assignment(built: Path) -> None:
    rows = annex_rows(doc(built, "long-an", "quyet-dinh-ban-hanh"))
    assert len(rows) == 24
    assert [r[0] for r in rows] == [str(i) for i in range(1, 25)]
    assert rows[13][1].startswith("Chỉ tiêu 14:") and rows[13][2] == "Sở Tư pháp"
    assert rows[0][2] == "Sở Lao động - Thương binh và Xã hội"


def test_moving_a_target_moves_it_in_plan_and_annex(tmp_path: Path) -> None:
    text = (ROOT / "provinces" / "tay-ninh.yaml").read_text(encoding="utf-8")
    moved = text.replace("leads: [14]}", "leads: [13, 14]}").replace("leads: [13, 21]}",
                                                                    "leads: [21]}")
    path = tmp_path / "moved" / "tay-ninh.yaml"
    path.parent.mkdir()
    path.write_text(moved, encoding="utf-8")
    out = tmp_path / "moved-out"
    assert main(["build", str(path), "--out", str(out)]) == 0
    rows = annex_rows(out / "tay-ninh" / "quyet-dinh-ban-hanh.docx")
    assert rows[12][1].startswith("Chỉ tiêu 13:") and rows[12][2] == "Sở Tư pháp"
    plan = texts(out / "tay-ninh" / "ke-hoach.docx")
    assert any("thực hiện các chỉ tiêu 13, 14 của Kế hoạch này." in t for t in plan)
    assert any("thực hiện chỉ tiêu 21 của Kế hoạch này;" in t for t in plan)


def test_layout_checker_finds_no_error_in_any_generated_document(built: Path) -> None:
    """Issue 5: every document vanban generates passes `vanban check` with zero errors."""
    from generator.check import ERROR, check_file

    documents = sorted(built.glob("*/*.docx"))
    assert len(documents) == len(PROVINCES) * len(KINDS)
    for path in documents:
        errors = [f for f in check_file(path) if f.severity == ERROR]
        assert errors == [], (path, errors)


def test_vanban_check_command_exit_status(built: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    assert main(["check", str(built)]) == 0
    assert "0 lỗi" in capsys.readouterr().out


def test_templates_read_numbers_in_the_provinces_variant(tmp_path: Path) -> None:
    """A template's words filters follow the province's choice of north or south readings."""
    from generator.compose.context import build_context
    from generator.config.province import load_province
    from generator.output.render import render

    template = tmp_path / "so-tien.docx"
    document = Document()
    document.add_paragraph("{{ 105000|money_to_words(variant=variant) }}")
    document.save(str(template))
    read = {}
    for province in ("long-an", "tay-ninh"):
        model = load_province(ROOT / "provinces" / f"{province}.yaml", ROOT / "provinces" /
                              "shared")
        out = tmp_path / f"{province}.docx"
        out.write_bytes(render(template, build_context(model, "ke-hoach")))
        read[province] = texts(out)[0]
    assert read == {"long-an": "Một trăm linh năm nghìn đồng",
                    "tay-ninh": "Một trăm lẻ năm ngàn đồng"}


@pytest.mark.parametrize("kind", ["ke-hoach", *LETTERS])
def test_closing_paragraph_keeps_the_signature_company(built: Path, kind: str) -> None:
    """The paragraph before the signature is kept with it: no signature alone on a page."""
    document = Document(str(doc(built, "tay-ninh", kind)))
    children = list(document.element.body.iterchildren())
    signature = max(i for i, c in enumerate(children) if c.tag == qn("w:tbl"))
    closing = children[signature - 1]
    style_id = closing.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))
    style = next(s for s in document.styles if s.style_id == style_id)
    assert style.paragraph_format.keep_with_next
    assert "".join(closing.itertext()).endswith("./.")
