"""A therapist, invited by both partners, walks through the work (desktop, and each page at
390 px too): joins with the couple's code, waits for both to accept, opens the dashboard with
what was shared, schedules and records an individual session, and marks an EFT step with a
note and the evidence offered. The partners accept, and read what the therapist can see."""

from __future__ import annotations

import pytest

from tests.browser.people import PASSWORD, pair_up
from tests.browser.test_every_page import problems

pytestmark = pytest.mark.browser
WAIT = 20_000  # ms: the first analysis in a fresh server loads the model
SHARED = "When Alex went quiet at dinner I kept asking until my voice got louder"
SUMMARY = "Alex remembered waiting alone at the school gate, and how quiet kept her safe."


def shoot(page, artifacts, name: str, axe, found: list[str]) -> None:
    """The page at its own width and at the other (phone 390 px, desktop 1280 px); axe on both."""
    size = page.viewport_size
    for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=artifacts / f"therapist-{name}-{label}.png", full_page=True)
        found += problems(axe, page)
    page.set_viewport_size(size)


def test_a_therapist_walks_through_invite_dashboard_individual_session_and_stage_note(
        live_server, chromium, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    axe, found, url = Axe(), [], live_server
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dr = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pair_up(sam, alex, url)

    # Before any therapist: "our therapist" is not a sharing choice.
    sam.goto(f"{url}/moments/new")
    assert sam.get_by_label("Our therapist", exact=True).count() == 0

    # The therapist signs up as one.
    dr.goto(f"{url}/signup")
    dr.get_by_label("Your name").fill("Dr Lee")
    dr.get_by_label("Email").fill("dr.lee@example.org")
    dr.get_by_label("Password").fill(PASSWORD)
    dr.get_by_label("I am a couples therapist").check()
    dr.get_by_role("button", name="Create account").click()
    dr.get_by_role("status").wait_for()
    dr.get_by_label("Password").fill(PASSWORD)
    dr.get_by_role("button", name="Log in").click()
    dr.wait_for_url(f"{url}/therapist")  # not the partners' welcome

    # Sam invites; the therapist joins with the code; nothing is visible yet.
    sam.goto(f"{url}/couple/therapist")
    sam.get_by_role("button", name="Invite our therapist").click()  # no email: a code
    code = sam.locator("#therapist-code").inner_text()
    shoot(sam, artifacts, "partner-invite", axe, found)
    dr.goto(f"{url}/therapist")
    dr.get_by_label("Code").fill(code)
    dr.get_by_role("button", name="Join").click()
    dr.wait_for_url(f"{url}/therapist")
    assert "Waiting for the couple" in dr.content()
    assert dr.locator("a[href^='/therapist/couples/']").count() == 0
    shoot(dr, artifacts, "waiting", axe, found)

    # Each partner accepts; only then is the link active.
    for page in (sam, alex):
        page.goto(f"{url}/couple/therapist")
        page.get_by_role("button", name="Accept Dr Lee").click()
        page.wait_for_url(f"{url}/couple/therapist")
    sam.reload()
    assert sam.locator("#link-status").inner_text() == "Active"

    # Now Sam may share a moment with "our therapist".
    sam.goto(f"{url}/moments/new")
    sam.get_by_label("What happened", exact=True).fill(SHARED)
    sam.get_by_label("What I felt underneath").fill("scared of being shut out")
    sam.get_by_label("Our therapist", exact=True).check()
    sam.get_by_role("button", name="Save moment").click()
    sam.wait_for_url(f"{url}/moments/*", timeout=WAIT)

    # The dashboard: the cycle, the shared moment.
    dr.goto(f"{url}/therapist")
    dr.locator("a[href^='/therapist/couples/']").first.click()
    dr.wait_for_url(f"{url}/therapist/couples/*")
    assert SHARED in dr.content()
    dr.get_by_role("heading", name="The cycle").wait_for()
    shoot(dr, artifacts, "dashboard", axe, found)

    # An individual session with Alex: scheduled, held, summarised for Alex alone.
    dr.get_by_role("link", name="Sessions, stages and notes").click()
    dr.get_by_label("One partner alone (individual):").check()
    dr.get_by_label("Which partner, for an individual session").select_option(label="Alex")
    dr.get_by_label("When").fill("2026-12-17T17:00")
    dr.get_by_role("button", name="Schedule").click()
    dr.get_by_label("Summary for Alex only").fill(SUMMARY)
    dr.get_by_label("Held").check()
    dr.get_by_role("button", name="Save", exact=True).click()
    dr.get_by_text("Individual session with Alex").wait_for()

    # A stage note with the evidence the app offers.
    dr.get_by_label("Step", exact=True).select_option(value="3")
    dr.get_by_label("Note", exact=True).fill("Sam named the fear under the pushing.")
    dr.locator("input[name=evidence]").first.check()
    dr.get_by_role("button", name="Mark the step").click()
    dr.get_by_text("Sam named the fear under the pushing.").wait_for()
    assert "Furthest step marked" in dr.content()
    shoot(dr, artifacts, "work", axe, found)

    # Alex reads the individual summary; Sam does not, and sees every read in settings.
    alex.goto(f"{url}/couple/therapist")
    assert SUMMARY in alex.content()
    shoot(alex, artifacts, "partner-sessions", axe, found)
    sam.goto(f"{url}/account")
    assert SUMMARY not in sam.content()
    assert "a moment of yours</a>" in sam.content()
    sam.get_by_role("heading", name="Every time your therapist opened something").scroll_into_view_if_needed()
    shoot(sam, artifacts, "partner-settings", axe, found)

    assert found == [], "\n".join(found)
