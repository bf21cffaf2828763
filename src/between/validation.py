"""Input rules shared by every adapter, and pydantic failures as the project's field errors,
in plain words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ValidationError

from between.db.base import as_utc, utcnow
from between.errors import FieldProblem, bad_input

M = TypeVar("M", bound=BaseModel)
_WHOLE_NUMBER = re.compile(r"\s*-?[0-9]+\s*")

# pydantic's own words ("String should have at most 5000 characters") read like a stack trace
# to a person who wrote a long moment; these say the same thing plainly.
_PLAIN = {
    "missing": lambda ctx: "is required",
    "string_too_short": lambda ctx: ("must not be empty" if ctx.get("min_length") == 1
                                     else f"must be at least {ctx['min_length']} characters"),
    "less_than_equal": lambda ctx: f"must be at most {ctx['le']}",
    "greater_than_equal": lambda ctx: f"must be at least {ctx['ge']}",
    "int_parsing": lambda ctx: "must be a whole number",
    "int_type": lambda ctx: "must be a whole number",
    "value_error": lambda ctx: str(ctx["error"]),  # our own validators' words
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
    """`data` from a form or the command line, where numbers arrive as text."""
    try:
        return model.model_validate({name: _from_text(model, name, value)
                                     for name, value in data.items()})
    except ValidationError as exc:
        problems = [FieldProblem(field_of(tuple(e["loc"])), plain_message(e)) for e in exc.errors()]
        raise bad_input("Some fields need a change.", *problems) from None


# When a moment may have happened: nobody records a moment from before 1900, and a clock or
# time zone may run up to a day ahead. Outside these, a date is a typo (or an attack: year 1
# once made every per-week view of the partner's progress unbounded).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def _plausible_when(value: datetime) -> datetime:
    when_problem = (f"must be a date from {EARLIEST:%Y-%m-%d} to tomorrow, in ISO 8601 "
                    "(e.g. 2026-01-05T20:00:00Z)")
    try:
        moment = as_utc(value).astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00 is before year 1 in UTC
        raise ValueError(when_problem) from None
    if not EARLIEST <= moment <= utcnow() + FUTURE_SLACK:
        raise ValueError(when_problem)
    return moment


When = Annotated[datetime, AfterValidator(_plausible_when)]


# Text no database stores: PostgreSQL refuses NUL in text, and an unpaired surrogate is not
# valid Unicode (it cannot be encoded as UTF-8 for either database or the text model).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_text(value: Any, where: str = "") -> FieldProblem | None:
    """The first string in `value` (JSON-like: strings, lists, dicts) that cannot be stored."""
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found is None:
            return None
        what = ("a NUL character (\\u0000)" if found.group() == "\x00"
                else f"an unpaired surrogate (\\u{ord(found.group()):04x}), which is not valid text")
        return FieldProblem(where or "body", f"contains {what}; remove it and send the text again")
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(
        value, list) else ()
    for key, item in items:
        path = _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(key))  # printable
        path = f"{where}.{path}" if where else path
        problem = unstorable_text(str(key), path) or unstorable_text(item, path)
        if problem:
            return problem
    return None


def _from_text(model: type[BaseModel], name: str, value: Any) -> Any:
    # Integer fields are strict (JSON `true` or "5" is no intensity); typed digits become one.
    field = model.model_fields.get(name)
    wants_int = field is not None and int in (get_args(field.annotation) or (field.annotation,))
    if wants_int and isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return value
