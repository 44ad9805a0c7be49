"""``vanban build --pdf``: one LibreOffice run, PDFs beside the .docx, a clear line without it.

CI installs LibreOffice (scripts/setup.sh), so there these tests must run; elsewhere they
are skipped only when LibreOffice is truly missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.sample_yaml import without_warnings

ROOT = Path(__file__).resolve().parent.parent
HAVE_OFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_office = pytest.mark.skipif(not HAVE_OFFICE and not os.environ.get("CI"),
                                  reason="LibreOffice/poppler chưa được cài")


def vanban(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "out"
    result = vanban("build", "long-an", "tay-ninh", "--pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@needs_office
@pytest.mark.parametrize(("province", "kind", "title", "signer", "pages", "page_two"), [
    ("long-an", "ke-hoach", "KẾ HOẠCH", "Phạm Tấn Hòa", range(6, 11), 2),
    # A one-page decision; the attached plan starts on page 2, numbered anew.
    ("long-an", "quyet-dinh-ban-hanh", "QUYẾT ĐỊNH", "Phạm Tấn Hòa", range(9, 16), 3),
    ("tay-ninh", "cong-van-trien-khai", "V/v thực hiện Chỉ thị", "Lê Thị C", range(2, 4), 2),
])
def test_pdf_has_the_document(pdf_run: Path, province: str, kind: str, title: str,
                              signer: str, pages: range, page_two: int) -> None:
    pdf = pdf_run / province / f"{kind}.pdf"
    assert (pdf_run / province / f"{kind}.docx").is_file()
    count = page_count(pdf)
    assert count in pages
    first = page_text(pdf, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and title in first
    everything = "".join(page_text(pdf, n) for n in range(1, count + 1))
    assert signer in everything
    # Page numbers: none on page 1, "2" alone at the top of page 2 (Phụ lục I, I.7).
    assert first.strip().splitlines()[0].strip() != "1"
    assert page_text(pdf, page_two).strip().splitlines()[0].strip() == "2"
    if page_two == 3:
        # The attached plan opens with its own header (Mẫu 1.3), under a draft's mark.
        lines = [line.strip() for line in page_text(pdf, 2).splitlines() if line.strip()]
        lines = lines[1:] if lines[0] == "DỰ THẢO" else lines
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0] and "KẾ HOẠCH" in lines[:5]


@needs_office
def test_every_document_of_the_run_gets_a_pdf(pdf_run: Path) -> None:
    documents = sorted(pdf_run.glob("*/*.docx"))
    assert len(documents) == 12  # two provinces, six documents each
    assert all(d.with_suffix(".pdf").is_file() for d in documents)


@needs_office
def test_two_runs_at_once_use_their_own_profiles(tmp_path: Path) -> None:
    def run(name: str) -> subprocess.CompletedProcess[str]:
        return vanban("build", "tuyen-quang", "--doc", "huong-dan-nam", "--pdf", "--out",
                      str(tmp_path / name))

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, ["a", "b"]))
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    for name in ("a", "b"):
        assert (tmp_path / name / "tuyen-quang" / "huong-dan-nam.pdf").is_file()


def test_without_libreoffice_docx_is_written_and_one_line_says_why(tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare)}
    asked = vanban("build", "long-an", "--doc", "ke-hoach", "--pdf", "--out",
                   str(tmp_path / "a"), env=env)
    assert asked.returncode == 3
    assert (tmp_path / "a" / "long-an" / "ke-hoach.docx").is_file()
    assert not (tmp_path / "a" / "long-an" / "ke-hoach.pdf").exists()
    lines = without_warnings(asked.stderr.strip())
    assert len(lines) == 1 and "LibreOffice" in lines[0] and "Traceback" not in asked.stderr
    not_asked = vanban("build", "long-an", "--doc", "ke-hoach", "--out", str(tmp_path / "b"),
                       env=env)
    assert not_asked.returncode == 0 and without_warnings(not_asked.stderr) == []
