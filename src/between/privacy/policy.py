"""The one access policy: may this viewer read this record?

Every read of a user-written record goes through `readable_by`, which filters the query
itself, so nothing is fetched and then hidden. A record someone may not read answers 404.
Sharing holds only while owner and viewer are both active members of the record's couple.
A couple is one pairing that ends when a partner leaves and never takes a new one
(people/couples.py), so what was shared in it is never read by a later partner. Each audience
(partner, therapist) is one condition below; a new one is one more term in `_audiences`.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from between.errors import not_found
from between.people.models import Membership, Role
from between.privacy.visibility import Visibility

R = TypeVar("R")

PARTNER_VISIBLE = [Visibility.PARTNER.value, Visibility.COUPLE.value]
THERAPIST_VISIBLE = [Visibility.THERAPIST.value, Visibility.COUPLE.value]


def _active_member(couple_col, person_col, role: Role | None = None) -> ColumnElement[bool]:
    m = aliased(Membership)
    conditions = [m.couple_id == couple_col, m.person_id == person_col, m.left_at.is_(None)]
    if role is not None:
        conditions.append(m.role == role.value)
    return exists().where(*conditions)


def readable_by(model, viewer_id: str) -> ColumnElement[bool]:
    """A SQL condition: rows of `model` (an OwnedRecord) that `viewer_id` may read."""
    shared_in_couple = and_(
        model.couple_id.is_not(None),
        model.owner_id != viewer_id,
        _active_member(model.couple_id, model.owner_id, Role.PARTNER),
    )
    return or_(model.owner_id == viewer_id, and_(shared_in_couple, or_(*_audiences(model, viewer_id))))


def _audiences(model, viewer_id: str) -> list[ColumnElement[bool]]:
    """Who, besides the owner, may read a record shared in a current couple: one term each."""
    as_partner = and_(
        model.visibility.in_(PARTNER_VISIBLE),
        _active_member(model.couple_id, viewer_id, Role.PARTNER),
    )
    as_therapist = and_(
        model.visibility.in_(THERAPIST_VISIBLE),
        _active_member(model.couple_id, viewer_id, Role.THERAPIST),
    )
    return [as_partner, as_therapist]


def select_readable(model: type[R], viewer_id: str) -> Select[tuple[R]]:
    return select(model).where(readable_by(model, viewer_id))


def get_readable(db: Session, model: type[R], record_id: str, viewer_id: str) -> R:
    """The record, or 404 whether it is missing or hidden (never reveal that it exists)."""
    record = db.scalar(select_readable(model, viewer_id).where(model.id == record_id))
    if record is None:
        raise not_found()
    return record


def get_owned(db: Session, model: type[R], record_id: str, owner_id: str) -> R:
    """The caller's own record for changing it; anything else is 404."""
    record = db.scalar(select(model).where(model.id == record_id, model.owner_id == owner_id))
    if record is None:
        raise not_found()
    return record
