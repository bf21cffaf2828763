"""The safety gate on written text, the private safety state, and the neutral pause wording."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from between.analysis.engine import Risk
from between.analysis.taxonomy import RISK_KINDS
from between.safety.gate import (
    PAUSED_WORDING,
    SUPPORT_OFFER_SCORE,
    SafetyState,
    assess_text,
    clear_state,
    joint_features_paused,
    joint_pause_notice,
    open_or_update,
    set_therapist_consent,
    therapist_alert,
)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def state(person_id=1, kinds=("violence",), **changes) -> SafetyState:
    return SafetyState(person_id, 10, kinds, T0, "text", **changes)


# --- the gate --------------------------------------------------------------------------------


@pytest.mark.parametrize("risk", [None, {"flag": False, "kinds": [], "score": 0.1}])
def test_no_risk_opens_nothing(risk):
    decision = assess_text(risk)
    assert not decision.open_state and decision.recommendations == ()


@pytest.mark.parametrize("score", [SUPPORT_OFFER_SCORE, 0.9])
def test_an_unflagged_text_that_may_be_about_risk_offers_support_and_opens_nothing(score):
    decision = assess_text({"flag": False, "kinds": [], "score": score})
    assert decision.offer_support and not decision.open_state
    assert decision.kinds == () and decision.recommendations == ()


@pytest.mark.parametrize("risk", [None, {"flag": False, "kinds": [], "score": SUPPORT_OFFER_SCORE - 0.01},
                                  {"flag": True, "kinds": ["violence"], "score": 0.99}])
def test_no_offer_below_the_line_or_once_a_state_opens(risk):
    assert not assess_text(risk).offer_support


def test_a_flagged_text_opens_a_state_with_its_kinds_in_taxonomy_order():
    decision = assess_text({"flag": True, "kinds": ["threat", "violence"], "score": 0.93})
    assert decision.open_state
    assert decision.kinds == ("violence", "threat")
    assert "abuse_support" in [r.id for r in decision.recommendations]


def test_the_risk_result_may_be_an_object():
    decision = assess_text(SimpleNamespace(flag=True, kinds=("self_harm",), score=0.8))
    assert decision.kinds == ("self_harm",)
    assert decision.recommendations[0].id == "crisis_line"


def test_the_analysis_engines_risk_model_is_accepted_as_is():
    decision = assess_text(Risk(flag=True, kinds=["fear_of_partner"], score=0.88))
    assert decision.open_state and decision.kinds == ("fear_of_partner",)


def test_a_flag_without_a_kind_still_opens_a_state():
    decision = assess_text({"flag": True, "kinds": [], "score": 0.7})
    assert decision.open_state and decision.kinds == ()
    assert "safety_plan" in [r.id for r in decision.recommendations]


def test_named_kinds_open_a_state_even_without_the_flag():
    assert assess_text({"flag": False, "kinds": ["coercive_control"]}).open_state


def test_an_unknown_kind_is_a_broken_contract():
    with pytest.raises(ValueError, match="unknown risk kind"):
        assess_text({"flag": True, "kinds": ["grumpy"]})


# --- the state -------------------------------------------------------------------------------


def test_a_state_opens_then_widens_keeping_its_start_and_consent():
    first = open_or_update(None, person_id=1, couple_id=10, kinds=["threat"], source="check_in", now=T0)
    consented = set_therapist_consent(first, True)
    later = open_or_update(
        consented, person_id=1, couple_id=10, kinds=["violence"], source="text", now=T0 + timedelta(days=2)
    )
    assert later.kinds == ("violence", "threat")
    assert (later.opened_at, later.source, later.therapist_alert_consented) == (T0, "check_in", True)


def test_after_clearing_new_risk_opens_a_fresh_state():
    cleared = clear_state(state(therapist_alert_consented=True), now=T0 + timedelta(hours=1))
    assert not cleared.active
    fresh = open_or_update(cleared, person_id=1, couple_id=10, kinds=["threat"], source="text",
                           now=T0 + timedelta(days=1))
    assert fresh.active and fresh.kinds == ("threat",) and not fresh.therapist_alert_consented


def test_clearing_twice_keeps_the_first_time():
    once = clear_state(state(), now=T0 + timedelta(hours=1))
    assert clear_state(once, now=T0 + timedelta(hours=5)).cleared_at == once.cleared_at


# --- joint features and the neutral wording --------------------------------------------------


def test_joint_features_pause_while_any_state_is_active():
    cleared = clear_state(state(), now=T0)
    assert not joint_features_paused([])
    assert not joint_features_paused([cleared])
    assert joint_features_paused([cleared, state(person_id=2)])


def test_the_notice_is_one_constant_identical_for_both_partners():
    at_risk_is_a = [state(person_id="a")]
    at_risk_is_b = [state(person_id="b", kinds=("self_harm",))]
    assert joint_pause_notice(at_risk_is_a) is joint_pause_notice(at_risk_is_b) is PAUSED_WORDING
    assert joint_pause_notice([]) is None
    # No viewer is passed, so what a partner sees cannot depend on who is looking.
    assert list(inspect.signature(joint_pause_notice).parameters) == ["states"]


def test_the_wording_is_exactly_the_agreed_sentence():
    assert PAUSED_WORDING == "Joint exercises are paused for now."


def test_the_wording_reveals_nothing_about_who_or_why():
    words = set(re.findall(r"[a-z_]+", PAUSED_WORDING.lower()))
    revealing = {"risk", "safety", "safe", "concern", "you", "your", "partner", "because", "check"}
    assert not words & (revealing | set(RISK_KINDS))


# --- the therapist channel -------------------------------------------------------------------


def test_a_therapist_is_alerted_only_with_consent_and_only_while_active():
    assert therapist_alert(state()) is None
    consented = set_therapist_consent(state(kinds=("sexual_coercion",)), True)
    alert = therapist_alert(consented)
    assert alert is not None and alert.person_id == 1 and alert.since == T0
    assert not any(kind.replace("_", " ") in alert.message for kind in RISK_KINDS)
    assert therapist_alert(clear_state(consented, now=T0)) is None
