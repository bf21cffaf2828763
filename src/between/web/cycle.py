"""The cycle page: the diagram, the sentence, raw spots and the timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from between.api.cycle import SVG_CSP
from between.api.deps import DbSession
from between.cycle import cycle_to_dict, render_svg
from between.cycle.service import cycle_for
from between.people.first_steps import CYCLE, mark
from between.people.models import Person
from between.people.time import local
from between.reports.charts import IntensityPoint, timeline_chart, timeline_summary
from between.web.render import SignedIn, render, web_person

router = APIRouter(include_in_schema=False)


@router.get("/cycle", response_class=HTMLResponse)
def cycle_page(request: Request, db: DbSession, person: SignedIn) -> Response:
    cycle = cycle_for(db, person)
    mark(person, CYCLE.key)  # a first step: the person has seen their cycle
    names = {p.partner.id: p.partner.name for p in cycle.positions}
    has_timeline = any(t.intensity is not None for t in cycle.timeline.together)
    view = cycle_to_dict(cycle)
    return render(request, "cycle/cycle.html", person=person, nav="cycle",
                  cycle=view, names=names, has_timeline=has_timeline,
                  missing_note=missing_note(view["missing"], names, person.id),
                  # The words only: drawing the chart here cost ~90% of the page's time.
                  timeline_summary=timeline_summary(_series(cycle, person)) if has_timeline else "")


def missing_note(missing: list[str], names: dict[str, str], viewer_id: str) -> str:
    """Whose side of the cycle is not drawn yet, in a sentence (never two names run together)."""
    if len(missing) > 1:
        return "Neither side is here yet: each appears as you record moments and share them."
    if not missing:
        return ""
    if missing[0] == viewer_id:
        return "Your side isn't here yet: it appears as you record moments."
    who = names.get(missing[0]) or "Your partner"
    return f"{who}'s side isn't here yet: it appears as they record moments and share them."


@router.get("/cycle.svg")
def cycle_svg(request: Request, db: DbSession) -> Response:
    person = web_person(request, db)
    if person is None:
        return Response(status_code=401)
    return _svg(render_svg(cycle_for(db, person)))


@router.get("/cycle/timeline.svg")
def timeline_svg(request: Request, db: DbSession) -> Response:
    person = web_person(request, db)
    if person is None:
        return Response(status_code=401)
    return _svg(timeline_chart(_series(cycle_for(db, person), person)).svg)


def _series(cycle, viewer: Person) -> dict[str, list[IntensityPoint]]:
    """Each partner's moments with an intensity, by day on the viewer's own calendar."""
    names = {p.partner.id: p.partner.name for p in cycle.positions}
    return {
        names.get(pid, "?"): [IntensityPoint(local(t.occurred_at, viewer.time_zone).date(), t.intensity,
                                             t.outcome == "repaired")
                              for t in points if t.intensity is not None]
        for pid, points in cycle.timeline.by_partner.items()
    }


def _svg(svg: str) -> Response:
    return Response(svg, media_type="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})
