"""The reflection's pages: the steps one at a time (kept as you type), finishing and sharing,
reading, editing and deleting; what a partner sees and does not."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, couple, sign_up
from tests.web.test_pages import csrf


def logged_in(app, user) -> TestClient:
    browser = TestClient(app)
    done = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                        "csrf_token": csrf(browser, "/login")}, follow_redirects=False)
    assert done.status_code == 303, done.text
    return browser


def post(browser: TestClient, url: str, **data):
    return browser.post(url, data={**data, "csrf_token": browser.cookies.get("between_csrf")},
                        follow_redirects=False)


def start(browser: TestClient) -> str:
    browser.get("/attachment")
    started = post(browser, "/attachment/new")
    assert started.status_code == 303
    assert started.headers["location"].endswith("/step/closeness")
    return started.headers["location"].split("/")[2]


def test_a_person_walks_the_steps_and_finishes_sharing_with_the_partner(app, client):
    sam, alex = couple(client)
    browser = logged_in(app, sam)
    index = browser.get("/attachment")
    assert "Private." in index.text and "Start your reflection" in index.text
    assert "with your partner, or with no one" in index.text  # no therapist linked: none offered
    story = start(browser)
    first = browser.get(f"/attachment/{story}/step/closeness")
    assert "Step 1 of 5" in first.text and "Who did you feel close to" in first.text
    went = post(browser, f"/attachment/{story}/step/closeness", text="My grandmother's kitchen.",
                go="next")
    assert went.headers["location"] == f"/attachment/{story}/step/comfort"
    back = post(browser, f"/attachment/{story}/step/comfort", text="", go="back")
    assert back.headers["location"] == f"/attachment/{story}/step/closeness"
    assert "My grandmother&#39;s kitchen." in browser.get(f"/attachment/{story}/step/closeness").text
    last = post(browser, f"/attachment/{story}/step/wish", text="That I go quiet to keep us safe.",
                go="finish")
    assert last.headers["location"] == f"/attachment/{story}/finish"
    # Before finishing, the partner cannot read it, whatever it would say.
    partner = logged_in(app, alex)
    assert partner.get(f"/attachment/{story}").status_code == 404
    finish = browser.get(f"/attachment/{story}/finish")
    assert "Keep it private" in finish.text and "Share with my partner" in finish.text
    done = post(browser, f"/attachment/{story}/finish", visibility="partner")
    assert done.headers["location"] == f"/attachment/{story}"
    mine = browser.get(f"/attachment/{story}")
    assert "seen by you and your partner" in mine.text and "Delete this reflection" in mine.text
    theirs = partner.get(f"/attachment/{story}")
    assert theirs.status_code == 200
    assert "Sam's attachment story" in theirs.text and "What they wish you knew" in theirs.text
    assert "That I go quiet to keep us safe." in theirs.text
    assert "Delete this reflection" not in theirs.text and "/step/" not in theirs.text
    assert "Sam's attachment story" in partner.get("/attachment").text
    # Back to private: gone for the partner at once.
    post(browser, f"/attachment/{story}/share", visibility="private")
    assert partner.get(f"/attachment/{story}").status_code == 404
    assert "Sam's attachment story" not in partner.get("/attachment").text


def test_the_partner_cannot_open_or_change_a_step(app, client, db_state):
    sam, alex = couple(client)
    story = start(logged_in(app, sam))
    partner = logged_in(app, alex)
    partner.get("/attachment")
    before = db_state()
    assert partner.get(f"/attachment/{story}/step/closeness").status_code == 404
    assert partner.get(f"/attachment/{story}/finish").status_code == 404
    for url, data in ((f"/attachment/{story}/step/closeness", {"text": "mine"}),
                      (f"/attachment/{story}/draft", {"step_id": "closeness", "text": "mine"}),
                      (f"/attachment/{story}/finish", {"visibility": "partner"}),
                      (f"/attachment/{story}/share", {"visibility": "partner"}),
                      (f"/attachment/{story}/delete", {})):
        assert post(partner, url, **data).status_code == 404, url
    assert db_state() == before


def test_typing_is_kept_as_a_draft_and_shown_when_coming_back(app, client):
    solo = sign_up(client, "Robin")
    browser = logged_in(app, solo)
    story = start(browser)
    kept = post(browser, f"/attachment/{story}/draft", step_id="comfort", text="When I cried, nobody")
    assert kept.status_code == 200 and kept.text.startswith("Draft kept at")
    assert "When I cried, nobody" in browser.get(f"/attachment/{story}/step/comfort").text
    listed = browser.get("/attachment").text
    assert "A draft" in listed and "1 of 5 steps written" in listed
    assert f"/attachment/{story}/step/closeness" in listed  # continues at the first empty step


def test_too_long_words_are_refused_and_kept_on_the_page(app, client, db_state):
    solo = sign_up(client, "Robin")
    browser = logged_in(app, solo)
    story = start(browser)
    before = db_state()
    refused = post(browser, f"/attachment/{story}/step/learned", text="x" * 5001, go="next")
    assert refused.status_code == 422
    assert "too long" in refused.text and "x" * 5001 in refused.text
    assert post(browser, f"/attachment/{story}/step/childhood", text="x").status_code == 404
    assert post(browser, f"/attachment/{story}/finish", visibility="everyone").status_code == 422
    assert db_state() == before


def test_therapist_choice_follows_the_apps_one_rule_for_sharing_choices(app, client):
    from tests.therapist.world import link_therapist

    sam, alex = couple(client)
    browser = logged_in(app, sam)
    story = start(browser)
    post(browser, f"/attachment/{story}/step/closeness", text="My aunt.", go="next")
    # No therapist linked: the choice is not offered (therapist/links.py, the app's one rule).
    page = browser.get(f"/attachment/{story}/finish").text
    assert "Share with our therapist only" not in page and "Share with my partner" in page
    link_therapist(client, sam, alex)
    assert "Share with our therapist only" in browser.get(f"/attachment/{story}/finish").text


def test_deleting_a_reflection(app, client):
    solo = sign_up(client, "Robin")
    browser = logged_in(app, solo)
    story = start(browser)
    assert post(browser, f"/attachment/{story}/delete").headers["location"] == "/attachment"
    assert browser.get(f"/attachment/{story}").status_code == 404


@pytest.mark.parametrize("path", ["/attachment", "/attachment/new"])
def test_signed_out_goes_to_the_login(app, path):
    browser = TestClient(app)
    browser.get("/login")
    answer = browser.request("GET" if path == "/attachment" else "POST", path, follow_redirects=False,
                             data=None if path == "/attachment" else
                             {"csrf_token": browser.cookies.get("between_csrf")})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
