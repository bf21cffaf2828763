"""Is a change real? The reliable change index of Jacobson & Truax (1991).

Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to defining
meaningful change in psychotherapy research. Journal of Consulting and Clinical Psychology,
59(1), 12–19.

RCI = (x2 − x1) / S_diff, with S_diff = sqrt(2 · SE²) and SE = SD · sqrt(1 − r). A change is
judged reliable when |RCI| ≥ 1.96: a difference that large would arise from measurement error
alone less than 5% of the time.

>>> round(reliable_change_index(9, 14, sd=4.5, reliability=0.94), 2)
3.21
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from between.assessments.instruments import Instrument, Subscale

__all__ = [
    "RCI_THRESHOLD",
    "Change",
    "changes_from_baseline",
    "classify",
    "compare",
    "reliable_change_index",
    "standard_error_of_difference",
]

RCI_THRESHOLD = 1.96  # two-tailed p < .05, as in Jacobson & Truax (1991)

Label = Literal["reliable improvement", "no reliable change", "reliable deterioration"]
Clinical = Literal["recovered", "clinically significant deterioration"]


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    rci: float
    label: Label
    # Jacobson & Truax's second criterion, where the subscale has a cut-off: a reliable change
    # that also crosses it ("recovered"), or a reliable worsening that crosses it the other way.
    clinical: Clinical | None = None


def standard_error_of_difference(*, sd: float, reliability: float) -> float:
    standard_error = sd * math.sqrt(1 - reliability)
    return math.sqrt(2 * standard_error**2)


def reliable_change_index(before: float, after: float, *, sd: float, reliability: float) -> float:
    return (after - before) / standard_error_of_difference(sd=sd, reliability=reliability)


def classify(rci: float, higher_is: Literal["better", "worse"]) -> Label:
    if abs(rci) < RCI_THRESHOLD:
        return "no reliable change"
    improved = (rci > 0) == (higher_is == "better")
    return "reliable improvement" if improved else "reliable deterioration"


def compare(instrument: Instrument, subscale_id: str, before: float, after: float) -> Change:
    """The change from one score to a later one on the same subscale."""
    sub = instrument.subscale(subscale_id)
    rci = reliable_change_index(
        before, after, sd=sub.norm_sd.value, reliability=sub.reliability.value
    )
    label = classify(rci, sub.higher_is)
    return Change(before, after, rci, label, _clinical(sub, before, after, label))


def changes_from_baseline(
    instrument: Instrument, subscale_id: str, values: Sequence[float]
) -> list[Change | None]:
    """Each score judged against the first one (the baseline has no change: None)."""
    if not values:
        return []
    baseline = values[0]
    return [None] + [compare(instrument, subscale_id, baseline, v) for v in values[1:]]


def _clinical(sub: Subscale, before: float, after: float, label: Label) -> Clinical | None:
    if sub.cutoff is None:
        return None
    healthy_before, healthy_after = (_healthy_side(sub, x) for x in (before, after))
    if label == "reliable improvement" and not healthy_before and healthy_after:
        return "recovered"
    if label == "reliable deterioration" and healthy_before and not healthy_after:
        return "clinically significant deterioration"
    return None


def _healthy_side(sub: Subscale, value: float) -> bool:
    above = value >= sub.cutoff.value
    return above if sub.higher_is == "better" else not above
