"""Moments over JSON. Someone who may not see a moment gets 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from between.api.coach import WriterSafety
from between.api.deps import CurrentPerson, DbSession
from between.moments import service
from between.moments.models import Moment
from between.moments.service import MomentChange, NewMoment
from between.people.models import Person
from between.safety.writer import WriterCheck

router = APIRouter(prefix="/api/v1/moments", tags=["moments"])


class MomentOut(BaseModel):
    id: str
    owner_id: str
    visibility: str
    keep_text_private: bool
    happened: str | None
    surface_reaction: str | None
    protective_move: str | None
    meaning: str | None
    deeper_feeling: str | None
    need: str | None
    intensity: int | None
    outcome: str | None
    repair_minutes: int | None
    occurred_at: datetime | None
    created_at: datetime
    updated_at: datetime
    suggestions: dict[str, Any] | None = Field(
        description="The writer's own aid (null for anyone else); null too when the writer's "
        "safety check flags the words: the crisis card in `safety` comes instead.")
    safety: WriterSafety | None = Field(
        None, description="The writer's safety check of what they wrote: on the answer to "
        "POST and PATCH and on the writer's own GET of one moment; null in lists and always "
        "null for anyone else (a partner or therapist never learns that it flagged). When "
        "`flag` is true the moment is still saved, but no suggestions are given.")


def _for_writer(moment: Moment, person: Person, check: WriterCheck) -> dict[str, Any]:
    """The writer's own view with their safety check; flagged, no suggestions (the card)."""
    view = service.moment_view(moment, person)
    if check.flag:
        view["suggestions"] = None
    return {**view, "safety": check.view()}


@router.post("", status_code=201, response_model=MomentOut)
def record(body: NewMoment, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Record a moment. It is saved whatever it says; `safety` answers the writer's check."""
    moment, check = service.record_checked(db, person, body)
    return _for_writer(moment, person, check)


@router.get("", response_model=list[MomentOut])
def list_moments(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    return [service.moment_view(m, person) for m in service.list_moments(db, person)]


@router.get("/{moment_id}", response_model=MomentOut)
def read(moment_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """One moment. Its writer also gets `safety` (the words read again, nothing stored)."""
    moment = service.read_moment(db, person, moment_id)
    if moment.owner_id != person.id:
        return service.moment_view(moment, person)  # never the writer's check
    return _for_writer(moment, person, service.writer_check(db, person, moment))


@router.patch("/{moment_id}", response_model=MomentOut)
def edit(moment_id: str, body: MomentChange, person: CurrentPerson,
         db: DbSession) -> dict[str, Any]:
    """Edit one's own moment; `safety` answers the check of the words as they now stand."""
    moment, check = service.edit_checked(db, person, moment_id, body)
    return _for_writer(moment, person, check)


@router.delete("/{moment_id}", status_code=204)
def delete(moment_id: str, person: CurrentPerson, db: DbSession) -> Response:
    service.delete_moment(db, person, moment_id)
    return Response(status_code=204)
