"""Page images of a document: LibreOffice → PDF → PNG (pdftoppm), cached by content hash.

A preview lives in ``<cache>/<sha256 of the .docx>/``: the PDF and one PNG per page. The
folder is made under a temporary name and renamed into place when complete, so a
preview seen is never half made, and a document whose bytes did not change is never
converted again. Every missing document of one call goes through one LibreOffice run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.domain.errors import VanbanError
from generator.output.manifest import sha256
from generator.output.pdf import convert, find_soffice

DIGEST = re.compile(r"[0-9a-f]{64}")
PDF_NAME = "van-ban.pdf"
PAGE = re.compile(r"trang-(\d+)\.png")
RESOLUTION = 96  # an A4 page 794 px wide: readable beside the findings on a laptop
TIMEOUT_SECONDS = 120

MISSING_SOFFICE = ("Chưa cài LibreOffice nên không tạo được PDF và ảnh trang (các tệp .docx "
                   "vẫn tải về được). Cách sửa: cài LibreOffice từ https://www.libreoffice.org "
                   "(trên Windows, bộ cài đặt đặt nó ở C:\\Program Files\\LibreOffice; trên "
                   "Debian/Ubuntu: apt-get install libreoffice-writer-nogui), rồi sinh lại.")
MISSING_PDFTOPPM = ("Chưa có chương trình pdftoppm (Poppler) nên không hiện được ảnh các trang; "
                    "PDF vẫn tải về được. Cách sửa: cài gói poppler-utils (Debian/Ubuntu) hoặc "
                    "Poppler cho Windows, rồi sinh lại.")


@dataclass(frozen=True)
class Preview:
    digest: str
    folder: Path

    @property
    def pdf(self) -> Path:
        return self.folder / PDF_NAME

    @property
    def pages(self) -> list[int]:
        found = [int(m.group(1)) for p in self.folder.glob("trang-*.png")
                 if (m := PAGE.fullmatch(p.name))]
        return sorted(found)

    def page(self, number: int) -> Path:
        return self.folder / f"trang-{number}.png"


def cached(cache: Path, digest: str) -> Preview | None:
    folder = cache / digest
    return Preview(digest, folder) if (folder / PDF_NAME).is_file() else None


def _pages(pdftoppm: str, pdf: Path) -> None:
    """One PNG per page beside the PDF, named trang-1.png, trang-2.png..."""
    try:
        subprocess.run([pdftoppm, "-r", str(RESOLUTION), "-png", str(pdf),
                        str(pdf.parent / "trang")], capture_output=True, check=True,
                       timeout=TIMEOUT_SECONDS)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise VanbanError(f"pdftoppm không tạo được ảnh trang của {pdf.name} ({exc})") from None
    for made in pdf.parent.glob("trang-*.png"):  # pdftoppm pads: trang-01.png in a long PDF
        number = int(made.stem.rsplit("-", 1)[1])
        made.rename(made.with_name(f"trang-{number}.png"))


def make(documents: list[bytes], cache: Path,
         progress: Callable[[str], None] = lambda _: None) -> list[Preview]:
    """The preview of each document, in order; those not cached are made in one run.

    Raises VanbanError with a plain Vietnamese message when LibreOffice is missing or
    fails. Without pdftoppm the PDFs are made and the previews have no pages.
    """
    digests = [sha256(data) for data in documents]
    missing = {d: data for d, data in zip(digests, documents, strict=True)
               if cached(cache, d) is None}
    if missing:
        if find_soffice() is None:
            raise VanbanError(MISSING_SOFFICE)
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".tam-", dir=cache) as work:
            staged = []
            for digest, data in missing.items():
                (Path(work) / digest).mkdir()
                document = Path(work) / digest / "van-ban.docx"
                document.write_bytes(data)
                staged.append(document)
            progress("Đang tạo PDF bằng LibreOffice")
            convert(staged)
            pdftoppm = shutil.which("pdftoppm")
            if pdftoppm is not None:
                progress("Đang tạo ảnh các trang")
                for document in staged:
                    _pages(pdftoppm, document.with_suffix(".pdf"))
            for document in staged:
                document.unlink()
                try:
                    document.parent.rename(cache / document.parent.name)
                except OSError:
                    if cached(cache, document.parent.name) is None:  # not made by another run
                        raise
    return [Preview(d, cache / d) for d in digests]


def prune(cache: Path, keep: set[str], *, at_most: int = 0) -> None:
    """Remove cached previews not in ``keep``, or beyond the ``at_most`` newest."""
    if not cache.is_dir():
        return
    entries = sorted((p for p in cache.iterdir() if DIGEST.fullmatch(p.name)),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for index, entry in enumerate(entries):
        if entry.name in keep or (at_most and index < at_most):
            continue
        shutil.rmtree(entry, ignore_errors=True)
