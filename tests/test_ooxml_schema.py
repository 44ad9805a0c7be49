"""Every XML part vanban writes validates against the ECMA-376 schemas (issue 11).

Word reads element order strictly where LibreOffice does not, so a document can look right
in LibreOffice and still be "unreadable content" in Word. Checked: every part of every
document of the sample provinces, the tracked-changes copies of a rebuild, and the shipped
templates. The schemas and the markup-compatibility step are in ``tests/ooxml_schema.py``.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from generator.config.province import read_province
from generator.domain.model import Province
from generator.output.build import TRACKED, make_jobs, run
from generator.output.redline import redline
from generator.output.schema_order import SEQUENCES
from tests.ooxml_schema import SCHEMAS, PartResult, Validator

ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2026, 2, 1, 9, 30)
# Parts every generated document has; each must have been validated, not skipped.
EXPECTED_PARTS = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                  "word/document.xml", "word/styles.xml", "word/settings.xml",
                  "word/numbering.xml", "word/fontTable.xml", "word/webSettings.xml",
                  "word/header1.xml", "word/header2.xml", "word/theme/theme1.xml",
                  "docProps/core.xml", "docProps/app.xml"}
# Edits made between the two builds: a target value (issue 6's example), moved leads and a
# new signer (tables and signature), a recipient removed and one added (whole paragraphs).
EDITS = {
    "long-an.yaml": [("    a: {2025: 9, 2030: 6}", '    a: {2025: "8,5", 2030: 6}')],
    "tay-ninh.yaml": [("leads: [14]}", "leads: [13, 14]}"), ("leads: [13, 21]}", "leads: [21]}"),
                      ("name: Lê Thị C", "name: Đỗ Văn D")],
    "tuyen-quang.yaml": [("      - UBND tỉnh\n      - Lãnh đạo Sở\n", "      - UBND tỉnh\n"),
                         ("recipients: [UBND tỉnh (để báo cáo), Lãnh đạo Sở]",
                          "recipients: [UBND tỉnh (để báo cáo), Lãnh đạo Sở, Sở Tài chính]")],
}


@pytest.fixture(scope="session")
def validator() -> Validator:
    """The schemas, compiled once for the whole run."""
    return Validator()


def _provinces(project: Path) -> list[Province]:
    shared = project / "provinces" / "shared"
    return [read_province(path, shared)[0]
            for path in sorted((project / "provinces").glob("*.yaml"))]


def _build(project: Path) -> list[Province]:
    """vanban's build of every province of ``project`` into ``project/output``."""
    provinces = _provinces(project)
    jobs = make_jobs(provinces, {p.id: list(p.documents) for p in provinces},
                     project / "templates", project / "provinces" / "shared")
    run(jobs, project / "output", when=WHEN)
    return provinces


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Province]]:
    """A copy of provinces/ and templates/, built, its YAML edited, and built again."""
    root = tmp_path_factory.mktemp("ooxml")
    shutil.copytree(ROOT / "provinces", root / "provinces")
    shutil.copytree(ROOT / "templates", root / "templates")
    _build(root)
    for name, edits in EDITS.items():
        path = root / "provinces" / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{name}: '{old}' not found; update EDITS"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return root, _build(root)


def _failures(files: dict[str, Path | bytes], validator: Validator
              ) -> tuple[list[PartResult], list[str]]:
    """Every part of every file, and each error as ``<file>!<part>:<line>: <complaint>``."""
    results, errors = [], []
    for name, docx in files.items():
        for result in validator.validate(docx):
            results.append(result)
            errors.extend(f"{name}!{error}" for error in result.errors)
    return results, errors


def test_every_generated_document_validates(project: tuple[Path, list[Province]],
                                            validator: Validator) -> None:
    root, provinces = project
    files = {f"{p.id}/{kind}.docx": root / "output" / p.id / f"{kind}.docx"
             for p in provinces for kind in p.documents}
    assert len(files) == 18  # 3 sample provinces, 6 documents each
    results, errors = _failures(files, validator)
    assert not errors, "\n".join(errors)
    per_document = len(results) // len(files)
    assert EXPECTED_PARTS <= {r.part for r in results} and per_document >= len(EXPECTED_PARTS)


def test_every_tracked_changes_copy_validates(project: tuple[Path, list[Province]],
                                              validator: Validator) -> None:
    root, _ = project
    tracked = sorted((root / "output").glob(f"*/*{TRACKED}"))
    names = {f"{p.parent.name}/{p.name.removesuffix(TRACKED)}" for p in tracked}
    assert {"long-an/ke-hoach", "tay-ninh/huong-dan-nam",
            "tuyen-quang/cong-van-trien-khai"} <= names
    xml = [zipfile.ZipFile(path).read("word/document.xml") for path in tracked]
    assert all(b"<w:ins " in x or b"<w:del " in x for x in xml)  # real revisions in each
    # Changed words, and whole paragraphs inserted and deleted (their marks too).
    for kind in (b"ins", b"del"):
        assert any(rb"<w:rPr><w:%s " % kind in x for x in xml), kind
    _, errors = _failures({str(p.relative_to(root)): p for p in tracked}, validator)
    assert not errors, "\n".join(errors)


def test_shipped_templates_validate(validator: Validator) -> None:
    templates = sorted((ROOT / "templates").glob("*.docx"))
    assert len(templates) == 6
    _, errors = _failures({p.name: p for p in templates}, validator)
    assert not errors, "\n".join(errors)


def _paragraph_with_marks(text: str) -> OxmlElement:
    """A paragraph as Word writes one edited by hand: its mark bold and 12 pt."""
    paragraph = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    rpr = OxmlElement("w:rPr")
    for tag in ("w:b", "w:sz"):
        rpr.append(OxmlElement(tag))
    rpr.find(qn("w:sz")).set(qn("w:val"), "24")
    ppr.append(rpr)
    paragraph.append(ppr)
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:t"))
    run[0].text = text
    paragraph.append(run)
    return paragraph


def test_tracked_changes_against_a_hand_edited_version_validate(
        project: tuple[Path, list[Province]], validator: Validator) -> None:
    """After ``build --force`` the previous version is the edited one: paragraphs Word
    wrote, with formatted marks and a section break, are shown deleted or inserted."""
    root, _ = project
    new = (root / "output" / "tuyen-quang" / "huong-dan-nam.docx").read_bytes()
    edited = Document(io.BytesIO(new))
    body = edited.element.body
    first = body.find(qn("w:p"))
    first.addnext(_paragraph_with_marks("Đoạn thêm bằng tay."))
    section_break = _paragraph_with_marks("Ngắt phần thêm bằng tay.")
    section_break.find(qn("w:pPr")).append(copy.deepcopy(body.find(qn("w:sectPr"))))
    first.addnext(section_break)
    saved = io.BytesIO()
    edited.save(saved)
    old = saved.getvalue()
    for name, data in (("bỏ đoạn sửa tay", redline(old, new, WHEN)),
                       ("thêm đoạn", redline(new, old, WHEN))):
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        assert "Ngắt phần thêm bằng tay.".encode() in xml
        _, errors = _failures({name: data}, validator)
        assert not errors, "\n".join(errors)


def _wml_sequence(name: str) -> tuple[str, ...]:
    """The element names of a wml.xsd complex type's sequence, groups and bases expanded."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    schema = etree.parse(str(SCHEMAS / "wml.xsd")).getroot()
    named = {node.get("name"): node for node in schema if node.get("name")}
    prefixes = {"m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
                "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main"}
    target = schema.get("targetNamespace")
    found: list[str] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            if child.tag == f"{xs}element":
                prefix, _, local = (child.get("name") or child.get("ref")).rpartition(":")
                found.append(f"{{{prefixes[prefix] if prefix else target}}}{local}")
            elif child.tag == f"{xs}group":
                walk(named[child.get("ref")])
            elif child.tag == f"{xs}extension":
                walk(named[child.get("base")])
                walk(child)
            elif child.tag in (f"{xs}sequence", f"{xs}choice", f"{xs}complexContent"):
                walk(child)

    walk(named[name])
    return tuple(found)


@pytest.mark.parametrize(("parent", "complex_type"), [
    ("pPr", "CT_PPr"), ("rPr", "CT_ParaRPr"), ("tblPr", "CT_TblPr"), ("tcPr", "CT_TcPr"),
    ("trPr", "CT_TrPr"), ("sectPr", "CT_SectPr"), ("settings", "CT_Settings"),
    ("tblCellMar", "CT_TblCellMar"), ("tcMar", "CT_TcMar")])
def test_child_order_is_the_schemas(parent: str, complex_type: str) -> None:
    assert SEQUENCES[qn(f"w:{parent}")] == _wml_sequence(complex_type)


# A body paragraph as Word 2016 writes it: w14 attributes and elements under
# mc:Ignorable, a text box in mc:AlternateContent (wps: not understood) with a fallback.
WORD_STYLE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 mc:Ignorable="w14">
<w:body>
<w:p w14:paraId="1A2B3C4D" w14:textId="77777777"><w:pPr><w:jc w:val="center"/></w:pPr>
<w:r><w:rPr><w14:ligatures w14:val="standard"/></w:rPr><w:t>Văn bản</w:t></w:r>
<mc:AlternateContent><mc:Choice Requires="wps"><w:r><wps:wsp/></w:r></mc:Choice>
<mc:Fallback><w:r><w:t>Hộp chữ</w:t></w:r></mc:Fallback></mc:AlternateContent>
</w:p>
<w:sectPr/>
</w:body>
</w:document>
"""


def test_compatibility_step_drops_what_word_ignores(validator: Validator) -> None:
    data = WORD_STYLE.encode("utf-8")
    assert validator.validate_part("word/document.xml", data).errors == []
    # The fallback is what is validated: made invalid, it is reported.
    bad_fallback = data.replace(b"<mc:Fallback><w:r>", b"<mc:Fallback><w:r><w:bogus/>")
    assert any("bogus" in e
               for e in validator.validate_part("word/document.xml", bad_fallback).errors)
    # Not ignorable, the w14 markup is an error, as it would be for Word.
    strict = data.replace(b' mc:Ignorable="w14"', b"")
    assert validator.validate_part("word/document.xml", strict).errors
    refused = data.replace(b'mc:Ignorable="w14"', b'mc:Ignorable="w14" mc:MustUnderstand="wps"')
    assert any("MustUnderstand" in e
               for e in validator.validate_part("word/document.xml", refused).errors)


def test_an_error_names_the_part_line_and_complaint(project: tuple[Path, list[Province]],
                                                    validator: Validator) -> None:
    """A rule's border written after its indents, where an append would put it."""
    root, _ = project
    path = root / "output" / "long-an" / "ke-hoach.docx"
    tree = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    border = tree.find(f".//{qn('w:pBdr')}")
    assert border.getnext() is not None  # the indents follow it
    border.getparent().append(border)
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    line = xml[:xml.index(b"<w:pBdr>")].count(b"\n") + 1
    errors = validator.validate_part("word/document.xml", xml).errors
    assert len(errors) == 1, errors
    assert re.fullmatch(rf"word/document\.xml:{line}: Element '\{{[^}}]+\}}pBdr': This element "
                        r"is not expected\. Expected is one of .* \(at /w:document/w:body/"
                        r"w:tbl\[1\]/w:tr\[1\]/w:tc\[1\]/w:p\[\d+\]/w:pPr/w:pBdr\)",
                        errors[0]), errors[0]
