"""The cue layer: the project's own lexicon and rules for couples' language.

`find_cues(text)` returns every cue that fires, each with its span in the original text, the
labels it supports (with log-odds weights), and a reason a person can read. Negatable cues are
switched off by a negator just before them ("I'm not saying you never help"); risk cues are
switched off by figurative-speech exceptions in their sentence ("I could kill for a coffee").
`cue_scores` sums the weights per label; `cue_features` turns a text into a fixed-length vector
for the learned heads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from between.analysis.cues.lexicon import FIELDS, MARKERS, Rule, load_lexicon
from between.analysis.cues.prefilter import RuleIndex
from between.analysis.cues.text import (
    fold,
    looks_english,
    negator_before,
    sanitise,
    sentence_around,
    sentence_spans,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CUE_FEATURE_NAMES",
    "Cue",
    "cue_features",
    "cue_scores",
    "find_cues",
    "looks_english",
    "sanitise",
    "sentence_spans",
]

# The documented order of cue_features(): first the summed cue weight for every label of every
# field ("register.criticism", … "empathy.explorations"), then how many cues carried each marker
# ("marker.absolute", … "marker.figurative").
CUE_FEATURE_NAMES: tuple[str, ...] = tuple(
    f"{name}.{label}" for name, labels in FIELDS.items() for label in labels
) + tuple(f"marker.{marker}" for marker in MARKERS)
_FEATURE_INDEX = {name: i for i, name in enumerate(CUE_FEATURE_NAMES)}


@dataclass(frozen=True)
class Cue:
    """One cue hit: text[start:end] is the evidence, `supports` what it counts towards."""

    rule: str
    start: int
    end: int
    text: str
    reason: str
    supports: dict[str, float] = field(default_factory=dict)
    feature: str | None = None
    strong: bool = False
    # "negated" or "figurative" when the cue was switched off (then supports is empty).
    suppressed: str | None = None

    def weight_for(self, label: str) -> float:
        return self.supports.get(label, 0.0)


def _hit(rule: Rule, folded: str, original: str, start: int, end: int) -> Cue:
    """The cue for one match; `folded` is matched on, `original` is what the person wrote."""
    negated_at = negator_before(folded, start) if rule.negatable else None
    if negated_at is not None:
        if not rule.when_negated:
            return Cue(rule.id, start, end, original[start:end], rule.reason, suppressed="negated")
        # The negated form means something of its own ("don't feel safe"): span includes it.
        words = original[negated_at:end]
        return Cue(
            rule.id, negated_at, end, words, f"'{words}' — {rule.reason_negated}",
            dict(rule.when_negated), rule.feature, rule.strong,
        )  # fmt: skip
    words = original[start:end]
    if rule.unless is not None and rule.unless.search(sentence_around(folded, start, end)):
        return Cue(rule.id, start, end, words, rule.reason, suppressed="figurative")
    return Cue(
        rule.id, start, end, words, f"'{words}' — {rule.reason}",
        dict(rule.supports), rule.feature, rule.strong,
    )  # fmt: skip


@lru_cache(maxsize=8)
def _rules_for(fields: frozenset[str] | None) -> tuple[Rule, ...]:
    rules = load_lexicon().rules
    if fields is None:
        return rules
    # Marker-only rules (no supports, e.g. figurative idioms) matter to every reader.
    labels = [{**r.supports, **r.when_negated} for r in rules]
    return tuple(r for r, ls in zip(rules, labels, strict=True) if not ls or any(k.split(".")[0] in fields for k in ls))


@lru_cache(maxsize=8)
def _index_for(fields: frozenset[str] | None) -> RuleIndex:
    return RuleIndex([rule.pattern for rule in _rules_for(fields)])


def find_cues(text: str, *, include_suppressed: bool = False, fields: frozenset[str] | None = None) -> list[Cue]:
    """Every cue in `text`, in order of position; offsets index `text` exactly.

    `fields` limits the search to rules supporting those result fields (a reply needs no
    emotion cues), which saves time; None runs every rule.
    """
    folded = fold(sanitise(text))
    rules = _rules_for(fields)
    hits = [
        _hit(rules[position], folded, text, match.start(), match.end())
        for position in _index_for(fields).candidates(folded)
        for match in rules[position].pattern.finditer(folded)
        if match.end() > match.start()
    ]
    hits.sort(key=lambda cue: (cue.start, cue.end, cue.rule))
    return hits if include_suppressed else [cue for cue in hits if cue.suppressed is None]


def cue_scores(cues: Iterable[Cue]) -> dict[str, float]:
    """Weight per "field.label": summed over rules, but one rule counts once (its strongest
    hit), so repeating the same kind of cue does not outvote a different one."""
    per_rule: dict[tuple[str, str], float] = {}
    for cue in cues:
        for label, weight in cue.supports.items():
            key = (cue.rule, label)
            per_rule[key] = max(per_rule.get(key, weight), weight, key=abs)
    totals: dict[str, float] = {}
    for (_, label), weight in per_rule.items():
        totals[label] = totals.get(label, 0.0) + weight
    return totals


def cue_features(text: str) -> np.ndarray:
    """A float32 vector in CUE_FEATURE_NAMES order: label weight sums, then marker counts."""
    import numpy as np

    vector = np.zeros(len(CUE_FEATURE_NAMES), dtype=np.float32)
    for cue in find_cues(text, include_suppressed=True):
        for label, weight in cue.supports.items():
            vector[_FEATURE_INDEX[label]] += weight
        for marker in (cue.suppressed if cue.suppressed else cue.feature,):
            if marker is not None:
                vector[_FEATURE_INDEX[f"marker.{marker}"]] += 1
    return vector
