"""Issue 13, in a real browser: each quoted sentence, and a threat from a partner, typed into every
writing surface shows the writer's crisis card and no coaching, on a desktop and on a phone.

Surfaces: the reach coach (as you type, and "Check it"), the reply coach, practice alone, the
slow-down flow, the moment form (live suggestions, and the saved moment's page) and a turn of
the softening conversation (as you type, and "Send"). Between sentences the writer ends the
pause their words opened (/safety), as they may. Screenshots go to test-artifacts/crisis-card/
(ignored by git), one per surface and viewport and one per sentence on the reach coach.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.people import pair_up, take_private_check_in

pytestmark = pytest.mark.browser

SENTENCES = [
    "I want to kill myself.",
    "Honestly everyone would be better off without me",
    "I'm locked in the bathroom, I think he's going to hit me",
    "He said he'll kill me if I leave",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
COACHING = re.compile(r"How it reads|A gentler way|How it lands|Other ways to answer|"
                      r"What your words suggest|Send it|Check your body|Heart rate")
CARD = "[data-crisis-card]"
WAIT = 45000  # the first reading loads the model in the server; the machine may be busy


def no_coaching(page) -> None:
    text = page.inner_text("main")
    assert not COACHING.search(text), COACHING.search(text).group(0)


def card_shown(page) -> None:
    card = page.locator(CARD).first
    card.wait_for(state="visible", timeout=WAIT)
    assert card.locator('a[href^="tel:"]').count() >= 1
    assert card.locator('a[href="/safety/plan"]').count() == 1
    no_coaching(page)


def card_readable(page) -> None:
    """The card fits the screen: nothing wider than the viewport, the call link a real target."""
    width = page.viewport_size["width"]
    box = page.locator(CARD).first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    call = page.locator(f"{CARD} a[href^='tel:']").first.bounding_box()
    assert call["height"] >= 44


def shot(page, artifacts, name: str) -> None:
    folder = artifacts / "crisis-card"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_every_writing_surface_shows_the_card_and_no_coaching(live_server, chromium, artifacts,
                                                              screen):
    url = live_server
    sam = chromium.new_context(viewport=VIEWPORTS[screen]).new_page()
    alex = chromium.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    pair_up(sam, alex, url)
    for partner in (sam, alex):
        take_private_check_in(partner, url)
    sam.goto(f"{url}/conversations")
    sam.get_by_role("button", name=re.compile("Start a conversation")).click()
    sam.wait_for_url(f"{url}/conversations/*")
    conversation = sam.url
    alex.goto(conversation)
    alex_before = alex.inner_text("main")

    for n, sentence in enumerate(SENTENCES):
        first = n == 0
        # A conversation turn: the card as they type, and again (nothing sent) on Send.
        sam.goto(conversation)
        sam.fill("#turn-text", sentence)
        sam.locator(f"#coaching {CARD}").wait_for(timeout=WAIT)
        card_shown(sam)
        if first:
            shot(sam, artifacts, f"{screen}-conversation-live")
        sam.get_by_role("button", name="Send").click()
        sam.wait_for_load_state()
        card_shown(sam)
        card_readable(sam)
        if first:
            shot(sam, artifacts, f"{screen}-conversation-send")

        # The reach coach, live and on "Check it".
        sam.goto(f"{url}/coach")
        sam.fill("#reach-text", sentence)
        sam.locator(f"#reach-feedback {CARD}").wait_for(timeout=WAIT)
        card_shown(sam)
        sam.get_by_role("button", name="Check it").click()
        sam.wait_for_load_state()
        card_shown(sam)
        card_readable(sam)
        shot(sam, artifacts, f"{screen}-reach-{n + 1}")

        # The reply coach and practice alone.
        for path in ("/coach/reply", "/coach/reply?practice=quiet-after-dinner"):
            sam.goto(f"{url}{path}")
            if "practice" not in path:
                sam.fill("#share-text", "I feel so alone lately.")
            sam.fill("#reply-text", sentence)
            sam.locator(f"#reply-feedback {CARD}").wait_for(timeout=WAIT)
            card_shown(sam)
            sam.get_by_role("button", name="Check it").click()
            sam.wait_for_load_state()
            card_shown(sam)
            if first:
                shot(sam, artifacts, f"{screen}-{'practice' if 'practice' in path else 'reply'}")

        # The slow-down flow stops at that step.
        sam.goto(f"{url}/pause")
        sam.locator("#restart button").click()
        sam.wait_for_load_state()
        sam.fill("#happened", sentence)
        sam.get_by_role("button", name="Next").click()
        sam.wait_for_load_state()
        card_shown(sam)
        assert sam.locator("#heart_rate").count() == 0
        if first:
            shot(sam, artifacts, f"{screen}-slow-down")
        sam.locator("#restart button").click()

        # The moment form: live suggestions, then the saved moment's own page.
        sam.goto(f"{url}/moments/new")
        sam.fill("#happened", sentence)
        sam.locator(f"#suggestions {CARD}").wait_for(timeout=WAIT)
        card_shown(sam)
        if first:
            shot(sam, artifacts, f"{screen}-moment-live")
        sam.get_by_role("button", name="Save moment").click()
        sam.wait_for_url(re.compile(r".*/moments/[0-9a-f]{32}$"))
        card_shown(sam)
        if first:
            shot(sam, artifacts, f"{screen}-moment-saved")

        # The writer ends the pause their words opened, as they may, before the next sentence.
        sam.goto(f"{url}/safety")
        card_shown(sam)
        if first:
            shot(sam, artifacts, f"{screen}-safety")
        sam.get_by_role("button", name=re.compile("end the pause")).click()
        sam.wait_for_url(f"{url}/safety")

    # The partner saw none of it: no card, no sentence, nothing new in the conversation.
    alex.goto(conversation)
    assert alex.locator(CARD).count() == 0
    after = alex.inner_text("main")
    assert after == alex_before
    for sentence in SENTENCES:
        assert sentence not in after
