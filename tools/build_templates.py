"""Build the shipped Word templates in ``templates/`` from this script.

A .docx is binary, so its layout is reviewed here, as code: every size, margin, indent
and rule of Nghị định 30/2020 (Phụ lục I) that a template carries is set in this file and
nowhere else. vanban's code supplies only text. Run after changing this file:

    .venv/bin/python tools/build_templates.py

``tests/test_plan.py`` fails when a committed template differs from what this script
builds, so the two cannot drift apart; ``tests/test_ooxml_schema.py`` fails when one does
not validate against the ECMA-376 schemas (Word reads element order strictly: insert
children with ``insert_in_order``, never ``append``). The templates stay ordinary .docx files:
staff may open them in Word, and a province may ship its own edited copy.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from generator.output.header_fit import HEADER_LEFT_VARIABLE
from generator.output.schema_order import insert_in_order, set_in_order

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FONT = "Times New Roman"

# Phụ lục I, I.1 and I.5: A4, top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(20), "bottom": Mm(20),
        "left": Mm(30), "right": Mm(15), "header": Mm(10)}
TEXT_WIDTH = Mm(210 - 30 - 15)
# Header columns: about 43 % | 57 % of the text width, as in the decree's samples. This is
# the default split: a document whose place-and-date line is wider than the right column
# ("Thành phố Hồ Chí Minh, ngày ... năm ...") gets its split moved left by what that line
# needs, never past the widest line of the left column (generator/output/header_fit.py,
# issue 11); the V/v under the number then breaks its lines to the left column's width.
HEADER_LEFT, HEADER_RIGHT = Cm(7.2), Emu(TEXT_WIDTH - Cm(7.2))
SIGN_LEFT, SIGN_RIGHT = Cm(7.0), Emu(TEXT_WIDTH - Cm(7.0))
# Rule lengths: Tiêu ngữ rule as long as "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
# (5,6 cm, measured on Liberation Serif Bold, metric twin of Times New Roman); agency and
# trích yếu rules 1/3–1/2 of their line.
MOTTO_RULE, AGENCY_RULE, SUMMARY_RULE = Cm(5.6), Cm(2.0), Cm(5.5)
# Cell padding of every table: Word's usual 0,19 cm left and right, and below the text a
# little room so that a cell's last line (the signer's name, an annex entry) never touches
# its bottom edge. Above, none: each style's space before already separates the text. 2 pt
# keeps every page of the sample documents as it was (3 pt pushed the last line of a
# công văn's first page over and gave a Quyết định's annex one more page).
CELL_MARGIN = Cm(0.19)
CELL_MARGIN_BOTTOM = Pt(2)
# Kính gửi (II.9.a, Mẫu 1.5): "Kính gửi:" indented, the recipients' dashes under
# its colon ("Kính gửi" is 1,74 cm wide at 14 pt).
ADDRESS_INDENT, ADDRESS_ITEMS = Cm(2.5), Cm(2.5 + 1.74)
# Annex table columns: STT | Nhiệm vụ, chỉ tiêu | Chủ trì | Phối hợp | Thời gian.
ANNEX_COLUMNS = [Cm(1.4), Cm(6.0), Cm(3.2), Cm(3.4), Cm(2.5)]

# name: (size pt, bold, italic, alignment, first-line indent, space before pt)
STYLES: dict[str, tuple[float, bool, bool, WD_ALIGN_PARAGRAPH, Cm | None, float]] = {
    # II.6.e: body 13–14, justified, first line 1 cm, at least 6 pt between paragraphs.
    "VB Noi dung": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1), 6),
    # Mục V: "I. ..." upper case bold; khoản with a title bold; lower levels bold italic.
    "VB Muc": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1), 6),
    "VB Khoan": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1), 6),
    "VB Tieu khoan": (14, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1), 6),
    # II.5.a: tên loại and trích yếu 13–14, bold, centred.
    "VB Ten loai": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 12),
    "VB Trich yeu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # II.1: Quốc hiệu 12–13 bold upper case; Tiêu ngữ 13–14 bold.
    "VB Quoc hieu": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "VB Tieu ngu": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # II.2: parent agency 12–13 upright; agency 12–13 bold.
    "VB Co quan chu quan": (12, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "VB Co quan": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # II.3: "Số:" 13; II.4: place and date 13–14 italic; II.5.b: V/v 12–13, 6 pt below Số.
    "VB So ky hieu": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 6),
    "VB Trich yeu cong van": (12, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 6),
    "VB Dia danh": (13, False, True, WD_ALIGN_PARAGRAPH.CENTER, None, 6),
    # II.9.b: "Nơi nhận:" 12 bold italic; its list 11 upright.
    "VB Noi nhan": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    "VB Noi nhan muc": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    # II.7: authority and title upper case bold 13–14; name bold 13–14.
    "VB Chuc vu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "VB Ho ten": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # I.7: page number 13–14, upright, centred in the top margin.
    "VB So trang": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # II.9.a: "Kính gửi" and recipients 13–14 upright.
    "VB Kinh gui": (14, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 12),
    "VB Kinh gui muc": (14, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    # Mẫu 1.3: issuing authority upper case bold centred; căn cứ italic 13–14 (II.6.a),
    # "QUYẾT ĐỊNH:" upper case bold centred.
    "VB Tham quyen": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 12),
    "VB Can cu": (14, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1), 6),
    "VB Quyet dinh": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 12),
    # Mẫu 1.3 and III.1.b: "(Kèm theo ...)" italic 13–14, centred.
    "VB Kem theo": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    # III.1.b: "Phụ lục" exactly 14 bold; its title upper case 13–14 bold.
    "VB Phu luc": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "VB Tieu de phu luc": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "VB Bang": (13, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 3),
    "VB Bang giua": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 3),
    "VB Bang tieu de": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, None, 3),
    # Rules are empty 2 pt paragraphs with a bottom border.
    "VB Duong ke": (2, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 2),
}
# Paragraphs that announce what follows and never end a page: the headings of the body
# (mục, khoản, tiểu khoản), and the title lines of a document, of the plan a Quyết định
# attaches and of a Phụ lục. A heading alone at the foot of a page, its text on the next,
# is what a văn thư sends back (issue 11).
KEEP_WITH_NEXT = {"VB Muc", "VB Khoan", "VB Tieu khoan", "VB Ten loai", "VB Trich yeu",
                  "VB Tham quyen", "VB Quyet dinh", "VB Kem theo", "VB Phu luc",
                  "VB Tieu de phu luc"}


def _set_fonts(rpr_parent: OxmlElement) -> None:
    """Times New Roman for every script, so Vietnamese never falls back to a theme font."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = insert_in_order(rpr, OxmlElement("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _defaults(doc: Document) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # No single line of a paragraph alone at the top or foot of a page. Word's own
    # Normal.dotm says so; a document that does not is read with it off.
    fmt.widow_control = True
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    set_in_order(normal.element.get_or_add_rPr(), lang)


def _styles(doc: Document) -> None:
    for name, (size, bold, italic, align, indent, before) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.keep_with_next = name in KEEP_WITH_NEXT or None
        style.quick_style = True


def _closing_style(doc: Document) -> None:
    """The body's last paragraph: body text kept on the page of the signature below it.

    A signature block alone on a page, with nothing of the text above it, is what a văn
    thư sends back; keeping the closing paragraph with the next avoids it.
    """
    style = doc.styles.add_style("VB Doan cuoi", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["VB Noi dung"]
    style.paragraph_format.keep_with_next = True
    style.quick_style = True


def _section_break_style(doc: Document) -> None:
    """The empty paragraph that carries a section break: 1 pt high, so that it never
    spills onto a page of its own when the text before it ends at the foot of a page."""
    style = doc.styles.add_style("VB Ngat phan", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(1)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)


def _settings(doc: Document) -> None:
    """Word opens the document zoomed to fit, as python-docx's default says, with the
    ``w:percent`` the schema requires and that default lacks (the zoom to fall back to)."""
    zoom = OxmlElement("w:zoom")
    zoom.set(qn("w:val"), "bestFit")
    zoom.set(qn("w:percent"), "100")
    set_in_order(doc.settings.element, zoom)


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance = PAGE["header"]
    section.footer_distance = PAGE["header"]
    # Page numbers from page 2 on (I.7): a different, empty first-page header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = doc.styles["VB So trang"]
    _page_field(paragraph)
    section.first_page_header.paragraphs[0].style = doc.styles["VB So trang"]


def _page_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    insert_in_order(ppr, borders)


def _rule(container: Document | _Cell, width: Length, available: int) -> None:
    """A centred solid line of ``width``: an empty paragraph's bottom border between indents."""
    paragraph = container.add_paragraph(style="VB Duong ke")
    side = Emu(max(0, (available - width) // 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    _bottom_border(paragraph)


def _add(container: Document | _Cell, text: str, style: str) -> Paragraph:
    return container.add_paragraph(text, style=style)


def _cell(table_cell: _Cell, width: Length) -> _Cell:
    table_cell.width = width
    first = table_cell.paragraphs[0]
    first._p.getparent().remove(first._p)
    return table_cell


def _frame(table: object, widths: list[Length], *, ruled: bool) -> None:
    """Fixed column widths, centred; thin black borders (``ruled``) or none at all.

    The header and signature tables are borderless layout grids (Phụ lục III samples);
    the annex is a real table with its grid drawn.
    """
    tbl = table._tbl  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    edge_values = ((("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000"))
                   if ruled else (("w:val", "nil"),))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in edge_values:
            element.set(qn(key), value)
        borders.append(element)
    insert_in_order(tbl.tblPr, borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_in_order(tbl.tblPr, layout)
    insert_in_order(tbl.tblPr, _margins("w:tblCellMar", top=Emu(0), left=CELL_MARGIN,
                                        bottom=CELL_MARGIN_BOTTOM, right=CELL_MARGIN))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER  # type: ignore[attr-defined]
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))


def _margins(tag: str, **sides: Length) -> OxmlElement:
    """A ``w:tblCellMar`` or ``w:tcMar`` with the given sides, in twentieths of a point."""
    margins = OxmlElement(tag)
    for side, width in sides.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(width.twips)))
        element.set(qn("w:type"), "dxa")
        insert_in_order(margins, element)
    return margins


def _phrased(field: str, style: str, width: Length, variable: str | None = None) -> str:
    """A title field whose lines end between phrases, not inside a two-syllable word
    ("Chính / phủ"): the ``phrase_lines`` filter measures it at this style's size, in a
    line of ``width`` (domain.line_breaks), or of the context's ``variable`` when the
    renderer sets it (a header whose split moved). An italic line is measured upright:
    Times Italic is as wide give or take a few per cent, which the filter's margin covers."""
    size, bold = STYLES[style][0], STYLES[style][1]
    line = f"{int(width.twips)}" if variable is None else \
        f"{variable}|default({int(width.twips)})"
    arguments = f"{line}, {size:g}" + (", true" if bold else "")
    return f"{{{{ {field}|phrase_lines({arguments}) }}}}"


def _control(container: Document | _Cell, tag: str, style: str = "VB Noi dung") -> None:
    """A docxtpl ``{%p ... %}`` paragraph: removed at render time, keeps the loop readable."""
    container.add_paragraph(f"{{%p {tag} %}}", style=style)


def _agency_and_motto(table: Table) -> None:
    """Ô 1 and 2 in the first row: the agency (under its parent) | Quốc hiệu and Tiêu ngữ."""
    left = _cell(table.cell(0, 0), HEADER_LEFT)
    _control(left, "for line in agency.parent_lines", "VB Co quan chu quan")
    _add(left, "{{ line|upper }}", "VB Co quan chu quan")
    _control(left, "endfor", "VB Co quan chu quan")
    _control(left, "for line in agency.name_lines", "VB Co quan")
    _add(left, "{{ line|upper }}", "VB Co quan")
    _control(left, "endfor", "VB Co quan")
    _rule(left, AGENCY_RULE, HEADER_LEFT - 2 * CELL_MARGIN)
    right = _cell(table.cell(0, 1), HEADER_RIGHT)
    _add(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Quoc hieu")
    _add(right, "Độc lập - Tự do - Hạnh phúc", "VB Tieu ngu")
    _rule(right, MOTTO_RULE, HEADER_RIGHT - 2 * CELL_MARGIN)


def header_table(doc: Document, *, subject_line: bool) -> None:
    """Ô 1–4 (and 5b for a công văn): agency | Quốc hiệu, then Số | place and date."""
    table = doc.add_table(rows=2, cols=2)
    _frame(table, [HEADER_LEFT, HEADER_RIGHT], ruled=False)
    _agency_and_motto(table)
    number = _cell(table.cell(1, 0), HEADER_LEFT)
    _add(number, "{{ number_line }}", "VB So ky hieu")
    if subject_line:
        _add(number, _phrased("subject_line", "VB Trich yeu cong van",
                              Emu(HEADER_LEFT - 2 * CELL_MARGIN), HEADER_LEFT_VARIABLE),
             "VB Trich yeu cong van")
    date = _cell(table.cell(1, 1), HEADER_RIGHT)
    _add(date, "{{ place_date }}", "VB Dia danh")


def attachment_header(doc: Document) -> None:
    """The header of a document issued with a Quyết định (Mẫu 1.3, its second part): the
    agency and the Quốc hiệu, without number or date, which are the decision's. The seal
    goes over part of this agency name (Điều 33.1.c)."""
    table = doc.add_table(rows=1, cols=2)
    _frame(table, [HEADER_LEFT, HEADER_RIGHT], ruled=False)
    _agency_and_motto(table)


def title_block(doc: Document) -> None:
    """Ô 5a: tên loại, trích yếu and the short rule beneath (II.5.a)."""
    _add(doc, "{{ type_name }}", "VB Ten loai")
    _add(doc, _phrased("summary", "VB Trich yeu", TEXT_WIDTH), "VB Trich yeu")
    _rule(doc, SUMMARY_RULE, TEXT_WIDTH)


def body(doc: Document, name: str = "body", *, charts: bool = False) -> None:
    """Ô 6: the blocks the document builder computed, each in the style of its level.

    ``charts``: a "chart" block shows the renderer's drawing of the context's chart
    (output.charts), a "caption" block its numbered caption under it.
    """
    _control(doc, f"for block in {name}")
    levels = [("heading1", "VB Muc"), ("heading2", "VB Khoan"), ("heading3", "VB Tieu khoan"),
              ("closing", "VB Doan cuoi")]
    texts = [(kind, "{{ block.text }}", style) for kind, style in levels]
    if charts:
        texts = [("chart", "{{ drawings[block.chart] }}", "VB Bieu do"),
                 ("caption", "{{ block.text }}", "VB Chu thich bieu do"), *texts]
    for i, (kind, field, style) in enumerate(texts):
        _control(doc, f"{'if' if i == 0 else 'elif'} block.kind == \"{kind}\"")
        _add(doc, field, style)
    _control(doc, "else")
    _add(doc, "{{ block.text }}", "VB Noi dung")
    _control(doc, "endif")
    _control(doc, "endfor")


def signature_table(doc: Document) -> None:
    """Ô 7 and 9b: Nơi nhận on the left, authority, title and name on the right."""
    table = doc.add_table(rows=1, cols=2)
    _frame(table, [SIGN_LEFT, SIGN_RIGHT], ruled=False)
    left = _cell(table.cell(0, 0), SIGN_LEFT)
    _add(left, "Nơi nhận:", "VB Noi nhan")
    _control(left, "for item in recipients", "VB Noi nhan muc")
    _add(left, "{{ item }}", "VB Noi nhan muc")
    _control(left, "endfor", "VB Noi nhan muc")
    right = _cell(table.cell(0, 1), SIGN_RIGHT)
    _control(right, "for line in signer.lines", "VB Chuc vu")
    _add(right, "{{ line|upper }}", "VB Chuc vu")
    _control(right, "endfor", "VB Chuc vu")
    for _ in range(4):  # room for the signature and the seal (ô 7c, 8)
        _add(right, "", "VB Chuc vu")
    _add(right, "{{ signer.name }}", "VB Ho ten")
    # The signature block and its Nơi nhận never split across two pages.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # "Nơi nhận:" stands level with the first authority line (II.9.b), 12 pt below the body.
    for cell in table.rows[0].cells:
        insert_in_order(cell._tc.get_or_add_tcPr(), _margins("w:tcMar", top=Pt(12)))


def addressees(doc: Document) -> None:
    """Ô 9a: one recipient on the "Kính gửi:" line; several as "- ...;" lines under it."""
    _control(doc, "if addressees|length == 1", "VB Kinh gui")
    _add(doc, "Kính gửi: {{ addressees[0] }}", "VB Kinh gui").paragraph_format.left_indent = \
        ADDRESS_INDENT
    _control(doc, "else", "VB Kinh gui")
    _add(doc, "Kính gửi:", "VB Kinh gui").paragraph_format.left_indent = ADDRESS_INDENT
    _control(doc, "for line in addressees", "VB Kinh gui muc")
    _add(doc, "{{ line }}", "VB Kinh gui muc").paragraph_format.left_indent = ADDRESS_ITEMS
    _control(doc, "endfor", "VB Kinh gui muc")
    _control(doc, "endif", "VB Kinh gui")


def _new_section(doc: Document, ending: Paragraph | None = None) -> None:
    """A new page whose numbers start again at 1 and are hidden on its first page.

    The section break is held by ``ending``, the last paragraph of the text before it,
    when there is one: an empty paragraph holding it (after a table there must be one)
    spills onto a page of its own when the text ends at the foot of a page.
    """
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    holder = doc.paragraphs[-1]
    if ending is None:
        holder.style = doc.styles["VB Ngat phan"]
    else:
        insert_in_order(ending._p.get_or_add_pPr(), holder._p.pPr.sectPr)
        holder._p.getparent().remove(holder._p)
    section.different_first_page_header_footer = True
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    # A new section copies the previous one's properties, its pgNumType included.
    set_in_order(section._sectPr, number_type)


def annex(doc: Document) -> None:
    """Phụ lục (III.1), in a section of its own (numbered apart): heading, reference line,
    and the assignment table."""
    _add(doc, "Phụ lục", "VB Phu luc")
    _add(doc, _phrased("annex.title|upper", "VB Tieu de phu luc", TEXT_WIDTH),
         "VB Tieu de phu luc")
    _add(doc, _phrased("annex.reference", "VB Kem theo", TEXT_WIDTH), "VB Kem theo")
    _rule(doc, SUMMARY_RULE, TEXT_WIDTH)
    table = doc.add_table(rows=4, cols=5)
    _frame(table, ANNEX_COLUMNS, ruled=True)
    # Column headings broken by hand between words, never "chủ / trì".
    headings = ["STT", "Nhiệm vụ, chỉ tiêu", "Cơ quan\nchủ trì", "Cơ quan\nphối hợp",
                "Thời gian\nthực hiện"]
    for column, (heading, width) in enumerate(zip(headings, ANNEX_COLUMNS, strict=True)):
        _add(_cell(table.cell(0, column), width), heading, "VB Bang tieu de")
        for row in (1, 3):
            _cell(table.cell(row, column), width)
    table.cell(1, 0).add_paragraph("{%tr for row in annex.rows %}", style="VB Bang")
    fields = ["row.number", "row.task", "row.lead", "row.partners", "row.period"]
    styles = ["VB Bang giua", "VB Bang", "VB Bang", "VB Bang", "VB Bang giua"]
    for column, (name, style, width) in enumerate(zip(fields, styles, ANNEX_COLUMNS,
                                                      strict=True)):
        _add(_cell(table.cell(2, column), width), f"{{{{ {name} }}}}", style)
    table.cell(3, 0).add_paragraph("{%tr endfor %}", style="VB Bang")
    keep_whole = OxmlElement("w:cantSplit")  # a row never breaks across pages
    table.rows[2]._tr.get_or_add_trPr().append(keep_whole)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_row.append(repeat)


# Phụ lục of a Báo cáo: TT | Chỉ tiêu | Mục tiêu | Toàn quốc | Kết quả | Đánh giá.
REPORT_COLUMNS = [Cm(1.3), Cm(4.7), Cm(2.6), Cm(2.1), Cm(2.9), Cm(2.9)]


def results_annex(doc: Document) -> None:
    """The Phụ lục of a Báo cáo (III.1): every indicator with its milestone, the national
    value, each year's result and the verdict; then where the numbers come from."""
    _add(doc, "Phụ lục", "VB Phu luc")
    _add(doc, _phrased("annex.title|upper", "VB Tieu de phu luc", TEXT_WIDTH),
         "VB Tieu de phu luc")
    _add(doc, _phrased("annex.reference", "VB Kem theo", TEXT_WIDTH), "VB Kem theo")
    _rule(doc, SUMMARY_RULE, TEXT_WIDTH)
    table = doc.add_table(rows=4, cols=len(REPORT_COLUMNS))
    _frame(table, REPORT_COLUMNS, ruled=True)
    headings = ["TT", "Chỉ tiêu", "Mục tiêu\nKế hoạch", "Toàn quốc", "Kết quả\ncác năm",
                "Đánh giá"]
    for column, (heading, width) in enumerate(zip(headings, REPORT_COLUMNS, strict=True)):
        _add(_cell(table.cell(0, column), width), heading, "VB Bang tieu de")
        for row in (1, 3):
            _cell(table.cell(row, column), width)
    table.cell(1, 0).add_paragraph("{%tr for row in annex.rows %}", style="VB Bang")
    fields = ["row.code", "row.indicator", "row.target", "row.national", "row.results",
              "row.status"]
    styles = ["VB Bang giua", "VB Bang", "VB Bang giua", "VB Bang giua", "VB Bang",
              "VB Bang"]
    for column, (name, style, width) in enumerate(zip(fields, styles, REPORT_COLUMNS,
                                                      strict=True)):
        cell = _cell(table.cell(2, column), width)
        if name == "row.results":  # one paragraph per year: a sample is marked on its own
            _control(cell, "for line in row.results", style)
            _add(cell, "{{ line }}", style)
            _control(cell, "endfor", style)
        else:
            _add(cell, f"{{{{ {name} }}}}", style)
    table.cell(3, 0).add_paragraph("{%tr endfor %}", style="VB Bang")
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _add(doc, "Nguồn số liệu:", "VB Noi dung")
    _control(doc, "for line in annex.sources")
    _add(doc, "{{ line }}", "VB Noi dung")
    _control(doc, "endfor")


def _new_document() -> Document:
    doc = Document()
    doc._body.clear_content()
    _defaults(doc)
    _styles(doc)
    _closing_style(doc)
    _section_break_style(doc)
    _settings(doc)
    _page(doc)
    core = doc.core_properties
    core.author, core.title, core.comments = "vanban", "", "Mẫu do tools/build_templates.py tạo"
    core.revision = 1
    return doc


def plan() -> Document:
    """Mẫu 1.4 (văn bản có tên loại), used for the Kế hoạch."""
    doc = _new_document()
    header_table(doc, subject_line=False)
    title_block(doc)
    body(doc)
    signature_table(doc)
    return doc


def letter() -> Document:
    """Mẫu 1.5 (công văn): V/v under the number, Kính gửi, body, Nơi nhận "- Như trên;"."""
    doc = _new_document()
    header_table(doc, subject_line=True)
    addressees(doc)
    body(doc)
    signature_table(doc)
    return doc


def decision() -> Document:
    """Mẫu 1.3: a Quyết định that issues a plan, the plan attached, and its Phụ lục."""
    doc = _new_document()
    header_table(doc, subject_line=False)
    title_block(doc)
    _add(doc, "{{ authority|upper }}", "VB Tham quyen")
    _control(doc, "for line in bases", "VB Can cu")
    _add(doc, "{{ line }}", "VB Can cu")
    _control(doc, "endfor", "VB Can cu")
    _add(doc, "QUYẾT ĐỊNH:", "VB Quyet dinh")
    _control(doc, "for article in articles")
    article = doc.add_paragraph(style="VB Noi dung")
    article.add_run("{{ article.lead }}").bold = True
    article.add_run(" {{ article.text }}")
    _control(doc, "endfor")
    signature_table(doc)
    # The attached plan (Mẫu 1.3, second part): its own header, title and reference line;
    # no signature, the decision's is the one that issues it.
    _new_section(doc)
    attachment_header(doc)
    _add(doc, "{{ attached.type_name }}", "VB Ten loai")
    _add(doc, _phrased("attached.summary", "VB Trich yeu", TEXT_WIDTH), "VB Trich yeu")
    _add(doc, _phrased("attached.reference", "VB Kem theo", TEXT_WIDTH), "VB Kem theo")
    _rule(doc, SUMMARY_RULE, TEXT_WIDTH)
    # Its last paragraph, always a body paragraph (its closing one), ends the section.
    body(doc, "attached.body[:-1]")
    _new_section(doc, _add(doc, "{{ attached.body[-1].text }}", "VB Noi dung"))
    annex(doc)
    return doc


def _chart_styles(doc: Document) -> None:
    """A chart's paragraph (centred, no indent, kept with its caption) and the caption
    under it (13 pt italic, centred), for the Báo cáo's charts."""
    picture = doc.styles.add_style("VB Bieu do", WD_STYLE_TYPE.PARAGRAPH)
    picture.base_style = doc.styles["VB Noi dung"]
    fmt = picture.paragraph_format
    fmt.alignment, fmt.first_line_indent = WD_ALIGN_PARAGRAPH.CENTER, Cm(0)
    fmt.space_before, fmt.keep_with_next = Pt(6), True
    picture.quick_style = True
    caption = doc.styles.add_style("VB Chu thich bieu do", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = doc.styles["VB Noi dung"]
    caption.font.size, caption.font.italic = Pt(13), True
    fmt = caption.paragraph_format
    fmt.alignment, fmt.first_line_indent = WD_ALIGN_PARAGRAPH.CENTER, Cm(0)
    fmt.space_before = Pt(3)
    caption.quick_style = True


def report() -> Document:
    """Mẫu 1.4 for a Báo cáo: the plan's layout, then its Phụ lục in a section of its own."""
    doc = _new_document()
    _chart_styles(doc)
    header_table(doc, subject_line=False)
    title_block(doc)
    body(doc, charts=True)
    signature_table(doc)
    _new_section(doc)
    results_annex(doc)
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {
    "ke-hoach": plan,
    "quyet-dinh-ban-hanh": decision,
    "cong-van-trien-khai": letter,
    "cong-van-xay-dung-ke-hoach": letter,
    "huong-dan-nam": letter,
    "bao-cao": report,
}


def _freeze(doc: Document) -> None:
    """Fixed metadata so that building twice gives the same document."""
    from datetime import datetime

    core = doc.core_properties
    core.created = core.modified = datetime(2026, 1, 1)
    core.last_modified_by = "vanban"


def build(name: str) -> Document:
    doc = BUILDERS[name]()
    _freeze(doc)
    return doc


def stable_bytes(doc: Document) -> bytes:
    """The .docx with fixed zip timestamps, so an unchanged template is byte-identical.

    vanban rebuilds every document whose template hash changed; a rebuild of the
    templates that changes nothing must not change their hashes.
    """
    raw = io.BytesIO()
    doc.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0)),
                         source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(BUILDERS), help="mẫu cần tạo")
    parser.add_argument("--out", type=Path, default=TEMPLATES)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names:
        path = args.out / f"{name}.docx"
        path.write_bytes(stable_bytes(build(name)))
        print(f"đã tạo {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
