"""The split of a document's header columns, chosen from the text it prints (issue 11).

The template sets the default split (``tools/build_templates.py``: agency | Quốc hiệu,
Số | place and date). A place written in full ("Thành phố Hồ Chí Minh, ngày 28 tháng 12
năm 2026", Phụ lục I: a place named after a person) is wider than the default right
column and wraps, which a văn thư sends back. Here the rendered header is measured with
the Times New Roman metrics (``domain.metrics``) and, when a line of the right column
does not fit, the split moves left by what that line needs, never so far that a line of
the left column (agency, parent agency, Số) would break. A header that fits keeps the
template's split untouched.

Italic lines are measured upright: Times Italic is narrower than Times Roman, so the
measure errs towards room to spare.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from lxml import etree

from generator.domain.metrics import text_width

__all__ = ["HEADER_LEFT_VARIABLE", "QUOC_HIEU", "Split", "StyleSizes", "apply_split",
           "choose_split", "style_sizes"]

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# The context variable a template reads for the text width of the left column (twips),
# so that the V/v under the number breaks its lines to the chosen split.
HEADER_LEFT_VARIABLE = "header_left_text"
# Paragraph styles the template breaks to the column itself (the V/v box): not measured.
_BROKEN_TO_FIT = {"VBTrichyeucongvan"}
# Room left at the end of the widest line, for rounding in Word's and LibreOffice's layout:
# half a millimetre. The Quốc hiệu (12 pt bold) leaves 0,9 mm in the default right column,
# which holds it on one line in both.
_SLACK = 30  # twips

# styleId -> (size pt, bold)
StyleSizes = dict[str, tuple[float, bool]]


@dataclass(frozen=True)
class Split:
    """Column widths of the header tables, and their cells' left + right padding (twips)."""

    left: int
    right: int
    padding: int

    @property
    def left_text(self) -> int:
        return self.left - self.padding


def style_sizes(document: DocumentObject) -> StyleSizes:
    """Size and boldness of every paragraph style, as inherited from its base styles."""
    sizes: StyleSizes = {}
    for style in document.styles:
        if getattr(style, "type", None) is None or not hasattr(style, "font"):
            continue
        size, bold, current = None, None, style
        while current is not None and (size is None or bold is None):
            font = current.font
            size = size if size is not None or font.size is None else font.size.pt
            bold = bold if bold is not None or font.bold is None else font.bold
            current = getattr(current, "base_style", None)
        sizes[style.style_id] = (size or 14.0, bool(bold))
    return sizes


def _header_tables(body: etree._Element) -> list[etree._Element]:
    """The two-column tables that hold the Quốc hiệu, and a two-column table right after
    one of them with the same grid (the Số | date row when it is a table of its own)."""
    found: list[etree._Element] = []
    for table in body.iter(qn("w:tbl")):
        grid = _grid(table)
        if len(grid) != 2:
            continue
        if any(QUOC_HIEU in _text(p) for p in table.iter(qn("w:p"))):
            found.append(table)
            following = table.getnext()
            if (following is not None and following.tag == qn("w:tbl")
                    and [int(c.get(qn("w:w"), "0")) for c in _grid(following)]
                    == [int(c.get(qn("w:w"), "0")) for c in grid]):
                found.append(following)
    return found


def _grid(table: etree._Element) -> list[etree._Element]:
    grid = table.find(qn("w:tblGrid"))
    return [] if grid is None else grid.findall(qn("w:gridCol"))


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _lines(paragraph: etree._Element) -> list[str]:
    """The lines of a paragraph as printed: a ``w:br`` starts a new one."""
    lines = [""]
    for element in paragraph.iter(qn("w:t"), qn("w:br")):
        if element.tag == qn("w:br"):
            lines.append("")
        else:
            lines[-1] += element.text or ""
    return lines


def _padding(table: etree._Element) -> int:
    margins = table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    total = 0
    for side in ("w:left", "w:right"):
        element = None if margins is None else margins.find(qn(side))
        total += int(element.get(qn("w:w"), "108")) if element is not None else 108
    return total


def _column_need(table: etree._Element, column: int, sizes: StyleSizes) -> int:
    """Width the widest line of ``column`` needs, padding not included (twips)."""
    need = 0.0
    for row in table.findall(qn("w:tr")):
        cells = row.findall(qn("w:tc"))
        if column >= len(cells):
            continue
        for paragraph in cells[column].iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            style_id = "" if style is None else style.get(qn("w:val"), "")
            if style_id in _BROKEN_TO_FIT:
                continue
            size, bold = sizes.get(style_id, (14.0, False))
            for line in _lines(paragraph):
                # The blanks a draft leaves for the number and day are no-break spaces,
                # as wide as a space (the metrics table does not list them).
                need = max(need, text_width(line.replace("\u00a0", " ").strip(), size, bold))
    return int(need) + 1


def choose_split(body: etree._Element, sizes: StyleSizes) -> Split | None:
    """The split this document's header needs, or None when the template's one fits."""
    tables = _header_tables(body)
    if not tables:
        return None
    grid = _grid(tables[0])
    left, right = (int(col.get(qn("w:w"), "0")) for col in grid)
    padding = _padding(tables[0])
    right_need = max(_column_need(t, 1, sizes) for t in tables) + padding + _SLACK
    if right_need <= right:
        return None
    left_need = max(_column_need(t, 0, sizes) for t in tables) + padding + _SLACK
    total = left + right
    new_right = min(right_need, total - left_need)
    if new_right <= right:
        return None
    return Split(total - new_right, new_right, padding)


def apply_split(body: etree._Element, split: Split) -> None:
    """Set the header tables' grid and cell widths to ``split``; the centred rules under
    the agency and the Tiêu ngữ stay centred under their lines."""
    for table in _header_tables(body):
        grid = _grid(table)
        old = [int(col.get(qn("w:w"), "0")) for col in grid]
        new = [split.left, split.right]
        for col, width in zip(grid, new, strict=True):
            col.set(qn("w:w"), str(width))
        for row in table.findall(qn("w:tr")):
            for cell, before, after in zip(row.findall(qn("w:tc")), old, new, strict=False):
                width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if width is not None:
                    width.set(qn("w:w"), str(after))
                    width.set(qn("w:type"), "dxa")
                _recentre_rules(cell, after - before)


def _recentre_rules(cell: etree._Element, change: int) -> None:
    """A rule is an empty paragraph with a bottom border between equal indents: each
    indent takes half of the cell's change of width."""
    for paragraph in cell.iter(qn("w:p")):
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None or ppr.find(qn("w:pBdr")) is None or _text(paragraph).strip():
            continue
        indent = ppr.find(qn("w:ind"))
        if indent is None:
            continue
        for side in ("w:left", "w:right"):
            if indent.get(qn(side)) is not None:
                indent.set(qn(side), str(max(0, int(indent.get(qn(side))) + change // 2)))
