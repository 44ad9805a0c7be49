"""A LibreOffice kept running for the web page, converting .docx to PDF on request.

Not imported by vanban: run as a script by the Python that can import LibreOffice's
``uno`` module (the one shipped in LibreOffice's program folder on Windows, python3 with
python3-uno on Debian), so it imports nothing of vanban's::

    python office_worker.py SOFFICE PROFILE_URL PIPE_NAME

It starts soffice listening on a named pipe, says ``{"ready": true}``, then reads one JSON
request a line on stdin, ``{"docx": path, "pdf": path}``, and answers one JSON line,
``{"ok": true}`` or ``{"error": text}``. When stdin closes (vanban stopped, however it
stopped) soffice is ended with it. Starting LibreOffice costs about a second; converting
an eight-page plan in a running one about 0,25 s.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

CONNECT_SECONDS = 60


def _property(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def _connect(office: subprocess.Popen[bytes], pipe: str) -> Any:
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _convert(desktop: Any, docx: str, pdf: str) -> None:
    import uno

    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0,
                                            (_property("Hidden", True),))
    try:
        document.storeToURL(uno.systemPathToFileUrl(pdf),
                            (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)


def _say(answer: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _end(office: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and what it started: soffice is a launcher (a shell script on
    Debian, soffice.exe on Windows) whose child soffice.bin does the work, so the whole
    group or tree goes, not only the launcher."""
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(office.pid)],
                           capture_output=True, check=False)
    if sys.platform != "win32":
        try:  # what is left of the group once the launcher is gone (normally nothing)
            os.killpg(office.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    office.wait()


def main() -> int:
    soffice, profile, pipe = sys.argv[1:4]
    try:
        import uno  # noqa: F401  (checked before LibreOffice is started for nothing)
    except ImportError as exc:
        _say({"error": f"{type(exc).__name__}: {exc}"[:500]})
        return 1
    group: dict[str, Any] = (
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
        else {"start_new_session": True})
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        **group)
    desktop = None
    try:
        desktop = _connect(office, pipe)
        _say({"ready": True})
        for line in sys.stdin:
            try:
                request = json.loads(line)
                _convert(desktop, request["docx"], request["pdf"])
                _say({"ok": True})
            except Exception as exc:  # told to vanban, which converts the cold way
                _say({"error": f"{type(exc).__name__}: {exc}"[:500]})
    except Exception as exc:
        _say({"error": f"{type(exc).__name__}: {exc}"[:500]})
        return 1
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        _end(office)
    return 0


if __name__ == "__main__":
    sys.exit(main())
