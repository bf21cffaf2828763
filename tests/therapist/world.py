"""A couple and the therapist they invite, built through the public API as a client would."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient

from tests.factories import PASSWORD, ApiUser

_counter = itertools.count(1)


def therapist_account(client: TestClient, name: str = "Dr Lee") -> ApiUser:
    n = next(_counter)
    email = f"dr{n}-{id(client) % 10000}@example.org"
    created = client.post("/api/v1/accounts", json={"email": email, "password": PASSWORD,
                                                     "display_name": name, "role": "therapist"})
    assert created.status_code == 202, created.text
    token = client.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    me = client.get("/api/v1/me", headers=bearer).json()
    assert me["role"] == "therapist", me
    return ApiUser(me["id"], email, token.json()["token"])


def invite_and_join(client: TestClient, inviter: ApiUser, therapist: ApiUser) -> str:
    """The link, pending: the partner invited and the therapist joined with the code."""
    made = client.post("/api/v1/therapist-links", headers=inviter.auth)
    assert made.status_code == 201, made.text
    joined = client.post("/api/v1/therapist-links/join", json={"code": made.json()["code"]},
                         headers=therapist.auth)
    assert joined.status_code == 200, joined.text
    assert joined.json() == {"id": made.json()["id"], "status": "pending"}
    return made.json()["id"]


def link_therapist(client: TestClient, sam: ApiUser, alex: ApiUser,
                   therapist: ApiUser | None = None) -> tuple[ApiUser, str]:
    """The therapist linked to Sam and Alex's couple: invited, joined, both accepted."""
    therapist = therapist or therapist_account(client)
    link_id = invite_and_join(client, sam, therapist)
    for partner in (sam, alex):
        accepted = client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=partner.auth)
        assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "active"
    return therapist, link_id
