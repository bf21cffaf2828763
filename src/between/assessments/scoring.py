"""One scoring engine for every instrument: the data file says how, this code only follows it.

>>> from between.assessments.instruments import get_instrument
>>> s = score(get_instrument("csi4"), {"1": 4, "2": 3, "3": 3, "4": 4})
>>> s.value("total"), s.subscales["total"].band
(14.0, 'at_or_above_cutoff')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from between.assessments.instruments import Instrument, Subscale
from between.errors import FieldProblem, bad_input

__all__ = ["Score", "SubscaleScore", "score", "validate_answers"]


@dataclass(frozen=True)
class SubscaleScore:
    subscale: str
    value: float | None  # None: too many items unanswered for the missing-item rule
    answered: int
    required: int
    of: int
    band: str | None = None  # "below_cutoff" / "at_or_above_cutoff" where a cut-off exists
    interpretation: str | None = None


@dataclass(frozen=True)
class Score:
    instrument: str
    subscales: dict[str, SubscaleScore]

    @property
    def complete(self) -> bool:
        return all(s.value is not None for s in self.subscales.values())

    def value(self, subscale_id: str) -> float | None:
        return self.subscales[subscale_id].value


def validate_answers(
    instrument: Instrument, answers: Mapping[str, object], *, partial: bool = False
) -> dict[int, int]:
    """Answers keyed by item number, or `bad_input` naming every bad item.

    A draft (`partial=True`) may leave items out; a finished check-in must answer enough
    items for every subscale to be scored under the instrument's missing-item rule.
    """
    problems: list[tuple[int, FieldProblem]] = []
    valid: dict[int, int] = {}
    for key, raw in answers.items():
        if raw is None:  # a draft's empty answer
            continue
        number = _item_number(instrument, key)
        if number is None:
            message = f"no such item; items are 1 to {len(instrument.items)}"
            problems.append((0, FieldProblem(f"answers.{key}", message)))
            continue
        scale = instrument.scale_of(instrument.item(number))
        if isinstance(raw, bool) or not isinstance(raw, int) or raw not in scale.values:
            message = f"must be an integer from {scale.low} to {scale.high}"
            problems.append((number, FieldProblem(f"answers.{key}", message)))
            continue
        valid[number] = raw
    if not partial:
        flagged = {number for number, _ in problems}  # one problem per item is enough
        problems += [p for p in _unanswered(instrument, valid) if p[0] not in flagged]
    if problems:
        problems.sort(key=lambda p: p[0])
        raise bad_input(
            f"Some answers to the {instrument.short_title} need attention.",
            *(p for _, p in problems),
        )
    return valid


def score(instrument: Instrument, answers: Mapping[str, object]) -> Score:
    """Scores per subscale; a subscale short of answers has value None (drafts)."""
    valid = validate_answers(instrument, answers, partial=True)
    return Score(
        instrument.id,
        {sub.id: _score_subscale(instrument, sub, valid) for sub in instrument.subscales},
    )


def _score_subscale(instrument: Instrument, sub: Subscale, valid: dict[int, int]) -> SubscaleScore:
    keyed = [_keyed(instrument, n, valid[n]) for n in sub.items if n in valid]
    required = sub.required_answers()
    value = None
    if len(keyed) >= required:
        value = float(sum(keyed)) if sub.scoring == "sum" else sum(keyed) / len(keyed)
    band, interpretation = _band(sub, value)
    return SubscaleScore(sub.id, value, len(keyed), required, len(sub.items), band, interpretation)


def _keyed(instrument: Instrument, number: int, raw: int) -> int:
    item = instrument.item(number)
    if not item.reverse:
        return raw
    scale = instrument.scale_of(item)
    return scale.low + scale.high - raw  # e.g. 8 − raw on a 1–7 scale


def _band(sub: Subscale, value: float | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if sub.cutoff is None:
        return None, sub.interpretation
    if value < sub.cutoff.value:
        return "below_cutoff", sub.cutoff.below
    return "at_or_above_cutoff", sub.cutoff.at_or_above


def _item_number(instrument: Instrument, key: object) -> int | None:
    text = str(key)
    if not (text.isascii() and text.isdigit()):  # "²" and "١" are digits to isdigit, not to int
        return None
    number = int(text)
    return number if 1 <= number <= len(instrument.items) else None


def _unanswered(instrument: Instrument, valid: dict[int, int]) -> list[tuple[int, FieldProblem]]:
    problems = []
    for sub in instrument.subscales:
        answered = sum(1 for n in sub.items if n in valid)
        required = sub.required_answers()
        if answered >= required:
            continue
        if required == len(sub.items):
            message = "required"
        else:
            message = f"unanswered; answer at least {required} of the {len(sub.items)} items"
        problems += [
            (n, FieldProblem(f"answers.{n}", message)) for n in sub.items if n not in valid
        ]
    return problems
