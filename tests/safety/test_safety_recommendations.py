"""Private recommendations: which apply, in what order, and how they are worded."""

from __future__ import annotations

import re

import pytest

from between.safety.gate import PAUSED_WORDING
from between.safety.recommendations import ABUSE_KINDS, Signals, all_recommendations, recommend

# Words that blame, pressure or alarm; none belongs in anything we say to a person at risk.
BLAME_OR_ALARM = [
    r"\byour fault\b", r"\bshould have\b", r"\bwhy did(n't| not) you\b", r"\bblame",
    r"\bfail", r"\bmust\b", r"\bprovok", r"\bexaggerat", r"!", r"\b[A-Z]{3,}\b",
]
# Claims that the partner was told, or will be, or that tell what the partner did.
PARTNER_REVEALING = [
    r"\b(told|tell|notif|inform|alert|messag|email)\w*\b[^.]*\byour partner",
    r"\byour partner (knows|will know|has been|was|will be|said|wrote|did)\b",
    r"\blet your partner know\b",
]


def ids(signals: Signals) -> list[str]:
    return [r.id for r in recommend(signals)]


@pytest.mark.parametrize("rec", all_recommendations(), ids=lambda r: r.id)
def test_wording_never_blames_pressures_or_alarms(rec):
    for pattern in BLAME_OR_ALARM:
        assert not re.search(pattern, f"{rec.title} {rec.body}"), (rec.id, pattern)


@pytest.mark.parametrize("rec", all_recommendations(), ids=lambda r: r.id)
def test_wording_never_says_the_partner_was_told_anything(rec):
    for pattern in PARTNER_REVEALING:
        assert not re.search(pattern, f"{rec.title} {rec.body}", re.IGNORECASE), (rec.id, pattern)


@pytest.mark.parametrize("rec", all_recommendations(), ids=lambda r: r.id)
def test_wording_is_finished_text(rec):
    assert "{" not in rec.body and rec.title.strip() and rec.body.strip()


def test_the_pause_explanation_quotes_the_exact_words_the_partner_sees():
    [pause] = [r for r in all_recommendations() if r.id == "joint_exercises_paused"]
    assert f'"{PAUSED_WORDING}"' in pause.body


@pytest.mark.parametrize("kind", ABUSE_KINDS)
def test_violence_fear_control_or_sexual_coercion_pause_joint_work_and_offer_safety(kind):
    found = ids(Signals(kinds=(kind,)))
    assert found == ["abuse_support", "safety_plan", "individual_support", "joint_exercises_paused"]


def test_self_harm_puts_crisis_lines_first_and_no_abuse_service():
    found = ids(Signals(kinds=("self_harm",)))
    assert found[0] == "crisis_line"
    assert "abuse_support" not in found
    assert {"safety_plan", "mental_health_support", "joint_exercises_paused"} <= set(found)


def test_urgent_puts_emergency_first():
    assert ids(Signals(kinds=("violence",), urgent=True))[0] == "emergency_now"


def test_risk_without_a_named_kind_still_offers_a_safety_plan_and_pauses_joint_work():
    assert ids(Signals(flagged=True)) == ["safety_plan", "joint_exercises_paused"]


def test_alongside_help_is_held_back_while_risk_is_active():
    alongside = ids(Signals(topics=("trauma", "long_standing_disconnection", "intimacy")))
    assert alongside == ["trauma_alongside", "disconnection_alongside", "intimacy_alongside"]
    assert not set(alongside) & set(ids(Signals(kinds=("threat",), topics=("trauma",))))


def test_nothing_known_recommends_nothing():
    assert recommend(Signals()) == ()


def test_unknown_kinds_and_topics_are_refused():
    with pytest.raises(ValueError, match="risk kind"):
        Signals(kinds=("sadness",))
    with pytest.raises(ValueError, match="topic"):
        Signals(topics=("money",))
