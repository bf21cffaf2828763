"""Every table, imported in one place so Alembic and tests see the whole schema."""

from between.db.base import Base
from between.moments.models import Moment, MomentRevision
from between.people.models import AuthToken, Couple, Invite, Membership, Person
from between.privacy.audit import AuditEvent

__all__ = [
    "AuditEvent",
    "AuthToken",
    "Base",
    "Couple",
    "Invite",
    "Membership",
    "Moment",
    "MomentRevision",
    "Person",
]
