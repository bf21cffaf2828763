"""Pages for the therapist link: a partner's (invite, accept, end, what the therapist sees and
every time they opened something) and the therapist's (their couples, joining, a dashboard)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from between.api.cycle import SVG_CSP
from between.api.deps import DbSession
from between.cycle import render_svg
from between.errors import BetweenError, FieldProblem
from between.people.couples import current_couple, partners
from between.people.models import Person, Role
from between.people.time import from_local
from between.therapist import access, dashboard, links, stages, workspace
from between.therapist import export as therapist_export
from between.web.render import SignedIn, redirect, render, signed_in
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
Csrf = Annotated[str | None, Form()]
READ_LABELS = {"moment": "a moment of yours", "check_in": "a check-in of yours",
               "attachment_reflection": "your attachment story",
               "therapist_dashboard": "your couple's dashboard",
               "therapist_cycle": "your couple's cycle map",
               "therapist_export": "your couple's progress report (export)"}
STATUS_WORDS = {"invited": "Invited: waiting for your therapist to use the code",
                "pending": "Waiting for both of you to accept", "active": "Active",
                "revoked": "Ended"}


def access_context(db, person: Person) -> dict:
    """What the partner's settings show about the therapist (also on /account)."""
    return {"visible": access.visible_today(db, person), "reads": access.therapist_reads(db, person),
            "read_labels": READ_LABELS}


# -- a partner's page -----------------------------------------------------------------------


@router.get("/couple/therapist", response_class=HTMLResponse)
def partner_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    if person.role == Role.THERAPIST.value:
        return redirect("/therapist")
    return _partner_page(request, db, person)


@router.post("/couple/therapist/invite", response_class=HTMLResponse)
def invite(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        _, code = links.invite(db, person, invite_hours=request.app.state.settings.invite_hours)
    except BetweenError as error:
        db.rollback()
        return _partner_page(request, db, person, error=error, status=error.status)
    # Shown once (only its hash is kept); a new invite replaces it.
    return _partner_page(request, db, person, code=code)


@router.post("/couple/therapist/{link_id}/accept", response_class=HTMLResponse)
def accept(link_id: str, request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    return _partner_action(request, db, csrf_token, links.accept, link_id)


@router.post("/couple/therapist/{link_id}/end", response_class=HTMLResponse)
def end(link_id: str, request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    return _partner_action(request, db, csrf_token, links.revoke, link_id)


def _partner_action(request: Request, db, csrf: str | None, action, link_id: str) -> Response:
    check_csrf(request, csrf)
    person = signed_in(request, db)
    if person.role == Role.THERAPIST.value and action is links.revoke:
        links.revoke(db, person, link_id)
        return redirect("/therapist")
    try:
        action(db, person, link_id)
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _partner_page(request, db, person, error=error, status=error.status)
    return redirect("/couple/therapist")


def _partner_page(request: Request, db, person: Person, *, code: str | None = None,
                  error=None, status: int = 200) -> Response:
    link = links.current_link(db, person)
    found = workspace.sessions_for_partner(db, person)
    names = {p.id: p.display_name for p in partners(db, found[0].couple_id)} if found else {}
    return render(request, "therapist/partner.html", status, person=person, nav="couple",
                  sessions=[workspace.session_view(s, names) for s in found],
                  couple=current_couple(db, person), link=links.view(db, link) if link else None,
                  code=code, error=error, status_words=STATUS_WORDS, labels={"code": "Code"},
                  invite_hours=request.app.state.settings.invite_hours,
                  **access_context(db, person))


# -- the therapist's pages ------------------------------------------------------------------


@router.get("/therapist", response_class=HTMLResponse)
def therapist_home(request: Request, db: DbSession, person: SignedIn) -> Response:
    if person.role != Role.THERAPIST.value:
        return redirect("/couple/therapist")
    return _therapist_home(request, db, person)


@router.post("/therapist/invite", response_class=HTMLResponse)
def therapist_invite(request: Request, db: DbSession, csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    if person.role != Role.THERAPIST.value:
        return redirect("/couple/therapist")
    _, code = links.invite(db, person, invite_hours=request.app.state.settings.invite_hours)
    return _therapist_home(request, db, person, new_code=code)


@router.post("/couple/therapist/join", response_class=HTMLResponse)
def partner_join(request: Request, db: DbSession, code: FormText = "",
                 csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    if person.role == Role.THERAPIST.value:
        return redirect("/therapist")
    try:
        if not code.strip():
            raise BetweenError("Enter the code your therapist gave you.",
                               [FieldProblem("code", "is required")], 422)
        links.join(db, person, code)
    except BetweenError as error:
        db.rollback()
        return _partner_page(request, db, person, error=error, status=error.status)
    return redirect("/couple/therapist")


@router.post("/therapist/join", response_class=HTMLResponse)
def join(request: Request, db: DbSession, code: FormText = "", csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        if not code.strip():
            raise BetweenError("Enter the code the couple gave you.",
                               [FieldProblem("code", "is required")], 422)
        links.join(db, person, code)
    except BetweenError as error:
        db.rollback()
        if person.role != Role.THERAPIST.value:
            return redirect("/couple/therapist")
        return _therapist_home(request, db, person, error=error, status=error.status, code=code)
    return redirect("/therapist")


def _therapist_home(request: Request, db, person: Person, *, error=None, status: int = 200,
                    code: str = "", new_code: str | None = None) -> Response:
    waiting = [links.view(db, link) for link in links.links_for(db, person)
               if link.status == "pending"]
    return render(request, "therapist/home.html", status, person=person, nav="therapist",
                  couples=dashboard.couples_overview(db, person), waiting=waiting, error=error,
                  form={"code": code}, labels={"code": "Code"}, new_code=new_code,
                  invite_hours=request.app.state.settings.invite_hours)


@router.get("/therapist/couples/{couple_id}", response_class=HTMLResponse)
def couple_page(couple_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    board = dashboard.couple_dashboard(db, person, couple_id)
    names = {p["id"]: p["display_name"] for p in board["partners"]}
    return render(request, "therapist/dashboard.html", person=person, nav="therapist",
                  board=board, names=names)


@router.get("/therapist/couples/{couple_id}/cycle.svg")
def couple_cycle_svg(couple_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    svg = render_svg(dashboard.couple_cycle(db, person, couple_id))
    return Response(svg, media_type="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})


# -- the workspace: sessions, stage, notes, export -------------------------------------------


@router.get("/therapist/couples/{couple_id}/work", response_class=HTMLResponse)
def work_page(couple_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    return _work_page(request, db, person, couple_id)


@router.post("/therapist/couples/{couple_id}/sessions", response_class=HTMLResponse)
def schedule(couple_id: str, request: Request, db: DbSession, kind: FormText = "",
             scheduled_for: FormText = "", partner_id: FormText = "",
             csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        when = _local_time(scheduled_for, person)
        workspace.schedule_session(db, person, couple_id, kind=kind, scheduled_for=when,
                                   partner_id=partner_id or None)
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _work_page(request, db, person, couple_id, error=error, status=error.status)
    return redirect(f"/therapist/couples/{couple_id}/work#sessions")


@router.post("/therapist/couples/{couple_id}/sessions/{session_id}", response_class=HTMLResponse)
def record_session(couple_id: str, session_id: str, request: Request, db: DbSession,
                   held: FormText = "", summary: FormText = "", csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    try:
        workspace.record_session(db, person, couple_id, session_id, held=held == "true",
                                 summary=summary)
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _work_page(request, db, person, couple_id, error=error, status=error.status)
    return redirect(f"/therapist/couples/{couple_id}/work#session-{session_id}")


@router.post("/therapist/couples/{couple_id}/stage", response_class=HTMLResponse)
async def mark_stage(couple_id: str, request: Request, db: DbSession) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    person = signed_in(request, db)
    try:
        step = str(form.get("step") or "")
        if not step.isdigit():
            raise BetweenError("Choose the step you are marking.",
                               [FieldProblem("step", "is required")], 422)
        stages.mark_step(db, person, couple_id, step=int(step), note=str(form.get("note") or ""),
                         evidence=[str(k) for k in form.getlist("evidence")])
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _work_page(request, db, person, couple_id, error=error, status=error.status)
    return redirect(f"/therapist/couples/{couple_id}/work#stage")


@router.post("/therapist/couples/{couple_id}/notes", response_class=HTMLResponse)
async def write_note(couple_id: str, request: Request, db: DbSession) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    person = signed_in(request, db)
    fields = {f: str(form.get(f) or "") for f in workspace.NOTE_FIELDS}
    try:
        workspace.write_note(db, person, couple_id, fields,
                             session_id=str(form.get("session_id") or "") or None)
    except BetweenError as error:
        if error.status == 404:
            raise
        db.rollback()
        return _work_page(request, db, person, couple_id, error=error, status=error.status,
                          note_form=fields)
    return redirect(f"/therapist/couples/{couple_id}/work#notes")


@router.get("/therapist/couples/{couple_id}/export")
def export(couple_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    data = therapist_export.couple_export(db, person, couple_id)
    return Response(json.dumps(data, default=str, indent=2), media_type="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="between-couple-{couple_id[:8]}.json"'})


@router.post("/couple/therapist/sessions/{session_id}/share", response_class=HTMLResponse)
def share_session(session_id: str, request: Request, db: DbSession, shared: FormText = "",
                  csrf_token: Csrf = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    workspace.share_session(db, person, session_id, shared == "true")
    return redirect("/couple/therapist#sessions")


def _local_time(value: str, person: Person) -> datetime:
    try:
        return from_local(datetime.fromisoformat(value), person.time_zone)
    except (ValueError, OverflowError):
        raise BetweenError("Give the day and time of the session.",
                           [FieldProblem("scheduled_for", "must be a day and a time")], 422) from None


def _work_page(request: Request, db, person: Person, couple_id: str, *, error=None,
               status: int = 200, note_form: dict | None = None) -> Response:
    people = partners(db, couple_id)
    names = {p.id: p.display_name for p in people}
    sessions = [workspace.session_view(s, names) for s in workspace.sessions_of(db, person, couple_id)]
    return render(request, "therapist/work.html", status, person=person, nav="therapist",
                  couple_id=couple_id, people=people, sessions=sessions,
                  tracker=stages.tracker(db, person, couple_id),
                  notes=[workspace.note_view(n) for n in workspace.notes_of(db, person, couple_id)],
                  note_template=workspace.NOTE_TEMPLATE, note_form=note_form or {}, error=error,
                  labels={"scheduled_for": "When", "kind": "Kind", "partner_id": "With",
                          "step": "Step", "note": "Note", "evidence": "Evidence",
                          "summary": "Summary", "fields": "Note",
                          **{f"fields.{f}": label for f, label, _ in workspace.NOTE_TEMPLATE}})
