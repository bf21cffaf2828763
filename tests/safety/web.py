"""Logging a TestClient into the pages as an existing person, and reading form tokens."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.factories import PASSWORD, ApiUser


def csrf(browser: TestClient, path: str = "/login") -> str:
    page = browser.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def logged_in(app, user: ApiUser) -> TestClient:
    browser = TestClient(app)
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": csrf(browser)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return browser


def check_in_on_the_page(browser: TestClient) -> None:
    """The private safety check-in through its page, answered with nothing that raises a
    concern (the softening conversation opens once both partners have taken it)."""
    from tests.safety.answers import all_clear

    taken = browser.post("/safety/check-in", data={"csrf_token": csrf(browser, "/safety/check-in"),
                                                   **all_clear()}, follow_redirects=False)
    assert taken.status_code == 303, taken.text
