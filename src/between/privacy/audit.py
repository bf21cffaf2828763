"""Append-only audit log: who read or changed what, and when. Never content.

Rows are never updated or deleted (database triggers refuse it). The actor is kept as a
plain id without a foreign key so erasing a person leaves the trail intact but contentless.

Events are written when their transaction commits, in that same transaction: a read's audit
row would otherwise open a write transaction in the middle of the request and hold SQLite's
single write lock for the rest of it (rendering, charts, the analysis), stalling every other
writer. A rolled-back transaction leaves no event, as before.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from between.db.base import Base, new_id, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(String(32))


def audit(db: Session, actor_id: str | None, action: str, record_type: str,
          record_id: str | None = None) -> None:
    db.info.setdefault(_PENDING, []).append(AuditEvent(
        actor_id=actor_id, action=action, record_type=record_type, record_id=record_id, at=utcnow()))


def audit_therapist_reads(db: Session, viewer, record_type: str, records) -> None:
    """A therapist's listing is a read of each record in it (partners see every one of them in
    their settings); a partner's own listings are not logged record by record."""
    if getattr(viewer, "role", None) != "therapist":
        return
    for record in records:
        if record.owner_id != viewer.id:
            audit(db, viewer.id, "read", record_type, record.id)


_PENDING = "between.audit.pending"


@event.listens_for(Session, "before_commit")
def _write_pending(db: Session) -> None:
    db.add_all(db.info.pop(_PENDING, ()))


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(db: Session, transaction) -> None:
    if not transaction.nested:  # a savepoint's rollback leaves the outer transaction's events
        db.info.pop(_PENDING, None)
