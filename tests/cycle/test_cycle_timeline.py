"""The timeline: every visible moment, in time order, per partner and together."""

from __future__ import annotations

from between.cycle import infer_cycle
from tests.cycle.cycle_couples import ALEX, SAM, moment


def test_points_are_in_time_order_per_partner_and_together():
    late = moment(SAM, 5, intensity=3, outcome="repaired", repair_minutes=20)
    early = moment(ALEX, 1, intensity=8, outcome="unresolved")
    middle = moment(SAM, 2, intensity=6, outcome="ongoing")
    timeline = infer_cycle([late, early, middle], [SAM, ALEX]).timeline

    assert [p.moment_id for p in timeline.together] == [early.id, middle.id, late.id]
    assert [p.moment_id for p in timeline.by_partner[SAM.id]] == [middle.id, late.id]
    assert [p.moment_id for p in timeline.by_partner[ALEX.id]] == [early.id]
    assert [(p.intensity, p.outcome) for p in timeline.together] == [
        (8, "unresolved"), (6, "ongoing"), (3, "repaired")
    ]
    assert timeline.together[-1].repair_minutes == 20


def test_a_partner_without_visible_moments_has_an_empty_timeline():
    timeline = infer_cycle([moment(SAM, 0, intensity=4)], [SAM, ALEX]).timeline
    assert timeline.by_partner[ALEX.id] == ()
    assert len(timeline.together) == 1
