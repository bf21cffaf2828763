"""The softening conversation over the API: roles, turns in order, pause and resume, privacy."""

from __future__ import annotations

from tests.coach.conftest import CLOSE, REFLECT, SHARE, one_round, post_turn
from tests.factories import sign_up


def read(client, conversation_id, user):
    return client.get(f"/api/v1/conversations/{conversation_id}", headers=user.auth)


def test_starting_makes_the_starter_the_speaker(client, started):
    conversation_id, sam, alex = started
    view = read(client, conversation_id, alex).json()
    assert (view["status"], view["step"]) == ("active", "share")
    assert (view["speaker_id"], view["listener_id"]) == (sam.id, alex.id)
    assert view["your_turn"] is False
    assert read(client, conversation_id, sam).json()["your_turn"] is True


def test_a_full_conversation_swaps_roles_and_finishes(client, started):
    conversation_id, sam, alex = started
    one_round(client, conversation_id, sam, alex)
    view = read(client, conversation_id, sam).json()
    assert (view["step"], view["round"]) == ("share", 2)
    assert (view["speaker_id"], view["listener_id"]) == (alex.id, sam.id)
    one_round(client, conversation_id, alex, sam)
    assert read(client, conversation_id, sam).json()["step"] == "close"
    assert post_turn(client, conversation_id, alex, CLOSE).status_code == 201
    assert read(client, conversation_id, sam).json()["status"] == "active"
    assert post_turn(client, conversation_id, sam, CLOSE).status_code == 201
    view = read(client, conversation_id, alex).json()
    assert view["status"] == "finished"
    assert [t["step"] for t in view["turns"]] == (
        ["share", "reflect", "confirm", "respond"] * 2 + ["close", "close"])
    share, reflect = view["turns"][0], view["turns"][1]
    assert share["analysis"]["kind"] == "message" and "register" in share["analysis"]
    assert reflect["analysis"]["kind"] == "reply" and "quality" in reflect["analysis"]


def test_not_quite_sends_the_listener_back_to_reflect(client, started):
    conversation_id, sam, alex = started
    post_turn(client, conversation_id, sam, SHARE)
    post_turn(client, conversation_id, alex, REFLECT)
    response = post_turn(client, conversation_id, sam, "Not quite: it was more lonely.", False)
    assert response.status_code == 201
    assert read(client, conversation_id, sam).json()["step"] == "reflect"
    assert post_turn(client, conversation_id, alex, "You felt lonely.").status_code == 201


def test_the_confirm_step_needs_a_yes_or_not_quite(client, started, db_state):
    conversation_id, sam, alex = started
    post_turn(client, conversation_id, sam, SHARE)
    post_turn(client, conversation_id, alex, REFLECT)
    before = db_state()
    response = post_turn(client, conversation_id, sam, "Hmm.")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "confirmed"
    assert db_state() == before


def test_the_partner_whose_turn_it_is_not_gets_409_and_nothing_changes(client, started, db_state):
    conversation_id, sam, alex = started
    before = db_state()
    response = post_turn(client, conversation_id, alex, REFLECT)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert db_state() == before


def test_outsiders_get_404_like_a_missing_id(client, started, db_state):
    conversation_id, sam, _ = started
    stranger = sign_up(client, "Robin")
    before = db_state()
    for response in (read(client, conversation_id, stranger),
                     post_turn(client, conversation_id, stranger, SHARE),
                     client.post(f"/api/v1/conversations/{conversation_id}/stop",
                                 headers=stranger.auth),
                     client.put(f"/api/v1/conversations/{conversation_id}/draft",
                                json={"text": "x"}, headers=stranger.auth)):
        assert response.status_code == 404
    missing = read(client, "0" * 32, sam)
    assert missing.status_code == 404
    assert missing.json()["detail"] == read(client, conversation_id, stranger).json()["detail"]
    assert client.get("/api/v1/conversations", headers=stranger.auth).json() == []
    assert db_state() == before


def test_pause_refuses_turns_and_resume_keeps_the_draft(client, started, db_state):
    conversation_id, sam, alex = started
    url = f"/api/v1/conversations/{conversation_id}"
    typed = "When you went quiet, I felt"
    assert client.put(f"{url}/draft", json={"text": typed}, headers=sam.auth).status_code == 200
    assert client.post(f"{url}/pause", headers=alex.auth).json()["status"] == "paused"
    before = db_state()
    assert post_turn(client, conversation_id, sam, SHARE).status_code == 409
    assert db_state() == before
    assert client.post(f"{url}/resume", headers=sam.auth).json()["status"] == "active"
    assert read(client, conversation_id, sam).json()["draft"] == typed
    assert read(client, conversation_id, alex).json()["draft"] == ""  # drafts are private
    assert post_turn(client, conversation_id, sam, SHARE).status_code == 201
    assert read(client, conversation_id, sam).json()["draft"] == ""  # sent, so no longer a draft


def test_either_partner_may_stop_and_the_stop_names_no_one(client, started):
    conversation_id, sam, alex = started
    response = client.post(f"/api/v1/conversations/{conversation_id}/stop", headers=alex.auth)
    assert response.json()["status"] == "stopped"
    assert read(client, conversation_id, sam).json() | {"draft": ""} == (
        read(client, conversation_id, alex).json() | {"your_turn": False})
    again = client.post(f"/api/v1/conversations/{conversation_id}/resume", headers=sam.auth)
    assert again.status_code == 409


def test_one_conversation_at_a_time_and_only_with_two_partners(client, started):
    _, sam, _ = started
    assert client.post("/api/v1/conversations", headers=sam.auth).status_code == 409
    alone = sign_up(client, "Kim")
    client.post("/api/v1/couples", headers=alone.auth)
    response = client.post("/api/v1/conversations", headers=alone.auth)
    assert response.status_code == 409 and "practise alone" in response.json()["detail"]


def test_risk_pauses_the_conversation_with_the_same_words_for_both(client, partners, db_state):
    sam, alex = partners
    risky = client.post("/api/v1/coach/reach", json={"text": "I'm scared of him. He hit me."},
                        headers=alex.auth)
    assert risky.status_code == 200
    before = db_state()
    answers = [client.post("/api/v1/conversations", headers=user.auth) for user in (sam, alex)]
    assert [a.status_code for a in answers] == [409, 409]
    assert answers[0].json() == answers[1].json()
    assert db_state() == before


def test_a_turn_that_raises_risk_is_held_back_as_the_writers_draft(client, started):
    conversation_id, sam, alex = started
    response = post_turn(client, conversation_id, sam, "I'm scared of him. He hit me.")
    assert response.status_code == 409
    assert read(client, conversation_id, alex).json()["turns"] == []
    assert read(client, conversation_id, sam).json()["draft"].startswith("I'm scared of him")


def test_positive_cycle_moments_count_reaches_met_with_a_responsive_answer(client, started,
                                                                          db_factory):
    from between.coach.service import positive_cycle_moments
    from between.people.models import Person

    conversation_id, sam, alex = started
    one_round(client, conversation_id, sam, alex)
    with db_factory() as db:
        viewer = db.get(Person, sam.id)
        couple_id = read(client, conversation_id, sam).json() and _couple_of(db, sam.id)
        moments = positive_cycle_moments(db, couple_id, viewer)
        assert [(m["speaker_id"], m["listener_id"]) for m in moments] == [(sam.id, alex.id)]
        stranger = db.get(Person, sign_up(client, "Lee").id)
        assert positive_cycle_moments(db, couple_id, stranger) == []


def _couple_of(db, person_id):
    from between.people.couples import active_membership

    return active_membership(db, person_id).couple_id


def test_the_export_view_holds_the_couples_conversations_and_only_own_flows(client, started,
                                                                           db_factory):
    from between.coach.service import export_view
    from between.people.models import Person

    conversation_id, sam, alex = started
    post_turn(client, conversation_id, sam, SHARE)
    client.post("/api/v1/pause/pause", json={"happened": "Sam's own note"}, headers=sam.auth)
    with db_factory() as db:
        sams = export_view(db, db.get(Person, sam.id))
        alexs = export_view(db, db.get(Person, alex.id))
    assert [c["id"] for c in sams["conversations"]] == [conversation_id]
    assert sams["conversations"][0]["turns"][0]["text"] == SHARE
    assert [c["id"] for c in alexs["conversations"]] == [conversation_id]
    assert sams["slowdowns"][0]["answers"] == {"happened": "Sam's own note"}
    assert alexs["slowdowns"] == []


def test_after_a_partner_leaves_their_turns_are_theirs_alone_again(client, started, db_state):
    conversation_id, sam, alex = started
    post_turn(client, conversation_id, sam, SHARE)
    post_turn(client, conversation_id, alex, REFLECT)
    assert client.post("/api/v1/couples/current/leave", headers=alex.auth).status_code == 204
    # The couple ended for both: the conversation is closed to each, and each keeps their
    # own turns (in their export), never the other's.
    before = db_state()
    for person in (sam, alex):
        assert read(client, conversation_id, person).status_code == 404
    assert post_turn(client, conversation_id, sam, "Yes.", True).status_code == 404
    assert db_state() == before
    for person, own in ((sam, SHARE), (alex, REFLECT)):
        [kept] = client.get("/api/v1/export", headers=person.auth).json()["conversations"]
        assert [(t["author_id"], t["text"]) for t in kept["turns"]] == [(person.id, own)]


def test_a_shared_turn_is_analysed_once_for_the_turn_and_the_safety_gate(client, started,
                                                                         analysis_calls,
                                                                         monkeypatch):
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "both")  # as shipped (see conftest)
    conversation_id, sam, _ = started
    text = "Can we plan the weekend together tonight? I'd like that."
    analysis_calls.clear()
    response = post_turn(client, conversation_id, sam, text)
    assert response.status_code == 201, response.text
    assert response.json()["analysis"]["kind"] == "message"
    assert analysis_calls == [([text], "both")]


def test_a_turn_never_carries_the_writers_risk_reading(client, started, db_factory):
    """Even an unflagged risk score is the writer's private business: the partner reads turns."""
    from between.coach.models import Turn

    conversation_id, sam, alex = started
    assert post_turn(client, conversation_id, sam, SHARE).status_code == 201
    with db_factory() as db:
        stored = db.query(Turn).one()
        assert "risk" not in stored.analysis
        # A turn stored before risk was kept out of turns still reads without it.
        stored.analysis = {**stored.analysis, "risk": {"flag": False, "kinds": [], "score": 0.6},
                           "evidence": [*stored.analysis["evidence"], {"field": "risk", "label": "threat"}]}
        db.commit()
    for user in (alex, sam):
        analysis = read(client, conversation_id, user).json()["turns"][0]["analysis"]
        assert "risk" not in analysis
        assert analysis["register"] and all(e["field"] != "risk" for e in analysis["evidence"])
