"""Which pairing a record is shared within: the couple its owner is in when they share it.

A record keeps that couple for good, so it never follows its owner into a later couple; only
sharing it again from private (a new choice) places it in the owner's couple of the day.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from between.people.couples import active_membership
from between.people.models import Person
from between.privacy.visibility import Visibility


def place_in_couple(db: Session, record, owner: Person, *, was_private: bool) -> None:
    """Set `record.couple_id` (an OwnedRecord's) when it is new or shared anew from private."""
    shared_anew = was_private and record.visibility != Visibility.PRIVATE.value
    if record.couple_id is None or shared_anew:
        membership = active_membership(db, owner.id)
        record.couple_id = membership.couple_id if membership else None
