"""A LibreOffice kept running while ``vanban serve`` runs, so that a preview does not wait
for LibreOffice to start.

``soffice --convert-to pdf`` starts LibreOffice for every call: about a second before the
first page is converted, most of the two seconds an officer may wait between saving a
target and seeing the plan. The server instead starts one LibreOffice when it starts
(``office_worker.py``, run by the Python that can import LibreOffice's ``uno``) and sends
it one document at a time: about 0,25 s for the eight pages of a plan.

Whatever goes wrong with it (no such Python, LibreOffice crashed or hung), the documents
are converted the usual way (``generator.output.pdf.convert``) and the officer sees the
same previews, only later; after ``MAX_FAILURES`` the running LibreOffice is not tried
again until the server restarts.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.output.pdf import convert as convert_cold
from generator.output.pdf import find_soffice

WORKER = Path(__file__).with_name("office_worker.py")
START_SECONDS = 90  # a first start on a slow office machine builds the profile
CONVERT_SECONDS = 120
PROBE_SECONDS = 20
MAX_FAILURES = 3

log = logging.getLogger("vanban.web")


def uno_pythons(soffice: str, *, windows: bool = sys.platform == "win32") -> list[str]:
    """Where a Python that can import ``uno`` may be: LibreOffice's own (its program
    folder, on Windows and in libreoffice.org's Linux packages), then the system's
    python3 (Debian's python3-uno)."""
    folder = Path(soffice).resolve().parent
    found = [folder / ("python.exe" if windows else "python")]
    found += [Path(p) for p in (shutil.which("python3"), "/usr/bin/python3") if p]
    return [str(p) for p in dict.fromkeys(found) if p.is_file()]


def _imports_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True,
                              timeout=PROBE_SECONDS, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class WarmOfficeError(Exception):
    """The running LibreOffice could not convert (the cold way is used instead)."""


class WarmOffice:
    """One running LibreOffice for this server; ``convert`` is safe from any thread
    (one document at a time)."""

    def __init__(self, find_python: Callable[[str], list[str]] = uno_pythons, *,
                 on_demand: bool = False) -> None:
        """``on_demand``: start LibreOffice at the first conversion; otherwise only once
        :meth:`start` was called (the server's start: an application that is never served,
        as in tests, converts the usual way and leaves nothing running)."""
        self._find_python = find_python
        self.wanted = on_demand
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._python: str | None = None
        self.failures = 0
        self.closed = False

    # --- life ------------------------------------------------------------------------

    def start(self) -> None:
        """Start LibreOffice now, in the background, so that the first build finds it."""
        self.wanted = True
        threading.Thread(target=self._start_quietly, daemon=True,
                         name="vanban-libreoffice").start()

    def _start_quietly(self) -> None:
        with self._lock:
            try:
                self._ensure()
            except WarmOfficeError as exc:
                log.warning("không giữ được LibreOffice chạy sẵn (%s): ảnh trang vẫn được "
                            "tạo, chậm hơn", exc)

    def _python_for(self, soffice: str) -> str:
        if self._python is None:
            found = next((p for p in self._find_python(soffice) if _imports_uno(p)), None)
            if found is None:
                self.failures = MAX_FAILURES  # nothing to retry with
                raise WarmOfficeError("không có Python nào nạp được mô-đun uno của LibreOffice")
            self._python = found
        return self._python

    def _ensure(self) -> subprocess.Popen[str]:
        """The running worker, started if needed; the lock is held."""
        if self.closed or self.failures >= MAX_FAILURES:
            raise WarmOfficeError("không dùng LibreOffice chạy sẵn")
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        soffice = find_soffice()
        if soffice is None:
            raise WarmOfficeError("chưa cài LibreOffice")
        python = self._python_for(soffice)
        self._profile = tempfile.TemporaryDirectory(prefix="vanban-libreoffice-")
        profile = Path(self._profile.name).as_uri()
        pipe = f"vanban-{os.getpid()}-{id(self)}-{self.failures}"
        try:
            process = subprocess.Popen(
                [python, str(WORKER), soffice, profile, pipe], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                encoding="utf-8")
        except OSError as exc:
            self._failed()
            raise WarmOfficeError(str(exc)) from None
        self._process = process
        self._answers = queue.Queue()
        threading.Thread(target=self._read, args=(process, self._answers), daemon=True,
                         name="vanban-libreoffice-answers").start()
        answer = self._answer(START_SECONDS)
        if not answer.get("ready"):
            self._failed()
            raise WarmOfficeError(str(answer.get("error", "LibreOffice không khởi động")))
        return process

    @staticmethod
    def _read(process: subprocess.Popen[str],
              answers: queue.Queue[dict[str, Any] | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                answers.put(json.loads(line))
            except ValueError:
                continue  # not ours: LibreOffice writing on the same stream
        answers.put(None)  # the worker ended

    def _answer(self, seconds: float) -> dict[str, Any]:
        try:
            answer = self._answers.get(timeout=seconds)
        except queue.Empty:
            self._failed()
            raise WarmOfficeError(f"LibreOffice không trả lời sau {seconds:.0f} giây") from None
        if answer is None:
            self._failed()
            raise WarmOfficeError("LibreOffice chạy sẵn đã dừng")
        return answer

    def _failed(self) -> None:
        self.failures += 1
        self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.close()  # the worker ends LibreOffice and itself
                process.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._stop()

    # --- work ------------------------------------------------------------------------

    def _one(self, document: Path) -> None:
        process = self._ensure()
        assert process.stdin is not None
        request = {"docx": str(document.resolve()),
                   "pdf": str(document.with_suffix(".pdf").resolve())}
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except OSError as exc:
            self._failed()
            raise WarmOfficeError(str(exc)) from None
        answer = self._answer(CONVERT_SECONDS)
        if not answer.get("ok") or not document.with_suffix(".pdf").is_file():
            self._failed()
            raise WarmOfficeError(str(answer.get("error", "không có PDF")))

    def convert(self, documents: list[Path]) -> None:
        """Write ``X.pdf`` beside each ``X.docx``, in order, the cold way for those the
        running LibreOffice could not convert."""
        if not self.wanted:
            convert_cold(documents)
            return
        with self._lock:
            for index, document in enumerate(documents):
                try:
                    self._one(document)
                except WarmOfficeError as exc:
                    log.warning("LibreOffice chạy sẵn không chuyển được %s (%s): chuyển theo "
                                "cách thường", document.name, exc)
                    convert_cold(documents[index:])
                    return
