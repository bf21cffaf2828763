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
