"""The therapist's workspace with one couple: the session arc and the private notes.

Every function here first asks for the therapist's active link to the couple (404 otherwise,
before both accept and after a revocation alike). Sessions: joint ones are for both partners;
an individual one is for one partner, and what the therapist writes as its summary is read by
that partner alone, unless they share it with their partner. Notes are the therapist's only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from between.config import get_settings
from between.db.base import as_utc, utcnow
from between.errors import FieldProblem, bad_input, not_found
from between.people.couples import active_membership, partners
from between.people.models import Person
from between.privacy.audit import audit
from between.therapist.links import active_link_for
from between.therapist.models import SessionKind, SessionNote, TherapySession

TEXT_MAX = get_settings().max_text_chars
# The note template: a few prompts, each optional (field id, label, hint).
NOTE_TEMPLATE = (
    ("focus", "Focus of the session", "What the couple brought; what we worked on."),
    ("cycle", "The cycle today", "How the cycle showed up: moves, positions, triggers."),
    ("emotions", "Emotions reached", "Primary emotions and attachment needs that came up."),
    ("interventions", "Interventions", "Reflecting, validating, evocative questions, enactments."),
    ("next", "For next time", "What to return to; what each partner is practising."),
)
NOTE_FIELDS = tuple(field for field, _, _ in NOTE_TEMPLATE)
SCHEDULE_YEARS = 2


# -- the session arc -------------------------------------------------------------------------


def schedule_session(db: Session, therapist: Person, couple_id: str, *, kind: str,
                     scheduled_for: datetime, partner_id: str | None = None) -> TherapySession:
    active_link_for(db, therapist, couple_id)
    problems = []
    if kind not in (SessionKind.JOINT.value, SessionKind.INDIVIDUAL.value):
        problems.append(FieldProblem("kind", "must be joint or individual"))
    members = {p.id for p in partners(db, couple_id)}
    if kind == SessionKind.INDIVIDUAL.value and partner_id not in members:
        problems.append(FieldProblem("partner_id", "must be one of the couple's partners"))
    if kind == SessionKind.JOINT.value and partner_id is not None:
        problems.append(FieldProblem("partner_id", "is only for an individual session"))
    when = _plausible_session_time(scheduled_for)
    if when is None:
        problems.append(FieldProblem("scheduled_for", "must be a date and time from 2000 to "
                                     f"{SCHEDULE_YEARS} years ahead, in ISO 8601"))
    if problems:
        raise bad_input("The session needs a change.", *problems)
    session = TherapySession(couple_id=couple_id, therapist_id=therapist.id, kind=kind,
                             partner_id=partner_id, scheduled_for=when)
    db.add(session)
    db.flush()
    audit(db, therapist.id, "create", "therapy_session", session.id)
    return session


def _plausible_session_time(value: datetime) -> datetime | None:
    """The time in UTC, or None when it is no plausible session time (a typo, or an extreme
    date that would overflow on the way to UTC)."""
    try:
        when = as_utc(value).astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    latest = utcnow() + timedelta(days=365 * SCHEDULE_YEARS)
    return when if datetime(2000, 1, 1, tzinfo=UTC) <= when <= latest else None


def record_session(db: Session, therapist: Person, couple_id: str, session_id: str, *,
                   held: bool | None = None, summary: str | None = None) -> TherapySession:
    session = _therapists_session(db, therapist, couple_id, session_id)
    if summary is not None:
        if len(summary) > TEXT_MAX:
            raise bad_input("The summary is too long.", FieldProblem(
                "summary", f"must be at most {TEXT_MAX:,} characters"))
        session.summary = summary.strip() or None
    if held is not None:
        session.held_at = (session.held_at or utcnow()) if held else None
    audit(db, therapist.id, "update", "therapy_session", session.id)
    return session


def sessions_of(db: Session, therapist: Person, couple_id: str) -> list[TherapySession]:
    active_link_for(db, therapist, couple_id)
    return list(db.scalars(select(TherapySession).where(
        TherapySession.couple_id == couple_id, TherapySession.therapist_id == therapist.id)
        .order_by(TherapySession.scheduled_for, TherapySession.id)))


def last_session_at(db: Session, therapist: Person, couple_id: str) -> datetime | None:
    """When the last session with this couple was held (joint or individual)."""
    return db.scalar(select(TherapySession.held_at).where(
        TherapySession.couple_id == couple_id, TherapySession.therapist_id == therapist.id,
        TherapySession.held_at.is_not(None)).order_by(TherapySession.held_at.desc()).limit(1))


def _therapists_session(db, therapist, couple_id, session_id) -> TherapySession:
    active_link_for(db, therapist, couple_id)
    session = db.get(TherapySession, session_id)
    if session is None or session.couple_id != couple_id or session.therapist_id != therapist.id:
        raise not_found()
    return session


# -- what a partner sees of the arc ----------------------------------------------------------


def sessions_for_partner(db: Session, partner: Person) -> list[TherapySession]:
    """A partner's view of the arc in their current couple: the joint sessions, their own
    individual ones, and their partner's only where that partner shared it."""
    membership = active_membership(db, partner.id)
    if membership is None:
        return []
    return list(db.scalars(select(TherapySession).where(
        TherapySession.couple_id == membership.couple_id,
        or_(TherapySession.kind == SessionKind.JOINT.value,
            TherapySession.partner_id == partner.id,
            and_(TherapySession.kind == SessionKind.INDIVIDUAL.value,
                 TherapySession.shared_with_partner.is_(True))))
        .order_by(TherapySession.scheduled_for, TherapySession.id)))


def share_session(db: Session, partner: Person, session_id: str, shared: bool) -> TherapySession:
    """The partner of an individual session shares its summary with their partner, or stops."""
    session = db.get(TherapySession, session_id)
    if session is None or session.partner_id != partner.id:
        raise not_found()
    session.shared_with_partner = shared
    audit(db, partner.id, "share" if shared else "unshare", "therapy_session", session.id)
    return session


def session_view(session: TherapySession, names: dict[str, str]) -> dict[str, Any]:
    return {"id": session.id, "couple_id": session.couple_id, "kind": session.kind,
            "partner_id": session.partner_id,
            "with": names.get(session.partner_id, "") if session.partner_id else "both partners",
            "scheduled_for": session.scheduled_for, "held_at": session.held_at,
            "summary": session.summary, "shared_with_partner": session.shared_with_partner}


# -- private notes ---------------------------------------------------------------------------


def write_note(db: Session, therapist: Person, couple_id: str, fields: dict[str, str | None],
               session_id: str | None = None) -> SessionNote:
    active_link_for(db, therapist, couple_id)
    unknown = sorted(set(fields) - set(NOTE_FIELDS))
    problems = [FieldProblem(f"fields.{k}", f"is not in the template ({', '.join(NOTE_FIELDS)})")
                for k in unknown]
    problems += [FieldProblem(f"fields.{k}", f"must be at most {TEXT_MAX:,} characters")
                 for k, v in fields.items() if v and len(v) > TEXT_MAX]
    kept = {k: v.strip() for k, v in fields.items() if k in NOTE_FIELDS and v and v.strip()}
    if not problems and not kept:
        problems.append(FieldProblem("fields", "write at least one part of the note"))
    if session_id is not None:
        _therapists_session(db, therapist, couple_id, session_id)
    if problems:
        raise bad_input("The note needs a change.", *problems)
    note = SessionNote(couple_id=couple_id, therapist_id=therapist.id, session_id=session_id,
                       fields=kept)
    db.add(note)
    db.flush()
    audit(db, therapist.id, "create", "therapy_note", note.id)
    return note


def notes_of(db: Session, therapist: Person, couple_id: str) -> list[SessionNote]:
    active_link_for(db, therapist, couple_id)
    return list(db.scalars(select(SessionNote).where(
        SessionNote.couple_id == couple_id, SessionNote.therapist_id == therapist.id)
        .order_by(SessionNote.created_at.desc(), SessionNote.id)))


def note_view(note: SessionNote) -> dict[str, Any]:
    return {"id": note.id, "session_id": note.session_id, "created_at": note.created_at,
            "fields": {k: note.fields[k] for k in NOTE_FIELDS if note.fields.get(k)}}
