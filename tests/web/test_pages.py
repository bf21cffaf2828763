"""Server-rendered pages: sign up, log in, pair up, and privacy on every page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, moment, sign_up


def csrf(browser: TestClient, path: str = "/signup") -> str:
    page = browser.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def web_signup(app, name: str) -> TestClient:
    """Sign up, then log in (signing up never logs in: it must not tell whether an email exists)."""
    browser = TestClient(app)
    email = f"{name.lower()}@example.org"
    response = browser.post("/signup", data={"display_name": name, "email": email,
                                             "password": PASSWORD, "csrf_token": csrf(browser)},
                            follow_redirects=False)
    assert response.status_code == 200, response.text
    response = browser.post("/login", data={"email": email, "password": PASSWORD,
                                            "csrf_token": csrf(browser, "/login")},
                            follow_redirects=False)
    assert response.status_code == 303, response.text
    return browser


def test_sign_up_page_is_accessible_html(client):
    page = client.get("/signup")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert '<label for="email">' in page.text and 'id="email"' in page.text
    assert 'name="viewport"' in page.text
    assert "<script>" not in page.text  # CSP: no inline script


def test_security_headers(client):
    headers = client.get("/signup").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_htmx_is_served_locally(client):
    assert '<script src="/static/vendor/htmx.min.js"' in client.get("/signup").text
    assert client.get("/static/vendor/htmx.min.js").status_code == 200


def test_cookies_are_httponly_and_samesite(app, client):
    user = sign_up(client)
    browser = TestClient(app)
    browser.get("/login")
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": browser.cookies["between_csrf"]},
                            follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "between_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_forms_without_the_csrf_token_are_refused(app, db_state):
    browser = TestClient(app)
    browser.get("/signup")
    before = db_state()
    response = browser.post("/signup", data={"display_name": "Sam", "email": "sam@example.org",
                                             "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403
    assert "expired" in response.text
    assert db_state() == before


def test_sign_up_errors_are_shown_next_to_the_form(app, db_state):
    browser = TestClient(app)
    before = db_state()
    response = browser.post("/signup", data={"display_name": "Sam", "email": "nope",
                                             "password": "short", "csrf_token": csrf(browser)})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "email" in response.text
    assert 'value="Sam"' in response.text  # nothing typed is lost
    assert db_state() == before


def test_pair_up_through_the_pages(app):
    sam, alex = web_signup(app, "Sam"), web_signup(app, "Alex")
    created = sam.post("/couple/create", data={"csrf_token": csrf(sam, "/couple")})
    code = re.search(r'id="invite-code">([A-Z0-9-]+)<', created.text).group(1)
    joined = alex.post("/couple/join", data={"invite_code": code,
                                             "csrf_token": csrf(alex, "/couple")})
    assert joined.status_code == 200
    assert "You and Sam share this space" in joined.text
    reused = sign_up_and_join(app, code)
    assert reused.status_code == 409 and "already been used" in reused.text


def sign_up_and_join(app, code):
    third = web_signup(app, "Robin")
    return third.post("/couple/join", data={"invite_code": code,
                                            "csrf_token": csrf(third, "/couple")})


def test_pages_need_login(client):
    for path in ("/home", "/couple", "/moments", "/moments/new"):
        assert client.get(path, follow_redirects=False).headers["location"] == "/login"


SIGNED_IN_PAGES = ("/home", "/couple", "/moments", "/moments/new", "/cycle", "/coach",
                   "/coach/reply", "/pause", "/conversations", "/check-ins", "/progress",
                   "/safety", "/safety/check-in", "/safety/plan", "/safety/settings")
SIGNED_IN_FORMS = ("/moments", "/coach/reach", "/pause/step/pause", "/conversations",
                   "/couple/create", "/check-ins/csi4", "/safety/plan", "/safety/clear")


def test_signed_out_pages_and_forms_go_to_the_login_page(client, db_state):
    before = db_state()
    for path in SIGNED_IN_PAGES:
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login"), path
    token = csrf(client, "/login")
    for path in SIGNED_IN_FORMS:
        response = client.post(path, data={"csrf_token": token}, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login"), path
        # The form token is checked first: an expired form says so, signed in or not.
        assert client.post(path, data={"csrf_token": "stale"}).status_code == 403, path
    assert db_state() == before


def test_wrong_password_page_and_rate_limit(app):
    sign_up(TestClient(app), "Sam")
    browser = TestClient(app)
    statuses = [browser.post("/login", data={"email": "sam1@example.org", "password": "wrong!",
                                              "csrf_token": csrf(browser, "/login")}).status_code
                for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429


@pytest.fixture
def paired(app, client):
    from tests.factories import couple

    sam, alex = couple(client)
    browsers = {}
    for user in (sam, alex):
        browser = TestClient(app)
        browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                     "csrf_token": csrf(browser, "/login")})
        browsers[user.id] = browser
    return sam, alex, browsers


def test_partner_gets_404_page_for_private_moment(client, paired):
    sam, alex, browsers = paired
    private = moment(client, sam, happened="A secret worry about money.")
    page = browsers[alex.id].get(f"/moments/{private['id']}")
    assert page.status_code == 404
    assert "secret worry" not in page.text
    assert "secret worry" not in browsers[alex.id].get("/moments").text
    assert "secret worry" in browsers[sam.id].get(f"/moments/{private['id']}").text


def test_home_counts_only_what_the_viewer_may_see(client, paired):
    sam, alex, browsers = paired
    before = browsers[alex.id].get("/home").text
    moment(client, sam, happened="Private one.")
    assert browsers[alex.id].get("/home").text == before
    moment(client, sam, happened="Shared one.", visibility="partner")
    assert "1 you can see" in browsers[alex.id].get("/home").text


def test_record_a_moment_through_the_form(paired):
    sam, _, browsers = paired
    browser = browsers[sam.id]
    saved = browser.post("/moments", data={"happened": "Dinner went quiet again.",
                                           "intensity": "6", "visibility": "private",
                                           "csrf_token": csrf(browser, "/moments/new")})
    assert saved.status_code == 200 and "Dinner went quiet again." in saved.text
    refused = browser.post("/moments", data={"happened": "x", "intensity": "12",
                                             "csrf_token": csrf(browser, "/moments/new")})
    assert refused.status_code == 422 and "How strong" in refused.text


def test_quick_exit_lands_on_a_neutral_page(client):
    assert 'data-quick-exit="/recipes/today"' in client.get("/signup").text
    neutral = client.get("/recipes").text
    assert "Between" not in neutral


def test_a_signed_in_404_keeps_the_signed_in_header(app):
    sam = web_signup(app, "Sam")
    page = sam.get("/no-such-page")
    assert page.status_code == 404
    assert "Nothing is at this address." in page.text
    assert 'aria-label="Main"' in page.text and "Logged in as Sam" in page.text
    signed_out = TestClient(app).get("/no-such-page")
    assert 'aria-label="Main"' not in signed_out.text


def test_the_favicon_is_served(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/signup").text
    for path in ("/favicon.ico", "/static/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"


def test_the_menu_marks_the_page_and_keeps_every_destination(app):
    sam = web_signup(app, "Sam")
    page = sam.get("/check-ins").text
    menu = page[page.index('<nav aria-label="Main"'):page.index("</nav>")]
    for href in ("/home", "/moments", "/cycle", "/conversations", "/pause", "/coach", "/check-ins",
                 "/progress", "/couple", "/account", "/safety"):
        assert f'href="{href}"' in menu
    assert '<summary class="current">More</summary>' in menu  # Check-ins sits behind More
    assert '<a href="/check-ins" aria-current="page">' in menu


def test_reloading_after_start_shows_the_code_again_instead_of_a_conflict(app):
    sam = web_signup(app, "Sam")
    started = sam.post("/couple/create", data={"csrf_token": csrf(sam, "/couple")}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"] == "/couple"
    first = sam.get("/couple")
    code = re.search(r'id="invite-code"[^>]*>([^<]+)<', first.text).group(1).strip()
    again = sam.get("/couple")  # the reload: a GET, never a second "Start"
    assert again.status_code == 200 and code in again.text
    alex = web_signup(app, "Alex")
    alex.post("/couple/join", data={"invite_code": code, "csrf_token": csrf(alex, "/couple")})
    assert code not in sam.get("/couple").text  # used: no longer shown


def test_after_a_partner_leaves_the_other_is_not_told_they_have_not_joined(app):
    sam = web_signup(app, "Sam")
    sam.post("/couple/create", data={"csrf_token": csrf(sam, "/couple")})
    code = re.search(r'id="invite-code"[^>]*>([^<]+)<', sam.get("/couple").text).group(1).strip()
    alex = web_signup(app, "Alex")
    alex.post("/couple/join", data={"invite_code": code, "csrf_token": csrf(alex, "/couple")})
    alex.post("/couple/leave", data={"csrf_token": csrf(alex, "/couple")})
    for page in (sam.get("/home").text, sam.get("/couple").text):  # a couple ends when one leaves
        assert "hasn't joined yet" not in page and "your couple space has ended" in page
    assert "your couple space has ended" not in alex.get("/home").text  # Alex left it himself


def test_a_too_long_text_gets_plain_words(app):
    sam = web_signup(app, "Sam")
    response = sam.post("/moments", data={"happened": "x" * 5001, "csrf_token": csrf(sam, "/moments/new")})
    assert response.status_code == 422
    assert "is too long: at most 5,000 characters (this has 5,001)" in response.text
    assert "String should have" not in response.text


def test_sign_up_leads_to_the_welcome_and_the_first_steps(app):
    browser = TestClient(app)
    browser.post("/signup", data={"display_name": "Sam", "email": "sam@example.org",
                                  "password": PASSWORD, "csrf_token": csrf(browser)})
    response = browser.post("/login", data={"email": "sam@example.org", "password": PASSWORD,
                                            "csrf_token": csrf(browser, "/login")},
                            follow_redirects=False)  # sign-up never logs in; the first login does
    assert response.headers["location"] == "/welcome"
    welcome = browser.get("/welcome").text
    assert "What stays private" in welcome and 'href="/couple"' in welcome and 'href="/moments/new"' in welcome
    assert "this computer" not in welcome  # a hosted install runs on someone's server, not this one
    home = browser.get("/home").text
    assert "Your first steps" in home
    assert 'href="/moments/new">Record your first moment' in home and "Practise saying the deeper feeling" in home
    browser.post("/moments", data={"happened": "A hard evening.", "csrf_token": csrf(browser, "/moments/new")})
    browser.get("/cycle")
    home = browser.get("/home").text
    assert "Record your first moment</span> <span class=\"hint\">· done" in home
    assert "See your cycle</span> <span class=\"hint\">· done" in home
    browser.post("/home/first-steps/hide", data={"csrf_token": csrf(browser, "/home")})
    assert "Your first steps" not in browser.get("/home").text


def test_home_introduces_one_check_in_at_a_time_in_plain_words_csi4_first(app):
    sam = web_signup(app, "Sam")
    home = sam.get("/home").text
    assert home.count('class="card check-in-next"') == 1
    assert "how satisfied you feel together" in home and 'href="/check-ins/csi4"' in home
    assert "ECR-S" not in home and "CSI-16" not in home
