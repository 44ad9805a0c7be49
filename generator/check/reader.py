"""Read any .docx into the facts that the layout rules of Nghị định 30/2020 need.

Why a reader of our own rather than python-docx's object model: the checker must
judge documents written by hand in Word or LibreOffice as well as ours.  There a
run's size, bold, italic and font may come from the run itself, its character
style, the paragraph style and its ``basedOn`` chain, a table style or the
document defaults (``w:docDefaults``), and fonts may be theme references.
python-docx reports only what is written on each element, so this module
resolves *effective* values the way Word does, in one place.

The second half (:func:`find_anatomy`) recognises the parts of an administrative
document (the numbered boxes, "ô", of Phụ lục I, Mục IV) from their position and
their text, never from our templates' internals: the two-column header table,
or tabs and plain paragraphs when a person laid the header out by hand.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from lxml import etree

from generator.domain.decree30 import DOC_TYPES, is_upper
from generator.domain.vietnamese import fold, roman

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MAX_PART_BYTES = 200 * 1024 * 1024  # refuse absurd parts (zip bombs) rather than hang

TIMES = "Times New Roman"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


class CheckReadError(Exception):
    """The file cannot be checked; the message says why, in Vietnamese, for the user."""


# --------------------------------------------------------------------------- text helpers

_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": ""})


def clean(text: str) -> str:
    """NFC text with no-break spaces as spaces: keyboards and editors differ on both."""
    return unicodedata.normalize("NFC", text).translate(_ODD_SPACES)


def excerpt(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of a paragraph, for showing where a finding is."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_rule_text(text: str) -> bool:
    """A line of underscores or dashes typed to draw a rule."""
    stripped = text.strip()
    return len(stripped) >= 3 and set(stripped) <= set("_-—–=─━")


# --------------------------------------------------------------------------- text width

# Advance widths (thousandths of an em) of Times Roman and Times Bold, the Adobe AFM
# metrics that Times New Roman follows; Vietnamese letters take their base letter's width.
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TIMES_REGULAR = dict(
    zip(
        _LETTERS,
        "444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 "
        "722 500 500 444 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 "
        "556 611 722 722 944 722 722 611".split(),
        strict=True,
    )
)
_TIMES_BOLD = dict(
    zip(
        _LETTERS,
        "500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 "
        "722 500 500 444 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 "
        "556 667 722 722 1000 722 722 667".split(),
        strict=True,
    )
)
_TIMES_OTHER = {  # em
    " ": 0.25,
    "-": 0.333,
    "_": 0.5,
    ".": 0.25,
    ",": 0.25,
    ":": 0.278,
    "/": 0.278,
    "(": 0.333,
    ")": 0.333,
    "–": 0.5,
    "—": 1.0,
}


def _char_width(ch: str, bold: bool) -> float:
    """Width of one character in em."""
    base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[:1] or ch
    table = _TIMES_BOLD if bold else _TIMES_REGULAR
    if base in table:
        return int(table[base]) / 1000
    return _TIMES_OTHER.get(base, 0.5)


def text_width(runs: Iterable[Run]) -> int:
    """Estimated printed width of runs in twips (Times New Roman metrics)."""
    total = 0.0
    for run in runs:
        size = run.size or 12.0
        total += sum(_char_width(c, run.bold) for c in run.text.strip("\t\n")) * size
    return int(total * 20)


# --------------------------------------------------------------------------- data model


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


@dataclass(frozen=True)
class Where:
    """Which container a paragraph lives in: the body, a table cell, a text box, a header…"""

    kind: str  # body | table | textbox | header | footer
    table: int | None = None
    row: int | None = None
    col: int | None = None
    part: str | None = None
    cell_width: int | None = None


@dataclass
class Paragraph:
    """One paragraph with its effective paragraph properties and runs."""

    index: int
    text: str
    runs: tuple[Run, ...]
    label: str
    align: str
    left: int
    right: int
    first_line: int
    before: int
    after: int
    line: int | None
    line_rule: str
    contextual: bool
    style_id: str | None
    border_bottom: bool
    border_top: bool
    shapes: tuple[int | None, ...]
    page_breaks: int
    rendered_breaks: int
    where: Where
    section: int
    has_page_field: bool = False
    page_field_size: float | None = None
    page_field_italic: bool = False
    tabs: tuple[tuple[str, int], ...] = ()
    box_width: int | None = None  # text width available to the paragraph (twips)

    @property
    def in_table(self) -> bool:
        return self.where.kind == "table"


@dataclass
class HeaderFooter:
    """A header or footer part: its paragraphs, and whether it holds a PAGE field."""

    part: str
    kind: str  # header | footer
    paragraphs: list[Paragraph]

    @property
    def page_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.has_page_field]


@dataclass
class Section:
    """Page setup of one section, with headers and footers after inheritance."""

    index: int
    width: int | None
    height: int | None
    orient: str
    margins: dict[str, int | None]
    title_page: bool
    headers: dict[str, HeaderFooter | None]
    footers: dict[str, HeaderFooter | None]


@dataclass(frozen=True)
class Line:
    """A visual line of a paragraph (split at soft breaks, and at tabs in the header)."""

    para: Paragraph
    runs: tuple[Run, ...]
    text: str
    column: int = -1

    @property
    def visible_runs(self) -> tuple[Run, ...]:
        return tuple(r for r in self.runs if r.text.strip())


@dataclass(frozen=True)
class RuleMark:
    """A horizontal rule under a line, and its length in twips when it can be measured."""

    kind: str  # border | shape | underline | underscores
    width: int | None


@dataclass
class Anatomy:
    """The parts of the document, recognised by position and text."""

    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    tieu_ngu_rule: RuleMark | None = None
    agency: list[Line] = field(default_factory=list)
    agency_rule: RuleMark | None = None
    so: Line | None = None
    vv: list[Line] = field(default_factory=list)
    date: Line | None = None
    header_end: int = -1
    title: Line | None = None
    doc_type: str | None = None
    summary: list[Line] = field(default_factory=list)
    summary_rule: RuleMark | None = None
    kinh_gui: Line | None = None
    kinh_gui_items: list[Line] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    noi_nhan: Line | None = None
    noi_nhan_items: list[Line] = field(default_factory=list)
    authority: list[Line] = field(default_factory=list)
    signer: Line | None = None
    sign_start: int | None = None
    layout_tables: set[int] = field(default_factory=set)


@dataclass
class DocumentFacts:
    """Everything the rules look at, read once from the file."""

    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section]
    estimated_pages: int
    anatomy: Anatomy = field(default_factory=Anatomy)

    @property
    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Body, table, text-box, header and footer paragraphs, each header part once."""
        yield from self.paragraphs
        seen: set[str] = set()
        for section in self.sections:
            for hf in [*section.headers.values(), *section.footers.values()]:
                if hf is not None and hf.part not in seen:
                    seen.add(hf.part)
                    yield from hf.paragraphs


# --------------------------------------------------------------------------- the package


@dataclass
class _Package:
    """The zip, with the main document part and its relationships located."""

    zf: zipfile.ZipFile
    main: str
    rels: dict[str, tuple[str, str]]  # rId -> (type, part name)

    def xml(self, name: str) -> etree._Element | None:
        """Parse one part, or None when it is absent; corrupt XML is a read error."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise CheckReadError(f"phần {name} quá lớn ({info.file_size} byte), không kiểm tra")
        try:
            data = self.zf.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise CheckReadError(f"tệp .docx bị hỏng: không giải nén được {name} ({exc})") from exc
        data = data.replace(STRICT_W_NS.encode(), W_NS.encode())
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise CheckReadError(f"tệp .docx bị hỏng: XML không hợp lệ trong {name}") from exc
        _drop_fallbacks(root)
        return root

    def part_of_type(self, suffix: str) -> str | None:
        """The target of the main part's first relationship whose type ends with ``suffix``."""
        for rel_type, target in self.rels.values():
            if rel_type.endswith("/" + suffix):
                return target
        return None


def _drop_fallbacks(root: etree._Element) -> None:
    """Remove ``mc:Fallback`` copies so shapes and text boxes are not counted twice."""
    for fallback in list(root.iter(f"{{{MC_NS}}}Fallback")):
        fallback.getparent().remove(fallback)


def _sniff(path: Path) -> None:
    """Refuse files that are not Office Open XML, with the reason a person can act on."""
    if not path.exists():
        raise CheckReadError("không tìm thấy tệp")
    if path.is_dir():
        raise CheckReadError("đây là thư mục, không phải tệp")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            body = _ole_sample(fh) if head == OLE_MAGIC else b""
    except OSError as exc:
        raise CheckReadError(f"không mở được tệp ({exc.strerror or exc})") from exc
    if not head:
        raise CheckReadError("tệp rỗng (0 byte)")
    if head == OLE_MAGIC:
        raise CheckReadError(_ole_message(body))
    if head.startswith(b"{\\rtf"):
        raise CheckReadError("đây là tệp RTF, không phải .docx; hãy lưu lại dưới dạng .docx")
    if not head.startswith(ZIP_MAGIC):
        raise CheckReadError("không phải tệp .docx (không đúng định dạng ZIP của Office Open XML)")


def _ole_sample(fh: BinaryIO) -> bytes:
    """Enough of an OLE compound file to find its stream names (they sit in its directory).

    Small files are read whole; for large ones the start and the end, where
    Word and the encryption tools put the directory.
    """
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    if size <= 64 * 1024 * 1024:
        return fh.read()
    start = fh.read(4 * 1024 * 1024)
    fh.seek(size - 4 * 1024 * 1024)
    return start + fh.read()


def _ole_message(body: bytes) -> str:
    """Why an OLE compound file is not a .docx: password protection, an old .doc, or other."""
    if (
        "EncryptionInfo".encode("utf-16-le") in body
        or "EncryptedPackage".encode("utf-16-le") in body
    ):
        return "tệp .docx được bảo vệ bằng mật khẩu (đã mã hóa); hãy gỡ mật khẩu rồi kiểm tra lại"
    if "WordDocument".encode("utf-16-le") in body:
        return (
            "đây là tệp Word 97-2003 (.doc), không phải .docx; hãy mở bằng Word hoặc "
            "LibreOffice và lưu lại dưới dạng .docx"
        )
    return "đây là tệp Office định dạng cũ (OLE), không phải .docx"


def _read_rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of ``part``, targets resolved to part names inside the zip."""
    folder = PurePosixPath(part).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(part).name + ".rels")).lstrip("/")
    if part == "":
        rels_name = "_rels/.rels"
    try:
        data = zf.read(rels_name)
    except KeyError:
        return {}
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise CheckReadError(f"tệp .docx bị hỏng: không giải nén được {rels_name}") from exc
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise CheckReadError(f"tệp .docx bị hỏng: XML không hợp lệ trong {rels_name}") from exc
    rels: dict[str, tuple[str, str]] = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        rels[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return rels


def _join(folder: PurePosixPath, target: str) -> str:
    """Resolve a relative relationship target (with ``..``) against a folder."""
    parts: list[str] = [p for p in folder.parts if p not in ("", "/")]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _open_package(path: Path) -> _Package:
    """Open the zip and find the main document part, or explain why not."""
    _sniff(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise CheckReadError("tệp .docx bị hỏng (không đọc được cấu trúc ZIP)") from exc
    except OSError as exc:
        raise CheckReadError(f"không mở được tệp ({exc})") from exc
    try:
        return _locate_main(zf)
    except BaseException:
        zf.close()
        raise


def _locate_main(zf: zipfile.ZipFile) -> _Package:
    """The main document part named by the package relationships."""
    names = set(zf.namelist())
    if "mimetype" in names and "word/document.xml" not in names:
        raise CheckReadError(
            "đây là tệp OpenDocument (.odt), không phải .docx; hãy lưu lại dưới dạng .docx"
        )
    main = None
    for rel_type, target in _read_rels(zf, "").values():
        if rel_type.endswith("/officeDocument"):
            main = target
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is None or main not in names:
        raise CheckReadError("không phải tệp Word .docx (thiếu phần word/document.xml)")
    return _Package(zf=zf, main=main, rels=_read_rels(zf, main))


# --------------------------------------------------------------------------- theme and styles


def _theme_fonts(root: etree._Element | None) -> dict[str, str]:
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
        counters[ilvl] = counters.get(ilvl, _val_int(lvl.find(w("start")), 1) - 1) + 1
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
                k, _val_int(other.find(w("start")) if other is not None else None, 1)
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


def _val_int(el: etree._Element | None, default: int) -> int:
    """Integer ``w:val`` of an element, or ``default``."""
    if el is None:
        return default
    try:
        return int(el.get(w("val"), default))
    except ValueError:
        return default


roman_numeral = roman  # list labels "I.", "II." come from generator.domain.vietnamese
def _format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (the common ones)."""
    if fmt == "upperRoman":
        return roman_numeral(n)
    if fmt == "lowerRoman":
        return roman_numeral(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --------------------------------------------------------------------------- effective formatting


def _on(el: etree._Element | None) -> bool | None:
    """Value of an on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``); None if absent."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def _first(levels: Iterable[etree._Element | None], tag: str) -> etree._Element | None:
    """The nearest definition of a property across formatting levels."""
    for level in levels:
        if level is not None:
            el = level.find(w(tag))
            if el is not None:
                return el
    return None


def _first_attr(
    levels: Iterable[etree._Element | None], tag: str, attrs: tuple[str, ...]
) -> str | None:
    """The nearest value of any of ``attrs`` on ``tag`` (attributes inherit one by one)."""
    return _attr_chain([level.find(w(tag)) for level in levels if level is not None], attrs)


def _int(value: str | None, default: int = 0) -> int:
    """Twips written as text, tolerant of "1134.0" and garbage."""
    if value is None:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


class Resolver:
    """Turns a paragraph's or run's formatting levels into effective values."""

    def __init__(self, styles: StyleSheet, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def para_levels(
        self, ppr: etree._Element | None, table_style: str | None
    ) -> list[etree._Element | None]:
        """Paragraph property levels, nearest first: direct, numbering, styles, table, defaults."""
        style_id = _style_val(ppr, "pStyle")
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
        levels += [s.rpr for s in self.styles.chain(_style_val(rpr, "rStyle"), "character")]
        levels += [s.rpr for s in self.styles.chain(_style_val(ppr, "pStyle"), "paragraph")]
        if table_style is not None:
            levels += [s.rpr for s in self.styles.chain(table_style, "table")]
        levels.append(self.styles.doc_rpr)
        return levels

    def num_ref(self, ppr: etree._Element | None) -> tuple[str, int] | None:
        """(numId, ilvl) from direct properties or the paragraph style chain."""
        levels = [ppr] + [s.ppr for s in self.styles.chain(_style_val(ppr, "pStyle"), "paragraph")]
        num_id = _first_attr([_child(lv, "numPr") for lv in levels], "numId", ("val",))
        if num_id in (None, "0"):
            return None
        ilvl = _first_attr([_child(lv, "numPr") for lv in levels], "ilvl", ("val",))
        return num_id, _int(ilvl)

    def font(
        self, levels: list[etree._Element | None], attr: str, theme_attr: str, use_theme: bool
    ) -> str | None:
        """One ``w:rFonts`` slot; a theme reference at a level overrides a name below it."""
        for level in levels:
            rf = level.find(w("rFonts")) if level is not None else None
            if rf is None:
                continue
            theme = rf.get(w(theme_attr))
            if theme:
                return self.styles.theme_font(theme) if use_theme else None
            name = rf.get(w(attr))
            if name:
                return name
        return None

    def run(self, text: str, levels: list[etree._Element | None]) -> Run:
        """Effective run formatting (direct over styles over defaults)."""
        size_el = _first(levels, "sz")
        size = _int(size_el.get(w("val")), 20) / 2 if size_el is not None else 10.0
        caps = _on(_first(levels, "caps"))
        if caps:
            text = text.upper()
        u_el = _first(levels, "u")
        underline = u_el is not None and u_el.get(w("val"), "single") not in ("none", "0")
        color_el = _first(levels, "color")
        names = [
            self.font(levels, "ascii", "asciiTheme", True) or TIMES,
            self.font(levels, "hAnsi", "hAnsiTheme", True) or TIMES,
        ]
        cs = self.font(levels, "cs", "cstheme", False)
        if cs:
            names.append(cs)
        return Run(
            text=text,
            size=size,
            bold=bool(_on(_first(levels, "b"))),
            italic=bool(_on(_first(levels, "i"))),
            underline=underline,
            fonts=tuple(dict.fromkeys(names)),
            color=color_el.get(w("val")) if color_el is not None else None,
        )

    def hidden(self, levels: list[etree._Element | None]) -> bool:
        """Hidden text (``w:vanish``) is not shown and so not judged."""
        return bool(_on(_first(levels, "vanish")))


def _child(el: etree._Element | None, tag: str) -> etree._Element | None:
    return el.find(w(tag)) if el is not None else None


def _style_val(props: etree._Element | None, tag: str) -> str | None:
    el = _child(props, tag)
    return el.get(w("val")) if el is not None else None


# --------------------------------------------------------------------------- paragraphs

_SKIP_ANCESTORS = {w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC_NS}}}Fallback"}
_ALIGN = {
    "both": "both",
    "distribute": "both",
    "justify": "both",
    "center": "center",
    "right": "right",
    "end": "right",
    "left": "left",
    "start": "left",
}
PAGE_FIELD = re.compile(r"(^|\s)PAGE(\s|\\|$)")


def _inside(el: etree._Element, stop: etree._Element, tags: set[str]) -> bool:
    """Whether ``el`` sits, below ``stop``, inside an element with one of ``tags``."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _run_text(r: etree._Element) -> tuple[str, int, int]:
    """Visible text of a ``w:r``, with counts of hard and last-rendered page breaks."""
    out: list[str] = []
    breaks = rendered = 0
    for child in r:
        tag = child.tag
        if tag == w("t"):
            out.append(child.text or "")
        elif tag == w("tab") or tag == w("ptab"):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            if child.get(w("type")) == "page":
                breaks += 1
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("lastRenderedPageBreak"):
            rendered += 1
    return "".join(out), breaks, rendered


O_NS = "urn:schemas-microsoft-com:office:office"
THIN_EMU = 36000  # a shape at most 1 mm high counts as a line
THIN_PT = 3.0


def _shape_widths(p: etree._Element) -> tuple[int | None, ...]:
    """Line-like shapes anchored in the paragraph, with their widths in twips when known.

    A rule may be drawn as a DrawingML line or connector, a VML line, or a very
    thin rectangle; pictures (logos, signature images), text boxes and framed
    stamps are not rules.
    """
    widths: list[int | None] = []
    for drawing in p.iter(w("drawing")):
        if not _inside(drawing, p, {w("txbxContent")}) and _is_line_drawing(drawing):
            extent = drawing.find(f".//{{{WP_NS}}}extent")
            widths.append(_int(extent.get("cx")) // 635 if extent is not None else None)
    for pict in p.iter(w("pict")):
        if _inside(pict, p, {w("txbxContent")}):
            continue
        widths += [_vml_width(shape) for shape in pict if _is_line_vml(shape)]
    return tuple(widths)


def _is_line_drawing(drawing: etree._Element) -> bool:
    """A DrawingML line/connector, or a shape with no text and almost no height."""
    if (
        drawing.find(f".//{{{PIC_NS}}}pic") is not None
        or drawing.find(f".//{{{WPS_NS}}}txbx") is not None
    ):
        return False
    geom = drawing.find(f".//{{{A_NS}}}prstGeom")
    if geom is not None and geom.get("prst", "").startswith(("line", "straightConnector")):
        return True
    extent = drawing.find(f".//{{{WP_NS}}}extent")
    shape = drawing.find(f".//{{{WPS_NS}}}wsp")
    return shape is not None and extent is not None and _int(extent.get("cy")) <= THIN_EMU


def _is_line_vml(shape: etree._Element) -> bool:
    """A VML line, horizontal rule, connector, or a rectangle/shape at most 3 pt high."""
    if shape.tag == f"{{{V_NS}}}line":
        return True
    if shape.tag not in (f"{{{V_NS}}}rect", f"{{{V_NS}}}shape"):
        return False
    if (
        shape.find(f".//{{{V_NS}}}textbox") is not None
        or shape.find(f".//{{{V_NS}}}imagedata") is not None
    ):
        return False
    if shape.get(f"{{{O_NS}}}hr") in ("t", "true") or shape.get(f"{{{O_NS}}}connectortype"):
        return True
    match = re.search(r"height:\s*([\d.]+)pt", shape.get("style", ""))
    return match is not None and float(match.group(1)) <= THIN_PT


def _vml_width(shape: etree._Element) -> int | None:
    """Width of a VML shape in twips, from ``from``/``to`` or the CSS ``width``."""
    if shape.get("from") and shape.get("to"):
        try:
            x1 = float(shape.get("from", "0").split(",")[0].replace("pt", ""))
            x2 = float(shape.get("to", "0").split(",")[0].replace("pt", ""))
            return int(abs(x2 - x1) * 20)
        except ValueError:
            return None
    match = re.search(r"width:\s*([\d.]+)pt", shape.get("style", ""))
    return int(float(match.group(1)) * 20) if match else None


class ParagraphReader:
    """Builds :class:`Paragraph` facts from ``w:p`` elements, in document order."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.count = 0
        self.table_count = 0

    def read(
        self, p: etree._Element, where: Where, section: int, table_style: str | None
    ) -> Paragraph:
        """Effective facts for one paragraph."""
        ppr = p.find(w("pPr"))
        plevels = self.resolver.para_levels(ppr, table_style)
        runs, breaks, rendered, page = self._runs(p, ppr, table_style)
        label = self._label(ppr)
        text = clean((label + " " if label else "") + "".join(r.text for r in runs))
        ind = [_child(lv, "ind") for lv in plevels]
        first = self._first_line(ind)
        spacing = self._spacing(plevels)
        jc = _first_attr(plevels, "jc", ("val",)) or "left"
        bdr = [_child(lv, "pBdr") for lv in plevels]
        tabs = self._tabs(plevels)
        if _on(_first(plevels, "pageBreakBefore")):
            breaks += 1
        self.count += 1
        return Paragraph(
            index=self.count - 1,
            text=text,
            runs=tuple(runs),
            label=label,
            align=_ALIGN.get(jc, "left"),
            left=_int(_attr_chain(ind, ("left", "start"))),
            right=_int(_attr_chain(ind, ("right", "end"))),
            first_line=first,
            before=spacing[0],
            after=spacing[1],
            line=spacing[2],
            line_rule=spacing[3],
            contextual=bool(_on(_first(plevels, "contextualSpacing"))),
            style_id=_style_val(ppr, "pStyle") or self.resolver.styles.defaults.get("paragraph"),
            border_bottom=_border(bdr, "bottom"),
            border_top=_border(bdr, "top"),
            shapes=_shape_widths(p),
            page_breaks=breaks,
            rendered_breaks=rendered,
            where=where,
            section=section,
            has_page_field=page[0],
            page_field_size=page[1],
            page_field_italic=page[2],
            tabs=tabs,
        )

    def _label(self, ppr: etree._Element | None) -> str:
        num = self.resolver.num_ref(ppr)
        return clean(self.resolver.numbering.label(*num)) if num is not None else ""

    @staticmethod
    def _first_line(ind: list[etree._Element | None]) -> int:
        """First-line offset: the nearest level that sets either firstLine or hanging wins."""
        for el in ind:
            if el is None:
                continue
            if el.get(w("hanging")) is not None:
                return -_int(el.get(w("hanging")))
            if el.get(w("firstLine")) is not None:
                return _int(el.get(w("firstLine")))
        return 0

    @staticmethod
    def _spacing(levels: list[etree._Element | None]) -> tuple[int, int, int | None, str]:
        """(before, after, line, lineRule); HTML auto-spacing counts as 14 pt."""
        sp = [_child(lv, "spacing") for lv in levels]
        before = _int(_attr_chain(sp, ("before",)))
        after = _int(_attr_chain(sp, ("after",)))
        if _attr_chain(sp, ("beforeAutospacing",)) in ("1", "true", "on"):
            before = 280
        if _attr_chain(sp, ("afterAutospacing",)) in ("1", "true", "on"):
            after = 280
        line = _attr_chain(sp, ("line",))
        rule = _attr_chain(sp, ("lineRule",)) or "auto"
        return before, after, (_int(line) if line is not None else None), rule

    @staticmethod
    def _tabs(levels: list[etree._Element | None]) -> tuple[tuple[str, int], ...]:
        """Effective tab stops: lower levels first, nearer levels add or clear stops."""
        stops: dict[int, str] = {}
        for level in reversed(levels):
            tabs = _child(level, "tabs")
            if tabs is None:
                continue
            for tab in tabs.iter(w("tab")):
                pos = _int(tab.get(w("pos")))
                if tab.get(w("val")) == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = tab.get(w("val"), "left")
        return tuple((kind, pos) for pos, kind in sorted(stops.items()))

    def _runs(
        self, p: etree._Element, ppr: etree._Element | None, table_style: str | None
    ) -> tuple[list[Run], int, int, tuple[bool, float | None, bool]]:
        """Runs with effective formatting, page-break counts and PAGE-field facts.

        Complex fields (``w:fldChar`` begin/separate/end with ``w:instrText``) and
        simple fields (``w:fldSimple``) are both recognised; the page number's
        size is that of its displayed result, or of the field's first run.
        """
        runs: list[Run] = []
        breaks = rendered = 0
        stack: list[_Field] = []
        page = _PageField()
        for r in p.iter(w("r")):
            if _inside(r, p, _SKIP_ANCESTORS):
                continue
            levels = self.resolver.run_levels(r.find(w("rPr")), ppr, table_style)
            if self._field_parts(r, levels, stack, page):
                continue
            simple = r.getparent()
            if simple is not None and simple.tag == w("fldSimple"):
                if PAGE_FIELD.search(simple.get(w("instr"), "").upper()):
                    page.note(self.resolver.run("", levels), result=True)
            if self.resolver.hidden(levels):
                continue
            text, b, rr = _run_text(r)
            breaks += b
            rendered += rr
            if not text:
                continue
            run = self.resolver.run(clean(text), levels)
            if stack and stack[-1].is_page and stack[-1].in_result:
                page.note(run, result=True)
            runs.append(run)
        for simple in p.iter(w("fldSimple")):
            if PAGE_FIELD.search(simple.get(w("instr"), "").upper()) and not page.found:
                page.note(
                    self.resolver.run("", self.resolver.run_levels(None, ppr, table_style)),
                    result=False,
                )
        return runs, breaks, rendered, (page.found, page.size, page.italic)

    def _field_parts(
        self,
        r: etree._Element,
        levels: list[etree._Element | None],
        stack: list[_Field],
        page: _PageField,
    ) -> bool:
        """Track complex fields through one run; True when the run holds only field codes."""
        handled = False
        for child in r:
            if child.tag == w("fldChar"):
                handled = True
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    stack.append(_Field(probe=self.resolver.run("", levels)))
                elif kind == "separate" and stack:
                    stack[-1].in_result = True
                elif kind == "end" and stack:
                    done = stack.pop()
                    if done.is_page:
                        page.note(done.probe, result=False)
            elif child.tag == w("instrText") and stack:
                handled = True
                stack[-1].instr += child.text or ""
        return handled


@dataclass
class _Field:
    """A complex field being read: its instruction so far, and whether we are in its result."""

    probe: Run
    instr: str = ""
    in_result: bool = False

    @property
    def is_page(self) -> bool:
        return bool(PAGE_FIELD.search(self.instr.upper()))


@dataclass
class _PageField:
    """A paragraph's PAGE field; a displayed result's format beats the field's first run."""

    found: bool = False
    size: float | None = None
    italic: bool = False
    from_result: bool = False

    def note(self, run: Run, result: bool) -> None:
        if self.from_result and not result:
            self.found = True
            return
        self.found = True
        if result and self.from_result:
            return
        self.size, self.italic, self.from_result = run.size, run.italic, result


def _attr_chain(levels: list[etree._Element | None], attrs: tuple[str, ...]) -> str | None:
    """Nearest value of the first present attribute among ``attrs`` on already-found elements."""
    for el in levels:
        if el is None:
            continue
        for attr in attrs:
            value = el.get(w(attr))
            if value is not None:
                return value
    return None


def _border(levels: list[etree._Element | None], side: str) -> bool:
    """Whether the nearest paragraph border definition draws a line on ``side``."""
    for pbdr in levels:
        if pbdr is None:
            continue
        el = pbdr.find(w(side))
        if el is not None:
            return el.get(w("val"), "single") not in ("nil", "none")
    return False


# --------------------------------------------------------------------------- walking the body


def _content_children(el: etree._Element) -> Iterator[etree._Element]:
    """Block children, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag in (w("sdt"),):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _content_children(content)
        elif child.tag in (w("customXml"), w("smartTag")):
            yield from _content_children(child)
        else:
            yield child


class BodyWalker:
    """Walks the body in document order, numbering tables and tracking sections."""

    def __init__(self, reader: ParagraphReader, default_table_style: str | None) -> None:
        self.reader = reader
        self.default_table_style = default_table_style
        self.paragraphs: list[Paragraph] = []
        self.section = 0
        self.section_props: list[etree._Element | None] = []

    def walk(self, container: etree._Element, kind: str = "body") -> None:
        """Read every paragraph below ``container`` (tables and text boxes included)."""
        for child in _content_children(container):
            if child.tag == w("p"):
                self._paragraph(child, Where(kind), None)
                sect = child.find(f"{w('pPr')}/{w('sectPr')}")
                if sect is not None and kind == "body":
                    self.section_props.append(sect)
                    self.section += 1
            elif child.tag == w("tbl"):
                self._table(child)
            elif child.tag == w("sectPr") and kind == "body":
                self.section_props.append(child)

    def _paragraph(self, p: etree._Element, where: Where, table_style: str | None) -> None:
        for box in p.iter(w("txbxContent")):
            if not _inside(box, p, {w("txbxContent")}):
                for inner in _content_children(box):
                    if inner.tag == w("p"):
                        self._paragraph(inner, Where("textbox"), None)
        self.paragraphs.append(self.reader.read(p, where, self.section, table_style))

    def _table(self, tbl: etree._Element) -> None:
        table_id = self.reader.table_count
        self.reader.table_count += 1
        style_el = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        style = style_el.get(w("val")) if style_el is not None else self.default_table_style
        grid = [
            _int(g.get(w("w"))) for g in tbl.iter(w("gridCol")) if g.getparent().getparent() is tbl
        ]
        for row_no, tr in enumerate(c for c in _content_children(tbl) if c.tag == w("tr")):
            col = 0
            for tc in (c for c in _content_children(tr) if c.tag == w("tc")):
                span = _val_int(tc.find(f"{w('tcPr')}/{w('gridSpan')}"), 1)
                where = Where(
                    "table", table_id, row_no, col, cell_width=_cell_width(tc, grid, col, span)
                )
                for block in _content_children(tc):
                    if block.tag == w("p"):
                        self._paragraph(block, where, style)
                    elif block.tag == w("tbl"):
                        self._table(block)
                col += span


def _cell_width(tc: etree._Element, grid: list[int], col: int, span: int) -> int | None:
    """Width of a table cell in twips: its own ``tcW`` in dxa, else the grid columns it spans."""
    tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
    if tcw is not None and tcw.get(w("type"), "dxa") == "dxa" and _int(tcw.get(w("w"))) > 0:
        return _int(tcw.get(w("w")))
    spanned = grid[col : col + span]
    return sum(spanned) if spanned else None


def _read_header_footer(
    pkg: _Package, part: str, kind: str, resolver: Resolver, cache: dict[str, HeaderFooter]
) -> HeaderFooter | None:
    """A header/footer part read once, however many sections refer to it."""
    if part in cache:
        return cache[part]
    root = pkg.xml(part)
    if root is None:
        return None
    reader = ParagraphReader(resolver)
    paras = [
        reader.read(p, Where(kind, part=part), 0, None)
        for p in root.iter(w("p"))
        if not _inside(p, root, {f"{{{MC_NS}}}Fallback"})
    ]
    cache[part] = HeaderFooter(part=part, kind=kind, paragraphs=paras)
    return cache[part]


def _sections(
    pkg: _Package, props: list[etree._Element | None], paras: list[Paragraph], resolver: Resolver
) -> list[Section]:
    """Sections with page setup; headers and footers inherit from the previous section."""
    cache: dict[str, HeaderFooter] = {}
    sections: list[Section] = []
    prev_h: dict[str, HeaderFooter | None] = {"default": None, "first": None, "even": None}
    prev_f: dict[str, HeaderFooter | None] = dict(prev_h)
    if not props:
        props = [None]
    for i, sp in enumerate(props):
        heads = dict(prev_h)
        foots = dict(prev_f)
        for ref_tag, target, kind in (
            ("headerReference", heads, "header"),
            ("footerReference", foots, "footer"),
        ):
            for ref in sp.iter(w(ref_tag)) if sp is not None else ():
                rel = pkg.rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None:
                    target[ref.get(w("type"), "default")] = _read_header_footer(
                        pkg, rel[1], kind, resolver, cache
                    )
        prev_h, prev_f = heads, foots
        pg_sz = _child(sp, "pgSz")
        pg_mar = _child(sp, "pgMar")
        sections.append(
            Section(
                index=i,
                width=_int(pg_sz.get(w("w"))) if pg_sz is not None and pg_sz.get(w("w")) else None,
                height=_int(pg_sz.get(w("h"))) if pg_sz is not None and pg_sz.get(w("h")) else None,
                orient=pg_sz.get(w("orient"), "portrait") if pg_sz is not None else "portrait",
                margins={
                    side: (
                        abs(_int(pg_mar.get(w(side))))
                        if pg_mar is not None and pg_mar.get(w(side))
                        else None
                    )
                    for side in ("top", "bottom", "left", "right")
                },
                title_page=bool(_on(_child(sp, "titlePg"))),
                headers=heads,
                footers=foots,
            )
        )
    return sections


def _estimate_pages(paras: list[Paragraph], sections: list[Section]) -> int:
    """A rough page count: Word's last rendered breaks when present, else text height.

    Page numbers matter only from page 2 on, and python-docx files carry no page
    count of their own, so we estimate: characters per line from the text width
    and font size, line height 1.2 × size, plus paragraph spacing.
    """
    rendered = sum(p.rendered_breaks for p in paras)
    sec = sections[0]
    width_pt = (
        (sec.width or 11906) - (sec.margins["left"] or 1701) - (sec.margins["right"] or 850)
    ) / 20
    height_pt = (
        (sec.height or 16838) - (sec.margins["top"] or 1134) - (sec.margins["bottom"] or 1134)
    ) / 20
    cells: dict[tuple[int | None, int | None], dict[int | None, float]] = {}
    total = 0.0
    pages = 1
    for p in paras:
        if p.page_breaks and total > 0:
            pages += p.page_breaks
            total = 0.0
        size = max((r.size or 12) for r in p.runs) if p.runs else 12.0
        share = 0.5 if p.in_table else 1.0
        per_line = max(10, int(width_pt * share / (size * 0.5)))
        lines = max(1, math.ceil(len(p.text) / per_line))
        height = lines * size * 1.2 + (p.before + p.after) / 20
        if p.in_table:
            row = cells.setdefault((p.where.table, p.where.row), {})
            row[p.where.col] = row.get(p.where.col, 0.0) + height
        else:
            total += height
    total += sum(max(row.values()) for row in cells.values())
    pages += int(total // max(height_pt, 100))
    return max(pages, 1 + rendered)


CELL_MARGINS = 216  # Word's default left + right cell margins (108 twips each)


def _set_box_widths(paras: list[Paragraph], sections: list[Section]) -> None:
    """Text width each paragraph may use: its cell or its section's text area, less indents."""
    for p in paras:
        if p.in_table:
            base = p.where.cell_width - CELL_MARGINS if p.where.cell_width else None
        elif p.where.kind == "body" and p.section < len(sections):
            sec = sections[p.section]
            width, left, right = sec.width, sec.margins["left"], sec.margins["right"]
            base = (
                width - left - right if width and left is not None and right is not None else None
            )
        else:
            base = None
        p.box_width = base - p.left - p.right if base is not None else None


def read_document(path: str | Path) -> DocumentFacts:
    """Read ``path`` into :class:`DocumentFacts`, or raise :class:`CheckReadError`."""
    path = Path(path)
    pkg = _open_package(path)
    try:
        root = pkg.xml(pkg.main)
        if root is None:
            raise CheckReadError("không phải tệp Word .docx (thiếu phần nội dung chính)")
        body = root.find(w("body"))
        if body is None:
            raise CheckReadError("tệp .docx không có phần thân văn bản (w:body)")
        theme_part = pkg.part_of_type("theme")
        styles_part = pkg.part_of_type("styles")
        numbering_part = pkg.part_of_type("numbering")
        styles = StyleSheet(
            pkg.xml(styles_part) if styles_part else None,
            _theme_fonts(pkg.xml(theme_part) if theme_part else None),
        )
        resolver = Resolver(styles, Numbering(pkg.xml(numbering_part) if numbering_part else None))
        walker = BodyWalker(ParagraphReader(resolver), styles.defaults.get("table"))
        walker.walk(body)
        sections = _sections(pkg, walker.section_props, walker.paragraphs, resolver)
    finally:
        pkg.zf.close()
    _set_box_widths(walker.paragraphs, sections)
    facts = DocumentFacts(
        path=path,
        paragraphs=walker.paragraphs,
        sections=sections,
        estimated_pages=_estimate_pages(walker.paragraphs, sections),
    )
    facts.anatomy = find_anatomy(facts.paragraphs)
    return facts


# =========================================================================== anatomy

_TYPES_BY_FOLD = sorted(((fold(k), k) for k in DOC_TYPES), key=lambda kv: -len(kv[0]))

QH_FOLD = "CONG HOA XA HOI CHU NGHIA VIET NAM"
_SO_LINE = re.compile(r"^\s*S[ốỐ]\s*[:.]?\s*[\d\s._…]*[/-]\s*[A-Za-zĐđ]", re.IGNORECASE)
_DATE_LINE = re.compile(r"ngày.{0,25}tháng.{0,25}năm\s*[\d._…]*\s*$", re.IGNORECASE)
_NUMERIC_DATE_LINE = re.compile(
    r"^[^,]{2,40},\s*ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\s*$", re.IGNORECASE
)
_NOI_NHAN = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
_KINH_GUI = re.compile(r"^\s*kính\s+gửi\b", re.IGNORECASE)
AUTHORITY_START = re.compile(
    r"^\s*(TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.|K/T|T/M|T/L|T/UQ|THAY MẶT|KÝ THAY|THỪA LỆNH|"
    r"CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TRƯỞNG|CHÁNH|TRƯỞNG|PHÓ|VIỆN TRƯỞNG|HIỆU TRƯỞNG)\b",
    re.IGNORECASE,
)


def doc_type_of(text: str) -> str | None:
    """The Phụ lục III type name a title line starts with, if any."""
    folded = fold(text).rstrip(":")
    for key, name in _TYPES_BY_FOLD:
        if folded == key or folded.startswith(key + " "):
            return name
    return None


def split_line(p: Paragraph, tabs: bool) -> list[Line]:
    """Visual lines of a paragraph: soft breaks always split; tabs too when asked.

    Hand-made headers put "UBND TỈNH\\tCỘNG HÒA…" on one line with tabs, or
    several lines in one paragraph with Shift+Enter.
    """
    pieces: list[list[Run]] = [[]]
    for run in p.runs:
        parts = re.split(r"(\n|\t+)" if tabs else r"(\n)", run.text)
        for part in parts:
            if part == "\n" or (tabs and part.startswith("\t")):
                pieces.append([])
            elif part:
                pieces[-1].append(replace(run, text=part))
    lines: list[Line] = []
    for i, runs in enumerate(pieces):
        text = "".join(r.text for r in runs)
        if i == 0 and p.label:
            text = p.label + " " + text
        if text.strip():
            lines.append(Line(p, tuple(runs), text.strip()))
    return lines


def _lines(p: Paragraph, tabs: bool = False) -> list[Line]:
    return split_line(p, tabs)


def _first_line(p: Paragraph, tabs: bool = False) -> Line | None:
    lines = split_line(p, tabs)
    return lines[0] if lines else None


def _is_qh(text: str) -> bool:
    return QH_FOLD in fold(text)


def _is_tn(text: str) -> bool:
    f = fold(text)
    return "DOC LAP" in f and "HANH PHUC" in f


def _is_so(text: str) -> bool:
    """ "Số: 12/KH-UBND", also misspelt ("Số 12-KH-UBND") so that its format can be reported."""
    return bool(_SO_LINE.match(text)) and len(text) < 70


def _is_date(text: str) -> bool:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020", also "Hà Nội, ngày 05/01/2020" (a format error)."""
    return len(text) < 80 and bool(_DATE_LINE.search(text) or _NUMERIC_DATE_LINE.match(text))


def _is_vv(text: str) -> bool:
    return fold(text).startswith("V/V")


def _is_title(line: Line) -> bool:
    return doc_type_of(line.text) is not None and is_upper(line.text)


class _Cursor:
    """Helpers over the flat paragraph list that the recognisers share."""

    def __init__(self, paras: list[Paragraph]) -> None:
        self.paras = paras

    def table_paras(self, table: int | None) -> list[Paragraph]:
        return [p for p in self.paras if p.in_table and p.where.table == table]

    def last_index_of_table(self, table: int | None) -> int:
        return max(p.index for p in self.table_paras(table))

    def after(self, index: int) -> list[Paragraph]:
        return [p for p in self.paras if p.index > index]


def _find_header(cur: _Cursor, anat: Anatomy) -> None:
    """Ô 1–4 (and 5b): Quốc hiệu, Tiêu ngữ, agency, Số, date and V/v, by text.

    Looks at the first paragraphs (table cells included) up to the first title
    line; the tables touched by these lines are the header tables.
    """
    window: list[Paragraph] = []
    for p in cur.paras[:40]:
        first = _first_line(p)
        if first is not None and _is_title(first) and not p.in_table:
            break
        window.append(p)
    hits: list[int] = []
    tables: set[int | None] = set()
    for p in window:
        for line in _lines(p, tabs=not p.in_table):
            t = line.text
            if _is_qh(t) or _is_tn(t) or _is_so(t) or _is_date(t) or _is_vv(t):
                hits.append(p.index)
                if p.in_table:
                    tables.add(p.where.table)
    if not hits:
        return
    end = max([*hits, *(cur.last_index_of_table(t) for t in tables)])
    header = [p for p in cur.paras if p.index <= end]
    anat.header_end = end
    anat.layout_tables |= {t for t in tables if t is not None}
    _classify_header(header, anat)


def _right_col(header: list[Paragraph]) -> dict[int | None, int]:
    """Per header table, the column where Quốc hiệu or the date sits (the right side)."""
    cols: dict[int | None, int] = {}
    for p in header:
        if p.in_table and (_is_qh(p.text) or _is_date(p.text)):
            cols.setdefault(p.where.table, p.where.col or 0)
    return cols


def _tab_column(p: Paragraph, i: int, count: int) -> int:
    """Side of a tab-separated header segment: 0 left, 1 right, -1 unknown (a lone centred line)."""
    if count > 1:
        return min(i, 1)
    return 1 if "".join(r.text for r in p.runs).startswith("\t") else -1


def _header_lines(header: list[Paragraph]) -> list[Line]:
    """Header lines with their side: table column, or tab segment in hand-made headers."""
    right = _right_col(header)
    lines: list[Line] = []
    for p in header:
        if p.in_table:
            col = 1 if (p.where.col or 0) >= right.get(p.where.table, 1) else 0
            lines += [replace(ln, column=col) for ln in _lines(p)]
        else:
            segs = _lines(p, tabs=True)
            lines += [replace(ln, column=_tab_column(p, i, len(segs))) for i, ln in enumerate(segs)]
    return lines


def _classify_header(header: list[Paragraph], anat: Anatomy) -> None:
    """Assign each header line its role; agency lines are the left lines before "Số"."""
    lines = _header_lines(header)
    in_vv = False
    for ln in lines:
        t = ln.text
        if _is_qh(t) and anat.quoc_hieu is None:
            anat.quoc_hieu = ln
        elif _is_tn(t) and anat.tieu_ngu is None:
            anat.tieu_ngu = ln
        elif _is_so(t) and anat.so is None:
            anat.so = ln
        elif _is_date(t) and anat.date is None:
            anat.date = ln
        elif _is_vv(t):
            anat.vv.append(ln)
            in_vv = True
            continue
        elif is_rule_text(t) or (t.startswith("(") and t.endswith(")")):
            pass
        elif in_vv and ln.column != 1:
            anat.vv.append(ln)
            continue
        elif anat.so is None and ln.column != 1 and not _is_tn(t):
            anat.agency.append(ln)
        in_vv = False
    anat.tieu_ngu_rule = _rule_under(anat.tieu_ngu, lines, header, side=1)
    anat.agency_rule = _rule_under(anat.agency[-1] if anat.agency else None, lines, header, side=0)


def _same_side(p: Paragraph, anchor: Paragraph, side: int, header: list[Paragraph]) -> bool:
    """Whether ``p`` is on the same side of the header as ``anchor`` (tables: same column group)."""
    if not anchor.in_table:
        return not p.in_table
    if not p.in_table or p.where.table != anchor.where.table:
        return False
    right = _right_col(header).get(p.where.table, 1)
    return ((p.where.col or 0) >= right) == (side == 1)


def _rule_under(
    line: Line | None, lines: list[Line], header: list[Paragraph], side: int
) -> RuleMark | None:
    """The rule drawn under a header line, if any.

    Accepted: a bottom border or a line shape on its paragraph, a shape anywhere
    on the same side of the header, the whole line underlined, an empty
    bordered paragraph just below, or the next line on that side typed as
    underscores ("________", common in hand-made headers laid out with tabs).
    """
    if line is None:
        return None
    p = line.para
    own = _own_rule(p)
    if own is not None:
        return own
    runs = line.visible_runs
    if runs and all(r.underline for r in runs):
        return RuleMark("underline", text_width(runs))
    same = [q for q in header if _same_side(q, p, side, header)]
    shaped = next((q for q in same if q.shapes), None)
    if shaped is not None:
        return RuleMark("shape", shaped.shapes[0])
    pos = next(i for i, ln in enumerate(lines) if ln is line)
    nxt = next(
        (
            ln
            for ln in lines[pos + 1 :]
            if -1 in (ln.column, line.column) or ln.column == line.column
        ),
        None,
    )
    if nxt is not None and is_rule_text(nxt.text):
        return RuleMark("underscores", text_width(nxt.runs))
    return _rule_in_following([q for q in same if q.index > p.index])


def _own_rule(p: Paragraph) -> RuleMark | None:
    """A rule drawn by the paragraph itself: its bottom border or an anchored line shape."""
    if p.border_bottom:
        return RuleMark("border", p.box_width)
    if p.shapes:
        return RuleMark("shape", p.shapes[0])
    return None


def _rule_in_following(following: list[Paragraph]) -> RuleMark | None:
    """A rule drawn on the empty paragraphs right after a line, or typed as underscores.

    Generated and hand-made files alike often draw the rule as the bottom
    border of an empty paragraph of its own, narrowed by indents.
    """
    for q in following:
        if q.shapes:
            return RuleMark("shape", q.shapes[0])
        if q.border_top:
            return RuleMark("border", q.box_width)
        text = q.text.strip()
        if not text:
            if q.border_bottom:
                return RuleMark("border", q.box_width)
            continue
        first = _first_line(q, tabs=True)
        if first is not None and is_rule_text(first.text):
            return RuleMark("underscores", text_width(first.runs))
        return None
    return None


def _find_title(cur: _Cursor, anat: Anatomy) -> int:
    """Ô 5a: the type name and the summary under it, with its rule. Returns the zone end."""
    end = anat.header_end
    candidates = [p for p in cur.after(end) if not p.in_table]
    nonempty = [p for p in candidates if p.text.strip() and not is_rule_text(p.text)]
    if not nonempty:
        return end
    first = nonempty[0]
    line = _first_line(first)
    if line is None or _KINH_GUI.match(line.text):
        return end
    if _is_title(line) or _looks_like_title(line):
        anat.title = line
        anat.doc_type = doc_type_of(line.text)
    else:
        return end
    end = first.index
    rest = nonempty[1:]
    for p in rest[:4]:
        ln = _first_line(p)
        if ln is None or _KINH_GUI.match(ln.text) or fold(ln.text).startswith("CAN CU"):
            break
        if anat.summary and is_upper(ln.text):
            break
        if not (p.align == "center" or _mostly(ln, "bold")):
            break
        anat.summary.extend(_lines(p))
        end = p.index
        if _rule_follows(p, candidates):
            break
    if anat.summary:
        anat.summary_rule = _rule_follows(anat.summary[-1].para, candidates)
        end = _skip_rules(anat.summary[-1].para, candidates)
    return end


def _looks_like_title(line: Line) -> bool:
    """A short centred line: a type name typed in lower case, or an unlisted type in capitals."""
    if line.para.align != "center" or len(line.text) > 60:
        return False
    if doc_type_of(line.text) is not None:
        return True
    return is_upper(line.text) and not AUTHORITY_START.match(line.text)


def _rule_follows(p: Paragraph, candidates: list[Paragraph]) -> RuleMark | None:
    """A rule under ``p``: its border or shape, or a shape/underscores/top border just after."""
    return _own_rule(p) or _rule_in_following([q for q in candidates if q.index > p.index])


def _skip_rules(p: Paragraph, candidates: list[Paragraph]) -> int:
    """Index of the last empty/rule paragraph directly after ``p`` (the rule's own line)."""
    end = p.index
    for q in candidates:
        if q.index <= p.index:
            continue
        if q.text.strip() and not is_rule_text(q.text):
            break
        if q.shapes or q.border_top or q.border_bottom or is_rule_text(q.text):
            end = q.index
    return end


def _mostly(line: Line, attr: str) -> bool:
    """Whether most visible characters of a line have a boolean run attribute."""
    runs = line.visible_runs
    total = sum(len(r.text.strip()) for r in runs)
    on = sum(len(r.text.strip()) for r in runs if getattr(r, attr))
    return total > 0 and on * 2 > total


def _find_kinh_gui(cur: _Cursor, anat: Anatomy, start: int) -> int:
    """Ô 9a: "Kính gửi:" and its list, in plain paragraphs or a small table."""
    nonempty = [p for p in cur.after(start) if p.text.strip()][:8]
    for p in nonempty:
        segs = _lines(p, tabs=True)
        if not segs or not _KINH_GUI.match(segs[0].text):
            continue
        anat.kinh_gui = segs[0]
        anat.kinh_gui_items = segs[1:]  # "Kính gửi:<tab>- Sở A;" or Shift+Enter lists
        if p.in_table:
            anat.layout_tables.add(p.where.table or 0)
            group = cur.table_paras(p.where.table)
            anat.kinh_gui_items += [x for q in group if q is not p for x in _lines(q)]
            return cur.last_index_of_table(p.where.table)
        end = p.index
        for q in cur.after(p.index):
            if not q.text.strip():
                continue
            if q.text.strip()[0] in "-+•–":
                anat.kinh_gui_items.append(Line(q, q.runs, q.text.strip()))
                end = q.index
            else:
                break
        return end
    return start


def _find_signature(cur: _Cursor, anat: Anatomy, start: int) -> None:
    """Ô 7 and 9b: "Nơi nhận" with its list, the authority lines and the signer's name."""
    after = cur.after(start)
    noi = next(
        (
            p
            for p in after
            if (ln := _first_line(p, tabs=True)) and _NOI_NHAN.match(ln.text) and len(ln.text) < 40
        ),
        None,
    )
    if noi is not None:
        _signature_from_noi_nhan(cur, anat, noi)
    else:
        _signature_without_noi_nhan(cur, anat, after)
    _split_authority(anat)


def _signature_from_noi_nhan(cur: _Cursor, anat: Anatomy, noi: Paragraph) -> None:
    if noi.in_table:
        table = cur.table_paras(noi.where.table)
        anat.layout_tables.add(noi.where.table or 0)
        anat.sign_start = table[0].index
        anat.noi_nhan = _first_line(noi)
        anat.noi_nhan_items = [
            ln
            for q in table
            if q.where.col == noi.where.col and q.index > noi.index
            for ln in _lines(q)
        ]
        anat.authority = [ln for q in table if q.where.col != noi.where.col for ln in _lines(q)]
        if not anat.authority:
            _authority_before(cur, anat, table[0].index)
        return
    segs = _lines(noi, tabs=True)
    anat.noi_nhan = segs[0]
    authority = segs[1:]
    anat.sign_start = noi.index
    tail = [q for q in cur.after(noi.index) if not q.in_table]
    in_list = True
    for q in tail:
        qs = _lines(q, tabs=True)
        if not qs:
            continue
        if in_list and qs[0].text[:1] in "-+•–":
            anat.noi_nhan_items.append(qs[0])
            authority += qs[1:]
        else:
            in_list = False
            if len(q.text) > 80 or fold(q.text).startswith("PHU LUC"):
                break
            authority += qs
    anat.authority = authority
    if not authority:
        _authority_before(cur, anat, noi.index)


def _authority_before(cur: _Cursor, anat: Anatomy, index: int) -> None:
    """The signature block placed above "Nơi nhận" (its own table or right-aligned lines)."""
    before = [q for q in cur.paras if q.index < index][-15:]
    block = _authority_block(before)
    if block:
        anat.sign_start = block[0].index
        anat.authority = [ln for q in block for ln in _lines(q, tabs=not q.in_table)]
        anat.layout_tables |= {q.where.table for q in block if q.where.table is not None}


def _authority_block(paras: list[Paragraph]) -> list[Paragraph]:
    """The trailing paragraphs that look like a signature block (from its first authority line)."""
    for i, p in enumerate(paras):
        ln = _first_line(p, tabs=True)
        if (
            ln is not None
            and AUTHORITY_START.match(ln.text)
            and is_upper(ln.text)
            and len(ln.text) <= 70
        ):
            return paras[i:]
    return []


def _signature_without_noi_nhan(cur: _Cursor, anat: Anatomy, after: list[Paragraph]) -> None:
    """No "Nơi nhận": take the last signature-looking table, else the last authority paragraphs."""
    for p in reversed(after):
        ln = _first_line(p)
        if p.in_table and ln is not None and AUTHORITY_START.match(ln.text) and is_upper(ln.text):
            table = cur.table_paras(p.where.table)
            anat.layout_tables.add(p.where.table or 0)
            anat.sign_start = table[0].index
            anat.authority = [x for q in table if q.where.col == p.where.col for x in _lines(q)]
            return
    plain = [p for p in after if not p.in_table]
    for i in range(len(plain) - 1, -1, -1):
        ln = _first_line(plain[i], tabs=True)
        if (
            ln is not None
            and AUTHORITY_START.match(ln.text)
            and is_upper(ln.text)
            and len(ln.text) <= 70
        ):
            j = i
            while (
                j > 0
                and (ln2 := _first_line(plain[j - 1], tabs=True))
                and is_upper(ln2.text)
                and len(ln2.text) <= 70
            ):
                j -= 1
            block = plain[j:]
            anat.sign_start = block[0].index
            anat.authority = [x for q in block for x in _lines(q, tabs=True)]
            return


def _signature_note(text: str) -> bool:
    """Notes in the signature space: "(Đã ký)", "(Ký, đóng dấu)", "Đã ký", rules."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return True
    return is_rule_text(stripped) or fold(stripped) in ("DA KY", "KY TEN", "DA KY VA DONG DAU")


def _split_authority(anat: Anatomy) -> None:
    """The signer's name is the last line of the block; lines in parentheses are notes.

    A last line in capitals right under the previous one (no room left for the
    signature) is a title, not a name: the name is then missing.
    """
    lines = [ln for ln in anat.authority if not _signature_note(ln.text)]
    if len(lines) < 2:
        anat.authority = lines
        return
    last, prev = lines[-1], lines[-2]
    no_gap = last.para is prev.para or last.para.index == prev.para.index + 1
    if is_upper(last.text) and no_gap:
        anat.authority = lines
        return
    anat.signer = last
    anat.authority = lines[:-1]


def _find_body(cur: _Cursor, anat: Anatomy, start: int) -> None:
    """Ô 6: non-empty paragraphs between the title zone and the signature, outside tables."""
    stop = anat.sign_start if anat.sign_start is not None else math.inf
    anat.body = [
        p
        for p in cur.paras
        if start < p.index < stop
        and p.where.kind == "body"
        and p.text.strip()
        and not is_rule_text(p.text)
    ]


def find_anatomy(paras: list[Paragraph]) -> Anatomy:
    """Recognise the parts of the document from positions and text."""
    cur = _Cursor(paras)
    anat = Anatomy()
    _find_header(cur, anat)
    end = _find_title(cur, anat)
    end = _find_kinh_gui(cur, anat, end)
    _find_signature(cur, anat, end)
    _find_body(cur, anat, end)
    return anat
