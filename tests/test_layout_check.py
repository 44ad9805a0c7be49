"""Tests for the Nghị định 30/2020 layout checker (`vanban check`).

Three kinds of test:
- a correct document of each kind (Kế hoạch, công văn, Quyết định) gives no
  finding at all; then, for every registered rule, one mutation of a correct
  document that breaks exactly that rule, and the checker reports exactly that
  rule id;
- documents "written by hand" (built with python-docx the way a person types
  in Word: direct formatting, tabs, underscores, Shift+Enter, a footer page
  number…) with the exact set of rule ids expected;
- the command's contract: exit status 0/1/2, text and JSON output, files that
  cannot be read (.doc, corrupt zip, password-protected) with a message and no
  traceback.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.check import RULES, CheckReadError, Finding, check_file, read_document, run_check
from tests.docx_factory import (
    CENTER,
    JUSTIFY,
    TIMES,
    add_line,
    bottom_border,
    compact,
    correct_bytes,
    correct_document,
    delete,
    find,
    landscape,
    mutate_bold,
    mutate_italic,
    mutate_size,
    mutate_text,
    page_field,
    remove_border,
    rule_below,
    save,
    set_bold,
    set_font,
    set_size,
    set_text,
)

LEFT = WD_ALIGN_PARAGRAPH.LEFT
Mutation = Callable[[Document], None]



def fresh(kind: str) -> Document:
    """A new copy of the correct document of ``kind`` (built once, then re-read: faster)."""
    return docx.Document(io.BytesIO(correct_bytes(kind)))


def check(doc: Document, tmp_path: Path, name: str = "doc.docx") -> list[Finding]:
    return check_file(save(doc, tmp_path / name))


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


# =========================================================================== correct documents


@pytest.mark.parametrize("kind", ["ke-hoach", "cong-van", "quyet-dinh"])
def test_correct_document_has_no_finding(kind: str, tmp_path: Path) -> None:
    findings = check(correct_document(kind), tmp_path)
    assert findings == []


def test_correct_document_is_recognised(tmp_path: Path) -> None:
    """The parts are found where a reader would find them, with effective formatting."""
    facts = read_document(save(fresh("ke-hoach"), tmp_path / "kh.docx"))
    anat = facts.anatomy
    assert anat.quoc_hieu is not None and anat.quoc_hieu.runs[0].size == 12
    assert anat.tieu_ngu is not None and anat.tieu_ngu_rule
    assert [ln.text for ln in anat.agency] == ["UBND TỈNH LONG AN", "SỞ Y TẾ"] and anat.agency_rule
    assert anat.so is not None and anat.so.text == "Số: 12/KH-SYT"
    assert anat.doc_type == "KẾ HOẠCH" and anat.summary_rule
    assert [ln.text for ln in anat.authority] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert anat.signer is not None and anat.signer.text == "Nguyễn Văn An"
    assert anat.noi_nhan_items[-1].text == "- Lưu: VT, NVY."
    body = anat.body[0]
    # size, alignment, indent and spacing come from the Normal style, not the paragraph
    assert (body.runs[0].size, body.align, body.first_line, body.before) == (14, "both", 567, 120)
    assert body.runs[0].fonts == (TIMES,)
    assert facts.estimated_pages >= 2


# =========================================================================== one rule at a time


def _section(doc: Document) -> Section:
    return doc.sections[0]


def _header_para(doc: Document) -> DocxParagraph:
    return _section(doc).header.paragraphs[0]


def _clear_runs(p: DocxParagraph) -> None:
    for r in list(p._p):
        if r.tag != qn("w:pPr"):
            p._p.remove(r)


def _page_in_footer(doc: Document) -> None:
    _clear_runs(_header_para(doc))
    fp = _section(doc).footer.paragraphs[0]
    fp.alignment = CENTER
    page_field(fp)


def _letter(doc: Document) -> None:
    _section(doc).page_width, _section(doc).page_height = Twips(12240), Twips(15840)


def _margin(side: str, twips: int) -> Mutation:
    def mutate(doc: Document) -> None:
        setattr(_section(doc), f"{side}_margin", Twips(twips))

    return mutate






def _normal(size: float | None = None, **fmt: object) -> Mutation:
    """Change the Normal style, which carries the body's formatting."""

    def mutate(doc: Document) -> None:
        style = doc.styles["Normal"]
        if size is not None:
            style.font.size = Pt(size)
        for key, value in fmt.items():
            setattr(style.paragraph_format, key, value)

    return mutate


def _remove_vml(doc: Document) -> None:
    p = find(doc, "SỞ Y TẾ")
    for pict in p._p.iter(qn("w:pict")):
        pict.getparent().remove(pict)


def _rule_of(doc: Document, start: str) -> DocxParagraph:
    """The empty paragraph drawing the rule under the paragraph that starts with ``start``."""
    p = find(doc, start)
    return DocxParagraph(p._p.getnext(), p._parent)


def _long_vml(doc: Document) -> None:
    """The agency's rule as long as the name itself (the decree wants 1/3 to 1/2)."""
    p = find(doc, "SỞ Y TẾ")
    for line in p._p.iter("{urn:schemas-microsoft-com:vml}line"):
        line.set("to", "48pt,2pt")


def _reborder(p: DocxParagraph, indent: int) -> None:
    """Keep the bottom border but change the indents that set its length."""
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Twips(indent)


def _delete_title(doc: Document) -> None:
    delete(find(doc, "KẾ HOẠCH"))
    delete(find(doc, "Thực hiện Chương trình"))


def _clear_signature(doc: Document) -> None:
    for start in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"):
        set_text(find(doc, start), "")


def _clear_agency(doc: Document) -> None:
    set_text(find(doc, "UBND TỈNH"), "")
    set_text(find(doc, "SỞ Y TẾ"), "")


def _red_run(doc: Document) -> None:
    find(doc, "Kinh phí thực hiện").runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)


def _arial(doc: Document) -> None:
    for r in find(doc, "Kinh phí thực hiện").runs:
        r.font.name = "Arial"


def _exact_lines(doc: Document) -> None:
    """Exactly 26 pt under 14 pt text: 1.6 lines, more than the decree's 1.5."""
    fmt = doc.styles["Normal"].paragraph_format
    fmt.line_spacing = Pt(26)


def add_appendix(
    doc: Document, number: str = "I", restart: bool = True, new_section: bool = True
) -> DocxParagraph:
    """A correct Phụ lục after the signature: a new section numbered from 1, the centred
    "Phụ lục I" (14, bold), its title in capitals, the reference line in italics, a table.
    Without a new section it only starts a new page."""
    if new_section:
        doc.add_section()
    if new_section and restart:
        sect = doc.sections[-1]._sectPr
        sect.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    heading = None
    for text, bold, italic in (
        (f"Phụ lục {number}".strip(), True, False),
        ("DANH MỤC CÁC ĐƠN VỊ THỰC HIỆN", True, False),
        ("(Kèm theo Kế hoạch số 12/KH-SYT ngày 05 tháng 01 năm 2021 của Sở Y tế)", False, True),
    ):
        p = compact(doc.add_paragraph(), CENTER)
        set_font(p.add_run(text), size=14, bold=bold, italic=italic)
        heading = heading or p
    if not new_section:
        heading.paragraph_format.page_break_before = True
    table = doc.add_table(rows=2, cols=2)
    for row, cells in enumerate((("STT", "Đơn vị"), ("1", "Bệnh viện Đa khoa tỉnh"))):
        for col, text in enumerate(cells):
            table.cell(row, col).paragraphs[0].add_run(text)
    assert heading is not None
    return heading


def _appendix(change: Callable[[Document, DocxParagraph], object]) -> Mutation:
    """Add a correct appendix, then break it."""
    return lambda doc: change(doc, add_appendix(doc))


def _title_below_name(doc: Document) -> None:
    cell = doc.tables[-1].cell(0, 1)
    cell.add_paragraph().add_run("GIÁM ĐỐC SỞ Y TẾ").bold = True
    cell.paragraphs[-1].style = doc.styles["Cell"]
    set_size(cell.paragraphs[-1], 14)


SUMMARY = "Thực hiện Chương trình"

MUTATIONS: list[tuple[str, str, Mutation]] = [
    ("page.size", "ke-hoach", _letter),
    (
        "page.orientation",
        "ke-hoach",
        lambda d: setattr(_section(d), "orientation", WD_ORIENT.LANDSCAPE),
    ),
    ("margin.top", "ke-hoach", _margin("top", 850)),
    ("margin.bottom", "ke-hoach", _margin("bottom", 1701)),
    ("margin.left", "ke-hoach", _margin("left", 1134)),
    ("margin.right", "ke-hoach", _margin("right", 1440)),
    ("font.family", "ke-hoach", _arial),
    ("font.color", "ke-hoach", _red_run),
    ("page-number.missing", "ke-hoach", lambda d: _clear_runs(_header_para(d))),
    ("page-number.footer", "ke-hoach", _page_in_footer),
    ("page-number.position", "ke-hoach", lambda d: setattr(_header_para(d), "alignment", LEFT)),
    ("page-number.size", "ke-hoach", lambda d: set_size(_header_para(d), 11)),
    (
        "page-number.first-page",
        "ke-hoach",
        lambda d: setattr(_section(d), "different_first_page_header_footer", False),
    ),
    ("quoc-hieu.missing", "ke-hoach", lambda d: set_text(find(d, "CỘNG HÒA"), "")),
    ("quoc-hieu.text", "ke-hoach", mutate_text("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ("quoc-hieu.size", "ke-hoach", mutate_size("CỘNG HÒA", 14)),
    ("quoc-hieu.style", "ke-hoach", mutate_bold("CỘNG HÒA", False)),
    ("tieu-ngu.missing", "ke-hoach", lambda d: set_text(find(d, "Độc lập"), "")),
    ("tieu-ngu.text", "ke-hoach", mutate_text("Độc lập", "Độc lập – Tự do – Hạnh phúc")),
    ("tieu-ngu.size", "ke-hoach", mutate_size("Độc lập", 12)),
    ("tieu-ngu.style", "ke-hoach", mutate_italic("Độc lập", True)),
    ("tieu-ngu.rule", "ke-hoach", lambda d: remove_border(_rule_of(d, "Độc lập"))),
    ("tieu-ngu.rule-length", "ke-hoach", lambda d: _reborder(_rule_of(d, "Độc lập"), 1500)),
    ("agency.missing", "ke-hoach", _clear_agency),
    ("agency.case", "ke-hoach", mutate_text("SỞ Y TẾ", "Sở Y tế")),
    ("agency.size", "ke-hoach", mutate_size("SỞ Y TẾ", 14)),
    ("agency.style", "ke-hoach", mutate_bold("SỞ Y TẾ", False)),
    ("agency.rule", "ke-hoach", _remove_vml),
    ("agency.rule-length", "ke-hoach", _long_vml),
    ("so.missing", "ke-hoach", mutate_text("Số:", "")),
    ("so.format", "ke-hoach", mutate_text("Số:", "Số: 12 / KH-SYT")),
    ("so.number-zero", "ke-hoach", mutate_text("Số:", "Số: 5/KH-SYT")),
    ("so.size", "ke-hoach", mutate_size("Số:", 14)),
    ("so.style", "ke-hoach", mutate_bold("Số:", True)),
    ("kyhieu.type", "ke-hoach", mutate_text("Số:", "Số: 12/QĐ-SYT")),
    ("kyhieu.type", "cong-van", mutate_text("Số:", "Số: 35/CV-SYT")),
    ("date.missing", "ke-hoach", mutate_text("Long An,", "")),
    ("date.format", "ke-hoach", mutate_text("Long An,", "Long An ngày 05 tháng 01 năm 2021")),
    ("date.day-zero", "ke-hoach", mutate_text("Long An,", "Long An, ngày 5 tháng 01 năm 2021")),
    ("date.month-zero", "ke-hoach", mutate_text("Long An,", "Long An, ngày 05 tháng 1 năm 2021")),
    ("date.month-zero", "cong-van", mutate_text("Long An,", "Long An, ngày 20 tháng 03 năm 2021")),
    ("date.place-name", "ke-hoach", mutate_text("Long An,", "TP. HCM, ngày 05 tháng 01 năm 2021")),
    ("date.size", "ke-hoach", mutate_size("Long An,", 12)),
    ("date.style", "ke-hoach", mutate_italic("Long An,", False)),
    ("title.missing", "ke-hoach", _delete_title),
    ("title.size", "ke-hoach", mutate_size("KẾ HOẠCH", 16)),
    ("title.style", "ke-hoach", mutate_bold("KẾ HOẠCH", False)),
    ("title.style", "ke-hoach", mutate_text("KẾ HOẠCH", "Kế hoạch")),
    ("title.align", "ke-hoach", lambda d: setattr(find(d, "KẾ HOẠCH"), "alignment", LEFT)),
    ("summary.size", "ke-hoach", mutate_size("Thực hiện Chương trình", 12)),
    ("summary.style", "ke-hoach", mutate_bold("Thực hiện Chương trình", False)),
    ("summary.rule", "ke-hoach", lambda d: remove_border(_rule_of(d, "Thực hiện Chương trình"))),
    (
        "summary.rule-length",
        "ke-hoach",
        lambda d: _reborder(_rule_of(d, "Thực hiện Chương trình"), 0),
    ),
    ("vv.size", "cong-van", mutate_size("V/v", 14)),
    ("vv.style", "cong-van", mutate_italic("V/v", True)),
    ("kinh-gui.format", "cong-van", mutate_text("Kính gửi", "Kính gửi")),
    ("kinh-gui.format", "cong-van",
     mutate_text("- Các đơn vị trực thuộc", "- Các đơn vị trực thuộc Sở")),
    ("kinh-gui.size", "cong-van", mutate_size("Kính gửi", 12)),
    ("kinh-gui.style", "cong-van", mutate_italic("Kính gửi", True)),
    ("body.size", "ke-hoach", _normal(size=12)),
    ("body.align", "ke-hoach", _normal(alignment=LEFT)),
    (
        "body.indent",
        "ke-hoach",
        lambda d: setattr(
            find(d, "Kinh phí thực hiện").paragraph_format, "first_line_indent", Twips(0)
        ),
    ),
    ("body.spacing", "ke-hoach", _normal(space_before=Twips(0))),
    ("body.line-spacing", "ke-hoach", _normal(line_spacing=2.0)),
    ("body.line-spacing", "ke-hoach", _exact_lines),
    (
        "body.ending",
        "ke-hoach",
        mutate_text("Trong quá trình thực hiện", "Trong quá trình thực hiện, liên hệ Sở."),
    ),
    ("heading.label", "ke-hoach", mutate_text("II. NHIỆM VỤ", "II/ NHIỆM VỤ VÀ GIẢI PHÁP")),
    ("heading.level1", "ke-hoach", mutate_text("II. NHIỆM VỤ", "II. Nhiệm vụ và giải pháp")),
    ("heading.sequence", "ke-hoach", mutate_text("III. KINH PHÍ", "V. KINH PHÍ THỰC HIỆN")),
    ("heading.sequence", "ke-hoach", mutate_text("b) Lồng ghép", "c) Lồng ghép các mục tiêu.")),
    ("can-cu.style", "quyet-dinh", mutate_italic("Căn cứ Luật", False)),
    (
        "can-cu.punctuation",
        "quyet-dinh",
        mutate_text("Theo đề nghị", "Theo đề nghị của Trưởng phòng Nghiệp vụ Y;"),
    ),
    ("sign.missing", "ke-hoach", _clear_signature),
    ("sign.prefix", "ke-hoach", mutate_text("KT. GIÁM ĐỐC", "K/T GIÁM ĐỐC")),
    ("sign.prefix", "ke-hoach", mutate_text("KT. GIÁM ĐỐC", "KT GIÁM ĐỐC")),
    ("sign.prefix", "ke-hoach", mutate_text("KT. GIÁM ĐỐC", "THAY MẶT GIÁM ĐỐC")),
    ("sign.authority-style", "ke-hoach", mutate_bold("PHÓ GIÁM ĐỐC", False)),
    ("sign.size", "ke-hoach", mutate_size("Nguyễn Văn An", 12)),
    ("sign.name-style", "ke-hoach", mutate_text("Nguyễn Văn An", "NGUYỄN VĂN AN")),
    ("sign.academic-title", "ke-hoach", mutate_text("Nguyễn Văn An", "TS. Nguyễn Văn An")),
    ("sign.academic-title", "ke-hoach", mutate_text("Nguyễn Văn An", "PGS.TS. Nguyễn Văn An")),
    ("noi-nhan.missing", "ke-hoach", mutate_text("Nơi nhận", "")),
    ("noi-nhan.label", "ke-hoach", mutate_text("Nơi nhận", "Nơi nhận")),
    ("noi-nhan.size", "ke-hoach", mutate_size("Nơi nhận", 14)),
    ("noi-nhan.style", "ke-hoach", mutate_italic("Nơi nhận", False)),
    (
        "noi-nhan.list-size",
        "ke-hoach",
        lambda d: [set_size(find(d, s), 12) for s in ("- UBND", "- Giám", "- Lưu")],
    ),
    ("noi-nhan.list-style", "ke-hoach", mutate_italic("- Giám đốc Sở", True)),
    ("noi-nhan.item", "ke-hoach", mutate_text("- Giám đốc Sở", "- Giám đốc Sở")),
    ("noi-nhan.luu", "ke-hoach", mutate_text("- Lưu", "- Lưu VT.")),
    ("noi-nhan.luu", "ke-hoach", mutate_text("- Lưu", "- Lưu: VT, NVY")),
    ("noi-nhan.nhu-tren", "cong-van", mutate_text("- Như trên", "- Các phòng chức năng;")),
    ("sign.order", "ke-hoach", _title_below_name),
    ("appendix.label", "ke-hoach", _appendix(lambda d, h: set_text(h, "PHỤ LỤC I"))),
    ("appendix.size", "ke-hoach", _appendix(lambda d, h: set_size(h, 13))),
    ("appendix.style", "ke-hoach", _appendix(lambda d, h: set_bold(h, False))),
    ("appendix.align", "ke-hoach", _appendix(lambda d, h: setattr(h, "alignment", LEFT))),
    ("appendix.title", "ke-hoach", _appendix(lambda d, h: set_bold(find(d, "DANH MỤC"), False))),
    ("appendix.reference", "ke-hoach", _appendix(lambda d, h: set_size(find(d, "(Kèm"), 12))),
    (
        "appendix.page-number",
        "ke-hoach",
        lambda d: add_appendix(d, restart=False),
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "kind", "mutate"),
    MUTATIONS,
    ids=[f"{r}-{i}" for i, (r, _k, _m) in enumerate(MUTATIONS)],
)
def test_each_rule_is_reported_alone(
    rule_id: str, kind: str, mutate: Mutation, tmp_path: Path
) -> None:
    doc = fresh(kind)
    mutate(doc)
    findings = check(doc, tmp_path)
    assert rule_ids(findings) == {rule_id}, [(f.rule, f.location, f.found) for f in findings]
    finding = findings[0]
    assert finding.clause and finding.message and finding.found and finding.expected
    assert finding.severity == RULES[rule_id].severity
    assert len(finding.excerpt) <= 60


def test_every_registered_rule_has_a_mutation() -> None:
    assert {rule_id for rule_id, _kind, _m in MUTATIONS} == set(RULES)


def test_rules_are_registered_in_document_order() -> None:
    """One module per part registers its rules; RULES lists the parts from top to bottom."""
    parts = list(dict.fromkeys(rule_id.split(".")[0] for rule_id in RULES))
    assert parts == [
        *("page", "margin", "font", "page-number"),
        *("quoc-hieu", "tieu-ngu", "agency", "so", "kyhieu", "date"),
        *("title", "summary", "vv", "kinh-gui"),
        *("body", "heading", "can-cu"),
        *("sign", "noi-nhan", "appendix"),
    ]


def test_findings_on_one_line_follow_the_rule_order(tmp_path: Path) -> None:
    """Two parts' rules on the same paragraph: the page-setup rule comes before the header's."""
    doc = fresh("ke-hoach")
    date = find(doc, "Long An,")
    set_size(date, 12)
    for run in date.runs:
        set_font(run, name="Arial")
    findings = check(doc, tmp_path)
    assert [f.rule for f in findings] == ["font.family", "date.size"]


def test_advisory_rules_are_warnings() -> None:
    """Decree30.md §9: the "./." ending and the numbering of headings only advise."""
    warnings = {rid for rid, r in RULES.items() if r.severity == "warning"}
    assert {"body.ending", "heading.sequence"} <= warnings
    assert "tieu-ngu.rule" not in warnings


def test_finding_fields_are_vietnamese_and_located(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "Long An,"), "Long An, ngày 05 tháng 03 năm 2021")
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "date.month-zero"
    assert finding.clause == "Phụ lục I, II.4.b"
    assert finding.location == "đầu văn bản (ô 4)"
    assert finding.excerpt == "Long An, ngày 05 tháng 03 năm 2021"
    assert (finding.found, finding.expected) == ("tháng 03", "tháng 3")
    assert finding.severity == "error"


def test_repeated_departures_collapse_into_one_finding(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    doc.styles["Normal"].font.size = Pt(12)
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "body.size" and finding.found == "12 pt"
    assert finding.location.startswith("nội dung (ô 6), đoạn 1 (và ")


def test_draft_blanks_are_accepted(tmp_path: Path) -> None:
    """A draft leaves the number and the day blank: "Số:      /KH-SYT", "ngày      tháng 3"."""
    doc = fresh("ke-hoach")
    set_text(find(doc, "Số:"), "Số:      /KH-SYT")
    set_text(find(doc, "Long An,"), "Long An, ngày      tháng 3 năm 2021")
    assert check(doc, tmp_path) == []


def test_old_tone_placement_and_other_signing_prefixes_are_accepted(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "CỘNG HÒA"), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    set_text(find(doc, "KT. GIÁM ĐỐC"), "TL. GIÁM ĐỐC")
    set_text(find(doc, "PHÓ GIÁM ĐỐC"), "CHÁNH VĂN PHÒNG")
    assert check(doc, tmp_path) == []


def test_appendix_tables_may_be_landscape(tmp_path: Path) -> None:
    """Landscape is allowed for a section holding a table (Phụ lục I, I.2)."""
    doc = fresh("ke-hoach")
    landscape(doc)
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).paragraphs[0].add_run("Chỉ tiêu")
    assert "page.orientation" not in rule_ids(check(doc, tmp_path))


# =========================================================================== hand-made documents


def _person_document() -> Document:
    """What a person starts from: python-docx's template (theme fonts, Letter, 1-inch margins)."""
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    return doc


def _run(
    p: DocxParagraph,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    font: str = TIMES,
    underline: bool = False,
) -> None:
    r = p.add_run(text)
    set_font(r, size=size, bold=bold, italic=italic, name=font)
    r.font.underline = underline


def _para(
    doc: Document,
    text: str = "",
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    indent: int = 720,
    bold: bool = False,
    italic: bool = False,
    font: str = TIMES,
    before: int = 0,
    after: int = 120,
) -> DocxParagraph:
    """A body paragraph formatted directly, as a person does in Word."""
    p = doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.first_line_indent = Twips(indent)
    fmt.space_before, fmt.space_after = Twips(before), Twips(after)
    fmt.line_spacing = 1.15
    if text:
        _run(p, text, size, bold, italic, font)
    return p


def _handmade_cong_van() -> Document:
    """Tuyên Quang công văn: "tháng 03", Nơi nhận in 14 pt, no rule under the Tiêu ngữ,
    "K/T GIÁM ĐỐC", Arial body, 2 cm left margin; agency typed with Shift+Enter and an
    underscore rule."""
    doc = _person_document()
    sec = doc.sections[0]
    sec.top_margin = sec.bottom_margin = sec.left_margin = sec.right_margin = Twips(1134)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = compact(left.paragraphs[0])
    _run(p, "UBND TỈNH TUYÊN QUANG", 13)
    p = compact(left.add_paragraph())
    _run(p, "SỞ LAO ĐỘNG - THƯƠNG BINH", 13, bold=True)
    p.runs[0].add_break()
    _run(p, "VÀ XÃ HỘI", 13, bold=True)
    _run(compact(left.add_paragraph()), "__________", 13)
    _run(compact(left.add_paragraph()), "Số: 125/SLĐTBXH-BVCSTE", 13)
    _run(compact(left.add_paragraph()), "V/v thực hiện Chỉ thị số 23/CT-TTg", 12)
    _run(compact(right.paragraphs[0]), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _run(compact(right.add_paragraph()), "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    compact(right.add_paragraph())
    _run(compact(right.add_paragraph()), "Tuyên Quang, ngày 15 tháng 03 năm 2021", 13, italic=True)
    _para(doc, "Kính gửi:", indent=2268, before=240, after=0)
    _para(
        doc, "- Ủy ban nhân dân các huyện, thành phố;", indent=0, after=0
    ).paragraph_format.left_indent = Twips(3402)
    _para(doc, "- Các sở, ban, ngành.", indent=0).paragraph_format.left_indent = Twips(3402)
    for text in (
        "Thực hiện Văn bản số 2125/UBND-KGVX ngày 14/7/2020 của Ủy ban nhân dân tỉnh, Sở Lao động "
        "- "
        "Thương binh và Xã hội đề nghị các đơn vị triển khai các giải pháp bảo vệ trẻ em.",
        "Báo cáo kết quả thực hiện gửi về Sở trước ngày 15/12 hằng năm để tổng hợp./.",
    ):
        _para(doc, text, font="Arial")
    sign = doc.add_table(rows=1, cols=2)
    nn, auth = sign.cell(0, 0), sign.cell(0, 1)
    _run(compact(nn.paragraphs[0], LEFT), "Nơi nhận:", 14, bold=True, italic=True)
    for item in ("- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, BVCSTE."):
        _run(compact(nn.add_paragraph(), LEFT), item, 14)
    _run(compact(auth.paragraphs[0]), "K/T GIÁM ĐỐC", 14, bold=True)
    _run(compact(auth.add_paragraph()), "PHÓ GIÁM ĐỐC", 14, bold=True)
    for _ in range(3):
        compact(auth.add_paragraph())
    _run(compact(auth.add_paragraph()), "Hoàng Thị Mai", 14, bold=True)
    return doc


def _handmade_ke_hoach() -> Document:
    """Long An Kế hoạch laid out with tabs and underscores: ký hiệu "/QĐ-UBND" under
    "KẾ HOẠCH", no page numbers on a long document, "TS." before the signer's name."""
    doc = _person_document()
    sec = doc.sections[0]
    sec.top_margin, sec.bottom_margin = Twips(1134), Twips(1134)
    sec.left_margin, sec.right_margin = Twips(1701), Twips(1134)
    normal = doc.styles["Normal"]
    set_font(normal, size=14, name=TIMES)
    for text, runs in (
        (
            "l1",
            [
                ("ỦY BAN NHÂN DÂN\t", 13, True, False),
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
            ],
        ),
        (
            "l2",
            [("TỈNH LONG AN\t", 13, True, False), ("Độc lập - Tự do - Hạnh phúc", 13, True, False)],
        ),
        (
            "l3",
            [("_______\t", 13, False, False), ("___________________________", 13, False, False)],
        ),
        (
            "l4",
            [
                ("Số: 45/QĐ-UBND\t", 13, False, False),
                ("Long An, ngày 12 tháng 3 năm 2021", 13, False, True),
            ],
        ),
    ):
        p = _para(doc, indent=0, after=0, align=LEFT)
        p.paragraph_format.tab_stops.add_tab_stop(Twips(5200))
        for chunk, size, bold, italic in runs:
            _run(p, chunk, size, bold, italic)
        del text
    _para(doc, "KẾ HOẠCH", align=CENTER, indent=0, bold=True, before=240, after=0)
    _para(
        doc,
        "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021 - 2030",
        align=CENTER,
        indent=0,
        bold=True,
        after=0,
    )
    _para(doc, "_" * 24, align=CENTER, indent=0)
    sections = ["I. MỤC TIÊU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"]
    for title in sections:
        _para(doc, title, bold=True)
        for n in range(1, 4):
            _para(
                doc,
                f"{n}. Các sở, ngành, địa phương tổ chức thực hiện nhiệm vụ được giao về bảo vệ, "
                "chăm sóc và giáo dục trẻ em; lồng ghép các chỉ tiêu vào kế hoạch phát triển kinh "
                "tế - "
                "xã hội hằng năm; bố trí nguồn lực và kiểm tra, giám sát việc thực hiện tại cơ sở.",
            )
    _para(doc, "Yêu cầu các sở, ngành, địa phương triển khai thực hiện nghiêm túc Kế hoạch này./.")
    sign = doc.add_table(rows=1, cols=2)
    nn, auth = sign.cell(0, 0), sign.cell(0, 1)
    _run(compact(nn.paragraphs[0], LEFT), "Nơi nhận:", 12, bold=True, italic=True)
    for item in ("- Bộ LĐ-TB và XH;", "- Các sở, ngành tỉnh;", "- Lưu: VT, VHXH."):
        _run(compact(nn.add_paragraph(), LEFT), item, 11)
    for text in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        _run(compact(auth.add_paragraph()), text, 14, bold=True)
    compact(auth.add_paragraph())
    _run(compact(auth.add_paragraph()), "TS. Nguyễn Văn A", 14, bold=True)
    return doc


def _handmade_quyet_dinh() -> Document:
    """Quyết định from Ho Chi Minh City: "TP. HCM" in the date line, page number in the
    footer (shown on page 1 too), "- Lưu: VT" without its full stop, and the agency's rule
    (a border across the whole cell) far longer than half the name."""
    doc = _person_document()
    sec = doc.sections[0]
    sec.top_margin, sec.bottom_margin = Twips(1418), Twips(1134)
    sec.left_margin, sec.right_margin = Twips(1985), Twips(1134)
    set_font(doc.styles["Normal"], size=13, name=TIMES)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page_field(fp, 13)
    table = doc.add_table(rows=2, cols=2)
    add_line(table.cell(0, 0), "SỞ Y TẾ", 13, bold=True, first=True)
    bottom_border(add_line(table.cell(0, 0), "", 13), 1200)
    add_line(table.cell(1, 0), "Số: 1024/QĐ-SYT", 13, first=True)
    add_line(table.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, first=True)
    tn = add_line(table.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    tn.runs[0].font.underline = True
    add_line(table.cell(1, 1), "TP. HCM, ngày 09 tháng 12 năm 2021", 13, italic=True, first=True)
    _para(doc, "QUYẾT ĐỊNH", 13, CENTER, 0, bold=True, before=360, after=0)
    rule_below(
        _para(doc, "Về việc thành lập Tổ công tác bảo vệ trẻ em", 13, CENTER, 0, bold=True), 3290
    )
    _para(doc, "GIÁM ĐỐC SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH", 13, CENTER, 0, bold=True, before=240)
    for text in (
        "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
        "Theo đề nghị của Trưởng phòng Tổ chức cán bộ.",
    ):
        _para(doc, text, 13, italic=True)
    _para(doc, "QUYẾT ĐỊNH:", 13, CENTER, 0, bold=True)
    for text in (
        "Điều 1. Thành lập Tổ công tác bảo vệ trẻ em của Sở Y tế.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Sở và các thành viên Tổ công tác chịu trách nhiệm thi hành "
        "Quyết định này./.",
    ):
        _para(doc, text, 13)
    sign = doc.add_table(rows=1, cols=2)
    nn, auth = sign.cell(0, 0), sign.cell(0, 1)
    _run(compact(nn.paragraphs[0], LEFT), "Nơi nhận:", 12, bold=True, italic=True)
    for item in ("- Như Điều 3;", "- Lưu: VT"):
        _run(compact(nn.add_paragraph(), LEFT), item, 11)
    _run(compact(auth.paragraphs[0]), "GIÁM ĐỐC", 13, bold=True)
    compact(auth.add_paragraph())
    _run(compact(auth.add_paragraph()), "Trần Văn Bình", 13, bold=True)
    return doc


def _numbered_thong_bao() -> Document:
    """Thông báo whose headings are Word list numbering (I., II. from numbering.xml) and whose
    font comes from the theme (minor font set to Times New Roman): the resolver must see both.
    The second heading was typed in lower case."""
    doc = _person_document()
    sec = doc.sections[0]
    sec.top_margin, sec.bottom_margin = Twips(1134), Twips(1134)
    sec.left_margin, sec.right_margin = Twips(1701), Twips(850)
    doc.styles["Normal"].font.size = Pt(14)
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start '
            f'w:val="1"/>'
            '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    table = doc.add_table(rows=2, cols=2)
    add_line(table.cell(0, 0), "BỘ Y TẾ", 12, first=True)
    rule_below(add_line(table.cell(0, 0), "CỤC BẢO TRỢ XÃ HỘI", 12, bold=True), 1650)
    add_line(table.cell(1, 0), "Số: 07/TB-BTXH", 13, first=True)
    add_line(table.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    rule_below(add_line(table.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", 13, bold=True), 650)
    add_line(table.cell(1, 1), "Hà Nội, ngày 02 tháng 02 năm 2022", 13, italic=True, first=True)
    _para(doc, "THÔNG BÁO", 14, CENTER, 0, bold=True, before=360, after=0)
    rule_below(
        _para(doc, "Kết luận của Cục trưởng tại cuộc họp giao ban", 14, CENTER, 0, bold=True), 3430
    )
    for text, numbered in (
        ("KẾT QUẢ", True),
        ("Cục đã hoàn thành các nhiệm vụ trọng tâm của quý I.", False),
        ("Nhiệm vụ thời gian tới", True),
        ("Các phòng tiếp tục thực hiện kế hoạch./.", False),
    ):
        p = _para(doc, text, 14, JUSTIFY, 567, bold=numbered)
        if numbered:
            num_pr = parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
            )
            p._p.get_or_add_pPr().insert(0, num_pr)
            p.paragraph_format.first_line_indent = None
    sign = doc.add_table(rows=1, cols=2)
    _run(compact(sign.cell(0, 0).paragraphs[0], LEFT), "Nơi nhận:", 12, bold=True, italic=True)
    for item in ("- Các phòng thuộc Cục;", "- Lưu: VT, VP."):
        _run(compact(sign.cell(0, 0).add_paragraph(), LEFT), item, 11)
    _run(compact(sign.cell(0, 1).paragraphs[0]), "CỤC TRƯỞNG", 14, bold=True)
    compact(sign.cell(0, 1).add_paragraph())
    _run(compact(sign.cell(0, 1).add_paragraph()), "Lê Văn Cường", 14, bold=True)
    for p in [*doc.paragraphs, *[q for t in doc.tables for c in t._cells for q in c.paragraphs]]:
        for r in p.runs:
            rfonts = r._r.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                rfonts.attrib.pop(qn(attr), None)
            rfonts.set(qn("w:asciiTheme"), "minorHAnsi")
            rfonts.set(qn("w:hAnsiTheme"), "minorHAnsi")
    return doc


def _rewrite_zip(path: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Edit a saved .docx's parts in place (python-docx cannot reach the theme)."""
    with zipfile.ZipFile(path) as zf:
        data = {name: zf.read(name) for name in zf.namelist()}
    change(data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    return path


def _times_theme(data: dict[str, bytes]) -> None:
    """Make the theme's minor (body) font Times New Roman."""
    theme = next(n for n in data if n.startswith("word/theme/"))
    xml = data[theme].decode()
    latin = xml.index("<a:latin", xml.index("<a:minorFont>"))
    end = xml.index("/>", latin) + 2
    data[theme] = (xml[:latin] + '<a:latin typeface="Times New Roman"/>' + xml[end:]).encode()


def _no_theme(data: dict[str, bytes]) -> None:
    for name in [n for n in data if n.startswith("word/theme/")]:
        del data[name]


def test_handmade_cong_van(tmp_path: Path) -> None:
    findings = check(_handmade_cong_van(), tmp_path)
    assert rule_ids(findings) == {
        "date.month-zero",
        "tieu-ngu.rule",
        "sign.prefix",
        "font.family",
        "noi-nhan.size",
        "noi-nhan.list-size",
        "margin.left",
    }
    by_rule = {f.rule: f for f in findings}
    assert by_rule["font.family"].found == "Arial"
    assert by_rule["sign.prefix"].expected == "KT. GIÁM ĐỐC"
    facts = read_document(tmp_path / "doc.docx")
    assert [ln.text for ln in facts.anatomy.agency] == [
        "UBND TỈNH TUYÊN QUANG",
        "SỞ LAO ĐỘNG - THƯƠNG BINH",
        "VÀ XÃ HỘI",
    ]
    assert facts.anatomy.agency_rule and facts.anatomy.kinh_gui is not None


def test_handmade_ke_hoach_with_tabs(tmp_path: Path) -> None:
    findings = check(_handmade_ke_hoach(), tmp_path)
    assert rule_ids(findings) == {"kyhieu.type", "page-number.missing", "sign.academic-title"}
    facts = read_document(tmp_path / "doc.docx")
    anat = facts.anatomy
    assert anat.quoc_hieu is not None and anat.tieu_ngu_rule and anat.agency_rule
    assert anat.date is not None and anat.date.text == "Long An, ngày 12 tháng 3 năm 2021"
    assert [ln.text for ln in anat.agency] == ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN"]


def test_handmade_quyet_dinh(tmp_path: Path) -> None:
    findings = check(_handmade_quyet_dinh(), tmp_path)
    assert rule_ids(findings) == {
        "date.place-name",
        "page-number.footer",
        "page-number.first-page",
        "noi-nhan.luu",
        "agency.rule-length",
    }
    place = next(f for f in findings if f.rule == "date.place-name")
    assert (place.found, place.expected) == ("TP. HCM", "Thành phố Hồ Chí Minh")


def test_numbered_headings_and_theme_fonts(tmp_path: Path) -> None:
    path = _rewrite_zip(save(_numbered_thong_bao(), tmp_path / "tb.docx"), _times_theme)
    findings = check_file(path)
    assert rule_ids(findings) == {"heading.level1"}
    assert findings[0].excerpt == "II. Nhiệm vụ thời gian tới"


def test_unresolvable_theme_font_is_not_taken_for_times(tmp_path: Path) -> None:
    """A run asks for the theme's minor font and the file has no theme part."""
    doc = fresh("cong-van")
    for p in doc.paragraphs:
        for r in p.runs:
            r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:asciiTheme"), "minorHAnsi")
    findings = check_file(_rewrite_zip(save(doc, tmp_path / "d.docx"), _no_theme))
    assert rule_ids(findings) == {"font.family"}
    assert "minorHAnsi" in findings[0].found
    assert findings[0].location.startswith("kính gửi (ô 9a) (và ")


def test_theme_font_resolves_to_its_typeface(tmp_path: Path) -> None:
    """python-docx's template has a theme whose minor font is Cambria."""
    doc = fresh("cong-van")
    find(doc, "Kính gửi").runs[0]._r.get_or_add_rPr().get_or_add_rFonts().set(
        qn("w:hAnsiTheme"), "minorHAnsi"
    )
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found, finding.excerpt) == ("font.family", "Cambria", "Kính gửi:")


# =========================================================================== the command


def _good(tmp_path: Path, name: str = "good.docx") -> Path:
    return save(fresh("cong-van"), tmp_path / name)


def _bad(tmp_path: Path, name: str = "bad.docx") -> Path:
    doc = fresh("cong-van")
    set_text(find(doc, "Long An,"), "Long An, ngày 20 tháng 03 năm 2021")
    return save(doc, tmp_path / name)


def _run_check(paths: list[Path | str], fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check([str(p) for p in paths], fmt, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_exit_0_without_errors(tmp_path: Path) -> None:
    code, out, _err = _run_check([_good(tmp_path)])
    assert code == 0
    assert "0 lỗi, 0 cảnh báo" in out


def test_warnings_alone_do_not_fail(tmp_path: Path) -> None:
    doc = fresh("cong-van")
    set_text(find(doc, "Đề nghị các đơn vị"), "Đề nghị các đơn vị quan tâm, phối hợp thực hiện.")
    code, out, _err = _run_check([save(doc, tmp_path / "w.docx")])
    assert code == 0
    assert "cảnh báo [body.ending]" in out and "0 lỗi, 1 cảnh báo" in out


def test_exit_1_with_errors_and_text_lines(tmp_path: Path) -> None:
    code, out, _err = _run_check([_bad(tmp_path)])
    assert code == 1
    line = next(x for x in out.splitlines() if "date.month-zero" in x)
    assert line.strip().startswith("lỗi [date.month-zero] (Phụ lục I, II.4.b) đầu văn bản (ô 4)")
    assert "gặp: tháng 03; cần: tháng 3" in line
    assert out.splitlines()[-1].strip() == "1 lỗi, 0 cảnh báo"


def test_directories_are_expanded_and_lock_files_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    _good(folder, "a.docx")
    _bad(folder / "sub", "b.docx")
    (folder / "~$a.docx").write_bytes(b"\x00lock")
    (folder / "notes.txt").write_text("x")
    code, out, err = _run_check([folder])
    assert code == 1 and err == ""
    assert "a.docx" in out and "b.docx" in out and "~$" not in out
    assert "Tổng cộng 2 tệp: 1 lỗi, 0 cảnh báo" in out


def test_many_files_are_read_in_parallel_and_reported_in_order(tmp_path: Path) -> None:
    """From eight files on, worker processes read them; the report keeps the given order."""
    paths: list[Path | str] = []
    for n in range(10):
        make = _bad if n % 3 == 0 else _good
        paths.append(make(tmp_path, f"{9 - n}.docx"))
    paths.insert(4, str(tmp_path / "thiếu.docx"))
    code, out, err = _run_check(paths)
    assert code == 2 and "thiếu.docx: không tìm thấy" in err
    listed = [line for line in out.splitlines() if line.endswith(".docx")]
    assert listed == [str(p) for p in paths if Path(p).exists()]
    assert "Tổng cộng 10 tệp: 4 lỗi, 0 cảnh báo" in out


def test_a_parallel_check_ends_cleanly_in_a_real_process(tmp_path: Path) -> None:
    """The worker pool is closed before the interpreter exits: nothing but findings."""
    for n in range(9):
        (_bad if n == 4 else _good)(tmp_path, f"{n}.docx")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert "Tổng cộng 9 tệp: 1 lỗi, 0 cảnh báo" in result.stdout


def test_json_format(tmp_path: Path) -> None:
    code, out, _err = _run_check([_good(tmp_path), _bad(tmp_path)], fmt="json")
    assert code == 1
    doc = json.loads(out)
    assert doc["errors"] == 1 and doc["warnings"] == 0 and doc["unreadable"] == 0
    good, bad = doc["files"]
    assert good["findings"] == [] and good["readable"] is True
    (finding,) = bad["findings"]
    assert finding == {
        "rule": "date.month-zero",
        "clause": "Phụ lục I, II.4.b",
        "severity": "error",
        "message": RULES["date.month-zero"].message,
        "location": "đầu văn bản (ô 4)",
        "excerpt": "Long An, ngày 20 tháng 03 năm 2021",
        "found": "tháng 03",
        "expected": "tháng 3",
    }
    assert "tháng" in out  # ensure_ascii=False keeps Vietnamese readable


def _ole(tmp_path: Path, name: str, encrypted: bool) -> Path:
    """An OLE compound file header; an encrypted .docx names an EncryptionInfo stream."""
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    if encrypted:
        body += (
            "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 64
            + "EncryptedPackage".encode("utf-16-le")
        )
    else:
        body += "WordDocument".encode("utf-16-le")
    path = tmp_path / name
    path.write_bytes(body + b"\x00" * 1024)
    return path


def _corrupt(tmp_path: Path) -> Path:
    data = _good(tmp_path, "whole.docx").read_bytes()
    path = tmp_path / "corrupt.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _bad_member(tmp_path: Path) -> Path:
    """A zip whose document.xml is not XML."""
    path = tmp_path / "badxml.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: _ole(t, "old.doc", encrypted=False), ".doc"),
        (lambda t: _ole(t, "secret.docx", encrypted=True), "mật khẩu"),
        (_corrupt, "hỏng"),
        (_bad_member, "XML không hợp lệ"),
        (
            lambda t: (t / "plain.docx").write_text("xin chào") and t / "plain.docx",
            "không phải tệp .docx",
        ),
        (lambda t: (t / "empty.docx").write_bytes(b"") or t / "empty.docx", "rỗng"),
        (lambda t: t / "missing.docx", "không tìm thấy"),
    ],
    ids=["doc", "encrypted", "corrupt-zip", "bad-xml", "not-zip", "empty", "missing"],
)
def test_unreadable_files_exit_2_with_a_message(
    make: Callable[[Path], Path], words: str, tmp_path: Path
) -> None:
    path = make(tmp_path)
    good = _good(tmp_path)
    code, out, err = _run_check([path, good])
    assert code == 2
    assert words in err and "Traceback" not in err + out
    assert str(good) in out  # the other files are still checked
    if path.exists():
        with pytest.raises(CheckReadError):
            read_document(path)


def test_unreadable_file_in_json(tmp_path: Path) -> None:
    code, out, err = _run_check([_ole(tmp_path, "old.doc", encrypted=False)], fmt="json")
    assert code == 2 and ".doc" in err
    (entry,) = json.loads(out)["files"]
    assert entry["readable"] is False and "Word 97-2003" in entry["error"]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = _run_check([_good(tmp_path)], fmt="xml")
    assert code == 2 and "định dạng" in err


# =========================================================================== other layouts


def _drawing_line(p: DocxParagraph, width_emu: int = 1900000) -> None:
    """A DrawingML straight line anchored in ``p`` (what Word 2010+ and LibreOffice write)."""
    p.add_run()._r.append(
        parse_xml(
            f"<w:drawing {nsdecls('w')} "
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            'locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="2">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
            '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>'
            f'0</wp:posOffset></wp:positionV><wp:extent cx="{width_emu}" cy="0"/><wp:wrapNone/>'
            '<wp:docPr id="7" name="rule"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
            '<wps:spPr><a:prstGeom prst="line"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/>'
            "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        )
    )


def test_rule_drawn_as_drawingml_line(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    tn = find(doc, "Độc lập")
    remove_border(_rule_of(doc, "Độc lập"))
    _drawing_line(tn)
    assert check(doc, tmp_path) == []
    facts = read_document(tmp_path / "doc.docx")
    assert facts.anatomy.tieu_ngu_rule is not None
    assert facts.anatomy.tieu_ngu_rule.kind == "shape"


def test_picture_is_not_a_rule(tmp_path: Path) -> None:
    """A logo (pic:pic) beside the Tiêu ngữ does not count as its rule."""
    doc = fresh("ke-hoach")
    tn = find(doc, "Độc lập")
    remove_border(_rule_of(doc, "Độc lập"))
    tn.add_run()._r.append(
        parse_xml(
            f"<w:drawing {nsdecls('w')} "
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<wp:inline><wp:extent cx="500000" cy="500000"/><wp:docPr id="8" name="logo"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            "<pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing>"
        )
    )
    assert rule_ids(check(doc, tmp_path)) == {"tieu-ngu.rule"}


def test_kinh_gui_with_tab_and_soft_breaks(tmp_path: Path) -> None:
    """ "Kính gửi:<tab>- Sở A;<Shift+Enter><tab>- Sở B." is one paragraph holding the list."""
    doc = fresh("cong-van")
    kg = find(doc, "Kính gửi")
    set_text(kg, "Kính gửi:\t- Các phòng chức năng thuộc Sở;")
    kg.runs[0].add_break()
    kg.add_run("\t- Các đơn vị trực thuộc Sở")
    for start in ("- Các phòng chức năng", "- Các đơn vị trực thuộc"):
        delete(find(doc, start))
    findings = check(doc, tmp_path)
    assert rule_ids(findings) == {"kinh-gui.format"}
    assert findings[0].found == "- Các đơn vị trực thuộc Sở"


@pytest.mark.parametrize(
    ("start", "text", "rule_id"),
    [
        ("Long An,", "Long An, ngày 05/01/2021", "date.format"),
        ("Số:", "Số: 12-KH-SYT", "so.format"),
        ("Số:", "Số 12/KH-SYT", "so.format"),
    ],
)
def test_misspelt_header_lines_are_still_recognised(
    start: str, text: str, rule_id: str, tmp_path: Path
) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, start), text)
    assert rule_ids(check(doc, tmp_path)) == {rule_id}


def test_signature_block_above_a_noi_nhan_table(tmp_path: Path) -> None:
    """Some offices put the signature in its own table above the Nơi nhận."""
    doc = fresh("ke-hoach")
    table = doc.tables[-1]
    right = table.cell(0, 1)
    for p in list(right.paragraphs)[1:]:
        delete(p)
    set_text(find(doc, "- Lưu"), "- Lưu: VT, NVY.")
    sign = doc.add_table(rows=1, cols=1)
    table._tbl.addprevious(sign._tbl)
    cell = sign.cell(0, 0)
    add_line(cell, "KT. GIÁM ĐỐC", 14, bold=True, first=True)
    add_line(cell, "PHÓ GIÁM ĐỐC", 14, bold=True)
    add_line(cell, "", 14)
    add_line(cell, "Nguyễn Văn An", 14, bold=True)
    facts = read_document(save(doc, tmp_path / "s.docx"))
    assert [ln.text for ln in facts.anatomy.authority] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert facts.anatomy.signer is not None and facts.anatomy.signer.text == "Nguyễn Văn An"
    assert check_file(tmp_path / "s.docx") == []


def test_missing_signer_name_is_not_mistaken_for_a_title(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "Nguyễn Văn An"), "")
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.location) == ("sign.missing", "chữ ký (ô 7b)")


def test_empty_and_foreign_documents_do_not_crash(tmp_path: Path) -> None:
    empty = save(docx.Document(), tmp_path / "empty.docx")
    assert "quoc-hieu.missing" in rule_ids(check_file(empty))
    doc = docx.Document()
    doc.add_paragraph("Meeting notes")
    nested = doc.add_table(rows=1, cols=1).cell(0, 0).add_table(rows=1, cols=1)
    nested.cell(0, 0).paragraphs[0].add_run("nested")
    assert "quoc-hieu.missing" in rule_ids(check(doc, tmp_path))


# =========================================================================== effective formatting


def test_effective_formatting_follows_word_precedence(tmp_path: Path) -> None:
    """Direct > character style > paragraph style (basedOn chain) > table style > defaults."""
    doc = docx.Document()
    base = doc.styles.add_style("Base", WD_STYLE_TYPE.PARAGRAPH)
    base.font.size = Pt(13)
    base.paragraph_format.alignment = JUSTIFY
    child = doc.styles.add_style("Child", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    child.font.italic = True
    grid = doc.styles.add_style("Grid13", WD_STYLE_TYPE.TABLE)
    grid.font.size = Pt(12.5)
    grid.font.bold = True

    p = doc.add_paragraph(style="Child")
    p.add_run("kế thừa")
    p.add_run("trực tiếp").font.size = Pt(14)
    p.add_run("đậm").style = doc.styles["Strong"]
    table = doc.add_table(rows=1, cols=1)
    table.style = grid
    table.cell(0, 0).paragraphs[0].add_run("ô bảng")
    doc.add_paragraph("mặc định")
    facts = read_document(save(doc, tmp_path / "fmt.docx"))
    inherited, direct, strong = facts.paragraphs[0].runs
    cell = facts.paragraphs[1].runs[0]
    default = facts.paragraphs[2].runs[0]
    assert (inherited.size, inherited.italic, inherited.bold) == (13, True, False)
    assert facts.paragraphs[0].align == "both"
    assert direct.size == 14
    assert strong.bold and strong.size == 13
    assert (cell.size, cell.bold) == (12.5, True)
    assert default.size == 11  # docDefaults of python-docx's template
    assert default.fonts == ("Cambria",)  # docDefaults -> theme minor font


def test_hidden_and_deleted_text_is_ignored(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    p = find(doc, "Kinh phí thực hiện")
    hidden = p.add_run(" ẩn")
    hidden.font.hidden = True
    hidden.font.name = "Arial"
    deleted = parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:rPr><w:rFonts w:ascii="Arial" '
        'w:hAnsi="Arial"/></w:rPr><w:delText>bỏ</w:delText></w:r></w:del>'
    )
    p._p.append(deleted)
    assert check(doc, tmp_path) == []
