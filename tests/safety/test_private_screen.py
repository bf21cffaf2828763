"""A private screen before joint work: each partner takes the private check-in on their own, and
the softening conversation opens only when both have. The partner learns only that both of you
finished it, never an answer; solo use is unchanged."""

from __future__ import annotations

import pytest

from between.safety.service import SCREEN_DONE, SCREEN_WAITING
from tests.factories import couple, screened, sign_up
from tests.safety.answers import AFRAID, all_clear
from tests.safety.test_partner_cannot_tell import normalised, readable
from tests.safety.web import logged_in

pytestmark = pytest.mark.usefixtures("cue_layer_only")
# What the partner can see of the screen: the joint pages and routes.
JOINT = ["/conversations", "/home", "/couple", "/api/v1/conversations", "/api/v1/couples/current"]


def start(client, user):
    return client.post("/api/v1/conversations", headers=user.auth)


def seen(browser, client, user) -> dict[str, str]:
    views = {}
    for path in JOINT:
        answer = (client.get(path, headers=user.auth) if path.startswith("/api")
                  else browser.get(path))
        views[path] = normalised(readable(answer))
    return views


def test_the_conversation_waits_for_both_check_ins_with_one_answer_for_both(client):
    sam, alex = couple(client)
    answers = [start(client, user) for user in (sam, alex)]
    assert [a.status_code for a in answers] == [409, 409]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["detail"] == SCREEN_WAITING
    screened(client, sam)
    after_one = [start(client, user) for user in (sam, alex)]
    assert [a.json() for a in after_one] == [a.json() for a in answers]
    screened(client, alex)
    assert start(client, alex).status_code == 201


def test_the_partner_learns_nothing_from_one_check_in_and_only_both_at_the_end(app, client):
    sam, alex = couple(client)
    alex_browser = logged_in(app, alex)
    before = seen(alex_browser, client, alex)
    assert SCREEN_WAITING in before["/conversations"]
    # Sam's check-in, raising a concern or not, changes nothing Alex sees.
    for answers in (all_clear(), AFRAID):
        taken = client.post("/api/v1/safety/check-in", json={"answers": answers},
                            headers=sam.auth)
        assert taken.status_code == 201
        now = seen(alex_browser, client, alex)
        if answers is AFRAID:  # a concern pauses joint work, in the one neutral sentence
            assert client.post("/api/v1/safety/clear", headers=sam.auth).status_code == 200
            now = seen(alex_browser, client, alex)
        assert now == before
    # Once both have, each reads the same sentence, and nothing of the answers.
    screened(client, alex)
    done = seen(alex_browser, client, alex)["/conversations"]
    assert SCREEN_DONE in done and SCREEN_WAITING not in done
    assert SCREEN_DONE in logged_in(app, sam).get("/conversations").text
    for answer_word in ("afraid", "Never", "Sometimes", "fear"):
        assert answer_word not in done


def test_a_check_in_from_before_the_couple_formed_does_not_count(client):
    sam, alex = sign_up(client, "Sam"), sign_up(client, "Alex")
    screened(client, sam, alex)  # on their own, before pairing
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    client.post("/api/v1/couples/join", json={"invite_code": code}, headers=alex.auth)
    assert start(client, sam).status_code == 409
    screened(client, sam, alex)
    assert start(client, sam).status_code == 201


def test_each_partner_is_invited_to_the_check_in_when_the_couple_forms(app, client):
    sam, alex = couple(client)
    for user in (sam, alex):
        home = logged_in(app, user).get("/home").text
        assert "Take the private check-in" in home and 'href="/safety/check-in"' in home
    screened(client, sam)
    # Done for Sam only: Alex's list still invites Alex.
    assert "Take the private check-in" in logged_in(app, alex).get("/home").text


def test_solo_use_is_unchanged(app, client):
    kim = sign_up(client, "Kim")
    home = logged_in(app, kim).get("/home").text
    assert "Take the private check-in" not in home
    assert client.post("/api/v1/coach/reach", json={"text": "I miss you."},
                       headers=kim.auth).status_code == 200
