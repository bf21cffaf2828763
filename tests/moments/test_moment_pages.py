"""The moment form: suggestions with their words, a kept draft, edit and share, delete."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, couple, moment
from tests.web.test_pages import csrf


def logged_in(app, user) -> TestClient:
    browser = TestClient(app)
    browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf(browser, "/login")})
    return browser


def test_suggestions_cite_the_words_and_never_fill_fields(app, client):
    sam, _ = couple(client)
    browser = logged_in(app, sam)
    fragment = browser.post("/moments/suggest", data={
        "happened": "You never listen to me. I felt so alone and scared at dinner.",
        "csrf_token": csrf(browser, "/moments/new")})
    assert fragment.status_code == 200
    assert "<mark>" in fragment.text  # the words behind a suggestion
    assert "data-fill=" in fragment.text


def test_no_js_suggest_keeps_what_was_typed(app, client):
    sam, _ = couple(client)
    browser = logged_in(app, sam)
    page = browser.post("/moments", data={"happened": "I felt alone when you left the party.",
                                          "need": "my own words", "action": "suggest",
                                          "csrf_token": csrf(browser, "/moments/new")})
    assert page.status_code == 200
    assert "I felt alone when you left the party." in page.text
    assert 'value="my own words"' in page.text
    assert browser.get("/moments").text.count('class="card"') == 0  # nothing saved yet


def test_draft_is_kept_and_offered_again(app, client):
    sam, _ = couple(client)
    browser = logged_in(app, sam)
    kept = browser.post("/moments/draft", data={"happened": "Half a thought about Sunday",
                                                "csrf_token": csrf(browser, "/moments/new")})
    assert kept.status_code == 200 and "Draft kept" in kept.text
    assert "Half a thought about Sunday" in browser.get("/moments/new").text


def test_drafts_are_private(app, client):
    sam, alex = couple(client)
    sam_browser = logged_in(app, sam)
    sam_browser.post("/moments/draft", data={"happened": "Sam's unsent words",
                                             "csrf_token": csrf(sam_browser, "/moments/new")})
    assert "unsent words" not in logged_in(app, alex).get("/moments/new").text


def test_edit_shares_and_keeps_history(app, client):
    sam, alex = couple(client)
    created = moment(client, sam, happened="The dishes again.")
    browser = logged_in(app, sam)
    form = browser.get(f"/moments/{created['id']}/edit")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    saved = browser.post(f"/moments/{created['id']}", data={
        "happened": "The dishes again.", "visibility": "partner", "deeper_feeling": "hurt",
        "csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303
    assert logged_in(app, alex).get(f"/moments/{created['id']}").status_code == 200


def test_partner_cannot_edit_or_delete(app, client, db_state):
    sam, alex = couple(client)
    shared = moment(client, sam, visibility="partner")
    browser = logged_in(app, alex)
    token = csrf(browser, "/moments/new")
    before = db_state()
    assert browser.get(f"/moments/{shared['id']}/edit").status_code == 404
    assert browser.post(f"/moments/{shared['id']}", data={"happened": "x", "csrf_token": token}).status_code == 404
    assert browser.post(f"/moments/{shared['id']}/delete", data={"csrf_token": token}).status_code == 404
    assert db_state() == before


@pytest.mark.usefixtures("graphviz_dot")
def test_cycle_page_shows_sentence_and_pictures(app, client):
    sam, _ = couple(client)
    browser = logged_in(app, sam)
    page = browser.get("/cycle")
    assert page.status_code == 200
    assert '<img src="/cycle.svg" alt="' in page.text
    assert browser.get("/cycle.svg").headers["content-type"].startswith("image/svg+xml")
    assert browser.get("/cycle/timeline.svg").status_code == 200


def test_a_moment_reads_in_words_not_stored_values(app, client):
    sam, alex = couple(client)
    shared = moment(client, sam, outcome="unresolved", occurred_at="2026-11-20T21:05:33.123456+00:00",
                    visibility="partner")
    page = logged_in(app, sam).get(f"/moments/{shared['id']}").text
    assert "Yours · seen by you and your partner" in page
    assert "<dd>Left hanging</dd>" in page
    assert '<time datetime="2026-11-20T21:05:33.123456+00:00">20 Nov 2026, 21:05</time>' in page  # Sam's clock: UTC
    assert "unresolved" not in page and ".123456+00:00<" not in page
    assert "Shared by Sam" in logged_in(app, alex).get(f"/moments/{shared['id']}").text
