"""One partner takes the private check-in on a phone; the other's screens do not change at all."""

from __future__ import annotations

import re

import pytest

from tests.browser.people import pair_up
from tests.safety.answers import AFRAID

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PARTNER_SCREENS = ["/home", "/moments", "/couple"]
_NOISE = [(re.compile(r'name="csrf_token" value="[^"]+"'), 'name="csrf_token" value=""'),
          (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"),
           "<ts>")]


def screens(page, url) -> dict[str, str]:
    seen = {}
    for path in PARTNER_SCREENS:
        page.goto(f"{url}{path}")
        html = page.content()
        for pattern, replacement in _NOISE:
            html = pattern.sub(replacement, html)
        seen[path] = html
    return seen


def test_a_check_in_leaves_the_partners_screens_byte_for_byte_unchanged(live_server, chromium,
                                                                        artifacts):
    sam = chromium.new_context(viewport=PHONE).new_page()
    alex = chromium.new_context(viewport=PHONE).new_page()
    pair_up(sam, alex, live_server)
    before = screens(alex, live_server)

    sam.goto(f"{live_server}/safety/check-in")
    assert "A screening aid, not a validated instrument." in sam.content()
    for question, answer in AFRAID.items():
        sam.locator(f'input[name="{question}"][value="{answer}"]').check()
    sam.screenshot(path=artifacts / "safety-check-in-phone.png", full_page=True)
    sam.get_by_role("button", name="See what might help").click()
    sam.wait_for_url(f"{live_server}/safety/result")
    assert "confidential domestic-abuse service" in sam.content()
    sam.screenshot(path=artifacts / "safety-result-phone.png", full_page=True)
    sam.goto(f"{live_server}/safety/resources")
    sam.screenshot(path=artifacts / "safety-resources-phone.png", full_page=True)
    sam.goto(f"{live_server}/safety")
    assert "Keep them paused" in sam.content()

    after = screens(alex, live_server)
    for path in PARTNER_SCREENS:
        assert after[path] == before[path], f"{path} changed for the partner"
