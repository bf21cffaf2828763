"""A couple with a therapist and check-ins of every visibility, built as clients would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from between.people.accounts import create_account
from between.people.couples import current_couple
from between.people.models import Membership, Person, Role
from tests.factories import PASSWORD, ApiUser, couple


def answers(*values: int) -> dict[str, int]:
    return {str(n): v for n, v in enumerate(values, start=1)}


def take(client: TestClient, user: ApiUser, instrument: str, values: dict, **extra) -> dict:
    body = {"instrument": instrument, "answers": values, **extra}
    response = client.post("/api/v1/check-ins", json=body, headers=user.auth)
    assert response.status_code == 201, response.text
    return response.json()


def add_therapist(client: TestClient, db_factory, partner: ApiUser) -> ApiUser:
    """A therapist in the partner's couple (invited directly: the invite flow is not ours)."""
    email = "dr.lee@example.org"
    with db_factory() as db, db.begin():
        therapist = create_account(db, email=email, password=PASSWORD, display_name="Dr Lee",
                                   role=Role.THERAPIST)
        couple_id = current_couple(db, db.get(Person, partner.id)).id
        db.add(Membership(couple_id=couple_id, person_id=therapist.id,
                          role=Role.THERAPIST.value))
        therapist_id = therapist.id
    token = client.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    return ApiUser(therapist_id, email, token.json()["token"])


def web_login(app, user: ApiUser) -> TestClient:
    browser = TestClient(app)
    page = browser.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return browser


@dataclass
class World:
    sam: ApiUser
    alex: ApiUser
    therapist: ApiUser
    private: list[dict] = field(default_factory=list)  # Sam's, seen by Sam alone
    for_partner: dict | None = None  # Sam's CSI-4 of 14, shared with Alex
    for_therapist: dict | None = None  # Sam's CSI-4 of 20, shared with the therapist
    draft: dict | None = None  # Sam's draft, marked "couple" but never shown to anyone


def build_world(client: TestClient, db_factory) -> World:
    sam, alex = couple(client)
    world = World(sam, alex, add_therapist(client, db_factory, sam))
    world.private.append(take(client, sam, "csi4", answers(2, 1, 1, 1)))  # 5
    world.for_partner = take(client, sam, "csi4", answers(4, 3, 3, 4), visibility="partner")
    world.for_therapist = take(client, sam, "csi4", answers(5, 5, 5, 5),
                               visibility="therapist")
    world.private.append(take(client, sam, "ecr_s", answers(2, 5, 3, 6, 1, 4, 2, 3, 2, 5, 1, 6)))
    world.draft = take(client, sam, "ras", {"1": 4}, visibility="couple", draft=True)
    take(client, alex, "csi4", answers(3, 3, 3, 3))  # Alex's own, private
    return world
