"""The document under repair: the checker's facts tied to the XML elements they came from.

The rules judge :class:`~generator.check.reader.DocumentFacts`: paragraphs
with their effective formatting and the recognised parts (ô 1–9).  A repair
has to edit the ``w:p`` each of those paragraphs was read from, so the body is
walked again here with the checker's own walker, noting the element behind
each paragraph; header and footer parts are read in the same order as the
checker reads them.  If the two readings ever disagree, nothing is repaired
(a wrong element would be edited otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import cast

from lxml import etree

from generator.check.fix.ooxml import (
    Revisions,
    set_no_underline,
    set_size,
    set_toggle,
)
from generator.check.fix.package import EditablePackage, FixError
from generator.check.fix.runs import (
    Unit,
    display,
    isolate,
    locate,
    replace_text,
    runs_of,
    scan,
    widen,
)
from generator.check.formatting import Numbering, Resolver, StyleSheet, theme_fonts
from generator.check.package import MC_NS, inside, w
from generator.check.paragraphs import BodyWalker, Line, Paragraph, ParagraphReader, Where
from generator.check.reader import DocumentFacts, read_document
from generator.check.text import excerpt

_FALLBACK = f"{{{MC_NS}}}Fallback"


@dataclass(frozen=True)
class Repair:
    """One repair, said to the clerk: where, on which text, and what was changed."""

    location: str
    excerpt: str
    change: str


@dataclass(frozen=True)
class Look:
    """The decree's type for a part: a size range (and the size to use), bold, italic."""

    sizes: tuple[float, float] | None = None
    size: float | None = None  # used when out of range; else the nearest bound
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None

    def size_for(self, found: float | None) -> float | None:
        """The size a run of ``found`` points should have, or None when it may stay."""
        if self.sizes is None:
            return None
        lo, hi = self.sizes
        if found is not None and lo - 0.01 <= found <= hi + 0.01:
            return None
        if self.size is not None:
            return self.size
        return lo if found is None or found < lo else hi


class _Recorder(ParagraphReader):
    """Notes the element and table style of each paragraph, in the checker's walking order.

    It reads nothing itself (the checker's facts are already read); each element is
    compared with the checker's paragraph when a repair first asks for it.
    """

    def __init__(self, resolver: Resolver) -> None:
        super().__init__(resolver)
        self.seen: list[tuple[etree._Element, str | None]] = []

    def read(
        self, p: etree._Element, where: Where, section: int, table_style: str | None
    ) -> Paragraph:
        self.seen.append((p, table_style))
        return cast(Paragraph, None)


def _pt(value: float | None) -> str:
    return "không rõ" if value is None else f"{value:g}".replace(".", ",") + " pt"


@dataclass
class Draft:
    """One document being repaired: its package, facts, elements and the repairs made."""

    path: Path
    package: EditablePackage
    facts: DocumentFacts
    resolver: Resolver
    marks: Revisions
    body: list[tuple[etree._Element, str | None]]
    section_props: list[etree._Element | None]
    parts: dict[str, list[etree._Element]]
    repairs: list[Repair] = field(default_factory=list)
    texts: dict[tuple[int, str], str] = field(default_factory=dict)
    verified: set[int] = field(default_factory=set)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls, path: Path, when: datetime | None = None, facts: DocumentFacts | None = None
    ) -> Draft:
        """The document at ``path``, with ``facts`` when the checker has already read them."""
        facts = facts if facts is not None else read_document(path)
        package = EditablePackage(path)
        root = package.xml(package.main)
        body = root.find(w("body")) if root is not None else None
        if root is None or body is None:
            raise FixError("tệp .docx không có phần thân văn bản")
        resolver = _resolver(package)
        recorder = _Recorder(resolver)
        walker = BodyWalker(recorder, resolver.styles.defaults.get("table"))
        with _without_fallbacks(root):
            walker.walk(body)
        if len(recorder.seen) != len(facts.paragraphs):
            raise FixError(_MISMATCH)
        parts: dict[str, list[etree._Element]] = {}
        for section in facts.sections:
            for hf in [*section.headers.values(), *section.footers.values()]:
                if hf is None or hf.part in parts:
                    continue
                part_root = package.xml(hf.part)
                found = (
                    [p for p in part_root.iter(w("p")) if not inside(p, part_root, {_FALLBACK})]
                    if part_root is not None
                    else []
                )
                if len(found) != len(hf.paragraphs):
                    raise FixError(_MISMATCH)
                parts[hf.part] = found
        marks = Revisions(_first_free_id(package), when)
        draft = cls(
            path=path,
            package=package,
            facts=facts,
            resolver=resolver,
            marks=marks,
            body=recorder.seen,
            section_props=walker.section_props,
            parts=parts,
        )
        # Headers and footers are compared now: a page number may be put into one of their
        # paragraphs before a font repair first asks for it.
        for section in facts.sections:
            for hf in [*section.headers.values(), *section.footers.values()]:
                for para in hf.paragraphs if hf is not None else []:
                    draft.element(para)
        return draft

    # ------------------------------------------------------------------ elements

    def element(self, para: Paragraph) -> tuple[etree._Element, str | None]:
        """The ``w:p`` a paragraph was read from, and the table style it was read with.

        The first time, its printed text is compared with the checker's (before any
        repair of it): a different paragraph must never be edited.
        """
        if para.where.kind in ("header", "footer") and para.where.part is not None:
            found: tuple[etree._Element, str | None] = (
                self.parts[para.where.part][para.index], None
            )
        else:
            found = self.body[para.index]
        if id(para) not in self.verified:
            shown = display(scan(found[0], self.resolver, found[1]))
            text = para.text
            if para.label and text.startswith(para.label):
                text = text[len(para.label) :]
            if _squash(shown) != _squash(text):
                raise FixError(_MISMATCH)
            self.verified.add(id(para))
        return found

    def units(self, para: Paragraph) -> list[Unit]:
        p, table_style = self.element(para)
        return scan(p, self.resolver, table_style)

    def current_text(self, line: Line) -> str:
        """A line's text now: after a text repair, the repaired text."""
        return self.texts.get((id(line.para), line.text), line.text)

    def span(self, line: Line) -> tuple[int, int] | None:
        """The units printing ``line`` in its paragraph, or None when it cannot be found."""
        return locate(self.units(line.para), self.current_text(line), line.para.label)

    def whole(self, para: Paragraph) -> Line:
        """A paragraph as one line (body paragraphs are judged whole)."""
        return Line(para, para.runs, para.text.strip())

    # ------------------------------------------------------------------ repairs

    def note(self, location: str, text: str, change: str) -> None:
        self.repairs.append(Repair(location, excerpt(text), change))

    def set_text(self, line: Line, new: str, location: str, change: str | None = None) -> bool:
        """Make ``line`` read ``new`` (tracked); False when it cannot be done safely."""
        old = self.current_text(line)
        if new == old:
            return True
        span = self.span(line)
        if span is None:
            return False
        p, table_style = self.element(line.para)
        printed = new
        label = line.para.label
        if label and old.startswith(label) and new.startswith(label):
            printed = new[len(label) :].strip()  # a list label is drawn by Word, not typed
        if not replace_text(p, self.resolver, table_style, span, printed, self.marks):
            return False
        self.texts[(id(line.para), line.text)] = new
        self.note(location, old, change or changed_words(old, new))
        return True

    def restyle(
        self, line: Line, look: Look, location: str, within: tuple[int, int] | None = None
    ) -> bool:
        """Give the printed runs of ``line`` the look the decree sets; True if anything changed.

        ``within`` narrows the change to part of the line (unit offsets in it).
        """
        span = self.span(line)
        if span is None:
            return False
        if within is not None:
            span = (span[0] + within[0], span[0] + within[1])
        p, table_style = self.element(line.para)
        units = scan(p, self.resolver, table_style)
        span = widen(units, span)
        if not self._needs(units[span[0] : span[1]], p, table_style, look):
            return False
        units = isolate(p, self.resolver, table_style, list(span))
        changes: dict[str, None] = {}
        ppr = p.find(w("pPr"))
        for run in runs_of(units[span[0] : span[1]]):
            if not any(u.display.strip() for u in units[span[0] : span[1]] if u.run is run):
                continue
            levels = self.resolver.run_levels(run.find(w("rPr")), ppr, table_style)
            now = self.resolver.run("x", levels)
            wanted = look.size_for(now.size)

            def mutate(
                rpr: etree._Element, now_bold: bool = now.bold, now_italic: bool = now.italic,
                now_underline: bool = now.underline, size: float | None = wanted,
            ) -> None:
                if size is not None:
                    set_size(rpr, size)
                if look.bold is not None and look.bold != now_bold:
                    set_toggle(rpr, "b", look.bold)
                if look.italic is not None and look.italic != now_italic:
                    set_toggle(rpr, "i", look.italic)
                if look.underline is False and now_underline:
                    set_no_underline(rpr)

            if self.marks.change_rpr(run, mutate):
                if wanted is not None:
                    changes[f"cỡ chữ {_pt(now.size)} → {_pt(wanted)}"] = None
                if look.bold is not None and look.bold != now.bold:
                    changes["in đậm" if look.bold else "bỏ in đậm"] = None
                if look.italic is not None and look.italic != now.italic:
                    changes["in nghiêng" if look.italic else "bỏ in nghiêng"] = None
                if look.underline is False and now.underline:
                    changes["bỏ gạch chân"] = None
        if changes:
            self.note(location, self.current_text(line), "; ".join(changes))
        return bool(changes)

    def _needs(
        self, units: list[Unit], p: etree._Element, table_style: str | None, look: Look
    ) -> bool:
        ppr = p.find(w("pPr"))
        for run in runs_of([u for u in units if u.display.strip()]):
            now = self.resolver.run(
                "x", self.resolver.run_levels(run.find(w("rPr")), ppr, table_style)
            )
            if (
                look.size_for(now.size) is not None
                or (look.bold is not None and look.bold != now.bold)
                or (look.italic is not None and look.italic != now.italic)
                or (look.underline is False and now.underline)
            ):
                return True
        return False


# --------------------------------------------------------------------------- helpers


def changed_words(old: str, new: str, context: int = 12) -> str:
    """ "«old» → «new»", cut to the words that differ when the line is long."""
    if len(old) <= 60 and len(new) <= 60:
        return f"«{old}» → «{new}»"
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, head - context)
    while start > 0 and not old[start - 1].isspace():
        start -= 1

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + context)
        while end < len(text) and not text[end].isspace():
            end += 1
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return f"«{cut(old)}» → «{cut(new)}»"


def _resolver(package: EditablePackage) -> Resolver:
    styles_part = package.part_of_type("styles")
    theme_part = package.part_of_type("theme")
    numbering_part = package.part_of_type("numbering")
    styles = StyleSheet(
        package.xml(styles_part) if styles_part else None,
        theme_fonts(package.xml(theme_part) if theme_part else None),
    )
    return Resolver(styles, Numbering(package.xml(numbering_part) if numbering_part else None))


class _without_fallbacks:
    """Take ``mc:Fallback`` copies out while the walker reads, and put them back after.

    The checker reads each text box once (its ``mc:Choice``); the repaired file
    keeps the fallbacks that older readers need.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.taken: list[tuple[etree._Element, etree._Element, int]] = []

    def __enter__(self) -> None:
        for fallback in list(self.root.iter(_FALLBACK)):
            parent = fallback.getparent()
            if parent is not None:
                self.taken.append((fallback, parent, parent.index(fallback)))
                parent.remove(fallback)

    def __exit__(self, *exc: object) -> None:
        for fallback, parent, index in reversed(self.taken):
            parent.insert(index, fallback)


_MISMATCH = (
    "không đối chiếu được các đoạn văn với kết quả kiểm tra (lỗi nội bộ); tệp không được sửa"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _first_free_id(package: EditablePackage) -> int:
    """One more than the largest ``w:id`` in any part (revisions, comments, bookmarks)."""
    highest = 0
    for name, data in package.data.items():
        if name.startswith("word/") and name.endswith(".xml"):
            for value in re.findall(rb'\bw:id="(\d+)"', data):
                highest = max(highest, int(value))
    return highest + 1
