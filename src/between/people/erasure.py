"""Erase a person: everything they wrote goes; their partner's data is untouched.

Their couple ends as if they had left it, so the partner who stays keeps their own records
and nothing they shared can reach a later partner.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from between.people.couples import active_membership, end_couple
from between.people.models import Couple, Membership, Person
from between.privacy.audit import audit
from between.privacy.records import OWNED_MODELS


def erase_person(db: Session, person: Person) -> None:
    membership = active_membership(db, person.id)
    if membership is not None:
        end_couple(db, membership.couple_id)
    couple_ids = list(db.scalars(select(Membership.couple_id).where(
        Membership.person_id == person.id)))
    for model in OWNED_MODELS:
        db.execute(delete(model).where(model.owner_id == person.id))
    db.execute(delete(Membership).where(Membership.person_id == person.id))
    audit(db, person.id, "erase", "person", person.id)
    db.delete(person)
    db.flush()
    for couple_id in couple_ids:
        if not db.scalar(select(Membership.id).where(Membership.couple_id == couple_id).limit(1)):
            db.execute(delete(Couple).where(Couple.id == couple_id))
