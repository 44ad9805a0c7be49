"""PDF copies of the generated documents, through one LibreOffice process per run.

Starting LibreOffice costs a second or more, so every file of a run is converted in a
single ``soffice --convert-to pdf`` call. Each call gets its own user profile folder:
two conversions sharing a profile fail (docs/pitfalls.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PureWindowsPath

from generator.domain.errors import VanbanError
from generator.output.files import write_atomically

TIMEOUT_SECONDS = 600


def windows_soffice(environ: Mapping[str, str]) -> list[PureWindowsPath]:
    """Where LibreOffice's Windows installer puts soffice.exe (64- and 32-bit), which is
    not on PATH."""
    folders = [environ.get(name) for name in ("ProgramFiles", "ProgramW6432",
                                              "ProgramFiles(x86)")]
    folders += [r"C:\Program Files", r"C:\Program Files (x86)"]
    found = dict.fromkeys(PureWindowsPath(folder) / "LibreOffice" / "program" / "soffice.exe"
                          for folder in folders if folder)
    return list(found)


def find_soffice(*, windows: bool = sys.platform == "win32",
                 environ: Mapping[str, str] = os.environ,
                 exists: Callable[[str], bool] = os.path.isfile) -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or not windows:
        return found
    return next((str(path) for path in windows_soffice(environ) if exists(str(path))), None)


def convert(documents: list[Path]) -> list[Path]:
    """Write ``X.pdf`` beside each ``X.docx``; return the PDFs written."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise VanbanError("chưa cài LibreOffice nên không tạo được PDF (cài: apt-get install "
                          "libreoffice-writer-nogui fonts-liberation); các tệp .docx vẫn được ghi")
    with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as work:
        folder = Path(work)
        staged = folder / "in"
        staged.mkdir()
        # Unique names, so documents of the same kind from several provinces can share the
        # one output folder LibreOffice writes into.
        names = {}
        for index, document in enumerate(documents):
            name = f"{index:04d}-{document.stem}.docx"
            shutil.copyfile(document, staged / name)
            names[name] = document
        profile = (folder / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder / "out"),
                   *[str(staged / name) for name in names]]
        try:
            result = subprocess.run(command, capture_output=True, text=True,
                                    timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise VanbanError(f"LibreOffice không chuyển xong sau {TIMEOUT_SECONDS} giây") from None
        written = []
        for name, document in names.items():
            produced = folder / "out" / f"{Path(name).stem}.pdf"
            if not produced.is_file():
                raise VanbanError(f"LibreOffice không tạo được PDF cho {document} "
                                  f"({(result.stderr or result.stdout).strip()[:200]})")
            target = document.with_suffix(".pdf")
            write_atomically(target, produced.read_bytes())
            written.append(target)
        return written
