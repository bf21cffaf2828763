"""Pages for moments: record (with live suggestions and a kept draft), read, edit, share, delete.

A moment someone may not see is a 404 page, as in the API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from between.api.deps import DbSession
from between.errors import BetweenError
from between.moments import service
from between.people.couples import current_couple, partners
from between.people.models import Person
from between.people.time import from_local, local
from between.safety.writer import WriterCheck, check_writing, read_writing
from between.validation import parse
from between.web.render import SignedIn, redirect, render, signed_in, templates, web_person
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)

VISIBILITY_CHOICES = [
    ("private", "Only me"),
    ("partner", "My partner"),
    ("therapist", "Our therapist"),
    ("couple", "My partner and our therapist"),
]
THERAPIST_CHOICES = {"therapist", "couple"}


def offered_visibilities(request: Request, person: Person | None) -> set[str]:
    """The sharing choices offered to this person: those that name "our therapist" only while a
    therapist link of their couple is active (a record that already has one keeps it shown)."""
    from between.therapist.links import has_active_therapist

    db = getattr(request.state, "db", None)
    everything = {value for value, _ in VISIBILITY_CHOICES}
    if person is not None and db is not None and has_active_therapist(db, person):
        return everything
    return everything - THERAPIST_CHOICES


OUTCOME_CHOICES = [("repaired", "We repaired it"), ("unresolved", "Left hanging"),
                   ("ongoing", "Still going")]
OUTCOME_LABELS = dict(OUTCOME_CHOICES)
SEEN_BY = {"private": "you only", "partner": "you and your partner", "therapist": "you and your therapist",
           "couple": "you, your partner and your therapist"}
FORM_FIELDS = [
    ("surface_reaction", "What I felt on top", "text"),
    ("protective_move", "What I did", "text"),
    ("meaning", "What I told myself it meant", "textarea"),
    ("deeper_feeling", "What I felt underneath", "text"),
    ("need", "What I needed", "text"),
    ("intensity", "How strong, 0 to 10", "number"),
    ("repair_minutes", "If repaired, how many minutes it took", "number"),
]
SUGGESTION_FIELDS = [("surface_reaction", "On top"), ("protective_move", "What you did"),
                     ("deeper_feeling", "Underneath"), ("need", "Needed")]
DETAIL_LABELS = [(key, label) for key, label, _ in FORM_FIELDS] + [("outcome", "How it ended"),
                                                                   ("occurred_at", "When")]
LABELS = {"happened": "What happened", **{key: label for key, label, _ in FORM_FIELDS}}


class MomentForm(BaseModel):
    happened: str | None = None
    surface_reaction: str | None = None
    protective_move: str | None = None
    meaning: str | None = None
    deeper_feeling: str | None = None
    need: str | None = None
    intensity: str | None = None
    repair_minutes: str | None = None
    outcome: str | None = None
    occurred_at: str | None = None
    visibility: str | None = None
    keep_text_private: str | None = None
    action: str | None = None
    csrf_token: str | None = None

    def values(self) -> dict[str, Any]:
        """What the person typed, minus empty fields and form plumbing."""
        return {k: v for k, v in self.all_values().items() if v not in (None, "", False)}

    def all_values(self) -> dict[str, Any]:
        """Every field, an emptied one as None: an edit can clear what was there."""
        data = {k: (v or None) for k, v in self.model_dump(exclude={"action", "csrf_token"}).items()}
        data["keep_text_private"] = data["keep_text_private"] == "true"
        return data


def on_own_clock(values: dict[str, Any], person: Person) -> dict[str, Any]:
    """The form's "When" (a wall-clock time, no zone) read on the person's own clock."""
    typed = values.get("occurred_at")
    if not typed:
        return values
    try:
        when = datetime.fromisoformat(typed)
    except ValueError:
        return values  # left as typed: the service answers with a clear error
    return {**values, "occurred_at": from_local(when, person.time_zone).isoformat()}


FormData = Annotated[MomentForm, Form()]


def _form_page(request: Request, person: Person, form: dict, *, action: str = "/moments",
               moment_id: str | None = None, error: BetweenError | None = None,
               suggestions: dict | None = None, status: int = 200,
               safety: WriterCheck | None = None) -> Response:
    if safety is not None and safety.flag:
        suggestions = None  # the crisis card instead of any reading of these words
    return render(request, "moments/form.html", status, person=person, form=form, error=error,
                  action=action, moment_id=moment_id, fields=FORM_FIELDS, nav="moments",
                  outcomes=OUTCOME_CHOICES, visibilities=VISIBILITY_CHOICES, labels=LABELS,
                  offered=offered_visibilities(request, person),
                  suggestions=suggestions, suggestion_fields=SUGGESTION_FIELDS, safety=safety,
                  back="#happened")


def _written(values: dict[str, Any]) -> list[str | None]:
    """What the person wrote in their own words, as the safety check reads it."""
    return [values.get(name) for name in service.WRITTEN_FIELDS]


@router.get("/moments", response_class=HTMLResponse)
def list_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    moments = [service.moment_view(m, person) for m in service.list_moments(db, person)]
    return render(request, "moments/list.html", person=person, moments=moments, nav="moments",
                  names=_partner_names(db, person))


@router.get("/moments/new", response_class=HTMLResponse)
def new_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _form_page(request, person, service.load_draft(db, person))


@router.post("/moments", response_class=HTMLResponse)
def record(request: Request, db: DbSession, form: FormData) -> Response:
    check_csrf(request, form.csrf_token)
    person = signed_in(request, db)
    values = form.values()
    if form.action == "suggest":  # the no-JavaScript way to see suggestions
        service.save_draft(db, person, values)
        safety = check_writing(db, person, _written(values), source="moment")
        suggestions = None if safety.flag else service.suggest_for(values.get("happened", ""))
        return _form_page(request, person, values, suggestions=suggestions, safety=safety)
    try:
        moment = service.record_moment(db, person, parse(service.NewMoment, on_own_clock(values, person)))
    except BetweenError as error:
        db.rollback()
        service.save_draft(db, person, values)  # nothing typed is lost
        return _form_page(request, person, values, error=error, status=error.status)
    service.clear_draft(db, person)
    return redirect(f"/moments/{moment.id}")


@router.post("/moments/suggest", response_class=HTMLResponse)
def suggest(request: Request, db: DbSession, form: FormData) -> Response:
    check_csrf(request, form.csrf_token)
    person = web_person(request, db)
    if person is None:
        return Response(status_code=401)
    # Live, as the person types: the crisis card in place of suggestions when the words flag.
    safety = check_writing(db, person, _written(form.values()), source="moment")
    return templates.TemplateResponse(request, "moments/_suggestions.html", {
        "suggestions": None if safety.flag else service.suggest_for(form.happened or ""),
        "suggestion_fields": SUGGESTION_FIELDS, "safety": safety, "htmx": True,
        "back": "#happened"})


@router.post("/moments/draft", response_class=HTMLResponse)
def keep_draft(request: Request, db: DbSession, form: FormData) -> Response:
    check_csrf(request, form.csrf_token)
    person = web_person(request, db)
    if person is None:
        return Response(status_code=401)
    draft = service.save_draft(db, person, form.values())
    db.flush()
    return HTMLResponse(f"Draft kept at {draft.updated_at:%H:%M}.")


@router.get("/moments/{moment_id}", response_class=HTMLResponse)
def detail(moment_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    view = service.moment_view(service.read_moment(db, person, moment_id), person)
    own = view["owner_id"] == person.id
    # The writer's own page about what they wrote carries their card; nobody else's ever does.
    safety = read_writing(db, person, _written(view)) if own else None
    return render(request, "moments/detail.html", person=person, m=view, fields=DETAIL_LABELS,
                  safety=safety, back="/moments",
                  outcomes=OUTCOME_LABELS, seen_by=SEEN_BY, own=view["owner_id"] == person.id, nav="moments",
                  owner_name=_partner_names(db, person).get(view["owner_id"], "your partner"))


@router.get("/moments/{moment_id}/edit", response_class=HTMLResponse)
def edit_page(moment_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    moment = service.owned_moment(db, person, moment_id)
    form = service.moment_view(moment, person)
    if form["occurred_at"]:
        form["occurred_at"] = local(form["occurred_at"], person.time_zone).strftime("%Y-%m-%dT%H:%M")
    return _form_page(request, person, form, action=f"/moments/{moment_id}", moment_id=moment_id,
                      suggestions=moment.analysis, safety=read_writing(db, person, _written(form)))


@router.post("/moments/{moment_id}", response_class=HTMLResponse)
def edit(moment_id: str, request: Request, db: DbSession, form: FormData) -> Response:
    check_csrf(request, form.csrf_token)
    person = signed_in(request, db)
    values = form.all_values()
    try:
        service.edit_moment(db, person, moment_id, parse(service.MomentChange, on_own_clock(values, person)))
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _form_page(request, person, values, action=f"/moments/{moment_id}",
                          moment_id=moment_id, error=error, status=error.status)
    return redirect(f"/moments/{moment_id}")


@router.post("/moments/{moment_id}/delete")
def delete(moment_id: str, request: Request, db: DbSession,
           csrf: Annotated[str | None, Form(alias="csrf_token")] = None) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    service.delete_moment(db, person, moment_id)
    return redirect("/moments")


def _partner_names(db, person: Person) -> dict[str, str]:
    couple = current_couple(db, person)
    return {p.id: p.display_name for p in partners(db, couple.id)} if couple else {}
