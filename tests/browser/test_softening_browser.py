"""A full softening conversation between two partners, each in their own browser.

Sam is on a phone-sized screen, Alex on a desktop. Turns reach the other partner without a
reload (the page polls); the listener sees response coaching before sending; pause keeps what
was typed. A screenshot of each step goes to test-artifacts/softening-*.png.
"""

from __future__ import annotations

import sys

import pytest

from tests.browser.conftest import running_server
from tests.browser.people import pair_up, sign_up, take_private_check_in

pytestmark = pytest.mark.browser

# The server screens text with the cue layer alone (as tests/coach and tests/safety do): this
# test is about the conversation, and the learned risk head's recall-first threshold can pause
# it on an ordinary reach. Risk pausing is tested in tests/coach/test_conversation_api.py.
SERVE = ("import sys; from between.safety import service; service.SCREENING_LAYERS = 'cues'; "
         "from between.cli.main import app; sys.argv[0] = 'between'; app()")


@pytest.fixture
def live_server(tmp_path):
    with running_server(tmp_path, [sys.executable, "-c", SERVE]) as url:
        yield url

SHARE = "When you went quiet after dinner, I felt scared and alone. I need to know I matter to you."
REFLECT = "It sounds like you felt scared and alone when I went quiet after dinner."
RESPOND = "I'm so sorry. You matter to me, and I'm here. I want to hear how it felt for you."
SHARE_2 = "When you asked me so many questions at once, I felt overwhelmed and ashamed."
REFLECT_2 = "It sounds like you felt overwhelmed and ashamed when I asked so many questions."
RESPOND_2 = "That makes sense. I'm here, and we can go slower. What would help you right now?"
WAIT = 45_000  # ms: the partner's page polls every 2 s; the first reading loads the model (slow on a busy machine)


def send(page, text, button="Send"):
    page.get_by_label("Your words").fill(text)
    page.get_by_role("button", name=button).click()


def sees(page, text):
    page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT)


def shot(page, artifacts, name):
    page.screenshot(path=artifacts / f"softening-{name}.png", full_page=True)


def test_two_partners_have_a_softening_conversation(live_server, chromium, artifacts):
    sam = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    alex = chromium.new_context(viewport={"width": 1280, "height": 800}).new_page()
    pair_up(sam, alex, live_server)
    for partner in (sam, alex):  # each alone, before joint work
        take_private_check_in(partner, live_server)

    sam.goto(f"{live_server}/conversations")
    sam.get_by_role("button", name="Start a conversation").click()
    sam.wait_for_url(f"{live_server}/conversations/*")
    alex.goto(sam.url)
    shot(alex, artifacts, "01-listener-waits-desktop")

    # The speaker's draft is coached as a reach while typing.
    sam.get_by_label("Your words").fill("You never listen. Why are you always on your phone?")
    sam.locator("#coaching .suggestion").wait_for(timeout=WAIT)
    shot(sam, artifacts, "02-speaker-reach-coaching-phone")
    send(sam, SHARE)
    sees(alex, SHARE)  # arrives without Alex reloading
    shot(sam, artifacts, "02b-speaker-shared-phone")

    # The listener sees response coaching before sending.
    alex.get_by_label("Your words").fill("You're overreacting. Just go to bed earlier.")
    alex.locator("#coaching .flags").wait_for(timeout=WAIT)
    assert "dismissive" in alex.locator("#coaching").inner_text().lower()
    shot(alex, artifacts, "03-listener-coached-desktop")

    # Pausing keeps what was typed.
    alex.get_by_label("Your words").fill(REFLECT)
    alex.wait_for_timeout(1200)  # the draft is saved 0.7 s after typing stops
    alex.get_by_role("button", name="Pause").click()
    sees(sam, "Paused")
    shot(sam, artifacts, "04-paused-phone")
    sam.get_by_role("button", name="Resume").click()
    alex.get_by_label("Your words").wait_for(timeout=WAIT)
    assert alex.get_by_label("Your words").input_value() == REFLECT
    alex.get_by_role("button", name="Send").click()

    sees(sam, "Did Alex get it?")
    shot(sam, artifacts, "05-speaker-confirms-phone")
    sam.get_by_role("button", name="Not quite").click()
    sees(alex, "not quite")
    send(alex, REFLECT)
    sees(sam, "Did Alex get it?")
    sam.get_by_role("button", name="Yes, that's it").click()

    sees(alex, "Answer what Sam shared")
    send(alex, RESPOND)
    sees(sam, "Alex responded")
    shot(sam, artifacts, "06-roles-swap-phone")

    # Round two: Alex shares, Sam listens.
    send(alex, SHARE_2)
    sees(sam, SHARE_2)
    send(sam, REFLECT_2)
    sees(alex, "Did Sam get it?")
    alex.get_by_role("button", name="Yes, that's it").click()
    sees(sam, "Answer what Alex shared")
    send(sam, RESPOND_2)
    sees(alex, "What felt different this time")
    shot(alex, artifacts, "07-close-desktop")

    send(alex, "Being heard before answering.")
    sees(sam, "What felt different this time")
    send(sam, "Slowing down. I didn't get defensive.")
    sees(sam, "Finished")
    sees(alex, "Finished")
    assert "A reach met with care" in alex.content()
    shot(sam, artifacts, "08-finished-phone")
    shot(alex, artifacts, "08-finished-desktop")


def test_slow_down_offers_a_break_with_a_running_timer(live_server, chromium, artifacts):
    page = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_up(page, live_server, "Sam")
    page.goto(f"{live_server}/pause")
    page.get_by_label("What is happening").fill("We argued about money and I shouted.")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Heart rate").fill("112")
    page.get_by_role("button", name="Next").click()
    timer = page.locator("[data-countdown]")
    timer.wait_for()
    page.wait_for_function("document.querySelector('[data-countdown]').textContent.includes('left')")
    assert "back at" in timer.inner_text()
    page.screenshot(path=artifacts / "slowdown-break-phone.png", full_page=True)
    page.get_by_role("button", name="I'm ready to carry on").click()
    assert "This is our pattern, not you." in page.content()
    page.screenshot(path=artifacts / "slowdown-cycle-phone.png", full_page=True)


def test_one_partner_practises_alone_with_live_coaching(live_server, chromium, artifacts):
    page = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_up(page, live_server, "Sam")
    page.goto(f"{live_server}/coach")
    page.get_by_label("Your draft").fill("Why are you always on your phone? Can you put it down at dinner?")
    page.locator("#reach-feedback .suggestion").wait_for(timeout=WAIT)  # no button pressed
    assert "put it down at dinner" in page.locator("#reach-feedback .suggestion").inner_text()
    page.screenshot(path=artifacts / "coach-reach-phone.png", full_page=True)

    page.goto(f"{live_server}/coach/reply")
    page.get_by_role("link", name="When you went quiet after dinner").click()
    page.get_by_label("Your answer").fill("Calm down, it was nothing.")
    page.locator("#reply-feedback .alternatives").wait_for(timeout=WAIT)
    assert "dismissive" in page.locator("#reply-feedback").inner_text().lower()
    page.screenshot(path=artifacts / "coach-reply-practice-phone.png", full_page=True)
