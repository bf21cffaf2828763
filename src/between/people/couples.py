"""The couple space: create, invite, join, leave.

A couple is one pairing of two partners. When either leaves (or is erased) the couple ends for
both: nobody joins it again, so what was shared in it is never read by a later partner. The
one who stays starts or joins a new couple; every record stays with its writer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.errors import BetweenError, FieldProblem, conflict, not_found
from between.people.accounts import ensure_partner
from between.people.models import Couple, Invite, Membership, Person, Role
from between.people.secrets import digest, new_invite_code, normalise_invite_code
from between.privacy.audit import audit

MAX_PARTNERS = 2


def active_membership(db: Session, person_id: str, role: Role = Role.PARTNER) -> Membership | None:
    return db.scalar(select(Membership).where(Membership.person_id == person_id,
                                              Membership.role == role.value,
                                              Membership.left_at.is_(None)))


def current_couple(db: Session, person: Person) -> Couple | None:
    membership = active_membership(db, person.id)
    return db.get(Couple, membership.couple_id) if membership else None


def require_current_couple(db: Session, person: Person) -> Couple:
    couple = current_couple(db, person)
    if couple is None:
        raise not_found("You are not in a couple yet. Create one or join with an invite code.")
    return couple


def partners(db: Session, couple_id: str) -> list[Person]:
    return list(db.scalars(
        select(Person).join(Membership, Membership.person_id == Person.id)
        .where(Membership.couple_id == couple_id, Membership.role == Role.PARTNER.value,
               Membership.left_at.is_(None))
        .order_by(Membership.joined_at)))


def left_by_partner(db: Session, person: Person) -> bool:
    """Whether the person's last couple was ended by their partner leaving (so they are told
    why they are on their own again)."""
    last = db.scalar(select(Couple).join(Membership, Membership.couple_id == Couple.id)
                     .where(Membership.person_id == person.id,
                            Membership.role == Role.PARTNER.value)
                     .order_by(Membership.joined_at.desc()).limit(1))
    return last is not None and last.ended_at is not None and last.ended_by != person.id


def create_couple(db: Session, person: Person, *, invite_hours: int) -> tuple[Couple, str]:
    """A new couple space with `person` in it, and the code their partner joins with."""
    ensure_partner(person)
    if active_membership(db, person.id):
        raise conflict("You are already in a couple. Leave it before starting another.",
                       "already-in-couple")
    couple = Couple(created_by=person.id)
    db.add(couple)
    db.flush()
    db.add(Membership(couple_id=couple.id, person_id=person.id, role=Role.PARTNER.value))
    code = new_invite(db, couple, person, invite_hours=invite_hours)
    audit(db, person.id, "create", "couple", couple.id)
    return couple, code


def new_invite(db: Session, couple: Couple, person: Person, *, invite_hours: int) -> str:
    if len(partners(db, couple.id)) >= MAX_PARTNERS:
        raise conflict("This couple already has two partners.", "couple-full")
    code = new_invite_code()
    db.add(Invite(couple_id=couple.id, code_hash=digest(code), created_by=person.id,
                  expires_at=datetime.now(UTC) + timedelta(hours=invite_hours)))
    return code


def invite_still_open(db: Session, couple: Couple, code: str) -> bool:
    """Whether `code` is this couple's invite, unused and unexpired (so it may be shown again)."""
    invite = db.scalar(select(Invite).where(Invite.code_hash == digest(normalise_invite_code(code)),
                                            Invite.couple_id == couple.id))
    return invite is not None and invite.used_at is None and invite.expires_at > datetime.now(UTC)


def join_couple(db: Session, person: Person, code: str) -> Couple:
    ensure_partner(person)
    invite = db.scalar(select(Invite).where(Invite.code_hash == digest(normalise_invite_code(code))))
    if invite is None:
        raise _invite_problem("That invite code is not valid. Check it with your partner.")
    if invite.used_at is not None:
        raise _invite_problem("That invite code has already been used. Ask for a new one.",
                              status=409, slug="invite-used")
    if invite.expires_at < datetime.now(UTC):
        raise _invite_problem("That invite code has expired. Ask for a new one.",
                              status=410, slug="invite-expired")
    if db.get(Couple, invite.couple_id).ended_at is not None:
        raise _invite_problem("That invite was for a couple space that has ended. Ask for a new "
                              "code from a new couple space.", status=410, slug="couple-ended")
    members = partners(db, invite.couple_id)
    if any(member.id == person.id for member in members):
        raise conflict("This is your own couple: share the code with your partner instead.",
                       "own-couple")
    if active_membership(db, person.id):
        raise conflict("You are already in a couple. Leave it before joining another.",
                       "already-in-couple")
    if len(members) >= MAX_PARTNERS:
        raise conflict("This couple already has two partners.", "couple-full")
    invite.used_at, invite.used_by = datetime.now(UTC), person.id
    db.add(Membership(couple_id=invite.couple_id, person_id=person.id, role=Role.PARTNER.value))
    audit(db, person.id, "join", "couple", invite.couple_id)
    return db.get(Couple, invite.couple_id)


def leave_couple(db: Session, person: Person) -> None:
    """Leave the couple, which ends it for both; everything each wrote stays theirs and stops
    being shared."""
    membership = active_membership(db, person.id)
    if membership is None:
        raise not_found("You are not in a couple.")
    end_couple(db, membership.couple_id, by=person)
    audit(db, person.id, "leave", "couple", membership.couple_id)


def end_couple(db: Session, couple_id: str, *, by: Person) -> None:
    """Close the pairing (`by` the partner who left it): every membership, partners' and a
    therapist's, ends, and no invite to it is accepted any more."""
    now = datetime.now(UTC)
    for membership in db.scalars(select(Membership).where(Membership.couple_id == couple_id,
                                                          Membership.left_at.is_(None))):
        membership.left_at = now
    couple = db.get(Couple, couple_id)
    couple.ended_at, couple.ended_by = now, by.id
    from between.therapist.links import end_links_of_couple  # the therapist domain builds on this one

    end_links_of_couple(db, couple_id, by=by)
    db.flush()


def _invite_problem(detail: str, *, status: int = 422, slug: str = "invite-invalid") -> BetweenError:
    return BetweenError(detail, [FieldProblem("invite_code", detail)], status,
                        "Invite code not accepted", slug)
