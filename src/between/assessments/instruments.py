"""Questionnaires as data: one YAML file per instrument, loaded and checked once at start.

A malformed file stops the program with the file's name and what is wrong, because a scoring
engine fed a broken key would silently produce wrong scores.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from between.errors import FieldProblem, bad_input

INSTRUMENTS_DIR = Path(__file__).with_name("instruments")

__all__ = [
    "Cutoff",
    "Instrument",
    "InstrumentFileError",
    "Item",
    "Scale",
    "Subscale",
    "get_instrument",
    "instruments",
    "load_instrument",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    value: int
    label: str | None = None  # unlabelled middle points are shown as their number


class Scale(_Frozen):
    options: tuple[Option, ...] = Field(min_length=2)  # in display order

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(sorted(o.value for o in self.options))

    @property
    def low(self) -> int:
        return self.values[0]

    @property
    def high(self) -> int:
        return self.values[-1]

    def label(self, value: int) -> str | None:
        return next((o.label for o in self.options if o.value == value), None)

    @model_validator(mode="after")
    def _contiguous(self) -> Scale:
        values = self.values
        if list(values) != list(range(values[0], values[-1] + 1)):
            raise ValueError(f"scale values must be consecutive integers, got {list(values)}")
        return self


class Poles(_Frozen):
    """A semantic-differential item: two named ends, one of which scores the top value."""

    left: str
    right: str
    positive: Literal["left", "right"]


class Item(_Frozen):
    number: int = Field(ge=1)
    text: str = Field(min_length=1)
    scale: str  # filled from the instrument's default_scale where the file leaves it out
    reverse: bool = False
    source_item: str | None = None
    poles: Poles | None = None


class Figure(_Frozen):
    """A published (or provisional) figure with where it came from."""

    value: float
    source: str
    kind: str | None = None
    verify: bool = False  # True: not yet checked against the publication
    note: str | None = None


class Missing(_Frozen):
    rule: Literal["none_allowed", "mean_of_answered"]
    min_share: float | None = Field(default=None, gt=0, le=1)
    note: str

    @model_validator(mode="after")
    def _share_only_for_means(self) -> Missing:
        if (self.rule == "mean_of_answered") != (self.min_share is not None):
            raise ValueError("min_share is required for mean_of_answered and only for it")
        return self


class Cutoff(_Frozen):
    value: float
    below: str
    at_or_above: str
    source: str


class Subscale(_Frozen):
    id: str
    title: str
    items: tuple[int, ...] = Field(min_length=1)
    scoring: Literal["sum", "mean"]
    higher_is: Literal["better", "worse"]
    missing: Missing
    interpretation: str | None = None
    cutoff: Cutoff | None = None
    reliability: Figure
    norm_sd: Figure

    @model_validator(mode="after")
    def _figures_in_range(self) -> Subscale:
        if not 0 < self.reliability.value < 1:
            raise ValueError(f"reliability of {self.id} must lie between 0 and 1")
        if self.norm_sd.value <= 0:
            raise ValueError(f"norm_sd of {self.id} must be positive")
        if self.missing.rule == "mean_of_answered" and self.scoring == "sum":
            raise ValueError(f"{self.id}: a sum score cannot be prorated from a mean")
        return self

    def required_answers(self) -> int:
        """How many of this subscale's items must be answered for it to have a score."""
        if self.missing.rule == "none_allowed":
            return len(self.items)
        # round() first: 0.8 * 15 is 12.000000000000002, which must not become 13.
        return math.ceil(round(self.missing.min_share * len(self.items), 9))


class Instrument(_Frozen):
    id: str
    title: str
    short_title: str
    measures: str  # the construct, in plain words
    plain_title: str  # what a person reads instead of the acronym
    why: str  # why it helps, in a sentence or two
    introduce_order: int = Field(ge=1)  # the home page introduces one check-in at a time
    citation: str
    source: str
    licence_note: str
    licence_confirmed: bool = True
    default_visibility: Literal["private", "partner", "therapist", "couple"]
    privacy_note: str
    default_scale: str | None = None
    scales: dict[str, Scale]
    items: tuple[Item, ...] = Field(min_length=1)
    subscales: tuple[Subscale, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _fill_default_scale(cls, data: object) -> object:
        # Resolved once here, so every item (and every JSON view of it) names its scale.
        if isinstance(data, dict) and data.get("default_scale"):
            items = [
                {"scale": data["default_scale"], **item} if isinstance(item, dict) else item
                for item in data.get("items") or ()
            ]
            data = {**data, "items": items}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        numbers = [i.number for i in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"items must be numbered 1..{len(numbers)} in order, got {numbers}")
        for item in self.items:
            if item.scale not in self.scales:
                raise ValueError(f"item {item.number}: unknown scale {item.scale!r}")
        ids = [sub.id for sub in self.subscales]
        if len(set(ids)) != len(ids):
            raise ValueError(f"subscale ids must be unique, got {ids}")
        scored = set()
        for sub in self.subscales:
            unknown = set(sub.items) - set(numbers)
            if unknown:
                raise ValueError(f"subscale {sub.id}: unknown items {sorted(unknown)}")
            scored |= set(sub.items)
        if scored != set(numbers):
            raise ValueError(f"items in no subscale: {sorted(set(numbers) - scored)}")
        return self

    def scale_of(self, item: Item) -> Scale:
        return self.scales[item.scale]

    def answer_label(self, item: Item, value: int) -> str | None:
        """What an answer means in words: its scale label, or the pole it sits at."""
        if item.poles is None:
            return self.scale_of(item).label(value)
        scale = self.scale_of(item)
        positive, negative = (
            (item.poles.left, item.poles.right)
            if item.poles.positive == "left"
            else (item.poles.right, item.poles.left)
        )
        return {scale.high: positive, scale.low: negative}.get(value)

    def item(self, number: int) -> Item:
        return self.items[number - 1]

    def subscale(self, subscale_id: str) -> Subscale:
        return next(s for s in self.subscales if s.id == subscale_id)

    def score_range(self, subscale_id: str) -> tuple[float, float]:
        """The lowest and highest score the subscale can take."""
        sub = self.subscale(subscale_id)
        scales = [self.scale_of(self.item(n)) for n in sub.items]
        if sub.scoring == "sum":
            return sum(s.low for s in scales), sum(s.high for s in scales)
        return min(s.low for s in scales), max(s.high for s in scales)


class InstrumentFileError(RuntimeError):
    """An instrument data file that cannot be trusted; raised at load, never swallowed."""


def load_instrument(path: Path) -> Instrument:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        instrument = Instrument.model_validate(data)
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise InstrumentFileError(f"{path.name}: {exc}") from exc
    if instrument.id != path.stem:
        raise InstrumentFileError(f"{path.name}: id {instrument.id!r} must match the file name")
    return instrument


@cache
def instruments(directory: Path = INSTRUMENTS_DIR) -> dict[str, Instrument]:
    """Every shipped instrument by id, loaded once."""
    return {p.stem: load_instrument(p) for p in sorted(directory.glob("*.yaml"))}


def get_instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; an unknown id is the caller's bad input."""
    known = instruments()
    if instrument_id not in known:
        choices = ", ".join(sorted(known))
        raise bad_input(
            "Unknown instrument.", FieldProblem("instrument", f"must be one of: {choices}")
        )
    return known[instrument_id]
