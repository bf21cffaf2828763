"""The therapist link and the therapist's view of their couples, over JSON.

A partner invites (a code), the therapist joins with it, each partner accepts; the link is
active only once both have. Either partner revokes it. The therapist's couples and each
couple's dashboard answer 404 unless the link is active.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from between.api.deps import AppSettings, CurrentPerson, DbSession
from between.therapist import dashboard, links

router = APIRouter(prefix="/api/v1", tags=["therapist"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinCode(Strict):
    code: str = Field(..., min_length=1, max_length=64, description="The code a partner gave you.")


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
    couple_id: str
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
    replaced; an active one must be ended first (409)."""
    link, code = links.invite(db, person, invite_hours=settings.invite_hours)
    return NewLinkOut(id=link.id, code=code, status=link.status)


@router.get("/therapist-links", response_model=list[LinkOut])
def list_links(person: CurrentPerson, db: DbSession) -> list[LinkOut]:
    """A partner: their couple's links; a therapist: the links they joined. Newest first."""
    return [link_out(db, link) for link in links.links_for(db, person)]


@router.post("/therapist-links/join", response_model=LinkStatusOut)
def join(body: JoinCode, person: CurrentPerson, db: DbSession) -> LinkStatusOut:
    """The therapist joins with a couple's code; the link waits for both partners."""
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
