"""The slow-down flow over the API: steps, skipping, the break, privacy, and keeping answers."""

from __future__ import annotations

from tests.factories import couple, moment, sign_up


def step(client, user, key, **body):
    return client.post(f"/api/v1/pause/{key}", json=body, headers=user.auth)


def test_looking_at_the_flow_writes_nothing(client, db_state):
    sam = sign_up(client, "Sam")
    before = db_state()
    view = client.get("/api/v1/pause", headers=sam.auth).json()
    assert view["step"] == "pause" and view["answers"] == {}
    assert [s["key"] for s in view["steps"]] == [
        "pause", "body", "cycle", "on_top", "underneath", "need", "done"]
    assert db_state() == before


def test_each_step_can_be_skipped_and_answers_are_kept(client):
    sam = sign_up(client, "Sam")
    assert step(client, sam, "pause", happened="We argued about money.").json()["step"] == "body"
    assert step(client, sam, "body", skip=True).json()["step"] == "cycle"
    view = client.get("/api/v1/pause", headers=sam.auth).json()  # leaving and coming back
    assert view["answers"] == {"happened": "We argued about money."}
    assert view["on_break"] is False


def test_a_racing_heart_or_feeling_flooded_offers_a_break_of_20_minutes(client):
    for body in ({"heart_rate": 100}, {"flooded": True}):
        user = sign_up(client)
        view = step(client, user, "body", **body).json()
        assert view["on_break"] is True and view["break_until"]
    calm = sign_up(client)
    assert step(client, calm, "body", heart_rate=99).json()["on_break"] is False


def test_the_cycle_step_names_the_couples_own_cycle(client):
    sam, alex = couple(client)
    for _ in range(3):
        moment(client, sam, happened="I kept pushing to talk.", protective_move="pursue",
               visibility="partner")
        moment(client, alex, happened="I went quiet.", protective_move="withdraw",
               visibility="partner")
    step(client, sam, "pause", skip=True)
    step(client, sam, "body", skip=True)
    cycle = client.get("/api/v1/pause", headers=sam.auth).json()["cycle"]
    assert "Sam" in cycle and "Alex" in cycle and cycle.startswith("The more")


def test_underneath_suggestions_come_from_what_was_written(client):
    sam = sign_up(client, "Sam")
    step(client, sam, "pause", happened="They walked out and I felt so alone.")
    for key in ("body", "cycle", "on_top"):
        step(client, sam, key, skip=True)
    view = client.get("/api/v1/pause", headers=sam.auth).json()
    assert view["step"] == "underneath" and "alone" in view["underneath_suggestions"]


def test_ending_as_a_moment_or_a_reach(client):
    sam = sign_up(client, "Sam")
    refused = client.post("/api/v1/pause/moment", headers=sam.auth)
    assert refused.status_code == 422  # nothing about what happened yet
    step(client, sam, "pause", happened="you left the party early")
    step(client, sam, "on_top", on_top="annoyed")
    step(client, sam, "underneath", underneath="lonely")
    reach = client.post("/api/v1/pause/reach", headers=sam.auth).json()
    assert reach["draft"] == "When you left the party early, I felt annoyed. Underneath, I feel lonely."
    assert reach["coaching"]["register"]
    assert client.get("/api/v1/pause", headers=sam.auth).json()["answers"] == {}  # a new flow
    step(client, sam, "pause", happened="We argued again.")
    saved = client.post("/api/v1/pause/moment", headers=sam.auth)
    assert saved.status_code == 201
    mine = client.get(f"/api/v1/moments/{saved.json()['moment_id']}", headers=sam.auth).json()
    assert mine["happened"] == "We argued again." and mine["visibility"] == "private"


def test_the_partner_never_sees_the_flow(client):
    sam, alex = couple(client)
    step(client, sam, "pause", happened="My private account")
    assert client.get("/api/v1/pause", headers=alex.auth).json()["answers"] == {}


def test_bad_input_is_refused_and_changes_nothing(client, db_state):
    sam = sign_up(client, "Sam")
    before = db_state()
    assert step(client, sam, "body", heart_rate=900).status_code == 422
    assert step(client, sam, "body", mood="x").status_code == 422
    assert step(client, sam, "nowhere", skip=True).status_code == 422
    assert client.get("/api/v1/pause").status_code == 401
    assert db_state() == before
