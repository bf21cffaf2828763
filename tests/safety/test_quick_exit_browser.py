"""Quick exit in a real browser, under a strict CSP: history is replaced, not added to."""

from __future__ import annotations

from pathlib import Path

import pytest

import between.web

pytestmark = pytest.mark.browser

SCRIPT = (Path(between.web.__file__).parent / "static" / "quick-exit.js").read_text()
SITE = "http://between.test"
PAGES = {
    "/start": "<p>Start</p>",
    "/moments": '<a href="/neutral" data-quick-exit="/neutral"><span>Quick exit</span></a>'
    '<p id="private">What happened tonight</p><script src="/static/quick-exit.js"></script>',
    "/neutral": "<p>Notes</p>",
}


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.route(f"{SITE}/**", _serve)
    yield page
    context.close()


def _serve(route):
    path = route.request.url.removeprefix(SITE)
    if path == "/static/quick-exit.js":
        return route.fulfill(body=SCRIPT, content_type="text/javascript")
    # No inline script is allowed, as in the app.
    headers = {"Content-Security-Policy": "script-src 'self'"}
    return route.fulfill(body=PAGES[path], content_type="text/html", headers=headers)


def open_moments(page):
    page.goto(f"{SITE}/start")
    page.goto(f"{SITE}/moments")
    page.wait_for_function("document.readyState === 'complete'")


def test_clicking_quick_exit_replaces_the_page_in_history(page):
    open_moments(page)
    page.click("text=Quick exit")
    page.wait_for_url(f"{SITE}/neutral")
    page.go_back()
    assert page.url == f"{SITE}/start"


def test_esc_twice_leaves_too(page):
    open_moments(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"{SITE}/neutral")
    assert page.inner_text("body") == "Notes"
