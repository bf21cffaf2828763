"""Raw spots: the triggers that come up again and again in a couple's moments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from between.cycle.lexicon import find_hits, lexicon, normalise, raw_spot_list

if TYPE_CHECKING:
    from between.cycle.inference import MomentFacts

MEANING_PREFIX = "meaning:"


@dataclass(frozen=True)
class RawSpot:
    key: str  # a key of raw_spots.yaml, or "meaning:<the recurring meaning>"
    title: str
    count: int
    moment_ids: tuple[str, ...]


def find_raw_spots(moments: Sequence[MomentFacts]) -> tuple[RawSpot, ...]:
    """Triggers named in at least `recurs_at` moments (what happened, what it meant, the
    surface reaction), most frequent first."""
    spots = raw_spot_list()
    negators = lexicon().negators
    titles = {e.key: e.fields["title"] for e in spots.spots}
    seen: dict[str, list[str]] = {}
    for moment in sorted(moments, key=lambda m: (m.occurred_at, m.id)):
        keys = {
            hit.key
            for text in (moment.happened, moment.meaning, moment.surface_reaction)
            for hit in find_hits(text, spots.spots, negators)
        }
        meaning = _meaning_key(moment.meaning)
        if meaning:
            keys.add(meaning)
            titles.setdefault(meaning, f"\u201c{moment.meaning.strip().rstrip('.')}\u201d")
        for key in keys:
            seen.setdefault(key, []).append(moment.id)
    found = [
        RawSpot(key, titles[key], len(ids), tuple(ids))
        for key, ids in seen.items()
        if len(ids) >= spots.recurs_at
    ]
    return tuple(sorted(found, key=lambda s: (-s.count, s.key)))


def _meaning_key(meaning: str | None) -> str | None:
    words = normalise(meaning or "").removeprefix("that ")
    return MEANING_PREFIX + words if words else None
