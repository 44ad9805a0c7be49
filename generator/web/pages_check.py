"""The check page: upload any .docx, read its findings beside the images of its pages.

The upload is held in memory (the body limit caps it), written under a name chosen here
(``van-ban.docx`` in a fresh temporary folder) and checked by the same ``check_file``
as ``vanban check``, with its guards on parts, sizes and XML. The name the browser gives
is only shown, never used as a path. Page images are cached by the upload's hash.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from generator.check import CheckReadError, Finding, check_file
from generator.domain.errors import VanbanError
from generator.web import previews
from generator.web.app import Web, web_of

UPLOAD_CACHE = Path(".vanban") / "kiem-tra"
KEEP_UPLOADS = 20  # page images of the last uploads kept for their pages


def _cache(web: Web) -> Path:
    return web.out / UPLOAD_CACHE


def check_page(request: Request) -> Response:
    return web_of(request).page(request, "kiem-tra.html", {})


def _check(data: bytes) -> list[Finding]:
    with tempfile.TemporaryDirectory(prefix="vanban-kiem-tra-") as work:
        path = Path(work) / "van-ban.docx"
        path.write_bytes(data)
        return check_file(path)


def _shown_name(upload: UploadFile) -> str:
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:200] or "tệp tải lên"


async def upload(request: Request) -> Response:
    web = web_of(request)
    form = await web.form(request, max_files=1)
    upload = form.get("tep")
    if not isinstance(upload, UploadFile):
        return web.page(request, "kiem-tra.html", {"error": "Chưa chọn tệp .docx nào."},
                        status_code=400)
    data = await upload.read()
    name = _shown_name(upload)
    context: dict[str, object] = {"name": name}
    try:
        findings = await run_in_threadpool(_check, data)
    except CheckReadError as exc:
        context["error"] = f"Không đọc được {name}: {exc}"
        return web.page(request, "kiem-tra.html", context, status_code=400)
    context["findings"] = findings
    context["errors"] = sum(f.severity == "error" for f in findings)
    context["warnings"] = sum(f.severity == "warning" for f in findings)
    try:
        (preview,) = await run_in_threadpool(previews.make, [data], _cache(web))
        previews.prune(_cache(web), {preview.digest}, at_most=KEEP_UPLOADS)
        context["preview"] = preview
        if not preview.pages:
            context["preview_note"] = previews.MISSING_PDFTOPPM
    except VanbanError as exc:
        context["preview_note"] = str(exc)
    return web.page(request, "kiem-tra.html", context)


def upload_image(request: Request) -> Response:
    web = web_of(request)
    digest, number = request.path_params["digest"], request.path_params["page"]
    if not previews.DIGEST.fullmatch(digest):
        raise HTTPException(404)
    preview = previews.cached(_cache(web), digest)
    if preview is None or number not in preview.pages:
        raise HTTPException(404, "Ảnh trang này không còn; tải tệp lên lại.")
    return FileResponse(preview.page(number), media_type="image/png")


ROUTES = [
    Route("/kiem-tra", check_page, name="check"),
    Route("/kiem-tra", upload, methods=["POST"], name="upload"),
    Route("/kiem-tra/anh/{digest}/{page:int}", upload_image, name="upload_image"),
]
