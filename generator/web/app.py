"""The web application: routes, templates, limits, and pages for every error.

:func:`create_app` wires the pages of each module (``pages_*``) into one Starlette
application over one project and output folder. Every response carries the security
headers; every POST must carry the CSRF token of this run and fit the size limit; on the
loopback the Host header must be the loopback's, beyond it (or once accounts exist) every
page needs a login (``auth``). Errors are pages in Vietnamese, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator import __version__
from generator.config.project import Project
from generator.web.builds import Builds
from generator.web.office import WarmOffice
from generator.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    LOOPBACK_NAMES,
    AllowedHosts,
    SecurityHeaders,
    csrf_valid,
    new_token,
)

HERE = Path(__file__).parent
MAX_BODY_BYTES = 20 * 1024 * 1024  # the largest upload: a .docx of 20 MB
MAX_FIELDS = 2000  # a province form has a few hundred fields

ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không được phép",
    404: "Không tìm thấy",
    405: "Không dùng được cách gửi này",
    411: "Thiếu độ dài dữ liệu",
    413: "Dữ liệu gửi lên quá lớn",
    500: "Lỗi của vanban",
}

log = logging.getLogger("vanban.web")


@dataclass
class Web:
    """What every page needs: the project, the output folder, this run's token."""

    project: Project
    out: Path
    token: str = field(default_factory=new_token)
    office: WarmOffice | None = None  # the LibreOffice kept running, once the server starts
    builds: Builds = field(init=False)
    templates: Jinja2Templates = field(init=False)

    def __post_init__(self) -> None:
        self.builds = Builds(self.project, self.out, self.office)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(csrf_field=CSRF_FIELD, version=__version__)

    def page(self, request: Request, name: str, context: dict[str, Any],
             status_code: int = 200) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        return self.templates.TemplateResponse(
            request, name, {"csrf": self.token, "user": user, **context},
            status_code=status_code)

    async def form(self, request: Request, *, max_files: int = 0) -> FormData:
        """The posted form, once its CSRF token is checked and within the limits."""
        try:
            form = await request.form(max_files=max_files, max_fields=MAX_FIELDS)
        except (MultiPartException, HTTPException):  # Starlette wraps the first
            raise HTTPException(400, "Biểu mẫu gửi lên không đọc được: mỗi lần chỉ nhận "
                                     f"{max_files or 'không'} tệp và tối đa {MAX_FIELDS} "
                                     "trường.") from None
        given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        if not csrf_valid(self.token, given if isinstance(given, str) else None):
            raise HTTPException(403, "Biểu mẫu thiếu mã bảo vệ hoặc mã đã cũ (trang được mở "
                                     "trước khi vanban khởi động lại). Tải lại trang rồi làm "
                                     "lại.")
        return form


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


class BodyLimit:
    """Refuses a request body over ``limit`` bytes, or of unknown length, before reading it."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH"):
            headers = dict(scope["headers"])
            length = headers.get(b"content-length")
            problem = None
            if length is None or not length.isdigit():
                problem = 411, "Yêu cầu thiếu độ dài dữ liệu (Content-Length)."
            elif int(length) > self.limit:
                problem = 413, (f"Tệp hoặc biểu mẫu gửi lên quá lớn: tối đa "
                                f"{self.limit // (1024 * 1024)} MB.")
            if problem is not None:
                response = PlainTextResponse(problem[1], status_code=problem[0])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ServerErrors:
    """A bug in a page becomes the 500 page here, inside the middleware that adds the
    security headers (Starlette's own handler of last resort sits outside every
    middleware, so its page would have none). The details go to the server's log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting)
        except Exception as exc:
            response = await error_page(Request(scope), exc)
            if not started:  # otherwise the answer is cut short: nothing else can be done
                await response(scope, receive, send)


async def error_page(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    if status == 500:
        log.exception("lỗi khi phục vụ %s", request.url.path, exc_info=exc)
        detail = ("vanban gặp lỗi khi làm việc này. Thông tin chi tiết đã ghi ở cửa sổ chạy "
                  "vanban serve; hãy báo cho người quản trị.")
    elif (status == 404 and not detail) or detail == "Not Found":
        detail = "Trang hoặc tệp này không có. Quay lại danh sách tỉnh."
    elif detail in ("Method Not Allowed", "Bad Request"):
        detail = ""
    title = ERROR_TITLES.get(status, "Lỗi")
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<p class="loi" role="alert">{title}. {_escape(detail)}</p>',
                            status_code=status)
    return web_of(request).page(request, "loi.html", {"title": title, "detail": detail},
                                status_code=status)


def _escape(text: str) -> str:
    return str(escape(text))


Handler = Callable[[Request], Awaitable[Response]]


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    """While the server runs, LibreOffice runs beside it (web.office), started at once."""
    office = app.state.web.office
    if office is not None:
        office.start()
    try:
        yield
    finally:
        if office is not None:
            office.close()


def create_app(project: Project, out: Path, *, host: str = "127.0.0.1",
               token: str | None = None, warm_office: bool = True) -> Starlette:
    """The application over one project, served on ``host``; ``token`` fixes the CSRF
    token (tests). ``warm_office``: keep a LibreOffice running while the server runs (it
    starts with the server's lifespan, which a test client without ``with`` never runs)."""
    from generator.web import (
        auth,
        pages_build,
        pages_check,
        pages_edit,
        pages_new,
        pages_provinces,
    )
    from generator.web.accounts import folder_of
    from generator.web.security import host_problem

    web = Web(project, out, office=WarmOffice() if warm_office else None)
    if token is not None:
        web.token = token
    routes: list[BaseRoute] = [
        *auth.ROUTES,
        *pages_provinces.ROUTES,
        *pages_new.ROUTES,
        *pages_edit.ROUTES,
        *pages_build.ROUTES,
        *pages_check.ROUTES,
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    # Beyond the loopback every request needs a login, which also stands in for the Host
    # check: the machine's name or address, whatever the office calls it, is accepted.
    beyond_loopback = host_problem(host) is not None
    folder = folder_of(project.provinces)
    middleware = [Middleware(SecurityHeaders), Middleware(ServerErrors), Middleware(BodyLimit),
                  Middleware(auth.LoginRequired, folder=folder, always=beyond_loopback)]
    if not beyond_loopback:
        middleware.insert(2, Middleware(AllowedHosts, hosts=[*LOOPBACK_NAMES, host]))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: error_page},
        lifespan=_lifespan)
    app.state.web = web
    app.state.sessions = auth.Sessions(folder)
    return app
