"""What every HTTP request passes before a route runs: a bounded body, text a database can store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import Request
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from between.errors import BetweenError, FieldProblem, bad_input
from between.validation import unstorable_text

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def storable_text(request: Request) -> None:
    """Refuse NUL characters and unpaired surrogates anywhere in the path, query or body, with
    the field that holds them: never stored, never silently stripped, never a 500."""
    problem = (_first(request.path_params.items()) or _first(request.query_params.multi_items())
               or await _body_problem(request))
    if problem:
        raise bad_input("Some text cannot be stored.", problem)


def _first(pairs: Iterable[tuple[str, Any]]) -> FieldProblem | None:
    return next((p for key, value in pairs if (p := unstorable_text({key: value}))), None)


async def _body_problem(request: Request) -> FieldProblem | None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.startswith(_FORM_TYPES):
        form = await request.form()  # parsed once: FastAPI has read it already for Form routes
        return _first((key, value) for key, value in form.multi_items() if isinstance(value, str))
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return unstorable_text(await request.json())
        except (ValueError, UnicodeDecodeError):
            return None  # malformed JSON is the route's own 400
    return None


class BodyLimit:
    """Refuse a body over `limit` bytes: at once when its Content-Length says so, otherwise as
    soon as the bytes read pass the limit (raised inside the route, so it answers like any
    other error). Nothing larger is ever read into memory."""

    def __init__(self, app: ASGIApp, *, limit: int,
                 respond: Callable[[Request, BetweenError], Response]) -> None:
        self.app, self.limit, self.respond = app, limit, respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self.respond(Request(scope), self._too_large())(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                # An HTTPException: FastAPI passes it on from the body read, as a 413 problem.
                raise HTTPException(413, self._too_large().detail)
            return message

        await self.app(scope, counted, send)

    def _too_large(self) -> BetweenError:
        return BetweenError(f"The request is larger than {self.limit:,} bytes; send less.", [],
                            413, "Request too large", "too-large")
