"""A partner walks through the attachment reflection, alone, step by step (phone and desktop):
words kept as they type, the echo of their own moments, finishing and sharing with the partner,
who reads it; what stays private stays out of the partner's pages."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.people import PASSWORD, pair_up
from tests.browser.test_every_page import problems

pytestmark = pytest.mark.browser
WAIT = 20_000  # ms: the first analysis in a fresh server loads the model

SAM_MOMENTS = [
    "I kept asking Alex what was wrong until my voice got louder",
    "When Alex went quiet at dinner I pushed for an answer and followed her to the kitchen",
    "I texted six times while Alex was out and felt so alone when she didn't reply",
]
SAM_STORY = {
    "closeness": "My grandmother. Her kitchen was warm and she always had time for me.",
    "comfort": "When I cried my dad told me to stop making a scene. I was walking on eggshells.",
    "learned": "To get louder until someone noticed, and to keep asking until I got an answer.",
    "echoes": "When Alex goes quiet it feels like being the kid nobody comes for, so I push.",
    "wish": "When I keep asking, I'm not attacking you. I'm scared you've gone somewhere I can't reach.",
}


# ECR-S answers (anxiety items 2 4 6 8 10 12, 8 reversed; avoidance 1 3 5 7 9 11, 1 5 9 reversed).
ECR_S_WORRY_HIGH = {"1": 6, "2": 6, "3": 2, "4": 6, "5": 6, "6": 5, "7": 2, "8": 2, "9": 6, "10": 6,
                    "11": 2, "12": 6}


def record(page, url: str, happened: str) -> None:
    page.goto(f"{url}/moments/new")
    page.get_by_label("What happened", exact=True).fill(happened)
    page.get_by_role("button", name="Save moment").click()
    page.wait_for_url(f"{url}/moments/*")


def test_a_partner_walks_through_the_attachment_reflection(live_server, chromium, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), []
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pair_up(sam, alex, live_server)
    for text in SAM_MOMENTS:  # private moments: they echo in Sam's reflection only
        record(sam, live_server, text)
    token = httpx.post(f"{live_server}/api/v1/sessions",
                       json={"email": "sam@example.org", "password": PASSWORD}).json()["token"]
    taken = httpx.post(f"{live_server}/api/v1/check-ins", headers={"Authorization": f"Bearer {token}"},
                       json={"instrument": "ecr_s", "answers": ECR_S_WORRY_HIGH})
    assert taken.status_code == 201, taken.text

    for page, size in ((sam, "phone"), (alex, "desktop")):
        page.goto(f"{live_server}/attachment")
        page.screenshot(path=artifacts / f"attachment-start-{size}.png", full_page=True)
        found += problems(axe, page)

    # Sam, on a phone: one step at a time; words are kept while typing.
    sam.get_by_role("button", name="Start your reflection").click()
    sam.wait_for_url("**/step/closeness")
    story_url = sam.url.rsplit("/step/", 1)[0]
    for number, (step, words) in enumerate(SAM_STORY.items(), start=1):
        assert f"Step {number} of 5" in sam.locator("main").inner_text()
        box = sam.locator("textarea#text")
        box.fill(words)
        if number == 1:
            sam.get_by_role("status").filter(has_text="Draft kept").wait_for(timeout=WAIT)
        if step == "echoes":  # Sam's own moments and ECR-S, in plain words
            echo = sam.locator(".echoes").inner_text()
            sam.get_by_text("From your ECR-S answers").click()
            echo = sam.locator(".echoes").inner_text()
            assert "From your own moments" in echo and "From your ECR-S answers" in echo
            assert "worry about mattering ran stronger" in echo and "not a type or a diagnosis" in echo
        if number > 2:  # old hurt in step 2: individual help, privately
            assert "Something that may help, just for you" in sam.locator("main").inner_text()
        sam.screenshot(path=artifacts / f"attachment-step-{number}-{step}-phone.png", full_page=True)
        found += problems(axe, sam)
        label = "Save and continue" if number < 5 else "Save and choose who may read it"
        sam.get_by_role("button", name=label).click()
        sam.wait_for_url(f"{story_url}/{'finish' if number == 5 else 'step/*'}", timeout=WAIT)

    # Before it is finished, Alex cannot open it.
    assert alex.goto(story_url).status == 404

    sam.get_by_label("Share with my partner").check()
    sam.screenshot(path=artifacts / "attachment-finish-phone.png", full_page=True)
    found += problems(axe, sam)
    sam.get_by_role("button", name="Finish").click()
    sam.wait_for_url(story_url)
    assert "seen by you and your partner" in sam.locator("main").inner_text()
    sam.screenshot(path=artifacts / "attachment-finished-phone.png", full_page=True)
    found += problems(axe, sam)

    # Alex, on a desktop, reads what Sam shared, and nothing of Sam's moments.
    alex.goto(f"{live_server}/attachment")
    alex.get_by_role("link", name="Sam's attachment story").click()
    shared = alex.locator("main").inner_text()
    assert SAM_STORY["wish"] in shared and "What they wish you knew" in shared
    assert "Delete this reflection" not in shared
    assert "Something that may help" not in shared and "From your ECR-S" not in shared
    assert not any(moment in alex.content() for moment in SAM_MOMENTS)
    alex.screenshot(path=artifacts / "attachment-shared-desktop.png", full_page=True)
    found += problems(axe, alex)

    # Alex's own, kept private: Sam never sees it.
    alex.goto(f"{live_server}/attachment")
    alex.get_by_role("button", name="Start your reflection").click()
    alex.wait_for_url("**/step/closeness")
    alex.locator("textarea#text").fill("My older brother, who taught me to ride a bike.")
    alex.get_by_role("button", name="Save and continue").click()
    alex.wait_for_url("**/step/comfort")
    alex.screenshot(path=artifacts / "attachment-step-2-comfort-desktop.png", full_page=True)
    alex.goto(f"{alex.url.rsplit('/step/', 1)[0]}/finish")
    alex.get_by_role("button", name="Finish").click()  # "Keep it private" is the default
    alex.wait_for_url("**/attachment/*")
    alex_story = alex.url
    assert "seen by you only" in alex.locator("main").inner_text()
    alex.screenshot(path=artifacts / "attachment-finished-desktop.png", full_page=True)
    assert sam.goto(alex_story).status == 404
    sam.goto(f"{live_server}/attachment")
    assert "older brother" not in sam.content() and "Alex's attachment story" not in sam.content()
    found += problems(axe, sam)
    assert not found, "\n".join(found)
