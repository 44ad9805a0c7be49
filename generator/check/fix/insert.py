"""New paragraphs and new text, recorded the way Word records them.

When a person presses Enter at the end of paragraph T with changes tracked,
Word marks T's paragraph mark as inserted and the new paragraph after it ends
with T's *original* mark.  Rejecting the insertion joins the two again under
the original mark, so the document comes back exactly; any new formatting of
the new paragraph is a ``w:pPrChange`` holding T's old properties.  The rules
under the Tiêu ngữ, the agency and the trích yếu, and a missing Tiêu ngữ, are
added that way.
"""

from __future__ import annotations

import copy

from lxml import etree

from generator.check.fix.ooxml import (
    XML_SPACE,
    Revisions,
    get_child,
    insert_in_order,
    make,
    set_bottom_rule,
    set_indent,
    set_spacing,
)
from generator.check.package import w

RULE_HEIGHT = 100  # twips: the rule's own paragraph is 5 pt high, so it sits under the text


def inserted_text(
    marks: Revisions, text: str, rpr: etree._Element | None
) -> etree._Element:
    """``<w:ins><w:r>`` printing ``text`` with a copy of ``rpr`` (no revision marks)."""
    run = make("r")
    if rpr is not None:
        props = copy.deepcopy(rpr)
        for tag in ("rPrChange", "ins", "del", "moveFrom", "moveTo"):
            for old in props.findall(w(tag)):
                props.remove(old)
        props.tag = w("rPr")
        run.append(props)
    t = make("t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    wrapper = marks.mark("ins")
    wrapper.append(run)
    marks.inserted.add(wrapper)
    return wrapper


def paragraph_after(marks: Revisions, p: etree._Element) -> etree._Element | None:
    """A new empty paragraph after ``p``, with ``p``'s mark, ``p``'s own mark now inserted.

    None when ``p`` ends a section (its mark holds the section's page setup).
    """
    ppr = p.find(w("pPr"))
    if ppr is not None and ppr.find(w("sectPr")) is not None:
        return None
    new = make("p")
    if ppr is not None:
        carried = copy.deepcopy(ppr)
        mark_props = carried.find(w("rPr"))
        if mark_props is not None:
            for tag in ("ins", "del", "moveFrom", "moveTo"):
                for old in mark_props.findall(w(tag)):
                    mark_props.remove(old)
        new.append(carried)
    else:
        ppr = make("pPr")
        p.insert(0, ppr)
    mark = get_child(ppr, "rPr")
    insert_in_order(mark, marks.mark("ins"))
    p.addnext(new)
    return new


def rule_after(
    marks: Revisions, p: etree._Element, margins: tuple[int, int]
) -> etree._Element | None:
    """A solid rule under ``p``: a new 5 pt paragraph with a bottom border.

    ``margins`` are its left and right indents, which set the rule's length.
    """
    new = paragraph_after(marks, p)
    if new is None:
        return None

    def draw(ppr: etree._Element) -> None:
        for tag in ("numPr", "pageBreakBefore", "keepNext"):
            for old in ppr.findall(w(tag)):
                ppr.remove(old)
        set_bottom_rule(ppr)
        set_spacing(ppr, before=0, after=0, line=(RULE_HEIGHT, "exact"))
        set_indent(ppr, left=margins[0], right=margins[1], first_line=0)

    marks.change_ppr(new, draw)
    return new
