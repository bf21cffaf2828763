"""Rendering pages: templates, the CSRF cookie, the logged-in person (and the login guard)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from sqlalchemy.orm import Session

from between.api.deps import DbSession
from between.errors import BetweenError
from between.people.accounts import person_for_token
from between.people.models import Person
from between.people.time import FORMATS, shown
from between.safety.writer import tel
from between.web.navigation import menu_for
from between.web.security import (
    CSRF_COOKIE,
    LEFT_COOKIE,
    NEUTRAL_PAGE,
    SESSION_COOKIE,
    WEB_ROOT,
    csrf_token,
)

templates = Jinja2Templates(directory=WEB_ROOT / "templates")


def _clock_filter(kind: str):
    @pass_context
    def show(context, moment):
        person = context.get("person")
        return shown(moment, person.time_zone if person else None, kind)
    return show


# `{{ m.occurred_at | when }}`: every time on a page is on the reader's own clock.
for _kind in FORMATS:
    templates.env.filters[_kind] = _clock_filter(_kind)
templates.env.filters["tel"] = tel


def web_person(request: Request, db: Session) -> Person | None:
    token = request.cookies.get(SESSION_COOKIE)
    person = person_for_token(db, token, kind="web") if token else None
    # Kept for render(): the page's own transaction answers the person's display settings.
    request.state.db = db
    return person


class LoginRequired(Exception):
    """A page needs a signed-in person and there is none; answered by `on_login_required`."""


def signed_in(request: Request, db: DbSession) -> Person:
    """The signed-in person; without one, the page answers with the redirect to the login page.

    Pages take it as a dependency (`person: SignedIn`). A form post calls it itself, after
    check_csrf, so an expired form from a signed-out browser still answers "Form expired".
    """
    person = web_person(request, db)
    if person is None:
        raise LoginRequired
    return person


SignedIn = Annotated[Person, Depends(signed_in)]


def on_login_required(request: Request, exc: LoginRequired) -> RedirectResponse:
    # Just after a quick exit, Back to an app page lands on the neutral page, not the login.
    return redirect(NEUTRAL_PAGE) if left_quickly(request) else login_redirect()


def left_quickly(request: Request) -> bool:
    """Whether this browser left by Quick exit in the last LEFT_SECONDS."""
    return request.cookies.get(LEFT_COOKIE) == "1"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("person", None)
    context.setdefault("form", {})
    context.setdefault("error", None)
    context["csrf_token"] = csrf_token(request)
    # A fragment swapped in by HTMX carries its own crisis card; a whole page has it at the top.
    context["htmx"] = request.headers.get("HX-Request") == "true"
    context["menu"] = menu_for(context["person"])
    if "safety_notice" not in context:
        context.update(_personal(request, context["person"]))
    check = context.get("safety")
    if getattr(check, "flag", False) and getattr(check, "instead_of_coaching", True):
        context["safety_notice"] = False  # the crisis card here says more than the note
    response = templates.TemplateResponse(request, template, context, status_code=status)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="lax",
                            secure=request.app.state.settings.secure_cookies)
    return response


def _personal(request: Request, person: Person | None) -> dict[str, bool]:
    """Settings that change only the person's own pages: the app's name, a private notice."""
    db = getattr(request.state, "db", None)
    if person is None or db is None:
        return {"hide_name": False, "safety_notice": False}
    from between.safety.service import hide_app_name, take_notice

    return {"hide_name": hide_app_name(db, person), "safety_notice": take_notice(db, person)}


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def login_redirect() -> RedirectResponse:
    return redirect("/login")


def error_page(request: Request, error: BetweenError) -> HTMLResponse:
    """An error as a page, with the signed-in person's own header and menu.

    Its own short transaction: the route's (if one ran) has been rolled back. A private notice
    waits for a real page rather than being spent on an error.
    """
    from between.safety.service import hide_app_name

    with request.app.state.sessionmaker() as db:
        person = web_person(request, db)
        hide_name = hide_app_name(db, person) if person else False
        return render(request, "error.html", error.status, person=person, hide_name=hide_name,
                      safety_notice=False, title=error.title, error=error)
