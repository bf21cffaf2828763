"""RFC 9457 problem+json for every API error, with field-level details."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from between.db.engine import is_busy
from between.errors import BetweenError, FieldProblem
from between.validation import field_of, plain_message

PROBLEM = "application/problem+json"
BUSY_RETRY_SECONDS = 2


def problem_response(status: int, title: str, detail: str, slug: str,
                     errors: list[FieldProblem] | None = None, headers=None) -> JSONResponse:
    body = {"type": f"https://between.invalid/problems/{slug}", "title": title, "status": status,
            "detail": detail}
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return problem_response(400, "Malformed JSON", "The request body is not valid JSON.",
                                "malformed-json")
    errors = [FieldProblem(field_of(tuple(e["loc"]), "body"), plain_message(e)) for e in exc.errors()]
    return problem_response(422, "Invalid input", "Some fields need a change.", "invalid-input",
                            errors)


def _between_problem(request: Request, exc: BetweenError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(exc.status, exc.title, exc.detail, exc.slug, exc.errors, headers)


def _http_problem(request: Request, exc: HTTPException) -> BetweenError:
    slug = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(exc.status_code,
                                                                            "http-error")
    title = {404: "Not found"}.get(exc.status_code, str(exc.detail))
    detail = {404: "Nothing is at this address."}.get(exc.status_code, str(exc.detail))
    return BetweenError(detail, [], exc.status_code, title, slug)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def install_problem_handlers(app: FastAPI, page: Callable[[Request, BetweenError], Response]) -> None:
    """API paths answer problem+json; page paths answer an HTML page from `page`."""

    def on_between_error(request: Request, exc: BetweenError) -> Response:
        return _between_problem(request, exc) if is_api(request) else page(request, exc)

    def on_http_error(request: Request, exc: HTTPException) -> Response:
        return on_between_error(request, _http_problem(request, exc))

    def on_database_error(request: Request, exc: OperationalError) -> Response:
        if not is_busy(exc):
            raise exc
        # The transaction was rolled back: nothing was written, and trying again is safe.
        busy = BetweenError("Between is busy right now and nothing was saved; try again in a "
                            "moment.", [], 503, "Busy, try again", "busy")
        response = on_between_error(request, busy)
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response

    app.add_exception_handler(RequestValidationError, _validation_problem)
    app.add_exception_handler(BetweenError, on_between_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(OperationalError, on_database_error)
