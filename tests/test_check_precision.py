"""The causes of false and missed findings found on real documents (issue 12), one by one.

`vanban check` was run on real documents of provincial agencies; each cause of a
false finding or a missed departure listed there has here its own small document,
built in code from the correct document of :mod:`tests.docx_factory` and changed
the way the real files were.  The real files themselves are judged in
tests/test_real_docs.py.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.check import Finding, check_file, read_document
from tests.docx_factory import (
    correct_bytes,
    find,
    page_field,
    save,
    set_font,
    set_text,
)
from tests.test_layout_check import add_appendix


def fresh(kind: str) -> Document:
    """A new copy of the correct document of ``kind``."""
    return docx.Document(io.BytesIO(correct_bytes(kind)))


def check(doc: Document, tmp_path: Path, name: str = "doc.docx") -> list[Finding]:
    return check_file(save(doc, tmp_path / name))


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _clear_runs(p: DocxParagraph) -> None:
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)


def _longer(doc: Document) -> None:
    """Two page breaks in the body: the plan runs to at least three pages."""
    for start in ("Cụ thể hóa", "Kinh phí thực hiện"):
        find(doc, start).runs[-1].add_break(WD_BREAK.PAGE)


# =========================================================================== headers and footers


def test_even_footer_is_not_printed_without_even_and_odd_pages(tmp_path: Path) -> None:
    """A PAGE field in the even footer of a file whose settings leave even pages off."""
    doc = fresh("ke-hoach")
    page_field(doc.sections[0].even_page_footer.paragraphs[0])
    assert check(doc, tmp_path) == []


def test_even_footer_is_printed_with_even_and_odd_pages(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    page_field(doc.sections[0].even_page_footer.paragraphs[0])
    doc.settings.odd_and_even_pages_header_footer = True
    assert rule_ids(check(doc, tmp_path)) == {"page-number.footer"}


def test_only_the_even_header_is_numbered(tmp_path: Path) -> None:
    """Even pages on, the number only in the even header: odd pages print none."""
    doc = fresh("ke-hoach")
    _longer(doc)
    section = doc.sections[0]
    _clear_runs(section.header.paragraphs[0])
    even = section.even_page_header.paragraphs[0]
    even.alignment = section.header.paragraphs[0].alignment
    page_field(even)
    doc.settings.odd_and_even_pages_header_footer = True
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "page-number.missing"
    assert finding.found.startswith("chỉ trang chẵn có số trang")


def test_even_pages_without_their_header_are_unnumbered(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    _longer(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "page-number.missing"
    assert finding.found.startswith("trang chẵn không có số trang")


def test_a_section_inherits_the_headers_of_the_previous_one(tmp_path: Path) -> None:
    """The page number of section 1 also numbers section 2, which names no header of its own."""
    doc = fresh("ke-hoach")
    doc.add_section()
    doc.add_paragraph("Nội dung phần sau.")
    findings = check(doc, tmp_path)
    assert not {"page-number.missing", "page-number.first-page"} & rule_ids(findings)


def test_numbering_from_the_second_section_on(tmp_path: Path) -> None:
    """Page 1 is a section of its own without header; the pages after it, numbered, another."""
    doc = fresh("ke-hoach")
    last = doc.sections[0]._sectPr
    first = copy.deepcopy(last)
    for ref in first.findall(qn("w:headerReference")) + first.findall(qn("w:titlePg")):
        first.remove(ref)
    find(doc, "Cụ thể hóa")._p.get_or_add_pPr().append(first)
    for title_page in last.findall(qn("w:titlePg")):
        last.remove(title_page)
    assert check(doc, tmp_path) == []


def test_a_header_never_printed_is_not_judged(tmp_path: Path) -> None:
    """A one-page letter whose only page number sits in the even header, in Calibri 11."""
    doc = fresh("cong-van")
    section = doc.sections[0]
    _clear_runs(section.header.paragraphs[0])
    even = section.even_page_header.paragraphs[0]
    page_field(even, 11)
    for run in even.runs:
        run.font.name = "Calibri"
    doc.settings.odd_and_even_pages_header_footer = True
    assert check(doc, tmp_path) == []


# =========================================================================== spacing and sizes


@pytest.mark.parametrize(
    ("rule", "points", "size", "reported"),
    [
        ("exact", 17, 14, False),  # 1.06 lines
        ("exact", 20, 14, False),  # 1.24 lines
        ("exact", 19.5, 13, False),  # 1.30 lines
        ("exact", 24, 14, False),  # 1.49 lines
        ("exact", 13, 14, True),  # 0.81 lines: the lines overlap
        ("exact", 28, 14, True),  # 1.74 lines
        ("atLeast", 12, 14, False),  # never less than one line
        ("atLeast", 30, 14, True),  # 1.86 lines
    ],
)
def test_exact_line_spacing_is_judged_in_lines(
    rule: str, points: float, size: float, reported: bool, tmp_path: Path
) -> None:
    doc = fresh("ke-hoach")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    normal.paragraph_format.line_spacing = Pt(points)
    if rule == "atLeast":
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    findings = check(doc, tmp_path)
    assert rule_ids(findings) == ({"body.line-spacing"} if reported else set())
    if reported:
        kind = "cố định" if rule == "exact" else "tối thiểu"
        assert findings[0].found.endswith(f"({kind} {points:g} pt)")


def test_thirteen_and_fourteen_point_text_may_be_mixed(tmp_path: Path) -> None:
    """13 pt headings in 14 pt text: both sizes are inside the decree's range."""
    doc = fresh("ke-hoach")
    for start in ("I. MỤC ĐÍCH", "II. NHIỆM VỤ", "Kinh phí thực hiện"):
        for run in find(doc, start).runs:
            run.font.size = Pt(13)
    assert check(doc, tmp_path) == []


# =========================================================================== alignment and indents


def _insert_after(p: DocxParagraph, text: str) -> DocxParagraph:
    """A new body paragraph right after ``p``, in the Normal style (justified, indented)."""
    new = OxmlElement("w:p")
    p._p.addnext(new)
    para = DocxParagraph(new, p._parent)
    para.add_run(text)
    return para


def test_one_line_paragraphs_print_the_same_left_or_justified(tmp_path: Path) -> None:
    """A one-line heading left-aligned; a caption and a formula centred on purpose."""
    doc = fresh("ke-hoach")
    find(doc, "1. Mục đích").alignment = WD_ALIGN_PARAGRAPH.LEFT
    caption = _insert_after(find(doc, "Cụ thể hóa"), "(Chi tiết tại Phụ lục kèm theo)")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    formula = _insert_after(caption, "Tỷ lệ = Số trẻ được tiêm / Tổng số trẻ x 100%")
    formula.alignment = WD_ALIGN_PARAGRAPH.CENTER
    assert check(doc, tmp_path) == []


def test_a_left_aligned_paragraph_of_several_lines_is_reported(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    find(doc, "Cụ thể hóa").alignment = WD_ALIGN_PARAGRAPH.LEFT
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found) == ("body.align", "căn trái")


def test_end_mark_on_its_own_line_needs_no_indent(tmp_path: Path) -> None:
    """The decree's samples put "./." on a line of its own."""
    doc = fresh("cong-van")
    last = find(doc, "Đề nghị các đơn vị")
    last.runs[0].text = "Đề nghị các đơn vị quan tâm, phối hợp thực hiện"
    mark = _insert_after(last, "./.")
    mark.paragraph_format.first_line_indent = Twips(0)
    assert check(doc, tmp_path) == []


# =========================================================================== fonts


def _fonts(doc: Document, start: str, **slots: str) -> None:
    for run in find(doc, start).runs:
        rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for slot, name in slots.items():
            rfonts.set(qn(f"w:{slot}"), name)


def test_the_complex_script_font_is_not_judged(tmp_path: Path) -> None:
    """w:cs serves Arabic, Hebrew or Thai; no Vietnamese letter is drawn with it."""
    doc = fresh("ke-hoach")
    _fonts(doc, "Kinh phí thực hiện", cs="Arial", cstheme="minorBidi")
    assert check(doc, tmp_path) == []


@pytest.mark.parametrize(
    "name", ["Times New Roman Bold", "TimesNewRomanPS-BoldMT", "Times New Roman,Italic"]
)
def test_converter_face_names_are_times_new_roman(name: str, tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    _fonts(doc, "Kinh phí thực hiện", ascii=name, hAnsi=name)
    assert check(doc, tmp_path) == []


@pytest.mark.parametrize("name", ["VNI-Times", ".VnTime", "Times"])
def test_other_faces_are_still_reported(name: str, tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    _fonts(doc, "Kinh phí thực hiện", hAnsi=name)
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found) == ("font.family", name)


# =========================================================================== Nơi nhận

ITEMS = ("- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, NVY.")  # the công văn's recipients


def _join_items(doc: Document, size: float = 11, separator: str = "br") -> DocxParagraph:
    """Move the recipients into the label's paragraph, after a line break or tabs."""
    label = find(doc, "Nơi nhận")
    for n, item in enumerate(ITEMS):
        if separator == "br" or n > 0:
            label.runs[-1].add_break()
        else:
            label.add_run("\t\t   ")
        run = label.add_run(item)
        run.font.size, run.font.bold, run.font.italic = Pt(size), False, False
        find(doc, item)._p.getparent().remove(find(doc, item)._p)
    return label


def test_recipients_joined_by_line_breaks(tmp_path: Path) -> None:
    doc = fresh("cong-van")
    _join_items(doc)
    assert check(doc, tmp_path) == []


def test_label_and_first_recipient_in_one_line(tmp_path: Path) -> None:
    """ "Nơi nhận:<tabs>- Như trên;": the label is 12 pt, bold italic; the item is not."""
    doc = fresh("cong-van")
    _join_items(doc, separator="tabs")
    assert check(doc, tmp_path) == []


def test_small_recipients_hidden_by_line_breaks_are_reported(tmp_path: Path) -> None:
    doc = fresh("cong-van")
    _join_items(doc, size=8)
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found) == ("noi-nhan.list-size", "8 pt")


@pytest.mark.parametrize(
    ("line", "accepted"),
    [
        ("- Lưu: VT, CN(M.Cường).", True),
        ("- Lưu: VT, NLN.M.Cường.", True),
        ("- Lưu: VT, TCCB (2).", True),
        ("-  Lưu: VT,NVY.", True),  # spaces do not show in print
        ("- Lưu: VT, NVY..", False),
        ("- Lưu: VT, NVY. Thu.", False),
        ("- Lưu: VT; NVY.", False),
    ],
)
def test_initials_in_the_archive_line(line: str, accepted: bool, tmp_path: Path) -> None:
    doc = fresh("cong-van")
    find(doc, "- Lưu").runs[0].text = line
    assert rule_ids(check(doc, tmp_path)) == (set() if accepted else {"noi-nhan.luu"})


def _label_in_two_runs(doc: Document, second: str, italic: bool) -> None:
    label = find(doc, "Nơi nhận")
    label.runs[0].text = "Nơi nhận:"[: -len(second)]
    run = label.add_run(second)
    run.font.size, run.font.bold, run.font.italic = Pt(12), True, italic


def test_found_and_required_never_read_the_same(tmp_path: Path) -> None:
    """ "nhận:" upright: the finding says the label is partly italic, not "nghiêng, đậm"."""
    doc = fresh("cong-van")
    _label_in_two_runs(doc, "nhận:", italic=False)
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "noi-nhan.style"
    assert (finding.found, finding.expected) == ("nghiêng một phần, đậm", "nghiêng, đậm")


def test_an_upright_colon_after_the_label_does_not_show(tmp_path: Path) -> None:
    doc = fresh("cong-van")
    _label_in_two_runs(doc, ":", italic=False)
    assert check(doc, tmp_path) == []


def _with_kinh_gui(title: str, symbol: str) -> Document:
    """A document with a type name that also has "Kính gửi" and no "- Như trên;"."""
    doc = fresh("ke-hoach")
    find(doc, "KẾ HOẠCH").runs[0].text = title
    find(doc, "Số:").runs[0].text = f"Số: 12/{symbol}-SYT"
    summary = find(doc, "Thực hiện Chương trình")
    kinh_gui = OxmlElement("w:p")
    summary._p.getnext().addnext(kinh_gui)  # after the rule under the summary
    para = DocxParagraph(kinh_gui, summary._parent)
    para.add_run("Kính gửi: Các đơn vị trực thuộc Sở.")
    para.paragraph_format.first_line_indent = Twips(0)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


@pytest.mark.parametrize(
    ("title", "symbol", "expected"),
    [
        ("GIẤY MỜI", "GM", set()),
        ("THÔNG BÁO", "TB", set()),
        ("BÁO CÁO", "BC", {"noi-nhan.nhu-tren"}),
    ],
)
def test_nhu_tren_only_where_the_decree_asks_for_it(
    title: str, symbol: str, expected: set[str], tmp_path: Path
) -> None:
    """II.9.b: công văn, tờ trình and báo cáo open their Nơi nhận with "- Như trên;"."""
    findings = check(_with_kinh_gui(title, symbol), tmp_path)
    assert rule_ids(findings) == expected, [(f.rule, f.found) for f in findings]


# =========================================================================== parts misread


def test_an_appendix_is_not_body_text(tmp_path: Path) -> None:
    """Centred heading, capitals, no indent, a table: right for a Phụ lục, wrong for the text."""
    doc = fresh("ke-hoach")
    add_appendix(doc)
    add_appendix(doc, "II")
    assert check(doc, tmp_path) == []
    facts = read_document(tmp_path / "doc.docx")
    assert [a.heading.text for a in facts.anatomy.appendices] == ["Phụ lục I", "Phụ lục II"]
    assert facts.anatomy.body[-1].text.endswith("./.")


def test_the_appendix_ends_the_text_when_the_signature_is_not_recognised(tmp_path: Path) -> None:
    """No Nơi nhận, and only the agency's name where the signature should be."""
    doc = fresh("ke-hoach")
    for start in ("Nơi nhận", "- UBND", "- Giám đốc", "- Lưu", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"):
        set_text(find(doc, start), "")
    set_text(find(doc, "KT. GIÁM ĐỐC"), "SỞ Y TẾ")
    add_appendix(doc)
    assert rule_ids(check(doc, tmp_path)) == {"sign.missing", "noi-nhan.missing"}


def test_several_appendices_are_numbered_in_roman(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    add_appendix(doc, "1")
    add_appendix(doc, "2")
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found, finding.expected) == (
        "appendix.label",
        "Phụ lục 1",
        "Phụ lục I",
    )
    assert finding.location == "phụ lục (và 1 chỗ khác)"


def test_an_appendix_in_the_section_of_the_text_is_numbered_with_it(tmp_path: Path) -> None:
    """The heading opens no section of its own: its pages cannot be numbered from 1."""
    doc = fresh("ke-hoach")
    add_appendix(doc, new_section=False)
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "appendix.page-number"
    assert finding.found.startswith("phụ lục không bắt đầu phần (section) mới")


def test_a_second_title_under_the_signer_is_misplaced_not_a_name(tmp_path: Path) -> None:
    """ "Hoàng Văn Thuân" then "PHÓ GIÁM ĐỐC SỞ CÔNG THƯƠNG": the name is found, the title
    under it is reported, and nothing says the name is missing or not in capitals."""
    doc = fresh("ke-hoach")
    cell = doc.tables[-1].cell(0, 1)
    title = cell.add_paragraph()
    set_font(title.add_run("PHÓ GIÁM ĐỐC SỞ Y TẾ"), size=14, bold=True)
    title.style = doc.styles["Cell"]
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.location) == ("sign.order", "chữ ký (ô 7b)")
    assert read_document(tmp_path / "doc.docx").anatomy.signer.text == "Nguyễn Văn An"


def _shape(xml: str) -> Any:
    return parse_xml(
        f"<w:drawing {nsdecls('w')} "
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"{xml}</w:drawing>"
    )


def _anchor(cx: int, cy: int, geometry: str) -> str:
    return (
        '<wp:anchor behindDoc="1" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="3"><wp:simplePos x="0" '
        'y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:wrapNone/><wp:docPr id="9" name="Graphic 6"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:spPr>{geometry}</wps:spPr><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor>"
    )


FREEFORM = (
    '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
    '<a:pathLst><a:path w="1299210"><a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo>'
    '<a:pt x="1299210" y="0"/></a:lnTo></a:path></a:pathLst></a:custGeom>'
)


def test_rule_under_the_summary_drawn_as_a_freeform_shape(tmp_path: Path) -> None:
    """A "Graphic" whose path goes from (0, 0) to (w, 0), 1.25 mm high, as converters draw."""
    doc = fresh("ke-hoach")
    rule = DocxParagraph(find(doc, "Thực hiện Chương trình")._p.getnext(), doc._body)
    for border in rule._p.pPr.findall(qn("w:pBdr")):
        rule._p.pPr.remove(border)
    rule.add_run()._r.append(_shape(_anchor(1624965, 45085, FREEFORM)))
    assert check(doc, tmp_path) == []


def test_a_connector_of_no_width_is_not_the_rule(tmp_path: Path) -> None:
    """An empty connector anchored before the real line under the agency's name."""
    doc = fresh("ke-hoach")
    connector = '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
    find(doc, "SỞ Y TẾ").add_run()._r.append(_shape(_anchor(0, 12700, connector)))
    assert check(doc, tmp_path) == []


def test_so_line_with_a_placeholder_symbol(tmp_path: Path) -> None:
    """The decree's samples write "Số:   /…3...-...4...": still the Số line, not an agency."""
    doc = fresh("ke-hoach")
    set_text(find(doc, "Số:"), "Số:        /…3...-...4...")
    findings = check(doc, tmp_path)
    assert rule_ids(findings) == {"so.format"}
    assert read_document(tmp_path / "doc.docx").anatomy.agency[-1].text == "SỞ Y TẾ"


def test_signature_note_over_two_lines_is_not_an_authority(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    cell = doc.tables[-1].cell(0, 1)
    empty = [p for p in cell.paragraphs if not p.text.strip()]
    note = ("(Chữ ký của người có thẩm quyền,", "dấu/chữ ký số của cơ quan, tổ chức)")
    for p, text in zip(empty[1:3], note, strict=True):
        set_font(p.add_run(text), size=13, italic=True)
    set_text(find(doc, "KT. GIÁM ĐỐC"), "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ")
    assert check(doc, tmp_path) == []


def test_a_note_in_parentheses_after_a_heading(tmp_path: Path) -> None:
    """ "III. KINH PHÍ THỰC HIỆN (theo dự toán được duyệt)": the note is not the title."""
    doc = fresh("ke-hoach")
    heading = find(doc, "III. KINH PHÍ")
    note = heading.add_run(" (theo dự toán được duyệt)")
    note.font.italic, note.font.bold = True, False
    assert check(doc, tmp_path) == []


def test_points_start_again_under_a_decimal_subsection(tmp_path: Path) -> None:
    """ "2.1." between b) and a new a): the points of 2.1 are numbered from a)."""
    doc = fresh("ke-hoach")
    sub = _insert_after(find(doc, "b) Lồng ghép"), "2.1. Về thời gian")
    _insert_after(sub, "a) Hoàn thành trước ngày 15 tháng 12 hằng năm.")
    assert check(doc, tmp_path) == []


def test_an_indent_typed_with_a_tab_says_so(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    para = find(doc, "Kinh phí thực hiện")
    para.paragraph_format.first_line_indent = Twips(0)
    para.runs[0].text = "\t" + para.runs[0].text
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "body.indent"
    assert finding.found == "0,00 cm (lùi bằng phím Tab, không phải thụt lề đầu dòng)"


def test_quoted_articles_are_not_the_documents_headings(tmp_path: Path) -> None:
    """A law cited word for word keeps its own numbering ("1.", "3.") inside the quotation."""
    doc = fresh("ke-hoach")
    before = find(doc, "Cụ thể hóa")
    first = _insert_after(before, "“1. Nhà nước quản lý theo quy định của pháp luật;")
    _insert_after(first, "3. Bảo đảm thực hiện đầy đủ các cam kết.”")
    assert check(doc, tmp_path) == []


def test_a_sentence_naming_the_republic_does_not_extend_the_header(tmp_path: Path) -> None:
    """Body text that quotes "nước Cộng hòa xã hội chủ nghĩa Việt Nam" is still body text."""
    doc = fresh("cong-van")
    first = find(doc, "Thực hiện Kế hoạch")
    set_text(first, "1. Quyền của công dân nước Cộng hòa xã hội chủ nghĩa Việt Nam.")
    for run in first.runs:
        run.font.size = Pt(12)
    findings = check(doc, tmp_path)
    assert ("body.size", "12 pt") in {(f.rule, f.found) for f in findings}
    assert read_document(tmp_path / "doc.docx").anatomy.kinh_gui is not None


def test_spaces_in_the_motto_print_as_one_gap(tmp_path: Path) -> None:
    """Two spaces around a hyphen print as one gap; a missing space shows."""
    doc = fresh("ke-hoach")
    set_text(find(doc, "Độc lập"), "Độc lập  -  Tự do - Hạnh phúc")
    assert check(doc, tmp_path) == []
    set_text(find(doc, "Độc lập"), "Độc lập -Tự do - Hạnh phúc")
    assert rule_ids(check(doc, tmp_path)) == {"tieu-ngu.text"}


def test_a_turned_page_may_keep_the_margins_of_the_sheet(tmp_path: Path) -> None:
    """A landscape annex: top 30, bottom 15, left and right 20 mm are the portrait ones turned;
    a left margin of 17 mm is narrow either way."""
    doc = fresh("ke-hoach")
    add_appendix(doc)
    annex = doc.sections[-1]
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Twips(16838), Twips(11906)
    annex.top_margin, annex.bottom_margin = Twips(1701), Twips(850)
    annex.left_margin = annex.right_margin = Twips(1134)
    assert check(doc, tmp_path) == []
    annex.left_margin = Twips(964)
    assert rule_ids(check(doc, tmp_path)) == {"margin.left"}


def test_can_cu_paragraphs_of_a_cong_van_are_its_text(tmp_path: Path) -> None:
    """A công văn has no căn cứ ban hành: its "Căn cứ …" paragraphs are ordinary text."""
    doc = fresh("cong-van")
    first = find(doc, "Thực hiện Kế hoạch")
    set_text(first, "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016,")
    _insert_after(first, "Căn cứ Kế hoạch số 55/KH-UBND ngày 30 tháng 7 năm 2021:")
    assert check(doc, tmp_path) == []


# =========================================================================== departures missed


def test_dieu_written_with_a_colon(tmp_path: Path) -> None:
    doc = fresh("quyet-dinh")
    dieu = find(doc, "Điều 2.")
    dieu.runs[0].text = "Điều 2: "
    (finding,) = check(doc, tmp_path)
    assert (finding.rule, finding.found, finding.expected) == (
        "heading.label",
        "Điều 2:",
        "Điều 2. (điều)",
    )


def test_no_page_size_at_all(tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    sect = doc.sections[0]._sectPr
    for element in sect.findall(qn("w:pgSz")) + sect.findall(qn("w:pgMar")):
        sect.remove(element)
    (finding,) = check(doc, tmp_path)
    assert finding.rule == "page.size"
    assert finding.found.startswith("không đặt khổ giấy (w:pgSz) và lề (w:pgMar)")


@pytest.mark.parametrize(
    "date", ["Long An, ngày 05 tháng 01năm 2021", "Long An, ngày 05tháng 01 năm 2021"]
)
def test_a_missing_space_in_the_date(date: str, tmp_path: Path) -> None:
    doc = fresh("ke-hoach")
    set_text(find(doc, "Long An,"), date)
    assert rule_ids(check(doc, tmp_path)) == {"date.format"}
