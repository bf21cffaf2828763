"""The consent life-cycle of a therapist link: invite, join, accept (both), revoke.

A partner invites with a code and a therapist account joins with it, or a therapist invites
with a code and one partner uses it for their couple (the link is then "pending"); each
partner accepts that therapist, and only when both have does the link become "active" and the
therapist gain a therapist membership in the couple, which is all the access
policy reads. Either partner (or the therapist) revokes it at any time: the membership ends at
once, the link keeps its history and the audit log keeps every read that happened before.
A couple ending (a partner leaves or is erased) revokes its links too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.errors import BetweenError, FieldProblem, conflict, not_found
from between.people.accounts import ensure_partner
from between.people.couples import MAX_PARTNERS, active_membership, partners
from between.people.models import Couple, Membership, Person, Role
from between.people.secrets import digest, new_invite_code, normalise_invite_code
from between.privacy.audit import audit
from between.therapist.models import LinkAcceptance, LinkStatus, TherapistLink

OPEN = (LinkStatus.INVITED.value, LinkStatus.PENDING.value, LinkStatus.ACTIVE.value)


@dataclass(frozen=True)
class LinkView:
    id: str
    couple_id: str
    status: str
    therapist: Person | None
    accepted_by: tuple[str, ...]  # partner ids
    partners: tuple[Person, ...]
    created_at: datetime
    joined_at: datetime | None
    activated_at: datetime | None
    revoked_at: datetime | None


def _partner_couple_id(db: Session, person: Person) -> str:
    ensure_partner(person)
    membership = active_membership(db, person.id)
    if membership is None:
        raise not_found("You are not in a couple yet. Create one or join with an invite code.")
    return membership.couple_id


def invite(db: Session, partner: Person, *, invite_hours: int) -> tuple[TherapistLink, str]:
    """A new link for the partner's couple and the code a therapist joins with. A link not yet
    active is replaced (its code stops working); an active one must be revoked first.
    A therapist's invite is their own code, which one partner of a couple then uses."""
    if partner.role == Role.THERAPIST.value:
        return _therapist_invite(db, partner, invite_hours=invite_hours)
    couple_id = _partner_couple_id(db, partner)
    _make_room(db, couple_id, partner)
    code = new_invite_code()
    link = TherapistLink(couple_id=couple_id, code_hash=digest(code), created_by=partner.id,
                         expires_at=datetime.now(UTC) + timedelta(hours=invite_hours))
    db.add(link)
    db.flush()
    audit(db, partner.id, "create", "therapist_link", link.id)
    return link, code


def _therapist_invite(db: Session, therapist: Person, *, invite_hours: int
                      ) -> tuple[TherapistLink, str]:
    code = new_invite_code()
    link = TherapistLink(couple_id=None, therapist_id=therapist.id, code_hash=digest(code),
                         created_by=therapist.id,
                         expires_at=datetime.now(UTC) + timedelta(hours=invite_hours))
    db.add(link)
    db.flush()
    audit(db, therapist.id, "create", "therapist_link", link.id)
    return link, code


def _make_room(db: Session, couple_id: str, partner: Person) -> None:
    """A couple has one link at a time: one not yet active gives way; an active one does not."""
    for link in _open_links(db, couple_id):
        if link.status == LinkStatus.ACTIVE.value:
            raise conflict("Your couple already has a therapist. End that link before inviting "
                           "another.", "therapist-linked")
        _close(db, link, by=partner)


def join(db: Session, person: Person, code: str) -> TherapistLink:
    """A therapist takes up a couple's code, or a partner takes up a therapist's code for their
    couple; either way the link then waits for both partners to accept."""
    link = db.scalar(select(TherapistLink).where(
        TherapistLink.code_hash == digest(normalise_invite_code(code or ""))))
    if person.role != Role.THERAPIST.value:
        return _partner_joins(db, person, link)
    therapist = person
    if link is None or link.status == LinkStatus.REVOKED.value or link.couple_id is None:
        raise _code_problem("That code is not valid. Check it with the couple.")
    if link.status != LinkStatus.INVITED.value:
        raise _code_problem("That code has already been used. Ask the couple for a new one.",
                            status=409, slug="invite-used")
    if link.expires_at < datetime.now(UTC):
        raise _code_problem("That code has expired. Ask the couple for a new one.",
                            status=410, slug="invite-expired")
    if db.get(Couple, link.couple_id).ended_at is not None:
        raise _code_problem("That couple space has ended.", status=410, slug="couple-ended")
    link.therapist_id, link.joined_at = therapist.id, datetime.now(UTC)
    link.status = LinkStatus.PENDING.value
    audit(db, therapist.id, "join", "therapist_link", link.id)
    return link


def _partner_joins(db: Session, partner: Person, link: TherapistLink | None) -> TherapistLink:
    couple_id = _partner_couple_id(db, partner)
    if link is None or link.couple_id is not None or link.status != LinkStatus.INVITED.value:
        raise _code_problem("That code is not a therapist's invitation. Check it with your "
                            "therapist.")
    if link.expires_at < datetime.now(UTC):
        raise _code_problem("That code has expired. Ask your therapist for a new one.",
                            status=410, slug="invite-expired")
    _make_room(db, couple_id, partner)
    link.couple_id, link.joined_at = couple_id, datetime.now(UTC)
    link.status = LinkStatus.PENDING.value
    audit(db, partner.id, "join", "therapist_link", link.id)
    return link


def accept(db: Session, partner: Person, link_id: str) -> TherapistLink:
    """This partner's yes; the link becomes active once every partner of the couple (two) has
    said yes to the therapist who joined."""
    link = _partners_link(db, partner, link_id)
    if link.status == LinkStatus.ACTIVE.value:
        return link
    if link.status == LinkStatus.REVOKED.value:
        raise conflict("This link has ended. Invite the therapist again.", "link-revoked")
    if link.status == LinkStatus.INVITED.value:
        raise conflict("No therapist has joined with this code yet: you accept a therapist "
                       "once you can see who joined.", "therapist-not-joined")
    if not db.scalar(select(LinkAcceptance.id).where(LinkAcceptance.link_id == link.id,
                                                     LinkAcceptance.person_id == partner.id)):
        db.add(LinkAcceptance(link_id=link.id, person_id=partner.id))
        db.flush()
    audit(db, partner.id, "accept", "therapist_link", link.id)
    members = {p.id for p in partners(db, link.couple_id)}
    if len(members) == MAX_PARTNERS and members <= set(_accepted(db, link.id)):
        link.status, link.activated_at = LinkStatus.ACTIVE.value, datetime.now(UTC)
        db.add(Membership(couple_id=link.couple_id, person_id=link.therapist_id,
                          role=Role.THERAPIST.value))
        audit(db, partner.id, "activate", "therapist_link", link.id)
    return link


def revoke(db: Session, person: Person, link_id: str) -> TherapistLink:
    """Either partner (or the therapist) ends the link: access ends at once."""
    link = db.get(TherapistLink, link_id)
    if link is None or not _may_manage(db, person, link):
        raise not_found()
    if link.status != LinkStatus.REVOKED.value:
        _close(db, link, by=person)
        audit(db, person.id, "revoke", "therapist_link", link.id)
    return link


def end_links_of_couple(db: Session, couple_id: str, *, by: Person) -> None:
    """The couple ended: so does every link of it (people/couples.end_couple calls this)."""
    for link in _open_links(db, couple_id):
        _close(db, link, by=by)


def _close(db: Session, link: TherapistLink, *, by: Person) -> None:
    now = datetime.now(UTC)
    link.status, link.revoked_at, link.revoked_by = LinkStatus.REVOKED.value, now, by.id
    if link.therapist_id is not None:
        for membership in db.scalars(select(Membership).where(
                Membership.couple_id == link.couple_id, Membership.person_id == link.therapist_id,
                Membership.role == Role.THERAPIST.value, Membership.left_at.is_(None))):
            membership.left_at = now
    db.flush()


def _may_manage(db: Session, person: Person, link: TherapistLink) -> bool:
    if person.role == Role.THERAPIST.value:
        return link.therapist_id == person.id
    membership = active_membership(db, person.id)
    return membership is not None and membership.couple_id == link.couple_id


def _partners_link(db: Session, partner: Person, link_id: str) -> TherapistLink:
    couple_id = _partner_couple_id(db, partner)
    link = db.get(TherapistLink, link_id)
    if link is None or link.couple_id != couple_id:
        raise not_found()
    return link


def _open_links(db: Session, couple_id: str) -> list[TherapistLink]:
    return list(db.scalars(select(TherapistLink).where(TherapistLink.couple_id == couple_id,
                                                       TherapistLink.status.in_(OPEN))))


def _accepted(db: Session, link_id: str) -> list[str]:
    return list(db.scalars(select(LinkAcceptance.person_id).where(LinkAcceptance.link_id == link_id)
                           .order_by(LinkAcceptance.accepted_at)))


# -- reading ---------------------------------------------------------------------------------


def view(db: Session, link: TherapistLink) -> LinkView:
    return LinkView(link.id, link.couple_id, link.status,
                    db.get(Person, link.therapist_id) if link.therapist_id else None,
                    tuple(_accepted(db, link.id)), tuple(partners(db, link.couple_id)),
                    link.created_at, link.joined_at, link.activated_at, link.revoked_at)


def links_for(db: Session, person: Person) -> list[TherapistLink]:
    """A partner: their current couple's links; a therapist: the links they joined. Newest first."""
    query = select(TherapistLink).order_by(TherapistLink.created_at.desc(), TherapistLink.id)
    if person.role == Role.THERAPIST.value:
        return list(db.scalars(query.where(TherapistLink.therapist_id == person.id)))
    membership = active_membership(db, person.id)
    if membership is None:
        return []
    return list(db.scalars(query.where(TherapistLink.couple_id == membership.couple_id)))


def current_link(db: Session, partner: Person) -> TherapistLink | None:
    """The partner's couple's link that is not revoked (at most one), if any."""
    membership = active_membership(db, partner.id)
    if membership is None:
        return None
    links = _open_links(db, membership.couple_id)
    return links[0] if links else None


def has_active_therapist(db: Session, partner: Person) -> bool:
    """Whether "our therapist" means someone today: sharing choices that name a therapist are
    offered only then."""
    link = current_link(db, partner)
    return link is not None and link.status == LinkStatus.ACTIVE.value


def active_link_for(db: Session, therapist: Person, couple_id: str) -> TherapistLink:
    """The therapist's active link to this couple, or 404 (pending, revoked or none alike)."""
    link = db.scalar(select(TherapistLink).where(
        TherapistLink.couple_id == couple_id, TherapistLink.therapist_id == therapist.id,
        TherapistLink.status == LinkStatus.ACTIVE.value))
    if link is None or therapist.role != Role.THERAPIST.value:
        raise not_found()
    return link


def active_links(db: Session, therapist: Person) -> list[TherapistLink]:
    if therapist.role != Role.THERAPIST.value:
        return []
    return list(db.scalars(select(TherapistLink).where(
        TherapistLink.therapist_id == therapist.id,
        TherapistLink.status == LinkStatus.ACTIVE.value).order_by(TherapistLink.activated_at)))


def _code_problem(detail: str, *, status: int = 422, slug: str = "invite-invalid") -> BetweenError:
    return BetweenError(detail, [FieldProblem("code", detail)], status, "Code not accepted", slug)
