"""Read any .docx into the facts that the layout rules of Nghị định 30/2020 need.

The reading goes by the parts of the file: :mod:`~generator.check.package` opens
the zip defensively, :mod:`~generator.check.formatting` resolves styles, theme
and defaults into effective values, :mod:`~generator.check.paragraphs` reads
the body's paragraphs, :mod:`~generator.check.sections` the page setup, headers
and footers, and :mod:`~generator.check.anatomy` recognises the numbered boxes
("ô") of an administrative document.  This module assembles them into one
:class:`DocumentFacts`, read once per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.anatomy import Anatomy, find_anatomy
from generator.check.formatting import Numbering, Resolver, StyleSheet, theme_fonts
from generator.check.package import CheckReadError, Package, on_off, open_package, w
from generator.check.paragraphs import BodyWalker, Paragraph, ParagraphReader
from generator.check.sections import (
    ROLES,
    HeaderFooter,
    Section,
    estimate_pages,
    read_sections,
    set_box_widths,
)

__all__ = ["CheckReadError", "DocumentFacts", "read_document"]


ROLES_BY_PAGES = {1: ("first",), 2: ("first", "even"), 3: ROLES}


@dataclass
class DocumentFacts:
    """Everything the rules look at, read once from the file."""

    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section]
    estimated_pages: int
    anatomy: Anatomy = field(default_factory=Anatomy)
    even_and_odd: bool = False  # settings.xml w:evenAndOddHeaders

    def printed_parts(
        self, kind: str, roles: tuple[str, ...] = ROLES, sections: list[Section] | None = None
    ) -> list[HeaderFooter]:
        """Distinct header (or footer) parts Word prints on the pages of ``roles``.

        A one-section document of one page prints only its first-page header, one of
        two pages its first and even ones (page 2 is even).
        """
        if len(self.sections) == 1:
            roles = tuple(r for r in roles if r in ROLES_BY_PAGES[min(self.estimated_pages, 3)])
        seen: dict[str, HeaderFooter] = {}
        for section in self.sections if sections is None else sections:
            for role in roles:
                hf = section.printed(kind, role, self.even_and_odd)
                if hf is not None:
                    seen.setdefault(hf.part, hf)
        return list(seen.values())

    @property
    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Body, table and text-box paragraphs, then those of each printed header and footer."""
        yield from self.paragraphs
        for kind in ("header", "footer"):
            for hf in self.printed_parts(kind):
                yield from hf.paragraphs


def read_document(path: str | Path) -> DocumentFacts:
    """Read ``path`` into :class:`DocumentFacts`, or raise :class:`CheckReadError`."""
    path = Path(path)
    pkg = open_package(path)
    try:
        root = pkg.xml(pkg.main)
        if root is None:
            raise CheckReadError("không phải tệp Word .docx (thiếu phần nội dung chính)")
        body = root.find(w("body"))
        if body is None:
            raise CheckReadError("tệp .docx không có phần thân văn bản (w:body)")
        theme_part = pkg.part_of_type("theme")
        styles_part = pkg.part_of_type("styles")
        numbering_part = pkg.part_of_type("numbering")
        styles = StyleSheet(
            pkg.xml(styles_part) if styles_part else None,
            theme_fonts(pkg.xml(theme_part) if theme_part else None),
        )
        resolver = Resolver(styles, Numbering(pkg.xml(numbering_part) if numbering_part else None))
        walker = BodyWalker(ParagraphReader(resolver), styles.defaults.get("table"))
        walker.walk(body)
        sections = read_sections(pkg, walker.section_props, walker.paragraphs, resolver)
        even_and_odd = _even_and_odd(pkg)
    finally:
        pkg.zf.close()
    set_box_widths(walker.paragraphs, sections)
    facts = DocumentFacts(
        path=path,
        paragraphs=walker.paragraphs,
        sections=sections,
        estimated_pages=estimate_pages(walker.paragraphs, sections),
        even_and_odd=even_and_odd,
    )
    facts.anatomy = find_anatomy(facts.paragraphs)
    return facts


def _even_and_odd(pkg: Package) -> bool:
    """Whether even pages get their own header and footer (settings.xml)."""
    part = pkg.part_of_type("settings")
    root = pkg.xml(part) if part else None
    return root is not None and bool(on_off(root.find(w("evenAndOddHeaders"))))
