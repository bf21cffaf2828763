"""Help in place of coaching: every writing surface shows the writer's crisis card, never coaching.

The sentences are issue 13's own, and a threat from a partner. They are read by the full risk
reading (both layers), as a person's text is in the app. Each surface is asked for its coaching
and must answer with the card (local emergency number first, tap-to-call links, the safety
plan, a way back) and none of the coaching: no register, no rewrite, no "send it".
"""

from __future__ import annotations

import json

import pytest

from between.safety.writer import check_writing, crisis_card, flagged
from tests.factories import run_cli, screened_couple, sign_up
from tests.safety.web import csrf, logged_in

SENTENCES = [
    "I want to kill myself.",
    "Honestly everyone would be better off without me",
    "I'm locked in the bathroom, I think he's going to hit me",
    "He said he'll kill me if I leave",
]
EVERYDAY = "You never listen to me when I talk about my day."
# What coaching looks like on each surface: none of it may show beside the card.
COACHING_WORDS = ["How it reads", "A gentler way to say it", "How it lands", "Other ways to answer",
                  "What your words suggest", "Send it", "Check your body"]


def assert_card(html: str) -> None:
    assert "data-crisis-card" in html
    assert 'href="tel:' in html
    assert 'href="/safety/plan"' in html
    for words in COACHING_WORDS:
        assert words not in html, words


def assert_safety_only(body: dict) -> None:
    assert body["safety"]["flag"] is True
    assert body["safety"]["kinds"]
    assert body["safety"]["lines"][0] == body["safety"]["card"]["title"]
    assert body["safety"]["card"]["services"][0]["emergency"] is True
    assert body["safety"]["card"]["services"][0]["tel"].startswith("tel:")
    for coaching in ("register", "suggestion", "quality", "alternatives", "flags", "message"):
        assert coaching not in body, coaching


@pytest.mark.parametrize("text", SENTENCES)
def test_the_risk_reading_flags_each_sentence_for_its_writer(text):
    check = check_writing(None, None, text, source="reach", locale="en-GB")
    assert check.flag and check.kinds, text
    assert check.card.place == "United Kingdom"
    assert check.card.emergency.phone == "999"
    assert check.card.lines()[3].startswith("If you are in danger now, call 999")


def test_an_everyday_complaint_is_coached_as_before():
    assert not check_writing(None, None, EVERYDAY, source="reach").flag


def test_the_risk_reading_is_read_defensively():
    assert flagged(None) == (False, ())
    assert flagged({"flag": True}) == (True, ())
    assert flagged({"kinds": ["threat", "not-a-kind"]}) == (True, ("threat",))
    assert flagged(type("R", (), {"flag": False, "kinds": [], "score": 0.99})()) == (False, ())


def test_the_card_puts_the_emergency_number_first_and_fits_the_kinds():
    card = crisis_card("de-DE", ["self_harm"])
    assert card.services[0] is card.emergency and card.emergency.phone == "112"
    assert any("suicide_crisis" in s.helps_with for s in card.others)
    fallback = crisis_card(None)
    assert fallback.emergency is not None


@pytest.mark.parametrize("text", SENTENCES)
def test_the_reach_and_reply_api_answer_with_safety_and_no_coaching(client, text):
    sam = sign_up(client)
    reach = client.post("/api/v1/coach/reach", json={"text": text}, headers=sam.auth)
    assert reach.status_code == 200, reach.text
    assert_safety_only(reach.json())
    reply = client.post("/api/v1/coach/reply", headers=sam.auth,
                        json={"share": "I feel alone lately.", "reply": text})
    assert reply.status_code == 200, reply.text
    assert_safety_only(reply.json())


def test_an_unflagged_draft_keeps_its_coaching_with_a_quiet_safety_object(client):
    sam = sign_up(client)
    body = client.post("/api/v1/coach/reach", json={"text": EVERYDAY}, headers=sam.auth).json()
    assert body["register"] and body["suggestion"]
    assert body["safety"] == {"flag": False, "kinds": [], "lines": [], "card": None}


def test_the_card_uses_the_writers_country(client):
    sam = sign_up(client)
    client.patch("/api/v1/safety/preferences", json={"locale": "AU"}, headers=sam.auth)
    body = client.post("/api/v1/coach/reach", json={"text": SENTENCES[0]},
                       headers=sam.auth).json()
    assert body["safety"]["card"]["services"][0]["tel"] == "tel:000"


@pytest.mark.parametrize("text", SENTENCES)
def test_the_slow_down_flow_stops_at_that_step_with_the_card(client, text):
    sam = sign_up(client)
    flow = client.post("/api/v1/pause/pause", json={"happened": text}, headers=sam.auth)
    assert flow.status_code == 200, flow.text
    body = flow.json()
    assert body["step"] == "pause"  # not on to "Check your body"
    assert body["safety"]["flag"] is True
    assert client.get("/api/v1/pause", headers=sam.auth).json()["safety"]["flag"] is True
    draft = client.post("/api/v1/pause/reach", headers=sam.auth).json()
    assert draft["coaching"] is None and draft["safety"]["flag"] is True


@pytest.mark.parametrize("text", SENTENCES)
def test_the_reach_and_reply_pages_show_the_card_live_and_on_submit(app, client, text):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    token = csrf(browser, "/coach")
    whole = browser.post("/coach/reach", data={"text": text, "csrf_token": token})
    assert_card(whole.text)
    # The card sits at the top of the page, before the draft's form.
    assert whole.text.index("data-crisis-card") < whole.text.index('id="reach-text"')
    live = browser.post("/coach/reach", data={"text": text, "csrf_token": token},
                        headers={"HX-Request": "true"})
    assert_card(live.text)
    composed = browser.post("/coach/reach/compose", headers={"HX-Request": "true"},
                            data={"text": text, "feeling": "scared", "csrf_token": token})
    assert "finished-reach" not in composed.text
    for practice in (None, "quiet-after-dinner"):
        data = {"share": "I miss you.", "reply": text, "csrf_token": token}
        answer = browser.post("/coach/reply" + (f"?practice={practice}" if practice else ""),
                              data=data)
        assert_card(answer.text)
        live = browser.post("/coach/reply", data=data, headers={"HX-Request": "true"})
        assert_card(live.text)


@pytest.mark.parametrize("text", SENTENCES)
def test_the_slow_down_page_stops_with_the_card(app, client, text):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    token = csrf(browser, "/pause")
    page = browser.post("/pause/step/pause", data={"happened": text, "csrf_token": token})
    assert page.status_code == 200
    assert_card(page.text)
    assert "heart_rate" not in page.text and "Heart rate" not in page.text


@pytest.mark.parametrize("text", SENTENCES)
def test_the_moment_form_and_its_live_suggestions_show_the_card(app, client, text):
    sam = sign_up(client)
    browser = logged_in(app, sam)
    token = csrf(browser, "/moments/new")
    live = browser.post("/moments/suggest", data={"happened": text, "csrf_token": token})
    assert_card(live.text)
    asked = browser.post("/moments", data={"happened": text, "action": "suggest",
                                           "csrf_token": token})
    assert_card(asked.text)
    saved = browser.post("/moments", data={"happened": text, "csrf_token": token})
    assert saved.status_code == 200 and "/moments/" in str(saved.url)
    assert_card(saved.text)  # the writer's own page about it carries the card at the top


@pytest.mark.parametrize("text", SENTENCES)
def test_a_conversation_turn_is_held_back_and_the_writer_sees_the_card(app, client, text):
    sam, alex = screened_couple(client)
    started = client.post("/api/v1/conversations", headers=sam.auth)
    assert started.status_code == 201, started.text
    cid = started.json()["id"]
    coaching = client.post(f"/api/v1/conversations/{cid}/coaching", json={"text": text},
                           headers=sam.auth)
    assert_safety_only(coaching.json())
    browser = logged_in(app, sam)
    token = csrf(browser, f"/conversations/{cid}")
    live = browser.post(f"/conversations/{cid}/draft", headers={"HX-Request": "true"},
                        data={"text": text, "csrf_token": token})
    assert_card(live.text)
    sent = browser.post(f"/conversations/{cid}/turns", data={"text": text, "csrf_token": token})
    assert_card(sent.text)
    turns = client.get(f"/api/v1/conversations/{cid}", headers=alex.auth).json()["turns"]
    assert turns == []  # nothing reached the partner
    api = client.post(f"/api/v1/conversations/{cid}/turns", json={"text": text},
                      headers=sam.auth)
    assert api.status_code == 409 and api.json()["safety"]["flag"] is True


@pytest.mark.parametrize("text", SENTENCES)
def test_the_cli_prints_the_card_and_no_coaching(cli, client, text, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    result = run_cli(cli, "coach", "reach", text)
    assert result.exit_code == 0, result.output
    assert "call 999" in result.output and "/safety/plan" in result.output
    assert "Reads as" not in result.output and "gentler" not in result.output
    result = run_cli(cli, "coach", "reply", "--practice", "quiet-after-dinner", "--reply", text, "--json")
    body = json.loads(result.output)
    assert_safety_only(body)
    sam = sign_up(client)
    answered = run_cli(cli, "coach", "reach", text, "--user", sam.email)
    assert "If you are in danger now" in answered.output
    paused = run_cli(cli, "pause", "--user", sam.email, input=text + "\n")
    assert "If you are in danger now" in paused.output
    assert "Heart rate" not in paused.output
