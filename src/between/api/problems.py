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
    title = {404: "Not found", 413: "Request too large"}.get(exc.status_code, str(exc.detail))
    detail = {404: "Nothing is at this address."}.get(exc.status_code, str(exc.detail))
    return BetweenError(detail, [], exc.status_code, title, slug)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/openapi.json", "/healthz")


def error_response(request: Request, error: BetweenError,
                   page: Callable[[Request, BetweenError], Response]) -> Response:
    """problem+json on API paths, an HTML page from `page` elsewhere."""
    return _between_problem(request, error) if is_api(request) else page(request, error)


def install_problem_handlers(app: FastAPI, page: Callable[[Request, BetweenError], Response]) -> None:
    """API paths answer problem+json; page paths answer an HTML page from `page`."""

    def on_between_error(request: Request, exc: BetweenError) -> Response:
        return error_response(request, exc, page)

    def on_http_error(request: Request, exc: HTTPException) -> Response:
        return on_between_error(request, _http_problem(request, exc))

    def on_server_error(request: Request, exc: Exception) -> Response:
        # Starlette logs the exception after this answer; the request's transaction rolled back.
        return on_between_error(request, BetweenError(
            "Something went wrong on our side and nothing was saved. Try again; if it keeps "
            "happening, tell whoever runs this server.", [], 500, "Server error", "server-error"))

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
    app.add_exception_handler(Exception, on_server_error)


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` names each field that needs a change.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "message"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
    },
}
_PROBLEM_CONTENT = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_WHEN = {
    "400": "The body is not valid JSON.",
    "401": "No valid bearer token.",
    "413": "The body is larger than BETWEEN_MAX_REQUEST_BYTES.",
    "422": "Some fields need a change (`errors` names each).",
    "default": "Any other error (404 for what does not exist or is not yours to see, 409, "
               "429, 500, ...), as problem+json.",
}


def document_problems(app: FastAPI) -> None:
    """Describe every error answer in the OpenAPI document as application/problem+json."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            _with_problems(generate())
        return app.openapi_schema

    app.openapi = openapi


def _with_problems(schema: dict) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for operation in (op for path in schema["paths"].values() for op in path.values()):
        responses = operation.setdefault("responses", {})
        codes = {"default"} | {code for code in responses if code[0] in "45"}
        if "requestBody" in operation:
            codes |= {"400", "413", "422"}
        if operation.get("security"):
            codes.add("401")
        for code in codes:
            responses[code] = {"description": _WHEN.get(code, responses.get(code, {}).get(
                "description", "Error")), "content": _PROBLEM_CONTENT}
