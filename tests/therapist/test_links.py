"""The consent life-cycle: invite, join, one accepts, both accept, revoke; and what the
therapist can read at each step (nothing until both accept, nothing after revocation)."""

from __future__ import annotations

from tests.factories import couple, moment, sign_up
from tests.therapist.world import invite_and_join, link_therapist, therapist_account

CSI4 = {"1": 3, "2": 4, "3": 3, "4": 4}


def _reads(client, therapist, moment_id, couple_id):
    """What the therapist gets from each way in: one moment, the list, the dashboard, the
    couples list, the export."""
    return {
        "moment": client.get(f"/api/v1/moments/{moment_id}", headers=therapist.auth).status_code,
        "listed": moment_id in client.get("/api/v1/moments", headers=therapist.auth).text,
        "dashboard": client.get(f"/api/v1/therapist/couples/{couple_id}",
                                headers=therapist.auth).status_code,
        "couples": [c["couple_id"] for c in client.get("/api/v1/therapist/couples",
                                                        headers=therapist.auth).json()],
        "exported": moment_id in client.get("/api/v1/export", headers=therapist.auth).text,
    }


NOTHING = {"moment": 404, "listed": False, "dashboard": 404, "couples": [], "exported": False}


def test_the_whole_life_cycle(client):
    sam, alex = couple(client)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    shared = moment(client, sam, happened="I went quiet at dinner.", visibility="therapist")
    therapist = therapist_account(client)
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING

    made = client.post("/api/v1/therapist-links", headers=sam.auth)
    assert made.status_code == 201
    assert set(made.json()) == {"id", "code", "status"} and made.json()["status"] == "invited"
    link_id = made.json()["id"]
    # Nobody accepts a therapist before one has joined.
    assert client.post(f"/api/v1/therapist-links/{link_id}/accept",
                       headers=sam.auth).status_code == 409
    joined = client.post("/api/v1/therapist-links/join", json={"code": made.json()["code"]},
                         headers=therapist.auth)
    assert joined.status_code == 200 and joined.json() == {"id": link_id, "status": "pending"}
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING

    one = client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=alex.auth)
    assert one.status_code == 200 and one.json()["status"] == "pending"
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING

    both = client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=sam.auth)
    assert both.status_code == 200 and both.json()["status"] == "active"
    now = _reads(client, therapist, shared["id"], couple_id)
    assert now == {"moment": 200, "listed": True, "dashboard": 200, "couples": [couple_id],
                   "exported": True}
    dashboard = client.get(f"/api/v1/therapist/couples/{couple_id}", headers=therapist.auth).json()
    assert [m["id"] for m in dashboard["moments"]] == [shared["id"]]

    assert client.delete(f"/api/v1/therapist-links/{link_id}", headers=alex.auth).status_code == 204
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING
    listed = client.get("/api/v1/therapist-links", headers=sam.auth).json()
    assert [(k["id"], k["status"]) for k in listed] == [(link_id, "revoked")]
    # Accepting again does not bring it back.
    assert client.post(f"/api/v1/therapist-links/{link_id}/accept",
                       headers=sam.auth).status_code == 409


def test_the_therapist_sees_only_therapist_and_couple_sharing(client):
    sam, alex = couple(client)
    therapist, _ = link_therapist(client, sam, alex)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    made = {v: moment(client, sam, happened=f"A {v} moment.", visibility=v)["id"]
            for v in ("private", "partner", "therapist", "couple")}
    for visibility in ("private", "partner", "therapist", "couple"):
        assert client.post("/api/v1/check-ins", headers=alex.auth, json={
            "instrument": "csi4", "answers": CSI4, "visibility": visibility}).status_code == 201
    dashboard = client.get(f"/api/v1/therapist/couples/{couple_id}", headers=therapist.auth).json()
    assert {m["id"] for m in dashboard["moments"]} == {made["therapist"], made["couple"]}
    assert {s["visibility"] for s in dashboard["scores"]} <= {"therapist", "couple"}
    assert [s["owner_id"] for s in dashboard["scores"]] == [alex.id]
    # The partner never reads what was shared with the therapist alone.
    assert client.get(f"/api/v1/moments/{made['therapist']}", headers=alex.auth).status_code == 404


def test_only_a_therapist_joins_and_only_partners_of_the_couple_accept_or_revoke(client):
    sam, alex = couple(client)
    stranger = sign_up(client, "Kim")
    code = client.post("/api/v1/therapist-links", headers=sam.auth).json()["code"]
    # A partner with no couple of their own cannot take a couple's code either.
    assert client.post("/api/v1/therapist-links/join", json={"code": code},
                       headers=stranger.auth).status_code == 404
    therapist = therapist_account(client)
    assert client.post("/api/v1/therapist-links/join", json={"code": "AAAA-BBBB-CCCC"},
                       headers=therapist.auth).status_code == 422
    link_id = invite_and_join(client, sam, therapist)
    other = therapist_account(client, "Dr Other")
    for person in (stranger, other):
        assert client.post(f"/api/v1/therapist-links/{link_id}/accept",
                           headers=person.auth).status_code in (404, 409)
        assert client.delete(f"/api/v1/therapist-links/{link_id}",
                             headers=person.auth).status_code == 404
    # The therapist cannot accept for the couple.
    assert client.post(f"/api/v1/therapist-links/{link_id}/accept",
                       headers=therapist.auth).status_code == 409


def test_a_used_code_is_refused_and_a_new_invite_replaces_a_pending_link(client):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    made = client.post("/api/v1/therapist-links", headers=sam.auth).json()
    assert client.post("/api/v1/therapist-links/join", json={"code": made["code"]},
                       headers=therapist.auth).status_code == 200
    again = client.post("/api/v1/therapist-links/join", json={"code": made["code"]},
                        headers=therapist_account(client).auth)
    assert again.status_code == 409 and again.headers["content-type"].startswith(
        "application/problem+json")
    fresh = client.post("/api/v1/therapist-links", headers=alex.auth).json()
    statuses = {k["id"]: k["status"] for k in
                client.get("/api/v1/therapist-links", headers=sam.auth).json()}
    assert statuses == {made["id"]: "revoked", fresh["id"]: "invited"}
    # The therapist who joined the replaced link is not in this couple's links any more.
    assert client.get("/api/v1/therapist-links", headers=therapist.auth).json()[0]["status"] == \
        "revoked"


def test_an_active_link_must_be_ended_before_another_invite(client):
    sam, alex = couple(client)
    link_therapist(client, sam, alex)
    assert client.post("/api/v1/therapist-links", headers=sam.auth).status_code == 409


def test_a_couple_ending_ends_its_therapist_link(client):
    sam, alex = couple(client)
    therapist, link_id = link_therapist(client, sam, alex)
    shared = moment(client, sam, visibility="couple")
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING
    links = client.get("/api/v1/therapist-links", headers=therapist.auth).json()
    assert [(k["id"], k["status"]) for k in links] == [(link_id, "revoked")]


def test_the_therapist_may_end_the_link_too(client):
    sam, alex = couple(client)
    therapist, link_id = link_therapist(client, sam, alex)
    assert client.delete(f"/api/v1/therapist-links/{link_id}",
                         headers=therapist.auth).status_code == 204
    assert client.get("/api/v1/therapist/couples", headers=therapist.auth).json() == []


def test_accounts_accept_the_therapist_role_and_nothing_else(client):
    refused = client.post("/api/v1/accounts", json={
        "email": "x@example.org", "password": "a long password", "display_name": "X",
        "role": "admin"})
    assert refused.status_code == 422


def test_every_therapist_read_is_audited_and_only_of_the_couple_opened(client, db_factory):
    from sqlalchemy import select

    from between.privacy.audit import AuditEvent

    sam, alex = couple(client)
    therapist, _ = link_therapist(client, sam, alex)
    kim, jo = couple(client)
    link_therapist(client, kim, jo, therapist)
    ours = moment(client, sam, visibility="therapist")
    theirs = moment(client, kim, visibility="couple")
    taken = client.post("/api/v1/check-ins", headers=alex.auth, json={
        "instrument": "csi4", "answers": CSI4, "visibility": "couple"}).json()
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    assert client.get(f"/api/v1/therapist/couples/{couple_id}",
                      headers=therapist.auth).status_code == 200
    with db_factory() as db:
        reads = {(e.record_type, e.record_id) for e in db.scalars(select(AuditEvent).where(
            AuditEvent.actor_id == therapist.id, AuditEvent.action == "read"))}
    assert reads == {("therapist_dashboard", couple_id), ("moment", ours["id"]),
                     ("check_in", taken["id"])}
    assert ("moment", theirs["id"]) not in reads
    # A listing is a read of each record in it.
    client.get("/api/v1/moments", headers=therapist.auth)
    with db_factory() as db:
        listed = set(db.scalars(select(AuditEvent.record_id).where(
            AuditEvent.actor_id == therapist.id, AuditEvent.record_type == "moment")))
    assert listed == {ours["id"], theirs["id"]}


def test_an_attachment_story_reaches_the_dashboard_only_when_shared_with_the_therapist(client):
    sam, alex = couple(client)
    therapist, _ = link_therapist(client, sam, alex)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    made = {}
    for visibility in ("private", "partner", "therapist", "couple"):
        story = client.post("/api/v1/attachment/reflections", headers=alex.auth, json={
            "answers": {"closeness": f"A {visibility} story of my grandmother's kitchen."},
            "visibility": visibility, "finished": True})
        assert story.status_code == 201, story.text
        made[visibility] = story.json()["id"]
    draft = client.post("/api/v1/attachment/reflections", headers=sam.auth, json={
        "answers": {"closeness": "Half a story."}, "visibility": "therapist"}).json()
    board = client.get(f"/api/v1/therapist/couples/{couple_id}", headers=therapist.auth)
    shown = {s["id"] for s in board.json()["attachment_stories"]}
    assert shown == {made["therapist"], made["couple"]}
    assert draft["id"] not in board.text and "Half a story." not in board.text
    assert "A partner story" not in board.text and "A private story" not in board.text


def test_a_therapist_invites_a_couple_one_partner_uses_the_code_both_accept(client):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    shared = moment(client, alex, visibility="therapist")
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    made = client.post("/api/v1/therapist-links", headers=therapist.auth)
    assert made.status_code == 201 and made.json()["status"] == "invited"
    # Another therapist cannot take a therapist's code.
    assert client.post("/api/v1/therapist-links/join", json={"code": made.json()["code"]},
                       headers=therapist_account(client, "Dr Other").auth).status_code == 422
    joined = client.post("/api/v1/therapist-links/join", json={"code": made.json()["code"]},
                         headers=alex.auth)
    assert joined.status_code == 200 and joined.json() == {"id": made.json()["id"],
                                                           "status": "pending"}
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING
    link_id = made.json()["id"]
    client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=alex.auth)
    assert _reads(client, therapist, shared["id"], couple_id) == NOTHING  # Sam has not accepted
    assert client.post(f"/api/v1/therapist-links/{link_id}/accept",
                       headers=sam.auth).json()["status"] == "active"
    assert _reads(client, therapist, shared["id"], couple_id)["dashboard"] == 200
    # The code is spent: nobody uses it again.
    kim, jo = couple(client)
    assert client.post("/api/v1/therapist-links/join", json={"code": made.json()["code"]},
                       headers=kim.auth).status_code == 422
