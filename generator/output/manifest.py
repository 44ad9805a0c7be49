"""What each output folder was made from, and the history of every document in it.

``<out>/<province>/.vanban/manifest.json`` records, per document, the hashes of its inputs
(province YAML, shared content, template, vanban version and the rendered context) and the
province's facts it was made from, and for every file vanban writes there, the hash of
what it wrote; ``history/<document>/`` keeps each version written, and each hand edit
saved before ``--force`` replaced it.

A file is replaced in three atomic steps: the manifest first notes the hash about to be
written as *pending*, the file is renamed into place, then the manifest records it. A
build killed between any two steps leaves a file whose hash the manifest knows, so it is
never mistaken for a hand edit, and a hand edit is never mistaken for ours.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.domain.errors import VanbanError
from generator.output.files import ensure_inside, write_atomically

STATE_DIR = ".vanban"
MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Written:
    """The hash of a file vanban wrote, and of the one it is about to write."""

    output: str | None = None
    pending: str | None = None

    def knows(self, digest: str | None) -> bool:
        return digest is not None and digest in (self.output, self.pending)


@dataclass
class Version:
    """One kept version of a document."""

    number: int
    file: str
    saved: str
    note: str
    edited: bool = False  # a hand edit saved before vanban replaced it, not a built version


@dataclass
class DocumentRecord:
    """What a document was last built from, and its versions."""

    inputs: dict[str, str] = field(default_factory=dict)
    built: str = ""
    versions: list[Version] = field(default_factory=list)
    # The province's facts at the last build: a rebuild's change report starts from them,
    # even when builds in between kept a hand-edited file and did not replace it.
    facts: dict[str, str] = field(default_factory=dict)

    def last_built(self) -> Version | None:
        """The newest version vanban built (hand edits saved in the history skipped)."""
        return next((v for v in reversed(self.versions) if not v.edited), None)


@dataclass
class Manifest:
    """The state of one province's output folder."""

    folder: Path
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    files: dict[str, Written] = field(default_factory=dict)
    # The facts of a province's last build, from manifests older than per-document facts:
    # only read, for documents that have no facts of their own yet.
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def state(self) -> Path:
        return self.folder / STATE_DIR

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / STATE_DIR / MANIFEST
        if not path.is_file():
            return cls(folder)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            documents = {}
            for kind, record in raw.get("documents", {}).items():
                versions = [_version(v) for v in record.get("versions", [])]
                documents[kind] = DocumentRecord(record.get("inputs", {}),
                                                 record.get("built", ""), versions,
                                                 record.get("facts", {}))
            files = {name: Written(**value) for name, value in raw.get("files", {}).items()}
            return cls(folder, documents, files, raw.get("facts", {}))
        except (ValueError, TypeError, AttributeError) as exc:
            # Edited or damaged by hand: a message, not a traceback; nothing is guessed.
            raise VanbanError(f"{path} bị hỏng, không đọc được ({exc}); sửa lại tệp, hoặc xóa "
                              f"thư mục {folder / STATE_DIR} (mất lịch sử các phiên bản)"
                              ) from None

    def save(self) -> None:
        data: dict[str, Any] = {
            "documents": {kind: asdict(record) for kind, record in self.documents.items()},
            "files": {name: asdict(written) for name, written in self.files.items()},
            "facts": self.facts,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.state / MANIFEST, text.encode("utf-8"), root=self.folder.parent)

    def is_current(self, name: str) -> bool:
        """Whether ``name`` is exactly the file the recorded inputs last produced.

        A file equal only to a *pending* hash was renamed into place by a build that was
        killed before recording it: its content may not match the recorded inputs, so it
        is rebuilt.
        """
        digest = file_hash(self.folder / name)
        return digest is not None and digest == self.files.get(name, Written()).output

    def settle(self) -> bool:
        """After a killed build: a pending hash whose file was never replaced is dropped.

        Returns whether anything changed (the caller saves).
        """
        changed = False
        for name, record in self.files.items():
            if record.pending is not None and file_hash(self.folder / name) == record.output:
                record.pending, changed = None, True
        return changed

    def is_ours(self, name: str) -> bool:
        """Whether the file ``name`` is absent or exactly what vanban last wrote there."""
        digest = file_hash(self.folder / name)
        return digest is None or self.files.get(name, Written()).knows(digest)

    def begin(self, files: dict[str, bytes]) -> None:
        """Note the hashes about to be written, in one manifest save for a whole batch."""
        for name, data in files.items():
            self.files.setdefault(name, Written()).pending = sha256(data)
        self.save()

    def put(self, name: str, data: bytes) -> Path:
        """Write one file of a batch begun with ``begin`` (atomically, inside the folder)."""
        path = self.folder / name
        write_atomically(path, data, root=self.folder.parent)
        return path

    def commit(self) -> None:
        """Record every pending hash as written."""
        for record in self.files.values():
            if record.pending is not None:
                record.output, record.pending = record.pending, None
        self.save()

    def remove(self, name: str) -> None:
        """Delete a file vanban wrote; the manifest forgets it at the next ``commit``.

        Killed in between, the manifest still names a file that is gone, which is
        harmless: an absent file is never taken for a hand edit.
        """
        path = self.folder / name
        ensure_inside(self.folder.parent, path)
        path.unlink(missing_ok=True)
        self.files.pop(name, None)

    def write(self, name: str, data: bytes) -> Path:
        """Replace ``name`` with ``data`` so that the manifest always knows the file."""
        self.begin({name: data})
        path = self.put(name, data)
        self.commit()
        return path

    def keep_version(self, kind: str, source: Path, note: str, *,
                     edited: bool = False) -> Version:
        """Add a copy of ``source`` to the history of ``kind`` as its next version.

        A copy, not a hard link: Word or LibreOffice may save an edit into the same file,
        which would change a linked history entry too. ``edited``: a hand edit, kept so
        it is not lost, not a version vanban built. The manifest is saved by the caller.
        """
        record = self.documents.setdefault(kind, DocumentRecord())
        number = max((v.number for v in record.versions), default=0) + 1
        target = self.state / "history" / kind / f"v{number:03d}{source.suffix}"
        write_atomically(target, source.read_bytes(), root=self.folder.parent,
                         sync=edited)  # a hand edit is about to be replaced
        version = Version(number, str(target.relative_to(self.folder)),
                          now(), note, edited)
        record.versions.append(version)
        return version

    def version_path(self, kind: str, number: int) -> Path | None:
        for version in self.documents.get(kind, DocumentRecord()).versions:
            if version.number == number:
                return self.folder / version.file
        return None


def _version(raw: dict[str, Any]) -> Version:
    """A history entry; one saved before ``edited`` existed is told by its note."""
    if "edited" not in raw:
        raw = {**raw, "edited": str(raw.get("note", "")).startswith("bản sửa tay")}
    return Version(**raw)


def inputs_changed(record: DocumentRecord | None, inputs: dict[str, str]) -> bool:
    """Whether what a document is made from differs from its last build."""
    if record is None:
        return True
    return any(record.inputs.get(key) != inputs.get(key)
               for key in ("context", "template", "version"))
