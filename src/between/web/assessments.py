"""Pages for check-ins and progress: take a questionnaire, see change over time, print it.

Charts are separate SVG documents (<img src>), so the page itself keeps its strict CSP; each
carries its own policy that allows only the inline styles matplotlib writes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from between.api.deps import DbSession
from between.assessments import service
from between.assessments.instruments import Instrument, get_instrument, instruments
from between.db.base import utcnow
from between.errors import BetweenError, FieldProblem, bad_input, not_found
from between.people.models import Person
from between.people.time import local
from between.privacy.visibility import Visibility
from between.web.moments import VISIBILITY_CHOICES, offered_visibilities
from between.web.render import SignedIn, redirect, render, signed_in, web_person
from between.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Optional = Annotated[str | None, Form()]

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
ANSWER_PREFIX = "answers."


@router.get("/check-ins", response_class=HTMLResponse)
def index(request: Request, db: DbSession, person: SignedIn, done: str | None = None,
          draft: str | None = None) -> Response:
    finished = service.judged_view(db, person, service.read_check_in(db, person, done)) \
        if done else None
    history = list(reversed(service.history(db, person, drafts=True)))
    return render(request, "assessments/index.html", person=person, nav="check-ins",
                  # in the order they are introduced: CSI-4 first
                  instruments=sorted(instruments().values(), key=lambda i: i.introduce_order),
                  titles={i.id: i.short_title for i in instruments().values()},
                  subscales={i.id: {s.id: s.title for s in i.subscales} for i in instruments().values()},
                  reminders=service.reminders_for(db, person),
                  history=history, names=service.display_names(
                      db, person, {c["owner_id"] for c in history}), finished=finished,
                  saved_draft=get_instrument(draft) if draft else None,
                  visibilities=VISIBILITY_CHOICES, offered=offered_visibilities(request, person))


@router.get("/check-ins/{instrument_id}", response_class=HTMLResponse)
def take_page(instrument_id: str, request: Request, db: DbSession, person: SignedIn) -> Response:
    instrument = _known(instrument_id)
    draft = service.load_draft(db, person, instrument.id)
    return _form(request, person, instrument, answers=dict(draft.answers) if draft else {},
                 visibility=draft.visibility if draft else instrument.default_visibility)


# async only to read the form: its fields (answers.1, answers.2, ...) depend on the questionnaire.
@router.post("/check-ins/{instrument_id}", response_class=HTMLResponse)
async def take(instrument_id: str, request: Request, db: DbSession) -> Response:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    person = signed_in(request, db)
    instrument = _known(instrument_id)
    answers = {key.removeprefix(ANSWER_PREFIX): _number(value)
               for key, value in form.items() if key.startswith(ANSWER_PREFIX) and value != ""}
    visibility = str(form.get("visibility") or instrument.default_visibility)
    is_draft = form.get("action") == "draft"
    try:
        record = service.record_check_in(db, person, service.NewCheckIn(
            instrument=instrument.id, answers=answers, visibility=_visibility(visibility),
            draft=is_draft))
    except BetweenError as error:
        return _form(request, person, instrument, answers=answers, visibility=visibility,
                     error=error, status=error.status)
    if is_draft:
        return redirect(f"/check-ins?draft={instrument.id}")
    return redirect(f"/check-ins?done={record.id}")


@router.post("/check-ins/share/{check_in_id}", response_class=HTMLResponse)
def share(check_in_id: str, request: Request, db: DbSession, visibility: Optional = None,
          csrf_token: Optional = None) -> Response:
    check_csrf(request, csrf_token)
    person = signed_in(request, db)
    service.share_check_in(db, person, check_in_id, _visibility(visibility or ""))
    return redirect("/check-ins#history")


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    return _progress(request, db, person, "assessments/progress.html", None)


@router.get("/progress/report", response_class=HTMLResponse)
def report_page(request: Request, db: DbSession, person: SignedIn, person_id: str | None = None) -> Response:
    return _progress(request, db, person, "assessments/report.html", person_id)


@router.get("/progress/report.pdf")
def report_pdf(request: Request, db: DbSession, person: SignedIn, person_id: str | None = None) -> Response:
    from between.reports.report import report_pdf as build

    pdf = build(service.progress_for(db, person, owner_id=person_id), today=_today(person))
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'inline; filename="progress.pdf"'})


@router.get("/progress/charts/{instrument_id}/{subscale}.svg")
def score_chart(instrument_id: str, subscale: str, request: Request, db: DbSession,
                person_id: str | None = None) -> Response:
    from between.reports.report import track_chart

    person = web_person(request, db)
    if person is None:
        raise not_found()
    progress = service.progress_for(db, person, owner_id=person_id)
    track = next((t for t in progress.tracks
                  if (t.instrument.id, t.subscale) == (instrument_id, subscale)), None)
    if track is None:
        raise not_found()
    return _svg(track_chart(track).svg)


@router.get("/progress/charts/interactions.svg")
def interactions_chart(request: Request, db: DbSession) -> Response:
    from between.reports.charts import interaction_chart

    person = web_person(request, db)
    if person is None:
        raise not_found()
    metrics = service.interactions_for(db, person, today=_today(person))
    return _svg(interaction_chart(metrics.by_week).svg)


@router.get("/progress/export")
def export(request: Request, db: DbSession, person: SignedIn, format: str = "csv") -> Response:
    from between.reports.export import FORMATS, export_file

    if format not in FORMATS:
        raise bad_input("Unknown export format.",
                        FieldProblem("format", f"must be one of: {', '.join(FORMATS)}"))
    file = export_file(db, person, format)
    return Response(file.content, media_type=file.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{file.filename}"'})


def _today(person: Person):
    """Today on the person's own clock (a report made at 00:30 in Tokyo is dated that day)."""
    return local(utcnow(), person.time_zone).date()


def _progress(request: Request, db: Session, person: Person, template: str,
              owner_id: str | None) -> Response:
    from between.reports.charts import interaction_summary, score_summary
    from between.reports.report import METHOD_NOTE, metric_lines, track_text

    progress = service.progress_for(db, person, owner_id=owner_id)
    tracks = [(t, track_text(t), score_summary(t.instrument, t.series, subscale=t.subscale))
              for t in progress.tracks]
    interactions = progress.interactions
    return render(request, template, person=person, nav="progress", progress=progress,
                  tracks=tracks, metrics=metric_lines(interactions), method_note=METHOD_NOTE,
                  interaction_summary=interaction_summary(interactions.by_week),
                  owner_id=owner_id, names=progress.names, today=_today(person))


def _form(request: Request, person: Person, instrument: Instrument, *, answers: dict,
          visibility: str, error: BetweenError | None = None, status: int = 200) -> Response:
    problems = {p.field: p.message for p in error.errors} if error else {}
    return render(request, "assessments/form.html", status, person=person, nav="check-ins",
                  instrument=instrument, answers={str(k): v for k, v in answers.items()},
                  visibility=visibility, visibilities=VISIBILITY_CHOICES, error=error,
                  offered=offered_visibilities(request, person),
                  problems=problems,
                  labels={f"answers.{i.number}": f"Item {i.number}" for i in instrument.items})


def _svg(svg: str) -> Response:
    return Response(svg, media_type="image/svg+xml",
                    headers={"Content-Security-Policy": SVG_CSP, "Cache-Control": "no-store"})


def _known(instrument_id: str) -> Instrument:
    if instrument_id not in instruments():
        raise not_found("No such questionnaire.")
    return get_instrument(instrument_id)


def _number(value: object) -> object:
    # Radio values arrive as text; anything that is not a whole number is passed on as it is,
    # so the scoring engine names the item in its error.
    text = str(value)
    return int(text) if text.lstrip("-").isdigit() else text


def _visibility(value: str) -> Visibility:
    try:
        return Visibility(value)
    except ValueError:
        choices = ", ".join(v.value for v in Visibility)
        raise bad_input("Choose who may see it.",
                        FieldProblem("visibility", f"must be one of: {choices}")) from None
