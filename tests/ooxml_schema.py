"""Validating every XML part of a .docx against the ECMA-376 schemas, as Word reads it.

Word reads the element order of ``w:pPr``, ``w:tblPr``, ``w:sectPr``, ``w:settings``... as
the schema's sequence and may refuse a file out of order ("Word found unreadable
content"); LibreOffice accepts such files silently, so only a schema check shows it. The
schemas are the ECMA-376 transitional ones in ``fixtures/ooxml-xsd/`` (see its README).

Before validation each part goes through the markup-compatibility step Word applies
(ECMA-376 Part 3, "Markup Compatibility and Extensibility"), for a consumer that
understands only the namespaces these schemas define:

- attributes and elements in a namespace listed in ``mc:Ignorable`` (on the element or
  an ancestor) are dropped, unless the namespace is understood; an element named in
  ``mc:ProcessContent`` is replaced by its children instead of dropped;
- ``mc:AlternateContent`` is replaced by the children of its first ``mc:Choice`` whose
  ``Requires`` namespaces are all understood, else of its ``mc:Fallback``;
- a namespace in ``mc:MustUnderstand`` that is not understood is an error (Word refuses
  the file);
- the ``mc:`` attributes themselves are then removed.

Word documents carry ``w14``/``w15`` markup this way (``mc:Ignorable="w14 w15"``), and
documents saved by Word validate after this step.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "ooxml-xsd"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC_PREFIX = f"{{{MC}}}"
ALTERNATE_CONTENT = f"{MC_PREFIX}AlternateContent"

# The schema of each part, by the namespace of its root element.
SCHEMA_OF_ROOT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography":
        "shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml":
        "shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc/opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc/opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties":
        "opc/opc-coreProperties.xsd",
}
_XML_MEMBER = re.compile(r"(\.xml|\.rels)$")


def understood_namespaces() -> frozenset[str]:
    """Every namespace one of the schema files defines: what this consumer understands."""
    namespaces = {"http://www.w3.org/XML/1998/namespace"}
    for xsd in SCHEMAS.rglob("*.xsd"):
        target = etree.parse(str(xsd)).getroot().get("targetNamespace")
        if target:
            namespaces.add(target)
    return frozenset(namespaces)


class Compatibility:
    """The markup-compatibility step for one part; ``problems`` lists what Word refuses."""

    def __init__(self, understood: frozenset[str]) -> None:
        self.understood = understood
        self.problems: list[str] = []

    def apply(self, root: etree._Element) -> None:
        self._visit(root, frozenset(), frozenset())
        etree.cleanup_namespaces(root)

    def _namespaces(self, element: etree._Element, attribute: str) -> set[str]:
        """The namespaces of the prefixes listed in an mc: attribute of ``element``."""
        found = set()
        for prefix in (element.get(f"{{{MC}}}{attribute}") or "").split():
            namespace = element.nsmap.get(prefix)
            if namespace is None:
                self.problems.append(f"line {element.sourceline}: mc:{attribute} names "
                                     f"undeclared prefix '{prefix}'")
            else:
                found.add(namespace)
        return found

    def _process_content(self, element: etree._Element) -> set[str]:
        """The qualified names (``{ns}local``, ``{ns}*``) listed in mc:ProcessContent."""
        names = set()
        for item in (element.get(f"{{{MC}}}ProcessContent") or "").split():
            prefix, _, local = item.partition(":")
            namespace = element.nsmap.get(prefix)
            if namespace is not None:
                names.add(f"{{{namespace}}}{local}")
        return names

    def _visit(self, element: etree._Element, dropped: frozenset[str],
               process: frozenset[str]) -> None:
        """``dropped``: the ignorable namespaces in scope that are not understood."""
        marked = any(name.startswith(MC_PREFIX) for name in element.attrib)
        if marked:
            dropped = dropped | (self._namespaces(element, "Ignorable") - self.understood)
            process = process | self._process_content(element)
            for namespace in self._namespaces(element, "MustUnderstand") - self.understood:
                self.problems.append(f"line {element.sourceline}: mc:MustUnderstand names "
                                     f"{namespace}, which Word-as-ECMA does not understand")
        if marked or dropped:
            for name in list(element.attrib):
                namespace = name[1:].partition("}")[0] if name[0] == "{" else None
                if namespace == MC or namespace in dropped:
                    del element.attrib[name]
        # Children lifted out of AlternateContent or a ProcessContent element take the
        # place of their wrapper and are treated like any other child.
        pending = [child for child in element if isinstance(child.tag, str)]
        while pending:
            child = pending.pop(0)
            namespace = child.tag[1:].partition("}")[0]
            if child.tag == ALTERNATE_CONTENT:
                chosen = self._chosen(child)
                lifted = list(chosen) if chosen is not None else []
            elif namespace in dropped:
                keep = child.tag in process or f"{{{namespace}}}*" in process
                lifted = list(child) if keep else []
            else:
                self._visit(child, dropped, process)
                continue
            self._replace(child, lifted)
            pending[:0] = [node for node in lifted if isinstance(node.tag, str)]

    def _chosen(self, alternate: etree._Element) -> etree._Element | None:
        for choice in alternate.findall(f"{{{MC}}}Choice"):
            required = {choice.nsmap.get(p) for p in (choice.get("Requires") or "").split()}
            if required and required <= self.understood:
                return choice
        return alternate.find(f"{{{MC}}}Fallback")

    @staticmethod
    def _replace(element: etree._Element, children: list[etree._Element]) -> None:
        """Put ``children`` where ``element`` was, keeping the text around it."""
        parent = element.getparent()
        text, tail = element.text if children else None, element.tail
        previous = element.getprevious()
        if text:  # before the first lifted child
            if previous is not None:
                previous.tail = (previous.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
        for child in children:
            element.addprevious(child)
        previous = element.getprevious()
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(element)


@dataclass(frozen=True)
class PartResult:
    """One part checked: its name in the package and what the schema said about it."""

    part: str
    errors: list[str]


class Validator:
    """The schemas compiled once; validates the XML parts of any .docx."""

    def __init__(self) -> None:
        self.schemas = {namespace: etree.XMLSchema(etree.parse(str(SCHEMAS / name)))
                        for namespace, name in SCHEMA_OF_ROOT.items()}
        self.understood = understood_namespaces()
        # Documents from one template share most parts byte for byte (styles, theme...):
        # each distinct part is checked once.
        self._done: dict[tuple[str, bytes], PartResult] = {}

    def validate_part(self, part: str, data: bytes) -> PartResult:
        """The part after the compatibility step, checked against the schema of its root.

        Each error reads ``<part>:<line>: <the schema's complaint> (at <element path>)``,
        the line being the one in the part as stored.
        """
        key = (part, hashlib.sha256(data).digest())
        if key not in self._done:
            self._done[key] = self._check(part, data)
        return self._done[key]

    def _check(self, part: str, data: bytes) -> PartResult:
        root = etree.fromstring(data, etree.XMLParser(remove_blank_text=False))
        compatibility = Compatibility(self.understood)
        compatibility.apply(root)
        errors = [f"{part}: {problem}" for problem in compatibility.problems]
        namespace = etree.QName(root).namespace
        schema = self.schemas.get(namespace)
        if schema is None:
            errors.append(f"{part}:{root.sourceline}: no schema for root element "
                          f"{root.tag}; add it to SCHEMA_OF_ROOT with its ECMA-376 schema")
            return PartResult(part, errors)
        if not schema.validate(root.getroottree()):
            errors.extend(f"{part}:{error.line}: {error.message} (at {error.path})"
                          for error in schema.error_log)
        return PartResult(part, errors)

    def validate(self, docx: Path | bytes) -> list[PartResult]:
        """Every XML part of the package (``.xml`` and ``.rels`` members), in zip order."""
        source = io.BytesIO(docx) if isinstance(docx, bytes) else docx
        with zipfile.ZipFile(source) as package:
            return [self.validate_part(name, package.read(name))
                    for name in package.namelist() if _XML_MEMBER.search(name)]
