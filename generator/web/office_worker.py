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


def main() -> int:
    soffice, profile, pipe = sys.argv[1:4]
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
