"""Writing files so that nothing is half-written and nothing lands outside the output folder.

Every file vanban writes goes to a temporary name in the same folder and is renamed into
place, so a reader (or a build killed mid-way) sees the old file or the new one, whole.
The file gets ordinary permissions (0666 less the umask, 0644 or 0664 as a rule), as any
program's new file: colleagues sharing the output folder can open what vanban wrote.
Writes under the output folder refuse to go through a symbolic link: a link planted
there must not make vanban write somewhere else.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from generator.domain.errors import VanbanError


def _link_refused(link: Path) -> VanbanError:
    return VanbanError(f"{link} là một liên kết tượng trưng (symlink); vanban không ghi qua "
                       "liên kết: xóa liên kết đó hoặc chọn thư mục kết quả khác")


def refuse_links(root: Path, folder: Path) -> None:
    """Refuse ``folder`` (under ``root``) when it, or anything in it, is a symbolic link.

    Called for each province's output folder before a build renders or writes anything:
    the writes themselves refuse links too (``ensure_inside``), but only when they reach
    them, after other files of the same build may have been written.
    """
    ensure_inside(root, folder)
    for current, folders, files in os.walk(folder):  # does not enter linked folders
        for name in (*folders, *files):
            if (Path(current) / name).is_symlink():
                raise _link_refused(Path(current) / name)


def ensure_inside(root: Path, path: Path) -> None:
    """Refuse ``path`` unless it lies under ``root`` with no symbolic link on the way."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise VanbanError(f"{path} nằm ngoài thư mục kết quả {root}; vanban không ghi ở đó"
                          ) from None
    if ".." in relative.parts:
        raise VanbanError(f"đường dẫn {path} có '..'; vanban không ghi ra ngoài {root}")
    probe = root
    for part in relative.parts:
        probe = probe / part
        if probe.is_symlink():
            raise _link_refused(probe)
    if root.is_symlink():
        raise VanbanError(f"thư mục kết quả {root} là một liên kết tượng trưng; hãy dùng thư "
                          "mục thật")


# O_EXCL: never an existing file or a link planted under the name; binary on Windows.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new, empty, uniquely named file in ``folder``, created with mode 0666 & ~umask.

    Not ``tempfile.mkstemp``: its files are 0600, which locks colleagues out of a
    shared folder once the file is renamed into place.
    """
    while True:
        temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, _CREATE, 0o666), temporary
        except FileExistsError:
            continue


def write_atomically(path: Path, data: bytes, *, root: Path | None = None,
                     sync: bool = True) -> None:
    """Write via a temporary file in the same folder, then rename: never a half file.

    ``sync=False`` skips forcing the data to disk before the rename: for a copy of a
    file that stays in place, such as the history entry of a document just written.
    """
    if root is not None:
        ensure_inside(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _create_temporary(path.parent, path.name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
