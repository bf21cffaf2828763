"""The personal safety-planning page: steps chosen for the person's situation."""

from __future__ import annotations

from between.safety.plan import load_safety_plan

PLAN = load_safety_plan()


def step_ids(*kinds: str) -> list[str]:
    return [step.id for step in PLAN.steps_for(kinds)]


def test_it_follows_the_stanley_brown_structure_and_says_so():
    assert any("Stanley B, Brown GK" in source.ref for source in PLAN.sources)
    assert step_ids()[:5] == [
        "warning_signs", "coping_on_my_own", "people_and_places", "people_to_ask", "professionals",
    ]


def test_leaving_quickly_is_offered_for_abuse_but_not_for_self_harm_alone():
    assert "leaving_quickly" in step_ids("coercive_control")
    assert "leaving_quickly" not in step_ids("self_harm")
    assert "leaving_quickly" in step_ids("self_harm", "violence")


def test_a_plan_made_on_demand_shows_every_step():
    assert step_ids() == [step.id for step in PLAN.steps]


def test_the_professionals_step_fills_in_local_services():
    assert [s.id for s in PLAN.steps if s.uses_resources] == ["professionals"]


def test_the_plan_says_it_is_private():
    assert "Only you can see it" in PLAN.intro
