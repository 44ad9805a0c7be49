"""Tests for ``vanban check --fix``: repairs as tracked changes, in a copy beside the original.

For every rule the fixer repairs, a correct document (``tests/docx_factory.py``) is
broken in that one point and fixed, and then:
- the original file is byte for byte what it was;
- the fixed copy has no error at all, and neither has the copy with every revision
  accepted (tests/revisions.py), which is what the văn thư gets after "Accept All";
- rejecting every revision gives back exactly the findings of the broken document: no
  repair was made without a revision a person can reject;
- every revision is by "vanban", dated, with an id no other revision has;
- every part that validated against the ECMA-376 schemas before still validates.

Then what needs judgement (listed, not guessed), the normalisers of text, the copy's
name (never overwriting a file), the command line in a real process, and LibreOffice
opening and printing a fixed copy.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.check import ERROR, RULES, Finding, check_file, read_document
from generator.check.fix import FixReport, fix_file, repairable
from generator.check.fix.header import normal_date, normal_so
from generator.check.fix.package import copy_names, write_new
from generator.check.fix.signature import fixed_prefix, normal_luu
from generator.check.fix.title import item_text
from tests.docx_factory import (
    correct_bytes,
    delete,
    find,
    mutate_bold,
    mutate_italic,
    mutate_size,
    mutate_text,
    page_field,
    remove_border,
    save,
    set_size,
    set_text,
)
from tests.ooxml_schema import Validator
from tests.revisions import accept_all, reject_all, revisions

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
Mutation = Callable[[Document], None]
ROOT = Path(__file__).resolve().parent.parent



def fresh(kind: str) -> Document:
    return docx.Document(io.BytesIO(correct_bytes(kind)))


@functools.cache
def validator() -> Validator:
    return Validator()


def assert_still_valid(before: bytes, after: bytes) -> None:
    """Every part that validated against ECMA-376 before the repair (and every new part)
    validates after it."""
    errors_before = {r.part: r.errors for r in validator().validate(before)}
    for result in validator().validate(after):
        if not errors_before.get(result.part):
            assert result.errors == [], result.errors


def findings_of(data: bytes, tmp_path: Path, name: str) -> list[Finding]:
    path = tmp_path / name
    path.write_bytes(data)
    return check_file(path)


def errors(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.location, f.found) for f in findings if f.severity == ERROR]


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str, str]]:
    return [(f.rule, f.location, f.excerpt, f.found, f.expected) for f in findings]


# =========================================================================== breaking one rule


def _header_para(doc: Document) -> DocxParagraph:
    return doc.sections[0].header.paragraphs[0]


def _clear_runs(p: DocxParagraph) -> None:
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)


def _page_in_footer(doc: Document) -> None:
    _clear_runs(_header_para(doc))
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = CENTER
    page_field(footer)


def _even_pages_unnumbered(doc: Document) -> None:
    """Even pages get their own header, and the document has none for them."""
    doc.settings.element.append(parse_xml(f'<w:evenAndOddHeaders {nsdecls("w")}/>'))


def _margin(side: str, twips: int) -> Mutation:
    return lambda doc: setattr(doc.sections[0], f"{side}_margin", Twips(twips))


def _letter(doc: Document) -> None:
    doc.sections[0].page_width, doc.sections[0].page_height = Twips(12240), Twips(15840)


def _landscape(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width






def _align(start: str, alignment: WD_ALIGN_PARAGRAPH) -> Mutation:
    return lambda doc: setattr(find(doc, start), "alignment", alignment)


def _normal(size: float | None = None, **fmt: object) -> Mutation:
    def mutate(doc: Document) -> None:
        style = doc.styles["Normal"]
        if size is not None:
            style.font.size = Pt(size)
        for key, value in fmt.items():
            setattr(style.paragraph_format, key, value)

    return mutate


def _rule_of(doc: Document, start: str) -> DocxParagraph:
    p = find(doc, start)
    return DocxParagraph(p._p.getnext(), p._parent)


def _no_tieu_ngu(doc: Document) -> None:
    rule = _rule_of(doc, "Độc lập")
    delete(rule)
    delete(find(doc, "Độc lập"))


def _no_agency_rule(doc: Document) -> None:
    for pict in find(doc, "SỞ Y TẾ")._p.iter(qn("w:pict")):
        pict.getparent().remove(pict)


def _arial(doc: Document) -> None:
    for run in find(doc, "Kinh phí thực hiện").runs:
        run.font.name = "Arial"


def _arial_everywhere(doc: Document) -> None:
    """Arial in the Normal style: every paragraph that does not name its own font."""
    fonts = doc.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), "Arial")


def _first_line(start: str, twips: int) -> Mutation:
    return lambda doc: setattr(find(doc, start).paragraph_format, "first_line_indent",
                               Twips(twips))


def _tab_indent(doc: Document) -> None:
    """The first line pushed in with a tab, as on a typewriter, and no indent."""
    p = find(doc, "Kinh phí thực hiện")
    p.paragraph_format.first_line_indent = Twips(0)
    p.runs[0].text = "\t" + p.runs[0].text


def _roman_list_heading(doc: Document) -> None:
    """Heading II drawn by Word's numbering (upper Roman), its title typed in lower case."""
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        '<w:start w:val="2"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>'
        "</w:lvl></w:abstractNum>"
    ))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
    ))
    p = find(doc, "II. NHIỆM VỤ")
    set_text(p, "Nhiệm vụ và giải pháp")
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
    ))


def _appendix(restart: bool) -> Mutation:
    """An appendix after a section break; its pages numbered from 1 when ``restart``."""

    def mutate(doc: Document) -> None:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        if restart:
            section._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
        for text, bold, italic in (
            ("Phụ lục", True, False),
            ("DANH SÁCH CÁC ĐƠN VỊ THỰC HIỆN", True, False),
            ("(Kèm theo Kế hoạch số 12/KH-SYT ngày 05 tháng 01 năm 2021 của Sở Y tế)", False,
             True),
        ):
            p = doc.add_paragraph()
            p.alignment = CENTER
            p.paragraph_format.first_line_indent = Twips(0)
            run = p.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(14)
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "TT", "Đơn vị"

    return mutate


def _then(*mutations: Mutation) -> Mutation:
    def mutate(doc: Document) -> None:
        for one in mutations:
            one(doc)

    return mutate


def _list_size(doc: Document) -> None:
    for start in ("- UBND", "- Giám", "- Lưu"):
        set_size(find(doc, start), 12)


BREAKS: list[tuple[str, str, Mutation]] = [
    ("page.size", "ke-hoach", _letter),
    ("page.orientation", "ke-hoach", _landscape),
    ("margin.top", "ke-hoach", _margin("top", 850)),
    ("margin.bottom", "ke-hoach", _margin("bottom", 1701)),
    ("margin.left", "ke-hoach", _margin("left", 1134)),
    ("margin.right", "ke-hoach", _margin("right", 1440)),
    ("font.family", "ke-hoach", _arial),
    ("font.family", "quyet-dinh", _arial_everywhere),
    ("page-number.missing", "ke-hoach", lambda d: _clear_runs(_header_para(d))),
    ("page-number.missing", "ke-hoach", _even_pages_unnumbered),
    ("page-number.footer", "ke-hoach", _page_in_footer),
    ("page-number.position", "ke-hoach", lambda d: setattr(_header_para(d), "alignment", LEFT)),
    ("page-number.size", "ke-hoach", lambda d: set_size(_header_para(d), 11)),
    (
        "page-number.first-page",
        "ke-hoach",
        lambda d: setattr(d.sections[0], "different_first_page_header_footer", False),
    ),
    ("quoc-hieu.text", "ke-hoach", mutate_text("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ("quoc-hieu.text", "ke-hoach", mutate_text("CỘNG HÒA", "CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
    ("quoc-hieu.size", "ke-hoach", mutate_size("CỘNG HÒA", 14)),
    ("quoc-hieu.style", "ke-hoach", mutate_bold("CỘNG HÒA", False)),
    ("tieu-ngu.missing", "ke-hoach", _no_tieu_ngu),
    ("tieu-ngu.text", "ke-hoach", mutate_text("Độc lập", "Độc lập – Tự do – Hạnh phúc")),
    ("tieu-ngu.size", "ke-hoach", mutate_size("Độc lập", 12)),
    ("tieu-ngu.style", "ke-hoach", mutate_italic("Độc lập", True)),
    ("tieu-ngu.rule", "ke-hoach", lambda d: remove_border(_rule_of(d, "Độc lập"))),
    ("agency.case", "ke-hoach", mutate_text("SỞ Y TẾ", "Sở Y tế")),
    ("agency.size", "ke-hoach", mutate_size("SỞ Y TẾ", 14)),
    ("agency.style", "ke-hoach", mutate_bold("SỞ Y TẾ", False)),
    ("agency.rule", "ke-hoach", _no_agency_rule),
    ("so.format", "ke-hoach", mutate_text("Số:", "Số: 12 / KH-SYT")),
    ("so.format", "ke-hoach", mutate_text("Số:", "Số 12/KH-SYT")),
    ("so.number-zero", "ke-hoach", mutate_text("Số:", "Số: 5/KH-SYT")),
    ("so.size", "ke-hoach", mutate_size("Số:", 14)),
    ("so.style", "ke-hoach", mutate_bold("Số:", True)),
    ("date.format", "ke-hoach", mutate_text("Long An,", "Long An ngày 05 tháng 01 năm 2021")),
    ("date.format", "ke-hoach", mutate_text("Long An,", "Long An, ngày 05/01/2021")),
    ("date.day-zero", "ke-hoach", mutate_text("Long An,", "Long An, ngày 5 tháng 01 năm 2021")),
    ("date.month-zero", "ke-hoach", mutate_text("Long An,", "Long An, ngày 05 tháng 1 năm 2021")),
    ("date.month-zero", "cong-van", mutate_text("Long An,", "Long An, ngày 20 tháng 03 năm 2021")),
    ("date.place-name", "ke-hoach", mutate_text("Long An,", "TP. HCM, ngày 05 tháng 01 năm 2021")),
    ("date.size", "ke-hoach", mutate_size("Long An,", 12)),
    ("date.style", "ke-hoach", mutate_italic("Long An,", False)),
    ("title.size", "ke-hoach", mutate_size("KẾ HOẠCH", 16)),
    ("title.style", "ke-hoach", mutate_bold("KẾ HOẠCH", False)),
    ("title.style", "ke-hoach", mutate_text("KẾ HOẠCH", "Kế hoạch")),
    ("title.align", "ke-hoach", _align("KẾ HOẠCH", LEFT)),
    ("summary.size", "ke-hoach", mutate_size("Thực hiện Chương trình", 12)),
    ("summary.style", "ke-hoach", mutate_bold("Thực hiện Chương trình", False)),
    ("summary.rule", "ke-hoach", lambda d: remove_border(_rule_of(d, "Thực hiện Chương trình"))),
    (
        "summary.rule",
        "ke-hoach",
        lambda d: (remove_border(_rule_of(d, "Thực hiện Chương trình")), mutate_text(
            "Thực hiện Chương trình",
            "Thực hiện Chương trình hành động vì trẻ em\ngiai đoạn 2021 - 2030")(d)),
    ),
    ("vv.size", "cong-van", mutate_size("V/v", 14)),
    ("vv.style", "cong-van", mutate_italic("V/v", True)),
    ("kinh-gui.format", "cong-van", mutate_text("Kính gửi", "Kính gửi")),
    ("kinh-gui.format", "cong-van",
     mutate_text("- Các đơn vị trực thuộc", "+ Các đơn vị trực thuộc Sở")),
    ("kinh-gui.size", "cong-van", mutate_size("Kính gửi", 12)),
    ("kinh-gui.style", "cong-van", mutate_italic("Kính gửi", True)),
    ("body.size", "ke-hoach", _normal(size=12)),
    ("body.align", "ke-hoach", _normal(alignment=LEFT)),
    ("body.indent", "ke-hoach", _first_line("Kinh phí thực hiện", 0)),
    ("body.indent", "ke-hoach", _first_line("Kinh phí thực hiện", 709)),
    ("body.indent", "ke-hoach", _tab_indent),
    ("body.spacing", "ke-hoach", _normal(space_before=Twips(0))),
    ("body.line-spacing", "ke-hoach", _normal(line_spacing=2.0)),
    ("heading.label", "ke-hoach", mutate_text("II. NHIỆM VỤ", "II/ NHIỆM VỤ VÀ GIẢI PHÁP")),
    ("heading.level1", "ke-hoach", mutate_text("II. NHIỆM VỤ", "II. Nhiệm vụ và giải pháp")),
    ("heading.level1", "ke-hoach", _roman_list_heading),
    ("can-cu.style", "quyet-dinh", mutate_italic("Căn cứ Luật", False)),
    (
        "can-cu.punctuation",
        "quyet-dinh",
        mutate_text("Theo đề nghị", "Theo đề nghị của Trưởng phòng Nghiệp vụ Y;"),
    ),
    ("sign.prefix", "ke-hoach", mutate_text("KT. GIÁM ĐỐC", "K/T GIÁM ĐỐC")),
    ("sign.prefix", "ke-hoach", mutate_text("KT. GIÁM ĐỐC", "KT GIÁM ĐỐC")),
    ("sign.authority-style", "ke-hoach", mutate_bold("PHÓ GIÁM ĐỐC", False)),
    ("sign.authority-style", "ke-hoach", mutate_text("PHÓ GIÁM ĐỐC", "Phó Giám đốc")),
    ("sign.size", "ke-hoach", mutate_size("Nguyễn Văn An", 12)),
    ("sign.name-style", "ke-hoach", mutate_text("Nguyễn Văn An", "NGUYỄN VĂN AN")),
    ("sign.name-style", "ke-hoach", mutate_italic("Nguyễn Văn An", True)),
    ("noi-nhan.label", "ke-hoach", mutate_text("Nơi nhận", "Nơi nhận")),
    ("noi-nhan.size", "ke-hoach", mutate_size("Nơi nhận", 14)),
    ("noi-nhan.style", "ke-hoach", mutate_italic("Nơi nhận", False)),
    ("noi-nhan.list-size", "ke-hoach", _list_size),
    ("noi-nhan.list-style", "ke-hoach", mutate_italic("- Giám đốc Sở", True)),
    ("noi-nhan.item", "ke-hoach", mutate_text("- Giám đốc Sở", "- Giám đốc Sở")),
    ("noi-nhan.luu", "ke-hoach", mutate_text("- Lưu", "- Lưu VT.")),
    ("noi-nhan.luu", "ke-hoach", mutate_text("- Lưu", "- Lưu: VT, NVY")),
    ("appendix.page-number", "ke-hoach", _appendix(restart=False)),
    ("appendix.label", "ke-hoach", _then(_appendix(True), mutate_text("Phụ lục", "PHỤ LỤC"))),
    ("appendix.size", "ke-hoach", _then(_appendix(True), mutate_size("Phụ lục", 13))),
    ("appendix.style", "ke-hoach", _then(_appendix(True), mutate_italic("Phụ lục", True))),
    ("appendix.align", "ke-hoach", _then(_appendix(True), _align("DANH SÁCH CÁC", LEFT))),
    ("appendix.title", "ke-hoach", _then(_appendix(True), mutate_bold("DANH SÁCH CÁC", False))),
    ("appendix.title", "ke-hoach", _then(_appendix(True), mutate_size("DANH SÁCH CÁC", 12))),
    ("appendix.reference", "ke-hoach", _then(_appendix(True), mutate_italic("(Kèm theo", False))),
]


def _fix(doc: Document, tmp_path: Path) -> tuple[Path, bytes, FixReport]:
    original = save(doc, tmp_path / "van-ban.docx")
    data = original.read_bytes()
    return original, data, fix_file(original)


@pytest.mark.parametrize(
    ("rule_id", "kind", "mutate"), BREAKS, ids=[f"{r}-{i}" for i, (r, _k, _m) in enumerate(BREAKS)]
)
def test_each_repairable_rule_is_repaired(
    rule_id: str, kind: str, mutate: Mutation, tmp_path: Path
) -> None:
    doc = fresh(kind)
    mutate(doc)
    original, data, report = _fix(doc, tmp_path)
    broken = check_file(original)
    assert rule_id in {f.rule for f in broken if f.severity == ERROR}, summary(broken)

    assert original.read_bytes() == data, "the original must never change"
    assert report.target == tmp_path / "van-ban.sua.docx" and report.target.exists()
    assert report.repairs, "a repair must say what it changed"
    fixed = report.target.read_bytes()
    assert errors(check_file(report.target)) == [], summary(check_file(report.target))
    assert errors(report.after) == []
    accepted = findings_of(accept_all(fixed), tmp_path, "accepted.docx")
    assert errors(accepted) == [], summary(accepted)
    rejected = findings_of(reject_all(fixed), tmp_path, "rejected.docx")
    assert summary(rejected) == summary(broken)

    marks = revisions(fixed)
    assert marks
    assert {m.get(qn("w:author")) for m in marks} == {"vanban"}
    assert all(m.get(qn("w:date")) for m in marks)
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(ids) == len(set(ids))

    assert_still_valid(data, fixed)


def test_a_list_label_is_not_typed_again(tmp_path: Path) -> None:
    """Word draws "II." from the numbering: only the title after it is rewritten."""
    doc = fresh("ke-hoach")
    _roman_list_heading(doc)
    _original, _data, report = _fix(doc, tmp_path)
    assert report.target is not None
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(accept_all(report.target.read_bytes()))
    texts = [p.text for p in read_document(accepted).anatomy.body]
    assert "II. NHIỆM VỤ VÀ GIẢI PHÁP" in texts, texts


MANY: list[Mutation] = [
    _margin("left", 1134), _margin("top", 850), _letter, _arial,
    lambda d: _clear_runs(_header_para(d)),
    mutate_text("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam"), mutate_size("Độc lập", 12),
    _no_agency_rule, mutate_text("Số:", "Số 5 / KH - SYT"),
    mutate_text("Long An,", "Long An, ngày 5/1/2021"),
    _align("KẾ HOẠCH", LEFT), _normal(size=12, alignment=LEFT),
    _normal(space_before=Twips(0)), _tab_indent,
    mutate_text("II. NHIỆM VỤ", "II/ Nhiệm vụ và giải pháp"),
    mutate_text("KT. GIÁM ĐỐC", "K/T GIÁM ĐỐC"), mutate_text("Nguyễn Văn An", "NGUYỄN VĂN AN"),
    mutate_text("Nơi nhận", "NƠI NHẬN"), _list_size, mutate_text("- Lưu", "- Lưu VT, NVY;"),
]


def test_many_departures_at_once(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    for mutate in MANY:
        mutate(doc)
    original, data, report = _fix(doc, tmp_path)
    broken = check_file(original)
    assert len({f.rule for f in broken if f.severity == ERROR}) >= 18, summary(broken)
    assert report.target is not None
    fixed = report.target.read_bytes()
    assert errors(check_file(report.target)) == []
    assert errors(findings_of(accept_all(fixed), tmp_path, "accepted.docx")) == []
    assert summary(findings_of(reject_all(fixed), tmp_path, "rejected.docx")) == summary(broken)
    assert_still_valid(data, fixed)


def test_header_number_and_header_font_together(tmp_path: Path) -> None:
    """The number goes into the header's empty paragraph, Arial in the header is repaired too."""
    doc = fresh("ke-hoach")
    _clear_runs(_header_para(doc))
    draft_note = doc.sections[0].header.add_paragraph()
    draft_note.add_run("Dự thảo").font.name = "Arial"
    original, _data, report = _fix(doc, tmp_path)
    assert {"page-number.missing", "font.family"} <= {f.rule for f in check_file(original)}
    assert report.target is not None
    assert errors(check_file(report.target)) == []


def test_revisions_by_others_are_kept(tmp_path: Path) -> None:
    """A draft already under review: the fixer adds its revisions and touches no one else's."""
    doc = fresh("ke-hoach")
    para = find(doc, "Kinh phí thực hiện")
    run = para.runs[0]._r
    theirs = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="7" w:author="Trần Thị Bình" w:date="2026-01-05T08:00:00Z"/>'
    )
    run.addprevious(theirs)
    theirs.append(run)
    _normal(size=12)(doc)
    set_size(para, 12)
    _original, data, report = _fix(doc, tmp_path)
    assert report.target is not None
    fixed = report.target.read_bytes()
    marks = revisions(fixed)
    assert [m.get(qn("w:author")) for m in marks].count("Trần Thị Bình") == 1
    assert errors(check_file(report.target)) == []
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(ids) == len(set(ids))
    assert_still_valid(data, fixed)


def test_every_repairable_rule_is_broken_once() -> None:
    assert repairable() <= set(RULES), repairable() - set(RULES)
    assert repairable() <= {rule_id for rule_id, _kind, _mutate in BREAKS}


def test_revisions_nest_where_the_schema_wants_them(tmp_path: Path) -> None:
    """pPrChange last in pPr, rPrChange last in rPr, sectPrChange last in sectPr."""
    doc = fresh("ke-hoach")
    _margin("left", 1134)(doc)
    _normal(size=12, alignment=LEFT)(doc)
    _original, _data, report = _fix(doc, tmp_path)
    assert report.target is not None
    with zipfile.ZipFile(report.target) as package:
        xml = package.read("word/document.xml")
    from lxml import etree

    root = etree.fromstring(xml)
    for tag, parent in (("pPrChange", "pPr"), ("rPrChange", "rPr"), ("sectPrChange", "sectPr")):
        found = list(root.iter(qn(f"w:{tag}")))
        assert found, tag
        for change in found:
            assert change.getparent().tag == qn(f"w:{parent}")
            assert change.getparent()[-1] is change


# =========================================================================== real documents

REAL = ROOT / "tests" / "fixtures" / "real-docs"
# Adding the page numbers the decree wants makes appendices judged on theirs: a section
# break before each appendix is a person's call (where it starts, what it restarts).
EXPOSED_BY_PAGE_NUMBERS = {"appendix.page-number"}


def needs_person(finding: Finding) -> bool:
    """A repairable rule's case the fixer rightly leaves: a blank of the decree's sample
    form ("…3..."), an archive line that does not name the Văn thư, an appendix that
    needs a section break (where, and what becomes of the page break there)."""
    blank = re.search(r"…|\.{3,}", finding.found + finding.excerpt)
    return (
        bool(blank)
        or (finding.rule == "noi-nhan.luu" and "VT" not in finding.found)
        or (finding.rule == "appendix.page-number" and "không bắt đầu phần" in finding.found)
    )


@pytest.mark.parametrize("doc", sorted(REAL.glob("*.docx")), ids=lambda p: p.name[:2])
def test_real_documents(doc: Path, tmp_path: Path) -> None:
    source = tmp_path / doc.name
    shutil.copy(doc, source)
    data = source.read_bytes()
    before = check_file(source)
    report = fix_file(source)
    assert source.read_bytes() == data
    repairable_errors = [f for f in before if f.severity == ERROR and f.rule in repairable()]
    if report.target is None:
        assert all(needs_person(f) for f in repairable_errors), summary(repairable_errors)
        return
    fixed = report.target.read_bytes()
    for findings in (check_file(report.target), findings_of(accept_all(fixed), tmp_path, "a.docx")):
        left = [f for f in findings if f.severity == ERROR and f.rule in repairable()]
        assert all(needs_person(f) for f in left), summary(left)
        new = {f.rule for f in findings if f.severity == ERROR} - {
            f.rule for f in before if f.severity == ERROR
        }
        assert new <= EXPOSED_BY_PAGE_NUMBERS, new
    assert summary(findings_of(reject_all(fixed), tmp_path, "r.docx")) == summary(before)
    assert_still_valid(data, fixed)


# =========================================================================== judgement left


def test_what_needs_judgement_is_listed_not_guessed(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "Nguyễn Văn An"), "TS. Nguyễn Văn An")  # sector rules may allow it
    set_text(find(doc, "Số:"), "Số: 12/QĐ-SYT")  # which is right, the type or the symbol?
    _normal(size=12)(doc)
    original, _data, report = _fix(doc, tmp_path)
    assert report.target is not None
    left = {f.rule for f in report.left}
    assert left == {"sign.academic-title", "kyhieu.type"}
    fixed = check_file(report.target)
    assert "TS. Nguyễn Văn An" in {f.excerpt for f in fixed}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--fix", str(original)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Không tự sửa được" in run.stdout
    assert "[sign.academic-title]" in run.stdout and "[kyhieu.type]" in run.stdout
    assert "Traceback" not in run.stderr


def test_spelled_out_authority_is_not_rewritten(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "KT. GIÁM ĐỐC"), "THAY MẶT GIÁM ĐỐC")
    _original, _data, report = _fix(doc, tmp_path)
    assert report.target is None
    assert {f.rule for f in report.left} == {"sign.prefix"}


def test_a_correct_document_gets_no_copy(tmp_path: Path) -> None:
    original = save(fresh("cong-van"), tmp_path / "dung.docx")
    report = fix_file(original)
    assert report.target is None and report.repairs == []
    assert list(tmp_path.iterdir()) == [original]


# =========================================================================== text normalisers


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("Hà Nội, ngày 5 tháng 1 năm 2024", "Hà Nội, ngày 05 tháng 01 năm 2024"),
        ("Hà Nội, ngày 15 tháng 03 năm 2024", "Hà Nội, ngày 15 tháng 3 năm 2024"),
        ("Hà Nội, ngày 05/02/2024", "Hà Nội, ngày 05 tháng 02 năm 2024"),
        ("Lào Cai, ngày 3 tháng 4năm 2026", "Lào Cai, ngày 03 tháng 4 năm 2026"),
        ("hà Nội ngày 29 tháng 12 năm 2023", "Hà Nội, ngày 29 tháng 12 năm 2023"),
        ("TP. HCM, ngày 05 tháng 01 năm 2021", "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2021"),
        ("Hà Nội, ngày      tháng 3 năm 2021", "Hà Nội, ngày      tháng 3 năm 2021"),
        ("…4..., ngày …… tháng …. năm ……", None),  # a blank form: nothing to write
        ("TP. Vinh, ngày 05 tháng 01 năm 2021", None),  # which official name? a person knows
        ("Hà Nội, ngày 32 tháng 1 năm 2024", None),
        ("Hà Nội, ngày 5 tháng 1 năm 24", None),
    ],
)
def test_date_line(typed: str, wanted: str | None) -> None:
    assert normal_date(typed) == wanted


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("Số: 5/KH-UBND", "Số: 05/KH-UBND"),
        ("Số 12 / KH - UBND", "Số: 12/KH-UBND"),
        ("SỐ: 12/KH-UBND", "Số: 12/KH-UBND"),
        ("Số:      /KH-UBND", "Số:      /KH-UBND"),
        ("Số: /QĐ-…3...", None),
        ("Số: 12/KH UBND", None),
    ],
)
def test_so_line(typed: str, wanted: str | None) -> None:
    assert normal_so(typed) == wanted


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("K/T GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
        ("T/M ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
        ("KT GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
        ("KT.GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
        ("Kt. GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
        ("QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ", None),  # words, not a prefix
        ("THAY MẶT ỦY BAN NHÂN DÂN", None),
        ("KT. GIÁM ĐỐC", None),
    ],
)
def test_signing_prefix(typed: str, wanted: str | None) -> None:
    assert fixed_prefix(typed) == wanted


@pytest.mark.parametrize(
    ("typed", "end", "wanted"),
    [
        ("+ Sở Y tế,", ";", "- Sở Y tế;"),
        ("- Sở Y tế", ";", "- Sở Y tế;"),
        ("-Sở Y tế.", ".", "- Sở Y tế."),
        ("Sở Y tế;", ";", None),  # no bullet: maybe the rest of the line above
    ],
)
def test_recipient_item(typed: str, end: str, wanted: str | None) -> None:
    assert item_text(typed, end) == wanted


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("- Lưu VT.", "- Lưu: VT."),
        ("- Lưu: VT, NVY", "- Lưu: VT, NVY."),
        ("- Lưu: VT,NVY;", "- Lưu: VT, NVY."),
        ("- Lưu: ĐKT, CN(Loan).", None),  # no Văn thư named: which unit files it?
    ],
)
def test_archive_line(typed: str, wanted: str | None) -> None:
    assert normal_luu(typed) == wanted


# =========================================================================== the copy's name


def test_copy_never_overwrites_a_file(tmp_path: Path) -> None:
    source = tmp_path / "cong-van.docx"
    source.write_bytes(b"original")
    edited = tmp_path / "cong-van.sua.docx"
    edited.write_bytes(b"edited by hand since")
    first = write_new(source, b"one")
    second = write_new(source, b"two")
    assert (first.name, second.name) == ("cong-van.sua-2.docx", "cong-van.sua-3.docx")
    assert edited.read_bytes() == b"edited by hand since"
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cong-van.docx", "cong-van.sua-2.docx", "cong-van.sua-3.docx", "cong-van.sua.docx"
    ]
    assert copy_names(tmp_path / "a.b.DOCX")[0].name == "a.b.sua.docx"


# =========================================================================== the command line


def _vanban(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_command_fixes_beside_the_original(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    _margin("left", 1134)(doc)
    mutate_size("CỘNG HÒA", 14)(doc)
    original = save(doc, tmp_path / "ke-hoach.docx")
    data = original.read_bytes()
    run = _vanban("check", "--fix", str(original), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "đã ghi bản sửa" in run.stdout and "ke-hoach.sua.docx" in run.stdout
    assert "lề trái 20,0 mm → 30,0 mm" in run.stdout
    assert "cỡ chữ 14 pt → 13 pt" in run.stdout
    assert original.read_bytes() == data
    again = _vanban("check", "--fix", str(original), cwd=tmp_path)
    assert again.returncode == 0
    assert (tmp_path / "ke-hoach.sua-2.docx").exists()
    folder = _vanban("check", "--fix", str(tmp_path), "--format", "json", cwd=tmp_path)
    report = json.loads(folder.stdout)
    assert [Path(f["path"]).name for f in report["files"]] == ["ke-hoach.docx"]
    assert report["files"][0]["errors_before"] >= 2 and report["files"][0]["errors"] == 0


def test_command_exit_statuses(tmp_path: Path) -> None:
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    run = _vanban("check", "--fix", str(broken), cwd=tmp_path)
    assert run.returncode == 2
    assert "hong.docx" in run.stderr and "Traceback" not in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["hong.docx"]
    good = save(fresh("cong-van"), tmp_path / "dung.docx")
    run = _vanban("check", "--fix", str(good), cwd=tmp_path)
    assert run.returncode == 0
    assert "không có lỗi nào sửa tự động được" in run.stdout
    help_text = _vanban("check", "-h", cwd=tmp_path).stdout
    assert "--fix" in help_text and ".sua.docx" in help_text


# =========================================================================== LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_fixed_copy_opens_and_prints_in_libreoffice(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    _no_tieu_ngu(doc)
    _normal(size=12, alignment=LEFT)(doc)
    _clear_runs(_header_para(doc))
    mutate_text("Long An,", "Long An, ngày 5 tháng 1 năm 2021")(doc)
    _original, _data, report = _fix(doc, tmp_path)
    assert report.target is not None
    out = tmp_path / "pdf"
    run = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
         "--convert-to", "pdf", "--outdir", str(out), str(report.target)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = out / "van-ban.sua.pdf"
    assert pdf.exists(), run.stdout + run.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
