"""A moment: one difficult interaction, recorded by one partner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, new_id, utcnow
from between.privacy.records import OwnedRecord


class Moment(OwnedRecord, Base):
    __tablename__ = "moments"

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    happened: Mapped[str] = mapped_column(Text)
    surface_reaction: Mapped[str | None] = mapped_column(Text)
    protective_move: Mapped[str | None] = mapped_column(Text)
    meaning: Mapped[str | None] = mapped_column(Text)
    deeper_feeling: Mapped[str | None] = mapped_column(Text)
    need: Mapped[str | None] = mapped_column(Text)
    intensity: Mapped[int | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(16))
    repair_minutes: Mapped[int | None] = mapped_column()
    # Share only the structured fields: the free-text account stays the owner's.
    keep_text_private: Mapped[bool] = mapped_column(default=False)
    analysis: Mapped[dict | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MomentRevision(Base):
    """The moment as it was before an edit: editing keeps a history."""

    __tablename__ = "moment_revisions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    moment_id: Mapped[str] = mapped_column(ForeignKey("moments.id", ondelete="CASCADE"), index=True)
    revised_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict] = mapped_column(JSON)


class MomentDraft(Base):
    """What a person has typed into the moment form and not yet saved: one per person."""

    __tablename__ = "moment_drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    fields: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
