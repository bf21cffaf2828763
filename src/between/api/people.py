"""Accounts, sessions, the caller, their couple, export and erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from between.api.deps import AppSettings, Bearer, CurrentPerson, DbSession
from between.people import accounts, couples
from between.people.erasure import erase_person, forget_physically
from between.people.ratelimit import client_address
from between.people.time import ZONE_MAX
from between.reports.export import Format, export_file

router = APIRouter(prefix="/api/v1", tags=["people"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewAccount(Strict):
    email: str = Field(..., max_length=accounts.EMAIL_MAX)
    password: str = Field(..., max_length=accounts.PASSWORD_MAX)
    display_name: str = Field(..., max_length=accounts.NAME_MAX)
    time_zone: str | None = Field(None, max_length=ZONE_MAX, description="IANA name, e.g. Europe/Berlin; "
                                  "UTC when absent or unknown.")
    role: Literal["partner", "therapist"] = Field(
        "partner", description="therapist: an account that couples invite; it sees only what "
        "each partner shares with it.")


class ProfileChange(Strict):
    display_name: str | None = Field(None, max_length=accounts.NAME_MAX)
    time_zone: str | None = Field(None, max_length=ZONE_MAX, description="IANA name, e.g. Europe/Berlin.")


class PasswordChange(Strict):
    current_password: str = Field(..., max_length=accounts.PASSWORD_MAX)
    new_password: str = Field(..., max_length=accounts.PASSWORD_MAX)


class Credentials(Strict):
    email: str = Field(..., max_length=accounts.EMAIL_MAX)
    password: str = Field(..., max_length=accounts.PASSWORD_MAX)


class InviteCode(Strict):
    invite_code: str = Field(..., min_length=1, max_length=64)


class PersonOut(BaseModel):
    id: str
    email: str
    display_name: str
    role: str
    time_zone: str = Field(description="Every time the app shows this person is on this clock.")


SIGNED_UP = ("If this email was not registered yet, your account is ready. Log in with it; if "
             "you had an account with this email already, log in with the password you chose then.")


class SignUpOut(BaseModel):
    email: str
    detail: str


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"


class PartnerOut(BaseModel):
    id: str
    display_name: str


class CoupleOut(BaseModel):
    id: str
    partners: list[PartnerOut]
    complete: bool = Field(description="True once both partners have joined.")
    both_checked_in: bool = Field(
        False, description="True once both partners took the private safety check-in since "
        "joining: the softening conversation opens then. Never who has, never an answer.")


class NewCoupleOut(BaseModel):
    id: str
    invite_code: str


def _person(person) -> PersonOut:
    return PersonOut(id=person.id, email=person.email, display_name=person.display_name,
                     role=person.role, time_zone=person.time_zone)


def couple_out(db, couple) -> CoupleOut:
    from between.safety.service import both_screened

    members = couples.partners(db, couple.id)
    return CoupleOut(id=couple.id, complete=len(members) == couples.MAX_PARTNERS,
                     partners=[PartnerOut(id=p.id, display_name=p.display_name) for p in members],
                     both_checked_in=both_screened(db, couple.id))


@router.post("/accounts", status_code=202, response_model=SignUpOut)
def create_account(body: NewAccount, db: DbSession) -> SignUpOut:
    """Sign up. The answer is the same whether or not the email was free, so it never tells
    who has an account: log in next (GET /me then gives your id)."""
    accounts.sign_up(db, email=body.email, password=body.password, display_name=body.display_name,
                     time_zone=body.time_zone, role=accounts.Role(body.role))
    return SignUpOut(email=body.email.strip().lower(), detail=SIGNED_UP)


@router.post("/sessions", response_model=TokenOut)
def log_in(body: Credentials, request: Request, db: DbSession, settings: AppSettings) -> TokenOut:
    person = accounts.log_in(db, request.app.state.login_limiter, email=body.email,
                             password=body.password, address=client_address(request))
    return TokenOut(token=accounts.issue_token(db, person, kind="api", days=settings.session_days))


@router.delete("/sessions/current", status_code=204)
def log_out(person: CurrentPerson, db: DbSession, credentials: Bearer) -> Response:
    """Revoke the bearer token this request was sent with (log this client out)."""
    accounts.revoke_token(db, credentials.credentials)
    return Response(status_code=204)


class LoginOut(BaseModel):
    id: str
    kind: str = Field(description="web (a browser) or api (a token like this one)")
    created_at: datetime
    expires_at: datetime
    current: bool = Field(description="True for the token making this request.")


@router.get("/sessions", response_model=list[LoginOut])
def list_logins(person: CurrentPerson, db: DbSession, credentials: Bearer) -> list[LoginOut]:
    """The caller's logins still running, newest first."""
    token = credentials.credentials if credentials else None
    return [LoginOut(id=t.id, kind=t.kind, created_at=t.created_at, expires_at=t.expires_at,
                     current=accounts.is_token(t, token)) for t in accounts.logins(db, person)]


@router.delete("/sessions/{login_id}", status_code=204)
def end_login(login_id: str, person: CurrentPerson, db: DbSession) -> Response:
    """End one of the caller's logins (a browser elsewhere, an old token); 404 if not theirs."""
    accounts.end_login(db, person, login_id)
    return Response(status_code=204)


@router.get("/me", response_model=PersonOut)
def me(person: CurrentPerson) -> PersonOut:
    return _person(person)


@router.patch("/me", response_model=PersonOut)
def change_me(body: ProfileChange, person: CurrentPerson, db: DbSession) -> PersonOut:
    """Change the name a partner sees or the time zone; only the fields sent change."""
    return _person(accounts.update_profile(db, person, display_name=body.display_name,
                                           time_zone=body.time_zone))


@router.post("/me/password", status_code=204)
def change_password(body: PasswordChange, person: CurrentPerson, db: DbSession,
                    credentials: Bearer) -> Response:
    """A new password; every other login and token of the caller ends, this token stays."""
    accounts.change_password(db, person, current=body.current_password, new=body.new_password,
                             keep_token=credentials.credentials if credentials else None)
    return Response(status_code=204)


@router.delete("/me", status_code=204)
def erase_me(person: CurrentPerson, db: DbSession, request: Request) -> Response:
    """Erase the caller and everything they wrote, from the database files too."""
    erase_person(db, person)
    db.commit()
    forget_physically(request.app.state.engine)
    return Response(status_code=204)


@router.post("/couples", status_code=201, response_model=NewCoupleOut)
def create_couple(person: CurrentPerson, db: DbSession, settings: AppSettings) -> NewCoupleOut:
    couple, code = couples.create_couple(db, person, invite_hours=settings.invite_hours)
    return NewCoupleOut(id=couple.id, invite_code=code)


@router.post("/couples/join", response_model=CoupleOut)
def join_couple(body: InviteCode, person: CurrentPerson, db: DbSession) -> CoupleOut:
    return couple_out(db, couples.join_couple(db, person, body.invite_code))


@router.get("/couples/current", response_model=CoupleOut)
def current_couple(person: CurrentPerson, db: DbSession) -> CoupleOut:
    return couple_out(db, couples.require_current_couple(db, person))


@router.post("/couples/current/invite", status_code=201, response_model=NewCoupleOut)
def new_invite(person: CurrentPerson, db: DbSession, settings: AppSettings) -> NewCoupleOut:
    couple = couples.require_current_couple(db, person)
    code = couples.new_invite(db, couple, person, invite_hours=settings.invite_hours)
    return NewCoupleOut(id=couple.id, invite_code=code)


@router.post("/couples/current/leave", status_code=204)
def leave_couple(person: CurrentPerson, db: DbSession) -> Response:
    couples.leave_couple(db, person)
    return Response(status_code=204)


@router.get("/export", response_class=Response, responses={200: {"content": {
    "application/json": {}, "application/zip": {}, "application/fhir+json": {},
    "application/pdf": {}}}})
def export(person: CurrentPerson, db: DbSession,
           format: Annotated[Format, Query(description="json: everything you may see; csv: a zip, "
                                           "one file per kind of record, with a codebook; fhir: a FHIR "
                                           "R4 Bundle of QuestionnaireResponse and Questionnaire; pdf: "
                                           "the printable progress report")] = "json",
           ) -> Response:
    """Everything the caller may see, and nothing else."""
    exported = export_file(db, person, format)
    return Response(exported.content, media_type=exported.media_type, headers={
        "Content-Disposition": f'attachment; filename="{exported.filename}"'})
