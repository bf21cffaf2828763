"""Stored check-ins and each couple's check-in schedule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, new_id, utcnow
from between.privacy.records import OwnedRecord


class CheckInRecord(OwnedRecord, Base):
    """One person's answers to one questionnaire: a draft until every required item is answered."""

    __tablename__ = "check_ins"

    instrument: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))  # "draft" or "complete"
    answers: Mapped[dict] = mapped_column(JSON)  # item number (text) -> raw answer
    scores: Mapped[dict] = mapped_column(JSON)  # subscale id -> score, None where unscored
    taken_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CheckInSchedule(Base):
    """Which questionnaires a couple takes how often; a couple without a row has the defaults."""

    __tablename__ = "check_in_schedules"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"),
                                           unique=True)
    rules: Mapped[list] = mapped_column(JSON)  # [{"instrument", "every", "unit"}, ...]
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
