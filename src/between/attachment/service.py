"""Write, read, share, edit and delete reflections on one's attachment story.

A reflection belongs to the person who writes it and is private until they share it. Reads go
through the access policy; on top of it, a draft is its owner's alone whatever its visibility
says (a half-written story is never shown to anyone else). Every text passes the safety gate;
what it finds stays with the writer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import or_
from sqlalchemy.orm import Session

from between.attachment.guide import step_ids
from between.attachment.models import AttachmentReflection
from between.config import get_settings
from between.db.base import utcnow
from between.errors import FieldProblem, bad_input, not_found
from between.people.models import Person
from between.privacy.audit import audit, audit_therapist_reads
from between.privacy.policy import get_owned, select_readable
from between.privacy.sharing import place_in_couple
from between.privacy.visibility import Visibility

TEXT_MAX = get_settings().max_text_chars
DRAFT, FINISHED = "draft", "finished"
RECORD_TYPE = "attachment_reflection"


class ReflectionChange(BaseModel):
    """What a person may set on a reflection; every field optional so a PATCH sends a few."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    answers: dict[str, str | None] | None = Field(
        None, description="The person's words by step id (GET /api/v1/attachment/guide lists "
        "the steps); a step left out is unchanged, null or empty text clears it.")
    visibility: Visibility | None = Field(
        None, description="Who may read it once finished: private (the default), partner, "
        "therapist, or couple (partner and therapist).")
    finished: bool | None = Field(
        None, description="true: the reflection is finished (and then readable by whom its "
        "visibility names); false: back to a draft, which only its writer sees.")

    @field_validator("answers")
    @classmethod
    def _known_steps(cls, answers: dict[str, str | None] | None) -> dict[str, str | None] | None:
        if answers is None:
            return None
        unknown = sorted(set(answers) - set(step_ids()))
        if unknown:
            raise ValueError(f"has no step {', '.join(map(repr, unknown))}; the steps are "
                             f"{', '.join(step_ids())}")
        too_long = [k for k, v in answers.items() if v is not None and len(v) > TEXT_MAX]
        if too_long:
            raise ValueError(f"the answer to {too_long[0]!r} is too long: at most "
                             f"{TEXT_MAX:,} characters")
        return {k: (v.strip() if isinstance(v, str) else None) for k, v in answers.items()}


class StepText(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(..., max_length=TEXT_MAX,
                      description="The person's words for this step; empty text clears it.")


# -- writing ----------------------------------------------------------------------------------


def start_reflection(db: Session, owner: Person, data: ReflectionChange | None = None) -> AttachmentReflection:
    reflection = AttachmentReflection(owner_id=owner.id, answers={}, status=DRAFT,
                                      visibility=Visibility.PRIVATE.value)
    place_in_couple(db, reflection, owner, was_private=True)
    db.add(reflection)
    db.flush()
    audit(db, owner.id, "create", RECORD_TYPE, reflection.id)
    if data is not None:
        _apply(db, owner, reflection, data)
    return reflection


def edit_reflection(db: Session, owner: Person, reflection_id: str,
                    change: ReflectionChange) -> AttachmentReflection:
    reflection = get_owned(db, AttachmentReflection, reflection_id, owner.id)
    _apply(db, owner, reflection, change)
    audit(db, owner.id, "update", RECORD_TYPE, reflection.id)
    return reflection


def save_step(db: Session, owner: Person, reflection_id: str, step_id: str, text: str, *,
              screen: bool = True) -> AttachmentReflection:
    """Keep one step's words (the autosave of a draft). `screen=False` only for the keystroke
    autosave of a page; every explicit save screens the text."""
    if step_id not in step_ids():
        raise not_found("There is no such step in the reflection.")
    reflection = get_owned(db, AttachmentReflection, reflection_id, owner.id)
    answers = dict(reflection.answers or {})
    text = (text or "").strip()[:TEXT_MAX]
    if text:
        answers[step_id] = text
    else:
        answers.pop(step_id, None)
    reflection.answers = answers
    reflection.updated_at = utcnow()
    if screen and text:
        _screen(db, owner, text)
    audit(db, owner.id, "draft", RECORD_TYPE, reflection.id)
    return reflection


def share_reflection(db: Session, owner: Person, reflection_id: str,
                     visibility: Visibility) -> AttachmentReflection:
    return edit_reflection(db, owner, reflection_id, ReflectionChange(visibility=visibility))


def delete_reflection(db: Session, owner: Person, reflection_id: str) -> None:
    reflection = get_owned(db, AttachmentReflection, reflection_id, owner.id)
    db.delete(reflection)
    audit(db, owner.id, "delete", RECORD_TYPE, reflection_id)


def _apply(db: Session, owner: Person, reflection: AttachmentReflection,
           change: ReflectionChange) -> None:
    values = change.model_dump(exclude_unset=True)
    changed_text = []
    if values.get("answers") is not None:
        answers = dict(reflection.answers or {})
        for step_id, text in values["answers"].items():
            if text:
                if answers.get(step_id) != text:
                    changed_text.append(text)
                answers[step_id] = text
            else:
                answers.pop(step_id, None)
        reflection.answers = answers
    if values.get("finished") is not None:
        if values["finished"] and not reflection.answers:
            raise bad_input("Write something in at least one step before finishing.",
                            FieldProblem("answers", "every step is empty"))
        reflection.status = FINISHED if values["finished"] else DRAFT
        if values["finished"] and reflection.finished_at is None:
            reflection.finished_at = utcnow()
    if values.get("visibility") is not None:
        was_private = reflection.visibility == Visibility.PRIVATE.value
        reflection.visibility = values["visibility"].value
        place_in_couple(db, reflection, owner, was_private=was_private)
    reflection.updated_at = utcnow()
    db.flush()
    if changed_text:
        _screen(db, owner, "\n".join(changed_text))


def _screen(db: Session, owner: Person, text: str) -> None:
    from between.safety.service import screen_text

    screen_text(db, owner, text, source="reflection")


# -- reading ----------------------------------------------------------------------------------


def _readable(viewer: Person):
    # The policy decides who may read; a draft stays its writer's whatever it says.
    return select_readable(AttachmentReflection, viewer.id).where(or_(
        AttachmentReflection.owner_id == viewer.id, AttachmentReflection.status == FINISHED))


def list_reflections(db: Session, viewer: Person) -> list[AttachmentReflection]:
    query = _readable(viewer).order_by(AttachmentReflection.created_at.desc(), AttachmentReflection.id)
    reflections = list(db.scalars(query))
    audit_therapist_reads(db, viewer, RECORD_TYPE, reflections)  # a therapist's listing is a read
    return reflections


def own_reflections(db: Session, owner: Person) -> list[AttachmentReflection]:
    return [r for r in list_reflections(db, owner) if r.owner_id == owner.id]


def read_reflection(db: Session, viewer: Person, reflection_id: str) -> AttachmentReflection:
    reflection = db.scalar(_readable(viewer).where(AttachmentReflection.id == reflection_id))
    if reflection is None:
        raise not_found()
    audit(db, viewer.id, "read", RECORD_TYPE, reflection.id)
    return reflection


def owned_reflection(db: Session, owner: Person, reflection_id: str) -> AttachmentReflection:
    return get_owned(db, AttachmentReflection, reflection_id, owner.id)


def reflection_view(reflection: AttachmentReflection, viewer: Person) -> dict[str, Any]:
    """What `viewer` sees of a reflection they may read: the words in step order."""
    answers = reflection.answers or {}
    return {
        "id": reflection.id,
        "owner_id": reflection.owner_id,
        "visibility": reflection.visibility,
        "status": reflection.status,
        "answers": {s: answers[s] for s in step_ids() if answers.get(s)},
        "created_at": reflection.created_at,
        "updated_at": reflection.updated_at,
        "finished_at": reflection.finished_at,
    }


# -- for the writer alone: what it links to, and help ---------------------------------------


def help_view(db: Session, owner: Person, reflection: AttachmentReflection) -> dict[str, Any] | None:
    """Individual-help recommendations where the writer's words may tell of trauma or
    long-standing hurt, with the words; None for anyone but the writer, or when there are none."""
    from between.attachment.help import help_for
    from between.safety.service import active_state, recommendation_view

    if reflection.owner_id != owner.id:
        return None
    state = active_state(db, owner)
    found = help_for(reflection.answers or {}, tuple(state.kinds) if state else (), state is not None)
    if found is None:
        return None
    return {"topics": list(found.topics), "because": list(found.because),
            "recommendations": [recommendation_view(r) for r in found.recommendations]}


def links_view(db: Session, person: Person) -> dict[str, Any]:
    """The person's own echoes (moments, cycle position) and ECR results, in plain words."""
    from dataclasses import asdict

    from between.attachment.echoes import ecr_link, own_echoes

    echoes = own_echoes(db, person)
    ecr = ecr_link(db, person, echoes)
    return {"echoes": asdict(echoes), "ecr": asdict(ecr) if ecr else None}
