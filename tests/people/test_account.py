"""The account page and its API: profile, time zone, country, password, export, delete."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from fastapi.testclient import TestClient

from tests.factories import PASSWORD, couple, moment, sign_up
from tests.web.test_pages import csrf, web_signup


def test_the_account_page_holds_every_setting(app):
    sam = web_signup(app, "Sam")
    page = sam.get("/account")
    assert page.status_code == 200
    for what in ('id="display_name"', 'id="time_zone"', 'id="locale"', 'id="current_password"',
                 "/progress/export?format=json", "format=csv", "format=fhir", "format=pdf",
                 'action="/account/delete"'):
        assert what in page.text, what
    assert '<option value="UTC" selected>' in page.text  # no browser zone was sent


def test_sign_up_keeps_the_browsers_time_zone_and_times_show_on_that_clock(app):
    browser = TestClient(app)
    browser.post("/signup", data={"display_name": "Sam", "email": "sam@example.org", "password": PASSWORD,
                                  "time_zone": "Asia/Tokyo", "csrf_token": csrf(browser)})
    browser.post("/login", data={"email": "sam@example.org", "password": PASSWORD,
                                 "csrf_token": csrf(browser, "/login")})  # sign-up never logs in
    assert '<option value="Asia/Tokyo" selected>' in browser.get("/account").text
    token = csrf(browser, "/moments/new")
    browser.post("/moments", data={"happened": "A hard evening.", "occurred_at": "2025-03-01T21:30",
                                   "csrf_token": token})
    listing = browser.get("/moments").text
    assert "1 Mar 2025" in listing
    detail = browser.get(re.search(r'href="(/moments/[0-9a-f]{32})"', listing).group(1)).text
    assert "1 Mar 2025, 21:30" in detail and "UTC" not in detail  # typed and shown on Sam's clock


def test_an_unknown_zone_at_sign_up_falls_back_to_utc(client):
    created = client.post("/api/v1/accounts", json={"email": "a@example.org", "password": PASSWORD,
                                                    "display_name": "A", "time_zone": "Mars/Olympus"})
    assert created.status_code == 202
    token = client.post("/api/v1/sessions", json={"email": "a@example.org", "password": PASSWORD})
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert me.json()["time_zone"] == "UTC"


def test_saving_the_profile_changes_name_zone_and_country(app):
    sam = web_signup(app, "Sam")
    response = sam.post("/account/profile", data={"display_name": "Samira", "time_zone": "Europe/Berlin",
                                                  "locale": "GB", "csrf_token": csrf(sam, "/account")})
    assert response.status_code == 200 and "Your profile is saved." in response.text
    assert 'value="Samira"' in response.text and '<option value="Europe/Berlin" selected>' in response.text
    assert '<option value="GB" selected>' in response.text
    assert '<option value="GB" selected>' in sam.get("/safety/settings").text  # one country setting


def test_a_bad_profile_keeps_what_was_typed_and_changes_nothing(app):
    sam = web_signup(app, "Sam")
    response = sam.post("/account/profile", data={"display_name": "Samira", "time_zone": "Nowhere/Land",
                                                  "locale": "", "csrf_token": csrf(sam, "/account")})
    assert response.status_code == 422 and 'role="alert"' in response.text
    assert "Time zone" in response.text and 'value="Samira"' in response.text
    assert 'value="Sam"' in sam.get("/account").text


def test_changing_the_password_ends_other_logins_and_keeps_this_one(app):
    sam = web_signup(app, "Sam")
    other = TestClient(app)
    other.post("/login", data={"email": "sam@example.org", "password": PASSWORD, "csrf_token": csrf(other, "/login")})
    assert other.get("/home", follow_redirects=False).status_code == 200
    wrong = sam.post("/account/password", data={"current_password": "not it at all", "new_password": "a new one please",
                                                "csrf_token": csrf(sam, "/account")})
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    done = sam.post("/account/password", data={"current_password": PASSWORD, "new_password": "a new one please",
                                               "csrf_token": csrf(sam, "/account")})
    assert "Your password is changed" in done.text
    assert sam.get("/home", follow_redirects=False).status_code == 200
    assert other.get("/home", follow_redirects=False).status_code == 303


def test_deleting_the_account_needs_the_box_and_the_password(app, db_state):
    sam = web_signup(app, "Sam")
    before = db_state()
    for data in ({"password": PASSWORD}, {"confirm": "delete", "password": "wrong password"}):
        refused = sam.post("/account/delete", data={**data, "csrf_token": csrf(sam, "/account")})
        assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert db_state() == before
    gone = sam.post("/account/delete", data={"confirm": "delete", "password": PASSWORD,
                                             "csrf_token": csrf(sam, "/account")})
    assert gone.status_code == 200 and "Your account is deleted" in gone.text
    assert sam.get("/home", follow_redirects=False).status_code == 303
    assert not any("sam@example.org" in row for row in db_state()["people"])


def test_the_csv_export_holds_every_kind_of_record_the_person_may_see_and_no_more(client):
    sam, alex = couple(client)
    moment(client, sam, happened="Sam's shared moment", visibility="partner")
    moment(client, alex, happened="Alex's private moment")
    moment(client, alex, happened="Alex's shared moment", visibility="partner")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/export?format=csv", headers=sam.auth).content))
    moments = list(csv.DictReader(io.StringIO(archive.read("moments.csv").decode())))
    assert sorted(m["happened"] for m in moments) == ["Alex's shared moment", "Sam's shared moment"]
    codebook = list(csv.DictReader(io.StringIO(archive.read("codebook.csv").decode())))
    assert {e["file"] for e in codebook} == {"check-ins.csv", "moments.csv", "conversations.csv", "turns.csv",
                                            "slowdowns.csv", "reflections.csv"}


def test_the_pdf_export_is_a_pdf(client):
    sam = sign_up(client, "Sam")
    response = client.get("/api/v1/export?format=pdf", headers=sam.auth)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_api_changes_the_profile_and_the_password(client):
    sam = sign_up(client, "Sam")
    changed = client.patch("/api/v1/me", json={"time_zone": "America/New_York"}, headers=sam.auth)
    assert changed.status_code == 200 and changed.json()["time_zone"] == "America/New_York"
    bad = client.patch("/api/v1/me", json={"time_zone": "Nowhere"}, headers=sam.auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "time_zone"
    assert bad.headers["content-type"] == "application/problem+json"
    other = client.post("/api/v1/sessions", json={"email": sam.email, "password": PASSWORD}).json()["token"]
    done = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "another one!"},
                       headers=sam.auth)
    assert done.status_code == 204
    assert client.get("/api/v1/me", headers=sam.auth).status_code == 200
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 401


def test_the_account_lists_logins_and_ends_one_elsewhere(app):
    sam = web_signup(app, "Sam")
    other = TestClient(app)
    other.post("/login", data={"email": "sam@example.org", "password": PASSWORD, "csrf_token": csrf(other, "/login")})
    page = sam.get("/account").text
    assert page.count('class="login"') == 2 and "This browser" in page
    elsewhere = re.findall(r'action="(/account/logins/[0-9a-f]{32}/end)"', page)
    assert len(elsewhere) == 1  # this browser's own login is ended by logging out
    ended = sam.post(elsewhere[0], data={"csrf_token": csrf(sam, "/account")})
    assert "That login has ended." in ended.text
    assert other.get("/home", follow_redirects=False).status_code == 303
    assert sam.get("/home", follow_redirects=False).status_code == 200


def test_a_login_is_ended_only_by_its_owner(client):
    sam, alex = sign_up(client, "Sam"), sign_up(client, "Alex")
    logins = client.get("/api/v1/sessions", headers=sam.auth).json()
    assert [login["current"] for login in logins] == [True]
    assert client.delete(f"/api/v1/sessions/{logins[0]['id']}", headers=alex.auth).status_code == 404
    assert client.get("/api/v1/me", headers=sam.auth).status_code == 200
    assert client.delete(f"/api/v1/sessions/{logins[0]['id']}", headers=sam.auth).status_code == 204
    assert client.get("/api/v1/me", headers=sam.auth).status_code == 401
