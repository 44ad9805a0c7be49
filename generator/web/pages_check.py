"""The check page: upload any .docx, read its findings beside the images of its pages.

The upload is held in memory (the body limit caps it), written under a name chosen here
(``van-ban.docx`` in a fresh temporary folder) and checked by the same ``check_file``
as ``vanban check``, with its guards on parts, sizes and XML. The name the browser gives
is only shown, never used as a path. Page images are cached by the upload's hash, and
the last uploads are kept by that hash so that the page can offer the ``--fix`` copy
(``fix_file``, the same repairs as ``vanban check --fix``, each a tracked change).
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PureWindowsPath

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from generator.check import CheckReadError, Finding, check_file, fix_file
from generator.check.fix.package import FixError
from generator.domain.errors import VanbanError
from generator.domain.names import DEVICE_NAMES
from generator.output.manifest import sha256
from generator.web import previews
from generator.web.app import Web, web_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UPLOAD_CACHE = Path(".vanban") / "kiem-tra"
UPLOADS = "tai-len"  # the uploaded files, by hash, for their --fix copy
KEEP_UPLOADS = 20  # page images of the last uploads kept for their pages


def _cache(web: Web) -> Path:
    return web.out / UPLOAD_CACHE


def _upload_file(web: Web, digest: str) -> Path:
    return _cache(web) / UPLOADS / f"{digest}.docx"


def _keep_upload(web: Web, data: bytes) -> str:
    """Keep the upload by its hash (the last few only), for its --fix copy."""
    digest = sha256(data)
    folder = _cache(web) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    target = _upload_file(web, digest)
    if not target.is_file():
        temporary = folder / f".{digest}.tmp"
        temporary.write_bytes(data)
        temporary.replace(target)
    kept = sorted(folder.glob("*.docx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP_UPLOADS:]:
        old.unlink(missing_ok=True)
    return digest


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
    context["upload"] = await run_in_threadpool(_keep_upload, web, data)
    context["errors"] = sum(f.severity == "error" for f in findings)
    context["warnings"] = sum(f.severity == "warning" for f in findings)
    try:
        office = web.office.convert if web.office else None
        (preview,) = await run_in_threadpool(previews.make, [data], _cache(web), office=office)
        previews.prune(_cache(web), {preview.digest}, at_most=KEEP_UPLOADS)
        context["preview"] = preview
        if not preview.pages:
            context["preview_note"] = previews.MISSING_PDFTOPPM
    except VanbanError as exc:
        context["preview_note"] = str(exc)
    return web.page(request, "kiem-tra.html", context)


def _fixed(source: Path) -> tuple[bytes | None, int]:
    """The repaired copy of a kept upload (None when nothing could be repaired), and how
    many repairs it holds."""
    with tempfile.TemporaryDirectory(prefix="vanban-sua-") as work:
        path = Path(work) / "van-ban.docx"
        path.write_bytes(source.read_bytes())
        report = fix_file(path)
        if report.target is None:
            return None, 0
        return report.target.read_bytes(), len(report.repairs)


async def fixed_copy(request: Request) -> Response:
    """The --fix copy of an upload, as a download named after the uploaded file."""
    web = web_of(request)
    digest = request.path_params["digest"]
    if not previews.DIGEST.fullmatch(digest) or not _upload_file(web, digest).is_file():
        raise HTTPException(404, "Tệp tải lên này không còn; tải nó lên lại để lấy bản sửa.")
    try:
        data, _repairs = await run_in_threadpool(_fixed, _upload_file(web, digest))
    except (CheckReadError, FixError) as exc:
        raise HTTPException(400, f"Không tạo được bản sửa: {exc}") from None
    if data is None:
        raise HTTPException(404, "Không có chỗ nào vanban tự sửa được trong tệp này: các lỗi "
                                 "còn lại cần người soạn quyết định.")
    name = download_name(request.query_params.get("ten", ""))
    return Response(data, media_type=DOCX, headers={
        "content-disposition": f'attachment; filename="{name}"'})


def download_name(given: str) -> str:
    """The name the repaired copy is offered under: the last part of the uploaded file's
    name (as Windows reads it: C:\\x\\y or ..\\..\\y is y) in ASCII letters, digits, - and _,
    never a name Windows reserves (CON, NUL, LPT1...), then ``.sua.docx``."""
    last = PureWindowsPath(given.replace("/", "\\")).name
    safe = "".join(c for c in last if c.isascii() and (c.isalnum() or c in "-_"))[:80]
    if not safe:
        safe = "van-ban"
    elif safe.upper() in DEVICE_NAMES:
        safe = f"van-ban-{safe}"
    return f"{safe}.sua.docx"


def upload_image(request: Request) -> Response:
    web = web_of(request)
    digest, number = request.path_params["digest"], request.path_params["page"]
    if not previews.DIGEST.fullmatch(digest):
        raise HTTPException(404)
    preview = previews.cached(_cache(web), digest)
    image = preview.page(number) if preview is not None else None
    if image is None:
        raise HTTPException(404, "Ảnh trang này không còn; tải tệp lên lại.")
    return FileResponse(image, media_type=previews.media_type(image))


ROUTES = [
    Route("/kiem-tra", check_page, name="check"),
    Route("/kiem-tra", upload, methods=["POST"], name="upload"),
    Route("/kiem-tra/sua/{digest}", fixed_copy, name="fixed_copy"),
    Route("/kiem-tra/anh/{digest}/{page:int}", upload_image, name="upload_image"),
]
