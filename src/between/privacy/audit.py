"""Append-only audit log: who read or changed what, and when. Never content.

Rows are never updated or deleted (database triggers refuse it). The actor is kept as a
plain id without a foreign key so erasing a person leaves the trail intact but contentless.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
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
    db.add(AuditEvent(actor_id=actor_id, action=action, record_type=record_type,
                      record_id=record_id))
