"""Private recommendations for one person, from check-in results and/or risk found in text.

The wording lives in recommendations.yaml; this module only decides which items apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from between.analysis.taxonomy import RISK_KINDS
from between.safety._data import load_package_file

# Risk kinds about the relationship, as opposed to harming oneself.
ABUSE_KINDS = tuple(kind for kind in RISK_KINDS if kind != "self_harm")
# Needs that call for individual work alongside couple work (PRODUCT.md, step 6).
INDIVIDUAL_TOPICS = ("trauma", "long_standing_disconnection", "intimacy")
URGENCIES = ("none", "soon", "urgent")
CONDITIONS = (*RISK_KINDS, *INDIVIDUAL_TOPICS, "any_risk", "urgent", "declined")

Category = Literal["crisis", "safety", "individual_help", "pause", "alongside", "information"]


@dataclass(frozen=True)
class Recommendation:
    """One suggestion, worded for the person it is shown to and nobody else."""

    id: str
    category: Category
    title: str
    body: str
    links_to: Literal["resources", "safety_plan"] | None = None


@dataclass(frozen=True)
class Signals:
    """What is known about one person right now. `flagged`: risk seen without a named kind."""

    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    urgent: bool = False
    declined: bool = False
    flagged: bool = False

    def __post_init__(self) -> None:
        _check_known(self.kinds, RISK_KINDS, "risk kind")
        _check_known(self.topics, INDIVIDUAL_TOPICS, "individual-work topic")

    @property
    def any_risk(self) -> bool:
        return self.flagged or bool(self.kinds)

    def conditions(self) -> frozenset[str]:
        flags = {"any_risk": self.any_risk, "urgent": self.urgent, "declined": self.declined}
        return frozenset(self.kinds) | frozenset(self.topics) | {k for k, on in flags.items() if on}


def recommend(signals: Signals) -> tuple[Recommendation, ...]:
    """The recommendations that apply, in display order (urgent help first)."""
    present = signals.conditions()
    return tuple(
        rule.recommendation()
        for rule in _rules()
        if present.intersection(rule.when) and not present.intersection(rule.unless)
    )


def all_recommendations() -> tuple[Recommendation, ...]:
    return tuple(rule.recommendation() for rule in _rules())


def _check_known(values: tuple[str, ...], known: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})")


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: Category
    title: str
    body: str
    links_to: Literal["resources", "safety_plan"] | None = None
    when: tuple[str, ...]
    unless: tuple[str, ...] = ()

    @field_validator("when", "unless")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_known(value, CONDITIONS, "condition")
        return value

    @field_validator("when")
    @classmethod
    def _not_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a recommendation needs at least one `when` condition")
        return value

    def recommendation(self) -> Recommendation:
        return Recommendation(self.id, self.category, self.title, self.body, self.links_to)


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recommendations: tuple[_Rule, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> _RulesFile:
        ids = [rule.id for rule in self.recommendations]
        if len(ids) != len(set(ids)):
            raise ValueError("recommendation ids must be unique")
        return self


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    return load_package_file("recommendations.yaml", _RulesFile).recommendations
