"""Browser steps every browser test shares: signing up and pairing two partners."""

from __future__ import annotations

PASSWORD = "correct horse battery"


def sign_up(page, url: str, name: str) -> None:
    page.goto(f"{url}/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(f"{name.lower()}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Signing up never logs in (it must not tell whether the email had an account): log in.
    page.get_by_role("status").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/welcome")
    page.goto(f"{url}/couple")


def pair_up(sam, alex, url: str) -> None:
    """Sam starts a couple space; Alex joins it with the invite code."""
    sign_up(sam, url, "Sam")
    sam.get_by_role("button", name="Start").click()
    code = sam.locator("#invite-code").inner_text()
    sign_up(alex, url, "Alex")
    alex.get_by_label("Invite code").fill(code)
    alex.get_by_role("button", name="Join").click()
    alex.wait_for_url(f"{url}/home")


def take_private_check_in(page, url: str) -> None:
    """The short private safety check-in, answered with nothing that raises a concern: the
    softening conversation opens only once both partners have taken it."""
    from tests.safety.answers import all_clear

    page.goto(f"{url}/safety/check-in")
    for question, value in all_clear().items():
        page.check(f'input[name="{question}"][value="{value}"]')
    page.get_by_role("button", name="See what might help").click()
    page.wait_for_url(f"{url}/safety/result")
