"""Security headers and CSRF protection for the server-rendered pages."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from between.errors import BetweenError

WEB_ROOT = Path(__file__).parent
WEB_STATIC = WEB_ROOT / "static"
CSRF_COOKIE = "between_csrf"
SESSION_COOKIE = "between_session"
# Quick exit: the neutral page and the address that leaves for it (both unrelated to the app),
# and the short-lived mark that keeps the app's pages out of reach from Back afterwards.
NEUTRAL_PAGE = "/recipes"
EXIT_PATH = "/recipes/today"
LEFT_COOKIE = "recent"
LEFT_SECONDS = 600

# No inline script or style anywhere: everything comes from /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """Pure ASGI (not BaseHTTPMiddleware): the request body reaches the route untouched, so a
    body over the size limit is the route's 413 problem, like every other error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith("/static")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not cacheable:
                    # Pages can hold private entries: never keep them in a shared browser cache.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.secret_key, salt="csrf")


def csrf_token(request: Request) -> str:
    """The form token for this browser; created on first use and set as a cookie."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and _valid_cookie(request, existing):
        return existing
    token = request.state.__dict__.get("new_csrf")
    if token is None:
        token = _serializer(request).dumps(secrets.token_urlsafe(24))
        request.state.new_csrf = token
    return token


def _valid_cookie(request: Request, value: str) -> bool:
    try:
        _serializer(request).loads(value)
    except BadSignature:
        return False
    return True


def check_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (cookie and submitted and _valid_cookie(request, cookie)
            and hmac.compare_digest(cookie, submitted)):
        raise BetweenError("This form has expired. Reload the page and try again.", [], 403,
                           "Form expired", "csrf")
