"""The therapist link and the therapist's view of their couples, over JSON.

A partner invites (a code), the therapist joins with it, each partner accepts; the link is
active only once both have. Either partner revokes it. The therapist's couples and each
couple's dashboard answer 404 unless the link is active.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from between.api.deps import AppSettings, CurrentPerson, DbSession
from between.people.couples import partners
from between.therapist import dashboard, links, stages, workspace
from between.therapist import export as therapist_export

router = APIRouter(prefix="/api/v1", tags=["therapist"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinCode(Strict):
    code: str = Field(..., min_length=1, max_length=64,
                      description="The code a partner (or your therapist) gave you.")


class NewLinkOut(BaseModel):
    id: str
    code: str = Field(description="Give it to your therapist; it works once, and only until it expires.")
    status: str = Field(description="invited | pending | active | revoked")


class LinkStatusOut(BaseModel):
    id: str
    status: str = Field(description="invited | pending | active | revoked")


class PersonRef(BaseModel):
    id: str
    display_name: str


class LinkOut(BaseModel):
    id: str
    couple_id: str | None = Field(description="null while a therapist's invitation waits.")
    status: str = Field(description="invited | pending | active | revoked")
    therapist: PersonRef | None = Field(description="Who joined with the code (null until then).")
    accepted_by: list[str] = Field(description="Ids of the partners who accepted this therapist.")
    partners: list[PersonRef]
    created_at: datetime
    joined_at: datetime | None
    activated_at: datetime | None
    revoked_at: datetime | None


class CoupleSummaryOut(BaseModel):
    couple_id: str
    link_id: str
    since: datetime | None
    partners: list[PersonRef]


class DashboardOut(BaseModel, extra="allow"):
    couple_id: str
    partners: list[PersonRef]
    cycle: dict[str, Any]
    scores: list[dict[str, Any]] = Field(description="Each partner's latest shared check-in per "
                                         "questionnaire, with reliable-change labels.")
    moments: list[dict[str, Any]] = Field(description="Recent moments shared with the therapist.")
    conversations: list[dict[str, Any]] = Field(description="Finished softening conversations "
                                                "(when, never what was said).")
    attachment_stories: list[dict[str, Any]] = Field(description="Finished attachment-story "
                                                     "reflections a partner shared with you.")
    safety_alerts: list[dict[str, Any]] = Field(description="Only as each partner consented.")
    since_last_session: dict[str, Any]


def link_out(db, link) -> LinkOut:
    v = links.view(db, link)
    return LinkOut(
        id=v.id, couple_id=v.couple_id, status=v.status,
        therapist=PersonRef(id=v.therapist.id, display_name=v.therapist.display_name)
        if v.therapist else None,
        accepted_by=list(v.accepted_by),
        partners=[PersonRef(id=p.id, display_name=p.display_name) for p in v.partners],
        created_at=v.created_at, joined_at=v.joined_at, activated_at=v.activated_at,
        revoked_at=v.revoked_at)


@router.post("/therapist-links", status_code=201, response_model=NewLinkOut)
def invite(person: CurrentPerson, db: DbSession, settings: AppSettings) -> NewLinkOut:
    """A partner invites a therapist: the code they join with. A link not yet active is
    replaced; an active one must be ended first (409). A therapist invites a couple: the code
    one partner uses (POST /therapist-links/join)."""
    link, code = links.invite(db, person, invite_hours=settings.invite_hours)
    return NewLinkOut(id=link.id, code=code, status=link.status)


@router.get("/therapist-links", response_model=list[LinkOut])
def list_links(person: CurrentPerson, db: DbSession) -> list[LinkOut]:
    """A partner: their couple's links; a therapist: the links they joined. Newest first."""
    return [link_out(db, link) for link in links.links_for(db, person)]


@router.post("/therapist-links/join", response_model=LinkStatusOut)
def join(body: JoinCode, person: CurrentPerson, db: DbSession) -> LinkStatusOut:
    """The therapist joins with a couple's code (or a partner with a therapist's code); the
    link waits for both partners to accept."""
    link = links.join(db, person, body.code)
    return LinkStatusOut(id=link.id, status=link.status)


@router.post("/therapist-links/{link_id}/accept", response_model=LinkStatusOut)
def accept(link_id: str, person: CurrentPerson, db: DbSession) -> LinkStatusOut:
    """A partner accepts the therapist who joined; "active" only once both partners have."""
    link = links.accept(db, person, link_id)
    return LinkStatusOut(id=link.id, status=link.status)


@router.delete("/therapist-links/{link_id}", status_code=204)
def revoke(link_id: str, person: CurrentPerson, db: DbSession) -> Response:
    """Either partner (or the therapist) ends the link: the therapist's access ends at once."""
    links.revoke(db, person, link_id)
    return Response(status_code=204)


@router.get("/therapist/couples", response_model=list[CoupleSummaryOut])
def my_couples(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    """The therapist's couples whose link is active (empty for anyone else)."""
    return dashboard.couples_overview(db, person)


@router.get("/therapist/couples/{couple_id}", response_model=DashboardOut)
def couple_dashboard(couple_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """One couple's dashboard, from what each partner shared with the therapist; 404 unless
    the link is active."""
    return dashboard.couple_dashboard(db, person, couple_id)


# -- the workspace: session arc, stage tracker, private notes, export -----------------------


class NewSession(Strict):
    kind: Literal["joint", "individual"]
    scheduled_for: datetime = Field(description="When; a time without a zone is UTC.")
    partner_id: str | None = Field(None, max_length=32,
                                   description="For an individual session: which partner.")


class SessionChange(Strict):
    held: bool | None = Field(None, description="true: the session was held (now, unless it "
                              "already was); false: not held after all.")
    summary: str | None = Field(None, description="What you write for the people in the "
                                "session: an individual session's is read by that partner alone "
                                "unless they share it.")


class SessionShare(Strict):
    shared: bool = Field(description="Share your individual session's summary with your partner.")


class SessionOut(BaseModel):
    id: str
    couple_id: str
    kind: str
    partner_id: str | None
    with_: str = Field(alias="with")
    scheduled_for: datetime
    held_at: datetime | None
    summary: str | None
    shared_with_partner: bool

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class NewMark(Strict):
    step: int = Field(..., description="1-4: de-escalation; 5-7: restructuring; 8-9: consolidation.")
    note: str = ""
    evidence: list[str] = Field(default_factory=list, description="Keys of evidence the app "
                                "offers now (GET .../stage, offered_evidence).")


class NewNote(Strict):
    fields: dict[str, str | None] = Field(description="By the template's field ids: "
                                          + ", ".join(workspace.NOTE_FIELDS))
    session_id: str | None = Field(None, max_length=32)


def _names(db, couple_id: str) -> dict[str, str]:
    return {p.id: p.display_name for p in partners(db, couple_id)}


@router.get("/therapist/couples/{couple_id}/sessions", response_model=list[SessionOut])
def list_sessions(couple_id: str, person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    """The session arc with this couple, in order (the therapist; 404 unless active)."""
    names = _names(db, couple_id)
    return [workspace.session_view(s, names) for s in workspace.sessions_of(db, person, couple_id)]


@router.post("/therapist/couples/{couple_id}/sessions", status_code=201, response_model=SessionOut)
def schedule(couple_id: str, body: NewSession, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Schedule a joint session, or an individual one with one partner."""
    session = workspace.schedule_session(db, person, couple_id, kind=body.kind,
                                         scheduled_for=body.scheduled_for, partner_id=body.partner_id)
    return workspace.session_view(session, _names(db, couple_id))


@router.patch("/therapist/couples/{couple_id}/sessions/{session_id}", response_model=SessionOut)
def record_session(couple_id: str, session_id: str, body: SessionChange, person: CurrentPerson,
                   db: DbSession) -> dict[str, Any]:
    """Mark a session held, and write its summary for the people in it."""
    session = workspace.record_session(db, person, couple_id, session_id, held=body.held,
                                       summary=body.summary)
    return workspace.session_view(session, _names(db, couple_id))


@router.get("/therapist/couples/{couple_id}/stage")
def stage(couple_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """The EFT stages and steps with your marks, and the evidence the app offers."""
    return stages.tracker(db, person, couple_id)


@router.post("/therapist/couples/{couple_id}/stage", status_code=201)
def mark(couple_id: str, body: NewMark, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Mark a step reached, with a note and the evidence you keep from what is offered."""
    return stages.mark_view(stages.mark_step(db, person, couple_id, step=body.step,
                                             note=body.note, evidence=body.evidence))


@router.get("/therapist/couples/{couple_id}/notes")
def notes(couple_id: str, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """Your private notes with this couple (nobody else reads them), and the template."""
    return {"template": [{"id": f, "label": label, "hint": hint}
                         for f, label, hint in workspace.NOTE_TEMPLATE],
            "notes": [workspace.note_view(n) for n in workspace.notes_of(db, person, couple_id)]}


@router.post("/therapist/couples/{couple_id}/notes", status_code=201)
def write_note(couple_id: str, body: NewNote, person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    return workspace.note_view(workspace.write_note(db, person, couple_id, body.fields,
                                                    session_id=body.session_id))


@router.get("/therapist/couples/{couple_id}/export")
def export(couple_id: str, person: CurrentPerson, db: DbSession) -> Response:
    """The progress report, therapist edition, as JSON: what was shared with you and your own
    work with the couple. 404 unless the link is active."""
    data = therapist_export.couple_export(db, person, couple_id)
    return Response(json.dumps(data, default=str, indent=2), media_type="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="between-couple-{couple_id[:8]}.json"'})


@router.get("/therapist-sessions", response_model=list[SessionOut])
def my_sessions(person: CurrentPerson, db: DbSession) -> list[dict[str, Any]]:
    """A partner's sessions: the joint ones, their own individual ones, and their partner's
    individual ones only where that partner shared them."""
    found = workspace.sessions_for_partner(db, person)
    names = _names(db, found[0].couple_id) if found else {}
    return [workspace.session_view(s, names) for s in found]


@router.post("/therapist-sessions/{session_id}/share", response_model=SessionOut)
def share_session(session_id: str, body: SessionShare, person: CurrentPerson,
                  db: DbSession) -> dict[str, Any]:
    """Share (or stop sharing) your individual session's summary with your partner."""
    session = workspace.share_session(db, person, session_id, body.shared)
    return workspace.session_view(session, _names(db, session.couple_id))
