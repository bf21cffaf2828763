"""What a partner can check about their therapist: what the therapist can see of theirs today,
and every time the therapist opened something of theirs or their couple's (the audit log).

"Can see today" is computed with the therapist as the viewer, through the same policy every
read uses, so it cannot drift from what the therapist actually gets. Looking it up is the
partner's own read and writes no therapist read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from between.assessments.models import CheckInRecord
from between.attachment.models import AttachmentReflection
from between.moments.models import Moment
from between.people.couples import active_membership
from between.people.models import Person
from between.privacy.audit import AuditEvent
from between.privacy.policy import select_readable
from between.therapist.links import current_link, links_for
from between.therapist.models import LinkStatus

COUPLE_EVENTS = ("therapist_dashboard", "therapist_cycle", "therapist_export")
READ_ACTIONS = ("read", "export")
SHOWN_READS = 200


@dataclass(frozen=True)
class TherapistRead:
    at: datetime
    action: str
    what: str  # moment | check_in | therapist_dashboard | therapist_export | ...
    record_id: str | None
    therapist_id: str


@dataclass(frozen=True)
class Visible:
    therapist: Person | None
    status: str | None
    moments: list[Moment]
    check_ins: list[CheckInRecord]
    stories: list[AttachmentReflection] = ()


def visible_today(db: Session, partner: Person) -> Visible:
    """The partner's own records the therapist can read right now (none unless active)."""
    link = current_link(db, partner)
    if link is None or link.status != LinkStatus.ACTIVE.value:
        return Visible(None if link is None or link.therapist_id is None
                       else db.get(Person, link.therapist_id),
                       link.status if link else None, [], [])
    therapist = db.get(Person, link.therapist_id)
    # Read as the therapist through the policy, but not through the therapist's listings: this
    # look is the partner's, and must not show up as a therapist read.
    moments = list(db.scalars(select_readable(Moment, therapist.id).where(
        Moment.owner_id == partner.id, Moment.couple_id == link.couple_id)
        .order_by(Moment.occurred_at.desc(), Moment.id)))
    check_ins = list(db.scalars(select_readable(CheckInRecord, therapist.id).where(
        CheckInRecord.owner_id == partner.id, CheckInRecord.couple_id == link.couple_id,
        CheckInRecord.status == "complete").order_by(CheckInRecord.taken_at, CheckInRecord.id)))
    stories = list(db.scalars(select_readable(AttachmentReflection, therapist.id).where(
        AttachmentReflection.owner_id == partner.id, AttachmentReflection.couple_id == link.couple_id,
        AttachmentReflection.status == "finished")))
    return Visible(therapist, link.status, moments, check_ins, stories)


def therapist_reads(db: Session, partner: Person) -> list[TherapistRead]:
    """Every read by a therapist of this couple's links of the partner's own records, and of
    the couple's dashboard and export, newest first. Past links' reads stay listed."""
    membership = active_membership(db, partner.id)
    if membership is None:
        return []
    therapists = {link.therapist_id for link in links_for(db, partner) if link.therapist_id}
    if not therapists:
        return []
    own_ids = select(Moment.id).where(Moment.owner_id == partner.id).union(
        select(CheckInRecord.id).where(CheckInRecord.owner_id == partner.id),
        select(AttachmentReflection.id).where(AttachmentReflection.owner_id == partner.id))
    rows = db.scalars(select(AuditEvent).where(
        AuditEvent.actor_id.in_(therapists), AuditEvent.action.in_(READ_ACTIONS),
        or_(AuditEvent.record_id.in_(own_ids),
            AuditEvent.record_type.in_(COUPLE_EVENTS) & (AuditEvent.record_id == membership.couple_id)),
    ).order_by(AuditEvent.at.desc(), AuditEvent.id).limit(SHOWN_READS))
    return [TherapistRead(r.at, r.action, r.record_type, r.record_id, r.actor_id) for r in rows]
