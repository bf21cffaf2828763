"""What one person's private safety page shows: GET /api/v1/safety/status, for the caller only."""

from __future__ import annotations

from dataclasses import dataclass

from between.safety.gate import SafetyState
from between.safety.recommendations import Recommendation, Signals, recommend
from between.safety.resources import Service, resources_for


@dataclass(frozen=True)
class SafetyStatus:
    risk_active: bool
    recommendations: tuple[Recommendation, ...]
    locale: str
    resources: tuple[Service, ...]


def safety_status(state: SafetyState | None, locale: str | None, *, urgent: bool = False) -> SafetyStatus:
    """The caller's own status. Without an active state: no recommendations, every local service.

    `urgent` carries the urgency of the person's latest check-in, which the state does not keep.
    """
    active = state is not None and state.active
    kinds = state.kinds if active else ()
    local = resources_for(locale)
    recommendations = recommend(Signals(kinds=kinds, flagged=True, urgent=urgent)) if active else ()
    return SafetyStatus(active, recommendations, local.locale, local.for_kinds(kinds))
