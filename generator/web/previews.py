"""Page images of a document: LibreOffice → PDF → PNG, cached by content hash.

A preview lives in ``<cache>/<sha256 of the .docx>/``: the PDF and one PNG per page. The
folder is made under a temporary name and renamed into place when complete, so a
preview seen is never half made, and a document whose bytes did not change is never
converted again. pdftoppm draws the pages as raw pixels and Pillow writes each as a PNG
at compression level 1: 0,25 s for the eight pages of a plan, where pdftoppm's own PNG
takes 1,6 s; the files are as small as JPEG at quality 90 and the text stays exact.
Folders made by a version that wrote JPEG pages are served as they are.

The documents missing from the cache go, in order, through the LibreOffice the server
keeps running (web.office) when there is one; otherwise through at most two
``soffice --convert-to pdf`` runs side by side: the first document (the one the officer
is waiting for) alone, the others together. Either way the first is ready before the
others, and ``ready`` hears of it at once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.domain.errors import VanbanError
from generator.output.manifest import sha256
from generator.output.pdf import convert, find_soffice

DIGEST = re.compile(r"[0-9a-f]{64}")
PDF_NAME = "van-ban.pdf"
PAGE = re.compile(r"trang-(\d+)\.(jpg|png)")
MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}
RESOLUTION = 96  # an A4 page 794 px wide: readable beside the findings on a laptop
PNG_LEVEL = 1  # a page of text: level 6 is hardly smaller and several times slower
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

    def _images(self) -> dict[int, Path]:
        found: dict[int, Path] = {}
        for path in sorted(self.folder.glob("trang-*")):
            if (m := PAGE.fullmatch(path.name)):
                found.setdefault(int(m.group(1)), path)
        return found

    @property
    def pages(self) -> list[int]:
        return sorted(self._images())

    def page(self, number: int) -> Path | None:
        """The image of page ``number`` (PNG, or JPEG in an older folder), if there is one."""
        return self._images().get(number)


def media_type(image: Path) -> str:
    return MEDIA_TYPES[image.suffix]


def cached(cache: Path, digest: str) -> Preview | None:
    folder = cache / digest
    return Preview(digest, folder) if (folder / PDF_NAME).is_file() else None


def _pages(pdftoppm: str, pdf: Path) -> None:
    """One PNG per page beside the PDF, named trang-1.png, trang-2.png..."""
    from PIL import Image

    try:
        subprocess.run([pdftoppm, "-r", str(RESOLUTION), str(pdf), str(pdf.parent / "trang")],
                       capture_output=True, check=True, timeout=TIMEOUT_SECONDS)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise VanbanError(f"pdftoppm không tạo được ảnh trang của {pdf.name} ({exc})") from None
    for made in pdf.parent.glob("trang-*.ppm"):  # pdftoppm pads: trang-01.ppm in a long PDF
        number = int(made.stem.rsplit("-", 1)[1])
        with Image.open(made) as page:
            page.save(made.with_name(f"trang-{number}.png"), compress_level=PNG_LEVEL)
        made.unlink()


def _groups(staged: list[Path]) -> list[list[Path]]:
    """The LibreOffice runs: the first document alone beside the others, when two cores
    can run them side by side."""
    if len(staged) > 1 and (os.cpu_count() or 1) > 1:
        return [staged[:1], staged[1:]]
    return [staged]


Converter = Callable[[list[Path]], object]  # writes X.pdf beside each X.docx


def _make_group(group: list[Path], cache: Path, pdftoppm: str | None,
                ready: Callable[[list[str]], None], converter: Converter) -> None:
    converter(group)
    if pdftoppm is not None:
        for document in group:
            _pages(pdftoppm, document.with_suffix(".pdf"))
    for document in group:
        document.unlink()
        try:
            document.parent.rename(cache / document.parent.name)
        except OSError:
            if cached(cache, document.parent.name) is None:  # not made by another run
                raise
    ready([document.parent.name for document in group])


def make(documents: list[bytes], cache: Path,
         progress: Callable[[str], None] = lambda _: None,
         ready: Callable[[list[str]], None] = lambda _: None,
         office: Converter | None = None) -> list[Preview]:
    """The preview of each document, in order; those not cached are made, the first of
    them in a LibreOffice run of its own, or one by one in order by the running
    LibreOffice ``office`` (web.office) when there is one. ``ready`` hears the digests of
    each group of previews as soon as they are in the cache.

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
            progress("Đang tạo PDF và ảnh các trang bằng LibreOffice")
            pdftoppm = shutil.which("pdftoppm")
            if office is not None:
                for document in staged:
                    _make_group([document], cache, pdftoppm, ready, office)
            else:
                groups = _groups(staged)
                with ThreadPoolExecutor(len(groups), thread_name_prefix="vanban-pdf") as pool:
                    runs = [pool.submit(_make_group, group, cache, pdftoppm, ready, convert)
                            for group in groups]
                    for run in runs:
                        run.result()
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
