"""Moments over JSON. Someone who may not see a moment gets 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from between.api.deps import CurrentPerson, DbSession
from between.moments import service
from between.moments.service import MomentChange, NewMoment

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
    suggestions: dict[str, Any] | None


@router.post("", status_code=201, response_model=MomentOut)
def record(body: NewMoment, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return service.moment_view(service.record_moment(db, person, body), person)


@router.get("", response_model=list[MomentOut])
def list_moments(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    return [service.moment_view(m, person) for m in service.list_moments(db, person)]


@router.get("/{moment_id}", response_model=MomentOut)
def read(moment_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return service.moment_view(service.read_moment(db, person, moment_id), person)


@router.patch("/{moment_id}", response_model=MomentOut)
def edit(moment_id: str, body: MomentChange, person: CurrentPerson,
         db: DbSession) -> dict[str, Any]:
    return service.moment_view(service.edit_moment(db, person, moment_id, body), person)


@router.delete("/{moment_id}", status_code=204)
def delete(moment_id: str, person: CurrentPerson, db: DbSession) -> Response:
    service.delete_moment(db, person, moment_id)
    return Response(status_code=204)
