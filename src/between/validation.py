"""Turn pydantic validation failures into the project's field-level errors, in plain words."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from between.errors import FieldProblem, bad_input

M = TypeVar("M", bound=BaseModel)

# pydantic's own words ("String should have at most 5000 characters") read like a stack trace
# to a person who wrote a long moment; these say the same thing plainly.
_PLAIN = {
    "missing": lambda ctx: "is required",
    "string_too_short": lambda ctx: ("must not be empty" if ctx.get("min_length") == 1
                                     else f"must be at least {ctx['min_length']} characters"),
    "less_than_equal": lambda ctx: f"must be at most {ctx['le']}",
    "greater_than_equal": lambda ctx: f"must be at least {ctx['ge']}",
    "int_parsing": lambda ctx: "must be a whole number",
    "int_from_float": lambda ctx: "must be a whole number",
    "bool_parsing": lambda ctx: "must be true or false",
    "datetime_parsing": lambda ctx: "must be a date and time, like 2025-03-01T21:30",
    "datetime_from_date_parsing": lambda ctx: "must be a date and time, like 2025-03-01T21:30",
    "enum": lambda ctx: f"must be one of: {ctx['expected']}",
    "literal_error": lambda ctx: f"must be one of: {ctx['expected']}",
    "extra_forbidden": lambda ctx: "is not a field this accepts",
}


def plain_message(error: dict[str, Any]) -> str:
    """One pydantic error in plain words; one we have no words for keeps pydantic's."""
    kind, ctx = error.get("type"), error.get("ctx") or {}
    if kind == "string_too_long":
        given = error.get("input")
        extra = f" (this has {len(given):,})" if isinstance(given, str) else ""
        return f"is too long: at most {ctx['max_length']:,} characters{extra}"
    make = _PLAIN.get(kind)
    try:
        return make(ctx) if make else error["msg"]
    except KeyError:
        return error["msg"]


def field_of(loc: tuple, whole: str = "input") -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or whole


def parse(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [FieldProblem(field_of(tuple(e["loc"])), plain_message(e)) for e in exc.errors()]
        raise bad_input("Some fields need a change.", *problems) from None
