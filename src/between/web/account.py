"""The account page: profile, country, time zone, password, logins, export, delete the account.

Each form posts to its own route and comes back to /account with what was saved; a mistake
comes back with the form as it was typed and the error beside it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from between.api.deps import DbSession
from between.errors import BetweenError, FieldProblem, bad_input
from between.people import accounts
from between.people.couples import current_couple, partners
from between.people.erasure import erase_person, forget_physically
from between.people.secrets import verify_password
from between.people.time import zone_names
from between.safety import service as safety
from between.web.render import SignedIn, redirect, render, signed_in
from between.web.safety import locale_choices
from between.web.security import SESSION_COOKIE, check_csrf

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
Csrf = Annotated[str | None, Form()]
SAVED = {"profile": "Your profile is saved.", "password": "Your password is changed. Other logins have ended.",
         "login": "That login has ended."}
EXPORTS = [
    ("json", "Everything (JSON)", "Moments, check-ins, conversations, slow-downs: every field."),
    ("csv", "Spreadsheet (CSV)", "A zip: one file per kind of record, and a codebook for every column."),
    ("fhir", "For a clinician (FHIR R4)", "Your check-ins as questionnaire responses."),
    ("pdf", "Printable report (PDF)", "Check-ins and the moments' picture over time."),
]
LABELS = {"display_name": "Your name", "time_zone": "Time zone", "locale": "Country",
          "current_password": "Current password", "new_password": "New password",
          "password": "Password", "confirm": "Confirmation"}


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _page(request, db, person, saved=SAVED.get(request.query_params.get("saved", "")))


@router.post("/account/profile", response_class=HTMLResponse)
def save_profile(request: Request, db: DbSession, display_name: FormText = "", time_zone: FormText = "",
                 locale: FormText = "", csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    form = {"display_name": display_name, "time_zone": time_zone, "locale": locale}
    try:
        accounts.update_profile(db, person, display_name=display_name, time_zone=time_zone)
        safety.update_preferences(db, person, locale=locale)
    except BetweenError as error:
        db.rollback()
        return _page(request, db, person, form=form, error=error, status=error.status)
    return redirect("/account?saved=profile")


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, db: DbSession, current_password: FormText = "",
                    new_password: FormText = "", csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        accounts.change_password(db, person, current=current_password, new=new_password,
                                 keep_token=request.cookies.get(SESSION_COOKIE))
    except BetweenError as error:
        db.rollback()
        return _page(request, db, person, error=error, status=error.status)
    return redirect("/account?saved=password")


@router.post("/account/logins/{login_id}/end", response_class=HTMLResponse)
def end_login(login_id: str, request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    accounts.end_login(db, person, login_id)
    if accounts.person_for_token(db, request.cookies.get(SESSION_COOKIE) or "", kind="web") is None:
        response = redirect("/")  # this browser's own login just ended
        response.delete_cookie(SESSION_COOKIE)
        return response
    return redirect("/account?saved=login")


@router.post("/account/delete", response_class=HTMLResponse)
def delete_account(request: Request, db: DbSession, password: FormText = "", confirm: FormText = "",
                   csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        if confirm != "delete":
            raise bad_input("Tick the box to confirm that everything you wrote should be deleted.",
                            FieldProblem("confirm", "is required"))
        if not verify_password(person.password_hash, password):
            raise bad_input("The password is not right.", FieldProblem("password", "is not your password"))
    except BetweenError as error:
        return _page(request, db, person, error=error, status=error.status)
    erase_person(db, person)
    db.commit()
    forget_physically(request.app.state.engine)  # the text goes from the database files too
    response = render(request, "people/deleted.html")
    response.delete_cookie(SESSION_COOKIE)
    return response


def _page(request: Request, db, person, *, form: dict | None = None, error=None, saved=None,
          status: int = 200) -> Response:
    prefs = safety.preferences(db, person)
    form = form or {"display_name": person.display_name, "time_zone": person.time_zone,
                    "locale": prefs.locale or ""}
    couple = current_couple(db, person)
    partner = next((p.display_name for p in partners(db, couple.id) if p.id != person.id), None) if couple else None
    return render(request, "people/account.html", status, person=person, nav="account", form=form,
                  partner=partner, logins=accounts.logins(db, person),
                  this_token=request.cookies.get(SESSION_COOKIE), is_token=accounts.is_token,
                  error=error, saved=saved, labels=LABELS, zones=zone_names(), locales=locale_choices(),
                  exports=EXPORTS, **_therapist(db, person))


def _therapist(db, person) -> dict:
    """What the therapist can see and every time they opened something (partners only)."""
    from between.web.therapist import access_context

    return access_context(db, person) if person.role == "partner" else {"visible": None}
