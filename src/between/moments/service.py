"""Record, read, edit, share and delete moments. Reads go through the access policy."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from between.config import get_settings
from between.db.base import utcnow
from between.errors import BetweenError
from between.moments.models import Moment, MomentDraft, MomentRevision
from between.people.models import Person
from between.privacy.audit import audit, audit_therapist_reads
from between.privacy.policy import get_owned, get_readable, select_readable
from between.privacy.sharing import place_in_couple
from between.privacy.visibility import Visibility
from between.validation import When

if TYPE_CHECKING:
    from between.analysis.engine import MessageAnalysis
    from between.safety.writer import WriterCheck

logger = logging.getLogger(__name__)
TEXT_MAX = get_settings().max_text_chars
SHORT_MAX = 500

MODEL_PROBLEMS = {"model-unavailable", "model-file"}
SUGGEST_FROM_CHARS = 12  # fewer characters than this say too little to read
FREE_TEXT_FIELDS = ("happened", "meaning")
STRUCTURED_FIELDS = ("surface_reaction", "protective_move", "deeper_feeling", "need", "intensity",
                     "outcome", "repair_minutes", "occurred_at")
WRITTEN_FIELDS = ("happened", "surface_reaction", "protective_move", "meaning", "deeper_feeling", "need")
NEVER_EMPTY = ("happened", "occurred_at", "visibility", "keep_text_private")  # null means "unchanged"
DRAFT_FIELDS = FREE_TEXT_FIELDS + STRUCTURED_FIELDS + ("visibility", "keep_text_private")


class Outcome(StrEnum):
    REPAIRED = "repaired"
    UNRESOLVED = "unresolved"  # left hanging
    ONGOING = "ongoing"  # still going


class MomentChange(BaseModel):
    """Fields a person may set on a moment; every one optional so PATCH can send a few."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    happened: str | None = Field(None, min_length=1, max_length=TEXT_MAX,
                                 description="What happened, in the person's own words.")
    surface_reaction: str | None = Field(None, max_length=SHORT_MAX,
                                         description="What I felt on top, e.g. 'angry'.")
    protective_move: str | None = Field(None, max_length=SHORT_MAX,
                                        description="What I did, e.g. 'pursue' or 'went quiet'.")
    meaning: str | None = Field(None, max_length=TEXT_MAX,
                                description="What I told myself it meant.")
    deeper_feeling: str | None = Field(None, max_length=SHORT_MAX,
                                       description="What I felt underneath, e.g. 'fear'.")
    need: str | None = Field(None, max_length=SHORT_MAX, description="What I needed.")
    intensity: int | None = Field(None, ge=0, le=10, strict=True, description="How strong it was, 0-10.")
    outcome: Outcome | None = Field(None, description="How it ended.")
    repair_minutes: int | None = Field(None, ge=0, le=60 * 24 * 365, strict=True,
                                       description="If repaired, how long it took.")
    occurred_at: When | None = Field(None, description="When it happened (ISO 8601), from 1900 "
                                     "to a day ahead of now.")
    visibility: Visibility | None = Field(None, description="Who may see it; private by default.")
    keep_text_private: bool | None = Field(
        None, description="Share the structured fields but keep what happened and what it "
        "meant to you private.")


class NewMoment(MomentChange):
    happened: str = Field(..., min_length=1, max_length=TEXT_MAX,
                          description="What happened, in the person's own words.")


def record_moment(db: Session, owner: Person, data: NewMoment) -> Moment:
    return record_checked(db, owner, data)[0]


def record_checked(db: Session, owner: Person, data: NewMoment) -> tuple[Moment, WriterCheck]:
    """Record a moment and answer the writer's safety check of what they wrote. The moment is
    saved either way. The stored analysis is kept as always (the cycle reads it, so what a
    partner sees never depends on the check); the writer's answers (API, CLI) leave the
    suggestions out when the check flags: the crisis card comes instead."""
    values = data.model_dump(exclude_none=True)
    moment = Moment(owner_id=owner.id, **values)
    place_in_couple(db, moment, owner, was_private=True)
    reading = _read(moment.happened)
    moment.analysis = _suggestions(reading, moment.happened)
    db.add(moment)
    db.flush()
    check = _screen(db, owner, moment, reading)
    audit(db, owner.id, "create", "moment", moment.id)
    return moment, check


def list_moments(db: Session, viewer: Person) -> list[Moment]:
    query = select_readable(Moment, viewer.id).order_by(Moment.occurred_at.desc(), Moment.id)
    moments = list(db.scalars(query))
    audit_therapist_reads(db, viewer, "moment", moments)
    return moments


def read_moment(db: Session, viewer: Person, moment_id: str) -> Moment:
    moment = get_readable(db, Moment, moment_id, viewer.id)
    audit(db, viewer.id, "read", "moment", moment.id)
    return moment


def owned_moment(db: Session, owner: Person, moment_id: str) -> Moment:
    return get_owned(db, Moment, moment_id, owner.id)


def edit_moment(db: Session, owner: Person, moment_id: str, change: MomentChange) -> Moment:
    return edit_checked(db, owner, moment_id, change)[0]


def edit_checked(db: Session, owner: Person, moment_id: str,
                 change: MomentChange) -> tuple[Moment, WriterCheck]:
    """Edit a moment; the check is of the words as they now stand. Words changed: screened
    (stored as always); otherwise read again without storing anything."""
    moment = get_owned(db, Moment, moment_id, owner.id)
    values = change.model_dump(exclude_unset=True)
    for name in NEVER_EMPTY:
        if name in values and values[name] is None:
            values.pop(name)
    db.add(MomentRevision(moment_id=moment.id, snapshot=_snapshot(moment)))
    was_private = moment.visibility == Visibility.PRIVATE.value
    for name, value in values.items():
        setattr(moment, name, value)
    place_in_couple(db, moment, owner, was_private=was_private)
    reading = None
    if "happened" in values:
        reading = _read(moment.happened)
        moment.analysis = _suggestions(reading, moment.happened)
    if values.keys() & set(WRITTEN_FIELDS):
        check = _screen(db, owner, moment, reading)
    else:
        check = writer_check(db, owner, moment)
    moment.updated_at = utcnow()
    audit(db, owner.id, "update", "moment", moment.id)
    return moment, check


def writer_check(db: Session, owner: Person, moment: Moment) -> WriterCheck:
    """The safety check of a moment's words shown again to its writer (storing nothing: they
    were screened when written). Only for the owner: nobody else ever gets the writer's check."""
    from between.safety.writer import read_writing

    if moment.owner_id != owner.id:
        raise ValueError("a writer's safety check is for the writer alone")
    return read_writing(db, owner, _written(moment))


def delete_moment(db: Session, owner: Person, moment_id: str) -> None:
    moment = get_owned(db, Moment, moment_id, owner.id)
    db.delete(moment)
    audit(db, owner.id, "delete", "moment", moment_id)


def moment_view(moment: Moment, viewer: Person) -> dict[str, Any]:
    """What `viewer` sees of a moment they may read: the owner everything, others the shared part."""
    own = moment.owner_id == viewer.id
    hidden = set() if own or not moment.keep_text_private else set(FREE_TEXT_FIELDS)
    view = {
        "id": moment.id,
        "owner_id": moment.owner_id,
        "visibility": moment.visibility,
        "keep_text_private": moment.keep_text_private,
        "created_at": moment.created_at,
        "updated_at": moment.updated_at,
    }
    for name in FREE_TEXT_FIELDS + STRUCTURED_FIELDS:
        view[name] = None if name in hidden else getattr(moment, name)
    # Suggestions are the writer's own aid: nobody else sees them.
    view["suggestions"] = moment.analysis if own else None
    return view


def _written(moment: Moment) -> list[str | None]:
    return [getattr(moment, f) for f in WRITTEN_FIELDS]


def _screen(db: Session, owner: Person, moment: Moment,
            reading: MessageAnalysis | None = None) -> WriterCheck:
    # Every text a person writes passes the safety gate; what it finds stays with the writer.
    # When "what happened" is all that was written, the analysis behind the suggestions
    # (`reading`) screens it too: the encoder runs once per write.
    from between.safety.writer import check_writing

    written = "\n".join(v for v in _written(moment) if v)
    same_text = reading is not None and written == moment.happened
    return check_writing(db, owner, written, source="moment",
                         analysis=reading if same_text else None)


def _snapshot(moment: Moment) -> dict[str, Any]:
    snapshot = {name: getattr(moment, name) for name in FREE_TEXT_FIELDS + STRUCTURED_FIELDS}
    snapshot["visibility"] = moment.visibility
    snapshot["keep_text_private"] = moment.keep_text_private
    if snapshot["occurred_at"] is not None:
        snapshot["occurred_at"] = snapshot["occurred_at"].isoformat()
    return snapshot


def _read(text: str) -> MessageAnalysis:
    """The analysis the suggestions come from: both layers, the cue layer alone without the model."""
    from between.analysis import analyze_message

    try:
        return analyze_message(text)
    except BetweenError as error:
        if error.slug not in MODEL_PROBLEMS:
            raise
        # Never lose a moment because the model cannot load: the cue layer still reads it.
        logger.warning("suggestions from the cue layer only: %s", error.detail)
        return analyze_message(text, layers="cues")


def _suggestions(reading: MessageAnalysis, text: str) -> dict[str, Any]:
    from between.moments.suggest import suggestions

    return suggestions(reading, text)


def suggest_for(text: str) -> dict[str, Any] | None:
    """Live suggestions while typing; None until there is something to read."""
    text = (text or "").strip()
    if len(text) < SUGGEST_FROM_CHARS:
        return None
    return _suggestions(_read(text[:TEXT_MAX]), text[:TEXT_MAX])


def save_draft(db: Session, owner: Person, fields: dict[str, Any]) -> MomentDraft:
    kept = {k: str(v)[:TEXT_MAX] for k, v in fields.items() if k in DRAFT_FIELDS and v}
    draft = db.scalar(select(MomentDraft).where(MomentDraft.owner_id == owner.id))
    if draft is None:
        draft = MomentDraft(owner_id=owner.id, fields=kept)
        db.add(draft)
    else:
        draft.fields, draft.updated_at = kept, utcnow()
    return draft


def load_draft(db: Session, owner: Person) -> dict[str, Any]:
    draft = db.scalar(select(MomentDraft).where(MomentDraft.owner_id == owner.id))
    return dict(draft.fields) if draft else {}


def clear_draft(db: Session, owner: Person) -> None:
    db.execute(delete(MomentDraft).where(MomentDraft.owner_id == owner.id))
