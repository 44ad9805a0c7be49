"""A Word document showing what changed between two versions, as native tracked changes.

The new document is taken as it is and the difference from the old one is written into
it as ``w:ins`` / ``w:del`` revisions (author "vanban"), so a reviewer opens it in Word
or LibreOffice and accepts or rejects each change. Paragraphs are matched in order and
compared word by word; each character keeps the formatting of the run it came from, so
"Điều 1." stays bold. Our documents are paragraphs and tables only, which is all this
handles; that is why a 45 MB comparison engine (python-redlines) is not needed.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from collections.abc import Iterator
from datetime import datetime

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from generator.output.schema_order import insert_in_order

AUTHOR = "vanban"
_TOKENS = re.compile(r"\s+|[^\s]+")


class _Marks:
    """Issues revision elements with unique ids, one author and one date."""

    def __init__(self, when: datetime) -> None:
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 9000

    def element(self, tag: str) -> etree._Element:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _chars(paragraph: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """Each character of a paragraph with the run properties it is shown with."""
    result = []
    for run in paragraph.iter(qn("w:r")):
        props = run.find(qn("w:rPr"))
        for child in run:
            if child.tag == qn("w:t"):
                result.extend((char, props) for char in child.text or "")
            elif child.tag == qn("w:tab"):
                result.append(("\t", props))
    return result


def _run(text: str, props: etree._Element | None, deleted: bool) -> etree._Element:
    run = OxmlElement("w:r")
    if props is not None:
        run.append(copy.deepcopy(props))
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(node)
    return run


def _groups(chars: list[tuple[str, etree._Element | None]]
            ) -> Iterator[tuple[str, etree._Element | None]]:
    """Consecutive characters with the same formatting, as (text, properties)."""
    text, props = "", None
    for char, char_props in chars:
        if text and char_props is not props:
            yield text, props
            text = ""
        text, props = text + char, char_props
    if text:
        yield text, props


def _clear_runs(paragraph: etree._Element) -> None:
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            paragraph.remove(child)


def _mark_paragraph(paragraph: etree._Element, tag: str, marks: _Marks) -> None:
    """Mark the paragraph itself (its pilcrow) as inserted or deleted."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:  # before a section break or a formatting change the pPr may hold
        rpr = insert_in_order(ppr, OxmlElement("w:rPr"))
    insert_in_order(rpr, marks.element(tag))  # first: the schema puts w:ins/w:del there


def _whole(paragraph: etree._Element, tag: str, marks: _Marks) -> None:
    """A paragraph that is entirely new (``w:ins``) or entirely gone (``w:del``)."""
    chars = _chars(paragraph)
    _clear_runs(paragraph)
    if chars:
        wrapper = marks.element(tag)
        for text, props in _groups(chars):
            wrapper.append(_run(text, props, deleted=tag == "w:del"))
        paragraph.append(wrapper)
    _mark_paragraph(paragraph, tag, marks)


def _tokens(chars: list[tuple[str, etree._Element | None]]) -> list[list[tuple[str, object]]]:
    text = "".join(c for c, _ in chars)
    tokens, start = [], 0
    for match in _TOKENS.finditer(text):
        tokens.append(chars[start:match.end()])
        start = match.end()
    return tokens


def _revise(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    """Rewrite ``new`` so its differences from ``old`` show as word-level revisions."""
    old_tokens, new_tokens = _tokens(_chars(old)), _tokens(_chars(new))
    matcher = difflib.SequenceMatcher(None, ["".join(c for c, _ in t) for t in old_tokens],
                                      ["".join(c for c, _ in t) for t in new_tokens],
                                      autojunk=False)
    pieces: list[etree._Element] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            wrapper = marks.element("w:del")
            for text, props in _groups([c for t in old_tokens[a1:a2] for c in t]):
                wrapper.append(_run(text, props, deleted=True))
            pieces.append(wrapper)
        if op in ("insert", "replace"):
            wrapper = marks.element("w:ins")
            for text, props in _groups([c for t in new_tokens[b1:b2] for c in t]):
                wrapper.append(_run(text, props, deleted=False))
            pieces.append(wrapper)
        if op == "equal":
            pieces.extend(_run(text, props, deleted=False)
                          for text, props in _groups([c for t in new_tokens[b1:b2] for c in t]))
    _clear_runs(new)
    for piece in pieces:
        new.append(piece)


def _key(element: etree._Element) -> str:
    if element.tag == qn("w:tbl"):
        return "table:" + str(len(element.findall(qn("w:tr"))))
    return "p:" + _text(element)


def _blocks(container: etree._Element) -> list[etree._Element]:
    return [c for c in container if c.tag in (qn("w:p"), qn("w:tbl"))]


def _diff_sequence(old: list[etree._Element], new: list[etree._Element],
                   marks: _Marks) -> None:
    """Match two runs of paragraphs/tables/rows in order and revise, insert or delete."""
    matcher = difflib.SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in new],
                                      autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for o, n in zip(old[a1:a2], new[b1:b2], strict=True):
                if n.tag == qn("w:tbl"):
                    _diff_table(o, n, marks)
            continue
        pairs = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for o, n in zip(old[a1:a1 + pairs], new[b1:b1 + pairs], strict=True):
            if o.tag == n.tag == qn("w:p"):
                _revise(o, n, marks)
            elif o.tag == n.tag == qn("w:tbl"):
                _diff_table(o, n, marks)
            else:
                _insert_deleted(o, n, before=True, marks=marks, siblings=new)
                _mark_inserted(n, marks)
        for n in new[b1 + pairs:b2]:
            _mark_inserted(n, marks)
        _insert_removed(old[a1 + pairs:a2], new, b1, b2, marks)


def _insert_removed(removed: list[etree._Element], new: list[etree._Element], b1: int, b2: int,
                    marks: _Marks) -> None:
    """Removed elements go after what replaced them, else where they used to be."""
    anchor = new[b2 - 1] if b2 > b1 else (new[b1 - 1] if b1 > 0 else None)
    for element in removed:
        anchor = _insert_deleted(element, anchor, before=False, marks=marks, siblings=new)


def _mark_inserted(element: etree._Element, marks: _Marks) -> None:
    """A new paragraph, row or table: every row and paragraph in it is an insertion."""
    rows = [element] if element.tag == qn("w:tr") else list(element.iter(qn("w:tr")))
    for row in rows:
        insert_in_order(row.get_or_add_trPr(), marks.element("w:ins"))
    paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
    for paragraph in paragraphs:
        _whole(paragraph, "w:ins", marks)


def _insert_deleted(old: etree._Element, anchor: etree._Element | None, *, before: bool,
                    marks: _Marks, siblings: list[etree._Element]) -> etree._Element:
    """Put a copy of a removed element, marked deleted, next to ``anchor``.

    Without an anchor (the removal is at the very start) it goes before the first of
    ``siblings``, the elements of the new version at that level.
    """
    copied = copy.deepcopy(old)
    paragraphs = [copied] if copied.tag == qn("w:p") else list(copied.iter(qn("w:p")))
    for paragraph in paragraphs:
        _whole(paragraph, "w:del", marks)
    if copied.tag == qn("w:tr"):  # its properties after any w:tblPrEx Word wrote
        insert_in_order(copied.get_or_add_trPr(), marks.element("w:del"))
    if anchor is None:
        siblings[0].addprevious(copied)
        return copied
    if before:
        anchor.addprevious(copied)
    else:
        anchor.addnext(copied)
    return copied


def _diff_table(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    old_rows, new_rows = old.findall(qn("w:tr")), new.findall(qn("w:tr"))
    matcher = difflib.SequenceMatcher(None, [_text(r) for r in old_rows],
                                      [_text(r) for r in new_rows], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for o, n in zip(old_rows[a1:a1 + pairs], new_rows[b1:b1 + pairs], strict=True):
            old_cells, new_cells = o.findall(qn("w:tc")), n.findall(qn("w:tc"))
            for oc, nc in zip(old_cells, new_cells, strict=False):
                _diff_sequence(_blocks(oc), _blocks(nc), marks)
        for n in new_rows[b1 + pairs:b2]:
            _mark_inserted(n, marks)
        _insert_removed(old_rows[a1 + pairs:a2], new_rows, b1, b2, marks)


def redline(old: bytes, new: bytes, when: datetime) -> bytes:
    """The new document with its differences from the old one as tracked changes."""
    old_doc, new_doc = Document(io.BytesIO(old)), Document(io.BytesIO(new))
    marks = _Marks(when)
    _diff_sequence(_blocks(old_doc.element.body), _blocks(new_doc.element.body), marks)
    settings = new_doc.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        insert_in_order(settings, OxmlElement("w:trackRevisions"))
    buffer = io.BytesIO()
    new_doc.save(buffer)
    return buffer.getvalue()
