"""Effective formatting: what a run or paragraph looks like after styles, theme and defaults.

Why a resolver of our own rather than python-docx's object model: the checker
must judge documents written by hand in Word or LibreOffice as well as ours.
There a run's size, bold, italic and font may come from the run itself, its
character style, the paragraph style and its ``basedOn`` chain, a table style
or the document defaults (``w:docDefaults``), and fonts may be theme
references.  python-docx reports only what is written on each element, so this
module resolves *effective* values the way Word does, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from generator.check.package import A_NS, child_of, on_off, to_int, val_int, w
from generator.domain.vietnamese import roman

TIMES = "Times New Roman"


@dataclass(frozen=True)
class Run:
    """A stretch of text with its *effective* formatting (after styles and defaults)."""

    text: str
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    fonts: tuple[str, ...]
    color: str | None = None
    raised: bool = False  # superscript or subscript: a footnote mark, "m²"

    def with_text(self, text: str) -> Run:
        """The same formatting over other text (cheaper than dataclasses.replace)."""
        return Run(
            text, self.size, self.bold, self.italic, self.underline, self.fonts, self.color,
            self.raised,
        )


# --------------------------------------------------------------------------- theme and styles


def theme_fonts(root: etree._Element | None) -> dict[str, str]:
    """Theme font slots (``minorHAnsi``…) mapped to typefaces; empty names are unknown."""
    fonts: dict[str, str] = {}
    if root is None:
        return fonts
    for scheme, prefix in (("majorFont", "major"), ("minorFont", "minor")):
        node = root.find(f".//{{{A_NS}}}{scheme}")
        if node is None:
            continue
        for child, slots in (
            ("latin", ("Ascii", "HAnsi")),
            ("ea", ("EastAsia",)),
            ("cs", ("Bidi",)),
        ):
            el = node.find(f"{{{A_NS}}}{child}")
            face = el.get("typeface", "") if el is not None else ""
            for slot in slots:
                if face:
                    fonts[prefix + slot] = face
    return fonts


@dataclass
class _Style:
    """One style definition as written in styles.xml."""

    kind: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class StyleSheet:
    """Styles, document defaults and theme fonts: the lower levels of formatting."""

    def __init__(self, root: etree._Element | None, theme: dict[str, str]) -> None:
        self.styles: dict[str, _Style] = {}
        self.defaults: dict[str, str] = {}
        self.doc_ppr: etree._Element | None = None
        self.doc_rpr: etree._Element | None = None
        self.theme = theme
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        self.doc_rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.doc_ppr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"), "")
            kind = st.get(w("type"), "paragraph")
            based = st.find(w("basedOn"))
            self.styles[sid] = _Style(
                kind=kind,
                based_on=based.get(w("val")) if based is not None else None,
                ppr=st.find(w("pPr")),
                rpr=st.find(w("rPr")),
            )
            if st.get(w("default")) in ("1", "true", "on"):
                self.defaults.setdefault(kind, sid)

    def chain(self, style_id: str | None, kind: str) -> list[_Style]:
        """The style and its ``basedOn`` ancestors, nearest first (cycles cut)."""
        if style_id is None or style_id not in self.styles:
            style_id = self.defaults.get(kind) if kind != "character" else None
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            out.append(st)
            style_id = st.based_on
        return out

    def theme_font(self, slot: str) -> str:
        """A theme slot's typeface; unknown slots are named so they are never taken for Times."""
        return self.theme.get(slot, f"(phông theme {slot} không xác định)")


# --------------------------------------------------------------------------- numbering


class Numbering:
    """List definitions, and counters that turn list levels into visible labels ("I.", "a)")."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, etree._Element]] = {}
        self.nums: dict[str, tuple[str, dict[int, etree._Element]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        for ab in root.iter(w("abstractNum")):
            levels = {int(lvl.get(w("ilvl"), "0")): lvl for lvl in ab.iter(w("lvl"))}
            self.abstract[ab.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            ab_id = num.find(w("abstractNumId"))
            overrides: dict[int, etree._Element] = {}
            for ov in num.iter(w("lvlOverride")):
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    overrides[int(ov.get(w("ilvl"), "0"))] = lvl
            self.nums[num.get(w("numId"), "")] = (
                ab_id.get(w("val"), "") if ab_id is not None else "",
                overrides,
            )

    def level(self, num_id: str, ilvl: int) -> etree._Element | None:
        """The ``w:lvl`` element for a list level, overrides first."""
        if num_id not in self.nums:
            return None
        ab_id, overrides = self.nums[num_id]
        return overrides.get(ilvl) or self.abstract.get(ab_id, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counters and return the label Word would display."""
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, val_int(lvl.find(w("start")), 1) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt_el = lvl.find(w("numFmt"))
        text_el = lvl.find(w("lvlText"))
        template = text_el.get(w("val"), "") if text_el is not None else ""
        if fmt_el is not None and fmt_el.get(w("val")) == "bullet":
            return _bullet(template)

        def sub(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self.level(num_id, k)
            fmt = other.find(w("numFmt")) if other is not None else None
            value = counters.get(
                k, val_int(other.find(w("start")) if other is not None else None, 1)
            )
            return _format_number(
                value, fmt.get(w("val"), "decimal") if fmt is not None else "decimal"
            )

        return re.sub(r"%(\d)", sub, template)


def _bullet(char: str) -> str:
    """Symbol-font bullets live in the private use area; show them as a bullet."""
    if not char or any(0xF000 <= ord(c) <= 0xF0FF for c in char):
        return "•"
    return char


def _format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (the common ones)."""
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --------------------------------------------------------------------------- effective formatting


def nearest(levels: Iterable[etree._Element | None], tag: str) -> etree._Element | None:
    """The nearest definition of a property across formatting levels."""
    for level in levels:
        if level is not None:
            el = level.find(w(tag))
            if el is not None:
                return el
    return None


def nearest_attr(
    levels: Iterable[etree._Element | None], tag: str, attrs: tuple[str, ...]
) -> str | None:
    """The nearest value of any of ``attrs`` on ``tag`` (attributes inherit one by one)."""
    return attr_chain([level.find(w(tag)) for level in levels if level is not None], attrs)


def attr_chain(levels: list[etree._Element | None], attrs: tuple[str, ...]) -> str | None:
    """Nearest value of the first present attribute among ``attrs`` on already-found elements."""
    for el in levels:
        if el is None:
            continue
        for attr in attrs:
            value = el.get(w(attr))
            if value is not None:
                return value
    return None


@dataclass(frozen=True)
class RunFormat:
    """A run's effective formatting, the same for every run with the same levels."""

    look: Run  # the formatting, with empty text
    caps: bool
    hidden: bool


class Resolver:
    """Turns a paragraph's or run's formatting levels into effective values.

    Why the cache: a long annex table repeats a handful of run formats over
    thousands of cells, and resolving one walks every level of the style chain.
    """

    def __init__(self, styles: StyleSheet, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self._formats: dict[tuple[bytes, str | None, str | None], RunFormat] = {}

    def run_format(
        self, rpr: etree._Element | None, ppr: etree._Element | None, table_style: str | None
    ) -> RunFormat:
        """Effective formatting of a run, resolved once per distinct direct formatting."""
        key = (
            etree.tostring(rpr) if rpr is not None else b"",
            style_val(ppr, "pStyle") if ppr is not None else None,
            table_style,
        )
        found = self._formats.get(key)
        if found is None:
            levels = self.run_levels(rpr, ppr, table_style)
            found = RunFormat(
                self.run("", levels), bool(on_off(nearest(levels, "caps"))), self.hidden(levels)
            )
            self._formats[key] = found
        return found

    def para_levels(
        self, ppr: etree._Element | None, table_style: str | None
    ) -> list[etree._Element | None]:
        """Paragraph property levels, nearest first: direct, numbering, styles, table, defaults."""
        style_id = style_val(ppr, "pStyle")
        levels: list[etree._Element | None] = [ppr]
        num = self.num_ref(ppr)
        if num is not None:
            lvl = self.numbering.level(*num)
            levels.append(lvl.find(w("pPr")) if lvl is not None else None)
        levels += [s.ppr for s in self.styles.chain(style_id, "paragraph")]
        if table_style is not None:
            levels += [s.ppr for s in self.styles.chain(table_style, "table")]
        levels.append(self.styles.doc_ppr)
        return levels

    def run_levels(
        self, rpr: etree._Element | None, ppr: etree._Element | None, table_style: str | None
    ) -> list[etree._Element | None]:
        """Run property levels, nearest first: direct, char/para styles, table, defaults."""
        levels: list[etree._Element | None] = [rpr]
        levels += [s.rpr for s in self.styles.chain(style_val(rpr, "rStyle"), "character")]
        levels += [s.rpr for s in self.styles.chain(style_val(ppr, "pStyle"), "paragraph")]
        if table_style is not None:
            levels += [s.rpr for s in self.styles.chain(table_style, "table")]
        levels.append(self.styles.doc_rpr)
        return levels

    def num_ref(self, ppr: etree._Element | None) -> tuple[str, int] | None:
        """(numId, ilvl) from direct properties or the paragraph style chain."""
        levels = [ppr] + [s.ppr for s in self.styles.chain(style_val(ppr, "pStyle"), "paragraph")]
        num_id = nearest_attr([child_of(lv, "numPr") for lv in levels], "numId", ("val",))
        if num_id in (None, "0"):
            return None
        ilvl = nearest_attr([child_of(lv, "numPr") for lv in levels], "ilvl", ("val",))
        return num_id, to_int(ilvl)

    def font(self, levels: list[etree._Element | None], attr: str, theme_attr: str) -> str | None:
        """One ``w:rFonts`` slot; a theme reference at a level overrides a name below it."""
        for level in levels:
            rf = level.find(w("rFonts")) if level is not None else None
            if rf is None:
                continue
            theme = rf.get(w(theme_attr))
            if theme:
                return self.styles.theme_font(theme)
            name = rf.get(w(attr))
            if name:
                return name
        return None

    def run(self, text: str, levels: list[etree._Element | None]) -> Run:
        """Effective run formatting (direct over styles over defaults)."""
        size_el = nearest(levels, "sz")
        size = to_int(size_el.get(w("val")), 20) / 2 if size_el is not None else 10.0
        caps = on_off(nearest(levels, "caps"))
        if caps:
            text = text.upper()
        u_el = nearest(levels, "u")
        underline = u_el is not None and u_el.get(w("val"), "single") not in ("none", "0")
        color_el = nearest(levels, "color")
        valign = nearest(levels, "vertAlign")
        # Vietnamese text is drawn with the ascii and hAnsi fonts; the complex-script slot
        # (w:cs, for Arabic, Hebrew, Thai…) never prints a Vietnamese letter.
        names = [
            self.font(levels, "ascii", "asciiTheme") or TIMES,
            self.font(levels, "hAnsi", "hAnsiTheme") or TIMES,
        ]
        return Run(
            text=text,
            size=size,
            bold=bool(on_off(nearest(levels, "b"))),
            italic=bool(on_off(nearest(levels, "i"))),
            underline=underline,
            fonts=tuple(dict.fromkeys(names)),
            color=color_el.get(w("val")) if color_el is not None else None,
            raised=valign is not None and valign.get(w("val")) in ("superscript", "subscript"),
        )

    def hidden(self, levels: list[etree._Element | None]) -> bool:
        """Hidden text (``w:vanish``) is not shown and so not judged."""
        return bool(on_off(nearest(levels, "vanish")))


def style_val(props: etree._Element | None, tag: str) -> str | None:
    el = child_of(props, tag)
    return el.get(w("val")) if el is not None else None
