"""Interaction metrics from moments and conversations: is the cycle turning positive?

Pure: the caller passes only what the reader may see (moment views and positive-cycle
reaches), so every figure here is computed from visible records alone.

>>> from datetime import UTC, datetime
>>> monday = datetime(2026, 1, 5, 20, tzinfo=UTC)
>>> m = interaction_metrics(
...     [MomentFacts(monday, 6, "repaired", 30, True), MomentFacts(monday, 4, "unresolved", None, False)],
...     None, today=monday.date())
>>> m.mean_intensity, m.share_repaired, m.median_repair_minutes, m.share_deeper_feeling
(5.0, 0.5, 30.0, 0.5)
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from between.reports.charts import WeekMetrics

__all__ = ["SHOWN_WEEKS", "InteractionMetrics", "MomentFacts", "interaction_metrics", "week_of"]

# Weeks drawn and counted per week: three years read well on a chart and in the report, and
# one odd stored date (year 1, year 9999) can never make a view unbounded.
SHOWN_WEEKS = 156


@dataclass(frozen=True)
class MomentFacts:
    """The structured part of a moment that the metrics use (never its free text)."""

    occurred_at: datetime
    intensity: int | None
    outcome: str | None  # "repaired", "unresolved", "ongoing" or None
    repair_minutes: int | None
    deeper_feeling_named: bool


@dataclass(frozen=True)
class InteractionMetrics:
    moments: int
    weeks: int
    moments_per_week: float | None
    mean_intensity: float | None
    with_outcome: int  # moments whose ending was recorded: the base of share_repaired
    share_repaired: float | None
    median_repair_minutes: float | None
    share_deeper_feeling: float | None
    # Reaches met with a responsive answer; None where conversations are not available.
    positive_moments: int | None
    share_positive: float | None  # of all interactions: moments plus positive-cycle moments
    by_week: tuple[WeekMetrics, ...]


def interaction_metrics(
    moments: Sequence[MomentFacts], positive: Sequence[datetime] | None, *, today: date
) -> InteractionMetrics:
    """Figures over every week from the first recorded interaction to this one (at most the
    last SHOWN_WEEKS; moments_per_week counts only those weeks' moments); `positive` holds
    when each reach met with a responsive answer happened."""
    by_week = _by_week(moments, positive or (), today)
    intensities = [m.intensity for m in moments if m.intensity is not None]
    ended = [m for m in moments if m.outcome]
    repaired = [m for m in ended if m.outcome == "repaired"]
    repair_times = [m.repair_minutes for m in repaired if m.repair_minutes is not None]
    return InteractionMetrics(
        moments=len(moments),
        weeks=len(by_week),
        moments_per_week=_ratio(sum(w.moments - w.positive for w in by_week), len(by_week)),
        mean_intensity=statistics.fmean(intensities) if intensities else None,
        with_outcome=len(ended),
        share_repaired=_ratio(len(repaired), len(ended)),
        median_repair_minutes=float(statistics.median(repair_times)) if repair_times else None,
        share_deeper_feeling=_ratio(sum(m.deeper_feeling_named for m in moments), len(moments)),
        positive_moments=None if positive is None else len(positive),
        share_positive=None if positive is None else _ratio(len(positive),
                                                            len(positive) + len(moments)),
        by_week=by_week,
    )


def week_of(day: date) -> date:
    """The Monday that starts the week of `day`."""
    return day - timedelta(days=day.weekday())


def _by_week(
    moments: Iterable[MomentFacts], met: Iterable[datetime], today: date
) -> tuple[WeekMetrics, ...]:
    # From SHOWN_WEEKS ago to next week (a moment may be dated a day ahead: time zones).
    first, ahead = week_of(today) - timedelta(weeks=SHOWN_WEEKS - 1), week_of(today) + timedelta(weeks=1)
    hard = Counter(w for m in moments if first <= (w := week_of(m.occurred_at.date())) <= ahead)
    positive = Counter(w for at in met if first <= (w := week_of(at.date())) <= ahead)
    if not hard and not positive:
        return ()
    # Empty weeks are shown too: a quiet week is part of the picture.
    week, last = min(hard | positive), max(week_of(today), *(hard | positive))
    weeks = []
    while week <= last:
        weeks.append(WeekMetrics(week, hard[week] + positive[week], positive[week]))
        week += timedelta(weeks=1)
    return tuple(weeks)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
