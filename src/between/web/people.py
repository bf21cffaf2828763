"""Pages: landing, sign up, log in/out, couple, home, the neutral quick-exit page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer

from between.api.deps import DbSession
from between.assessments.service import reminders_for
from between.errors import BetweenError, FieldProblem, bad_input
from between.moments.service import list_moments
from between.people import accounts, couples
from between.people.first_steps import HIDDEN, first_steps, mark
from between.people.ratelimit import client_address
from between.web import account
from between.web.render import SignedIn, left_quickly, redirect, render, signed_in, web_person
from between.web.security import (
    EXIT_PATH,
    LEFT_COOKIE,
    LEFT_SECONDS,
    NEUTRAL_PAGE,
    SESSION_COOKIE,
    WEB_STATIC,
    check_csrf,
)

router = APIRouter(include_in_schema=False)
router.include_router(account.router)
FormText = Annotated[str, Form()]
Csrf = Annotated[str | None, Form()]


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, db: DbSession) -> Response:
    if web_person(request, db):
        return redirect("/home")
    if left_quickly(request):
        return redirect(NEUTRAL_PAGE)
    return render(request, "landing.html")


@router.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for /favicon.ico on their own; pages name /static/favicon.svg.
    return FileResponse(WEB_STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/neutral", response_class=HTMLResponse)
@router.get(NEUTRAL_PAGE, response_class=HTMLResponse)
def neutral(request: Request) -> Response:
    """The page Quick exit leaves for: its address and title say nothing of the app."""
    return render(request, "neutral.html")


@router.get(EXIT_PATH)
def quick_exit(request: Request, db: DbSession) -> Response:
    """Quick exit (the button, or Esc twice): ends this browser's session unless the person
    turned that off, then the neutral page. A GET, so the link works without JavaScript; the
    script reaches it with location.replace, so the page left is not kept in history. For
    LEFT_SECONDS afterwards the app's pages, reached by Back, open the neutral page too."""
    from between.safety.service import quick_exit_logout

    response = redirect(NEUTRAL_PAGE)
    person = web_person(request, db)
    if person is not None and not quick_exit_logout(db, person):
        return response
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.revoke_token(db, token)
    response.delete_cookie(SESSION_COOKIE)
    response.set_cookie(LEFT_COOKIE, "1", max_age=LEFT_SECONDS, httponly=True, samesite="lax",
                        secure=request.app.state.settings.secure_cookies)
    return response


def _signup_page(request: Request, form: dict, status: int = 200,
                 error: BetweenError | None = None) -> Response:
    from between.web.safety import locale_choices

    return render(request, "people/signup.html", status, form=form, error=error,
                  locales=locale_choices())


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> Response:
    if left_quickly(request):
        return redirect(NEUTRAL_PAGE)
    # The country for the support services we list, guessed from the browser's language.
    from between.safety.resources import country_from_accept_language

    guess = country_from_accept_language(request.headers.get("accept-language"))
    return _signup_page(request, {"locale": guess or ""})


@router.post("/signup", response_class=HTMLResponse)
def signup(request: Request, db: DbSession, email: FormText = "", password: FormText = "",
           display_name: FormText = "", time_zone: FormText = "", role: FormText = "",
           locale: FormText = "", csrf_token: Csrf = None) -> Response:
    from between.safety import service as safety
    from between.safety.resources import country_of

    check_csrf(request, csrf_token)
    form = {"email": email, "display_name": display_name, "time_zone": time_zone, "role": role,
            "locale": locale}
    try:
        if locale.strip() and country_of(locale) is None:  # checked first: it tells nothing
            raise bad_input("The account details need a change.",
                            FieldProblem("locale", "Choose a country from the list."))
        person = accounts.sign_up(
            db, email=email, password=password, display_name=display_name, time_zone=time_zone,
            role=accounts.Role.THERAPIST if role == "therapist" else accounts.Role.PARTNER)
        if person is not None and locale.strip():
            safety.update_preferences(db, person, locale=locale)
    except BetweenError as error:
        return _signup_page(request, form, error.status, error)
    # The same page whether or not the email was free: signing up never tells who has an account.
    return render(request, "people/login.html", form={"email": email.strip().lower()},
                  signed_up=True)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if left_quickly(request):
        return redirect(NEUTRAL_PAGE)
    return render(request, "people/login.html")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, db: DbSession, email: FormText = "", password: FormText = "",
          csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    try:
        person = accounts.log_in(db, request.app.state.login_limiter, email=email,
                                 password=password, address=client_address(request))
    except BetweenError as error:
        return render(request, "people/login.html", error.status, form={"email": email},
                      error=error)
    return _logged_in(request, db, person,
                      "/welcome" if accounts.never_logged_in(db, person) else "/home")


@router.post("/logout")
def logout(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.revoke_token(db, token)
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/welcome", response_class=HTMLResponse)
def welcome(request: Request, db: DbSession, person: SignedIn) -> Response:
    if person.role == "therapist":
        return redirect("/therapist")  # the partners' first steps are not a therapist's
    return render(request, "people/welcome.html", person=person,
                  couple=couples.current_couple(db, person))


@router.get("/home", response_class=HTMLResponse)
def home(request: Request, db: DbSession, person: SignedIn) -> Response:
    if person.role == "therapist":
        return redirect("/therapist")  # a therapist's home is their couples
    couple = couples.current_couple(db, person)
    members = couples.partners(db, couple.id) if couple else []
    partner = next((p for p in members if p.id != person.id), None)
    return render(request, "people/home.html", person=person, couple=couple, partners=members,
                  partner=partner, moment_count=len(list_moments(db, person)), nav="home",
                  reminders=reminders_for(db, person)[:1],
                  steps=first_steps(db, person, with_partner=partner is not None),
                  left=couple is None and couples.left_by_partner(db, person))


@router.post("/home/first-steps/hide")
def hide_first_steps(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    mark(signed_in(request, db), HIDDEN)
    return redirect("/home")


@router.get("/couple", response_class=HTMLResponse)
def couple_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _couple_page(request, db, person)


@router.post("/couple/create", response_class=HTMLResponse)
def create_couple(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    return _couple_action(request, db, csrf_token, "create")


@router.post("/couple/invite", response_class=HTMLResponse)
def new_invite(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    return _couple_action(request, db, csrf_token, "invite")


@router.post("/couple/join", response_class=HTMLResponse)
def join_couple(request: Request, db: DbSession, invite_code: FormText = "",
                csrf_token: Csrf = None) -> Response:
    return _couple_action(request, db, csrf_token, "join", invite_code)


@router.post("/couple/leave", response_class=HTMLResponse)
def leave_couple(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    return _couple_action(request, db, csrf_token, "leave")


def _couple_action(request: Request, db, csrf: str | None, action: str, code: str = "") -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    hours = request.app.state.settings.invite_hours
    invite_code = None
    try:
        if action == "create":
            _, invite_code = couples.create_couple(db, person, invite_hours=hours)
        elif action == "invite":
            couple = couples.require_current_couple(db, person)
            invite_code = couples.new_invite(db, couple, person, invite_hours=hours)
        elif action == "join":
            if not code.strip():
                raise BetweenError("Enter the invite code your partner gave you.",
                                   [FieldProblem("invite_code", "is required")], 422)
            couples.join_couple(db, person, code)
        else:
            couples.leave_couple(db, person)
    except BetweenError as error:
        db.rollback()
        return _couple_page(request, db, person, error=error, status=error.status)
    if invite_code is None:
        response = redirect("/home" if action == "join" else "/couple")
        response.delete_cookie(INVITE_COOKIE, path="/couple")
        return response
    # Post, then redirect: a reload shows the page again instead of posting "Start" twice (a
    # 409). The code is shown once and only its hash is stored, so it waits in a signed,
    # HttpOnly cookie for this browser until it is used or expires.
    response = redirect("/couple")
    response.set_cookie(INVITE_COOKIE, _invite_signer(request).dumps(invite_code), path="/couple",
                        max_age=hours * 3600, httponly=True, samesite="lax",
                        secure=request.app.state.settings.secure_cookies)
    return response


INVITE_COOKIE = "between_invite"


def _invite_signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.secret_key, salt="invite")


def _kept_invite(request: Request, db, couple) -> str | None:
    """The invite code this browser was shown, while it can still be used."""
    kept = request.cookies.get(INVITE_COOKIE)
    if not (kept and couple):
        return None
    try:
        code = _invite_signer(request).loads(kept)
    except BadSignature:
        return None
    return code if couples.invite_still_open(db, couple, code) else None


def _couple_page(request: Request, db, person, *, error=None, status: int = 200) -> Response:
    couple = couples.current_couple(db, person)
    invite_code = _kept_invite(request, db, couple)
    members = couples.partners(db, couple.id) if couple else []
    from between.safety.service import screen_notice, screened_in_couple

    screen = screen_notice(db, couple.id) if len(members) == 2 else None
    return render(request, "people/couple.html", status, person=person, couple=couple,
                  partners=members, invite_code=invite_code, error=error, nav="couple",
                  screen=screen, mine=screened_in_couple(db, person),
                  left=couple is None and couples.left_by_partner(db, person),
                  invite_hours=request.app.state.settings.invite_hours,
                  labels={"invite_code": "Invite code"})


def _logged_in(request: Request, db, person, to: str) -> Response:
    settings = request.app.state.settings
    token = accounts.issue_token(db, person, kind="web", days=settings.session_days)
    response = redirect(to)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=settings.secure_cookies, max_age=settings.session_days * 86400)
    response.delete_cookie(LEFT_COOKIE)
    return response
