"""Issue 11, points 3–5: what a văn thư checks before a document goes to the signer.

Each test builds real documents from the sample provinces (or a copy changed by exact
string replacement) and reads the .docx back, or runs ``vanban validate`` in-process and
reads its messages: the period fits the issue date, sample data is highlighted in a
draft and refused in a final document, and the documents of one file agree with each
other and with who holds which function in that year.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.commands.main import main
from generator.domain.samples import CLOSE, OPEN
from tests.docx_inspect import texts

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ROOT / "provinces"
MESSAGE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>lỗi|cảnh báo): "
                     r"trường '(?P<field>[^']*)': (?P<text>.*)$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ready") / "out"
    assert main(["build", "long-an", "tuyen-quang", "tay-ninh", "--out", str(out)]) == 0
    return out


def variant(tmp_path: Path, province: str, *changes: tuple[str, str]) -> Path:
    """A copy of a sample province with each ``old`` replaced once by ``new``."""
    text = (PROVINCES / f"{province}.yaml").read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    path = tmp_path / f"{province}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build(path: Path, kind: str) -> Path:
    out = path.parent / "out"
    assert main(["build", str(path), "--doc", kind, "--out", str(out)]) == 0
    return out / path.stem / f"{kind}.docx"


def messages(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, str]]]:
    """``vanban validate`` on ``path``: its exit status and its messages, parsed."""
    capsys.readouterr()
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    found = [m.groupdict() for m in map(MESSAGE.match, err.splitlines()) if m]
    return code, found


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the only non-comment line holding ``text``."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if text in line and not line.lstrip().startswith("#")]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def highlighted(path: Path) -> list[str]:
    """The text of every highlighted run of the body, in order."""
    body = Document(str(path)).element.body
    return [run.findtext(qn("w:t")) or "" for run in body.iter(qn("w:r"))
            if run.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None]


def first_page_header(path: Path) -> str:
    """The text of the header Word prints on page 1."""
    section = Document(str(path)).sections[0]
    header = section.first_page_header if section.different_first_page_header_footer \
        else section.header
    return " ".join(p.text for p in header.paragraphs)


def xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith(".xml"))


# --- point 3: the period fits the date ------------------------------------------------------

def test_a_plan_of_2021_covers_2021_2030_with_both_milestones(built: Path) -> None:
    plan = texts(built / "long-an" / "ke-hoach.docx")
    assert "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021-2030 trên địa bàn tỉnh" \
        in plan
    assert any("đạt 80% vào năm 2025 và 85% vào năm 2030" in t for t in plan)
    assert any("sơ kết (vào cuối năm 2025) và tổng kết (vào cuối năm 2030)" in t for t in plan)
    letter = " ".join(texts(built / "long-an" / "cong-van-xay-dung-ke-hoach.docx"))
    assert "đến năm 2020" in letter and "giai đoạn 2021-2030" in letter


def test_a_plan_of_2026_covers_the_remaining_years_and_sets_2030_targets(built: Path) -> None:
    plan = texts(built / "tay-ninh" / "ke-hoach.docx")
    whole = " ".join(plan)
    assert "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2026-2030 trên địa bàn tỉnh" \
        in plan
    assert "vào năm 2025" not in whole and "cuối năm 2025" not in whole
    assert any(t.startswith("- Chỉ tiêu 1: ") and t.endswith("đạt 75% vào năm 2030.")
               for t in plan)
    # The sơ kết is halfway through the period, in the future of the issue date.
    assert "sơ kết (vào cuối năm 2028) và tổng kết (vào cuối năm 2030)" in whole
    # The national programme keeps its own name.
    assert "Chương trình hành động vì trẻ em giai đoạn 2021-2030, UBND tỉnh ban hành" in whole


def test_the_decision_and_letters_of_2026_follow_the_period(built: Path) -> None:
    decision = " ".join(texts(built / "tay-ninh" / "quyet-dinh-ban-hanh.docx"))
    assert "Ban hành Kế hoạch thực hiện Chương trình hành động vì trẻ em giai đoạn 2026-2030" \
        in decision
    assert "vào năm 2025" not in decision
    cells = [cell.text for table in Document(
        str(built / "tay-ninh" / "quyet-dinh-ban-hanh.docx")).tables for row in table.rows
        for cell in row.cells]
    assert cells.count("2026-2030") == 24
    letter = " ".join(texts(built / "tay-ninh" / "cong-van-xay-dung-ke-hoach.docx"))
    assert "đến năm 2025" in letter and "đến năm 2020" not in letter
    assert "giai đoạn 2026-2030" in letter


def test_the_province_sets_its_period(tmp_path: Path) -> None:
    path = variant(tmp_path, "tay-ninh", (
        "lead_department: y-te", "programme:\n  period: [2027, 2030]\n\nlead_department: y-te"))
    plan = " ".join(texts(build(path, "ke-hoach")))
    assert "giai đoạn 2027-2030 trên địa bàn tỉnh" in plan
    assert "sơ kết (vào cuối năm 2028)" in plan and "vào năm 2025" not in plan


def test_a_period_holding_a_past_milestone_warns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Tây Ninh may keep 2021-2030 in 2026, but is told the 2025 values print as targets."""
    path = variant(tmp_path, "tay-ninh", (
        "lead_department: y-te", "programme:\n  period: [2021, 2030]\n\nlead_department: y-te"))
    code, found = messages(path, capsys)
    hit = next(m for m in found if m["field"] == "programme.period")
    assert code == 0 and hit["kind"] == "cảnh báo" and "mốc năm 2025 đã qua" in hit["text"]
    plan = " ".join(texts(build(path, "ke-hoach")))
    assert "giai đoạn 2021-2030 trên địa bàn tỉnh" in plan and "vào năm 2025" in plan


def test_a_period_outside_the_programme_is_refused_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = variant(tmp_path, "tay-ninh", (
        "lead_department: y-te", "programme:\n  period: [2030, 2026]\n\nlead_department: y-te"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found if m["field"] == "programme.period")
    assert hit["kind"] == "lỗi" and int(hit["line"]) == line_of(path, "period: [2030, 2026]")
    assert "năm đầu 2030 sau năm cuối 2026" in hit["text"]


def test_a_province_wording_without_its_2030_form_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Long An's own wording of chỉ tiêu 8 names 2025: a plan of 2026 needs its text_2030,
    or the shared short form would silently drop the province's words."""
    path = variant(tmp_path, "long-an", ("    date: 2021-03          # năm-tháng",
                                         "    date: 2026-03          # năm-tháng"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found if m["field"] == "targets.8.text")
    assert hit["kind"] == "lỗi" and "text_2030" in hit["text"]
    assert int(hit["line"]) == line_of(path, "  8:") + 1


# --- point 4: sample data never reaches a signer unnoticed ----------------------------------

def test_a_draft_highlights_its_samples_and_carries_the_draft_mark(built: Path) -> None:
    plan = built / "tay-ninh" / "ke-hoach.docx"
    assert highlighted(plan) == ["Trần Văn B"]
    assert "DỰ THẢO" in first_page_header(plan)
    letter = built / "tay-ninh" / "cong-van-xay-dung-ke-hoach.docx"
    assert set(highlighted(letter)) == {"0272.0000.000", "bvcste.syt@tayninh.gov.vn", "Lê Thị C"}
    guidance = built / "tay-ninh" / "huong-dan-nam.docx"
    assert "Hướng dẫn của Bộ Y tế về công tác trẻ em năm 2026" in highlighted(guidance)
    # The highlight splits runs, never the text: paragraphs read as before.
    assert any("điện thoại: 0272.0000.000, email: bvcste.syt@tayninh.gov.vn" in t
               for t in texts(letter))
    for path in built.glob("*/*.docx"):
        assert OPEN not in xml_text(path) and CLOSE not in xml_text(path), path


def test_the_draft_mark_is_on_page_one_only(built: Path) -> None:
    """The attached plan and the Phụ lục of a draft decision are sections of their own:
    they keep their unmarked first-page header instead of inheriting page 1's."""
    sections = Document(str(built / "long-an" / "quyet-dinh-ban-hanh.docx")).sections
    assert len(sections) >= 3
    assert "DỰ THẢO" in " ".join(p.text for p in sections[0].first_page_header.paragraphs)
    for section in sections[1:]:
        assert not section.first_page_header.is_linked_to_previous
        assert "DỰ THẢO" not in " ".join(p.text for p in section.first_page_header.paragraphs)


def test_a_final_document_has_neither_highlight_nor_draft_mark(built: Path) -> None:
    final = built / "tuyen-quang" / "cong-van-xay-dung-ke-hoach.docx"
    assert "Số: 412/SLĐTBXH-BVCSTE-BĐG" in texts(final)
    assert highlighted(final) == []
    assert "DỰ THẢO" not in xml_text(final)


def test_a_draft_without_samples_is_marked_but_not_highlighted(built: Path) -> None:
    plan = built / "long-an" / "ke-hoach.docx"
    assert highlighted(plan) == [] and "DỰ THẢO" in first_page_header(plan)
    assert "DỰ THẢO" not in " ".join(texts(plan))  # the body is the final one's


def test_sample_target_values_and_numbers_are_highlighted_where_printed(tmp_path: Path) -> None:
    path = variant(tmp_path, "long-an", ("\n  1: {2025: 80, 2030: 85}",
                                         "\n  1: {2025: !mau 80, 2030: 85}"),
                   ("    number: ~              # để trống",
                    "    number: !mau 15        # để trống"))
    plan = build(path, "ke-hoach")
    assert highlighted(plan) == ["15/KH-UBND", "80%"]
    assert any("đạt 80% vào năm 2025 và 85% vào năm 2030" in t for t in texts(plan))
    assert "DỰ THẢO" in first_page_header(plan)  # a sample number keeps it a draft


def test_the_build_warns_with_file_and_line_for_each_sample(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, found = messages(PROVINCES / "tay-ninh.yaml", capsys)
    assert code == 0
    samples = {m["field"]: m for m in found if m["kind"] == "cảnh báo"
               and "mẫu" in m["text"]}
    path = PROVINCES / "tay-ninh.yaml"
    assert int(samples["signers.pct.name"]["line"]) == line_of(path, "name: Trần Văn B")
    assert int(samples["documents.cong-van-xay-dung-ke-hoach.content.contact_phone"]["line"]) \
        == line_of(path, "contact_phone:")
    assert "tên mẫu" in samples["signers.pct.name"]["text"]


def test_a_final_document_with_a_sample_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = variant(tmp_path, "tay-ninh",
                   ("    number: ~              # dự thảo: văn thư ghi số và ngày khi ban hành\n"
                    "    date: 2026-02\n",
                    "    number: 58\n    date: 2026-02-09\n"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found if m["field"] == "signers.pct.name")
    assert hit["kind"] == "lỗi" and "văn bản chính thức ke-hoach" in hit["text"]
    line = line_of(path, "name: Trần Văn B")
    assert (int(hit["line"]), int(hit["col"])) == (line, 11)
    assert not (tmp_path / "out").exists()


def test_an_unmarked_sample_is_still_caught(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The tag removed, a phone number of zeros in a final letter is refused all the same."""
    path = variant(tmp_path, "tuyen-quang",
                   ("contact_phone: 0207.3822.498", "contact_phone: 0207.0000.000"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found
               if m["field"] == "documents.cong-van-xay-dung-ke-hoach.content.contact_phone")
    assert hit["kind"] == "lỗi" and "số điện thoại mẫu" in hit["text"]


# --- point 5: the documents agree with each other and with the law --------------------------

def test_a_citation_without_number_or_date_is_refused_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = variant(tmp_path, "tay-ninh", (
        "national_guidance: !mau Hướng dẫn của Bộ Y tế về công tác trẻ em năm 2026",
        "national_guidance: Hướng dẫn của Bộ Y tế về công tác trẻ em năm 2026"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found if m["field"] == "documents.huong-dan-nam.content."
                                                  "national_guidance")
    assert hit["kind"] == "lỗi" and "không có số, ký hiệu và ngày" in hit["text"]
    assert int(hit["line"]) == line_of(path, "national_guidance: Hướng dẫn")


def test_a_citation_without_its_date_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = variant(tmp_path, "tuyen-quang", (
        "Văn bản số 375/LĐTBXH-TE ngày 23/02/2021 của Bộ Lao động - Thương binh và Xã hội về\n"
        "        việc hướng dẫn thực hiện công tác trẻ em năm 2021",
        "Văn bản số 375/LĐTBXH-TE của Bộ Lao động - Thương binh và Xã hội"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found
               if m["field"] == "documents.huong-dan-nam.content.national_guidance")
    assert "không có ngày ban hành" in hit["text"]


def test_a_draft_plan_is_never_cited_as_issued(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Tây Ninh's plan is a draft of February 2026: its letter cannot cite it as KH 58."""
    path = variant(tmp_path, "tay-ninh", (
        "        - !mau >-\n          Kế hoạch số …/KH-UBND ngày …/…/2026",
        "        - >-\n          Kế hoạch số 58/KH-UBND ngày 09/02/2026"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found
               if m["field"] == "documents.cong-van-trien-khai.content.plans_in_force[1]")
    assert hit["kind"] == "lỗi" and "còn là bản dự thảo" in hit["text"]
    # The words "dự thảo" in a citation are refused too (the former Long An letter).
    path = variant(tmp_path, "long-an", (
        "        - !mau >-\n          Kế hoạch số …/KH-UBND ngày …/…/2021 của UBND tỉnh",
        "        - >-\n          Kế hoạch (dự thảo, tháng 3 năm 2021) của UBND tỉnh"))
    code, found = messages(path, capsys)
    assert code == 2 and any("dự thảo" in m["text"] and m["kind"] == "lỗi" for m in found)


def test_a_letter_describes_each_cited_document_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The old Tây Ninh letter: KH 58 as the provincial letter on Chỉ thị 23 and again as
    the children's plan in force."""
    path = variant(tmp_path, "tuyen-quang", (
        "province_letter: Văn bản số 2125/UBND-KGVX ngày 14/7/2020",
        "province_letter: Kế hoạch số 57/KH-UBND ngày 08/7/2016"))
    code, found = messages(path, capsys)
    hit = next(m for m in found
               if m["field"] == "documents.cong-van-trien-khai.content.plans_in_force[4]")
    assert "57/KH-UBND đã được dẫn ở documents.cong-van-trien-khai.content.province_letter" \
        in hit["text"]
    assert hit["kind"] == "cảnh báo" and code == 0  # the letter is a draft


def test_every_body_given_a_task_is_in_the_plans_recipients(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = messages(PROVINCES / "tay-ninh.yaml", capsys)
    assert code == 0 and not [m for m in found if "Nơi nhận" in m["text"]]
    path = variant(tmp_path, "tay-ninh", ("      - Công an tỉnh\n", ""))
    code, found = messages(path, capsys)
    hit = next(m for m in found if m["field"] == "documents.ke-hoach.recipients")
    assert hit["kind"] == "cảnh báo" and "Công an tỉnh được giao nhiệm vụ" in hit["text"]
    lines = path.read_text(encoding="utf-8").splitlines()
    plan = lines.index("  ke-hoach:")
    assert int(hit["line"]) == lines.index("    recipients:", plan) + 2  # its first item
    # Left out on purpose: no message.
    path = variant(tmp_path, "tay-ninh", ("      - Công an tỉnh\n", ""), (
        "{id: cong-an, name: Công an tỉnh, roles: [police]}",
        "{id: cong-an, name: Công an tỉnh, roles: [police], notify: false}"))
    code, found = messages(path, capsys)
    assert not [m for m in found if "Nơi nhận" in m["text"]]
    # The front, named only in its task, is found by its name too (Tuyên Quang, S13).
    path = variant(tmp_path, "tuyen-quang",
                   ("      - Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội tỉnh\n", ""))
    code, found = messages(path, capsys)
    assert any("Ủy ban Mặt trận Tổ quốc Việt Nam được giao nhiệm vụ" in m["text"]
               for m in found)


def test_a_final_plan_missing_a_recipient_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = variant(tmp_path, "long-an", ("      - Công an tỉnh\n", ""),
                   ("    number: ~              # để trống", "    number: 7  # để trống"),
                   ("    date: 2021-03          # năm-tháng", "    date: 2021-03-28       #"))
    code, found = messages(path, capsys)
    assert code == 2
    hit = next(m for m in found if m["field"] == "documents.ke-hoach.recipients")
    assert hit["kind"] == "lỗi" and "Công an được giao nhiệm vụ" in hit["text"]


def test_numbers_rise_with_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Tuyên Quang's letter 412 of 25/3/2021; a guidance numbered 400 on 30/3 goes back."""
    path = variant(tmp_path, "tuyen-quang", (
        "    unit: BVCSTE-BĐG\n    number: ~\n    date: 2021-03\n",
        "    unit: BVCSTE-BĐG\n    number: 400\n    date: 2021-03-30\n"))
    code, found = messages(path, capsys)
    assert code == 0
    hit = next(m for m in found if m["field"] == "documents.huong-dan-nam.number")
    assert hit["kind"] == "cảnh báo" and "số 400" in hit["text"] and "412" in hit["text"]
    assert int(hit["line"]) == line_of(path, "number: 400")
    # In order, nothing is said.
    path = variant(tmp_path, "tuyen-quang", (
        "    unit: BVCSTE-BĐG\n    number: ~\n    date: 2021-03\n",
        "    unit: BVCSTE-BĐG\n    number: 420\n    date: 2021-03-30\n"))
    code, found = messages(path, capsys)
    assert not [m for m in found if m["field"].endswith(".number")]


def test_press_tasks_go_to_culture_in_2026(built: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    plan = texts(built / "tay-ninh" / "ke-hoach.docx")
    culture = plan.index("4. Sở Văn hóa, Thể thao và Du lịch")
    science = next(i for i, t in enumerate(plan) if t.endswith("Sở Khoa học và Công nghệ"))
    press = next(i for i, t in enumerate(plan) if "nhắc nhở các cơ quan báo chí" in t)
    assert culture < press < science
    assert "công nghệ thông tin, chuyển đổi số" in plan[science + 1]
    assert "báo chí" not in plan[science + 1]
    # The former Sở Thông tin và Truyền thông role in a 2026 plan is flagged at its line.
    path = variant(tmp_path, "tay-ninh", ("roles: [digital]", "roles: [information]"))
    code, found = messages(path, capsys)
    hit = next(m for m in found if m["field"] == "departments[6].roles")
    assert code == 0 and hit["kind"] == "cảnh báo"  # a draft; refused once final
    assert "Sở Văn hóa, Thể thao và Du lịch" in hit["text"]
    assert int(hit["line"]) == line_of(path, "roles: [information]")
    # In 2021 the same role is right (Tuyên Quang's Sở Thông tin và Truyền thông).
    _, found = messages(PROVINCES / "tuyen-quang.yaml", capsys)
    assert not [m for m in found if m["field"].endswith(".roles")]
