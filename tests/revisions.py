"""Accepting or rejecting every tracked change of a .docx, as Word's Review tab does.

``vanban check --fix`` writes each repair as a revision; the tests accept them all
(the document the văn thư gets after "Accept All") and reject them all (which must give
back the original, or a repair was made without a revision).  Only what the fixer and
Word's own files use is handled: ``w:ins``/``w:del`` around runs, inserted paragraph
marks, and ``w:rPrChange``/``w:pPrChange``/``w:sectPrChange``.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STORIES = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    for child in list(element):
        element.addprevious(child)
    _drop(element)


def _is_mark(element: etree._Element) -> bool:
    """A revision on a paragraph mark or a row (inside w:rPr / w:trPr), not around runs."""
    parent = element.getparent()
    return parent is not None and parent.tag in (w("rPr"), w("trPr"))


def accept(root: etree._Element) -> None:
    for element in list(root.iter(w("del"), w("moveFrom"))):
        if not _is_mark(element):
            _drop(element)
    for element in list(root.iter(w("ins"), w("moveTo"), w("del"), w("moveFrom"))):
        if _is_mark(element):
            _drop(element)
        else:
            _unwrap(element)
    for element in list(root.iter(w("rPrChange"), w("pPrChange"), w("sectPrChange"))):
        _drop(element)


def _restore(current: etree._Element, change: etree._Element, keep: set[str]) -> None:
    """Put back the old properties a ``*PrChange`` holds, keeping the children in ``keep``."""
    old = change[0] if len(change) else None
    kept = [c for c in current if c.tag in keep]
    for child in list(current):
        current.remove(child)
    head = [c for c in kept if c.tag in (w("headerReference"), w("footerReference"))]
    tail = [c for c in kept if c not in head]
    current.extend(head)
    if old is not None:
        current.extend(list(old))
    current.extend(tail)


def reject(root: etree._Element) -> None:
    for change in list(root.iter(w("pPrChange"))):
        ppr = change.getparent()
        _restore(ppr, change, {w("rPr"), w("sectPr")})
    for change in list(root.iter(w("rPrChange"))):
        rpr = change.getparent()
        _restore(rpr, change, {w("ins"), w("del"), w("moveFrom"), w("moveTo")})
    for change in list(root.iter(w("sectPrChange"))):
        sect = change.getparent()
        _restore(sect, change, {w("headerReference"), w("footerReference")})
    for element in list(root.iter(w("ins"), w("moveTo"))):
        if not _is_mark(element):
            _drop(element)
    for element in list(root.iter(w("del"), w("moveFrom"))):
        if not _is_mark(element):
            for old in element.iter(w("delText")):
                old.tag = w("t")
            for old in element.iter(w("delInstrText")):
                old.tag = w("instrText")
            _unwrap(element)
    for marker in list(root.iter(w("ins"))):
        # An inserted paragraph mark: the paragraph joins the next one, under that one's mark.
        if not _is_mark(marker) or marker.getparent().getparent().tag != w("pPr"):
            continue
        paragraph = marker.getparent().getparent().getparent()
        _drop(marker)
        following = paragraph.getnext()
        if following is None or following.tag != w("p"):
            continue
        content = [c for c in paragraph if c.tag != w("pPr")]
        anchor = following.find(w("pPr"))
        for child in reversed(content):
            if anchor is not None:
                anchor.addnext(child)
            else:
                following.insert(0, child)
        _drop(paragraph)


def _apply(data: bytes, edit: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if STORIES.match(info.filename):
                root = etree.fromstring(content)
                edit(root)  # type: ignore[operator]
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            target.writestr(info, content)
    return out.getvalue()


def accept_all(data: bytes) -> bytes:
    """The document after Word's "Accept All Changes"."""
    return _apply(data, accept)


def reject_all(data: bytes) -> bytes:
    """The document after Word's "Reject All Changes"."""
    return _apply(data, reject)


def revisions(data: bytes) -> list[etree._Element]:
    """Every revision element of the stories (ins, del, and the property changes)."""
    found: list[etree._Element] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if STORIES.match(name):
                root = etree.fromstring(package.read(name))
                found += list(root.iter(w("ins"), w("del"), w("rPrChange"), w("pPrChange"),
                                        w("sectPrChange")))
    return found
