"""Coach tables: a person's slow-down progress, and the couple's softening conversations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, new_id, utcnow
from between.privacy.records import OwnedRecord


class SlowDown(OwnedRecord, Base):
    """One pass through the slow-down flow: private to its owner, kept if left halfway."""

    __tablename__ = "slowdowns"

    step: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    break_until: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    moment_id: Mapped[str | None] = mapped_column(
        ForeignKey("moments.id", ondelete="SET NULL"), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    """A softening conversation in the couple space; only the couple's two partners see it."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    # Erasing one partner must not take the other's turns and draft with it: the conversation
    # stays, with the erased person's place empty.
    speaker_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    listener_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(default=1)
    closed_by: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Turn(OwnedRecord, Base):
    """One partner's turn in a conversation (the owner is its author), with its analysis."""

    __tablename__ = "conversation_turns"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    confirmed: Mapped[bool | None] = mapped_column(default=None)
    analysis: Mapped[dict | None] = mapped_column(JSON)


class Draft(OwnedRecord, Base):
    """What a partner has typed but not sent: private, kept across pause and resume."""

    __tablename__ = "conversation_drafts"
    __table_args__ = (UniqueConstraint("conversation_id", "owner_id"),)

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
