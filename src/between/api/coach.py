"""Coaching and the softening conversation over JSON.

Every text a person writes here passes the safety gate first. A conversation someone may not
see answers 404; a turn out of order answers 409; while joint work is paused for the couple,
starting, resuming or adding to a conversation answers the one neutral 409 both partners see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from between.analysis.engine import MAX_CHARS, MessageAnalysis
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


@router.post("/coach/reach", response_model=ReachCoaching)
def reach(body: ReachIn, person: CurrentPerson, db: DbSession) -> ReachCoaching:
    """How a draft reads, the words that make it so, and a gentler rewrite (never sent)."""
    analysis = _screen(db, person, body.text, "reach")  # one analysis serves both
    return coach_reach(body.text, analysis, writer_context(db, person))


@router.post("/coach/reply", response_model=ReplyCoaching)
def reply(body: ReplyIn, person: CurrentPerson, db: DbSession) -> ReplyCoaching:
    """How an answer to a reach lands (A.R.E., empathy, flags) and answers of each good kind."""
    _screen(db, person, body.reply, "reply")
    return coach_reply(body.share, body.reply)


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
        # Answered without raising so the writer's safety state (and draft) are kept.
        pause = _pause_problem()
        return problem_response(pause.status, pause.title, pause.detail, pause.slug)
    return service.turn_view(posted.turn)


@router.put("/conversations/{conversation_id}/draft", response_model=DraftOut)
def keep_draft(conversation_id: str, body: DraftIn, person: CurrentPerson,
               db: DbSession) -> dict:
    """Keep the caller's unsent text, private to them, across pause and resume."""
    return {"text": service.save_draft(db, person, conversation_id, body.text)}


@router.post("/conversations/{conversation_id}/coaching", response_model=ReplyCoaching | None)
def coaching(conversation_id: str, body: DraftIn, person: CurrentPerson,
             db: DbSession) -> ReplyCoaching | None:
    """Response coaching on the listener's draft before sending (null when not theirs to answer)."""
    return service.response_coaching(db, person, conversation_id, body.text)


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


class MomentSaved(BaseModel):
    moment_id: str


class ReachDraft(BaseModel):
    draft: str = Field(description="A reach made only of what the person entered.")
    coaching: ReachCoaching | None


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
    return {"draft": draft, "coaching": coach_reach(draft) if draft else None}


@router.post("/pause/{step}", response_model=PauseOut, tags=["slow down"])
def pause_step(step: str, body: PauseIn, person: CurrentPerson, db: DbSession) -> dict:
    """Answer (or skip) one step: pause, body, cycle, on_top, underneath, need."""
    values = body.model_dump(exclude_none=True, exclude={"skip"})
    slowdown.answer(db, person, step, values, skip=body.skip)
    return slowdown.flow_view(db, person)


def _screen(db, person, text: str, source: str) -> MessageAnalysis | None:
    """Screen the text; its analysis when the screening made one the coaching can use."""
    from between.safety.service import screen_text

    return screen_text(db, person, text, source=source)


def _pause_problem():
    from between.safety.service import pause_problem

    return pause_problem()


