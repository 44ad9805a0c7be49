"""The .docx package: its zip, parts and relationships, opened defensively.

Why defensively: the checker opens whatever a clerk was sent.  A .doc, an .odt,
an RTF renamed .docx, a password-protected file, corrupt XML or a zip bomb must
each end in a :class:`CheckReadError` that says what to do, never in a hang or
a traceback.  This module also holds the XML vocabulary the other reader
modules share: namespaces, :func:`w` and the readers of property values.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MAX_PART_BYTES = 200 * 1024 * 1024  # refuse absurd parts (zip bombs) rather than hang


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


class CheckReadError(Exception):
    """The file cannot be checked; the message says why, in Vietnamese, for the user."""


# --------------------------------------------------------------------------- the package


@dataclass
class Package:
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


def open_package(path: Path) -> Package:
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


def _locate_main(zf: zipfile.ZipFile) -> Package:
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
    return Package(zf=zf, main=main, rels=_read_rels(zf, main))


# --------------------------------------------------------------------------- property values


def on_off(el: etree._Element | None) -> bool | None:
    """Value of an on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``); None if absent."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def to_int(value: str | None, default: int = 0) -> int:
    """Twips written as text, tolerant of "1134.0" and garbage."""
    if value is None:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


def val_int(el: etree._Element | None, default: int) -> int:
    """Integer ``w:val`` of an element, or ``default``."""
    if el is None:
        return default
    try:
        return int(el.get(w("val"), default))
    except ValueError:
        return default


def child_of(el: etree._Element | None, tag: str) -> etree._Element | None:
    """The ``tag`` child of ``el``; None when either is absent."""
    return el.find(w(tag)) if el is not None else None


def inside(el: etree._Element, stop: etree._Element, tags: set[str]) -> bool:
    """Whether ``el`` sits, below ``stop``, inside an element with one of ``tags``."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False
