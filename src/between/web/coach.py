"""Pages for coaching: the reach and reply coaches, the slow-down flow, the softening conversation.

Every page works without JavaScript (plain form posts); with it, HTMX shows coaching as the
person types and the conversation swaps in the partner's turn when they take one (polling).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from between.analysis.engine import MessageAnalysis
from between.api.deps import DbSession
from between.coach import service, slowdown
from between.coach.choices import Context
from between.coach.context import writer_context
from between.coach.data import read, rewrites
from between.coach.highlight import pieces, practice_reaches
from between.coach.reach import SLOTS, coach_reach, compose
from between.coach.reply import coach_reply
from between.errors import BetweenError, FieldProblem, bad_input, not_found
from between.people.couples import current_couple, partners
from between.people.first_steps import REACH, mark
from between.people.models import Person
from between.safety.writer import WriterCheck, check_writing
from between.validation import parse
from between.web.render import SignedIn, redirect, render, signed_in, web_person
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Optional = Annotated[str | None, Form()]
HIGHLIGHT_FIELDS = ("register", "deeper_feelings", "needs")


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _check(db: Session, person: Person, text: str | None, source: str) -> WriterCheck:
    """The safety check of the writer's text (the card instead of coaching when it flags);
    its analysis, when the screening made one, serves the coaching too."""
    return check_writing(db, person, text or "", source=source)


# --- reach and reply coaches ---------------------------------------------------------------


@router.get("/coach", response_class=HTMLResponse)
def reach_page(request: Request, person: SignedIn) -> Response:
    return render(request, "coach/reach.html", person=person, nav="coach", text="", coaching=None)


@router.post("/coach/reach", response_class=HTMLResponse)
def reach_check(request: Request, db: DbSession, text: Optional = None,
                csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    text = (text or "").strip()
    coaching, error, safety = None, None, None
    try:
        if text:
            safety = _check(db, person, text, "reach")  # one analysis serves both
            if not safety.flag:
                coaching = reach_view(text, safety.analysis, writer_context(db, person),
                                      compose=True)
            mark(person, REACH.key)  # a first step, for someone practising on their own
    except BetweenError as problem:
        error = problem
    template = "coach/_reach_feedback.html" if _htmx(request) else "coach/reach.html"
    return render(request, template, person=person, nav="coach", text=text, coaching=coaching,
                  error=error, chosen={}, finished=None, safety=safety, back="#reach-text")


class ComposeForm(BaseModel):
    """The draft, and for each slot the choice tapped (OWN: the words typed beside it)."""

    text: str = ""
    situation: str | None = None
    feeling: str | None = None
    need: str | None = None
    request: str | None = None
    situation_own: str | None = None
    feeling_own: str | None = None
    need_own: str | None = None
    request_own: str | None = None
    csrf_token: str | None = None

    def chosen(self) -> dict[str, str]:
        picked = {slot: getattr(self, slot) for slot in SLOTS}
        own = {slot: getattr(self, f"{slot}_own") for slot in SLOTS}
        words = {slot: own[slot] if value == OWN else value for slot, value in picked.items()}
        return {slot: value.strip() for slot, value in words.items() if value and value.strip()}


OWN = "__own__"


@router.post("/coach/reach/compose", response_class=HTMLResponse)
def reach_compose(request: Request, db: DbSession, form: Annotated[ComposeForm, Form()]) -> Response:
    """The reach put together from the choices tapped; never sent. Without JavaScript the
    whole page comes back with the choices kept; with HTMX only the finished reach."""
    check_csrf(request, form.csrf_token)
    person = signed_in(request, db)
    text, chosen = form.text.strip(), form.chosen()
    coaching, finished, error, safety = None, None, None, None
    try:
        if text:
            safety = _check(db, person, text, "reach")
            if not safety.flag:
                coaching = reach_view(text, safety.analysis, writer_context(db, person),
                                      compose=True)
            if coaching and chosen and coaching["c"].suggestion:
                finished = compose(chosen)
                # What the person will say is theirs too, and checked like the draft.
                safety = _check(db, person, finished, "reach")
                if safety.flag:
                    coaching, finished = None, None
    except BetweenError as problem:
        error = problem
    template = "coach/_reach_finished.html" if _htmx(request) else "coach/reach.html"
    return render(request, template, person=person, nav="coach", text=text, coaching=coaching,
                  error=error, chosen=chosen, finished=finished, safety=safety,
                  back="#reach-text")


def reach_view(text: str, analysis: MessageAnalysis | None = None,
               context: Context | None = None, compose: bool = False) -> dict[str, Any]:
    """Coaching as pages show it; with `compose`, the choices to tap and put a reach together
    (the reach coach's own page; a conversation shows the coaching only)."""
    coaching = coach_reach(text, analysis, context)
    spans = [(e.start, e.end, e.reason) for e in coaching.evidence if e.field == "register"]
    return {"c": coaching, "pieces": pieces(text, spans),
            "reasons": _reasons(coaching.evidence), "suggestion": _slots(coaching),
            "slots": SLOT_LABELS, "own": OWN, "compose": compose}


SLOT_LABELS = (("situation", "When\u2026"), ("feeling", "I feel\u2026"),
               ("need", "because I need\u2026"), ("request", "Could you\u2026?"))


def _slots(coaching) -> list[tuple[str, str | None]]:
    """The rewrite as template words (source None) and filled slots (source: where from)."""
    if coaching.suggestion is None:
        return []
    parts = coaching.suggestion.parts
    out = []
    for piece in re.split(r"(\{\w+\})", rewrites().template):
        slot = piece.strip("{}")
        if piece.startswith("{") and slot in parts:
            out.append((parts[slot].text, parts[slot].source))
        elif piece:
            out.append((piece, None))
    return out


def _reasons(evidence) -> list[str]:
    seen = []
    for e in evidence:
        if e.field in HIGHLIGHT_FIELDS and e.reason not in seen:
            seen.append(e.reason)
    return seen


@router.get("/coach/reply", response_class=HTMLResponse)
def reply_page(request: Request, person: SignedIn, practice: str | None = None) -> Response:
    examples = practice_reaches()
    share = next((e["text"] for e in examples if e["id"] == practice), "")
    return render(request, "coach/reply.html", person=person, nav="coach", share=share,
                  reply="", coaching=None, examples=examples, practice=practice)


@router.post("/coach/reply", response_class=HTMLResponse)
def reply_check(request: Request, db: DbSession, share: Optional = None, reply: Optional = None,
                csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    share, reply = (share or "").strip(), (reply or "").strip()
    coaching, error, safety = None, None, None
    try:
        if share and reply:
            safety = _check(db, person, reply, "reply")
            if not safety.flag:
                coaching = reply_view(share, reply)
    except BetweenError as problem:
        error = problem
    template = "coach/_reply_feedback.html" if _htmx(request) else "coach/reply.html"
    return render(request, template, person=person, nav="coach", share=share, reply=reply,
                  coaching=coaching, error=error, examples=practice_reaches(), practice=None,
                  safety=safety, back="#reply-text")


def reply_view(share: str, reply: str) -> dict[str, Any]:
    coaching = coach_reply(share, reply)
    spans = [(w.start, w.end, w.reason) for f in coaching.flags for w in f.words]
    return {"c": coaching, "pieces": pieces(reply, spans)}


# --- slow down -----------------------------------------------------------------------------


@router.get("/pause", response_class=HTMLResponse)
def pause_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _pause(request, db, person)


def _pause(request: Request, db: Session, person: Person, error: BetweenError | None = None,
           status: int = 200) -> Response:
    flow = slowdown.peek(db, person)
    guide = slowdown.guide()
    # A flagged answer stops the flow at its step: the crisis card, no next prompt.
    safety = slowdown.safety_of(db, person, flow)
    context = {"flow": flow, "a": flow.answers or {}, "guide": guide,
               "info": guide.step(flow.step), "on_break": slowdown.on_break(flow),
               "number": guide.keys.index(flow.step) + 1, "safety": safety,
               "back": "/pause#restart"}
    if flow.step == "cycle":
        context["cycle"] = slowdown.cycle_sentence(db, person)
    if flow.step == "underneath":
        context["suggested"] = [] if safety.flag else slowdown.underneath_suggestions(flow)
        context["feelings"] = slowdown.all_feelings()
    if flow.step == "need":
        context["needs"] = slowdown.all_needs()
    return render(request, "coach/pause.html", status, person=person, nav="pause", error=error,
                  **context)


@router.post("/pause/step/{step}", response_class=HTMLResponse)
def pause_answer(step: str, request: Request, db: DbSession, happened: Optional = None,
                 heart_rate: Optional = None, flooded: Optional = None, on_top: Optional = None,
                 underneath: Optional = None, need: Optional = None, skip: Optional = None,
                 csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    values = {"happened": happened, "heart_rate": heart_rate, "on_top": on_top,
              "underneath": underneath, "need": need, "flooded": True if flooded else None}
    values = {k: v for k, v in values.items() if v not in (None, "")}
    try:
        given = parse(slowdown.Answers, values).model_dump(exclude_none=True)
        slowdown.answer_step(db, person, step, given, skip=bool(skip))
    except BetweenError as error:
        return _pause(request, db, person, error, error.status)
    return redirect("/pause")


@router.post("/pause/go/{step}", response_class=HTMLResponse)
def pause_go(step: str, request: Request, db: DbSession, csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    if step == "end-break":
        slowdown.end_break(slowdown.begin(db, person))
    elif step == "restart":
        slowdown.finish(db, person)
    else:
        slowdown.go_to(db, person, step)
    return redirect("/pause")


@router.post("/pause/moment", response_class=HTMLResponse)
def pause_to_moment(request: Request, db: DbSession, csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        moment_id = slowdown.save_as_moment(db, person)
    except BetweenError as error:
        return _pause(request, db, person, error, error.status)
    return redirect(f"/moments/{moment_id}")


@router.post("/pause/reach", response_class=HTMLResponse)
def pause_to_reach(request: Request, db: DbSession, csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    text = slowdown.reach_draft(slowdown.begin(db, person))
    slowdown.finish(db, person)
    safety = _check(db, person, text, "reach")
    coaching = reach_view(text, safety.analysis, compose=True) if text and not safety.flag else None
    return render(request, "coach/reach.html", person=person, nav="coach", text=text,
                  coaching=coaching, chosen={}, finished=None, safety=safety, back="#reach-text")


# --- the softening conversation ------------------------------------------------------------


def _texts() -> dict[str, Any]:
    return read("conversation.yaml")


@router.get("/conversations", response_class=HTMLResponse)
def conversations_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _list(request, db, person)


def _list(request: Request, db: Session, person: Person, error: BetweenError | None = None,
          status: int = 200) -> Response:
    from between.safety.service import (
        both_screened,
        joint_pause_notice,
        screen_notice,
        screened_in_couple,
    )

    couple = current_couple(db, person)
    has_partner = bool(couple) and len(partners(db, couple.id)) == 2
    return render(request, "coach/conversations.html", status, person=person,
                  nav="conversations", error=error, names=_names(db, person),
                  conversations=service.list_conversations(db, person),
                  has_partner=has_partner,
                  paused=joint_pause_notice(db, couple.id) if couple else None,
                  # The private screen: both finished, or not yet (never who, never an answer).
                  screened=bool(couple) and both_screened(db, couple.id),
                  screen=screen_notice(db, couple.id) if has_partner else None,
                  mine=screened_in_couple(db, person), texts=_texts())


@router.post("/conversations", response_class=HTMLResponse)
def start(request: Request, db: DbSession, csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        conversation = service.start_conversation(db, person)
    except BetweenError as error:
        return _list(request, db, person, error, error.status)
    return redirect(f"/conversations/{conversation.id}")


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
def conversation_page(conversation_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    return _conversation(request, db, person, conversation_id)


def _conversation(request: Request, db: Session, person: Person, conversation_id: str,
                  error: BetweenError | None = None, status: int = 200,
                  template: str = "coach/conversation.html",
                  safety: WriterCheck | None = None) -> Response:
    context = _conversation_context(db, person, conversation_id, safety)
    return render(request, template, status, person=person, nav="conversations", error=error,
                  **context)


def _conversation_context(db: Session, person: Person, conversation_id: str,
                          safety: WriterCheck | None = None) -> dict[str, Any]:
    conversation = service.read_conversation(db, person, conversation_id)
    view = service.conversation_view(db, conversation, person)
    names = _names(db, person)
    role = "speaker" if person.id == view["speaker_id"] else "listener"
    texts = _texts()
    step_text = texts["steps"][view["step"]]
    prompt = step_text[role].format(speaker=names.get(view["speaker_id"], "Your partner"),
                                    listener=names.get(view["listener_id"], "Your partner"))
    coaching = None
    if safety is None and view["your_turn"]:
        coaching = _draft_coaching(db, person, conversation_id, view["draft"], store=False)
        safety = coaching.get("safety") if coaching else None
    positive = service.positive_cycle_moments(db, conversation.couple_id, person)
    return {"v": view, "names": names, "role": role, "prompt": prompt,
            "title": step_text["title"], "texts": texts, "coaching": coaching,
            "version": _version(view), "label": _label,
            "other": {view["speaker_id"]: view["listener_id"],
                      view["listener_id"]: view["speaker_id"]},
            "positive": sum(1 for p in positive if p["conversation_id"] == conversation.id),
            "safety": safety, "back": "#turn-text"}


def _label(turn: dict, names: dict[str, str], labels: dict[str, str]) -> str:
    key = turn["step"]
    if key == "confirm":
        key = "confirm_yes" if turn["confirmed"] else "confirm_no"
    return labels[key].format(author=names.get(turn["author_id"], "Partner"))


def _version(view: dict) -> str:
    return f"{view['status']}-{view['step']}-{view['round']}-{len(view['turns'])}-{len(view['closed_by'])}"


@router.get("/conversations/{conversation_id}/live")
def live(conversation_id: str, request: Request, db: DbSession, v: str = "") -> Response:
    """Polled by the page: 204 while nothing moved, else the conversation's new state."""
    person = web_person(request, db)
    if person is None:
        raise not_found()
    view = service.conversation_view(db, service.read_conversation(db, person, conversation_id),
                                     person)
    if _version(view) == v:
        return Response(status_code=204)
    return _conversation(request, db, person, conversation_id, template="coach/_live.html")


@router.post("/conversations/{conversation_id}/turns", response_class=HTMLResponse)
def take_turn(conversation_id: str, request: Request, db: DbSession, text: Optional = None,
              confirmed: Optional = None, csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    said = {"yes": True, "no": False}.get(confirmed or "")
    text = (text or "").strip() or {True: "Yes, that's it.", False: "Not quite."}.get(said, "")
    try:
        if not text:
            raise bad_input("Write something first.", FieldProblem("text", "is empty"))
        posted = service.post_turn(db, person, conversation_id, text, said)
    except BetweenError as error:
        if error.status == 404:
            raise
        return _conversation(request, db, person, conversation_id, error, error.status)
    if posted.safety is not None and posted.safety.flag:
        # Nothing was sent: the writer sees their crisis card, their words kept as a draft.
        return _conversation(request, db, person, conversation_id, safety=posted.safety)
    return redirect(f"/conversations/{conversation_id}")


@router.post("/conversations/{conversation_id}/draft", response_class=HTMLResponse)
def keep_draft(conversation_id: str, request: Request, db: DbSession, text: Optional = None,
               at: Optional = None, csrf_token: Optional = None) -> Response:
    """Saves what is typed (private) and answers with response coaching for the listener.

    `at` is the conversation's state when the page was drawn. A draft sent late, after the
    person already sent their turn (typing, then tapping Send within the 0.7 s wait), is for a
    step that has passed: it is dropped, never kept to reappear in place of what was sent.
    """
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    current = service.conversation_view(db, service.read_conversation(db, person, conversation_id), person)
    if at and at != _version(current):
        return Response(status_code=204)
    service.save_draft(db, person, conversation_id, text or "")
    if not _htmx(request):
        return redirect(f"/conversations/{conversation_id}")
    coaching = _draft_coaching(db, person, conversation_id, text or "")
    return render(request, "coach/_response_coaching.html", person=person, coaching=coaching,
                  safety=coaching.get("safety") if coaching else None, back="#turn-text")


def _draft_coaching(db: Session, person: Person, conversation_id: str,
                    text: str, store: bool = True) -> dict[str, Any] | None:
    """Reach coaching for the speaker's share, response coaching for the listener's answer."""
    if not text.strip():
        return None
    safety = service.draft_check(db, person, conversation_id, text, store=store)
    if safety.flag:
        return {"kind": "safety", "safety": safety}  # the card, and no coaching of the text
    if service.is_sharing(db, person, conversation_id):
        return {"kind": "reach", **reach_view(text, safety.analysis)}
    found = service.response_coaching(db, person, conversation_id, text)
    return {"kind": "reply", "c": found} if found else None


@router.post("/conversations/{conversation_id}/{action}", response_class=HTMLResponse)
def change(conversation_id: str, action: str, request: Request, db: DbSession,
           csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        service.change_status(db, person, conversation_id, service.check_action(action))
    except BetweenError as error:
        if error.status == 404:
            raise
        return _conversation(request, db, person, conversation_id, error, error.status)
    return redirect(f"/conversations/{conversation_id}")


def _names(db: Session, person: Person) -> dict[str, str]:
    couple = current_couple(db, person)
    found = {p.id: p.display_name for p in partners(db, couple.id)} if couple else {}
    return found or {person.id: person.display_name}


