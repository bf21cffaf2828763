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


# --- the attachment story: the same comparisons for reflections ---------------------------

REFLECTIONS = "/api/v1/attachment/reflections"


def reflection(client, user, **body) -> dict:
    made = client.post(REFLECTIONS, headers=user.auth, json=body)
    assert made.status_code == 201, made.text
    return made.json()


@pytest.fixture
def stories(client, pair):
    sam, alex, _, _ = pair
    private = reflection(client, sam, answers={"comfort": "Nobody came when I cried at night."},
                         finished=True)
    shared = reflection(client, sam, answers={"wish": "I go quiet to keep us safe."},
                        visibility="partner", finished=True)
    return sam, alex, private, shared


def test_a_reflection_is_a_private_draft_by_default(client, pair):
    sam, *_ = pair
    started = reflection(client, sam)
    assert (started["visibility"], started["status"]) == ("private", "draft")


@pytest.mark.parametrize("method, path, body", [
    ("GET", "", None), ("PATCH", "", {"answers": {"wish": "changed"}}),
    ("PUT", "/steps/comfort", {"text": "changed"}), ("DELETE", "", None)])
def test_partner_gets_404_for_a_private_reflection_on_every_route(client, stories, db_state,
                                                                   method, path, body):
    sam, alex, private, _ = stories
    before = db_state()
    hidden = client.request(method, f"{REFLECTIONS}/{private['id']}{path}", json=body,
                            headers=alex.auth)
    missing = client.request(method, f"{REFLECTIONS}/{'0' * 32}{path}", json=body,
                             headers=alex.auth)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()  # existence is never revealed
    assert db_state() == before


def test_a_draft_stays_its_writers_even_when_it_says_partner(client, stories):
    sam, alex, _, _ = stories
    draft = reflection(client, sam, answers={"learned": "I learned to be no trouble."},
                       visibility="partner")
    assert client.get(f"{REFLECTIONS}/{draft['id']}", headers=alex.auth).status_code == 404
    assert "no trouble" not in client.get("/api/v1/export", headers=alex.auth).text
    finished = client.patch(f"{REFLECTIONS}/{draft['id']}", headers=sam.auth, json={"finished": True})
    assert finished.status_code == 200, finished.text
    seen = client.get(f"{REFLECTIONS}/{draft['id']}", headers=alex.auth)
    assert seen.status_code == 200 and seen.json()["answers"]["learned"] == "I learned to be no trouble."


def test_partner_may_read_but_not_change_a_shared_reflection(client, stories, db_state):
    _, alex, _, shared = stories
    assert client.get(f"{REFLECTIONS}/{shared['id']}", headers=alex.auth).status_code == 200
    before = db_state()
    for method, path, body in (("PATCH", "", {"visibility": "private"}),
                               ("PUT", "/steps/wish", {"text": "mine now"}), ("DELETE", "", None)):
        answer = client.request(method, f"{REFLECTIONS}/{shared['id']}{path}", json=body,
                                headers=alex.auth)
        assert answer.status_code == 404, (method, answer.text)
    assert db_state() == before


def test_reflection_lists_and_exports_hold_exactly_what_the_caller_may_see(client, stories):
    sam, alex, private, shared = stories
    alex_own = reflection(client, alex, answers={"closeness": "My brother and I built dens."})
    listed = {r["id"] for r in client.get(REFLECTIONS, headers=alex.auth).json()}
    assert listed == {shared["id"], alex_own["id"]}
    exported = client.get("/api/v1/export", headers=alex.auth).json()
    assert {r["id"] for r in exported["attachment_reflections"]} == listed
    assert "Nobody came" not in str(exported)
    csv_zip = client.get("/api/v1/export?format=csv", headers=alex.auth).content
    assert b"Nobody came" not in csv_zip and b"I go quiet" not in csv_zip  # zipped, so look inside:
    import io
    import zipfile
    rows = zipfile.ZipFile(io.BytesIO(csv_zip)).read("reflections.csv").decode()
    assert "I go quiet to keep us safe." in rows and "Nobody came" not in rows
    sam_export = client.get("/api/v1/export", headers=sam.auth).json()
    assert {r["id"] for r in sam_export["attachment_reflections"]} == {private["id"], shared["id"]}
    assert "built dens" not in str(sam_export)  # Alex's draft is Alex's


def test_therapist_only_reflection_is_hidden_from_the_partner_and_partner_only_from_the_therapist(
        client, db_factory, stories):
    from between.people.accounts import create_account
    from between.people.couples import current_couple
    from between.people.models import Membership, Person, Role

    sam, alex, _, shared = stories
    for_therapist = reflection(client, sam, answers={"learned": "To hide under the stairs."},
                               visibility="therapist", finished=True)
    assert client.get(f"{REFLECTIONS}/{for_therapist['id']}", headers=alex.auth).status_code == 404
    assert "under the stairs" not in client.get("/api/v1/export", headers=alex.auth).text
    with db_factory() as db:
        therapist = create_account(db, email="dr.story@example.org", password="a long password",
                                   display_name="Dr Lee", role=Role.THERAPIST)
        couple_id = current_couple(db, db.get(Person, sam.id)).id
        db.add(Membership(couple_id=couple_id, person_id=therapist.id, role=Role.THERAPIST.value))
        db.commit()
    token = client.post("/api/v1/sessions", json={"email": "dr.story@example.org",
                                                  "password": "a long password"}).json()["token"]
    seen = {r["id"] for r in client.get(REFLECTIONS,
                                        headers={"Authorization": f"Bearer {token}"}).json()}
    assert seen == {for_therapist["id"]}
    assert shared["id"] not in seen


def test_a_reflection_shared_with_a_former_partner_does_not_reach_the_next(client, stories):
    sam, alex, _, shared = stories
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    assert client.get(f"{REFLECTIONS}/{shared['id']}", headers=alex.auth).status_code == 404
    jo = sign_up(client, "Jo")
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    assert client.post("/api/v1/couples/join", json={"invite_code": code},
                       headers=jo.auth).status_code == 200
    assert client.get(f"{REFLECTIONS}/{shared['id']}", headers=jo.auth).status_code == 404
    assert client.get(REFLECTIONS, headers=jo.auth).json() == []


def test_erasing_yourself_erases_your_reflections(client, stories, db_factory):
    sam, alex, private, shared = stories
    assert client.delete("/api/v1/me", headers=sam.auth).status_code == 204
    with db_factory() as db:
        left = db.execute(text("SELECT answers FROM attachment_reflections")).all()
    assert "Nobody came" not in str(left) and "I go quiet" not in str(left)
    assert client.get(REFLECTIONS, headers=alex.auth).json() == []
