"""In people's own words: six free-text moments a partner make the cycle map, and the reach coach
goes from a blaming draft to a finished reach by tapping choices."""

from __future__ import annotations

import pytest

from tests.browser.people import pair_up, sign_up

pytestmark = pytest.mark.browser
WAIT = 20_000  # ms: the first analysis in a fresh server loads the model

# Only "what happened", as people write it: the partner's actions in the same breath.
SAM = [
    "I kept calling her until she picked up, I was shaking with anger",
    "asked about the weekend three times, my voice got louder when she shrugged",
    "When Alex went to the study I went after her and kept talking through the door",
    "I told her she never listens and that talking to her is like talking to a wall",
    "texted her 6 times while she was at her sister's. felt so alone",
    "She forgot the dinner booking. I complained all the way home",
]
ALEX = [
    "Sam started on about money and I put my headphones on and stopped talking",
    "I said I was tired and went to bed early",
    "when Sam raised his voice I froze, couldn't say a word",
    "Sam kept asking what was wrong in the car, I stared out of the window",
    "Saw the texts but didn't reply until I got home, too much",
    "Sam complained about the booking and I said sorry just to end it",
]


def record(page, url: str, happened: str) -> None:
    page.goto(f"{url}/moments/new")
    page.get_by_label("What happened", exact=True).fill(happened)
    page.get_by_label("My partner", exact=True).check()
    page.get_by_role("button", name="Save moment").click()
    page.wait_for_url(f"{url}/moments/*")


def test_six_free_text_moments_a_partner_show_the_cycle(live_server, chromium, artifacts):
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pair_up(sam, alex, live_server)

    # Live suggestions offer the writer's own move and quote its clause, not the account.
    alex.goto(f"{live_server}/moments/new")
    alex.get_by_label("What happened", exact=True).fill(ALEX[0])
    move = alex.locator(".suggestions .suggestion", has_text="What you did")
    move.first.wait_for(timeout=WAIT)
    assert "went quiet" in move.first.inner_text()
    assert "put my headphones on" in move.first.locator("mark").first.inner_text()
    alex.screenshot(path=artifacts / "own-words-suggestion-desktop.png", full_page=True)

    for text in SAM:
        record(sam, live_server, text)
    for text in ALEX:
        record(alex, live_server, text)

    for page, size in ((sam, "phone"), (alex, "desktop")):
        page.goto(f"{live_server}/cycle")
        assert "protest polka" in page.locator("main").inner_text()
        lead = page.locator(".lead").inner_text()
        assert lead.startswith("The more Sam") and "Alex" in lead
        page.screenshot(path=artifacts / f"own-words-cycle-{size}.png", full_page=True)


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_reach_coach_goes_from_blame_to_a_reach_by_tapping(live_server, chromium, artifacts, size):
    page = chromium.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    sign_up(page, live_server, "Sam")
    page.goto(f"{live_server}/coach")
    page.get_by_label("Your draft").fill("You don't care about anything but your football")
    page.get_by_role("button", name="Check it").click()
    page.locator(".conjecture").wait_for(timeout=WAIT)
    assert "I wonder if underneath" in page.locator(".conjecture").inner_text()
    name = "desktop" if size[0] > 600 else "phone"
    page.screenshot(path=artifacts / f"own-words-reach-choices-{name}.png", full_page=True)

    for slot, words in (("When…", "the match is on"), ("I feel…", "alone"),
                        ("because I need…", "to know I matter to you"),
                        ("Could you…?", "pause it for a minute")):
        group = page.get_by_role("group", name=slot)
        group.locator("label.choice", has_text=words).first.click()
    finished = page.locator("#finished-reach")
    finished.wait_for(timeout=WAIT)  # HTMX puts it together as the choices are tapped
    page.get_by_role("button", name="Put my reach together").click()  # and the plain form too
    finished.wait_for(timeout=WAIT)
    assert finished.input_value() == (
        "When the match is on and I ask you something and get no answer, I feel alone, because "
        "I need to know I matter to you. Could you pause it for a minute when I ask you something?")
    page.screenshot(path=artifacts / f"own-words-reach-finished-{name}.png", full_page=True)
