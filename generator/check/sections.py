"""Sections: page setup, headers and footers, and the page geometry derived from them.

Headers and footers are resolved the way Word prints them: a section that does
not name a header of some type inherits the previous section's; the first page
of a section uses the "first" header only when ``w:titlePg`` is on, and even
pages use the "even" header only when ``w:evenAndOddHeaders`` is on in
settings.xml.  A part that is never printed (an even footer with the setting
off) is not judged.  Each part is read once.  The page count is estimated here
(page numbers matter only from page 2 on), and so is the text width each
paragraph may use (for the length of drawn rules).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from generator.check.formatting import Resolver
from generator.check.package import MC_NS, R_NS, Package, child_of, inside, on_off, to_int, w
from generator.check.paragraphs import Paragraph, ParagraphReader, Where


@dataclass
class HeaderFooter:
    """A header or footer part: its paragraphs, and whether it holds a PAGE field."""

    part: str
    kind: str  # header | footer
    paragraphs: list[Paragraph]

    @property
    def page_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.has_page_field]


# Which pages of a section a header or footer is printed on: its first page, the odd pages
# after it, and the even ones.
ROLES = ("first", "odd", "even")


@dataclass
class Section:
    """Page setup of one section, with headers and footers after inheritance."""

    index: int
    width: int | None
    height: int | None
    orient: str
    margins: dict[str, int | None]
    title_page: bool
    headers: dict[str, HeaderFooter | None]
    footers: dict[str, HeaderFooter | None]
    page_start: int | None = None  # w:pgNumType/@w:start: the section restarts its numbering

    def printed(self, kind: str, role: str, even_and_odd: bool) -> HeaderFooter | None:
        """The header (or footer) Word prints on the pages of ``role`` in this section."""
        parts = self.headers if kind == "header" else self.footers
        if role == "first" and self.title_page:
            return parts.get("first")
        if role == "even" and even_and_odd:
            return parts.get("even")
        return parts.get("default")


def _read_header_footer(
    pkg: Package, part: str, kind: str, resolver: Resolver, cache: dict[str, HeaderFooter]
) -> HeaderFooter | None:
    """A header/footer part read once, however many sections refer to it."""
    if part in cache:
        return cache[part]
    root = pkg.xml(part)
    if root is None:
        return None
    reader = ParagraphReader(resolver)
    paras = [
        reader.read(p, Where(kind, part=part), 0, None)
        for p in root.iter(w("p"))
        if not inside(p, root, {f"{{{MC_NS}}}Fallback"})
    ]
    cache[part] = HeaderFooter(part=part, kind=kind, paragraphs=paras)
    return cache[part]


def read_sections(
    pkg: Package, props: list[etree._Element | None], paras: list[Paragraph], resolver: Resolver
) -> list[Section]:
    """Sections with page setup; headers and footers inherit from the previous section."""
    cache: dict[str, HeaderFooter] = {}
    sections: list[Section] = []
    prev_h: dict[str, HeaderFooter | None] = {"default": None, "first": None, "even": None}
    prev_f: dict[str, HeaderFooter | None] = dict(prev_h)
    if not props:
        props = [None]
    for i, sp in enumerate(props):
        heads = dict(prev_h)
        foots = dict(prev_f)
        for ref_tag, target, kind in (
            ("headerReference", heads, "header"),
            ("footerReference", foots, "footer"),
        ):
            for ref in sp.iter(w(ref_tag)) if sp is not None else ():
                rel = pkg.rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None:
                    target[ref.get(w("type"), "default")] = _read_header_footer(
                        pkg, rel[1], kind, resolver, cache
                    )
        prev_h, prev_f = heads, foots
        pg_sz = child_of(sp, "pgSz")
        pg_mar = child_of(sp, "pgMar")
        pg_num = child_of(sp, "pgNumType")
        start = pg_num.get(w("start")) if pg_num is not None else None
        sections.append(
            Section(
                index=i,
                width=_page_dim(pg_sz, "w"),
                height=_page_dim(pg_sz, "h"),
                orient=pg_sz.get(w("orient"), "portrait") if pg_sz is not None else "portrait",
                margins={
                    side: (
                        abs(to_int(pg_mar.get(w(side))))
                        if pg_mar is not None and pg_mar.get(w(side))
                        else None
                    )
                    for side in ("top", "bottom", "left", "right")
                },
                title_page=bool(on_off(child_of(sp, "titlePg"))),
                headers=heads,
                footers=foots,
                page_start=to_int(start) if start is not None else None,
            )
        )
    return sections


def _page_dim(pg_sz: etree._Element | None, attr: str) -> int | None:
    """A page dimension from ``w:pgSz`` in twips, None when not written."""
    return to_int(pg_sz.get(w(attr))) if pg_sz is not None and pg_sz.get(w(attr)) else None


def estimate_pages(paras: list[Paragraph], sections: list[Section]) -> int:
    """A rough page count: Word's last rendered breaks when present, else text height.

    Page numbers matter only from page 2 on, and python-docx files carry no page
    count of their own, so we estimate: characters per line from the text width
    and font size, line height 1.2 × size, plus paragraph spacing.
    """
    rendered = sum(p.rendered_breaks for p in paras)
    sec = sections[0]
    width_pt = (
        (sec.width or 11906) - (sec.margins["left"] or 1701) - (sec.margins["right"] or 850)
    ) / 20
    height_pt = (
        (sec.height or 16838) - (sec.margins["top"] or 1134) - (sec.margins["bottom"] or 1134)
    ) / 20
    cells: dict[tuple[int | None, int | None], dict[int | None, float]] = {}
    total = 0.0
    pages = 1
    for p in paras:
        if p.page_breaks and total > 0:
            pages += p.page_breaks
            total = 0.0
        size = max((r.size or 12) for r in p.runs) if p.runs else 12.0
        share = 0.5 if p.in_table else 1.0
        per_line = max(10, int(width_pt * share / (size * 0.5)))
        lines = max(1, math.ceil(len(p.text) / per_line))
        height = lines * size * 1.2 + (p.before + p.after) / 20
        if p.in_table:
            row = cells.setdefault((p.where.table, p.where.row), {})
            row[p.where.col] = row.get(p.where.col, 0.0) + height
        else:
            total += height
    total += sum(max(row.values()) for row in cells.values())
    pages += int(total // max(height_pt, 100))
    return max(pages, 1 + rendered)


CELL_MARGINS = 216  # Word's default left + right cell margins (108 twips each)


def set_box_widths(paras: list[Paragraph], sections: list[Section]) -> None:
    """Text width each paragraph may use: its cell or its section's text area, less indents."""
    for p in paras:
        if p.in_table:
            base = p.where.cell_width - CELL_MARGINS if p.where.cell_width else None
        elif p.where.kind == "body" and p.section < len(sections):
            sec = sections[p.section]
            width, left, right = sec.width, sec.margins["left"], sec.margins["right"]
            base = (
                width - left - right if width and left is not None and right is not None else None
            )
        else:
            base = None
        p.box_width = base - p.left - p.right if base is not None else None
