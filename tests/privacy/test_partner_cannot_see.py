"""Private by default: a partner gets 404 for the other's private records everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.factories import couple, moment, sign_up


@pytest.fixture
def pair(client):
    sam, alex = couple(client)
    private = moment(client, sam, happened="I cried in the car after the party.")
    shared = moment(client, sam, happened="We fought about the holidays.", visibility="partner",
                    deeper_feeling="lonely")
    return sam, alex, private, shared


def test_a_moment_is_private_by_default(pair):
    _, _, private, _ = pair
    assert private["visibility"] == "private"


@pytest.mark.parametrize("method, body", [("GET", None), ("PATCH", {"intensity": 3}),
                                          ("DELETE", None)])
def test_partner_gets_404_for_private_moment_on_every_route(client, pair, db_state, method, body):
    sam, alex, private, _ = pair
    before = db_state()
    hidden = client.request(method, f"/api/v1/moments/{private['id']}", json=body,
                            headers=alex.auth)
    missing = client.request(method, "/api/v1/moments/0123456789abcdef0123456789abcdef",
                             json=body, headers=alex.auth)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()  # existence is never revealed
    assert db_state() == before


def test_partner_may_read_but_not_change_a_shared_moment(client, pair, db_state):
    _, alex, _, shared = pair
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=alex.auth).status_code == 200
    before = db_state()
    assert client.patch(f"/api/v1/moments/{shared['id']}", json={"intensity": 1},
                        headers=alex.auth).status_code == 404
    assert client.delete(f"/api/v1/moments/{shared['id']}", headers=alex.auth).status_code == 404
    assert db_state() == before


def test_list_and_export_hold_exactly_what_the_caller_may_see(client, pair):
    sam, alex, private, shared = pair
    alex_own = moment(client, alex, happened="I went for a walk to calm down.")
    listed = {m["id"] for m in client.get("/api/v1/moments", headers=alex.auth).json()}
    assert listed == {shared["id"], alex_own["id"]}
    exported = client.get("/api/v1/export", headers=alex.auth).json()
    assert {m["id"] for m in exported["moments"]} == listed
    assert "cried in the car" not in str(exported)
    sam_export = client.get("/api/v1/export", headers=sam.auth).json()
    assert {m["id"] for m in sam_export["moments"]} == {private["id"], shared["id"]}
    assert sam_export["me"]["email"] == sam.email
    assert alex.email not in str(sam_export)  # the partner's email is theirs


def test_structured_fields_can_be_shared_while_the_story_stays_private(client, pair):
    sam, alex, _, _ = pair
    half = moment(client, sam, happened="My father used to go silent for days.",
                  meaning="that I'm being punished", deeper_feeling="fear",
                  visibility="partner", keep_text_private=True)
    seen = client.get(f"/api/v1/moments/{half['id']}", headers=alex.auth).json()
    assert seen["deeper_feeling"] == "fear"
    assert seen["happened"] is None and seen["meaning"] is None
    assert "father" not in client.get("/api/v1/export", headers=alex.auth).text
    assert client.get(f"/api/v1/moments/{half['id']}", headers=sam.auth).json()["happened"]


def test_a_stranger_sees_nothing_even_when_shared_with_the_partner(client, pair):
    _, _, private, shared = pair
    stranger = sign_up(client)
    for record in (private, shared):
        assert client.get(f"/api/v1/moments/{record['id']}",
                          headers=stranger.auth).status_code == 404
    assert client.get("/api/v1/moments", headers=stranger.auth).json() == []


def test_partner_only_sharing_is_hidden_from_a_therapist(client, db_factory, pair):
    from between.people.accounts import create_account
    from between.people.couples import current_couple
    from between.people.models import Membership, Person, Role

    sam, _, _, shared = pair
    for_therapist = moment(client, sam, happened="Notes for our session.", visibility="therapist")
    with db_factory() as db:
        therapist = create_account(db, email="dr@example.org", password="a long password",
                                   display_name="Dr Lee", role=Role.THERAPIST)
        couple_id = current_couple(db, db.get(Person, sam.id)).id
        db.add(Membership(couple_id=couple_id, person_id=therapist.id, role=Role.THERAPIST.value))
        db.commit()
    token = client.post("/api/v1/sessions", json={"email": "dr@example.org",
                                                  "password": "a long password"}).json()["token"]
    seen = {m["id"] for m in client.get("/api/v1/moments",
                                        headers={"Authorization": f"Bearer {token}"}).json()}
    assert seen == {for_therapist["id"]}
    assert shared["id"] not in seen


def test_erasing_yourself_leaves_the_partner_untouched(client, pair):
    sam, alex, _, shared = pair
    alex_own = moment(client, alex, happened="I wrote a letter I never sent.", visibility="partner")
    assert client.delete("/api/v1/me", headers=sam.auth).status_code == 204
    assert client.get("/api/v1/me", headers=sam.auth).status_code == 401
    remaining = {m["id"] for m in client.get("/api/v1/moments", headers=alex.auth).json()}
    assert remaining == {alex_own["id"]}
    assert shared["id"] not in remaining
    # The couple ended with Sam's erasure: Alex starts or joins a new one.
    assert client.get("/api/v1/couples/current", headers=alex.auth).status_code == 404
    assert client.post("/api/v1/couples", headers=alex.auth).status_code == 201


def test_reads_and_changes_are_audited_and_the_log_is_append_only(client, pair, db_factory):
    _, alex, _, shared = pair
    client.get(f"/api/v1/moments/{shared['id']}", headers=alex.auth)
    with db_factory() as db:
        actions = db.execute(text("SELECT actor_id, action, record_id FROM audit_events")).all()
        assert (alex.id, "read", shared["id"]) in actions
        with pytest.raises(Exception, match="append-only"):
            db.execute(text("DELETE FROM audit_events"))
        db.rollback()
        with pytest.raises(Exception, match="append-only"):
            db.execute(text("UPDATE audit_events SET action = 'x'"))
        db.rollback()


def test_export_holds_my_slow_down_flows_and_never_the_partners(client, pair):
    sam, alex, _, _ = pair
    answered = client.post("/api/v1/pause/on_top", json={"on_top": "furious and shaking"},
                           headers=sam.auth)
    assert answered.status_code == 200, answered.text
    sam_export = client.get("/api/v1/export", headers=sam.auth).json()
    assert "furious and shaking" in str(sam_export["slowdowns"])
    alex_export = client.get("/api/v1/export", headers=alex.auth).json()
    assert alex_export["slowdowns"] == []
    assert "furious and shaking" not in str(alex_export)
