"""Coaching and the softening conversation over JSON.

Every text a person writes here passes the safety gate first. A conversation someone may not
see answers 404; a turn out of order answers 409; while joint work is paused for the couple,
starting, resuming or adding to a conversation answers the one neutral 409 both partners see.
"""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from between.analysis.engine import MAX_CHARS
from between.api.deps import CurrentPerson, DbSession
from between.api.problems import problem_response
from between.coach import service, slowdown
from between.coach.context import writer_context
from between.coach.reach import ReachCoaching, coach_reach
from between.coach.reply import ReplyCoaching, coach_reply

router = APIRouter(prefix="/api/v1", tags=["coach"])



class ReachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_CHARS, description="The draft to the partner.")


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    share: str = Field(min_length=1, max_length=MAX_CHARS, description="The reach being answered.")
    reply: str = Field(min_length=1, max_length=MAX_CHARS, description="The draft answer.")


class ConversationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    speaker_id: str | None = Field(None, max_length=32,
                                   description="Who speaks first; the caller when left out.")


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_CHARS)
    confirmed: bool | None = Field(None, description="At the confirm step: true for “yes, "
                                   "that's it”, false for “not quite” (reflect again).")


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_CHARS)


class DraftOut(BaseModel):
    text: str


class Started(BaseModel):
    id: str
    status: str


class TurnOut(BaseModel):
    id: str
    author_id: str
    step: str
    round: int
    text: str
    confirmed: bool | None
    analysis: dict[str, Any] | None
    created_at: datetime


class ConversationOut(BaseModel):
    id: str
    status: Literal["active", "paused", "finished", "stopped"]
    step: Literal["share", "reflect", "confirm", "respond", "close"]
    round: int
    speaker_id: str
    listener_id: str
    your_turn: bool
    closed_by: list[str]
    draft: str = Field(description="The caller's own unsent text (never the partner's).")
    paused_notice: str | None
    turns: list[TurnOut]
    created_at: datetime
    updated_at: datetime


class CrisisService(BaseModel):
    name: str
    phone: str | None
    tel: str | None = Field(description="The phone number as a tap-to-call tel: link.")
    text: str | None
    url: str | None
    hours: str
    note: str | None
    emergency: bool


class CrisisCard(BaseModel):
    title: str
    place: str = Field(description="Whose services these are (the writer's country).")
    lines: list[str]
    services: list[CrisisService] = Field(description="The emergency number first.")
    safety_plan: str
    support: str
    way_back: str


class WriterSafety(BaseModel):
    """For the writer only. When `flag` is true the coaching of this text is left out."""

    flag: bool
    kinds: list[str]
    lines: list[str] = Field(description="The crisis card's lines (empty when not flagged).")
    card: CrisisCard | None


with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"')

    class ReachCoached(ReachCoaching):
        register: str = Field(description="What the draft reads as.")  # not ABC's register()
        safety: WriterSafety


class ReplyCoached(ReplyCoaching):
    safety: WriterSafety


class SafetyOnly(BaseModel):
    """A flagged text: the writer's safety alone, with no coaching of the text at all."""

    safety: WriterSafety


@router.post("/coach/reach", response_model=ReachCoached | SafetyOnly)
def reach(body: ReachIn, person: CurrentPerson, db: DbSession) -> ReachCoached | SafetyOnly:
    """How a draft reads, the words that make it so, and a gentler rewrite (never sent).

    `safety` is for the writer: when it flags, the coaching is left out and the crisis card's
    lines (local emergency number, crisis and abuse lines, the safety plan) come instead."""
    safety = _check(db, person, body.text, "reach")  # one analysis serves both
    if safety.flag:
        return SafetyOnly(safety=safety.view())
    coaching = coach_reach(body.text, safety.analysis, writer_context(db, person))
    return ReachCoached(**dict(coaching), safety=safety.view())


@router.post("/coach/reply", response_model=ReplyCoached | SafetyOnly)
def reply(body: ReplyIn, person: CurrentPerson, db: DbSession) -> ReplyCoached | SafetyOnly:
    """How an answer to a reach lands (A.R.E., empathy, flags) and answers of each good kind.

    `safety` as for /coach/reach: flagged, the coaching is left out."""
    safety = _check(db, person, body.reply, "reply")
    if safety.flag:
        return SafetyOnly(safety=safety.view())
    return ReplyCoached(**dict(coach_reply(body.share, body.reply)), safety=safety.view())


@router.post("/conversations", status_code=201, response_model=Started)
def start(person: CurrentPerson, db: DbSession, body: ConversationIn | None = None) -> dict:
    conversation = service.start_conversation(db, person, body.speaker_id if body else None)
    return {"id": conversation.id, "status": conversation.status}


@router.get("/conversations", response_model=list[ConversationOut])
def list_all(person: CurrentPerson, db: DbSession) -> list[dict]:
    return [service.conversation_view(db, c, person)
            for c in service.list_conversations(db, person)]


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
def read(conversation_id: str, person: CurrentPerson, db: DbSession) -> dict:
    return service.conversation_view(
        db, service.read_conversation(db, person, conversation_id), person)


@router.post("/conversations/{conversation_id}/turns", status_code=201, response_model=TurnOut,
             responses={409: {"description": "Not your turn, not active, or joint work paused"}})
def take_turn(conversation_id: str, body: TurnIn, person: CurrentPerson, db: DbSession):
    posted = service.post_turn(db, person, conversation_id, body.text, body.confirmed)
    if posted.turn is None:
        # Answered without raising so the writer's safety state (and draft) are kept. The
        # writer (and only they: this answer goes to them) gets their crisis card with it.
        pause = _pause_problem()
        answer = problem_response(pause.status, pause.title, pause.detail, pause.slug)
        if posted.safety is not None and posted.safety.flag:
            body_ = json.loads(answer.body)
            answer = JSONResponse({**body_, "safety": posted.safety.view()},
                                  status_code=answer.status_code, media_type=answer.media_type)
        return answer
    return service.turn_view(posted.turn)


@router.put("/conversations/{conversation_id}/draft", response_model=DraftOut)
def keep_draft(conversation_id: str, body: DraftIn, person: CurrentPerson,
               db: DbSession) -> dict:
    """Keep the caller's unsent text, private to them, across pause and resume."""
    return {"text": service.save_draft(db, person, conversation_id, body.text)}


@router.post("/conversations/{conversation_id}/coaching",
             response_model=ReplyCoached | SafetyOnly | None)
def coaching(conversation_id: str, body: DraftIn, person: CurrentPerson,
             db: DbSession) -> ReplyCoached | SafetyOnly | None:
    """Response coaching on the listener's draft before sending (null when not theirs to
    answer); a draft the writer's safety check flags gets only `safety`, no coaching."""
    safety = service.draft_check(db, person, conversation_id, body.text)
    if safety.flag:
        return SafetyOnly(safety=safety.view())
    found = service.response_coaching(db, person, conversation_id, body.text)
    return ReplyCoached(**dict(found), safety=safety.view()) if found else None


@router.post("/conversations/{conversation_id}/{action}", response_model=ConversationOut)
def change(conversation_id: str, action: Literal["pause", "resume", "finish", "stop"],
           person: CurrentPerson, db: DbSession) -> dict:
    """Pause, resume, finish or stop; either partner may, and a stop names no one."""
    conversation = service.change_status(db, person, conversation_id, action)
    return service.conversation_view(db, conversation, person)


class PauseIn(slowdown.Answers):
    skip: bool = Field(False, description="Skip this step; nothing is stored for it.")


class StepOut(BaseModel):
    key: str
    title: str
    prompt: str


class PauseOut(BaseModel):
    step: str
    answers: dict[str, Any]
    break_until: datetime | None
    on_break: bool = Field(description="True while a break (after a racing heart or feeling "
                           "flooded) is still running.")
    steps: list[StepOut]
    cycle: str | None = Field(description="The couple's cycle in one sentence, at the cycle step.")
    underneath_suggestions: list[str]
    safety: WriterSafety = Field(description="For the caller only. Flagged, the flow stops at "
                                 "this step: the crisis card instead of the next prompt.")


class MomentSaved(BaseModel):
    moment_id: str


class ReachDraft(BaseModel):
    draft: str = Field(description="A reach made only of what the person entered.")
    coaching: ReachCoaching | None = Field(description="Null when empty, or when `safety` flags.")
    safety: WriterSafety


@router.get("/pause", response_model=PauseOut, tags=["slow down"])
def pause_flow(person: CurrentPerson, db: DbSession) -> dict:
    """The caller's slow-down flow: where they are and what they entered (private to them)."""
    return slowdown.flow_view(db, person)


@router.delete("/pause", status_code=204, tags=["slow down"])
def leave_pause(person: CurrentPerson, db: DbSession) -> Response:
    """Close the flow as it is (what was entered stays stored); the next one starts afresh."""
    slowdown.finish(db, person)
    return Response(status_code=204)


@router.post("/pause/moment", status_code=201, response_model=MomentSaved, tags=["slow down"])
def pause_to_moment(person: CurrentPerson, db: DbSession) -> dict:
    """Keep the flow as a private moment."""
    return {"moment_id": slowdown.save_as_moment(db, person)}


@router.post("/pause/reach", response_model=ReachDraft, tags=["slow down"])
def pause_to_reach(person: CurrentPerson, db: DbSession) -> dict:
    """Turn the flow into a draft reach, with coaching on it (nothing is sent)."""
    draft = slowdown.reach_draft(slowdown.begin(db, person))
    slowdown.finish(db, person)
    safety = _check(db, person, draft, "reach")
    coaching = coach_reach(draft, safety.analysis) if draft and not safety.flag else None
    return {"draft": draft, "coaching": coaching, "safety": safety.view()}


@router.post("/pause/{step}", response_model=PauseOut, tags=["slow down"])
def pause_step(step: str, body: PauseIn, person: CurrentPerson, db: DbSession) -> dict:
    """Answer (or skip) one step: pause, body, cycle, on_top, underneath, need."""
    values = body.model_dump(exclude_none=True, exclude={"skip"})
    slowdown.answer_step(db, person, step, values, skip=body.skip)
    return slowdown.flow_view(db, person)


def _check(db, person, text: str, source: str):
    """The writer's safety check; its analysis, when the screening made one, serves coaching."""
    from between.safety.writer import check_writing

    return check_writing(db, person, text, source=source)


def _pause_problem():
    from between.safety.service import pause_problem

    return pause_problem()


