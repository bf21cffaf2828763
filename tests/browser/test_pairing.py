"""Two people sign up in their own browsers, pair with an invite code, and see their home."""

from __future__ import annotations

import pytest

from tests.browser.people import sign_up

pytestmark = pytest.mark.browser

def test_two_people_pair_up_and_see_home(live_server, chromium, artifacts):
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_up(sam, live_server, "Sam")
    sam.get_by_role("button", name="Start").click()
    code = sam.locator("#invite-code").inner_text()
    sam.screenshot(path=artifacts / "couple-invite-phone.png", full_page=True)

    sign_up(alex, live_server, "Alex")
    alex.get_by_label("Invite code").fill(code)
    alex.get_by_role("button", name="Join").click()
    alex.wait_for_url(f"{live_server}/home")
    assert "You and Sam share this space" in alex.content()
    alex.screenshot(path=artifacts / "home-desktop.png", full_page=True)

    sam.goto(f"{live_server}/home")
    assert "You and Alex share this space" in sam.content()
    sam.screenshot(path=artifacts / "home-phone.png", full_page=True)
