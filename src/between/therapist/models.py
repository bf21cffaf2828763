"""The therapist domain's tables.

A `TherapistLink` is one couple's consent to one therapist. It is active only once both
partners have accepted (one `LinkAcceptance` each); while it is active the therapist holds a
therapist `Membership` in the couple, which is what the access policy reads
(privacy/policy.py). Revoking ends that membership at once; the link row and the audit log
keep the history.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, new_id, utcnow


class LinkStatus(StrEnum):
    INVITED = "invited"  # a code is out (a partner's, or a therapist's own); nobody used it yet
    PENDING = "pending"  # a therapist joined; waiting for both partners to accept
    ACTIVE = "active"  # both accepted: the therapist sees what was shared with them
    REVOKED = "revoked"  # a partner (or the therapist) ended it, or the couple ended


class TherapistLink(Base):
    __tablename__ = "therapist_links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # None while a therapist's own invitation waits for a partner to use its code.
    couple_id: Mapped[str | None] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"),
                                                  index=True)
    therapist_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()  # of the code
    status: Mapped[str] = mapped_column(String(16), default=LinkStatus.INVITED.value)
    joined_at: Mapped[datetime | None] = mapped_column(default=None)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                   default=None)


class LinkAcceptance(Base):
    """One partner's yes to one link's therapist."""

    __tablename__ = "therapist_link_acceptances"
    __table_args__ = (UniqueConstraint("link_id", "person_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    link_id: Mapped[str] = mapped_column(ForeignKey("therapist_links.id", ondelete="CASCADE"),
                                         index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionKind(StrEnum):
    JOINT = "joint"
    INDIVIDUAL = "individual"


class TherapySession(Base):
    """One session of the arc: joint (both partners) or individual (one partner). What the
    therapist writes as its summary is for the people in it: an individual session's stays
    between that partner and the therapist unless the partner shares it with their partner."""

    __tablename__ = "therapy_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The partner of an individual session; erasing them erases the session with its words.
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                                   index=True, default=None)
    scheduled_for: Mapped[datetime] = mapped_column()
    held_at: Mapped[datetime | None] = mapped_column(default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    shared_with_partner: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StageMark(Base):
    """The therapist marks an EFT step reached, with a note and the evidence they chose from
    what the app offered. The therapist's own record."""

    __tablename__ = "therapy_stage_marks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionNote(Base):
    """Private to the therapist who writes it: nobody else reads it, ever."""

    __tablename__ = "therapy_notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    couple_id: Mapped[str] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="SET NULL"), default=None)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
