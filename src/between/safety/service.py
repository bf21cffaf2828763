"""Safety, stored: screening written text, the check-in, states, the plan and preferences.

Everything here acts for one person and reads only that person's rows. What a partner sees can
change in one way only: joint features pause, with PAUSED_WORDING, the same for both.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.db.base import utcnow
from between.errors import BetweenError, FieldProblem, bad_input, conflict
from between.people.couples import current_couple
from between.people.models import Membership, Person, Role
from between.safety import gate
from between.safety.gate import PAUSED_WORDING, SafetyState
from between.safety.models import (
    CheckInRecord,
    SafetyPlanRecord,
    SafetyPreference,
    SafetyStateRecord,
)
from between.safety.plan import load_safety_plan
from between.safety.resources import country_of
from between.safety.screening import SafetyResult, evaluate_check_in, validate_answers
from between.safety.status import SafetyStatus, safety_status

if TYPE_CHECKING:  # the engine is imported when used (it is heavy to load)
    from between.analysis.engine import MessageAnalysis

log = logging.getLogger(__name__)

# Where a screened text was written; kept for the caller's clarity, never stored.
TEXT_SOURCES = ("moment", "reach", "reply", "turn", "reflection")
PLAN_ENTRY_MAX = 2000
# The analysis layers that screen text; "both" falls back to the cue layer without the model.
SCREENING_LAYERS = "both"
# The layers the writer's own aids (suggestions, coaching) read a text with: a screening
# analysis made with these is handed back to the caller, which then need not run it again.
READER_LAYERS = "both"


# --- risk in written text ----------------------------------------------------------------


def screen_text(db: Session, person: Person, text: str, *, source: str,
                analysis: MessageAnalysis | None = None) -> MessageAnalysis | None:
    """Run the risk detector on a text the person wrote; risk opens their private safety state.

    Never raises for risk and never touches anything a partner can read: the only trace is
    the writer's own state (and, through it, the neutral joint pause). A text below the gate
    that may still be about risk only offers the writer support, on their next page.

    One analysis serves the screening and the writer's own aid (suggestions, coaching), so the
    encoder runs once per write. A caller that has already analysed this very text with
    SCREENING_LAYERS passes that `analysis`, and its risk is used as it is. Otherwise the
    analysis made here is returned when it read the whole text in one piece with
    READER_LAYERS, for the caller to use instead of analysing the text again. None when there
    is no such analysis: nothing to screen, a text read in chunks, screening with other layers,
    or the cue-layer fallback (cheap, and the caller keeps its own fallback).
    """
    return screen_with_risk(db, person, text, source=source, analysis=analysis)[1]


def screen_with_risk(db: Session, person: Person, text: str, *, source: str,
                     analysis: MessageAnalysis | None = None
                     ) -> tuple[dict[str, Any] | None, MessageAnalysis | None]:
    """screen_text, also answering the risk reading itself ({flag, kinds, score}; None when
    there was nothing to read), for the writer's own crisis card (safety/writer.py)."""
    if source not in TEXT_SOURCES:
        raise ValueError(f"unknown text source {source!r}; expected one of {TEXT_SOURCES}")
    if not isinstance(text, str) or not text.strip():
        return None, None
    risk, whole = _detect_risk(text, analysis)
    decision = gate.assess_text(risk)
    if decision.open_state:
        record = _open_or_widen(db, person, decision.kinds, source="text")
        record.notice_pending = True
        db.flush()
    elif decision.offer_support:
        _preference_row(db, person).support_offer_pending = True
        db.flush()
    return risk, whole


def read_risk(text: str, analysis: MessageAnalysis | None = None
              ) -> tuple[dict[str, Any] | None, MessageAnalysis | None]:
    """The risk reading of a text, storing nothing (a writer without an account, or a text
    shown again that was screened when it was written)."""
    if not isinstance(text, str) or not text.strip():
        return None, None
    return _detect_risk(text, analysis)


def _detect_risk(text: str, known: MessageAnalysis | None = None
                 ) -> tuple[dict[str, Any], MessageAnalysis | None]:
    """The detector's {flag, kinds, score} over the whole text, however long it is (from `known`
    when that is the SCREENING_LAYERS analysis of it), and the whole text's analysis when it
    was read in one piece with READER_LAYERS."""
    from between.analysis import MAX_CHARS, analyze_messages

    chunks = [text[i:i + MAX_CHARS] for i in range(0, len(text), MAX_CHARS)]
    chunks = [chunk for chunk in chunks if chunk.strip()]
    in_one_piece = chunks == [text]
    if known is not None and in_one_piece and known.layers == SCREENING_LAYERS:
        results = [known]
    else:
        try:
            results = analyze_messages(chunks, layers=SCREENING_LAYERS)
        except Exception as exc:  # noqa: BLE001 - a missing or broken model must not lose a text
            # Safety first: the cue layer alone still catches explicit risk (recall first).
            log.warning("risk screening fell back to the cue layer: %s", exc)
            results = analyze_messages(chunks, layers="cues")
    whole = results[0] if in_one_piece and results[0].layers == READER_LAYERS else None
    return _overall_risk(results), whole


def _overall_risk(results: list[MessageAnalysis]) -> dict[str, Any]:
    risks = [result.risk for result in results]
    return {
        "flag": any(risk.flag for risk in risks),
        "kinds": sorted({kind for risk in risks for kind in risk.kinds}),
        "score": max(risk.score for risk in risks),
        "offer": any(getattr(risk, "offer", False) for risk in risks),
    }


# --- joint features ----------------------------------------------------------------------


def joint_features_paused(db: Session, couple_id: str | None) -> bool:
    """True while any current partner in the couple has an active safety state."""
    if couple_id is None:
        return False
    members = select(Membership.person_id).where(
        Membership.couple_id == couple_id, Membership.left_at.is_(None),
        Membership.role == Role.PARTNER.value)
    found = db.scalar(select(SafetyStateRecord.id).where(
        SafetyStateRecord.person_id.in_(members), SafetyStateRecord.cleared_at.is_(None)).limit(1))
    return found is not None


def pause_problem() -> BetweenError:
    """The one answer a paused joint feature gives, identical whoever asks and whatever the reason."""
    return BetweenError(PAUSED_WORDING, [], 409, "Paused", "joint-paused")


def joint_pause_notice(db: Session, couple_id: str | None) -> str | None:
    return PAUSED_WORDING if joint_features_paused(db, couple_id) else None


# --- the safety state --------------------------------------------------------------------


def active_state(db: Session, person: Person) -> SafetyStateRecord | None:
    return db.scalar(select(SafetyStateRecord).where(
        SafetyStateRecord.person_id == person.id, SafetyStateRecord.cleared_at.is_(None))
        .order_by(SafetyStateRecord.opened_at.desc()).limit(1))


def _open_or_widen(db: Session, person: Person, kinds, *, source: gate.Source,
                   now: datetime | None = None) -> SafetyStateRecord:
    now = now or utcnow()
    record = active_state(db, person)
    if record is not None:
        record.kinds = list(gate.open_or_update(
            _as_state(record), person_id=person.id, couple_id=record.couple_id, kinds=kinds,
            source=source, now=now).kinds)
        return record
    couple = current_couple(db, person)
    fresh = gate.open_or_update(None, person_id=person.id, couple_id=couple.id if couple else None,
                                kinds=kinds, source=source, now=now)
    record = SafetyStateRecord(
        person_id=person.id, couple_id=fresh.couple_id, kinds=list(fresh.kinds),
        source=fresh.source, opened_at=fresh.opened_at,
        therapist_alert_consented=preferences(db, person).therapist_alert_consent)
    db.add(record)
    return record


def _as_state(record: SafetyStateRecord) -> SafetyState:
    return SafetyState(record.person_id, record.couple_id, tuple(record.kinds), record.opened_at,
                       record.source, record.cleared_at, record.therapist_alert_consented)


def clear(db: Session, person: Person) -> None:
    """The person ends their own state (joint features resume unless the partner has one).

    Every active row is closed, in case two requests at once each opened one.
    """
    records = db.scalars(select(SafetyStateRecord).where(
        SafetyStateRecord.person_id == person.id, SafetyStateRecord.cleared_at.is_(None))).all()
    if not records:
        raise conflict("There is nothing to clear: no safety concern is open.", "nothing-to-clear")
    now = utcnow()
    for record in records:
        record.cleared_at = gate.clear_state(_as_state(record), now=now).cleared_at
        record.notice_pending = False
    db.flush()


def keep(db: Session, person: Person) -> None:
    """The person keeps their state open; the one-off notice about it has done its job."""
    record = active_state(db, person)
    if record is None:
        raise conflict("There is nothing to keep: no safety concern is open.", "nothing-to-keep")
    record.notice_pending = False
    db.flush()


def notice_pending(db: Session, person: Person) -> bool:
    """Whether the gentle notice waits for this person: an open state or an offer of support."""
    return _pending(*_notice_rows(db, person))


def take_notice(db: Session, person: Person | None) -> bool:
    """Whether to show the gentle notice now, marking it shown: it appears once, on the person's
    next page, unless an API client has shown it already (POST /api/v1/safety/notice/seen)."""
    if person is None:
        return False
    record, prefs = _notice_rows(db, person)
    if not _pending(record, prefs):
        return False
    if record is not None:
        record.notice_pending = False
    if prefs is not None:
        prefs.support_offer_pending = False
    db.flush()
    return True


def _notice_rows(db: Session, person: Person) -> tuple[SafetyStateRecord | None, SafetyPreference | None]:
    """The two rows that can hold the notice: the active state, and the preferences (an offer)."""
    return active_state(db, person), db.get(SafetyPreference, person.id)


def _pending(record: SafetyStateRecord | None, prefs: SafetyPreference | None) -> bool:
    return bool(record and record.notice_pending) or bool(prefs and prefs.support_offer_pending)


def set_therapist_consent(db: Session, person: Person, consented: bool) -> None:
    """Standing consent for the therapist alert; applies to the active state at once."""
    prefs = _preference_row(db, person)
    prefs.therapist_alert_consent = consented
    record = active_state(db, person)
    if record is not None:
        record.therapist_alert_consented = consented
    db.flush()


def therapist_alerts(db: Session, therapist: Person) -> list[gate.TherapistAlert]:
    """Alerts for a therapist: active, consented states of partners in couples they work with."""
    if therapist.role != Role.THERAPIST.value:
        return []
    couples = select(Membership.couple_id).where(
        Membership.person_id == therapist.id, Membership.left_at.is_(None),
        Membership.role == Role.THERAPIST.value)
    clients = select(Membership.person_id).where(
        Membership.couple_id.in_(couples), Membership.left_at.is_(None),
        Membership.role == Role.PARTNER.value)
    records = db.scalars(select(SafetyStateRecord).where(
        SafetyStateRecord.person_id.in_(clients), SafetyStateRecord.cleared_at.is_(None),
        SafetyStateRecord.therapist_alert_consented.is_(True))
        .order_by(SafetyStateRecord.opened_at))
    return [alert for r in records if (alert := gate.therapist_alert(_as_state(r)))]


# --- the check-in ------------------------------------------------------------------------


def take_check_in(db: Session, person: Person, answers: Any) -> SafetyResult:
    """Evaluate and store the person's answers; risk opens (or widens) their state.

    A check-in without concerns does not clear an open state: only the person does that.
    """
    result = evaluate_check_in(answers)
    now = utcnow()  # one instant: the state's urgency comes from check-ins taken since it opened
    db.add(CheckInRecord(
        person_id=person.id, taken_at=now, answers=validate_answers(answers), kinds=list(result.kinds),
        topics=list(result.topics), urgency=result.urgency, reasons=list(result.reasons),
        declined=list(result.declined)))
    if result.risk_active:
        _open_or_widen(db, person, result.kinds, source="check_in", now=now)
    db.flush()
    return result


def latest_check_in(db: Session, person: Person) -> CheckInRecord | None:
    return db.scalar(select(CheckInRecord).where(CheckInRecord.person_id == person.id)
                     .order_by(CheckInRecord.taken_at.desc()).limit(1))


def latest_result(db: Session, person: Person) -> SafetyResult | None:
    """The person's latest check-in, evaluated again from its stored answers."""
    record = latest_check_in(db, person)
    return evaluate_check_in(record.answers) if record else None


# --- the private screen before joint work --------------------------------------------------

# Said to both partners alike: whether *both* have finished, never who has or what they said.
SCREEN_WAITING = ("Before your first softening conversation, each of you takes the short private "
                  "check-in, on your own. Your answers are never shown to your partner; the "
                  "conversation opens once both of you have finished it.")
SCREEN_DONE = "Both of you finished the private check-in."


def screened_in_couple(db: Session, person: Person) -> bool:
    """Whether the person took the private check-in since joining their current couple (or,
    on their own, ever). Only for the person themselves and for `both_screened`."""
    membership = db.scalar(select(Membership).where(
        Membership.person_id == person.id, Membership.left_at.is_(None),
        Membership.role == Role.PARTNER.value).limit(1))
    query = select(CheckInRecord.id).where(CheckInRecord.person_id == person.id)
    if membership is not None:
        query = query.where(CheckInRecord.taken_at >= membership.joined_at)
    return db.scalar(query.limit(1)) is not None


def both_screened(db: Session, couple_id: str | None) -> bool:
    """True when every current partner of the couple took the private check-in since joining
    it. The one thing the partners learn about each other's check-in: never an answer."""
    if couple_id is None:
        return False
    members = db.scalars(select(Membership).where(
        Membership.couple_id == couple_id, Membership.left_at.is_(None),
        Membership.role == Role.PARTNER.value)).all()
    if len(members) < 2:
        return False
    for membership in members:
        found = db.scalar(select(CheckInRecord.id).where(
            CheckInRecord.person_id == membership.person_id,
            CheckInRecord.taken_at >= membership.joined_at).limit(1))
        if found is None:
            return False
    return True


def screen_problem() -> BetweenError:
    """The answer a joint conversation gives until both have finished the private check-in;
    the same for both partners, whoever has or has not taken it."""
    return BetweenError(SCREEN_WAITING, [], 409, "Private check-in first", "check-in-first")


def screen_notice(db: Session, couple_id: str | None) -> str:
    return SCREEN_DONE if both_screened(db, couple_id) else SCREEN_WAITING


# --- status ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalStatus:
    status: SafetyStatus
    state: SafetyStateRecord | None
    topics: tuple[str, ...]  # individual-work topics from the latest check-in


def status_for(db: Session, person: Person) -> PersonalStatus:
    """The person's own safety status: state, recommendations, the services for their locale."""
    state = active_state(db, person)
    latest = latest_check_in(db, person)
    urgent = bool(state and latest and latest.urgency == "urgent"
                  and latest.taken_at >= state.opened_at)
    status = safety_status(_as_state(state) if state else None, preferences(db, person).locale,
                           urgent=urgent)
    return PersonalStatus(status, state, tuple(latest.topics) if latest else ())


def status_view(db: Session, person: Person) -> dict[str, Any]:
    """GET /api/v1/safety/status: risk_active, recommendations, resources, for the caller only."""
    personal = status_for(db, person)
    status = personal.status
    recommendations = status.recommendations
    if not status.risk_active:
        # Individual-work suggestions (alongside couple work) stay visible from the last check-in.
        result = latest_result(db, person)
        recommendations = result.recommendations if result else ()
    return {
        "risk_active": status.risk_active,
        "since": personal.state.opened_at if personal.state else None,
        "therapist_alert_consented": bool(personal.state
                                          and personal.state.therapist_alert_consented),
        "notice_pending": notice_pending(db, person),
        "recommendations": [recommendation_view(r) for r in recommendations],
        "locale": status.locale,
        "resources": [s.model_dump(exclude={"verified_from"}) for s in status.resources],
    }


def recommendation_view(recommendation) -> dict[str, Any]:
    return {"id": recommendation.id, "category": recommendation.category,
            "title": recommendation.title, "body": recommendation.body,
            "links_to": recommendation.links_to}


def result_view(result: SafetyResult) -> dict[str, Any]:
    return {
        "label": result.label,
        "risk_active": result.risk_active,
        "kinds": list(result.kinds),
        "topics": list(result.topics),
        "urgency": result.urgency,
        "reasons": list(result.reasons),
        "declined": list(result.declined),
        "recommendations": [recommendation_view(r) for r in result.recommendations],
    }


# --- the safety plan ---------------------------------------------------------------------


def plan_entries(db: Session, person: Person) -> dict[str, str]:
    row = db.get(SafetyPlanRecord, person.id)
    return dict(row.entries) if row else {}


def save_plan(db: Session, person: Person, entries: Mapping[str, Any]) -> dict[str, str]:
    """Store the person's notes for each step; an empty note removes that step's note."""
    steps = {step.id for step in load_safety_plan().steps}
    problems = [FieldProblem(f"entries.{key}", "There is no such step in the safety plan.")
                for key in entries if key not in steps]
    problems += [FieldProblem(f"entries.{key}", "Write text (or leave it empty).")
                 for key, value in entries.items() if key in steps and not isinstance(value, str)]
    problems += [FieldProblem(f"entries.{key}", f"Keep it under {PLAN_ENTRY_MAX} characters.")
                 for key, value in entries.items()
                 if key in steps and isinstance(value, str) and len(value) > PLAN_ENTRY_MAX]
    if problems:
        raise bad_input("Some parts of the safety plan need another look.", *problems)
    cleaned = {key: value.strip() for key, value in entries.items() if value.strip()}
    row = db.get(SafetyPlanRecord, person.id)
    if row is None:
        db.add(SafetyPlanRecord(person_id=person.id, entries=cleaned))
    else:
        row.entries = cleaned
    db.flush()
    return cleaned


def plan_view(db: Session, person: Person) -> dict[str, Any]:
    """The plan's steps for the person's situation, with their own notes filled in."""
    plan = load_safety_plan()
    state = active_state(db, person)
    entries = plan_entries(db, person)
    return {
        "title": plan.title,
        "intro": plan.intro,
        "steps": [{**step.model_dump(exclude={"applies_to"}), "entry": entries.get(step.id, "")}
                  for step in plan.steps_for(state.kinds if state else ())],
        "resources": status_view(db, person)["resources"],
    }


# --- preferences -------------------------------------------------------------------------


def preferences(db: Session, person: Person) -> SafetyPreference:
    """The person's safety settings (defaults when they never set any; nothing is written)."""
    return db.get(SafetyPreference, person.id) or SafetyPreference(
        person_id=person.id, hide_app_name=False, locale=None, therapist_alert_consent=False,
        support_offer_pending=False, quick_exit_logout=True)


def _preference_row(db: Session, person: Person) -> SafetyPreference:
    row = db.get(SafetyPreference, person.id)
    if row is None:
        row = preferences(db, person)
        db.add(row)
    return row


def update_preferences(db: Session, person: Person, *, hide_app_name: bool | None = None,
                       locale: str | None = None,
                       therapist_alert_consent: bool | None = None,
                       quick_exit_logout: bool | None = None) -> SafetyPreference:
    """Change only the settings given. A locale must name a country ('en-GB', 'DE') or be ''."""
    if locale is not None and locale.strip() and country_of(locale) is None:
        raise bad_input("That locale does not name a country.",
                        FieldProblem("locale", "Use a form like en-GB, de-DE or US."))
    row = _preference_row(db, person)
    if hide_app_name is not None:
        row.hide_app_name = hide_app_name
    if locale is not None:
        row.locale = locale.strip() or None
    if quick_exit_logout is not None:
        row.quick_exit_logout = quick_exit_logout
    if therapist_alert_consent is not None:
        set_therapist_consent(db, person, therapist_alert_consent)
    db.flush()
    return row


def preferences_view(prefs: SafetyPreference) -> dict[str, Any]:
    return {"hide_app_name": prefs.hide_app_name, "locale": prefs.locale,
            "therapist_alert_consent": prefs.therapist_alert_consent,
            "quick_exit_logout": prefs.quick_exit_logout is not False}


def quick_exit_logout(db: Session, person: Person | None) -> bool:
    """Whether Quick exit also ends this person's session (on unless they turned it off)."""
    return person is not None and preferences(db, person).quick_exit_logout is not False


def hide_app_name(db: Session, person: Person | None) -> bool:
    """Whether this person's pages should leave the app's name out of the tab and header."""
    return bool(person is not None and preferences(db, person).hide_app_name)
