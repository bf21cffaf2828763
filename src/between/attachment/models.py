"""A reflection on one person's attachment story: their answers to the guided steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, utcnow
from between.privacy.records import OwnedRecord


class AttachmentReflection(OwnedRecord, Base):
    """One person's reflection: a draft (theirs alone, whatever its visibility) until finished."""

    __tablename__ = "attachment_reflections"

    status: Mapped[str] = mapped_column(String(16), default="draft")  # "draft" or "finished"
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # step id -> the person's words
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
