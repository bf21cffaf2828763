"""The invite flow: one partner creates the couple, the other joins with a single-use code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from between.people.models import Invite
from tests.factories import couple, sign_up


def test_invite_flow_pairs_two_partners(client):
    sam, alex = sign_up(client, "Sam"), sign_up(client, "Alex")
    created = client.post("/api/v1/couples", headers=sam.auth)
    assert created.status_code == 201
    code = created.json()["invite_code"]
    assert len(code.replace("-", "")) == 12
    alone = client.get("/api/v1/couples/current", headers=sam.auth).json()
    assert alone["complete"] is False
    joined = client.post("/api/v1/couples/join", json={"invite_code": code.lower()},
                         headers=alex.auth)
    assert joined.status_code == 200
    for user in (sam, alex):
        current = client.get("/api/v1/couples/current", headers=user.auth).json()
        assert current["id"] == created.json()["id"]
        assert current["complete"] is True
        assert {p["display_name"] for p in current["partners"]} == {"Sam", "Alex"}


def test_invite_codes_are_unguessable_and_distinct(client):
    codes = set()
    for _ in range(5):
        user = sign_up(client)
        codes.add(client.post("/api/v1/couples", headers=user.auth).json()["invite_code"])
    assert len(codes) == 5


def _refused(client, db_state, user, code, status, slug):
    before = db_state()
    response = client.post("/api/v1/couples/join", json={"invite_code": code}, headers=user.auth)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(slug)
    assert db_state() == before


def test_a_used_code_is_refused(client, db_state):
    sam = sign_up(client)
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    client.post("/api/v1/couples/join", json={"invite_code": code}, headers=sign_up(client).auth)
    _refused(client, db_state, sign_up(client), code, 409, "invite-used")


def test_an_expired_code_is_refused(client, db_state, db_factory):
    sam = sign_up(client)
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    with db_factory() as db:
        db.execute(update(Invite).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.commit()
    _refused(client, db_state, sign_up(client), code, 410, "invite-expired")


def test_an_unknown_code_is_refused(client, db_state):
    _refused(client, db_state, sign_up(client), "AAAA-BBBB-CCCC", 422, "invite-invalid")


def test_a_full_couple_gets_no_new_invite_code(client, db_state):
    sam, _alex = couple(client)
    before = db_state()
    refused = client.post("/api/v1/couples/current/invite", headers=sam.auth)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("couple-full")
    assert db_state() == before


def test_spare_code_cannot_add_a_third_partner(client, db_state):
    sam = sign_up(client)
    first = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    spare = client.post("/api/v1/couples/current/invite", headers=sam.auth).json()["invite_code"]
    client.post("/api/v1/couples/join", json={"invite_code": first}, headers=sign_up(client).auth)
    _refused(client, db_state, sign_up(client), spare, 409, "couple-full")


def test_joining_your_own_couple_is_refused(client, db_state):
    sam = sign_up(client)
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    _refused(client, db_state, sam, code, 409, "own-couple")


def test_one_couple_at_a_time(client, db_state):
    sam, _ = couple(client)
    before = db_state()
    response = client.post("/api/v1/couples", headers=sam.auth)
    assert response.status_code == 409
    assert db_state() == before


def test_leaving_keeps_your_data_and_stops_sharing(client):
    from tests.factories import moment

    sam, alex = couple(client)
    shared = moment(client, sam, visibility="partner")
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=alex.auth).status_code == 200
    assert client.post("/api/v1/couples/current/leave", headers=sam.auth).status_code == 204
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=sam.auth).status_code == 200
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=alex.auth).status_code == 404
    # Leaving ends the couple for both (tests/privacy/test_changing_couples.py).
    assert client.get("/api/v1/couples/current", headers=sam.auth).status_code == 404
    assert client.get("/api/v1/couples/current", headers=alex.auth).status_code == 404


def test_therapist_accounts_cannot_take_a_partner_seat(client, db_factory):
    from between.people.accounts import create_account
    from between.people.models import Role

    sam = sign_up(client)
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    with db_factory() as db:
        create_account(db, email="dr@example.org", password="a long password",
                       display_name="Dr Lee", role=Role.THERAPIST)
        db.commit()
    token = client.post("/api/v1/sessions", json={"email": "dr@example.org",
                                                  "password": "a long password"}).json()["token"]
    response = client.post("/api/v1/couples/join", json={"invite_code": code},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409
