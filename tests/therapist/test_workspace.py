"""The session arc, the stage tracker, the private notes and the export, through the API:
who reads what, and nothing before both accept or after revocation."""

from __future__ import annotations

from tests.factories import couple, moment
from tests.therapist.world import invite_and_join, link_therapist, therapist_account

WHEN = "2026-12-10T17:00:00+00:00"


def _setup(client):
    sam, alex = couple(client)
    therapist, link_id = link_therapist(client, sam, alex)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    return sam, alex, therapist, link_id, couple_id


def test_the_arc_joint_individual_joint_and_who_reads_an_individual_session(client):
    sam, alex, therapist, _, couple_id = _setup(client)
    base = f"/api/v1/therapist/couples/{couple_id}/sessions"
    joint = client.post(base, headers=therapist.auth, json={"kind": "joint", "scheduled_for": WHEN})
    assert joint.status_code == 201 and joint.json()["with"] == "both partners"
    alone = client.post(base, headers=therapist.auth, json={
        "kind": "individual", "partner_id": alex.id, "scheduled_for": "2026-12-17T17:00:00Z"}).json()
    later = client.post(base, headers=therapist.auth, json={
        "kind": "joint", "scheduled_for": "2026-12-24T17:00:00Z"}).json()
    assert [s["kind"] for s in client.get(base, headers=therapist.auth).json()] == [
        "joint", "individual", "joint"]
    said = "Alex spoke of a father who went quiet for days."
    recorded = client.patch(f"{base}/{alone['id']}", headers=therapist.auth,
                            json={"held": True, "summary": said})
    assert recorded.status_code == 200 and recorded.json()["held_at"]

    alex_sees = client.get("/api/v1/therapist-sessions", headers=alex.auth)
    assert said in alex_sees.text
    sam_sees = client.get("/api/v1/therapist-sessions", headers=sam.auth)
    assert said not in sam_sees.text and alone["id"] not in sam_sees.text
    assert {s["id"] for s in sam_sees.json()} == {joint.json()["id"], later["id"]}
    # Only Alex may share it; then Sam reads it; unsharing takes it back.
    assert client.post(f"/api/v1/therapist-sessions/{alone['id']}/share", headers=sam.auth,
                       json={"shared": True}).status_code == 404
    assert client.post(f"/api/v1/therapist-sessions/{alone['id']}/share", headers=alex.auth,
                       json={"shared": True}).status_code == 200
    assert said in client.get("/api/v1/therapist-sessions", headers=sam.auth).text
    client.post(f"/api/v1/therapist-sessions/{alone['id']}/share", headers=alex.auth,
                json={"shared": False})
    assert said not in client.get("/api/v1/therapist-sessions", headers=sam.auth).text
    # "Since the last session" counts from the individual session that was held.
    board = client.get(f"/api/v1/therapist/couples/{couple_id}", headers=therapist.auth).json()
    assert board["since_last_session"]["since"] == recorded.json()["held_at"]


def test_an_individual_session_needs_one_of_the_couples_partners(client):
    sam, alex, therapist, _, couple_id = _setup(client)
    base = f"/api/v1/therapist/couples/{couple_id}/sessions"
    for body in ({"kind": "individual", "scheduled_for": WHEN},
                 {"kind": "individual", "partner_id": therapist.id, "scheduled_for": WHEN},
                 {"kind": "joint", "partner_id": sam.id, "scheduled_for": WHEN},
                 {"kind": "joint", "scheduled_for": "0001-01-01T00:00:00+05:00"},
                 {"kind": "joint", "scheduled_for": "9999-12-31T23:00:00-05:00"}):
        refused = client.post(base, headers=therapist.auth, json=body)
        assert refused.status_code == 422, body
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(base, headers=therapist.auth).json() == []


def test_stage_marks_with_a_note_and_the_evidence_offered(client):
    sam, alex, therapist, _, couple_id = _setup(client)
    for n in range(3):
        moment(client, sam, happened=f"I kept asking and asking why he would not answer {n}.",
               protective_move="pursue", visibility="couple", deeper_feeling="afraid")
        moment(client, alex, happened=f"I went quiet and left the room {n}.",
               protective_move="withdraw", visibility="therapist", need="to be accepted")
    stage = client.get(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth).json()
    assert [len(s["steps"]) for s in stage["stages"]] == [4, 3, 2] and stage["current_step"] is None
    keys = [e["key"] for e in stage["offered_evidence"]]
    assert any(k.startswith("deeper:") for k in keys)
    made = client.post(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth,
                       json={"step": 2, "note": "They named the cycle together.",
                             "evidence": keys[:1]})
    assert made.status_code == 201 and made.json()["evidence"][0]["key"] == keys[0]
    assert client.post(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth,
                       json={"step": 2, "evidence": ["made-up:1"]}).status_code == 422
    assert client.post(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth,
                       json={"step": 10}).status_code == 422
    again = client.get(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth).json()
    assert again["current_step"] == 2


def test_evidence_comes_only_from_what_was_shared_with_the_therapist(client):
    sam, alex, therapist, _, couple_id = _setup(client)
    moment(client, sam, happened="Private.", deeper_feeling="afraid")
    moment(client, sam, happened="For Alex only.", deeper_feeling="afraid", visibility="partner")
    stage = client.get(f"/api/v1/therapist/couples/{couple_id}/stage", headers=therapist.auth).json()
    assert not any(e["key"].startswith("deeper:") for e in stage["offered_evidence"])


def test_notes_are_the_therapists_alone_and_follow_the_template(client):
    sam, alex, therapist, _, couple_id = _setup(client)
    base = f"/api/v1/therapist/couples/{couple_id}/notes"
    template = client.get(base, headers=therapist.auth).json()["template"]
    assert [t["id"] for t in template] == ["focus", "cycle", "emotions", "interventions", "next"]
    secret = "Consider an individual referral for Sam."
    made = client.post(base, headers=therapist.auth, json={"fields": {"focus": "The dishes.",
                                                                     "next": secret}})
    assert made.status_code == 201
    assert client.post(base, headers=therapist.auth, json={"fields": {"gossip": "x"}}).status_code == 422
    assert client.post(base, headers=therapist.auth, json={"fields": {"focus": " "}}).status_code == 422
    for partner in (sam, alex):
        for path in ("/api/v1/therapist-sessions", "/api/v1/export", "/api/v1/therapist-links",
                     base, f"/api/v1/therapist/couples/{couple_id}/export"):
            answer = client.get(path, headers=partner.auth)
            assert secret not in answer.text, path
    exported = client.get(f"/api/v1/therapist/couples/{couple_id}/export", headers=therapist.auth)
    assert exported.status_code == 200 and secret in exported.text
    report = exported.json()
    assert {"moments", "scores", "cycle", "sessions", "stage", "notes"} <= set(report)


def test_nothing_of_the_workspace_before_both_accept_or_after_revocation(client):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    link_id = invite_and_join(client, sam, therapist)
    client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=sam.auth)
    paths = [f"/api/v1/therapist/couples/{couple_id}/{p}"
             for p in ("sessions", "stage", "notes", "export")]
    assert [client.get(p, headers=therapist.auth).status_code for p in paths] == [404] * 4
    assert client.post(paths[0], headers=therapist.auth, json={
        "kind": "joint", "scheduled_for": WHEN}).status_code == 404
    client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=alex.auth)
    assert [client.get(p, headers=therapist.auth).status_code for p in paths] == [200] * 4
    client.post(paths[2], headers=therapist.auth, json={"fields": {"focus": "First session."}})
    client.delete(f"/api/v1/therapist-links/{link_id}", headers=sam.auth)
    assert [client.get(p, headers=therapist.auth).status_code for p in paths] == [404] * 4
    assert client.post(paths[2], headers=therapist.auth,
                       json={"fields": {"focus": "After."}}).status_code == 404
