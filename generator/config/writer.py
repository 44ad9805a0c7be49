"""Saving changes to a province file: only what changed, only if valid, never over
someone else's work.

The web page (issue 13) and ``vanban excel import`` (issue 14) change a province's YAML
the same way. :func:`read_snapshot` gives the text and its version (a hash of the bytes);
:func:`write_changes` takes the changes (paths as the validator names them → new values)
and that version, and

- rewrites only the changed values (config.yaml_edit), so ``git diff`` shows what the user
  changed and nothing else: comments, key order, quotes and layout stay;
- validates the new text with the project's own reader (``read_province`` on a copy)
  and writes nothing while it has an error, returning the Vietnamese problems;
- refuses when the file changed since that version was read, saying what changed;
- writes through a temporary file in the same folder and a rename, keeping the file's
  permissions, under a lock so that two saves of one file follow each other;
- writes no byte when the changes leave the text as it is.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import secrets
import stat
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config import schema, yaml_source
from generator.config.province import read_province
from generator.config.yaml_edit import DELETE, EditError, apply_changes
from generator.config.yaml_source import PathKey
from generator.domain.errors import ConfigError, Problem, VanbanError

__all__ = ["DELETE", "EditError", "Snapshot", "StaleVersion", "WriteResult", "read_snapshot",
           "version_of", "write_changes"]

_BOM = "\ufeff"


def version_of(data: bytes) -> str:
    """The version of a file's content: the SHA-256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A province file as it was read: its text and the version to pass back when saving."""

    path: Path
    text: str
    version: str


@dataclass(frozen=True)
class WriteResult:
    """What a save did: whether it wrote, the file's version now, the unified diff of the
    change (empty when nothing changed) and the validator's warnings about the new text."""

    written: bool
    version: str
    diff: str
    text: str
    warnings: list[Problem] = field(default_factory=list)


class StaleVersion(VanbanError):
    """The file changed since the caller read it; ``diff`` shows how (empty when the text
    the caller read is no longer known to this process)."""

    def __init__(self, path: Path, diff: str) -> None:
        self.path = path
        self.diff = diff
        shown = f"\nNhững gì đã thay đổi trong tệp:\n{diff.rstrip()}" if diff else ""
        super().__init__(
            f"{path} đã được sửa (ở cửa sổ khác, trình soạn thảo khác hoặc bởi người khác) "
            "sau khi bạn mở nó; thay đổi của bạn chưa được ghi để không đè lên phần đã sửa. "
            f"Mở lại tệp để xem bản mới nhất rồi sửa lại{shown}")


# The texts handed out by read_snapshot, by file and version: a refused save can show what
# changed since the version its caller read. A web server reads a province when it shows
# the form and saves in the same process; a few recent texts are enough.
_SEEN: OrderedDict[tuple[str, str], str] = OrderedDict()
_SEEN_MAX = 64
_SEEN_LOCK = threading.Lock()


def _remember(path: Path, version: str, text: str) -> None:
    with _SEEN_LOCK:
        _SEEN[(str(path.resolve()), version)] = text
        _SEEN.move_to_end((str(path.resolve()), version))
        while len(_SEEN) > _SEEN_MAX:
            _SEEN.popitem(last=False)


def _recall(path: Path, version: str) -> str | None:
    with _SEEN_LOCK:
        return _SEEN.get((str(path.resolve()), version))


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise VanbanError(f"{path} không phải UTF-8 (byte lạ ở dòng {line}); lưu lại tệp với "
                          "bảng mã UTF-8 rồi thử lại") from None


def read_snapshot(path: Path) -> Snapshot:
    """The file's text and version, remembered so that a refused save can show a diff."""
    data = path.read_bytes()
    snapshot = Snapshot(path, _decode(path, data), version_of(data))
    _remember(path, snapshot.version, snapshot.text)
    return snapshot


def province_order(where: PathKey) -> Sequence[Any]:
    """The declared order of the keys of a province file's table at ``where``."""
    table = schema.describe(schema.PROVINCE, where) if where else None
    if where and table is None:
        return ()
    return schema.names(schema.PROVINCE, table.parts if table else ())


def _diff(path: Path, old: str, new: str, old_label: str, new_label: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        f"{path} ({old_label})", f"{path} ({new_label})"))


def write_changes(path: Path, changes: Mapping[Any, Any] | Iterable[tuple[Any, Any]],
                  version: str | Snapshot, *, shared_dir: Path | None = None) -> WriteResult:
    """Make ``changes`` in the province file ``path``, read at ``version``.

    Raises StaleVersion when the file is no longer at that version, ConfigError with every
    problem when the new text is not valid, EditError when a change cannot be made; in
    each case the file is left as it was. ``shared_dir`` defaults to ``shared/`` beside
    the file, as ``provinces/shared``.
    """
    if isinstance(version, Snapshot):
        _remember(path, version.version, version.text)
        version = version.version
    shared = shared_dir if shared_dir is not None else path.parent / "shared"
    pairs = list(changes.items()) if isinstance(changes, Mapping) else list(changes)
    real = path.resolve()
    with _locked(real):
        data = real.read_bytes()
        now = version_of(data)
        text = _decode(path, data)
        if now != version:
            before = _recall(path, version)
            raise StaleVersion(path, "" if before is None else
                               _diff(path, before, text, "lúc bạn mở", "bây giờ"))
        body = text.removeprefix(_BOM)
        new_body = apply_changes(body, pairs, province_order) if pairs else body
        if new_body == body:
            return WriteResult(False, now, "", text)
        new_text = (_BOM if text.startswith(_BOM) else "") + new_body
        warnings = _validate(path, new_text, shared)
        new_data = new_text.encode("utf-8")
        _replace_file(real, new_data)
    new_version = version_of(new_data)
    _remember(path, new_version, new_text)
    return WriteResult(True, new_version, _diff(path, text, new_text, "trước", "sau"),
                       new_text, warnings)


def _validate(path: Path, text: str, shared: Path) -> list[Problem]:
    """The warnings of the new text; ConfigError, naming ``path``, when it has an error.

    The copy has the file's own name (the name is the province's id, and is checked).
    """
    with tempfile.TemporaryDirectory(prefix="vanban-") as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8", newline="")
        try:
            _, warnings = read_province(copy, shared)
        except ConfigError as exc:
            raise ConfigError([_renamed(p, copy, path) for p in exc.problems]) from None
        finally:
            _forget(copy)
    return [_renamed(p, copy, path) for p in warnings]


def _renamed(problem: Problem, copy: Path, path: Path) -> Problem:
    return replace(problem, file=path) if problem.file == copy else problem


def _forget(copy: Path) -> None:
    """Drop the copy from the reader's cache: a web server saving all day would otherwise
    keep every text it ever validated."""
    for key in [k for k in yaml_source._CACHE if k[0].parent == copy.resolve().parent]:
        yaml_source._CACHE.pop(key, None)


# --- the write ----------------------------------------------------------------------------

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _replace_file(path: Path, data: bytes) -> None:
    """Temporary file beside ``path``, same permissions, flushed to disk, then renamed."""
    mode = stat.S_IMODE(path.stat().st_mode)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, _CREATE, 0o600)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- one save of a file at a time ---------------------------------------------------------
# The operating system's lock on a file beside the province (".long-an.yaml.lock"), the
# same kind output.lock takes on a build folder: it dies with the process holding it.

if sys.platform == "win32":
    import msvcrt

    def _lock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                threading.Event().wait(0.05)

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.parent / f".{path.name}.lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    while True:
        handle = os.open(lock, flags, 0o666)
        try:
            _lock(handle)
        except BaseException:
            os.close(handle)
            raise
        try:
            same = lock.exists() and os.path.samestat(os.fstat(handle), lock.stat())
        except OSError:
            same = False
        if same:
            break
        _unlock(handle)  # the holder before us removed the file: lock the new one
        os.close(handle)
    try:
        yield
    finally:
        if sys.platform == "win32":
            _unlock(handle)
            os.close(handle)
            try:
                lock.unlink()
            except OSError:
                pass  # another save has it open and will remove it
        else:
            lock.unlink(missing_ok=True)  # while still held: a waiter sees it was replaced
            _unlock(handle)
            os.close(handle)
