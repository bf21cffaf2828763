"""The guided steps of the reflection (steps.yaml), loaded and checked once."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, model_validator


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    prompt: str
    hint: str
    examples: tuple[str, ...] = ()
    echoes: bool = False
    reader_title: str | None = None  # the heading for someone it was shared with

    @property
    def shared_title(self) -> str:
        return self.reader_title or self.title


class _Guide(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[Step, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Guide:
        ids = [s.id for s in self.steps]
        if len(ids) != len(set(ids)) or not ids:
            raise ValueError("steps.yaml: step ids must be unique, and there must be steps")
        return self


@cache
def steps() -> tuple[Step, ...]:
    text = resources.files(__package__).joinpath("steps.yaml").read_text("utf-8")
    return _Guide.model_validate(yaml.safe_load(text)).steps


def step_ids() -> tuple[str, ...]:
    return tuple(s.id for s in steps())


def step(step_id: str) -> Step | None:
    return next((s for s in steps() if s.id == step_id), None)
