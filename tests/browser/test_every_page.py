"""Every main page in a real browser: axe-core finds no serious or critical violation, and each
page is photographed at 390 px (a phone) and 1280 px for a person to look at.

Signed out, signed in alone, and in a couple. The axe script comes inside the
axe-playwright-python package (nothing is downloaded). Screenshots: test-artifacts/pages/.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.people import sign_up, take_private_check_in

pytestmark = pytest.mark.browser
PHONE, WIDE = {"width": 390, "height": 844}, {"width": 1280, "height": 800}
BLOCKING = ("serious", "critical")
SIGNED_OUT = ["/", "/signup", "/login", "/no-such-page"]
SOLO = ["/welcome", "/home", "/account", "/moments/new", "/moments", "{moment}", "/cycle", "/pause",
        "/coach", "/coach/reply", "/conversations", "/check-ins", "/check-ins/csi4", "/check-ins/ecr_s", "/progress",
        "/progress/report", "/couple", "/safety", "/safety/check-in", "/safety/plan", "/safety/resources",
        "/safety/settings", "/no-such-page"]
COUPLE = ["/home", "/couple", "/cycle", "/conversations", "{conversation}"]
# Also photographed (and the first of each group checked) at 1280 px: the main pages.
WIDE_TOO = {"/", "/signup", "/welcome", "/home", "/account", "/moments", "{moment}", "/cycle",
            "/conversations", "{conversation}", "/check-ins", "/check-ins/ecr_s", "/progress", "/couple",
            "/safety"}


# Controls a thumb aims at (links inside sentences are exempt, as in WCAG 2.5.8).
TARGETS = ".menu a, .menu summary, button, .button, .quick-exit, .coach-tabs a, footer.site a"
SMALL_TARGETS = f"""[...document.querySelectorAll({TARGETS!r})]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
  .map(e => e.outerHTML.slice(0, 80))"""


def problems(axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    small = page.evaluate(SMALL_TARGETS) if page.viewport_size["width"] == 390 else []
    return [f"{page.url}: {v['id']} ({v['impact']}) {v['help']} at "
            f"{', '.join(str(n['target']) for n in v['nodes'][:3])}" for v in found if v["impact"] in BLOCKING
            ] + [f"{page.url}: a target under 44 px: {html}" for html in small]


def visit(axe, pages, url: str, paths: list[str], shots, name: str, **slots) -> list[str]:
    """Each path photographed on the phone (and the main pages on a wide screen); axe runs on the
    phone, and on the wide screen for each group's first page, where the menu is laid out apart."""
    found = []
    for index, path in enumerate(paths):
        slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "landing"
        widths = pages if path in WIDE_TOO else {390: pages[390]}
        path = path.format(**slots)
        for width, page in widths.items():
            page.goto(url + path)
            page.screenshot(path=shots / f"{name}-{slug}-{width}.png", full_page=True)
            if width == 390 or index == 0:
                found += problems(axe, page)
    return found


def test_no_page_has_a_serious_accessibility_problem(live_server, chromium, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    axe, shots = Axe(), artifacts / "pages"
    shots.mkdir(exist_ok=True)
    sam = {390: chromium.new_context(viewport=PHONE).new_page(), 1280: chromium.new_context(viewport=WIDE).new_page()}
    found = visit(axe, sam, live_server, SIGNED_OUT, shots, "signed-out")

    phone, wide = sam[390], sam[1280]
    sign_up(phone, live_server, "Sam")
    wide.context.add_cookies(phone.context.cookies())
    phone.goto(f"{live_server}/moments/new")
    happened = "He walked off when I asked about the weekend. I raised my voice."
    phone.get_by_label("What happened", exact=True).fill(happened)
    phone.get_by_role("button", name="Save moment").click()
    moment = phone.url.removeprefix(live_server)
    phone.goto(f"{live_server}/check-ins/csi4")
    found += visit(axe, sam, live_server, SOLO, shots, "solo", moment=moment)

    phone.goto(f"{live_server}/couple")
    phone.get_by_role("button", name="Start").click()
    code = phone.locator("#invite-code").inner_text()
    alex = chromium.new_context(viewport=PHONE).new_page()
    sign_up(alex, live_server, "Alex")
    alex.get_by_label("Invite code").fill(code)
    alex.get_by_role("button", name="Join").click()
    alex.wait_for_url(f"{live_server}/home")
    for partner in (phone, alex):  # each alone, before joint work
        take_private_check_in(partner, live_server)
    phone.goto(f"{live_server}/conversations")
    phone.get_by_role("button", name=re.compile("Start a conversation")).click()
    conversation = phone.url.removeprefix(live_server)
    found += visit(axe, sam, live_server, COUPLE, shots, "couple", conversation=conversation)
    assert not found, "\n".join(found)
