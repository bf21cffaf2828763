"""Safety over JSON. Every route answers for the caller alone; nothing here reads anyone else."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from between.api.deps import CurrentPerson, DbSession
from between.errors import BetweenError
from between.safety import service
from between.safety.screening import load_check_in

router = APIRouter(prefix="/api/v1/safety", tags=["safety"])

MAX_ANSWERS = 64  # far more than the check-in has; unknown ids are each named in the 422


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Answers(Strict):
    answers: dict[str, Any] = Field(
        max_length=MAX_ANSWERS,
        description="Question id to answer value, from GET /api/v1/safety/check-in. Every asked "
        "question needs an answer; each offers 'prefer_not_to_say'.",
        examples=[{"safe_at_home": "yes", "afraid_of_partner": "never"}])


class PlanEntries(Strict):
    entries: dict[str, str] = Field(
        max_length=32, description="Step id to your own note; an empty note removes it.")


class PreferenceChange(Strict):
    hide_app_name: bool | None = Field(None, description="Leave 'Between' out of the tab title.")
    locale: str | None = Field(None, max_length=35,
                               description="Country for the services listed, e.g. en-GB; '' resets.")
    therapist_alert_consent: bool | None = Field(
        None, description="Let a therapist linked to your couple be alerted, privately, while a "
        "safety concern of yours is open. Never your answers or what was found.")
    quick_exit_logout: bool | None = Field(
        None, description="Quick exit also ends your session on that browser (on by default).")


class Option(BaseModel):
    value: str
    label: str


class AskedIf(BaseModel):
    question: str
    answer_in: list[str]


class QuestionOut(BaseModel):
    id: str
    text: str
    options: list[Option]
    asked_if: AskedIf | None = None


class SourceOut(BaseModel):
    ref: str
    used_for: str


class CheckInOut(BaseModel):
    title: str
    label: str = Field(description="A screening aid, not a validated instrument.")
    intro: str
    sources: list[SourceOut]
    questions: list[QuestionOut]


class RecommendationOut(BaseModel):
    id: str
    category: str
    title: str
    body: str
    links_to: Literal["resources", "safety_plan"] | None


class ServiceOut(BaseModel):
    id: str
    name: str
    helps_with: list[str]
    phone: str | None
    text: str | None
    url: str | None
    hours: str
    note: str | None


class StatusOut(BaseModel):
    risk_active: bool
    since: datetime | None
    therapist_alert_consented: bool
    notice_pending: bool = Field(description=(
        "A private note waits for the caller: a text of theirs opened a concern, or may have been "
        "about something hard, and support is offered (the web app's 'A note just for you'). "
        "Show it once, then POST /api/v1/safety/notice/seen."))
    recommendations: list[RecommendationOut]
    locale: str
    resources: list[ServiceOut]


class ResultOut(BaseModel):
    label: str
    risk_active: bool
    kinds: list[str]
    topics: list[str] = Field(description="Individual-work topics, suggested alongside couple work.")
    urgency: Literal["none", "soon", "urgent"]
    reasons: list[str] = Field(description="Question ids whose answers raised something.")
    declined: list[str]
    recommendations: list[RecommendationOut]
    resources: list[ServiceOut]


class PlanStepOut(BaseModel):
    id: str
    title: str
    prompt: str
    examples: list[str]
    uses_resources: bool
    entry: str


class PlanOut(BaseModel):
    title: str
    intro: str
    steps: list[PlanStepOut]
    resources: list[ServiceOut]


class PreferencesOut(BaseModel):
    hide_app_name: bool
    locale: str | None
    therapist_alert_consent: bool
    quick_exit_logout: bool


class AlertOut(BaseModel):
    person_id: str
    couple_id: str | None
    since: datetime
    message: str


@router.get("/check-in", response_model=CheckInOut)
def check_in_questions(person: CurrentPerson) -> dict[str, Any]:
    """The private check-in's questions (a screening aid, not a validated instrument)."""
    return load_check_in().for_display()


@router.post("/check-in", status_code=201, response_model=ResultOut)
def take_check_in(body: Answers, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Your answers, evaluated and kept privately; only you ever see the result."""
    result = service.take_check_in(db, person, body.answers)
    resources = service.status_view(db, person)["resources"]
    return {**service.result_view(result), "resources": resources}


@router.get("/status", response_model=StatusOut)
def status(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Your own safety status: whether a concern is open, what might help, local services."""
    return service.status_view(db, person)


@router.post("/clear", response_model=StatusOut)
def clear(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """End your open safety concern. 409 when none is open."""
    service.clear(db, person)
    return service.status_view(db, person)


@router.post("/keep", response_model=StatusOut)
def keep(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Keep your safety concern open (joint exercises stay paused). 409 when none is open."""
    service.keep(db, person)
    return service.status_view(db, person)


@router.post("/notice/seen", response_model=StatusOut)
def notice_seen(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """The private note has been shown to you: it is not shown again until a new one is due."""
    service.take_notice(db, person)
    return service.status_view(db, person)


@router.get("/plan", response_model=PlanOut)
def plan(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Your own safety plan: the steps and what you wrote for each."""
    return service.plan_view(db, person)


@router.put("/plan", response_model=PlanOut)
def save_plan(body: PlanEntries, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    service.save_plan(db, person, body.entries)
    return service.plan_view(db, person)


@router.get("/preferences", response_model=PreferencesOut)
def preferences(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return service.preferences_view(service.preferences(db, person))


@router.patch("/preferences", response_model=PreferencesOut)
def change_preferences(body: PreferenceChange, person: CurrentPerson,
                       db: DbSession) -> dict[str, Any]:
    changed = service.update_preferences(db, person, **body.model_dump(exclude_unset=True))
    return service.preferences_view(changed)


@router.get("/therapist-alerts", response_model=list[AlertOut])
def therapist_alerts(person: CurrentPerson, db: DbSession) -> list[Any]:
    """For therapists: clients who asked that you be alerted while their concern is open."""
    if person.role != "therapist":
        raise BetweenError("Only a therapist account has alerts.", [], 403, "Forbidden",
                           "forbidden")
    return [vars(alert) for alert in service.therapist_alerts(db, person)]

