"""Safety pages: the private check-in, its result, resources, the safety plan, settings.

Every page shows the logged-in person their own safety data and nothing else. Page titles are
plain ("Check-in", "Support") so a tab or history entry reveals little.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from between.api.deps import DbSession
from between.errors import BetweenError
from between.people.models import Person
from between.safety import service
from between.safety.resources import resources_for, shipped_locales
from between.safety.screening import load_check_in
from between.safety.writer import WriterCheck, page_card
from between.web.render import SignedIn, redirect, render, signed_in
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)


async def _form_fields(request: Request) -> dict[str, str]:
    """The posted form as plain strings; the check-in and plan have one field per item."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(_form_fields)]


def _page(request: Request, person: Person, template: str, status: int = 200,
          **context: Any) -> HTMLResponse:
    # render() adds the person's own display settings and the one-off notice (base.html).
    return render(request, template, status, person=person, nav="safety", **context)


def locale_choices() -> list[tuple[str, str]]:
    locales = shipped_locales()
    return sorted(((code, r.name) for code, r in locales.items() if code != "international"),
                  key=lambda choice: choice[1])


def _card(db: Session, person: Person, view: dict[str, Any]) -> WriterCheck:
    """The crisis card for the top of a safety page: the person's country, the lines that fit
    their open concern (every line when none is open)."""
    state = service.active_state(db, person)
    return page_card(view.get("locale"), state.kinds if state else ())


@router.get("/safety", response_class=HTMLResponse)
def safety_home(request: Request, db: DbSession, person: SignedIn) -> Response:
    view = service.status_view(db, person)
    return _page(request, person, "safety/status.html", view=view, safety=_card(db, person, view),
                 back=None, checked_in=service.latest_check_in(db, person) is not None)


@router.get("/safety/check-in", response_class=HTMLResponse)
def check_in_page(request: Request, person: SignedIn) -> Response:
    return _page(request, person, "safety/check_in.html", check_in=load_check_in())


@router.post("/safety/check-in", response_class=HTMLResponse)
def take_check_in(request: Request, db: DbSession, fields: FormFields) -> Response:
    check_csrf(request, fields.pop("csrf_token", None))
    person = signed_in(request, db)
    answers = {key: value for key, value in fields.items() if value}
    try:
        service.take_check_in(db, person, answers)
    except BetweenError as error:
        problems = {e.field.removeprefix("answers."): e.message for e in error.errors}
        return _page(request, person, "safety/check_in.html", error.status, error=error,
                     check_in=load_check_in(), form=answers, problems=problems)
    return redirect("/safety/result")


@router.get("/safety/result", response_class=HTMLResponse)
def result_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    result = service.latest_result(db, person)
    if result is None:
        return redirect("/safety/check-in")
    view = service.status_view(db, person)
    shown = service.result_view(result)
    # A result that raises a concern opens with the card, not 1,900 px down the page.
    card = _card(db, person, view) if shown["risk_active"] or shown["urgency"] == "urgent" else None
    return _page(request, person, "safety/result.html", result=shown, view=view, safety=card,
                 back=None)


@router.get("/safety/resources", response_class=HTMLResponse)
def resources_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    view = service.status_view(db, person)
    local = resources_for(view["locale"])
    listed = {s["id"] for s in view["resources"]}
    # Services that fit the person's situation first; every other local service after them.
    others = [s.model_dump() for s in local.services if s.id not in listed]
    return _page(request, person, "safety/resources.html", view=view, place=local.name,
                 others=others)


@router.get("/safety/plan", response_class=HTMLResponse)
def plan_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _page(request, person, "safety/plan.html", plan=service.plan_view(db, person))


@router.post("/safety/plan", response_class=HTMLResponse)
def save_plan(request: Request, db: DbSession, fields: FormFields) -> Response:
    check_csrf(request, fields.pop("csrf_token", None))
    person = signed_in(request, db)
    try:
        service.save_plan(db, person, fields)
    except BetweenError as error:
        plan = service.plan_view(db, person)
        for step in plan["steps"]:
            step["entry"] = fields.get(step["id"], step["entry"])
        return _page(request, person, "safety/plan.html", error.status, error=error, plan=plan)
    return _page(request, person, "safety/plan.html", plan=service.plan_view(db, person),
                 saved=True)


@router.get("/safety/settings", response_class=HTMLResponse)
def settings_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _page(request, person, "safety/settings.html", locales=locale_choices(),
                 prefs=service.preferences_view(service.preferences(db, person)),
                 saved=request.query_params.get("saved") == "1")


@router.post("/safety/settings", response_class=HTMLResponse)
def save_settings(request: Request, db: DbSession, fields: FormFields) -> Response:
    check_csrf(request, fields.get("csrf_token"))
    person = signed_in(request, db)
    try:
        service.update_preferences(
            db, person, hide_app_name=fields.get("hide_app_name") == "true",
            locale=fields.get("locale", ""),
            therapist_alert_consent=fields.get("therapist_alert_consent") == "true",
            quick_exit_logout=fields.get("quick_exit_logout") == "true")
    except BetweenError as error:
        return _page(request, person, "safety/settings.html", error.status, error=error,
                     locales=locale_choices(), prefs=fields)
    return redirect("/safety/settings?saved=1")


@router.post("/safety/clear", response_class=HTMLResponse)
def clear(request: Request, db: DbSession, fields: FormFields) -> Response:
    return _decide(request, db, fields, service.clear)


@router.post("/safety/keep", response_class=HTMLResponse)
def keep(request: Request, db: DbSession, fields: FormFields) -> Response:
    return _decide(request, db, fields, service.keep)


def _decide(request: Request, db: Session, fields: dict[str, str], decision) -> Response:
    check_csrf(request, fields.get("csrf_token"))
    person = signed_in(request, db)
    decision(db, person)
    return redirect("/safety")
