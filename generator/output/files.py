"""Writing files so that nothing is half-written and nothing lands outside the output folder.

Every file vanban writes goes to a temporary name in the same folder and is renamed into
place, so a reader (or a build killed mid-way) sees the old file or the new one, whole.
Writes under the output folder refuse to go through a symbolic link: a link planted
there must not make vanban write somewhere else.
"""

from __future__ import annotations

import os
import tempfile
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


def write_atomically(path: Path, data: bytes, *, root: Path | None = None) -> None:
    """Write via a temporary file in the same folder, then rename: never a half file."""
    if root is not None:
        ensure_inside(root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
