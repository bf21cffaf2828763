"""Pages for moments. A moment someone may not see is a 404 page, as in the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from between.api.deps import DbSession
from between.errors import BetweenError
from between.moments import service
from between.people.couples import current_couple, partners
from between.people.models import Person
from between.validation import parse
from between.web.render import login_redirect, redirect, render, web_person
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Optional = Annotated[str | None, Form()]

VISIBILITY_CHOICES = [
    ("private", "Only me"),
    ("partner", "My partner"),
    ("therapist", "Our therapist"),
    ("couple", "My partner and our therapist"),
]
FIELD_LABELS = [
    ("surface_reaction", "What I felt on top"),
    ("protective_move", "What I did"),
    ("meaning", "What I told myself it meant"),
    ("deeper_feeling", "What I felt underneath"),
    ("need", "What I needed"),
    ("intensity", "How strong (0-10)"),
    ("outcome", "How it ended"),
    ("repair_minutes", "Minutes to repair"),
]


@router.get("/moments", response_class=HTMLResponse)
def list_page(request: Request, db: DbSession) -> Response:
    person = web_person(request, db)
    if person is None:
        return login_redirect()
    moments = [service.moment_view(m, person) for m in service.list_moments(db, person)]
    return render(request, "moments/list.html", person=person, moments=moments, nav="moments",
                  names=_partner_names(db, person))


@router.get("/moments/new", response_class=HTMLResponse)
def new_page(request: Request, db: DbSession) -> Response:
    person = web_person(request, db)
    if person is None:
        return login_redirect()
    return render(request, "moments/form.html", person=person, nav="moments",
                  visibilities=VISIBILITY_CHOICES)


@router.post("/moments", response_class=HTMLResponse)
def record(request: Request, db: DbSession, happened: Optional = None,
           surface_reaction: Optional = None, protective_move: Optional = None,
           meaning: Optional = None, deeper_feeling: Optional = None, need: Optional = None,
           intensity: Optional = None, visibility: Optional = None,
           csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = web_person(request, db)
    if person is None:
        return login_redirect()
    form = {"happened": happened, "surface_reaction": surface_reaction,
            "protective_move": protective_move, "meaning": meaning,
            "deeper_feeling": deeper_feeling, "need": need, "intensity": intensity,
            "visibility": visibility}
    filled = {k: v for k, v in form.items() if v not in (None, "")}
    try:
        moment = service.record_moment(db, person, parse(service.NewMoment, filled))
    except BetweenError as error:
        return render(request, "moments/form.html", error.status, person=person, form=form,
                      error=error, visibilities=VISIBILITY_CHOICES, nav="moments",
                      labels={"happened": "What happened", "intensity": "How strong"})
    return redirect(f"/moments/{moment.id}")


@router.get("/moments/{moment_id}", response_class=HTMLResponse)
def detail(moment_id: str, request: Request, db: DbSession) -> Response:
    person = web_person(request, db)
    if person is None:
        return login_redirect()
    view = service.moment_view(service.read_moment(db, person, moment_id), person)
    return render(request, "moments/detail.html", person=person, m=view, fields=FIELD_LABELS,
                  owner_name=_partner_names(db, person).get(view["owner_id"], "your partner"),
                  nav="moments")


def _partner_names(db, person: Person) -> dict[str, str]:
    couple = current_couple(db, person)
    return {p.id: p.display_name for p in partners(db, couple.id)} if couple else {}
