"""Interaction metrics from moments and positive-cycle moments, hand-computed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from between.reports.metrics import MomentFacts, interaction_metrics, week_of

MONDAY = datetime(2026, 1, 5, 20, tzinfo=UTC)


def at(days: int) -> datetime:
    return MONDAY + timedelta(days=days)


MOMENTS = [
    MomentFacts(at(0), 8, "repaired", 60, True),
    MomentFacts(at(2), 6, "unresolved", None, False),
    MomentFacts(at(15), 4, "repaired", 20, True),
    MomentFacts(at(16), None, None, None, True),
]


def test_figures_match_hand_computed_values():
    m = interaction_metrics(MOMENTS, None, today=at(16).date())
    assert m.moments == 4 and m.weeks == 3  # 5 Jan, 12 Jan (quiet), 19 Jan
    assert m.moments_per_week == 4 / 3
    assert m.mean_intensity == (8 + 6 + 4) / 3  # unrated moments are left out
    assert (m.with_outcome, m.share_repaired) == (3, 2 / 3)
    assert m.median_repair_minutes == 40.0  # median of 60 and 20
    assert m.share_deeper_feeling == 3 / 4
    assert m.positive_moments is None and m.share_positive is None  # no conversations yet


def test_weeks_include_quiet_ones_and_run_to_this_week():
    m = interaction_metrics(MOMENTS, [at(9), at(22)], today=date(2026, 2, 2))
    assert [w.week_start for w in m.by_week] == [
        date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26),
        date(2026, 2, 2)]
    assert [(w.moments, w.positive) for w in m.by_week] == [(2, 0), (1, 1), (2, 0), (1, 1),
                                                             (0, 0)]
    assert m.positive_moments == 2 and m.share_positive == 2 / 6


def test_nothing_recorded_gives_no_weeks_and_no_shares():
    m = interaction_metrics([], [], today=MONDAY.date())
    assert (m.weeks, m.by_week, m.moments_per_week, m.share_repaired) == (0, (), None, None)
    assert m.positive_moments == 0 and m.share_positive is None


def test_weeks_start_on_monday():
    assert week_of(date(2026, 1, 11)) == date(2026, 1, 5)  # a Sunday
    assert week_of(date(2026, 1, 5)) == date(2026, 1, 5)
