"""Turn pydantic validation failures into the project's field-level errors."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from between.errors import FieldProblem, bad_input

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [FieldProblem(".".join(str(p) for p in e["loc"]) or "input", e["msg"])
                    for e in exc.errors()]
        raise bad_input("Some fields need a change.", *problems) from None
