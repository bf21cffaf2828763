"""The attachment story over JSON: the guide, and each person's reflections.

A reflection someone may not read answers 404, exactly like one that does not exist; a draft
is its writer's alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from between.api.deps import CurrentPerson, DbSession
from between.attachment import service
from between.attachment.guide import steps
from between.attachment.service import ReflectionChange, StepText

router = APIRouter(prefix="/api/v1/attachment", tags=["attachment"])


class StepOut(BaseModel):
    id: str
    title: str
    prompt: str
    hint: str
    examples: list[str]
    echoes: bool = Field(description="true for the step that shows your own raw spots and moves")
    reader_title: str | None = Field(description="The heading a partner or therapist reads, "
                                     "where it differs from the title")


class GuideOut(BaseModel):
    steps: list[StepOut]


class ReflectionOut(BaseModel):
    id: str
    owner_id: str
    visibility: str
    status: str = Field(description="draft (seen by its writer only) or finished")
    answers: dict[str, str] = Field(description="The writer's words by step id, in step order.")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


@router.get("/guide", response_model=GuideOut)
def guide(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """The steps of the reflection."""
    return {"steps": [s.model_dump() for s in steps()]}


@router.post("/reflections", status_code=201, response_model=ReflectionOut)
def start(person: CurrentPerson, db: DbSession,
          body: ReflectionChange | None = None) -> dict[str, Any]:
    """Start a reflection (a private draft unless the body says otherwise)."""
    return service.reflection_view(service.start_reflection(db, person, body), person)


@router.get("/reflections", response_model=list[ReflectionOut])
def list_reflections(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    """Your reflections (drafts too), and finished ones shared with you."""
    return [service.reflection_view(r, person) for r in service.list_reflections(db, person)]


@router.get("/reflections/{reflection_id}", response_model=ReflectionOut)
def read(reflection_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return service.reflection_view(service.read_reflection(db, person, reflection_id), person)


@router.patch("/reflections/{reflection_id}", response_model=ReflectionOut)
def edit(reflection_id: str, body: ReflectionChange, person: CurrentPerson,
         db: DbSession) -> dict[str, Any]:
    """Change answers, finish it, or choose who may read it (the writer only)."""
    return service.reflection_view(service.edit_reflection(db, person, reflection_id, body), person)


@router.put("/reflections/{reflection_id}/steps/{step_id}", response_model=ReflectionOut)
def save_step(reflection_id: str, step_id: str, body: StepText, person: CurrentPerson,
              db: DbSession) -> dict[str, Any]:
    """Keep one step's words (autosave); empty text clears the step."""
    saved = service.save_step(db, person, reflection_id, step_id, body.text)
    return service.reflection_view(saved, person)


@router.delete("/reflections/{reflection_id}", status_code=204)
def delete(reflection_id: str, person: CurrentPerson, db: DbSession) -> Response:
    service.delete_reflection(db, person, reflection_id)
    return Response(status_code=204)
