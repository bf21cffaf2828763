"""Questionnaires, check-ins, the check-in schedule and progress over JSON.

A check-in someone may not see answers 404, the same as one that does not exist.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from between.api.deps import CurrentPerson, DbSession
from between.assessments import service
from between.assessments.instruments import instruments
from between.assessments.service import NewCheckIn, Sharing
from between.db.base import utcnow

router = APIRouter(prefix="/api/v1", tags=["assessments"])


class ItemOut(BaseModel):
    number: int
    text: str
    scale: list[dict[str, Any]] = Field(description="Answer options: {value, label} in order.")
    reverse: bool


class InstrumentOut(BaseModel):
    id: str
    title: str
    short_title: str
    measures: str
    items: list[ItemOut]
    subscales: list[str]
    citation: str
    licence_note: str
    privacy_note: str
    default_visibility: str


class Interpretation(BaseModel):
    band: str | None = Field(description="below_cutoff / at_or_above_cutoff where a cut-off exists")
    text: str | None


class ChangeOut(BaseModel):
    label: Literal["reliable improvement", "no reliable change", "reliable deterioration"]
    rci: float
    from_: float = Field(alias="from")
    to: float
    clinical: str | None

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class CheckInOut(BaseModel):
    id: str
    owner_id: str
    instrument: str
    status: Literal["draft", "complete"]
    visibility: str
    taken_at: datetime
    answers: dict[str, int]
    scores: dict[str, float | None] = Field(description="Per subscale; null while unscored.")
    interpretation: dict[str, Interpretation]
    change: dict[str, ChangeOut] = Field(
        description="Per subscale: reliable change since the owner's first check-in listed.")


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(max_length=32)
    every: int
    unit: str = Field(max_length=8, description="weeks or months")


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schedule: list[RuleIn] = Field(max_length=20)


class ReminderOut(BaseModel):
    instrument: str
    title: str
    since: date
    has_draft: bool


class TrackOut(BaseModel):
    instrument: str
    subscale: str
    series: dict[str, list[tuple[date, float]]]
    latest_change: dict[str, str | None]


class ProgressOut(BaseModel):
    tracks: list[TrackOut]
    interactions: dict[str, Any]
    reminders: list[ReminderOut]


@router.get("/instruments", response_model=list[InstrumentOut])
def list_instruments() -> list[dict[str, Any]]:
    """Every questionnaire shipped, with its items, answer scales and terms of use."""
    return [_instrument_view(i) for i in instruments().values()]


@router.post("/check-ins", status_code=201, response_model=CheckInOut)
def take(body: NewCheckIn, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Finish a check-in (every required item answered, else 422 naming each `answers.N`),
    or save partial answers with `draft: true`."""
    return service.judged_view(db, person, service.record_check_in(db, person, body))


@router.get("/check-ins", response_model=list[CheckInOut])
def check_in_history(person: CurrentPerson, db: DbSession, instrument: str | None = None,
                     drafts: bool = False) -> list[dict[str, Any]]:
    """Finished check-ins the caller may see, oldest first, with reliable-change labels;
    `drafts=true` adds the caller's own drafts."""
    return service.history(db, person, instrument, drafts=drafts)


@router.get("/check-ins/{check_in_id}", response_model=CheckInOut)
def read(check_in_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return service.judged_view(db, person, service.read_check_in(db, person, check_in_id))


@router.patch("/check-ins/{check_in_id}", response_model=CheckInOut)
def share(check_in_id: str, body: Sharing, person: CurrentPerson,
          db: DbSession) -> dict[str, Any]:
    """Change who may see one of your check-ins."""
    record = service.share_check_in(db, person, check_in_id, body.visibility)
    return service.judged_view(db, person, record)


@router.delete("/check-ins/{check_in_id}", status_code=204)
def delete(check_in_id: str, person: CurrentPerson, db: DbSession) -> Response:
    service.delete_check_in(db, person, check_in_id)
    return Response(status_code=204)


@router.get("/check-in-schedule", response_model=ScheduleIn)
def read_schedule(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """How often the couple takes each questionnaire (the defaults until either changes it)."""
    return {"schedule": [vars(r) for r in service.schedule_for(db, person)]}


@router.put("/check-in-schedule", response_model=ScheduleIn)
def change_schedule(body: ScheduleIn, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    rules = service.set_schedule(db, person, [r.model_dump() for r in body.schedule])
    return {"schedule": [vars(r) for r in rules]}


@router.get("/reminders", response_model=list[ReminderOut])
def reminders(person: CurrentPerson, db: DbSession) -> list[Any]:
    """Questionnaires the caller is due to take; each stays until finished."""
    return [vars(r) for r in service.reminders_for(db, person)]


@router.get("/progress", response_model=ProgressOut)
def progress(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Scores over time and interaction metrics, from what the caller may see."""
    return service.progress_json(service.progress_for(db, person))


@router.get("/progress/report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def report(person: CurrentPerson, db: DbSession) -> Response:
    """The printable progress report as PDF, with only what the caller may see."""
    from between.reports.report import report_pdf

    pdf = report_pdf(service.progress_for(db, person), today=utcnow().date())
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="progress.pdf"'})


def _instrument_view(instrument) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "title": instrument.title,
        "short_title": instrument.short_title,
        "measures": instrument.measures,
        "items": [{
            "number": item.number,
            "text": item.text,
            "scale": [{"value": o.value, "label": instrument.answer_label(item, o.value)}
                      for o in instrument.scale_of(item).options],
            "reverse": item.reverse,
        } for item in instrument.items],
        "subscales": [s.id for s in instrument.subscales],
        "citation": instrument.citation,
        "licence_note": instrument.licence_note,
        "privacy_note": instrument.privacy_note,
        "default_visibility": instrument.default_visibility,
    }
