"""Security headers and CSRF protection for the server-rendered pages."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.middleware.base import BaseHTTPMiddleware

from between.errors import BetweenError

WEB_ROOT = Path(__file__).parent
WEB_STATIC = WEB_ROOT / "static"
CSRF_COOKIE = "between_csrf"
SESSION_COOKIE = "between_session"

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


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static"):
            # Pages can hold private entries: never keep them in a shared browser cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


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
