"""Logging in: the login page, signed session cookies, and what each role may do.

Once an account exists (``vanban user add``), or whenever the page is served beyond the
loopback, every page asks for a login first. A session is a cookie signed with
HMAC-SHA256 under the project's secret (``accounts.secret``): HttpOnly, SameSite=Strict,
Secure over https, valid for :data:`SESSION_SECONDS` and ended by logging out. The
account file is read again on each request, so removing an account or changing its role
takes effect at once. A viewer may read and download, and check an uploaded file, but
not save, build or create a province.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from generator.domain.errors import VanbanError
from generator.web import accounts
from generator.web.app import error_page, web_of

COOKIE = "vanban_phien"
SESSION_SECONDS = 8 * 60 * 60
LOGIN_PATH = "/dang-nhap"
LOGOUT_PATH = "/dang-xuat"
# What a viewer may still post: logging out, and checking a file or a field (nothing saved).
VIEWER_POSTS = re.compile(r"/dang-xuat|/kiem-tra|/tinh/[^/]+/sua/kiem-tra")
# Spent on an unknown name too, so that the time taken does not tell which names exist.
_DUMMY_HASH = accounts.hash_password(secrets.token_urlsafe(16))


@dataclass
class Sessions:
    """Issues and reads the signed cookies of one project; remembers the ones logged out."""

    folder: Path
    _key: bytes | None = None
    _ended: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = accounts.secret(self.folder)
        return self._key

    def issue(self, name: str, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_SECONDS)
        payload = f"{name}:{expires}:{secrets.token_urlsafe(12)}".encode()
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def read(self, cookie: str | None) -> tuple[str, str, int] | None:
        """The name, session id and expiry of a valid, unexpired, not ended cookie."""
        if not cookie or cookie.count(".") != 1:
            return None
        body, signature = cookie.split(".")
        try:
            payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
            name, expires, session = payload.decode().split(":")
            until = int(expires)
        except (ValueError, UnicodeDecodeError):
            return None
        if not hmac.compare_digest(given, self._sign(payload)):
            return None
        if until < time.time() or session in self._ended:
            return None
        return name, session, until

    def end(self, session: str, until: int) -> None:
        now = time.time()
        self._ended = {s: t for s, t in self._ended.items() if t >= now}
        self._ended[session] = until

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class LoginRequired:
    """Lets a request through only with a valid session, once login is required; refuses
    a viewer's changes with a 403 page."""

    def __init__(self, app: ASGIApp, folder: Path, always: bool) -> None:
        self.app = app
        self.folder = folder
        self.always = always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            known = accounts.load(self.folder)
        except VanbanError as exc:
            await PlainTextResponse(f"{exc}.", status_code=500)(scope, receive, send)
            return
        path = scope["path"]
        if (not known and not self.always) or path == LOGIN_PATH \
                or path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        found = sessions_of(request).read(request.cookies.get(COOKIE))
        account = known.get(found[0]) if found else None
        if account is None:
            response: Response
            if scope["method"] in ("GET", "HEAD") and not request.headers.get("hx-request"):
                response = RedirectResponse(LOGIN_PATH, status_code=303)
            else:
                response = PlainTextResponse("Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập: "
                                             "tải lại trang rồi đăng nhập.", status_code=401)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = account
        if account.role != accounts.EDITOR and scope["method"] not in ("GET", "HEAD") \
                and not VIEWER_POSTS.fullmatch(path):
            denied = HTTPException(403, f"Tài khoản {account.name} chỉ được xem và tải về; "
                                        "lưu, sinh văn bản và thêm tỉnh cần tài khoản biên "
                                        "tập (vanban user add TÊN --role editor).")
            await (await error_page(request, denied))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def sessions_of(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


async def login_page(request: Request) -> Response:
    return web_of(request).page(request, "dang-nhap.html", {"problem": None, "name": "",
                                                            "login_required": True})


async def login(request: Request) -> Response:
    web = web_of(request)
    form = await web.form(request)
    name = str(form.get("ten", "")).strip()
    password = str(form.get("mat_khau", ""))
    account = accounts.load(accounts.folder_of(web.project.provinces)).get(name)
    matches = accounts.password_matches(password, account.password_hash if account
                                        else _DUMMY_HASH)
    if account is None or not matches:
        return web.page(request, "dang-nhap.html",
                        {"problem": "Tên đăng nhập hoặc mật khẩu không đúng.", "name": name,
                         "login_required": True},
                        status_code=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, sessions_of(request).issue(account.name),
                        max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


async def logout(request: Request) -> Response:
    await web_of(request).form(request)
    sessions = sessions_of(request)
    found = sessions.read(request.cookies.get(COOKIE))
    if found is not None:
        sessions.end(found[1], found[2])
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


ROUTES = [
    Route(LOGIN_PATH, login_page, name="login_page"),
    Route(LOGIN_PATH, login, methods=["POST"], name="login"),
    Route(LOGOUT_PATH, logout, methods=["POST"], name="logout"),
]
