"""The therapist link on pages: a partner invites, accepts and ends it; the therapist joins and
opens the dashboard; the partner's settings show what the therapist sees and every read."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.factories import PASSWORD, couple, moment
from tests.therapist.world import invite_and_join, link_therapist, therapist_account


def browser_for(app, user) -> TestClient:
    browser = TestClient(app)
    page = browser.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    logged = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token}, follow_redirects=False)
    assert logged.status_code == 303, logged.text
    return browser


def post(browser: TestClient, path: str, **form):
    return browser.post(path, data={**form, "csrf_token": browser.cookies.get("between_csrf")},
                        follow_redirects=False)


def test_a_partner_invites_the_therapist_joins_both_accept_and_one_ends_it(app, client):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    shared = moment(client, sam, happened="Sam wrote this for our therapist.", visibility="couple")
    private = moment(client, sam, happened="Sam kept this to himself.")
    sam_web, alex_web, dr_web = (browser_for(app, u) for u in (sam, alex, therapist))
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]

    page = post(sam_web, "/couple/therapist/invite")
    assert page.status_code == 200
    code = re.search(r'id="therapist-code">([^<]+)<', page.text).group(1)
    assert post(dr_web, "/therapist/join", code=code).status_code == 303
    link_id = client.get("/api/v1/therapist-links", headers=sam.auth).json()[0]["id"]
    assert dr_web.get(f"/therapist/couples/{couple_id}").status_code == 404
    assert "Waiting for the couple" in dr_web.get("/therapist").text

    assert post(sam_web, f"/couple/therapist/{link_id}/accept").status_code == 303
    assert dr_web.get(f"/therapist/couples/{couple_id}").status_code == 404
    assert "Accept Dr Lee" in alex_web.get("/couple/therapist").text
    assert post(alex_web, f"/couple/therapist/{link_id}/accept").status_code == 303

    board = dr_web.get(f"/therapist/couples/{couple_id}")
    assert board.status_code == 200
    assert "Sam wrote this for our therapist." in board.text
    assert "Sam kept this to himself." not in board.text and private["id"] not in board.text
    assert dr_web.get(f"/therapist/couples/{couple_id}/cycle.svg").status_code == 200

    settings = sam_web.get("/account").text
    assert "What your therapist can see today" in settings
    assert "1 moment" in settings and f"/moments/{shared['id']}" in settings
    assert "opened your couple&#39;s dashboard" in settings and "a moment of yours</a>" in settings
    # Alex shared nothing: the therapist opened nothing of Alex's but the couple's dashboard.
    alex_settings = alex_web.get("/couple/therapist").text
    assert "a moment of yours</a>" not in alex_settings
    assert "0 moments" in alex_settings

    assert post(alex_web, f"/couple/therapist/{link_id}/end").status_code == 303
    assert dr_web.get(f"/therapist/couples/{couple_id}").status_code == 404
    assert dr_web.get(f"/therapist/couples/{couple_id}/cycle.svg").status_code == 404
    assert "Sam wrote this" not in dr_web.get("/therapist").text
    # The reads before it ended stay in the partner's settings.
    assert "a moment of yours</a>" in sam_web.get("/couple/therapist").text


def test_therapist_sharing_choices_are_hidden_until_a_link_is_active(app, client):
    sam, alex = couple(client)
    sam_web = browser_for(app, sam)
    for path in ("/moments/new", "/check-ins/csi4"):
        assert "Our therapist" not in sam_web.get(path).text, path
        assert 'value="partner"' in sam_web.get(path).text
    therapist = therapist_account(client)
    link_id = invite_and_join(client, sam, therapist)
    client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=sam.auth)
    assert "Our therapist" not in sam_web.get("/moments/new").text  # one accepted is not enough
    client.post(f"/api/v1/therapist-links/{link_id}/accept", headers=alex.auth)
    for path in ("/moments/new", "/check-ins/csi4"):
        assert "Our therapist" in sam_web.get(path).text, path
    client.delete(f"/api/v1/therapist-links/{link_id}", headers=alex.auth)
    assert "Our therapist" not in sam_web.get("/moments/new").text


def test_a_record_already_shared_with_a_therapist_keeps_its_choice_shown(app, client):
    sam, alex = couple(client)
    _, link_id = link_therapist(client, sam, alex)
    made = moment(client, sam, visibility="therapist")
    client.delete(f"/api/v1/therapist-links/{link_id}", headers=sam.auth)
    edit = browser_for(app, sam).get(f"/moments/{made['id']}/edit").text
    assert re.search(r'value="therapist" checked', edit)
    assert 'value="couple"' not in edit


def test_a_therapist_signs_up_on_the_page_and_lands_on_their_couples(app):
    browser = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/signup").text).group(1)
    assert browser.post("/signup", data={"display_name": "Dr Page", "email": "drpage@example.org",
                                         "password": PASSWORD, "role": "therapist",
                                         "csrf_token": token}).status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text).group(1)
    browser.post("/login", data={"email": "drpage@example.org", "password": PASSWORD,
                                 "csrf_token": token})
    home = browser.get("/home")
    assert home.url.path == "/therapist" and "Your couples" in home.text
    assert browser.get("/welcome").url.path == "/therapist"


def test_the_therapist_schedules_records_marks_and_notes_on_the_work_page(app, client):
    sam, alex = couple(client)
    therapist, link_id = link_therapist(client, sam, alex)
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    moment(client, alex, happened="I went quiet.", deeper_feeling="afraid", visibility="therapist")
    dr_web, sam_web, alex_web = (browser_for(app, u) for u in (therapist, sam, alex))
    work = f"/therapist/couples/{couple_id}/work"
    assert dr_web.get(work).status_code == 200
    assert post(dr_web, f"/therapist/couples/{couple_id}/sessions", kind="individual",
                partner_id=alex.id, scheduled_for="2026-12-17T17:00").status_code == 303
    session_id = client.get(f"/api/v1/therapist/couples/{couple_id}/sessions",
                            headers=therapist.auth).json()[0]["id"]
    said = "Alex remembered waiting alone at the school gate."
    assert post(dr_web, f"/therapist/couples/{couple_id}/sessions/{session_id}", held="true",
                summary=said).status_code == 303
    assert said in alex_web.get("/couple/therapist").text
    assert said not in sam_web.get("/couple/therapist").text
    page = dr_web.get(work).text
    evidence = re.search(r'name="evidence" value="([^"]+)"', page).group(1)
    assert post(dr_web, f"/therapist/couples/{couple_id}/stage", step="3",
                note="Alex reached the fear under the silence.",
                evidence=evidence).status_code == 303
    assert post(dr_web, f"/therapist/couples/{couple_id}/notes", focus="The silence.",
                next="Private hunch about Alex's father.").status_code == 303
    page = dr_web.get(work).text
    assert "Alex reached the fear under the silence." in page and "Private hunch" in page
    for partner_web in (sam_web, alex_web):
        assert "Private hunch" not in partner_web.get("/couple/therapist").text
        assert partner_web.get(work).status_code == 404
    exported = dr_web.get(f"/therapist/couples/{couple_id}/export")
    assert exported.status_code == 200 and "Private hunch" in exported.text
    # Alex shares the individual session's summary: now Sam reads it.
    assert post(alex_web, f"/couple/therapist/sessions/{session_id}/share",
                shared="true").status_code == 303
    assert said in sam_web.get("/couple/therapist").text
    client.delete(f"/api/v1/therapist-links/{link_id}", headers=alex.auth)
    assert dr_web.get(work).status_code == 404
    assert dr_web.get(f"/therapist/couples/{couple_id}/export").status_code == 404


def test_a_therapist_invites_on_the_page_and_a_partner_uses_the_code(app, client):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    dr_web, alex_web = browser_for(app, therapist), browser_for(app, alex)
    page = post(dr_web, "/therapist/invite")
    code = re.search(r'id="couple-code">([^<]+)<', page.text).group(1)
    assert post(alex_web, "/couple/therapist/join", code=code).status_code == 303
    assert "Accept Dr Lee" in alex_web.get("/couple/therapist").text
    refused = post(alex_web, "/couple/therapist/join", code="AAAA-BBBB-CCCC")
    assert refused.status_code in (409, 422) and "code" in refused.text.lower()
