"""What was shared was shared with a person: a couple is one pairing and ends when a partner leaves.

Sam and Alex share moments, a check-in and a conversation; Alex leaves; Sam pairs with Jo.
Jo must see none of what Sam shared with Alex, through any route, count or export, while Sam
keeps every record of their own.
"""

from __future__ import annotations

import pytest

from tests.coach.conftest import one_round
from tests.factories import couple, moment, screened_couple, sign_up

STORY = "Alex left the dinner early and I sat alone with the candles still lit."


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    # A reach such as "I felt scared and alone" must not open a safety state and pause the
    # conversation: this test is about who reads what, not about risk (see tests/coach).
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


@pytest.fixture
def after_alex_left(client):
    """Sam and Alex share a moment, a check-in and a conversation; then Alex leaves."""
    sam, alex = screened_couple(client)
    shared = moment(client, sam, happened=STORY, visibility="partner")
    kept_private = moment(client, sam, happened="A private note about my mother.")
    check_in = client.post("/api/v1/check-ins", headers=sam.auth, json={
        "instrument": "csi4", "answers": {"1": 2, "2": 3, "3": 2, "4": 3}, "visibility": "partner"})
    assert check_in.status_code == 201, check_in.text
    conversation = client.post("/api/v1/conversations", headers=sam.auth).json()["id"]
    one_round(client, conversation, sam, alex)
    finished = client.post(f"/api/v1/conversations/{conversation}/finish", headers=sam.auth)
    assert finished.status_code == 200, finished.text
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=alex.auth).status_code == 200
    assert client.get("/api/v1/progress", headers=alex.auth).json()["interactions"][
        "positive_moments"] == 1
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    return sam, alex, {"shared": shared, "private": kept_private,
                       "check_in": check_in.json(), "conversation": conversation}


def _pair_with_someone_new(client, sam):
    jo = sign_up(client, "Jo")
    created = client.post("/api/v1/couples", headers=sam.auth)
    assert created.status_code == 201, created.text
    joined = client.post("/api/v1/couples/join", json={"invite_code": created.json()["invite_code"]},
                         headers=jo.auth)
    assert joined.status_code == 200, joined.text
    return jo


def test_a_couple_ends_for_both_when_one_partner_leaves(client, after_alex_left):
    sam, alex, _ = after_alex_left
    for person in (sam, alex):
        current = client.get("/api/v1/couples/current", headers=person.auth)
        assert current.status_code == 404
        assert current.headers["content-type"] == "application/problem+json"
    # The ended couple takes nobody new: its old id cannot be invited into again.
    assert client.post("/api/v1/couples/current/invite", headers=sam.auth).status_code == 404


def test_a_spare_code_from_the_old_pairing_cannot_open_it_to_someone_new(client):
    sam = sign_up(client, "Sam")
    first = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    spare = client.post("/api/v1/couples/current/invite", headers=sam.auth).json()["invite_code"]
    alex = sign_up(client, "Alex")
    assert client.post("/api/v1/couples/join", json={"invite_code": first},
                       headers=alex.auth).status_code == 200
    shared = moment(client, sam, happened=STORY, visibility="partner")
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    jo = sign_up(client, "Jo")
    refused = client.post("/api/v1/couples/join", json={"invite_code": spare}, headers=jo.auth)
    assert refused.status_code == 410, refused.text
    assert refused.json()["type"].endswith("couple-ended")
    assert client.get(f"/api/v1/moments/{shared['id']}", headers=jo.auth).status_code == 404


def test_the_next_partner_sees_nothing_shared_in_the_old_pairing(client, after_alex_left):
    sam, _, records = after_alex_left
    jo = _pair_with_someone_new(client, sam)
    for path in (f"/api/v1/moments/{records['shared']['id']}",
                 f"/api/v1/check-ins/{records['check_in']['id']}",
                 f"/api/v1/conversations/{records['conversation']}"):
        assert client.get(path, headers=jo.auth).status_code == 404, path
    assert client.get("/api/v1/moments", headers=jo.auth).json() == []
    assert client.get("/api/v1/check-ins", headers=jo.auth).json() == []
    assert client.get("/api/v1/conversations", headers=jo.auth).json() == []
    exported = client.get("/api/v1/export", headers=jo.auth)
    assert "candles" not in exported.text
    assert records["check_in"]["id"] not in exported.text
    progress = client.get("/api/v1/progress", headers=jo.auth).json()
    assert progress["interactions"]["moments"] == 0
    assert progress["interactions"]["positive_moments"] == 0
    assert progress["tracks"] == []
    cycle = client.get("/api/v1/couples/current/cycle", headers=jo.auth)
    assert cycle.status_code == 200 and "candles" not in cycle.text
    assert records["shared"]["id"] not in cycle.text


def test_the_partner_who_stays_keeps_every_record_of_their_own(client, after_alex_left):
    sam, _, records = after_alex_left
    _pair_with_someone_new(client, sam)
    mine = {m["id"] for m in client.get("/api/v1/moments", headers=sam.auth).json()}
    assert mine == {records["shared"]["id"], records["private"]["id"]}
    assert client.get(f"/api/v1/check-ins/{records['check_in']['id']}",
                      headers=sam.auth).status_code == 200
    exported = client.get("/api/v1/export", headers=sam.auth).json()
    assert "candles" in str(exported["moments"])


def test_sharing_again_in_the_new_pairing_is_a_new_choice(client, after_alex_left):
    sam, _, records = after_alex_left
    jo = _pair_with_someone_new(client, sam)
    moment_id = records["shared"]["id"]
    # Editing the old story, visibility unchanged, does not hand it to the new partner...
    edited = client.patch(f"/api/v1/moments/{moment_id}", headers=sam.auth,
                          json={"intensity": 4, "visibility": "partner"})
    assert edited.status_code == 200, edited.text
    assert client.get(f"/api/v1/moments/{moment_id}", headers=jo.auth).status_code == 404
    # ...sharing it again, from private, does.
    for visibility in ("private", "partner"):
        assert client.patch(f"/api/v1/moments/{moment_id}", headers=sam.auth,
                            json={"visibility": visibility}).status_code == 200
    assert client.get(f"/api/v1/moments/{moment_id}", headers=jo.auth).status_code == 200


def test_the_one_who_left_sees_nothing_of_either_couple(client, after_alex_left):
    sam, alex, records = after_alex_left
    jo = _pair_with_someone_new(client, sam)
    new_share = moment(client, sam, happened="Jo made tea when I came home late.",
                       visibility="partner")
    assert client.get(f"/api/v1/moments/{new_share['id']}", headers=jo.auth).status_code == 200
    for record_id in (new_share["id"], records["shared"]["id"]):
        assert client.get(f"/api/v1/moments/{record_id}", headers=alex.auth).status_code == 404
    assert client.get(f"/api/v1/conversations/{records['conversation']}",
                      headers=alex.auth).status_code == 404


def test_a_therapist_of_the_ended_couple_loses_what_was_shared_there(client, db_factory):
    from tests.assessments.measurement_world import add_therapist

    sam, alex = couple(client)
    therapist = add_therapist(client, db_factory, sam)
    for_therapist = moment(client, sam, happened=STORY, visibility="couple")
    assert client.get(f"/api/v1/moments/{for_therapist['id']}",
                      headers=therapist.auth).status_code == 200
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    assert client.get(f"/api/v1/moments/{for_therapist['id']}",
                      headers=therapist.auth).status_code == 404


@pytest.mark.parametrize("goes", ["erased", "left"])
def test_the_one_who_stays_keeps_their_turns_and_draft(client, goes):
    """Erasing (or leaving) one partner never takes the other's side of a conversation."""
    sam, alex = screened_couple(client)
    conversation = client.post("/api/v1/conversations", headers=sam.auth).json()["id"]
    one_round(client, conversation, sam, alex)
    typed = "Something I have not sent yet about the weekend."
    assert client.put(f"/api/v1/conversations/{conversation}/draft", json={"text": typed},
                      headers=alex.auth).status_code == 200
    if goes == "erased":
        assert client.delete("/api/v1/me", headers=sam.auth).status_code == 204
    else:
        assert client.post("/api/v1/couples/current/leave", headers=sam.auth).status_code == 204
    exported = client.get("/api/v1/export", headers=alex.auth).json()
    [kept] = exported["conversations"]
    assert kept["draft"] == typed
    assert {turn["author_id"] for turn in kept["turns"]} == {alex.id}
    assert len(kept["turns"]) == 2  # Alex's reflection and response
    assert "I need to know I matter to you" not in str(exported)  # Sam's reach is not Alex's
