"""The .docx being repaired, as parts that can be edited, added and written back.

The checker's :mod:`~generator.check.package` opens a file to *read* it (and
drops ``mc:Fallback`` copies so nothing is counted twice); here every part a
repair touches is parsed as it is stored, edited, and written back, and every
other member of the zip is copied unchanged.  The copy is written beside the
original under a name that no file has yet, in one step, so a user's file is
never overwritten, not even a fixed copy they have edited since.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from generator.check.package import (
    PKG_REL_NS,
    R_NS,
    STRICT_W_NS,
    W_NS,
    CheckReadError,
    open_package,
)

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PART_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
MAX_TOTAL_BYTES = 500 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class FixError(Exception):
    """The copy cannot be made; the message says why, in Vietnamese."""


class EditablePackage:
    """Every member of the zip; the XML parts a repair asks for, parsed once and kept."""

    def __init__(self, path: Path) -> None:
        package = open_package(path)
        try:
            self.main = package.main
            self.rels = package.rels
            infos = package.zf.infolist()
            if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
                raise CheckReadError("tệp quá lớn để sửa tự động")
            self.infos = infos
            self.data = {i.filename: package.zf.read(i.filename) for i in infos}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CheckReadError(f"tệp .docx bị hỏng: không giải nén được ({exc})") from exc
        finally:
            package.zf.close()
        if STRICT_W_NS.encode() in self.data.get(self.main, b""):
            raise FixError(
                "tệp lưu theo chuẩn Strict Open XML; hãy lưu lại bằng Word dưới dạng "
                '"Word Document (*.docx)" rồi sửa'
            )
        self.roots: dict[str, etree._Element] = {}
        self.read_as: dict[str, bytes] = {}  # each parsed part as first parsed: unchanged?
        self.added: list[str] = []

    def xml(self, name: str) -> etree._Element | None:
        """An editable part (the same object every time), or None when it is absent."""
        if name not in self.roots:
            if name not in self.data:
                return None
            try:
                root = etree.fromstring(self.data[name], _PARSER)
            except etree.XMLSyntaxError as exc:
                raise CheckReadError(f"tệp .docx bị hỏng: XML không hợp lệ trong {name}") from exc
            self.roots[name] = root
            self.read_as[name] = etree.tostring(root)
        return self.roots[name]

    def part_of_type(self, suffix: str) -> str | None:
        for rel_type, target in self.rels.values():
            if rel_type.endswith("/" + suffix):
                return target
        return None

    # ------------------------------------------------------------------ adding parts

    def _rels_name(self, part: str) -> str:
        path = PurePosixPath(part)
        return str(path.parent / "_rels" / (path.name + ".rels"))

    def free_name(self, pattern: str) -> str:
        """The first ``pattern % n`` (n = 1, 2, …) that is not a member yet."""
        n = 1
        while pattern % n in self.data or pattern % n in self.roots:
            n += 1
        return pattern % n

    def add_part(self, kind: str, root: etree._Element, like: str | None = None) -> str:
        """A new header or footer part related from the main part; its relationship id.

        ``like`` names a part whose own relationships (pictures) the new one shares.
        """
        name = self.free_name(f"word/{kind}%d.xml")
        self.roots[name] = root
        self.added.append(name)
        if like is not None and self._rels_name(like) in self.data:
            self.data[self._rels_name(name)] = self.data[self._rels_name(like)]
            self.added.append(self._rels_name(name))
        types = self.xml("[Content_Types].xml")
        if types is None:
            raise FixError("tệp .docx thiếu [Content_Types].xml")
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", PART_TYPE.format(kind))
        rels_name = self._rels_name(self.main)
        rels = self.xml(rels_name)
        if rels is None:
            raise FixError(f"tệp .docx thiếu {rels_name}")
        used = {r.get("Id") for r in rels}
        n = 1
        while f"rIdVanban{n}" in used:
            n += 1
        rel_id = f"rIdVanban{n}"
        relation = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        relation.set("Id", rel_id)
        relation.set("Type", REL_TYPE + kind)
        relation.set("Target", os.path.relpath(name, str(PurePosixPath(self.main).parent)))
        self.rels[rel_id] = (REL_TYPE + kind, name)
        return rel_id

    # ------------------------------------------------------------------ writing

    def to_bytes(self) -> bytes:
        """The package with every edited part serialised and the others as they were."""
        out = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self.infos:
                data = self._serialised(info.filename)
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                zf.writestr(copy, data)
            for name in self.added:
                zf.writestr(name, self._serialised(name))
        out.seek(0)
        return out.read()

    def _serialised(self, name: str) -> bytes:
        """A part as stored, unless a repair changed it (then as lxml writes it)."""
        if name in self.roots and (
            name not in self.read_as or etree.tostring(self.roots[name]) != self.read_as[name]
        ):
            return etree.tostring(
                self.roots[name], xml_declaration=True, encoding="UTF-8", standalone=True
            )
        return self.data[name]


def story_root(kind: str, paragraphs: list[etree._Element]) -> etree._Element:
    """A ``w:hdr`` (``kind`` "header") or ``w:ftr`` holding ``paragraphs``."""
    tag = "hdr" if kind == "header" else "ftr"
    root = etree.Element(f"{{{W_NS}}}{tag}", nsmap={"w": W_NS, "r": R_NS})
    root.extend(paragraphs)
    return root


# --------------------------------------------------------------------------- the copy's name

_COPY = re.compile(r"\.sua(-\d+)?$", re.IGNORECASE)


def is_fixed_copy(path: Path) -> bool:
    """A copy this command wrote (``x.sua.docx``, ``x.sua-2.docx``)."""
    return bool(_COPY.search(path.stem))


def copy_names(source: Path) -> list[Path]:
    """``<name>.sua.docx``, then ``<name>.sua-2.docx``, ``-3`` …: where the copy may go."""
    stem = source.name[: -len(source.suffix)] if source.suffix else source.name
    names = [source.with_name(f"{stem}.sua.docx")]
    names += [source.with_name(f"{stem}.sua-{n}.docx") for n in range(2, 1000)]
    return names


def write_new(source: Path, data: bytes) -> Path:
    """Write ``data`` beside ``source`` under the first free copy name, never replacing a file.

    The bytes go to a temporary file in the same folder, which is then linked
    under the new name: the name appears complete or not at all, and a name
    that already exists (an earlier copy, perhaps edited by hand) is skipped,
    even if it appeared a moment ago.  Where the file system has no hard links
    (a FAT memory stick), the name is reserved with an exclusive create first.
    """
    folder = source.parent
    handle, temp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # The copy may be read by whoever could read the original (mkstemp makes it private).
        os.chmod(temp, (source.stat().st_mode & 0o777) | 0o600)
        for target in copy_names(source):
            if _claim(Path(temp), target):
                return target
        raise FixError(f"đã có quá nhiều bản sửa của {source.name} trong thư mục")
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _claim(temp: Path, target: Path) -> bool:
    """Give ``temp``'s content the name ``target`` if no file has it; False if one has."""
    try:
        os.link(temp, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass  # no hard links here
    try:
        reserved = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    os.close(reserved)
    os.replace(temp, target)
    return True
