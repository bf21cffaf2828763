"""The private safety status a person sees about themselves."""

from __future__ import annotations

from datetime import UTC, datetime

from between.safety.gate import SafetyState, clear_state
from between.safety.status import safety_status

T0 = datetime(2026, 11, 26, tzinfo=UTC)


def test_without_a_state_there_is_nothing_to_recommend_but_every_service_is_listed():
    status = safety_status(None, "en-GB")
    assert not status.risk_active and status.recommendations == ()
    assert status.locale == "GB" and len(status.resources) >= 3


def test_a_cleared_state_reads_like_no_state():
    cleared = clear_state(SafetyState(1, 2, ("threat",), T0, "text"), now=T0)
    assert safety_status(cleared, "en-GB") == safety_status(None, "en-GB")


def test_an_active_state_recommends_and_lists_the_fitting_services_first():
    status = safety_status(SafetyState(1, 2, ("self_harm",), T0, "check_in"), "en-AU")
    assert status.risk_active
    assert status.recommendations[0].id == "crisis_line"
    assert [s.id for s in status.resources] == ["emergency", "lifeline"]


def test_an_urgent_check_in_puts_emergency_help_first():
    status = safety_status(SafetyState(1, 2, ("violence",), T0, "check_in"), "fr-FR", urgent=True)
    assert status.recommendations[0].id == "emergency_now"


def test_an_unknown_locale_falls_back_to_international():
    assert safety_status(None, "pt-BR").locale == "international"
