"""Paragraphs: their effective properties and runs, where they live, and their visual lines.

:class:`ParagraphReader` turns one ``w:p`` into a :class:`Paragraph` (alignment,
indents, spacing, borders, drawn rules, page breaks, the PAGE field);
:class:`BodyWalker` reads the body in document order, through tables, text
boxes and content controls, and notes where each section ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from generator.check.formatting import Resolver, Run, attr_chain, nearest, nearest_attr, style_val
from generator.check.package import MC_NS, child_of, inside, on_off, to_int, val_int, w
from generator.check.shapes import shape_widths
from generator.check.text import clean


@dataclass(frozen=True)
class Where:
    """Which container a paragraph lives in: the body, a table cell, a text box, a header…"""

    kind: str  # body | table | textbox | header | footer
    table: int | None = None
    row: int | None = None
    col: int | None = None
    part: str | None = None
    cell_width: int | None = None


@dataclass
class Paragraph:
    """One paragraph with its effective paragraph properties and runs."""

    index: int
    text: str
    runs: tuple[Run, ...]
    label: str
    align: str
    left: int
    right: int
    first_line: int
    before: int
    after: int
    line: int | None
    line_rule: str
    contextual: bool
    style_id: str | None
    border_bottom: bool
    border_top: bool
    shapes: tuple[int | None, ...]
    page_breaks: int
    rendered_breaks: int
    where: Where
    section: int
    has_page_field: bool = False
    page_field_size: float | None = None
    page_field_italic: bool = False
    tabs: tuple[tuple[str, int], ...] = ()
    box_width: int | None = None  # text width available to the paragraph (twips)

    @property
    def in_table(self) -> bool:
        return self.where.kind == "table"


@dataclass(frozen=True)
class Line:
    """A visual line of a paragraph (split at soft breaks, and at tabs in the header)."""

    para: Paragraph
    runs: tuple[Run, ...]
    text: str
    column: int = -1

    @property
    def visible_runs(self) -> tuple[Run, ...]:
        """The runs whose size and style a reader sees: not blank, not a raised footnote mark."""
        return tuple(r for r in self.runs if r.text.strip() and not r.raised)


# --------------------------------------------------------------------------- reading one paragraph


@dataclass(frozen=True)
class _ParaProps:
    """A paragraph's effective properties, shared by every paragraph with the same pPr."""

    num: tuple[str, int] | None
    align: str
    left: int
    right: int
    first_line: int
    before: int
    after: int
    line: int | None
    line_rule: str
    contextual: bool
    style_id: str | None
    border_bottom: bool
    border_top: bool
    tabs: tuple[tuple[str, int], ...]
    page_break_before: int


_SKIP_ANCESTORS = {w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC_NS}}}Fallback"}
_ALIGN = {
    "both": "both",
    "distribute": "both",
    "justify": "both",
    "center": "center",
    "right": "right",
    "end": "right",
    "left": "left",
    "start": "left",
}
PAGE_FIELD = re.compile(r"(^|\s)PAGE(\s|\\|$)")
W_R = w("r")


def _run_text(r: etree._Element) -> tuple[str, int, int]:
    """Visible text of a ``w:r``, with counts of hard and last-rendered page breaks."""
    out: list[str] = []
    breaks = rendered = 0
    for child in r:
        tag = child.tag
        if tag == w("t"):
            out.append(child.text or "")
        elif tag == w("tab") or tag == w("ptab"):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            if child.get(w("type")) == "page":
                breaks += 1
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("lastRenderedPageBreak"):
            rendered += 1
    return "".join(out), breaks, rendered


class ParagraphReader:
    """Builds :class:`Paragraph` facts from ``w:p`` elements, in document order."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.count = 0
        self.table_count = 0
        self._cache: dict[tuple[bytes, str | None], _ParaProps] = {}

    def read(
        self, p: etree._Element, where: Where, section: int, table_style: str | None
    ) -> Paragraph:
        """Effective facts for one paragraph."""
        ppr = p.find(w("pPr"))
        props = self._props(ppr, table_style)
        runs, breaks, rendered, page = self._runs(p, ppr, table_style)
        label = clean(self.resolver.numbering.label(*props.num)) if props.num else ""
        text = clean((label + " " if label else "") + "".join(r.text for r in runs))
        self.count += 1
        return Paragraph(
            index=self.count - 1,
            text=text,
            runs=tuple(runs),
            label=label,
            align=props.align,
            left=props.left,
            right=props.right,
            first_line=props.first_line,
            before=props.before,
            after=props.after,
            line=props.line,
            line_rule=props.line_rule,
            contextual=props.contextual,
            style_id=props.style_id,
            border_bottom=props.border_bottom,
            border_top=props.border_top,
            shapes=shape_widths(p),
            page_breaks=breaks + props.page_break_before,
            rendered_breaks=rendered,
            where=where,
            section=section,
            has_page_field=page[0],
            page_field_size=page[1],
            page_field_italic=page[2],
            tabs=props.tabs,
        )

    def _props(self, ppr: etree._Element | None, table_style: str | None) -> _ParaProps:
        """Effective paragraph properties, resolved once per distinct pPr (and table style)."""
        key = (etree.tostring(ppr) if ppr is not None else b"", table_style)
        found = self._cache.get(key)
        if found is not None:
            return found
        plevels = self.resolver.para_levels(ppr, table_style)
        ind = [child_of(lv, "ind") for lv in plevels]
        spacing = self._spacing(plevels)
        bdr = [child_of(lv, "pBdr") for lv in plevels]
        found = _ParaProps(
            num=self.resolver.num_ref(ppr),
            align=_ALIGN.get(nearest_attr(plevels, "jc", ("val",)) or "left", "left"),
            left=to_int(attr_chain(ind, ("left", "start"))),
            right=to_int(attr_chain(ind, ("right", "end"))),
            first_line=self._first_line(ind),
            before=spacing[0],
            after=spacing[1],
            line=spacing[2],
            line_rule=spacing[3],
            contextual=bool(on_off(nearest(plevels, "contextualSpacing"))),
            style_id=style_val(ppr, "pStyle") or self.resolver.styles.defaults.get("paragraph"),
            border_bottom=_border(bdr, "bottom"),
            border_top=_border(bdr, "top"),
            tabs=self._tabs(plevels),
            page_break_before=int(bool(on_off(nearest(plevels, "pageBreakBefore")))),
        )
        self._cache[key] = found
        return found

    @staticmethod
    def _first_line(ind: list[etree._Element | None]) -> int:
        """First-line offset: the nearest level that sets either firstLine or hanging wins."""
        for el in ind:
            if el is None:
                continue
            if el.get(w("hanging")) is not None:
                return -to_int(el.get(w("hanging")))
            if el.get(w("firstLine")) is not None:
                return to_int(el.get(w("firstLine")))
        return 0

    @staticmethod
    def _spacing(levels: list[etree._Element | None]) -> tuple[int, int, int | None, str]:
        """(before, after, line, lineRule); HTML auto-spacing counts as 14 pt."""
        sp = [child_of(lv, "spacing") for lv in levels]
        before = to_int(attr_chain(sp, ("before",)))
        after = to_int(attr_chain(sp, ("after",)))
        if attr_chain(sp, ("beforeAutospacing",)) in ("1", "true", "on"):
            before = 280
        if attr_chain(sp, ("afterAutospacing",)) in ("1", "true", "on"):
            after = 280
        line = attr_chain(sp, ("line",))
        rule = attr_chain(sp, ("lineRule",)) or "auto"
        return before, after, (to_int(line) if line is not None else None), rule

    @staticmethod
    def _tabs(levels: list[etree._Element | None]) -> tuple[tuple[str, int], ...]:
        """Effective tab stops: lower levels first, nearer levels add or clear stops."""
        stops: dict[int, str] = {}
        for level in reversed(levels):
            tabs = child_of(level, "tabs")
            if tabs is None:
                continue
            for tab in tabs.iter(w("tab")):
                pos = to_int(tab.get(w("pos")))
                if tab.get(w("val")) == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = tab.get(w("val"), "left")
        return tuple((kind, pos) for pos, kind in sorted(stops.items()))

    def _runs(
        self, p: etree._Element, ppr: etree._Element | None, table_style: str | None
    ) -> tuple[list[Run], int, int, tuple[bool, float | None, bool]]:
        """Runs with effective formatting, page-break counts and PAGE-field facts.

        Complex fields (``w:fldChar`` begin/separate/end with ``w:instrText``) and
        simple fields (``w:fldSimple``) are both recognised; the page number's
        size is that of its displayed result, or of the field's first run.
        """
        runs: list[Run] = []
        breaks = rendered = 0
        stack: list[_Field] = []
        page = _PageField()
        for r in p.iter(W_R):
            if r.getparent() is not p and inside(r, p, _SKIP_ANCESTORS):
                continue
            fmt = self.resolver.run_format(r.find(w("rPr")), ppr, table_style)
            if self._field_parts(r, fmt.look, stack, page):
                continue
            simple = r.getparent()
            if simple is not None and simple.tag == w("fldSimple"):
                if PAGE_FIELD.search(simple.get(w("instr"), "").upper()):
                    page.note(fmt.look, result=True)
            if fmt.hidden:
                continue
            text, b, rr = _run_text(r)
            breaks += b
            rendered += rr
            if not text:
                continue
            text = clean(text)
            run = fmt.look.with_text(text.upper() if fmt.caps else text)
            if stack and stack[-1].is_page and stack[-1].in_result:
                page.note(run, result=True)
            runs.append(run)
        for simple in p.iter(w("fldSimple")):
            if PAGE_FIELD.search(simple.get(w("instr"), "").upper()) and not page.found:
                page.note(self.resolver.run_format(None, ppr, table_style).look, result=False)
        return runs, breaks, rendered, (page.found, page.size, page.italic)

    def _field_parts(
        self,
        r: etree._Element,
        look: Run,
        stack: list[_Field],
        page: _PageField,
    ) -> bool:
        """Track complex fields through one run; True when the run holds only field codes."""
        handled = False
        for child in r:
            if child.tag == w("fldChar"):
                handled = True
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    stack.append(_Field(probe=look))
                elif kind == "separate" and stack:
                    stack[-1].in_result = True
                elif kind == "end" and stack:
                    done = stack.pop()
                    if done.is_page:
                        page.note(done.probe, result=False)
            elif child.tag == w("instrText") and stack:
                handled = True
                stack[-1].instr += child.text or ""
        return handled


@dataclass
class _Field:
    """A complex field being read: its instruction so far, and whether we are in its result."""

    probe: Run
    instr: str = ""
    in_result: bool = False

    @property
    def is_page(self) -> bool:
        return bool(PAGE_FIELD.search(self.instr.upper()))


@dataclass
class _PageField:
    """A paragraph's PAGE field; a displayed result's format beats the field's first run."""

    found: bool = False
    size: float | None = None
    italic: bool = False
    from_result: bool = False

    def note(self, run: Run, result: bool) -> None:
        if self.from_result and not result:
            self.found = True
            return
        self.found = True
        if result and self.from_result:
            return
        self.size, self.italic, self.from_result = run.size, run.italic, result


def _border(levels: list[etree._Element | None], side: str) -> bool:
    """Whether the nearest paragraph border definition draws a line on ``side``."""
    for pbdr in levels:
        if pbdr is None:
            continue
        el = pbdr.find(w(side))
        if el is not None:
            return el.get(w("val"), "single") not in ("nil", "none")
    return False


# --------------------------------------------------------------------------- visual lines


def split_line(p: Paragraph, tabs: bool) -> list[Line]:
    """Visual lines of a paragraph: soft breaks always split; tabs too when asked.

    Hand-made headers put "UBND TỈNH\\tCỘNG HÒA…" on one line with tabs, or
    several lines in one paragraph with Shift+Enter.
    """
    pieces: list[list[Run]] = [[]]
    for run in p.runs:
        parts = re.split(r"(\n|\t+)" if tabs else r"(\n)", run.text)
        for part in parts:
            if part == "\n" or (tabs and part.startswith("\t")):
                pieces.append([])
            elif part:
                pieces[-1].append(run.with_text(part))
    lines: list[Line] = []
    for i, runs in enumerate(pieces):
        text = "".join(r.text for r in runs)
        if i == 0 and p.label:
            text = p.label + " " + text
        if text.strip():
            lines.append(Line(p, tuple(runs), text.strip()))
    return lines


def cut_line(line: Line, start: int, end: int | None = None) -> Line:
    """The part of a line between two offsets of its runs' joined text, formatting kept."""
    raw = "".join(r.text for r in line.runs)
    stop = len(raw) if end is None else end
    runs: list[Run] = []
    pos = 0
    for run in line.runs:
        a, b = max(start, pos), min(stop, pos + len(run.text))
        if a < b:
            runs.append(run.with_text(run.text[a - pos : b - pos]))
        pos += len(run.text)
    return Line(line.para, tuple(runs), "".join(r.text for r in runs).strip(), line.column)


# --------------------------------------------------------------------------- walking the body


def _content_children(el: etree._Element) -> Iterator[etree._Element]:
    """Block children, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag in (w("sdt"),):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _content_children(content)
        elif child.tag in (w("customXml"), w("smartTag")):
            yield from _content_children(child)
        else:
            yield child


class BodyWalker:
    """Walks the body in document order, numbering tables and tracking sections."""

    def __init__(self, reader: ParagraphReader, default_table_style: str | None) -> None:
        self.reader = reader
        self.default_table_style = default_table_style
        self.paragraphs: list[Paragraph] = []
        self.section = 0
        self.section_props: list[etree._Element | None] = []

    def walk(self, container: etree._Element, kind: str = "body") -> None:
        """Read every paragraph below ``container`` (tables and text boxes included)."""
        for child in _content_children(container):
            if child.tag == w("p"):
                self._paragraph(child, Where(kind), None)
                sect = child.find(f"{w('pPr')}/{w('sectPr')}")
                if sect is not None and kind == "body":
                    self.section_props.append(sect)
                    self.section += 1
            elif child.tag == w("tbl"):
                self._table(child)
            elif child.tag == w("sectPr") and kind == "body":
                self.section_props.append(child)

    def _paragraph(self, p: etree._Element, where: Where, table_style: str | None) -> None:
        for box in p.iter(w("txbxContent")):
            if not inside(box, p, {w("txbxContent")}):
                for inner in _content_children(box):
                    if inner.tag == w("p"):
                        self._paragraph(inner, Where("textbox"), None)
        self.paragraphs.append(self.reader.read(p, where, self.section, table_style))

    def _table(self, tbl: etree._Element) -> None:
        table_id = self.reader.table_count
        self.reader.table_count += 1
        style_el = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        style = style_el.get(w("val")) if style_el is not None else self.default_table_style
        grid = [
            to_int(g.get(w("w")))
            for g in tbl.iter(w("gridCol"))
            if g.getparent().getparent() is tbl
        ]
        for row_no, tr in enumerate(c for c in _content_children(tbl) if c.tag == w("tr")):
            col = 0
            for tc in (c for c in _content_children(tr) if c.tag == w("tc")):
                span = val_int(tc.find(f"{w('tcPr')}/{w('gridSpan')}"), 1)
                where = Where(
                    "table", table_id, row_no, col, cell_width=_cell_width(tc, grid, col, span)
                )
                for block in _content_children(tc):
                    if block.tag == w("p"):
                        self._paragraph(block, where, style)
                    elif block.tag == w("tbl"):
                        self._table(block)
                col += span


def _cell_width(tc: etree._Element, grid: list[int], col: int, span: int) -> int | None:
    """Width of a table cell in twips: its own ``tcW`` in dxa, else the grid columns it spans."""
    tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
    if tcw is not None and tcw.get(w("type"), "dxa") == "dxa" and to_int(tcw.get(w("w"))) > 0:
        return to_int(tcw.get(w("w")))
    spanned = grid[col : col + span]
    return sum(spanned) if spanned else None
