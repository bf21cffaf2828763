"""The safety gate every written text passes, and the private safety state it may open.

Pure decisions only: the caller (a domain service) persists SafetyState, shows the decision's
recommendations to the writer alone, and uses `joint_features_paused` / `joint_pause_notice`
for joint features. Nothing here takes a viewer: what a partner sees cannot depend on who asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from between.analysis.taxonomy import RISK_KINDS
from between.safety.recommendations import Recommendation, Signals, recommend

# Shown identically to both partners wherever a joint feature is paused. It names no one and
# no reason, so it reveals nothing about who is at risk or why.
PAUSED_WORDING = "Joint exercises are paused for now."
# Below the gate, a text the detector still reads as possibly about risk privately offers its
# writer support: the same one-time notice, but no state and no pause. The detector misses some
# risk its gate would need to flag, and an offer costs nobody anything. Chosen on the
# calibration groups: with the gate, it reached 97% of risk statements and showed on 0.7% of
# everyday messages (docs/safety.md has the held-out figures).
SUPPORT_OFFER_SCORE = 0.5

Source = Literal["check_in", "text"]
Id = int | str


@dataclass(frozen=True)
class GateDecision:
    """What the gate found in one text: whether to open (or widen) the writer's safety state."""

    open_state: bool
    kinds: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    offer_support: bool = False  # no state, but show the writer the private notice


def assess_text(risk: Any) -> GateDecision:
    """Decide from the analysis risk result ({flag, kinds, score}, a mapping or an object).

    The detector's `flag` is trusted as the decision; a flag without a named kind still opens a
    state (safety first), and named kinds open one even if the flag is off. Otherwise a score
    of SUPPORT_OFFER_SCORE or more, or the detector's `offer` (someone close to the writer is at
    risk: docs/safety.md, "Whose risk"), offers support without opening anything.
    """
    if risk is None:
        return GateDecision(open_state=False)
    flag = bool(_field(risk, "flag"))
    kinds = _ordered_kinds(_field(risk, "kinds") or ())
    if not (flag or kinds):
        offer = (_field(risk, "score") or 0.0) >= SUPPORT_OFFER_SCORE or bool(_field(risk, "offer"))
        return GateDecision(open_state=False, offer_support=offer)
    return GateDecision(True, kinds, recommend(Signals(kinds=kinds, flagged=True)))


@dataclass(frozen=True)
class SafetyState:
    """One person's private safety state. Only its owner (and a therapist, as consented) may know."""

    person_id: Id
    couple_id: Id | None
    kinds: tuple[str, ...]
    opened_at: datetime
    source: Source
    cleared_at: datetime | None = None
    therapist_alert_consented: bool = False

    @property
    def active(self) -> bool:
        return self.cleared_at is None


def open_or_update(
    existing: SafetyState | None,
    *,
    person_id: Id,
    couple_id: Id | None,
    kinds: Iterable[str],
    source: Source,
    now: datetime,
) -> SafetyState:
    """Open a state, or widen the person's active one with newly seen kinds.

    An active state keeps its opening time, source and consent; a cleared one is replaced by a
    fresh state, because clearing was a decision about the past.
    """
    kinds = _ordered_kinds(kinds)
    if existing is not None and existing.active:
        return replace(existing, kinds=_ordered_kinds((*existing.kinds, *kinds)))
    return SafetyState(person_id, couple_id, kinds, opened_at=now, source=source)


def clear_state(state: SafetyState, *, now: datetime) -> SafetyState:
    """The person at risk chose to end the state; only they may (the caller checks who asks)."""
    return state if not state.active else replace(state, cleared_at=now)


def set_therapist_consent(state: SafetyState, consented: bool) -> SafetyState:
    return replace(state, therapist_alert_consented=consented)


def joint_features_paused(states: Iterable[SafetyState]) -> bool:
    """Whether joint features are paused for a couple, given both partners' safety states."""
    return any(state.active for state in states)


def joint_pause_notice(states: Iterable[SafetyState]) -> str | None:
    """The single neutral notice for joint features, or None when they are not paused."""
    return PAUSED_WORDING if joint_features_paused(states) else None


@dataclass(frozen=True)
class TherapistAlert:
    """Sent only through the therapist channel. Minimal: who and since when, not what or why."""

    person_id: Id
    couple_id: Id | None
    since: datetime
    message: str = (
        "A client you work with has asked us to let you know that our safety check-in raised a "
        "concern. Please contact them individually, in a way their partner cannot see."
    )


def therapist_alert(state: SafetyState) -> TherapistAlert | None:
    """The alert for a linked therapist, only while the state is active and the person consented."""
    if not (state.active and state.therapist_alert_consented):
        return None
    return TherapistAlert(state.person_id, state.couple_id, state.opened_at)


def _field(risk: Any, name: str) -> Any:
    return risk.get(name) if isinstance(risk, Mapping) else getattr(risk, name, None)


def _ordered_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    kinds = set(kinds)
    unknown = kinds - set(RISK_KINDS)
    if unknown:
        raise ValueError(f"unknown risk kind: {', '.join(sorted(unknown))}")
    return tuple(kind for kind in RISK_KINDS if kind in kinds)
