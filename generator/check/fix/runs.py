"""A paragraph's visible characters, tied to the runs that hold them.

The checker judges *lines* (a paragraph, or one piece of it between line breaks
or tabs in a hand-made header); a repair must change exactly the runs that
print that line.  :func:`scan` reads a ``w:p`` the way the checker's reader
does (deleted text, hidden text and field codes left out, ``w:caps`` shown as
capitals), one :class:`Unit` per printed character; :func:`locate` finds a
recognised line among them; :func:`isolate` splits runs so that a range of
characters is made of whole runs; :func:`replace_text` writes a text change as
``w:del`` / ``w:ins`` word by word, the way a reviewer reads it.
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

from generator.check.fix.ooxml import XML_SPACE, Revisions, drop_caps, make
from generator.check.formatting import Resolver, nearest
from generator.check.package import MC_NS, inside, on_off, w
from generator.check.text import clean

_SKIP = {w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC_NS}}}Fallback"}
# What a run may hold for its text to be deleted as a whole.
_TEXT_CHILDREN = {
    w("rPr"), w("t"), w("tab"), w("ptab"), w("br"), w("cr"), w("noBreakHyphen"),
    w("softHyphen"), w("lastRenderedPageBreak"),
}
# Where a tracked deletion may wrap a run (EG_PContent and its run-level containers).
_RUN_PARENTS = {
    w("p"), w("hyperlink"), w("smartTag"), w("customXml"), w("sdtContent"), w("fldSimple"),
    w("ins"),
}


@dataclass
class Unit:
    """One printed character (a base letter with its combining marks) and where it lives."""

    display: str  # as the checker reads it: NFC, no-break spaces as spaces, caps applied
    run: etree._Element
    node: etree._Element  # w:t, w:tab, w:br …
    offset: int  # start in node.text (w:t), else 0
    length: int  # characters of node.text (w:t), else 0
    in_field: bool  # inside a field's result: a field update would undo a text edit


def _visible_children(
    run: etree._Element, caps: bool, in_field: bool
) -> list[Unit]:
    units: list[Unit] = []
    for child in run:
        tag = child.tag
        if tag == w("t"):
            text = child.text or ""
            i = 0
            while i < len(text):
                j = i + 1
                while j < len(text) and unicodedata.combining(text[j]):
                    j += 1
                shown = clean(text[i:j])
                units.append(
                    Unit(shown.upper() if caps else shown, run, child, i, j - i, in_field)
                )
                i = j
        elif tag in (w("tab"), w("ptab")):
            units.append(Unit("\t", run, child, 0, 0, in_field))
        elif tag in (w("br"), w("cr")):
            units.append(Unit("\n", run, child, 0, 0, in_field))
        elif tag == w("noBreakHyphen"):
            units.append(Unit("-", run, child, 0, 0, in_field))
    return units


def scan(p: etree._Element, resolver: Resolver, table_style: str | None) -> list[Unit]:
    """The printed characters of a paragraph, in order, as the checker's reader sees them."""
    ppr = p.find(w("pPr"))
    units: list[Unit] = []
    depth = 0  # complex fields open around the current run
    in_result: list[bool] = []
    for run in p.iter(w("r")):
        if inside(run, p, _SKIP):
            continue
        codes = False
        for child in run:
            if child.tag == w("fldChar"):
                codes = True
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    depth += 1
                    in_result.append(False)
                elif kind == "separate" and in_result:
                    in_result[-1] = True
                elif kind == "end" and in_result:
                    depth -= 1
                    in_result.pop()
            elif child.tag == w("instrText"):
                codes = True
        if codes:
            continue
        levels = resolver.run_levels(run.find(w("rPr")), ppr, table_style)
        if resolver.hidden(levels):
            continue
        caps = bool(on_off(nearest(levels, "caps")))
        simple = run.getparent() is not None and run.getparent().tag == w("fldSimple")
        units += _visible_children(run, caps, depth > 0 or simple)
    return units


def display(units: list[Unit]) -> str:
    return "".join(u.display for u in units)


def _strip(units: list[Unit], start: int, end: int) -> tuple[int, int]:
    while start < end and not units[start].display.strip():
        start += 1
    while end > start and not units[end - 1].display.strip():
        end -= 1
    return start, end


def _segments(units: list[Unit], tabs: bool) -> list[tuple[int, int]]:
    """Pieces between line breaks (and runs of tabs), as the checker splits lines."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for i, u in enumerate(units):
        if u.display == "\n" or (tabs and u.display == "\t"):
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(units)))
    return pieces


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def locate(units: list[Unit], text: str, label: str = "") -> tuple[int, int] | None:
    """The unit range printing ``text`` (a recognised line), without surrounding blanks.

    ``label`` is the paragraph's list label ("I.", "a)"), which the checker puts
    before the text of a numbered paragraph but which no run holds.
    """
    wanted = text.strip()
    if label and wanted.startswith(label):
        wanted = wanted[len(label) :].strip()
    candidates = [(0, len(units)), *_segments(units, False), *_segments(units, True)]
    for squash in (False, True):
        for start, end in candidates:
            a, b = _strip(units, start, end)
            shown = display(units[a:b])
            if shown == wanted or (squash and _squash(shown) == _squash(wanted)):
                return (a, b) if a < b else None
    return _inside(units, wanted)


def _inside(units: list[Unit], wanted: str) -> tuple[int, int] | None:
    """A line cut out of a longer one ("Nơi nhận:" before its first item): found once."""
    shown = display(units)
    at = shown.find(wanted)
    if not wanted or at < 0 or shown.find(wanted, at + 1) >= 0:
        return None
    owner: list[int] = []
    for i, u in enumerate(units):
        owner += [i] * len(u.display)
    return owner[at], owner[at + len(wanted) - 1] + 1


def widen(units: list[Unit], span: tuple[int, int]) -> tuple[int, int]:
    """``span`` with the spaces around it: formatting them too spares splitting a run."""
    start, end = span
    while start > 0 and units[start - 1].display in (" ", ""):
        start -= 1
    while end < len(units) and units[end].display in (" ", ""):
        end += 1
    return start, end


# --------------------------------------------------------------------------- splitting runs


def _split_before(unit: Unit) -> None:
    """Make ``unit`` the first printed content of its run (a copy of the run takes the rest)."""
    run, node = unit.run, unit.node
    if node.tag == w("t") and unit.offset > 0:
        text = node.text or ""
        tail = make("t")
        tail.text = text[unit.offset :]
        tail.set(XML_SPACE, "preserve")
        node.text = text[: unit.offset]
        node.set(XML_SPACE, "preserve")
        node.addnext(tail)
        node = tail
    content = [c for c in run if c.tag != w("rPr")]
    if content and content[0] is node:
        return
    new_run = etree.Element(run.tag, attrib=dict(run.attrib), nsmap=run.nsmap)
    rpr = run.find(w("rPr"))
    if rpr is not None:
        new_run.append(copy.deepcopy(rpr))
    moving = False
    for child in list(run):
        if child is node:
            moving = True
        if moving:
            new_run.append(child)
    run.addnext(new_run)


def isolate(
    p: etree._Element,
    resolver: Resolver,
    table_style: str | None,
    bounds: list[int],
) -> list[Unit]:
    """Split runs so that each index in ``bounds`` starts a run; the paragraph's new units.

    Splitting from the right keeps the positions of the characters to the left valid.
    """
    units = scan(p, resolver, table_style)
    for index in sorted({b for b in bounds if 0 < b < len(units)}, reverse=True):
        _split_before(units[index])
    return scan(p, resolver, table_style)


def runs_of(units: list[Unit]) -> list[etree._Element]:
    """The distinct runs holding ``units``, in order."""
    seen: dict[etree._Element, None] = {}
    for u in units:
        seen.setdefault(u.run, None)
    return list(seen)


# --------------------------------------------------------------------------- text changes

_TOKENS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKENS.finditer(text)]


@dataclass(frozen=True)
class _Edit:
    start: int  # unit range to delete
    end: int
    text: str  # text to insert at ``start``


def _edits(old: list[Unit], new: str) -> list[_Edit]:
    """Differences between the printed units and the wanted text, word by word.

    A changed word that keeps most of its letters ("5" → "05", "4năm" → "4 năm")
    is changed letter by letter instead, so the letters kept keep their runs and
    formatting; a word replaced outright is deleted and inserted whole.
    """
    old_text = display(old)
    # Unit index of each character of the printed text (units may print "" or several chars).
    owner: list[int] = []
    for i, u in enumerate(old):
        owner += [i] * len(u.display)
    spans: list[tuple[int, int, str]] = []  # (old start, old end, new text) in characters
    old_tokens, new_tokens = _tokens(old_text), _tokens(new)
    words = difflib.SequenceMatcher(
        None,
        [old_text[a:b] for a, b in old_tokens],
        [new[a:b] for a, b in new_tokens],
        autojunk=False,
    )
    for op, a1, a2, b1, b2 in words.get_opcodes():
        if op == "equal":
            continue
        start = old_tokens[a1][0] if a1 < len(old_tokens) else len(old_text)
        end = old_tokens[a2 - 1][1] if a2 > a1 else start
        new_start = new_tokens[b1][0] if b1 < len(new_tokens) else len(new)
        new_end = new_tokens[b2 - 1][1] if b2 > b1 else new_start
        before, after = old_text[start:end], new[new_start:new_end]
        letters = difflib.SequenceMatcher(None, before, after, autojunk=False)
        if op == "replace" and letters.ratio() >= 0.6:
            spans += [
                (start + c1, start + c2, after[d1:d2])
                for kind, c1, c2, d1, d2 in letters.get_opcodes()
                if kind != "equal"
            ]
        else:
            spans.append((start, end, after))
    edits: list[_Edit] = []
    for start, end, text in spans:
        first = owner[start] if start < len(owner) else len(old)
        last = owner[end - 1] + 1 if end > start else first
        edits.append(_Edit(first, last, text))
    return edits


def _deletable(run: etree._Element) -> bool:
    parent = run.getparent()
    return (
        parent is not None
        and parent.tag in _RUN_PARENTS
        and all(child.tag in _TEXT_CHILDREN for child in run)
    )


def _new_run(text: str, like: etree._Element | None) -> etree._Element:
    """A run printing ``text`` with the properties of run ``like`` (tabs as ``w:tab``)."""
    run = make("r")
    rpr = like.find(w("rPr")) if like is not None else None
    if rpr is not None:
        props = copy.deepcopy(rpr)
        for change in props.findall(w("rPrChange")):
            props.remove(change)
        if props.find(w("caps")) is not None and text != text.upper():
            drop_caps(props)
        run.append(props)
    for i, piece in enumerate(text.split("\t")):
        if i:
            run.append(make("tab"))
        if piece:
            t = make("t")
            t.text = piece
            t.set(XML_SPACE, "preserve")
            run.append(t)
    return run


def _delete_runs(runs: list[etree._Element], marks: Revisions) -> etree._Element:
    """Wrap runs in ``w:del`` (consecutive siblings share one); returns the last wrapper."""
    wrapper: etree._Element | None = None
    for run in runs:
        previous = run.getprevious()
        if wrapper is None or previous is not wrapper:
            wrapper = marks.mark("del")
            run.addprevious(wrapper)
        wrapper.append(run)
        for t in run.findall(w("t")):
            t.tag = w("delText")
    assert wrapper is not None
    return wrapper


def replace_text(
    p: etree._Element,
    resolver: Resolver,
    table_style: str | None,
    span: tuple[int, int],
    new: str,
    marks: Revisions,
) -> bool:
    """Make the units in ``span`` print ``new``, as tracked deletions and insertions.

    Returns False, changing nothing a reader would see, when a character to
    change sits in a field, or a run to delete holds more than text (a drawing,
    a field code): those need a person.
    """
    units = scan(p, resolver, table_style)
    start, end = span
    edits = _edits(units[start:end], new)
    if not edits:
        return True
    edits = [_Edit(e.start + start, e.end + start, e.text) for e in edits]
    units = isolate(p, resolver, table_style, [b for e in edits for b in (e.start, e.end)])
    for e in edits:
        touched = units[e.start : e.end]
        if any(u.in_field for u in touched):
            return False
        if not all(_deletable(r) for r in runs_of(touched)):
            return False
        if not touched and e.start < len(units) and units[e.start].in_field:
            return False
    for e in reversed(edits):
        touched = units[e.start : e.end]
        like = units[e.start].run if e.start < len(units) else units[e.start - 1].run
        anchor: etree._Element | None = None
        if touched:
            anchor = _delete_runs(runs_of(touched), marks)
        if e.text:
            inserted = marks.mark("ins")
            inserted.append(_new_run(e.text, like))
            marks.inserted.add(inserted)
            if anchor is not None:
                anchor.addnext(inserted)
            elif e.start < len(units):
                units[e.start].run.addprevious(inserted)
            else:
                units[e.start - 1].run.addnext(inserted)
    return True
