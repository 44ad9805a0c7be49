"""The page of one province's documents: build with progress, page images, downloads,
the change report, the tracked-changes copies and the history.

Files are served only by names this module builds from a validated province id and a
known document kind; nothing the browser sends is joined to a path.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from generator.domain.errors import VanbanError
from generator.domain.model import DOCUMENT_KINDS
from generator.output.build import NEW_BESIDE, REPORT_FILE, TRACKED
from generator.output.manifest import Manifest, Version, sha256
from generator.output.redline import redline
from generator.web import previews
from generator.web.app import Web, web_of
from generator.web.builds import preview_cache
from generator.web.provinces import UnknownProvince, load, province_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_PROVINCE = "Không có tỉnh này trong thư mục provinces/."


@dataclass
class DocumentView:
    kind: str
    description: str
    exists: bool
    preview: previews.Preview | None
    tracked: bool
    kept_beside: bool
    versions: list[Version]


def _ident(request: Request) -> tuple[Web, str, Path]:
    web = web_of(request)
    ident = request.path_params["ident"]
    try:
        return web, ident, province_path(web.project, ident)
    except UnknownProvince:
        raise HTTPException(404, NO_PROVINCE) from None


def _kind(request: Request) -> str:
    kind = request.path_params["kind"]
    if kind not in DOCUMENT_KINDS:
        raise HTTPException(404, "Không có loại văn bản này.")
    return kind


def _manifest(web: Web, ident: str) -> Manifest:
    try:
        return Manifest.load(web.out / ident)
    except VanbanError as exc:
        raise HTTPException(500, str(exc)) from None


def _views(web: Web, ident: str, kinds: list[str]) -> list[DocumentView]:
    folder = web.out / ident
    manifest = Manifest.load(folder)
    cache = preview_cache(web.out, ident)
    found = []
    for kind in kinds:
        document = folder / f"{kind}.docx"
        preview = None
        if document.is_file():
            preview = previews.cached(cache, sha256(document.read_bytes()))
        record = manifest.documents.get(kind)
        found.append(DocumentView(
            kind, DOCUMENT_KINDS[kind].description, document.is_file(), preview,
            (folder / f"{kind}{TRACKED}").is_file(), (folder / f"{kind}{NEW_BESIDE}").is_file(),
            list(reversed(record.versions)) if record else []))
    return found


def documents_page(request: Request) -> Response:
    web, ident, path = _ident(request)
    province, problems = load(web.project, path)
    try:
        manifest = Manifest.load(web.out / ident)
        unreadable = ""
    except VanbanError as exc:
        manifest, unreadable = Manifest(web.out / ident), str(exc)
    first = request.query_params.get("xem", "")  # opened at it: its images load at once
    kinds = list(province.documents) if province else [
        k for k in manifest.documents if k in DOCUMENT_KINDS]
    report_file = web.out / ident / REPORT_FILE
    report = report_file.read_text(encoding="utf-8") if report_file.is_file() else ""
    return web.page(request, "van-ban.html", {
        "ident": ident, "province": province,
        "errors": [p for p in problems if not p.warning],
        "warnings": [p for p in problems if p.warning],
        "documents": [] if unreadable else _views(web, ident, kinds),
        "unreadable": unreadable, "report": report, "state": web.builds.state(ident),
        "first": first if first in DOCUMENT_KINDS else ""})


async def start_build(request: Request) -> Response:
    web, ident, path = _ident(request)
    await web.form(request)
    state = web.builds.start(ident, path)
    if request.headers.get("hx-request"):
        return web.page(request, "_tien-do.html", {"ident": ident, "state": state})
    return RedirectResponse(request.url_for("documents", ident=ident), status_code=303)


def progress(request: Request) -> Response:
    web, ident, _ = _ident(request)
    state = web.builds.state(ident)
    response = web.page(request, "_tien-do.html", {"ident": ident, "state": state})
    if state is None or not request.headers.get("hx-request"):
        return response
    # The page reloads twice: when the first new images come in (opened at that document,
    # while the others are made) and at the end; not at every document between.
    first_images = request.query_params.get("da-hien") == "0" and state.shown > 0
    if state.done:
        response.headers["hx-refresh"] = "true"
    elif first_images and state.first:
        target = request.url_for("documents", ident=ident).include_query_params(xem=state.first)
        response.headers["hx-redirect"] = f"{target}#vb-{state.first}"
    elif first_images:
        response.headers["hx-refresh"] = "true"
    return response


def page_image(request: Request) -> Response:
    web, ident, _ = _ident(request)
    digest, number = request.path_params["digest"], request.path_params["page"]
    if not previews.DIGEST.fullmatch(digest):
        raise HTTPException(404)
    preview = previews.cached(preview_cache(web.out, ident), digest)
    image = preview.page(number) if preview is not None else None
    if image is None:
        raise HTTPException(404, "Không có ảnh trang này; sinh lại văn bản.")
    return FileResponse(image, media_type=previews.media_type(image),
                        headers={"cache-control": "private, max-age=31536000, immutable"})


def _download_name(ident: str, name: str) -> str:
    return f"{ident}-{name}"


def download(request: Request) -> Response:
    """A document's .docx, PDF, tracked-changes copy, or the new version kept beside it."""
    web, ident, _ = _ident(request)
    kind, form = _kind(request), request.path_params["form"]
    folder = web.out / ident
    document = folder / f"{kind}.docx"
    if form == "docx":
        chosen, media, name = document, DOCX, f"{kind}.docx"
    elif form == "thay-doi":
        chosen, media, name = folder / f"{kind}{TRACKED}", DOCX, f"{kind}{TRACKED}"
    elif form == "moi":
        chosen, media, name = folder / f"{kind}{NEW_BESIDE}", DOCX, f"{kind}{NEW_BESIDE}"
    elif form == "pdf":
        preview = None
        if document.is_file():
            preview = previews.cached(preview_cache(web.out, ident),
                                      sha256(document.read_bytes()))
        if preview is None:
            raise HTTPException(404, "Chưa có PDF của bản hiện tại: bấm «Sinh văn bản» trước "
                                     "(cần LibreOffice).")
        chosen, media, name = preview.pdf, "application/pdf", f"{kind}.pdf"
    else:
        raise HTTPException(404)
    if not chosen.is_file():
        raise HTTPException(404, "Chưa có tệp này: bấm «Sinh văn bản» trước.")
    return FileResponse(chosen, media_type=media, filename=_download_name(ident, name))


def everything(request: Request) -> Response:
    """Every document of the province, with its PDF and the change report, in one .zip."""
    web, ident, _ = _ident(request)
    folder = web.out / ident
    cache = preview_cache(web.out, ident)
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in DOCUMENT_KINDS:
            for name in (f"{kind}.docx", f"{kind}{TRACKED}", f"{kind}{NEW_BESIDE}"):
                if (folder / name).is_file():
                    archive.write(folder / name, f"{ident}/{name}")
                    count += 1
            document = folder / f"{kind}.docx"
            if document.is_file():
                preview = previews.cached(cache, sha256(document.read_bytes()))
                if preview is not None:
                    archive.write(preview.pdf, f"{ident}/{kind}.pdf")
        if (folder / REPORT_FILE).is_file():
            archive.write(folder / REPORT_FILE, f"{ident}/{REPORT_FILE}")
    if not count:
        raise HTTPException(404, "Chưa có văn bản nào: bấm «Sinh văn bản» trước.")
    return Response(buffer.getvalue(), media_type="application/zip", headers={
        "content-disposition": f'attachment; filename="{ident}-van-ban.zip"'})


def version_diff(request: Request) -> Response:
    """An earlier version against the current document, as Word tracked changes."""
    web, ident, _ = _ident(request)
    kind, number = _kind(request), request.path_params["number"]
    manifest = _manifest(web, ident)
    old = manifest.version_path(kind, number)
    current = web.out / ident / f"{kind}.docx"
    if old is None or not old.is_file() or not current.is_file():
        raise HTTPException(404, "Không có phiên bản này trong lịch sử.")
    data = redline(old.read_bytes(), current.read_bytes(), datetime.now().astimezone())
    return Response(data, media_type=DOCX, headers={
        "content-disposition":
            f'attachment; filename="{ident}-{kind}.thay-doi-tu-v{number}.docx"'})


ROUTES = [
    Route("/tinh/{ident}", documents_page, name="documents"),
    Route("/tinh/{ident}/sinh", start_build, methods=["POST"], name="build"),
    Route("/tinh/{ident}/tien-do", progress, name="progress"),
    Route("/tinh/{ident}/anh/{digest}/{page:int}", page_image, name="page_image"),
    Route("/tinh/{ident}/tai/{kind}/{form}", download, name="download"),
    Route("/tinh/{ident}/tai-tat-ca", everything, name="everything"),
    Route("/tinh/{ident}/so-sanh/{kind}/{number:int}", version_diff, name="version_diff"),
]
