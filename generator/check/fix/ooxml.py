"""Writing WordprocessingML as Word does when "Track Changes" is on.

Every repair is a revision a clerk can accept or reject in Word: text goes in
``w:ins`` / ``w:del``; a formatting change keeps the *old* properties inside
``w:rPrChange`` (runs and paragraph marks), ``w:pPrChange`` (paragraphs) or
``w:sectPrChange`` (page setup), each the last child of its parent, as the
ECMA-376 schema's sequence wants.  Children are put where that sequence wants
them too: Word may refuse a file whose ``w:pPr`` children are out of order,
where LibreOffice would not complain.

The checker must not import the builder, so the sequences of the three
parents the fixer writes into are kept here (``generator/output/schema_order.py``
keeps those the builder writes); ``tests/test_fix.py`` validates the result
against the schema.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime

from lxml import etree

from generator.check.package import W_NS, w

AUTHOR = "vanban"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _names(text: str) -> tuple[str, ...]:
    return tuple(w(name) for name in text.split())


SEQUENCES: dict[str, tuple[str, ...]] = {
    w("pPr"): _names(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
        "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    # CT_ParaRPr (a paragraph mark's properties); a run's CT_RPr is the same without
    # its first four.
    w("rPr"): _names(
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike "
        "outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w "
        "kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
        "eastAsianLayout specVanish oMath rPrChange"
    ),
    w("sectPr"): _names(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
        "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection "
        "bidi rtlGutter docGrid printerSettings sectPrChange"
    ),
    w("pBdr"): _names("top left bottom right between bar"),
}


def insert_in_order(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put ``child`` before the first existing child that the schema wants after it."""
    order = SEQUENCES[parent.tag]
    rank = order.index(child.tag)
    for existing in parent:
        if existing.tag in order and order.index(existing.tag) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def make(tag: str, **attrs: str) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes."""
    element = etree.Element(w(tag), nsmap={"w": W_NS})
    for name, value in attrs.items():
        element.set(w(name), value)
    return element


def replace_child(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Set the one ``child.tag`` child of ``parent`` (in schema order), dropping the old one."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    return insert_in_order(parent, child)


def get_child(parent: etree._Element, tag: str) -> etree._Element:
    """The ``tag`` child of ``parent``, created in schema order when absent."""
    found = parent.find(w(tag))
    return found if found is not None else insert_in_order(parent, make(tag))


class Revisions:
    """Issues revision marks: one author, one date, ids unique in the whole package."""

    def __init__(self, first_id: int, when: datetime | None = None) -> None:
        moment = when or datetime.now(UTC)
        self.date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = first_id
        self.count = 0  # edits made: revision marks, and changes an existing mark covers
        # Elements made by this run: what is inside them needs no further revision mark.
        self.inserted: set[etree._Element] = set()

    def mark(self, tag: str) -> etree._Element:
        element = make(tag, id=str(self.next_id), author=AUTHOR, date=self.date)
        self.next_id += 1
        self.count += 1
        return element

    def is_new(self, element: etree._Element) -> bool:
        """Whether ``element`` sits inside text vanban inserted (its formatting needs no mark:
        rejecting the insertion takes it away)."""
        node: etree._Element | None = element
        while node is not None:
            if node in self.inserted or (node.tag == w("ins") and node.get(w("author")) == AUTHOR):
                return True
            node = node.getparent()
        return False

    # ------------------------------------------------------------------ property changes

    def change_rpr(
        self, owner: etree._Element, mutate: Callable[[etree._Element], None]
    ) -> bool:
        """Apply ``mutate`` to the run properties of ``owner`` (a ``w:r`` or a ``w:pPr``).

        The old properties go into ``w:rPrChange`` unless one is already there
        (it then holds the state before every revision, as Word keeps it).
        Returns whether anything changed.
        """
        rpr = owner.find(w("rPr"))
        created = rpr is None
        if rpr is None:
            rpr = make("rPr")
            if owner.tag == w("pPr"):
                insert_in_order(owner, rpr)
            else:
                owner.insert(0, rpr)
        before = _without(rpr, {w("rPrChange")})
        mutate(rpr)
        after = _without(rpr, {w("rPrChange")})
        if _same(before, after):
            if created:
                owner.remove(rpr)
            return False
        self.count += 1
        if rpr.find(w("rPrChange")) is None and not self.is_new(owner):
            change = self.mark("rPrChange")
            old = make("rPr")
            # A paragraph mark's old properties never repeat its own insertion mark.
            old.extend(
                c for c in before if c.tag not in (w("ins"), w("del"), w("moveFrom"), w("moveTo"))
            )
            change.append(old)
            rpr.append(change)
        return True

    def change_ppr(self, p: etree._Element, mutate: Callable[[etree._Element], None]) -> bool:
        """Apply ``mutate`` to a paragraph's properties, the old ones in ``w:pPrChange``."""
        ppr = p.find(w("pPr"))
        created = ppr is None
        if ppr is None:
            ppr = make("pPr")
            p.insert(0, ppr)
        base_tags = {w("rPr"), w("sectPr"), w("pPrChange")}
        before = _without(ppr, base_tags)
        mutate(ppr)
        after = _without(ppr, base_tags)
        if _same(before, after):
            if created:
                p.remove(ppr)
            return False
        self.count += 1
        if ppr.find(w("pPrChange")) is None and not self.is_new(p):
            change = self.mark("pPrChange")
            old = make("pPr")
            old.extend(list(before))
            change.append(old)
            ppr.append(change)
        return True

    def change_sectpr(
        self, sect: etree._Element, mutate: Callable[[etree._Element], None]
    ) -> bool:
        """Apply ``mutate`` to a section's page setup, the old one in ``w:sectPrChange``."""
        base_tags = {w("headerReference"), w("footerReference"), w("sectPrChange")}
        before = _without(sect, base_tags)
        mutate(sect)
        if _same(before, _without(sect, base_tags)):
            return False
        self.count += 1
        if sect.find(w("sectPrChange")) is None:
            change = self.mark("sectPrChange")
            old = make("sectPr")
            old.extend(list(before))
            change.append(old)
            sect.append(change)
        return True


def _without(parent: etree._Element, tags: set[str]) -> etree._Element:
    """A deep copy of ``parent`` without the children named in ``tags``."""
    clone = copy.deepcopy(parent)
    for child in list(clone):
        if child.tag in tags:
            clone.remove(child)
    return clone


def _same(a: etree._Element, b: etree._Element) -> bool:
    return etree.tostring(a, method="c14n") == etree.tostring(b, method="c14n")


# --------------------------------------------------------------------------- run properties


def set_toggle(rpr: etree._Element, tag: str, on: bool) -> None:
    """``<w:b/>`` or ``<w:b w:val="0"/>``: explicit, so no style can turn it back."""
    replace_child(rpr, make(tag) if on else make(tag, val="0"))


def set_size(rpr: etree._Element, points: float) -> None:
    half = str(round(points * 2))
    replace_child(rpr, make("sz", val=half))
    if rpr.find(w("szCs")) is not None:
        replace_child(rpr, make("szCs", val=half))


def set_no_underline(rpr: etree._Element) -> None:
    replace_child(rpr, make("u", val="none"))


def set_font(rpr: etree._Element, name: str) -> None:
    """Every slot a Vietnamese text may be drawn with; theme references removed (they win)."""
    fonts = get_child(rpr, "rFonts")
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(w(slot), name)
    if fonts.get(w("eastAsia")) is not None:
        fonts.set(w("eastAsia"), name)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(w(theme), None)


def drop_caps(rpr: etree._Element) -> None:
    replace_child(rpr, make("caps", val="0"))


# --------------------------------------------------------------------------- paragraph properties


def set_jc(ppr: etree._Element, value: str) -> None:
    replace_child(ppr, make("jc", val=value))


def set_indent(
    ppr: etree._Element,
    *,
    left: int | None = None,
    right: int | None = None,
    first_line: int | None = None,
) -> None:
    """Indents in twips; character-based values (which Word prefers) are removed."""
    ind = get_child(ppr, "ind")
    if left is not None:
        for attr in ("start", "leftChars", "startChars"):
            ind.attrib.pop(w(attr), None)
        ind.set(w("left"), str(left))
    if right is not None:
        for attr in ("end", "rightChars", "endChars"):
            ind.attrib.pop(w(attr), None)
        ind.set(w("right"), str(right))
    if first_line is not None:
        for attr in ("firstLine", "hanging", "firstLineChars", "hangingChars"):
            ind.attrib.pop(w(attr), None)
        if first_line >= 0:
            ind.set(w("firstLine"), str(first_line))
        else:
            ind.set(w("hanging"), str(-first_line))


def set_spacing(
    ppr: etree._Element,
    *,
    before: int | None = None,
    after: int | None = None,
    line: tuple[int, str] | None = None,
) -> None:
    """Spacing in twentieths of a point; line-based and automatic values are removed."""
    spacing = get_child(ppr, "spacing")
    if before is not None:
        for attr in ("beforeLines", "beforeAutospacing"):
            spacing.attrib.pop(w(attr), None)
        spacing.set(w("before"), str(before))
    if after is not None:
        for attr in ("afterLines", "afterAutospacing"):
            spacing.attrib.pop(w(attr), None)
        spacing.set(w("after"), str(after))
    if line is not None:
        spacing.set(w("line"), str(line[0]))
        spacing.set(w("lineRule"), line[1])


def set_bottom_rule(ppr: etree._Element) -> None:
    """A solid 0.75 pt bottom border: the decree's "đường kẻ ngang, nét liền"."""
    for old in ppr.findall(w("pBdr")):
        ppr.remove(old)
    border = insert_in_order(ppr, make("pBdr"))
    border.append(make("bottom", val="single", sz="6", space="1", color="auto"))
