"""Safety pages: the check-in form and result, resources, the plan, settings, the notice."""

from __future__ import annotations

import re

import pytest

from between.safety import service
from between.safety.gate import PAUSED_WORDING
from between.safety.screening import load_check_in
from tests.factories import couple, sign_up
from tests.safety.answers import AFRAID, CHECK_IN, all_clear, raising
from tests.safety.web import csrf, logged_in

PAGES = ["/safety", "/safety/check-in", "/safety/result", "/safety/resources", "/safety/plan",
         "/safety/settings"]
LABEL = "A screening aid, not a validated instrument."


@pytest.fixture
def sam_browser(app, client):
    sam = sign_up(client, "Sam")
    return sam, logged_in(app, sam)


def post(browser, path, data, token_from="/safety"):
    return browser.post(path, data={"csrf_token": csrf(browser, token_from), **data},
                        follow_redirects=False)


@pytest.mark.parametrize("path", PAGES)
def test_every_safety_page_needs_a_login(client, path):
    assert client.get(path, follow_redirects=False).headers["location"] == "/login"


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/safety/result"])
def test_pages_are_plain_accessible_html(sam_browser, path):
    _, browser = sam_browser
    page = browser.get(path)
    assert page.status_code == 200
    assert 'name="viewport"' in page.text and "<script>" not in page.text
    assert "style=" not in page.text
    assert '<link rel="stylesheet" href="/static/css/safety.css">' in page.text
    assert 'data-quick-exit="/recipes/today"' in page.text


def test_the_check_in_form_asks_every_question_with_labelled_choices(sam_browser):
    _, browser = sam_browser
    page = browser.get("/safety/check-in").text
    assert LABEL in page
    for question in CHECK_IN.questions:
        for option in question.options:
            assert f'name="{question.id}" value="{option.value}"' in page
    assert page.count("<fieldset") == len(CHECK_IN.questions)
    assert page.count("> Prefer not to say</label>") == len(CHECK_IN.questions)


def test_a_check_in_with_gaps_is_shown_again_with_each_gap_named(sam_browser, db_state):
    _, browser = sam_browser
    answers = all_clear()
    del answers["safe_at_home"], answers["threatened"]
    before = db_state()
    page = post(browser, "/safety/check-in", answers, "/safety/check-in")
    assert page.status_code == 422
    assert re.findall(r'id="problem-([a-z_]+)"', page.text) == ["safe_at_home", "threatened"]
    assert 'value="never" checked' in page.text  # nothing the person chose is lost
    assert db_state() == before


def test_a_form_without_its_token_changes_nothing(sam_browser, db_state):
    _, browser = sam_browser
    before = db_state()
    for path in ("/safety/check-in", "/safety/plan", "/safety/settings", "/safety/clear"):
        assert browser.post(path, data=AFRAID).status_code == 403
    assert db_state() == before


def test_the_result_shows_recommendations_and_local_services(sam_browser):
    _, browser = sam_browser
    answered = post(browser, "/safety/check-in", AFRAID, "/safety/check-in")
    assert answered.headers["location"] == "/safety/result"
    page = browser.get("/safety/result").text
    assert LABEL in page and "Only you can see this" in page
    assert "confidential domestic-abuse service" in page
    assert 'href="/safety/plan"' in page and 'href="tel:' in page


def test_the_result_frames_individual_work_as_alongside(sam_browser):
    _, browser = sam_browser
    post(browser, "/safety/check-in", raising("past_still_present"), "/safety/check-in")
    page = browser.get("/safety/result").text
    assert "alongside the work you do together" in page
    assert "Joint exercises are paused" not in page


def test_the_status_page_lets_the_person_keep_or_end_the_pause(sam_browser):
    sam, browser = sam_browser
    assert "Nothing is open right now" in browser.get("/safety").text
    post(browser, "/safety/check-in", AFRAID, "/safety/check-in")
    page = browser.get("/safety").text
    assert 'action="/safety/keep"' in page and 'action="/safety/clear"' in page
    assert post(browser, "/safety/keep", {}).headers["location"] == "/safety"
    assert 'action="/safety/clear"' in browser.get("/safety").text
    post(browser, "/safety/clear", {})
    assert "Nothing is open right now" in browser.get("/safety").text


def test_the_plan_is_filled_and_saved_privately(app, client):
    sam, alex = couple(client)
    sam_browser, alex_browser = logged_in(app, sam), logged_in(app, alex)
    saved = post(sam_browser, "/safety/plan", {"warning_signs": "My jaw goes tight at dinner."},
                 "/safety/plan")
    assert saved.status_code == 200 and "Saved. Only you can see it." in saved.text
    assert "My jaw goes tight at dinner." in sam_browser.get("/safety/plan").text
    assert "My jaw goes tight" not in alex_browser.get("/safety/plan").text


def test_a_plan_with_an_unknown_step_is_refused_without_losing_the_notes(sam_browser, db_state):
    _, browser = sam_browser
    before = db_state()
    page = post(browser, "/safety/plan", {"warning_signs": "kept", "diary": "x"}, "/safety/plan")
    assert page.status_code == 422 and ">kept</textarea>" in page.text
    assert db_state() == before


def test_settings_choose_the_country_and_hiding_the_name(app, client, db_factory):
    sam = sign_up(client, "Sam")
    browser = logged_in(app, sam)
    saved = post(browser, "/safety/settings", {"locale": "GB", "hide_app_name": "true"},
                 "/safety/settings")
    assert saved.headers["location"] == "/safety/settings?saved=1"
    assert "United Kingdom" in browser.get("/safety/resources").text
    assert "Samaritans" in browser.get("/safety/resources").text
    with db_factory() as db:
        from between.people.accounts import get_by_email

        assert service.hide_app_name(db, get_by_email(db, sam.email)) is True


def test_a_locale_outside_the_list_is_refused(sam_browser, db_state):
    _, browser = sam_browser
    before = db_state()
    page = post(browser, "/safety/settings", {"locale": "english please"}, "/safety/settings")
    assert page.status_code == 422 and "That locale does not name a country." in page.text
    assert db_state() == before


def test_risk_in_a_text_shows_the_writer_a_notice_once(app, client, db_factory):
    sam, alex = couple(client)
    sam_browser, alex_browser = logged_in(app, sam), logged_in(app, alex)
    with db_factory() as db:
        from between.people.accounts import get_by_email

        service.screen_text(db, get_by_email(db, sam.email),
                            "He said he will kill me if I leave.", source="moment")
        db.commit()
    assert "A note just for you" not in alex_browser.get("/safety").text
    first = sam_browser.get("/safety").text
    assert first.count("A note just for you") == 1 and 'href="/safety"' in first
    assert "A note just for you" not in sam_browser.get("/safety").text


def test_a_text_that_may_be_about_risk_offers_support_on_the_writers_next_page(app, client, db_factory,
                                                                               monkeypatch):
    sam, alex = couple(client)
    sam_browser, alex_browser = logged_in(app, sam), logged_in(app, alex)
    monkeypatch.setattr(service, "_detect_risk",  # below the gate, above the offer line
                        lambda text, known=None: ({"flag": False, "kinds": [], "score": 0.7}, None))
    with db_factory() as db:
        from between.people.accounts import get_by_email

        service.screen_text(db, get_by_email(db, sam.email),
                            "Sometimes I just want to disappear for a while.", source="moment")
        db.commit()
    alex_page = alex_browser.get("/conversations").text
    assert "A note just for you" not in alex_page
    first = sam_browser.get("/conversations").text
    assert first.count("A note just for you") == 1 and 'href="/safety"' in first
    assert "A note just for you" not in sam_browser.get("/coach").text
    assert PAUSED_WORDING not in alex_page + first  # joint work goes on for both


def test_the_follow_up_is_asked_only_after_thoughts_of_self_harm(sam_browser):
    _, browser = sam_browser
    follow_up = next(q for q in load_check_in().questions if q.asked_if)
    page = browser.get("/safety/check-in").text
    assert "Only if you answered" in page.split(follow_up.text)[0].rsplit("<fieldset", 1)[1]
    answered = post(browser, "/safety/check-in", all_clear(), "/safety/check-in")
    assert answered.status_code == 303  # leaving it empty is fine when it was not asked
