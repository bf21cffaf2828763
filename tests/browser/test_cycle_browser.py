"""Two partners record moments in their own browsers; one opens the cycle page."""

from __future__ import annotations

import pytest

from tests.browser.people import pair_up

pytestmark = pytest.mark.browser

SAM_MOMENTS = ["You never put the phone down at dinner, I said, and kept pushing.",
               "I asked three times about the weekend and criticised Alex for not caring.",
               "I kept asking what was wrong in the car until I was shouting."]
ALEX_MOMENTS = ["Sam snapped about my phone. I went quiet and left the room.",
                "Sam pushed about the weekend; I shut down and said whatever.",
                "In the car I stared out of the window and said nothing."]


def record(page, url, happened, move):
    page.goto(f"{url}/moments/new")
    page.get_by_label("What happened", exact=True).fill(happened)
    page.get_by_label("What I did", exact=True).fill(move)
    page.get_by_label("My partner", exact=True).check()
    page.get_by_role("button", name="Save moment").click()
    page.wait_for_url(f"{url}/moments/*")


def test_cycle_page_after_both_record(live_server, chromium, artifacts):
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pair_up(sam, alex, live_server)

    sam.goto(f"{live_server}/moments/new")
    sam.get_by_label("What happened", exact=True).fill("You never listen. I felt so alone and scared.")
    sam.locator(".suggestions").wait_for()  # live suggestions arrive as the person types
    sam.screenshot(path=artifacts / "moment-suggestions-phone.png", full_page=True)

    for text in SAM_MOMENTS:
        record(sam, live_server, text, "criticised, kept pushing")
    for text in ALEX_MOMENTS:
        record(alex, live_server, text, "went quiet, withdrew")

    sam.goto(f"{live_server}/cycle")
    assert "The more Sam" in sam.locator(".lead").inner_text()
    assert sam.locator(".cycle-diagram img").evaluate("img => img.naturalWidth") > 0
    sam.screenshot(path=artifacts / "cycle-phone.png", full_page=True)
    alex.goto(f"{live_server}/cycle")
    alex.screenshot(path=artifacts / "cycle-desktop.png", full_page=True)
