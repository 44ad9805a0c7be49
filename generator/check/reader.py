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
from generator.check.package import CheckReadError, open_package, w
from generator.check.paragraphs import BodyWalker, Paragraph, ParagraphReader
from generator.check.sections import Section, estimate_pages, read_sections, set_box_widths

__all__ = ["CheckReadError", "DocumentFacts", "read_document"]


@dataclass
class DocumentFacts:
    """Everything the rules look at, read once from the file."""

    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section]
    estimated_pages: int
    anatomy: Anatomy = field(default_factory=Anatomy)

    @property
    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Body, table, text-box, header and footer paragraphs, each header part once."""
        yield from self.paragraphs
        seen: set[str] = set()
        for section in self.sections:
            for hf in [*section.headers.values(), *section.footers.values()]:
                if hf is not None and hf.part not in seen:
                    seen.add(hf.part)
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
    finally:
        pkg.zf.close()
    set_box_widths(walker.paragraphs, sections)
    facts = DocumentFacts(
        path=path,
        paragraphs=walker.paragraphs,
        sections=sections,
        estimated_pages=estimate_pages(walker.paragraphs, sections),
    )
    facts.anatomy = find_anatomy(facts.paragraphs)
    return facts
