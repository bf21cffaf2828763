"""The attachment reflection over JSON: steps, autosave, finish, edit, share, delete, bad input."""

from __future__ import annotations

import pytest

from tests.factories import couple, sign_up

REFLECTIONS = "/api/v1/attachment/reflections"


def test_the_guide_lists_the_steps_in_order(client):
    solo = sign_up(client, "Robin")
    guide = client.get("/api/v1/attachment/guide", headers=solo.auth)
    assert guide.status_code == 200
    steps = guide.json()["steps"]
    assert [s["id"] for s in steps] == ["closeness", "comfort", "learned", "echoes", "wish"]
    assert all(s["prompt"] and s["title"] for s in steps)
    assert [s["id"] for s in steps if s["echoes"]] == ["echoes"]


def test_a_person_alone_writes_step_by_step_finishes_edits_and_deletes(client):
    solo = sign_up(client, "Robin")  # no partner yet: everything individual works alone
    started = client.post(REFLECTIONS, headers=solo.auth)
    assert started.status_code == 201, started.text
    story = started.json()
    assert (story["status"], story["visibility"], story["answers"]) == ("draft", "private", {})
    url = f"{REFLECTIONS}/{story['id']}"
    for step, words in (("wish", "That I go quiet when I'm scared."),
                        ("closeness", "  My grandmother's kitchen.  ")):
        saved = client.put(f"{url}/steps/{step}", headers=solo.auth, json={"text": words})
        assert saved.status_code == 200, saved.text
    answers = client.get(url, headers=solo.auth).json()["answers"]
    assert list(answers) == ["closeness", "wish"]  # in step order, trimmed
    assert answers["closeness"] == "My grandmother's kitchen."
    finished = client.patch(url, headers=solo.auth, json={"finished": True})
    assert finished.json()["status"] == "finished" and finished.json()["finished_at"]
    cleared = client.put(f"{url}/steps/wish", headers=solo.auth, json={"text": ""})
    assert list(cleared.json()["answers"]) == ["closeness"]
    edited = client.patch(url, headers=solo.auth,
                          json={"answers": {"closeness": None, "comfort": "Nobody came."}})
    assert edited.json()["answers"] == {"comfort": "Nobody came."}
    assert client.delete(url, headers=solo.auth).status_code == 204
    assert client.get(url, headers=solo.auth).status_code == 404
    assert client.get(REFLECTIONS, headers=solo.auth).json() == []


def test_sharing_with_the_partner_and_back_to_private(client):
    sam, alex = couple(client)
    story = client.post(REFLECTIONS, headers=sam.auth, json={
        "answers": {"learned": "To keep my feelings to myself."}, "finished": True,
        "visibility": "partner"}).json()
    url = f"{REFLECTIONS}/{story['id']}"
    assert client.get(url, headers=alex.auth).json()["answers"] == story["answers"]
    client.patch(url, headers=sam.auth, json={"visibility": "private"})
    assert client.get(url, headers=alex.auth).status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"answers": {"childhood": "x"}}, "answers"),
    ({"answers": {"wish": 3}}, "answers.wish"),
    ({"answers": {"wish": "x" * 5001}}, "answers"),
    ({"visibility": "everyone"}, "visibility"),
    ({"finished": "soon"}, "finished"),
    ({"mood": "fine"}, "mood"),
])
def test_bad_input_is_a_problem_and_writes_nothing(client, db_state, body, field):
    solo = sign_up(client, "Robin")
    story = client.post(REFLECTIONS, headers=solo.auth).json()
    before = db_state()
    for answer in (client.post(REFLECTIONS, headers=solo.auth, json=body),
                   client.patch(f"{REFLECTIONS}/{story['id']}", headers=solo.auth, json=body)):
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in answer.json()["errors"]]
    assert db_state() == before


def test_finishing_an_empty_reflection_and_unknown_steps_are_refused(client, db_state):
    solo = sign_up(client, "Robin")
    story = client.post(REFLECTIONS, headers=solo.auth).json()
    url = f"{REFLECTIONS}/{story['id']}"
    before = db_state()
    empty = client.patch(url, headers=solo.auth, json={"finished": True})
    assert empty.status_code == 422 and empty.headers["content-type"] == "application/problem+json"
    assert empty.json()["errors"] == [{"field": "answers", "message": "every step is empty"}]
    unknown = client.put(f"{url}/steps/childhood", headers=solo.auth, json={"text": "x"})
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    no_text = client.put(f"{url}/steps/wish", headers=solo.auth, json={})
    assert no_text.status_code == 422
    assert db_state() == before


def test_what_is_written_passes_the_safety_gate_and_stays_with_the_writer(client):
    sam, alex = couple(client)
    story = client.post(REFLECTIONS, headers=sam.auth).json()
    saved = client.put(f"{REFLECTIONS}/{story['id']}/steps/echoes", headers=sam.auth,
                       json={"text": "He hits me when he drinks and I am scared to go home."})
    assert saved.status_code == 200, saved.text
    assert client.get("/api/v1/safety/status", headers=sam.auth).json()["risk_active"] is True
    assert client.get("/api/v1/safety/status", headers=alex.auth).json()["risk_active"] is False
