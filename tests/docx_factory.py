"""Build .docx files with python-docx for the layout checker's tests.

``correct_document(kind)`` builds a document that follows Nghị định 30/2020 in
every checked point (the checker must report zero errors on it).  It mixes the
ways real files carry formatting: body text formatted through the Normal style
(as our generator does), header and signature cells through direct formatting
and a custom paragraph style, one rule drawn as a VML line and others as
paragraph borders.  The small editing helpers (``find``, ``set_size`` …) let a
test break exactly one rule afterwards.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TIMES = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

BODY_KE_HOACH = [
    (
        "text",
        "Thực hiện Quyết định số 23/QĐ-TTg ngày 07 tháng 01 năm 2021 của Thủ tướng Chính phủ phê "
        "duyệt "
        "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030, Sở Y tế ban hành Kế "
        "hoạch "
        "thực hiện Chương trình trên địa bàn tỉnh như sau:",
    ),
    ("h1", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("h2", "1. Mục đích"),
    (
        "text",
        "Cụ thể hóa các mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp của Chương trình hành động quốc "
        "gia "
        "vì trẻ em phù hợp với tình hình thực tế của ngành y tế tỉnh; bảo đảm thực hiện quyền trẻ "
        "em "
        "được chăm sóc sức khỏe, dinh dưỡng và phát triển toàn diện về thể chất và tinh thần.",
    ),
    ("h2", "2. Yêu cầu"),
    (
        "text",
        "a) Xác định rõ nhiệm vụ, trách nhiệm của các đơn vị trực thuộc trong việc tổ chức thực "
        "hiện "
        "các chỉ tiêu về chăm sóc sức khỏe trẻ em; phân công cụ thể, có lộ trình và kiểm tra, "
        "giám sát.",
    ),
    (
        "text",
        "b) Lồng ghép các mục tiêu, chỉ tiêu của Chương trình vào kế hoạch phát triển của ngành y "
        "tế "
        "hằng năm và giai đoạn 2021 - 2025; huy động sự tham gia của các tổ chức, cá nhân.",
    ),
    ("h1", "II. NHIỆM VỤ VÀ GIẢI PHÁP"),
    (
        "text",
        "1. Tăng cường công tác truyền thông, giáo dục, vận động xã hội nâng cao nhận thức của "
        "cha mẹ, "
        "người chăm sóc trẻ em và cộng đồng về chăm sóc sức khỏe, dinh dưỡng cho trẻ em, phòng, "
        "chống "
        "tai nạn thương tích, đuối nước cho trẻ em trên địa bàn tỉnh.",
    ),
    (
        "text",
        "2. Nâng cao chất lượng dịch vụ chăm sóc sức khỏe bà mẹ, trẻ em tại các tuyến; duy trì tỷ "
        "lệ "
        "tiêm chủng đầy đủ cho trẻ em dưới 1 tuổi trên 95%; giảm tỷ lệ suy dinh dưỡng thể thấp "
        "còi ở "
        "trẻ em dưới 5 tuổi theo mục tiêu của Chương trình đề ra cho từng giai đoạn.",
    ),
    (
        "text",
        "3. Kiện toàn mạng lưới y tế cơ sở, bảo đảm các trạm y tế xã có đủ điều kiện cung cấp "
        "dịch vụ "
        "chăm sóc sức khỏe ban đầu cho trẻ em; đào tạo, bồi dưỡng nhân lực làm công tác nhi khoa.",
    ),
    ("h1", "III. KINH PHÍ THỰC HIỆN"),
    (
        "text",
        "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện "
        "hành, "
        "lồng ghép trong các chương trình, đề án, dự án có liên quan và các nguồn huy động hợp "
        "pháp "
        "khác theo quy định của pháp luật về ngân sách nhà nước.",
    ),
    ("h1", "IV. TỔ CHỨC THỰC HIỆN"),
    (
        "text",
        "Các đơn vị trực thuộc Sở căn cứ Kế hoạch này xây dựng kế hoạch của đơn vị, tổ chức thực "
        "hiện "
        "và báo cáo kết quả về Sở Y tế (qua Phòng Nghiệp vụ Y) trước ngày 15 tháng 12 hằng năm để "
        "tổng "
        "hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Y tế theo quy định.",
    ),
    (
        "text",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời về "
        "Sở Y tế "
        "để được hướng dẫn, giải quyết./.",
    ),
]

BODY_CONG_VAN = [
    (
        "text",
        "Thực hiện Kế hoạch số 55/KH-UBND ngày 30 tháng 7 năm 2021 của Ủy ban nhân dân tỉnh về "
        "thực "
        "hiện Chương trình hành động vì trẻ em, Sở Y tế đề nghị các đơn vị thực hiện một số nội "
        "dung sau:",
    ),
    (
        "text",
        "1. Rà soát, đánh giá kết quả thực hiện các chỉ tiêu về chăm sóc sức khỏe trẻ em năm 2021 "
        "thuộc "
        "lĩnh vực được giao; xác định các chỉ tiêu chưa đạt và nguyên nhân.",
    ),
    (
        "text",
        "2. Xây dựng kế hoạch thực hiện năm 2022, gửi về Sở Y tế (qua Phòng Nghiệp vụ Y) trước "
        "ngày "
        "15 tháng 12 năm 2021 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
    ),
    ("text", "Đề nghị các đơn vị quan tâm, phối hợp thực hiện./."),
]

BODY_QUYET_DINH = [
    ("center", "GIÁM ĐỐC SỞ Y TẾ TỈNH LONG AN"),
    ("cancu", "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;"),
    (
        "cancu",
        "Căn cứ Quyết định số 23/QĐ-TTg ngày 07 tháng 01 năm 2021 của Thủ tướng Chính phủ phê "
        "duyệt "
        "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030;",
    ),
    ("cancu", "Theo đề nghị của Trưởng phòng Nghiệp vụ Y."),
    ("center", "QUYẾT ĐỊNH:"),
    (
        "dieu",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình hành động vì "
        "trẻ em "
        "của ngành y tế tỉnh giai đoạn 2021 - 2030.",
    ),
    ("dieu", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
    (
        "dieu",
        "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng chức năng và Thủ trưởng các đơn vị trực "
        "thuộc "
        "chịu trách nhiệm thi hành Quyết định này./.",
    ),
]


# --------------------------------------------------------------------------- low-level helpers


def set_font(
    run_or_style: Run | CharacterStyle,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    name: str | None = None,
) -> None:
    """Direct formatting on a run (or a style's font)."""
    font = run_or_style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if name is not None:
        font.name = name
        font._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), name)


def compact(p: Paragraph, align: WD_ALIGN_PARAGRAPH = CENTER) -> Paragraph:
    """Header/signature cell paragraph: no indent, no spacing, centred."""
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Twips(0)
    fmt.space_before = Twips(0)
    fmt.space_after = Twips(0)
    return p


def add_line(
    container: _Cell,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    first: bool = False,
) -> Paragraph:
    """A compact paragraph in a cell (reusing the cell's first empty paragraph when ``first``)."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    compact(p, align)
    if text:
        set_font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


def bottom_border(p: Paragraph, indent_twips: int = 0) -> None:
    """A solid rule under the paragraph (narrowed by equal left/right indents)."""
    ppr = p._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
            f'w:color="auto"/></w:pBdr>'
        )
    )
    if indent_twips:
        p.paragraph_format.left_indent = Twips(indent_twips)
        p.paragraph_format.right_indent = Twips(indent_twips)


def rule_below(p: Paragraph, indent_twips: int) -> Paragraph:
    """An empty paragraph right after ``p`` whose bottom border is the rule under ``p``.

    Narrowing the rule's own paragraph (not the text's) keeps the text on one
    line while the rule gets the length the decree asks for.
    """
    new = OxmlElement("w:p")
    p._p.addnext(new)
    rule = compact(Paragraph(new, p._parent), p.alignment or CENTER)
    if p.style is not None:
        rule.style = p.style
    bottom_border(rule, indent_twips)
    return rule


def vml_line(p: Paragraph, width_pt: float = 60) -> None:
    """A rule drawn as a VML line anchored in ``p`` (as older Word versions do)."""
    run = p.add_run()
    run._r.append(
        parse_xml(
            f'<w:pict {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
            f'xmlns:o="urn:schemas-microsoft-com:office:office">'
            f'<v:line id="rule" style="position:absolute;z-index:1" from="0pt,2pt" '
            f'to="{width_pt}pt,2pt" '
            f'strokeweight=".5pt"/></w:pict>'
        )
    )


def page_field(p: Paragraph, size: float = 14) -> None:
    """A complex PAGE field in ``p``."""
    for kind, instr in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        run = p.add_run()
        set_font(run, size=size)
        if kind:
            run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>'))
        elif instr == " PAGE ":
            run._r.append(
                parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>')
            )
        else:
            run._r.append(parse_xml(f"<w:t {nsdecls('w')}>{instr}</w:t>"))


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body and of its tables (nested too), in order."""

    def walk(container: Document | _Cell) -> Iterator[Paragraph]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                yield block
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)

    yield from walk(doc)


def find(doc: Document, start: str) -> Paragraph:
    """The first paragraph whose text starts with ``start``."""
    for p in paragraphs(doc):
        if p.text.strip().startswith(start):
            return p
    raise KeyError(start)


def set_text(p: Paragraph, text: str) -> None:
    """Replace a paragraph's text, keeping the first run's formatting."""
    runs = [r for r in p.runs if r._r.find(qn("w:t")) is not None]
    runs[0].text = text
    for r in runs[1:]:
        r._r.getparent().remove(r._r)


def set_size(p: Paragraph, size: float) -> None:
    for r in p.runs:
        r.font.size = Pt(size)


def set_bold(p: Paragraph, bold: bool) -> None:
    for r in p.runs:
        r.font.bold = bold


def set_italic(p: Paragraph, italic: bool) -> None:
    for r in p.runs:
        r.font.italic = italic


def remove_border(p: Paragraph) -> None:
    ppr = p._p.get_or_add_pPr()
    for b in ppr.findall(qn("w:pBdr")):
        ppr.remove(b)


def delete(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


# --------------------------------------------------------------------------- the correct document


def _styles(doc: Document) -> None:
    """Normal carries the body layout; "Cell" the compact header/signature layout."""
    normal = doc.styles["Normal"]
    set_font(normal, size=14, name=TIMES)
    fmt = normal.paragraph_format
    fmt.alignment = JUSTIFY
    fmt.first_line_indent = Twips(567)
    fmt.space_before = Twips(120)
    fmt.space_after = Twips(0)
    fmt.line_spacing = 1.0
    cell = doc.styles.add_style("Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.paragraph_format.alignment = CENTER
    cell.paragraph_format.first_line_indent = Twips(0)
    cell.paragraph_format.space_before = Twips(0)
    cell.font.size = Pt(13)


def _page(doc: Document, page_number: bool = True) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin, sec.bottom_margin = Twips(1134), Twips(1134)
    sec.left_margin, sec.right_margin = Twips(1701), Twips(850)
    if page_number:
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        hp.alignment = CENTER
        hp.paragraph_format.first_line_indent = Twips(0)
        page_field(hp, 14)


def _header_table(doc: Document, kind: str) -> Table:
    """The two-column borderless header: agency | Quốc hiệu, then Số | place-date."""
    table = doc.add_table(rows=2, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_line(left, "UBND TỈNH LONG AN", 12, first=True)
    agency = add_line(left, "SỞ Y TẾ", 12, bold=True)
    vml_line(agency, 20)
    add_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    tn = add_line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    rule_below(tn, 650)
    so = {"ke-hoach": "Số: 12/KH-SYT", "cong-van": "Số: 35/SYT-NVY", "quyet-dinh": "Số: 08/QĐ-SYT"}[
        kind
    ]
    so_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
    add_line(so_cell, so, 13, first=True)
    if kind == "cong-van":
        add_line(so_cell, "V/v triển khai Chương trình hành động vì trẻ em năm 2022", 12)
    date = (
        "Long An, ngày 05 tháng 01 năm 2021"
        if kind != "cong-van"
        else "Long An, ngày 20 tháng 11 năm 2021"
    )
    add_line(date_cell, date, 13, italic=True, first=True)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.style = doc.styles["Cell"]
    return table


def _title(doc: Document, kind: str) -> None:
    title, summary = {
        "ke-hoach": (
            "KẾ HOẠCH",
            "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021 - 2030",
        ),
        "quyet-dinh": ("QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch thực hiện Chương trình vì trẻ em"),
    }[kind]
    compact(doc.add_paragraph(), CENTER)
    p = compact(doc.add_paragraph(), CENTER)
    set_font(p.add_run(title), size=14, bold=True)
    s = compact(doc.add_paragraph(), CENTER)
    set_font(s.add_run(summary), size=14, bold=True)
    rule_below(s, 2900)


def _kinh_gui(doc: Document) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Twips(0)
    p.paragraph_format.left_indent = Twips(1984)
    p.paragraph_format.space_before = Twips(240)
    p.add_run("Kính gửi:")
    for item in ["- Các phòng chức năng thuộc Sở;", "- Các đơn vị trực thuộc Sở."]:
        q = doc.add_paragraph(item)
        q.paragraph_format.first_line_indent = Twips(0)
        q.paragraph_format.left_indent = Twips(2835)
        q.paragraph_format.space_before = Twips(0)


def _body(doc: Document, kind: str) -> None:
    body = {"ke-hoach": BODY_KE_HOACH, "cong-van": BODY_CONG_VAN, "quyet-dinh": BODY_QUYET_DINH}[
        kind
    ]
    for style, text in body:
        p = doc.add_paragraph()
        if style == "dieu":
            head, rest = text.split(". ", 1)
            p.add_run(head + ". ").bold = True
            p.add_run(rest)
            continue
        run = p.add_run(text)
        if style in ("h1", "h2"):
            run.bold = True
        if style == "cancu":
            run.italic = True
        if style == "center":
            run.bold = True
            p.alignment = CENTER
            p.paragraph_format.first_line_indent = Twips(0)


def _signature(doc: Document, kind: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_line(left, "", 12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = {
        "cong-van": "- Như trên;",
        "quyet-dinh": "- Như Điều 3;",
        "ke-hoach": "- UBND tỉnh (để báo cáo);",
    }
    for item in [first[kind], "- Giám đốc Sở;", "- Lưu: VT, NVY."]:
        add_line(left, item, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_line(right, "", 14, first=True)
    for text in ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]:
        add_line(right, text, 14, bold=True)
    for _ in range(3):
        add_line(right, "", 14)
    add_line(right, "Nguyễn Văn An", 14, bold=True)
    for cell in (left, right):
        for q in cell.paragraphs:
            q.style = doc.styles["Cell"]


def correct_document(kind: str = "ke-hoach", page_number: bool = True) -> Document:
    """A document that follows the decree in every point the checker looks at."""
    doc = docx.Document()
    _styles(doc)
    _page(doc, page_number)
    _header_table(doc, kind)
    if kind == "cong-van":
        _kinh_gui(doc)
    else:
        _title(doc, kind)
    _body(doc, kind)
    _signature(doc, kind)
    return doc


def save(doc: Document, path: Path) -> Path:
    doc.save(str(path))
    return path


def landscape(doc: Document) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width


# --------------------------------------------------------------------------- shared by the tests


@functools.cache
def correct_bytes(kind: str) -> bytes:
    """The correct document of ``kind`` as saved bytes, built once per test run."""
    buffer = io.BytesIO()
    correct_document(kind).save(buffer)
    return buffer.getvalue()


Mutation = Callable[[Document], None]


def mutate_text(start: str, new: str) -> Mutation:
    """Replace the text of the paragraph that starts with ``start``."""
    return lambda doc: set_text(find(doc, start), new)


def mutate_size(start: str, size: float) -> Mutation:
    return lambda doc: set_size(find(doc, start), size)


def mutate_bold(start: str, bold: bool) -> Mutation:
    return lambda doc: set_bold(find(doc, start), bold)


def mutate_italic(start: str, italic: bool) -> Mutation:
    return lambda doc: set_italic(find(doc, start), italic)
