"""Coaching pages without JavaScript: plain forms, HTMX fragments, privacy of the conversation."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.safety.web import check_in_on_the_page
from tests.web.test_pages import csrf, web_signup


def pair(app):
    sam, alex = web_signup(app, "Sam"), web_signup(app, "Alex")
    code_page = sam.post("/couple/create", data={"csrf_token": csrf(sam, "/couple")})
    code = re.search(r'id="invite-code"[^>]*>([^<]+)<', code_page.text).group(1).strip()
    joined = alex.post("/couple/join", data={"invite_code": code,
                                             "csrf_token": csrf(alex, "/couple")},
                       follow_redirects=False)
    assert joined.status_code == 303, joined.text
    for partner in (sam, alex):  # each alone, before joint work
        check_in_on_the_page(partner)
    return sam, alex


def post(browser: TestClient, path: str, page: str, **data):
    return browser.post(path, data={**data, "csrf_token": csrf(browser, page)},
                        follow_redirects=False)


def test_reach_coach_works_as_a_plain_form(app):
    sam = web_signup(app, "Sam")
    page = post(sam, "/coach/reach", "/coach",
                text="You're always on your phone at dinner. Can you put it away when we eat?")
    assert page.status_code == 200
    assert "<mark" in page.text and "always" in page.text
    assert "A gentler way to say it" in page.text
    assert "[what you feel underneath]" in page.text


def test_the_reach_page_analyses_a_draft_once(app, analysis_calls, monkeypatch):
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "both")  # as shipped (see conftest)
    sam = web_signup(app, "Sam")
    draft = "You're always on your phone at dinner. Can you put it away when we eat?"
    analysis_calls.clear()
    page = post(sam, "/coach/reach", "/coach", text=draft)
    assert page.status_code == 200 and "A gentler way to say it" in page.text
    assert analysis_calls == [([draft], "both")]


def test_reach_coach_answers_htmx_with_a_fragment(app):
    sam = web_signup(app, "Sam")
    token = csrf(sam, "/coach")
    fragment = sam.post("/coach/reach", data={"text": "Whatever. I'm done.", "csrf_token": token},
                        headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="reach-feedback"')
    assert "<html" not in fragment.text


def test_reply_coach_offers_practice_reaches_and_alternatives(app):
    sam = web_signup(app, "Sam")
    page = sam.get("/coach/reply?practice=quiet-after-dinner")
    assert "I felt scared and alone" in page.text
    checked = post(sam, "/coach/reply", "/coach/reply",
                   share="When you went quiet after dinner, I felt scared and alone.",
                   reply="You're overreacting.")
    assert "dismissive" in checked.text.lower() and "Other ways to answer" in checked.text


def test_coach_pages_need_login(client):
    for path in ("/coach", "/coach/reply", "/pause", "/conversations"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


def test_slow_down_flow_keeps_answers_and_offers_a_break_when_flooded(app):
    sam = web_signup(app, "Sam")
    assert "Pause" in sam.get("/pause").text
    post(sam, "/pause/step/pause", "/pause", happened="We argued about money and I shouted.")
    body = post(sam, "/pause/step/body", "/pause", heart_rate="112")
    assert body.status_code == 303
    page = sam.get("/pause").text
    assert "Take a break" in page and "data-countdown" in page and "Come back at" in page
    post(sam, "/pause/go/end-break", "/pause")
    cycle = sam.get("/pause").text
    assert "This is our pattern, not you." in cycle
    post(sam, "/pause/step/cycle", "/pause", skip="1")
    post(sam, "/pause/step/on_top", "/pause", on_top="angry")
    # Leaving halfway and coming back keeps what was entered.
    fresh_visit = sam.get("/pause").text
    assert "What might be underneath?" in fresh_visit
    post(sam, "/pause/step/underneath", "/pause", underneath="scared")
    post(sam, "/pause/step/need", "/pause", need="to know I matter to you")
    saved = post(sam, "/pause/moment", "/pause")
    assert saved.status_code == 303 and saved.headers["location"].startswith("/moments/")
    moment = sam.get(saved.headers["location"]).text
    assert "We argued about money" in moment and "scared" in moment


def test_slow_down_can_end_in_a_reach_draft_from_own_words(app):
    sam = web_signup(app, "Sam")
    sam.get("/pause")
    post(sam, "/pause/step/pause", "/pause", happened="you left the party early")
    post(sam, "/pause/step/body", "/pause", skip="1")
    post(sam, "/pause/step/cycle", "/pause", skip="1")
    post(sam, "/pause/step/on_top", "/pause", on_top="annoyed")
    post(sam, "/pause/step/underneath", "/pause", underneath="lonely")
    post(sam, "/pause/step/need", "/pause", skip="1")
    reach = post(sam, "/pause/reach", "/pause")
    assert "When you left the party early, I felt annoyed. Underneath, I feel lonely." in reach.text


def test_the_slow_down_is_private_to_its_owner(app):
    sam, alex = pair(app)
    post(sam, "/pause/step/pause", "/pause", happened="Sam's private account of the fight")
    assert "Sam's private account" not in alex.get("/pause").text


def test_conversation_pages_for_both_partners_and_404_for_others(app):
    sam, alex = pair(app)
    started = post(sam, "/conversations", "/conversations")
    assert started.status_code == 303
    url = started.headers["location"]
    assert "Share the moment" in sam.get(url).text
    assert "Waiting for your partner" in alex.get(url).text
    out_of_turn = post(alex, f"{url}/turns", url, text="Hello")
    assert out_of_turn.status_code == 409 and "It is your partner" in out_of_turn.text
    sent = post(sam, f"{url}/turns", url, text="When you went quiet, I felt alone.")
    assert sent.status_code == 303
    live = alex.get(f"{url}/live?v=stale")
    assert live.status_code == 200 and live.text.startswith('<div id="live-area"')
    assert "When you went quiet, I felt alone." in live.text  # arrives without a reload
    version = re.search(r"live\?v=([\w-]+)", live.text).group(1)
    assert alex.get(f"{url}/live?v={version}").status_code == 204  # nothing new since
    robin = web_signup(app, "Robin")
    assert robin.get(url).status_code == 404
    assert robin.get(f"{url}/live").status_code == 404


def test_listener_draft_is_kept_and_coached(app):
    sam, alex = pair(app)
    url = post(sam, "/conversations", "/conversations").headers["location"]
    post(sam, f"{url}/turns", url, text="When you went quiet, I felt alone.")
    token = csrf(alex, url)
    fragment = alex.post(f"{url}/draft", data={"text": "Calm down.", "csrf_token": token},
                         headers={"HX-Request": "true"})
    assert "dismissive" in fragment.text.lower()
    assert "Calm down." in alex.get(url).text  # the draft comes back on reload
    assert "Calm down." not in sam.get(url).text  # and stays private




def test_a_draft_sent_late_after_the_turn_is_dropped(app):
    """Typing, then tapping Send within the draft's 0.7 s wait: the late draft must not come back."""
    sam, alex = pair(app)
    url = post(sam, "/conversations", "/conversations").headers["location"]
    page = sam.get(url).text
    drawn_at = re.search(r'name="at" value="([^"]+)"', page).group(1)
    token = csrf(sam, url)
    sent = sam.post(f"{url}/turns", data={"text": "When you went quiet, I felt alone.", "at": drawn_at,
                                          "csrf_token": token}, follow_redirects=False)
    assert sent.status_code == 303
    late = sam.post(f"{url}/draft", data={"text": "When you went qu", "at": drawn_at, "csrf_token": token},
                    headers={"HX-Request": "true"})
    assert late.status_code == 204
    post(alex, f"{url}/turns", url, text="You felt alone when I went quiet.")
    confirm = sam.get(url).text
    assert "When you went qu<" not in confirm and "When you went qu\n" not in confirm
    assert re.search(r'<textarea id="turn-text"[^>]*>\s*</textarea>', confirm)


def test_the_transcript_says_whether_the_reflection_was_right(app):
    sam, alex = pair(app)
    url = post(sam, "/conversations", "/conversations").headers["location"]
    post(sam, f"{url}/turns", url, text="When you went quiet, I felt alone.")
    post(alex, f"{url}/turns", url, text="You were angry.")
    post(sam, f"{url}/turns", url, confirmed="no")
    post(alex, f"{url}/turns", url, text="You felt alone when I went quiet.")
    post(sam, f"{url}/turns", url, confirmed="yes")
    page = alex.get(url).text
    assert "Sam said not quite" in page and "Sam said yes, that&#39;s it" in page
    assert "Sam checked" not in page


def test_a_reach_from_the_slow_down_speaks_to_the_partner_in_a_sentence():
    from between.coach.slowdown import as_clause

    cases = {"He walked away.": "you walked away", "She was on her phone": "you were on your phone",
             "Alex left the room": "Alex left the room", "I said something harsh": "I said something harsh",
             "The dinner went cold!": "the dinner went cold", "NYE party": "NYE party"}
    for happened, clause in cases.items():
        assert as_clause(happened) == clause


def test_the_vulnerable_reach_is_never_told_to_send_it_as_it_is(app):
    sam = web_signup(app, "Sam")
    page = post(sam, "/coach/reach", "/coach", text="I feel scared and alone when we fight, and I miss you.")
    assert "Send it as it is" not in page.text and "send it as it is" not in page.text.lower()
