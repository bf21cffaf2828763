"""Quick exit ends the session (a setting, on by default) and leaves no app page behind Back.

The browser side (location.replace, Esc twice) is tested in test_quick_exit.py and in the
browser tests; here the server: the exit address logs this browser out, the neutral page's
address and title say nothing of the app, and for a while the app's own addresses (as Back
would reach them) open the neutral page instead of the login.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from between.web.security import EXIT_PATH, LEFT_COOKIE, NEUTRAL_PAGE
from tests.factories import sign_up
from tests.safety.web import csrf, logged_in


def test_the_neutral_page_says_nothing_of_the_app(client):
    page = client.get(NEUTRAL_PAGE)
    assert page.status_code == 200
    assert "between" not in NEUTRAL_PAGE.lower() + EXIT_PATH.lower()
    assert "Between" not in page.text and "safety" not in page.text.lower()
    assert "<title>Simple recipes</title>" in page.text


def test_every_page_leaves_through_the_exit_address(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    for path in ("/home", "/moments/new", "/coach", "/safety", "/login"):
        assert f'href="{EXIT_PATH}" data-quick-exit="{EXIT_PATH}"' in browser.get(path).text


def test_quick_exit_ends_the_session_and_back_finds_no_app_page(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    assert browser.get("/home").status_code == 200
    old_session = browser.cookies["between_session"]
    left = browser.get(EXIT_PATH, follow_redirects=False)
    assert left.status_code == 303 and left.headers["location"] == NEUTRAL_PAGE
    assert "between_session" not in browser.cookies
    # Back, to any app page the history still holds: the neutral page, not the app.
    for path in ("/home", "/moments", "/safety", "/", "/login", "/signup"):
        back = browser.get(path, follow_redirects=False)
        assert back.status_code == 303 and back.headers["location"] == NEUTRAL_PAGE, path
    # The session is over on the server too: its token, replayed elsewhere, no longer works.
    elsewhere = TestClient(app)
    elsewhere.cookies.set("between_session", old_session)
    assert elsewhere.get("/home", follow_redirects=False).headers["location"] == "/login"


def test_the_login_works_again_once_the_mark_has_gone(app, client):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    browser.get(EXIT_PATH)
    browser.cookies.delete(LEFT_COOKIE)  # it lasts LEFT_SECONDS
    assert browser.get("/login").status_code == 200
    again = logged_in(app, sam)
    assert LEFT_COOKIE not in again.cookies


@pytest.mark.parametrize("via", ["api", "page"])
def test_the_person_may_keep_their_session_on_quick_exit(app, client, via):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    if via == "api":
        changed = client.patch("/api/v1/safety/preferences", json={"quick_exit_logout": False},
                               headers=sam.auth)
        assert changed.json()["quick_exit_logout"] is False
    else:
        token = csrf(browser, "/safety/settings")
        assert 'name="quick_exit_logout" value="true" checked' in browser.get(
            "/safety/settings").text
        browser.post("/safety/settings", data={"csrf_token": token, "locale": ""})
    browser.get(EXIT_PATH)
    assert browser.get("/home", follow_redirects=False).status_code == 200
    assert client.get("/api/v1/safety/preferences",
                      headers=sam.auth).json()["quick_exit_logout"] is False


def test_quick_exit_without_a_session_still_leaves(client):
    left = client.get(EXIT_PATH, follow_redirects=False)
    assert left.headers["location"] == NEUTRAL_PAGE
