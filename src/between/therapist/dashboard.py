"""What the therapist sees of one couple: only what each partner shared with them.

Everything here is read through the access policy as the therapist (`readable_by`), so a
record shared only with the partner, or kept private, never reaches this view; the link must
be active (`active_link_for`: 404 otherwise, exactly like a couple that does not exist).
Every record shown is an audited read, so each partner can see in their settings every time
the therapist opened something of theirs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.assessments.instruments import get_instrument
from between.assessments.models import CheckInRecord
from between.assessments.service import COMPLETE, check_in_view, reliable_changes
from between.attachment.guide import steps
from between.attachment.models import AttachmentReflection
from between.attachment.service import FINISHED, reflection_view
from between.attachment.service import RECORD_TYPE as REFLECTION
from between.coach.models import Conversation
from between.cycle import cycle_to_dict
from between.cycle.inference import Partner, infer_cycle
from between.cycle.service import moment_facts
from between.moments.models import Moment
from between.moments.service import moment_view
from between.people.couples import partners
from between.people.models import Person
from between.privacy.audit import audit, audit_therapist_reads
from between.privacy.policy import select_readable
from between.therapist.links import active_link_for, active_links

RECENT_MOMENTS = 20


def couples_overview(db: Session, therapist: Person) -> list[dict[str, Any]]:
    """The therapist's active couples: who, and since when (no records: nothing to audit)."""
    return [{"couple_id": link.couple_id, "link_id": link.id, "since": link.activated_at,
             "partners": [{"id": p.id, "display_name": p.display_name}
                          for p in partners(db, link.couple_id)]}
            for link in active_links(db, therapist)]


def shared_moments(db: Session, therapist: Person, couple_id: str, ids: set[str], *,
                   audited: bool = True) -> list[Moment]:
    """This couple's moments the therapist may read, newest first; each one an audited read
    (`audited=False` where the caller logs one read of the couple's instead)."""
    moments = list(db.scalars(select_readable(Moment, therapist.id).where(
        Moment.couple_id == couple_id, Moment.owner_id.in_(ids))
        .order_by(Moment.occurred_at.desc(), Moment.id)))
    if audited:
        audit_therapist_reads(db, therapist, "moment", moments)
    return moments


def shared_check_ins(db: Session, therapist: Person, couple_id: str,
                     ids: set[str]) -> list[CheckInRecord]:
    """This couple's finished check-ins the therapist may read, oldest first; each audited."""
    records = list(db.scalars(select_readable(CheckInRecord, therapist.id).where(
        CheckInRecord.couple_id == couple_id, CheckInRecord.owner_id.in_(ids),
        CheckInRecord.status == COMPLETE).order_by(CheckInRecord.taken_at, CheckInRecord.id)))
    audit_therapist_reads(db, therapist, "check_in", records)
    return records


def couple_dashboard(db: Session, therapist: Person, couple_id: str) -> dict[str, Any]:
    """The dashboard of one couple; 404 unless the therapist's link to it is active."""
    link = active_link_for(db, therapist, couple_id)
    people = partners(db, couple_id)
    ids = {p.id for p in people}
    moments = shared_moments(db, therapist, couple_id, ids)
    records = shared_check_ins(db, therapist, couple_id, ids)
    cycle = infer_cycle([moment_facts(m, therapist) for m in moments],
                        [Partner(p.id, p.display_name) for p in people])
    since = _since(db, therapist, couple_id) or link.activated_at
    # Each moment and check-in it rests on was logged as read (shared_moments, shared_check_ins).
    audit(db, therapist.id, "read", "therapist_dashboard", couple_id)
    scores = latest_scores(records)
    conversations = finished_conversations(db, couple_id)
    return {
        "couple_id": couple_id,
        "link_id": link.id,
        "linked_since": link.activated_at,
        "partners": [{"id": p.id, "display_name": p.display_name} for p in people],
        "cycle": cycle_to_dict(cycle),
        "scores": scores,
        "moments": [moment_view(m, therapist) for m in moments[:RECENT_MOMENTS]],
        "conversations": conversations,
        "attachment_stories": shared_stories(db, therapist, couple_id, ids),
        "safety_alerts": safety_alerts(db, therapist, couple_id),
        "since_last_session": {
            "since": since,
            "moments": sum(1 for m in moments if m.created_at >= since),
            "check_ins": sum(1 for r in records if r.taken_at >= since),
            "conversations_finished": sum(1 for c in conversations if c["finished_at"] >= since),
        },
    }


def shared_stories(db: Session, therapist: Person, couple_id: str,
                   ids: set[str]) -> list[dict[str, Any]]:
    """Each partner's finished attachment-story reflections that they shared with the
    therapist (or with partner and therapist); each an audited read."""
    stories = list(db.scalars(select_readable(AttachmentReflection, therapist.id).where(
        AttachmentReflection.couple_id == couple_id, AttachmentReflection.owner_id.in_(ids),
        AttachmentReflection.status == FINISHED)
        .order_by(AttachmentReflection.finished_at.desc(), AttachmentReflection.id)))
    audit_therapist_reads(db, therapist, REFLECTION, stories)
    titles = {s.id: s.title for s in steps()}
    out = []
    for story in stories:
        view = reflection_view(story, therapist)
        view["steps"] = [{"id": k, "title": titles.get(k, k), "text": v}
                         for k, v in view["answers"].items()]
        out.append(view)
    return out


def couple_cycle(db: Session, therapist: Person, couple_id: str):
    """The couple's cycle from what was shared with the therapist; 404 unless active. The
    diagram shows positions and moves, no moment's words: one read of the couple's is logged."""
    active_link_for(db, therapist, couple_id)
    people = partners(db, couple_id)
    moments = shared_moments(db, therapist, couple_id, {p.id for p in people}, audited=False)
    audit(db, therapist.id, "read", "therapist_cycle", couple_id)
    return infer_cycle([moment_facts(m, therapist) for m in moments],
                       [Partner(p.id, p.display_name) for p in people])


def latest_scores(records) -> list[dict[str, Any]]:
    """Each partner's latest shared check-in per questionnaire, with its reliable change since
    their first one shared (Jacobson & Truax)."""
    changes = reliable_changes(records)
    latest: dict[tuple[str, str], Any] = {}
    for record in records:  # oldest first, so the last one wins
        latest[(record.owner_id, record.instrument)] = record
    out = []
    for record in latest.values():
        view = check_in_view(record, changes.get(record.id, {}))
        view["title"] = get_instrument(record.instrument).title
        out.append(view)
    return sorted(out, key=lambda v: (v["owner_id"], v["instrument"]))


def finished_conversations(db: Session, couple_id: str) -> list[dict[str, Any]]:
    """Finished softening conversations: that they happened and when, never what was said
    (turns are the partners' own)."""
    rows = db.scalars(select(Conversation).where(Conversation.couple_id == couple_id,
                                                 Conversation.status == "finished")
                      .order_by(Conversation.updated_at.desc()))
    return [{"id": c.id, "finished_at": c.updated_at, "rounds": c.round} for c in rows]


def safety_alerts(db: Session, therapist: Person, couple_id: str) -> list[dict[str, Any]]:
    """Only the alerts a partner consented to (safety/service: active and consented)."""
    from between.safety.service import therapist_alerts

    return [{"person_id": a.person_id, "since": a.since, "message": a.message}
            for a in therapist_alerts(db, therapist) if a.couple_id == couple_id]


def _since(db: Session, therapist: Person, couple_id: str) -> datetime | None:
    """When the last session with this couple was held (the session arc), if any."""
    from between.therapist.workspace import last_session_at  # the workspace builds on this module

    return last_session_at(db, therapist, couple_id)
