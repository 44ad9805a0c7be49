"""What a draft shows that a final document does not: its sample values highlighted, and
"DỰ THẢO" at the top of page 1.

Composition marks a sample inside a text with two private-use characters
(domain.samples.OPEN, CLOSE) and lists the other sample values a document prints
(``sample_texts`` in its context). Here, after rendering, each marked or listed span of a
paragraph becomes runs of its own with the run's formatting and a yellow highlight
(``w:highlight``), and the markers are removed. The draft mark goes into the header
Word prints on page 1 (the first-page header of the first section), so the body, which
``vanban check`` judges, is laid out exactly as the final document will be.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from generator.domain.samples import CLOSE, OPEN

DRAFT_MARK = "DỰ THẢO"
HIGHLIGHT = "yellow"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOCUMENT = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"
# The run properties that come after w:highlight in CT_RPr's sequence (ECMA-376 §17.3.2).
_AFTER_HIGHLIGHT = {qn(f"w:{name}") for name in (
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath")}
_MARKERS = re.compile(f"[{OPEN}{CLOSE}]")
# zlib's fastest level: the parts are small, and a build rewrites every draft.
_LEVEL = 1


def finish(data: bytes, context: dict[str, Any]) -> bytes:
    """The rendered document with its sample values highlighted and, for a draft, the
    draft mark; a final document without sample values is returned as it is."""
    texts = [t for t in context.get("sample_texts", []) if isinstance(t, str) and t.strip()]
    draft = bool(context.get("draft"))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        body = source.read(_DOCUMENT)
        if not draft and not texts and OPEN.encode() not in body:
            return data
        members = {name: source.read(name) for name in (_RELS, _CONTENT_TYPES)
                   if name in source.NameToInfo}
        tree = etree.fromstring(body)
        for paragraph in tree.iter(qn("w:p")):
            _highlight(paragraph, texts)
        members[_DOCUMENT] = _serialise(tree)
        if draft:
            _add_draft_mark(members, tree, source)
        return _rezipped(source, members)


def _rezipped(source: zipfile.ZipFile, changed: dict[str, bytes]) -> bytes:
    """The package with ``changed`` members replaced or added, in the same order and with
    the same entry dates (the same document is the same bytes whenever it is made)."""
    output = io.BytesIO()
    infos = source.infolist()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            content = changed.pop(info.filename, None)
            target.writestr(info, content if content is not None else source.read(info),
                            compresslevel=_LEVEL)
        for name, content in changed.items():  # the draft's own header
            added = zipfile.ZipInfo(name, date_time=infos[0].date_time)
            added.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(added, content, compresslevel=_LEVEL)
    return output.getvalue()


def _serialise(tree: etree._Element) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- highlighting -----------------------------------------------------------------------

Span = tuple[int, int]


def _spans(text: str, texts: list[str]) -> tuple[str, list[Span]]:
    """The paragraph text without markers, and the (start, end) spans of its sample
    values in it, merged and in order."""
    spans: list[Span] = []
    plain: list[str] = []
    length, opened = 0, None
    for part in re.split(f"([{OPEN}{CLOSE}])", text):
        if part == OPEN:
            opened = length if opened is None else opened
        elif part == CLOSE:
            if opened is not None:
                spans.append((opened, length))
            opened = None
        else:
            plain.append(part)
            length += len(part)
    whole = "".join(plain)
    folded = whole.casefold()
    if len(folded) == len(whole):  # casefold kept every position: search case-blind
        for sample in texts:
            needle = sample.casefold()
            at = folded.find(needle) if needle else -1
            while at >= 0:
                spans.append((at, at + len(needle)))
                at = folded.find(needle, at + len(needle))
    merged: list[Span] = []
    for begin, finish_at in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish_at))
        elif finish_at > begin:
            merged.append((begin, finish_at))
    return whole, merged


def _highlight(paragraph: etree._Element, texts: list[str]) -> None:
    pieces = list(paragraph.iter(qn("w:t")))
    if not pieces:
        return
    whole = "".join(t.text or "" for t in pieces)
    if OPEN not in whole and CLOSE not in whole:
        folded = whole.casefold()
        if not any(sample.casefold() in folded for sample in texts):
            return
    plain, spans = _spans(whole, texts)
    if not spans and plain == whole:
        return
    position = 0
    for piece in pieces:
        own = _MARKERS.sub("", piece.text or "")
        segments = _segments(own, position, spans)
        position += len(own)
        _rewrite(piece, own, segments)


def _segments(text: str, offset: int, spans: list[Span]) -> list[tuple[str, bool]]:
    """``text`` (at ``offset`` in the paragraph) cut where a sample span starts or ends."""
    out: list[tuple[str, bool]] = []
    at = 0
    for begin, end in spans:
        begin, end = max(begin - offset, at), min(end - offset, len(text))
        if begin >= end:
            continue
        if begin > at:
            out.append((text[at:begin], False))
        out.append((text[begin:end], True))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], False))
    return out


def _set_text(element: etree._Element, text: str) -> None:
    element.text = text
    if text != text.strip():
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _rewrite(piece: etree._Element, text: str, segments: list[tuple[str, bool]]) -> None:
    """Give ``piece`` (a w:t) its text without markers, split into highlighted runs."""
    run = piece.getparent()
    marked = any(flag for _, flag in segments)
    simple = run is not None and run.tag == qn("w:r") and all(
        child is piece or child.tag == qn("w:rPr") for child in run)
    if not marked or len(segments) == 1 or not simple:
        _set_text(piece, text)
        if marked and run is not None and run.tag == qn("w:r"):
            _mark_run(run)
        return
    parent = run.getparent()
    index = parent.index(run)
    for offset, (part, flag) in enumerate(segments):
        new = copy.deepcopy(run)
        _set_text(new.find(qn("w:t")), part)
        if flag:
            _mark_run(new)
        parent.insert(index + offset, new)
    parent.remove(run)


def _mark_run(run: etree._Element) -> None:
    """Add ``w:highlight`` to a run's properties, in schema order."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = etree.Element(qn("w:rPr"))
        run.insert(0, properties)
    existing = properties.find(qn("w:highlight"))
    if existing is not None:
        existing.set(qn("w:val"), HIGHLIGHT)
        return
    mark = etree.Element(qn("w:highlight"))
    mark.set(qn("w:val"), HIGHLIGHT)
    following = next((child for child in properties if child.tag in _AFTER_HIGHLIGHT), None)
    if following is None:
        properties.append(mark)
    else:
        following.addprevious(mark)


# --- the draft mark ---------------------------------------------------------------------

_CONTENT_TYPES = "[Content_Types].xml"
_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def _mark_paragraph() -> etree._Element:
    """"DỰ THẢO", bold, in a box, at the right: what a clerk writes on a draft."""
    xml = (f'<w:p xmlns:w="{_W}"><w:pPr><w:jc w:val="right"/></w:pPr>'
           '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
           'w:cs="Times New Roman"/><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/>'
           '<w:bdr w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:rPr>'
           f'<w:t>{DRAFT_MARK}</w:t></w:r></w:p>')
    return etree.fromstring(xml)


def _reference(section: etree._Element, role: str) -> etree._Element | None:
    return next((ref for ref in section.findall(qn("w:headerReference"))
                 if ref.get(qn("w:type")) == role), None)


def _add_draft_mark(members: dict[str, bytes], tree: etree._Element,
                    source: zipfile.ZipFile) -> None:
    """The mark in a header of its own, printed on page 1 only.

    Page 1 prints the first section's first-page header (its default header without
    "different first page"). Later sections without a header of that role inherit the
    first section's, so they are pointed at the unmarked one explicitly: the attached plan
    and the Phụ lục of a Quyết định do not open with the mark.
    """
    sections = list(tree.iter(qn("w:sectPr")))
    first = sections[0] if sections else None
    role = "first" if first is not None and first.find(qn("w:titlePg")) is not None \
        else "default"
    reference = _reference(first, role) if first is not None else None
    part = _part_of(members, source, reference.get(f"{{{_R}}}id")) \
        if reference is not None else None
    if reference is None or part is None or _RELS not in members \
            or _CONTENT_TYPES not in members:
        tree.find(qn("w:body")).insert(0, _mark_paragraph())
        members[_DOCUMENT] = _serialise(tree)
        return
    header = etree.fromstring(source.read(part))
    header.insert(0, _mark_paragraph())
    name = _free_name(source)
    members[name] = _serialise(header)
    rel_id = _add_relationship(members, name.removeprefix("word/"))
    types = etree.fromstring(members[_CONTENT_TYPES])
    override = etree.SubElement(types, f"{{{_TYPES}}}Override")
    override.set("PartName", f"/{name}")
    override.set("ContentType", _HEADER_TYPE)
    members[_CONTENT_TYPES] = _serialise(types)
    unmarked_id = reference.get(f"{{{_R}}}id")
    reference.set(f"{{{_R}}}id", rel_id)
    for section in sections[1:]:
        if _reference(section, role) is None:
            inherited = etree.Element(qn("w:headerReference"))
            inherited.set(qn("w:type"), role)
            inherited.set(f"{{{_R}}}id", unmarked_id)
            section.insert(0, inherited)
    members[_DOCUMENT] = _serialise(tree)


def _part_of(members: dict[str, bytes], source: zipfile.ZipFile,
             rel_id: str | None) -> str | None:
    if rel_id is None or _RELS not in members:
        return None
    for rel in etree.fromstring(members[_RELS]):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            return name if name in source.NameToInfo else None
    return None


def _free_name(source: zipfile.ZipFile) -> str:
    number = 1
    while f"word/header{number}.xml" in source.NameToInfo:
        number += 1
    return f"word/header{number}.xml"


def _add_relationship(members: dict[str, bytes], target: str) -> str:
    rels = etree.fromstring(members[_RELS])
    taken = {rel.get("Id") for rel in rels}
    number = 1
    while f"rIdDraft{number}" in taken:
        number += 1
    rel_id = f"rIdDraft{number}"
    rel = etree.SubElement(rels, f"{{{_PACKAGE_RELS}}}Relationship")
    rel.set("Id", rel_id)
    rel.set("Type", _HEADER_REL)
    rel.set("Target", target)
    members[_RELS] = _serialise(rels)
    return rel_id
