"""One build at a time in a province's output folder, whoever starts it.

Two builds of the same province at once (two terminals today, two web requests tomorrow)
would both read the same manifest, both write the new version, and the second would then
take the first's document for a hand edit. :func:`folder_lock` serialises them: the
second waits, says so, and then finds the first's work done. Every caller that reads or
writes a province's output folder takes it: ``build.run`` does for each folder it builds.

The lock is the operating system's, on ``<folder>/.vanban/lock`` (``flock`` on Linux and
macOS, ``msvcrt.locking`` on Windows): it dies with the process holding it, so a build
that crashed or was killed never blocks the next one. Threads of one process exclude
each other too (each takes the lock through its own file handle); a thread that already
holds a folder's lock may take it again (nested use does not deadlock).

The lock file exists only while a build holds it, and folders created only to hold it
are removed again, so a build that stops on an error leaves nothing behind.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.output.files import ensure_inside

STATE_DIR = ".vanban"
LOCK_FILE = "lock"
_OPEN = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_OPEN_READ_ONLY = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, 0, os.SEEK_SET)  # the locked byte is the first, file empty or not
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _wait_lock(handle: int) -> None:
        while not _try_lock(handle):  # LK_LOCK gives up after 10 s: poll instead
            time.sleep(0.05)

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _wait_lock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


# Per thread: the lock files this thread holds, and how many times it entered each.
_held = threading.local()
# Every lock handle this process holds, whatever the thread.
_handles: set[int] = set()


def _close_inherited() -> None:
    """In a forked child (a render worker): close the parent's lock handles. A flock
    belongs to the open file, so a child keeping a copy would hold the province locked
    after a killed parent, and every later build would wait for it forever."""
    for handle in list(_handles):
        try:
            os.close(handle)
        except OSError:
            pass
    _handles.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited)


def waiting_notice(folder: Path) -> str:
    return (f"Đang chờ một lần sinh khác của tỉnh {folder.name} kết thúc (thư mục {folder} "
            "đang được ghi)...")


def _print_notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _open(path: Path) -> int:
    try:
        return os.open(path, _OPEN, 0o666)
    except PermissionError:
        # A colleague's lock file in a shared folder, not writable by us: a lock needs
        # only an open handle.
        return os.open(path, _OPEN_READ_ONLY)


def _same_file(handle: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``handle`` (the holder before us
    may have deleted it while we waited; then the lock we got guards nothing)."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _acquire(path: Path, notice: Callable[[str], None], folder: Path) -> int:
    told = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = _open(path)
        except FileNotFoundError:  # the folder was removed by a holder that just finished
            continue
        try:
            if not _try_lock(handle):
                if not told:
                    notice(waiting_notice(folder))
                    told = True
                _wait_lock(handle)
            if _same_file(handle, path):
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)


def _remove(path: Path, created: list[Path]) -> None:
    """The lock file, then the folders made only to hold it (innermost first)."""
    try:
        path.unlink()
    except OSError:
        return  # Windows: another process has it open and will remove it
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            return  # the build wrote into it, or another build is about to


def _release(handle: int, path: Path, created: list[Path]) -> None:
    if sys.platform == "win32":  # an open file cannot be deleted there: close it first
        try:
            _unlock(handle)
        finally:
            os.close(handle)
        _remove(path, created)
        return
    try:
        _remove(path, created)  # while still holding it: a waiter sees it was replaced
    finally:
        try:
            _unlock(handle)
        finally:
            os.close(handle)


@contextmanager
def folder_lock(folder: Path, *,
                notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of a province's output folder for the ``with`` block.

    When another process (or thread) holds it, ``notice`` is called once with a
    Vietnamese line saying so (by default printed on stderr), then the call waits.
    """
    path = folder / STATE_DIR / LOCK_FILE
    ensure_inside(folder.parent, path)
    key = str(Path(os.path.abspath(path)))
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    created = [p for p in (path.parent, folder) if not p.exists()]
    handle = _acquire(path, notice or _print_notice, folder)
    _handles.add(handle)
    depth[key] = 1
    try:
        yield
    finally:
        depth[key] = 0
        _handles.discard(handle)
        _release(handle, path, created)
