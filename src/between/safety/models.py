"""Safety storage: each person's safety states, check-in results, plan and preferences.

None of these is an OwnedRecord: they have no visibility column and cannot be shared with a
partner or a therapist, by design. Every query filters on the person asking; rows go with the
person (ON DELETE CASCADE) when they erase their account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from between.db.base import Base, new_id, utcnow


def _person_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class SafetyStateRecord(Base):
    """A stored `between.safety.gate.SafetyState`; active while `cleared_at` is empty."""

    __tablename__ = "safety_states"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    person_id: Mapped[str] = _person_fk()
    # The couple at the time it opened, for the therapist alert; pausing follows membership.
    couple_id: Mapped[str | None] = mapped_column(
        ForeignKey("couples.id", ondelete="SET NULL"), index=True)
    kinds: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16))  # check_in | text
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(default=None)
    therapist_alert_consented: Mapped[bool] = mapped_column(default=False)
    # Risk was just found in the person's own text: their next page shows a gentle notice.
    notice_pending: Mapped[bool] = mapped_column(default=False)


class CheckInRecord(Base):
    """One completed private safety check-in: the answers and what they pointed to."""

    __tablename__ = "safety_check_ins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    person_id: Mapped[str] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    answers: Mapped[dict] = mapped_column(JSON)
    kinds: Mapped[list] = mapped_column(JSON, default=list)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(8))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    declined: Mapped[list] = mapped_column(JSON, default=list)


class SafetyPlanRecord(Base):
    """A person's own safety plan: their notes per step of safety_plan.yaml."""

    __tablename__ = "safety_plans"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    entries: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SafetyPreference(Base):
    """Per-person safety settings. A missing row means the defaults."""

    __tablename__ = "safety_preferences"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    hide_app_name: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(35), default=None)
    # Standing consent: copied onto each new safety state, and onto the active one when changed.
    therapist_alert_consent: Mapped[bool] = mapped_column(default=False)
    # A text of theirs may have been about risk, below the gate: their next page offers support.
    support_offer_pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Quick exit also ends the session on this browser (on by default).
    quick_exit_logout: Mapped[bool] = mapped_column(default=True, server_default=true())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

