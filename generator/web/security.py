"""What keeps the page safe on an office machine: loopback only, CSRF, security headers.

Without accounts the application must not be reachable from another machine, so
:func:`host_problem` refuses any address but the loopback, and the Host header is
checked on each request (a page elsewhere cannot reach it by a DNS name pointing at
127.0.0.1). Every form carries a token only pages of this application can read; a
request that changes anything without it is refused (:func:`csrf_valid`).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = ("127.0.0.1", "localhost")
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

HEADERS: dict[str, str] = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def host_problem(host: str) -> str | None:
    """Why the application may not listen on ``host`` (None for the loopback)."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).version == 4 and ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return (f"không phục vụ trên địa chỉ {host}: chưa có tài khoản người dùng nên trang chỉ "
            "mở được trên chính máy này (127.0.0.1); bỏ --host, hoặc dùng --host 127.0.0.1")


def new_token() -> str:
    """The CSRF token of one running application."""
    return secrets.token_urlsafe(32)


def csrf_valid(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


class SecurityHeaders:
    """Adds the security headers to every response, and ``no-store`` to every page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class AllowedHosts:
    """Answers only requests addressed to this machine by name (Host header): a web page
    elsewhere cannot reach the application through a DNS name that points at 127.0.0.1."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.hosts = set(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.hosts:
                response = PlainTextResponse(
                    "Địa chỉ này không được phép: mở trang bằng http://127.0.0.1 như "
                    "vanban serve in ra.", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
