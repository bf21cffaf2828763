"""The personal safety-planning page: its steps (safety_plan.yaml), chosen for a person's situation."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from between.analysis.taxonomy import RISK_KINDS
from between.safety._data import load_package_file
from between.safety.recommendations import ABUSE_KINDS

Situation = Literal["all", "self_harm", "abuse"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    ref: str
    used_for: str


class PlanStep(_Model):
    id: str
    applies_to: tuple[Situation, ...] = Field(min_length=1)
    title: str
    prompt: str
    examples: tuple[str, ...] = ()
    uses_resources: bool = False  # the page fills in the services for the person's locale


class SafetyPlan(_Model):
    title: str
    intro: str
    sources: tuple[Source, ...] = Field(min_length=1)
    steps: tuple[PlanStep, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> SafetyPlan:
        ids = [step.id for step in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError("step ids must be unique")
        return self

    def steps_for(self, kinds: Iterable[str] = ()) -> tuple[PlanStep, ...]:
        """The steps for these risk kinds; every step when none is given (a plan made on demand)."""
        kinds = set(kinds)
        if kinds - set(RISK_KINDS):
            raise ValueError(f"unknown risk kind: {', '.join(sorted(kinds - set(RISK_KINDS)))}")
        if not kinds:
            return self.steps
        situations = {"all"} | ({"self_harm"} & kinds) | ({"abuse"} if kinds & set(ABUSE_KINDS) else set())
        return tuple(step for step in self.steps if situations.intersection(step.applies_to))


@lru_cache(maxsize=1)
def load_safety_plan() -> SafetyPlan:
    return load_package_file("safety_plan.yaml", SafetyPlan)
