"""Pages for the attachment story: the guided steps (kept as you type), finishing and sharing,
reading, editing and deleting a reflection.

The steps, the finish page and every change are the writer's alone; a reflection someone may not
read is a 404 page, as in the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from between.api.deps import DbSession
from between.attachment import guide, service
from between.attachment.service import ReflectionChange, StepText
from between.db.base import utcnow
from between.errors import BetweenError, not_found
from between.people.couples import current_couple, partners
from between.people.models import Person, Role
from between.people.time import local
from between.validation import parse
from between.web.moments import SEEN_BY, offered_visibilities
from between.web.render import SignedIn, redirect, render, signed_in
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)

# The reflection's three sharing choices (issue 17): kept, the partner, or the therapist only.
SHARE_CHOICES = [
    ("private", "Keep it private", "Only you can read it."),
    ("partner", "Share with my partner", "Your partner can read it; nobody else."),
    ("therapist", "Share with our therapist only", "Your therapist can read it; your partner cannot."),
]
Csrf = Annotated[str | None, Form(alias="csrf_token")]


def share_choices(request: Request, person: Person, current: str = "private") -> list[tuple[str, str, str]]:
    """The choices offered, by the app's one rule for sharing choices (a reflection's own
    current choice always stays shown)."""
    offered = offered_visibilities(request, person)
    return [c for c in SHARE_CHOICES if c[0] in offered or c[0] == current]


@router.get("/attachment", response_class=HTMLResponse)
def index(request: Request, db: DbSession, person: SignedIn) -> Response:
    views = [service.reflection_view(r, person) for r in service.list_reflections(db, person)]
    return render(request, "attachment/index.html", person=person, nav="attachment",
                  own=[v for v in views if v["owner_id"] == person.id],
                  shared=[v for v in views if v["owner_id"] != person.id],
                  names=_partner_names(db, person), seen_by=SEEN_BY, steps=guide.steps(),
                  someone=_someone(person), choices=share_choices(request, person))


@router.post("/attachment/new")
def start(request: Request, db: DbSession, csrf: Csrf = None) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    reflection = service.start_reflection(db, person)
    return redirect(f"/attachment/{reflection.id}/step/{guide.step_ids()[0]}")


def _step_page(request: Request, db, person: Person, reflection, step: guide.Step, *,
               text: str | None = None, error: BetweenError | None = None,
               status: int = 200) -> Response:
    ids = guide.step_ids()
    number = ids.index(step.id)
    return render(request, "attachment/step.html", status, person=person, nav="attachment",
                  reflection=reflection, step=step, number=number + 1, total=len(ids),
                  steps=guide.steps(), error=error, help=service.help_view(db, person, reflection),
                  links=service.links_view(db, person) if step.echoes else None,
                  text=(reflection.answers or {}).get(step.id, "") if text is None else text,
                  back=ids[number - 1] if number else None,
                  next=ids[number + 1] if number + 1 < len(ids) else None)


def _step(step_id: str) -> guide.Step:
    step = guide.step(step_id)
    if step is None:
        raise not_found("There is no such step in the reflection.")
    return step


@router.get("/attachment/{reflection_id}/step/{step_id}", response_class=HTMLResponse)
def step_page(reflection_id: str, step_id: str, request: Request, db: DbSession,
              person: SignedIn) -> Response:
    reflection = service.owned_reflection(db, person, reflection_id)
    return _step_page(request, db, person, reflection, _step(step_id))


@router.post("/attachment/{reflection_id}/step/{step_id}", response_class=HTMLResponse)
def save_step(reflection_id: str, step_id: str, request: Request, db: DbSession,
              text: Annotated[str, Form()] = "", go: Annotated[str, Form()] = "next",
              csrf: Csrf = None) -> Response:
    """Keep this step's words (screened), then go on, back, or to where the writer chose."""
    check_csrf(request, csrf)
    person = signed_in(request, db)
    step = _step(step_id)
    reflection = service.owned_reflection(db, person, reflection_id)
    try:
        words = parse(StepText, {"text": text}).text
    except BetweenError as error:
        return _step_page(request, db, person, reflection, step, text=text, error=error,
                          status=error.status)
    service.save_step(db, person, reflection_id, step_id, words)
    ids = guide.step_ids()
    number = ids.index(step_id)
    if go == "back" and number:
        return redirect(f"/attachment/{reflection_id}/step/{ids[number - 1]}")
    if go == "stay":
        return redirect(f"/attachment/{reflection_id}/step/{step_id}")
    if go == "next" and number + 1 < len(ids):
        return redirect(f"/attachment/{reflection_id}/step/{ids[number + 1]}")
    if reflection.status == service.FINISHED:
        return redirect(f"/attachment/{reflection_id}")
    return redirect(f"/attachment/{reflection_id}/finish")


@router.post("/attachment/{reflection_id}/draft", response_class=HTMLResponse)
def keep_draft(reflection_id: str, request: Request, db: DbSession,
               step_id: Annotated[str, Form()] = "", text: Annotated[str, Form()] = "",
               csrf: Csrf = None) -> Response:
    """The autosave as the writer types (JavaScript): the words are kept, not yet screened."""
    check_csrf(request, csrf)
    person = signed_in(request, db)
    _step(step_id)
    try:
        words = parse(StepText, {"text": text}).text
    except BetweenError as error:
        return HTMLResponse(f"Not kept: {error.errors[0].message if error.errors else error.detail}.",
                            status_code=error.status)
    service.save_step(db, person, reflection_id, step_id, words, screen=False)
    return HTMLResponse(f"Draft kept at {local(utcnow(), person.time_zone):%H:%M}.")


@router.get("/attachment/{reflection_id}/finish", response_class=HTMLResponse)
def finish_page(reflection_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    reflection = service.owned_reflection(db, person, reflection_id)
    return _finish_page(request, db, person, reflection)


def _finish_page(request: Request, db, person: Person, reflection, *,
                 error: BetweenError | None = None, status: int = 200) -> Response:
    return render(request, "attachment/finish.html", status, person=person, nav="attachment",
                  reflection=reflection, view=service.reflection_view(reflection, person),
                  steps=guide.steps(), error=error, help=service.help_view(db, person, reflection),
                  choices=share_choices(request, person, reflection.visibility))


@router.post("/attachment/{reflection_id}/finish", response_class=HTMLResponse)
def finish(reflection_id: str, request: Request, db: DbSession,
           visibility: Annotated[str, Form()] = "private", csrf: Csrf = None) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    reflection = service.owned_reflection(db, person, reflection_id)
    try:
        change = parse(ReflectionChange, {"visibility": visibility, "finished": True})
        service.edit_reflection(db, person, reflection_id, change)
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        reflection = service.owned_reflection(db, person, reflection_id)
        return _finish_page(request, db, person, reflection, error=error, status=error.status)
    return redirect(f"/attachment/{reflection_id}")


@router.get("/attachment/{reflection_id}", response_class=HTMLResponse)
def detail(reflection_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    reflection = service.read_reflection(db, person, reflection_id)
    view = service.reflection_view(reflection, person)
    own = view["owner_id"] == person.id
    return render(request, "attachment/detail.html", person=person, nav="attachment", r=view,
                  own=own, steps=guide.steps(), seen_by=SEEN_BY,
                  help=service.help_view(db, person, reflection),
                  links=service.links_view(db, person) if own else None,
                  choices=share_choices(request, person, view["visibility"]) if own else [],
                  owner_name=_partner_names(db, person).get(view["owner_id"], _someone(person)))


@router.post("/attachment/{reflection_id}/share")
def share(reflection_id: str, request: Request, db: DbSession,
          visibility: Annotated[str, Form()] = "private", csrf: Csrf = None) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    service.owned_reflection(db, person, reflection_id)  # 404 before judging the input
    service.edit_reflection(db, person, reflection_id,
                            parse(ReflectionChange, {"visibility": visibility}))
    return redirect(f"/attachment/{reflection_id}")


@router.post("/attachment/{reflection_id}/delete")
def delete(reflection_id: str, request: Request, db: DbSession, csrf: Csrf = None) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    service.delete_reflection(db, person, reflection_id)
    return redirect("/attachment")


def _someone(person: Person) -> str:
    """Who wrote a reflection shared with `person`, where no name is at hand."""
    return "Your client" if person.role == Role.THERAPIST.value else "Your partner"


def _partner_names(db, person: Person) -> dict[str, str]:
    couple = current_couple(db, person)
    return {p.id: p.display_name for p in partners(db, couple.id)} if couple else {}
