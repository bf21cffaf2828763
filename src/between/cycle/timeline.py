"""The timeline of moments: intensity over time and how each ended, per partner and together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from between.cycle.inference import MomentFacts, Partner


@dataclass(frozen=True)
class TimelinePoint:
    moment_id: str
    partner_id: str
    occurred_at: datetime
    intensity: int | None
    outcome: str | None  # repaired | unresolved | ongoing
    repair_minutes: int | None


@dataclass(frozen=True)
class Timeline:
    together: tuple[TimelinePoint, ...]
    by_partner: dict[str, tuple[TimelinePoint, ...]]


def build_timeline(moments: Sequence[MomentFacts], partners: Sequence[Partner]) -> Timeline:
    points = tuple(
        TimelinePoint(m.id, m.author_id, m.occurred_at, m.intensity, m.outcome, m.repair_minutes)
        for m in sorted(moments, key=lambda m: (m.occurred_at, m.id))
    )
    return Timeline(
        together=points,
        by_partner={p.id: tuple(t for t in points if t.partner_id == p.id) for p in partners},
    )
