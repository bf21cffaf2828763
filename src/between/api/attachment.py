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


class EchoesOut(BaseModel):
    moment_count: int = Field(description="How many moments of your own there are")
    position: str = Field(description="Your usual move in your own moments: pursue, withdraw, "
                          "mixed or unknown")
    move: str | None = Field(description="That move in your own voice, e.g. 'pushed for a response'")
    position_words: str
    invitation: str | None
    raw_spots: list[tuple[str, int]] = Field(description="Sore spots that recur in your own "
                                             "moments: [title, how many moments]")
    feeling: str | None = Field(description="What you most often felt underneath")
    need: str | None


class EcrOut(BaseModel):
    instrument: str
    short_title: str
    taken_at: datetime
    anxiety: float | None = Field(description="1 to 7; no category, no cut-off")
    avoidance: float | None = Field(description="1 to 7; no category, no cut-off")
    words: list[str] = Field(description="What it may link to, in plain words, never a diagnosis")


class GuideOut(BaseModel):
    steps: list[StepOut]
    echoes: EchoesOut = Field(description="From your own moments only")
    ecr: EcrOut | None = Field(description="Your latest ECR-S (or ECR-R); null if you took none")


class RecommendationOut(BaseModel):
    id: str
    category: str
    title: str
    body: str
    links_to: str | None


class HelpOut(BaseModel):
    topics: list[str] = Field(description="trauma and/or long_standing_disconnection")
    because: list[str] = Field(description="The words in your reflection that led here")
    recommendations: list[RecommendationOut]


class ReflectionOut(BaseModel):
    id: str
    owner_id: str
    visibility: str
    status: str = Field(description="draft (seen by its writer only) or finished")
    answers: dict[str, str] = Field(description="The writer's words by step id, in step order.")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    help: HelpOut | None = Field(
        None, description="For the writer alone: individual help where the words may tell of "
        "trauma or long-standing hurt")


def _view(db, reflection, person) -> dict[str, Any]:
    return {**service.reflection_view(reflection, person),
            "help": service.help_view(db, person, reflection)}


@router.get("/guide", response_model=GuideOut)
def guide(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """The steps of the reflection, and what it links to for you: the echo of your own moments
    (raw spots, your usual move in the cycle) and your latest ECR results, in plain words."""
    return {"steps": [s.model_dump() for s in steps()], **service.links_view(db, person)}


@router.post("/reflections", status_code=201, response_model=ReflectionOut)
def start(person: CurrentPerson, db: DbSession,
          body: ReflectionChange | None = None) -> dict[str, Any]:
    """Start a reflection (a private draft unless the body says otherwise)."""
    return _view(db, service.start_reflection(db, person, body), person)


@router.get("/reflections", response_model=list[ReflectionOut])
def list_reflections(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    """Your reflections (drafts too), and finished ones shared with you."""
    return [_view(db, r, person) for r in service.list_reflections(db, person)]


@router.get("/reflections/{reflection_id}", response_model=ReflectionOut)
def read(reflection_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return _view(db, service.read_reflection(db, person, reflection_id), person)


@router.patch("/reflections/{reflection_id}", response_model=ReflectionOut)
def edit(reflection_id: str, body: ReflectionChange, person: CurrentPerson,
         db: DbSession) -> dict[str, Any]:
    """Change answers, finish it, or choose who may read it (the writer only)."""
    return _view(db, service.edit_reflection(db, person, reflection_id, body), person)


@router.put("/reflections/{reflection_id}/steps/{step_id}", response_model=ReflectionOut)
def save_step(reflection_id: str, step_id: str, body: StepText, person: CurrentPerson,
              db: DbSession) -> dict[str, Any]:
    """Keep one step's words (autosave); empty text clears the step."""
    saved = service.save_step(db, person, reflection_id, step_id, body.text)
    return _view(db, saved, person)


@router.delete("/reflections/{reflection_id}", status_code=204)
def delete(reflection_id: str, person: CurrentPerson, db: DbSession) -> Response:
    service.delete_reflection(db, person, reflection_id)
    return Response(status_code=204)
