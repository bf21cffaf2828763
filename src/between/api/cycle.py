"""The couple's cycle map over JSON and SVG."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from between.api.deps import CurrentPerson, DbSession
from between.cycle import cycle_to_dict, render_svg
from between.cycle.service import cycle_for

router = APIRouter(prefix="/api/v1/couples/current", tags=["cycle"])
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # the diagram's own sizing style


class PositionOut(BaseModel):
    position: str = Field(description="pursue | withdraw | mixed | unknown")
    confidence: float


class CycleOut(BaseModel, extra="allow"):
    pattern: str = Field(description="pursue_withdraw | attack_attack | withdraw_withdraw | unknown")
    positions: dict[str, PositionOut] = Field(description="per partner id")
    sentence: str
    raw_spots: list[dict[str, Any]]
    evidence: list[str] = Field(description="ids of the moments the map rests on")


@router.get("/cycle", response_model=CycleOut)
def cycle(person: CurrentPerson, db: DbSession) -> dict[str, Any]:
    """The cycle as the caller may see it: their own moments and what their partner shared."""
    return cycle_to_dict(cycle_for(db, person))


@router.get("/cycle.svg", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}})
def cycle_svg(person: CurrentPerson, db: DbSession) -> Response:
    return Response(render_svg(cycle_for(db, person)), media_type="image/svg+xml",
                    headers={"Content-Security-Policy": SVG_CSP})
