"""Help that is easy to see: the safety style on every page, the crisis card at the top of the
safety pages, and the country asked at sign-up (from the browser's language) and in settings."""

from __future__ import annotations

import re

import pytest

from between.safety.resources import country_from_accept_language
from tests.factories import PASSWORD, sign_up
from tests.safety.answers import raising
from tests.safety.web import csrf, logged_in

SAFETY_CSS = '<link rel="stylesheet" href="/static/css/safety.css">'


def test_the_safety_style_loads_on_every_page(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    for path in ("/home", "/moments", "/moments/new", "/coach", "/pause", "/cycle", "/safety",
                 "/account", "/conversations"):
        assert SAFETY_CSS in browser.get(path).text, path
    for path in ("/login", "/signup"):
        assert SAFETY_CSS in client.get(path).text, path


def test_the_card_sits_at_the_top_of_the_safety_page(app, client):
    sam = sign_up(client)
    client.patch("/api/v1/safety/preferences", json={"locale": "GB"}, headers=sam.auth)
    page = logged_in(app, sam).get("/safety").text
    main = page[page.index('<main id="main">'):]
    assert main.index("data-crisis-card") < main.index("<h1>")
    assert 'href="tel:999"' in main
    assert "top of the list below" not in page


def test_the_card_sits_at_the_top_of_a_check_in_result_that_raises_a_concern(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    token = csrf(browser, "/safety/check-in")
    result = browser.post("/safety/check-in",
                          data={"csrf_token": token, **raising("neck_or_breathing")})
    main = result.text[result.text.index('<main id="main">'):]
    assert "data-crisis-card" in main
    assert main.index("data-crisis-card") < main.index("<h1>")
    assert re.search(r'href="tel:\d+"', main[:main.index("<h1>")])
    assert "top of the list below" not in main


@pytest.mark.parametrize(("header", "country"), [
    ("en-GB,en;q=0.9", "GB"), ("de-DE,de;q=0.9,en;q=0.5", "DE"), ("fr", "FR"),
    ("en;q=0.8, en-AU", "AU"), ("en", None), ("", None), (None, None), ("xx-ZZ;q=x", None),
])
def test_the_country_is_guessed_from_the_browsers_language(header, country):
    assert country_from_accept_language(header) == country


def test_sign_up_asks_the_country_defaulting_from_the_browser(app, client):
    page = client.get("/signup", headers={"Accept-Language": "en-AU,en;q=0.9"}).text
    assert '<option value="AU" selected>' in page
    token = csrf(client, "/signup")
    client.post("/signup", data={"email": "kim@example.org", "password": PASSWORD,
                                 "display_name": "Kim", "locale": "NZ", "csrf_token": token})
    token = client.post("/api/v1/sessions", json={"email": "kim@example.org",
                                                  "password": PASSWORD}).json()["token"]
    prefs = client.get("/api/v1/safety/preferences",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert prefs["locale"] == "NZ"


def test_a_country_that_is_not_one_is_refused_and_nothing_is_created(client):
    token = csrf(client, "/signup")
    page = client.post("/signup", data={"email": "lee@example.org", "password": PASSWORD,
                                        "display_name": "Lee", "locale": "nowhere!",
                                        "csrf_token": token})
    assert page.status_code == 422
    assert client.post("/api/v1/sessions", json={"email": "lee@example.org",
                                                 "password": PASSWORD}).status_code == 401


def test_the_country_can_be_changed_in_settings(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    token = csrf(browser, "/safety/settings")
    browser.post("/safety/settings", data={"csrf_token": token, "locale": "IE",
                                           "quick_exit_logout": "true"})
    assert client.get("/api/v1/safety/preferences", headers=sam.auth).json()["locale"] == "IE"
