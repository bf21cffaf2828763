"""Every free-text field through the API, fuzzed (NULs, lone surrogates, control characters,
RTL and zero-width marks, long text, extreme dates and numbers): a 2xx, or a 4xx as
problem+json, never a 5xx; and what was accepted still draws for both partners."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import moment, screened_couple
from tests.fuzz.hostile import hostile_dates, hostile_numbers, hostile_text, json_values
from tests.fuzz.hypothesis_profiles import FUZZ

PROBLEM = "application/problem+json"


@pytest.fixture
def http(app):
    """Sees a server error as the 500 a person would get, not as an exception in the test."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def pair(http):
    sam, alex = screened_couple(http)
    conversation = send(http, "POST", "/api/v1/conversations", {}, sam).json()["id"]
    return sam, alex, conversation, moment(http, sam)["id"]


def answered(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM, response.text[:300]


def send(http, method: str, path: str, body, user=None):
    """JSON with ASCII escapes: lone surrogates travel as \\udXXX, as a browser sends them."""
    headers = {"Content-Type": "application/json", **(user.auth if user else {})}
    return http.request(method, path, content=json.dumps(body), headers=headers)


MOMENT_TEXT = ("happened", "meaning", "surface_reaction", "protective_move", "deeper_feeling", "need")


@FUZZ
@given(field=st.sampled_from(MOMENT_TEXT), text=hostile_text(), when=hostile_dates(),
       intensity=hostile_numbers(), visibility=st.sampled_from(["partner", "couple", "private"]))
def test_moments_take_any_text_and_the_cycle_still_draws(http, pair, field, text, when, intensity,
                                                         visibility):
    sam, alex, _, _ = pair
    body = {"happened": "We argued about the dishes.", field: text, "occurred_at": when,
            "intensity": intensity, "visibility": visibility}
    answered(send(http, "POST", "/api/v1/moments", body, sam))
    for user in (sam, alex):
        for path in ("/api/v1/couples/current/cycle", "/api/v1/couples/current/cycle.svg",
                     "/api/v1/moments", "/api/v1/progress"):
            answered(http.get(path, headers=user.auth))


@FUZZ
@given(field=st.sampled_from(MOMENT_TEXT + ("occurred_at", "intensity", "repair_minutes")),
       value=st.one_of(hostile_text(), hostile_dates(), hostile_numbers(), json_values()))
def test_editing_a_moment(http, pair, field, value):
    sam, _, _, moment_id = pair
    answered(send(http, "PATCH", f"/api/v1/moments/{moment_id}", {field: value}, sam))
    answered(http.get(f"/api/v1/moments/{moment_id}", headers=sam.auth))


@FUZZ
@given(route=st.sampled_from(["turns", "draft", "coaching"]), text=hostile_text())
def test_the_conversation(http, pair, route, text):
    sam, alex, conversation, _ = pair
    path = f"/api/v1/conversations/{conversation}/{route}"
    answered(send(http, "PUT" if route == "draft" else "POST", path, {"text": text},
                  sam if route == "turns" else alex))
    answered(http.get(f"/api/v1/conversations/{conversation}", headers=alex.auth))


@FUZZ
@given(texts=st.tuples(hostile_text(), hostile_text()))
def test_analysis_and_coaching(http, pair, texts):
    sam = pair[0]
    share, reply = texts
    answered(send(http, "POST", "/api/v1/analyze", {"text": share}))  # no login needed
    answered(send(http, "POST", "/api/v1/analyze/reply", {"share": share, "reply": reply}))
    answered(send(http, "POST", "/api/v1/coach/reach", {"text": share}, sam))
    answered(send(http, "POST", "/api/v1/coach/reply", {"share": share, "reply": reply}, sam))
    answered(send(http, "POST", "/api/v1/pause/pause", {"happened": share}, sam))


@FUZZ
@given(email=hostile_text(), password=hostile_text(), name=hostile_text())
def test_accounts_and_logins(http, email, password, name):
    answered(send(http, "POST", "/api/v1/accounts", {"email": email, "password": password,
                                                     "display_name": name}))
    answered(send(http, "POST", "/api/v1/sessions", {"email": email, "password": password}))


@FUZZ
@given(answers=st.dictionaries(st.one_of(st.sampled_from(["1", "2", "3", "4", "١", "²", "01"]),
                                         hostile_text(3)), json_values(), max_size=6),
       entry=hostile_text(), locale=hostile_text(), code=hostile_text())
def test_check_ins_plans_preferences_and_invites(http, pair, answers, entry, locale, code):
    sam = pair[0]
    answered(send(http, "POST", "/api/v1/check-ins", {"instrument": "csi4", "answers": answers}, sam))
    answered(send(http, "POST", "/api/v1/safety/check-in", {"answers": answers}, sam))
    answered(send(http, "PUT", "/api/v1/safety/plan", {"entries": {"warning_signs": entry}}, sam))
    answered(send(http, "PATCH", "/api/v1/safety/preferences", {"locale": locale}, sam))
    answered(send(http, "POST", "/api/v1/couples/join", {"invite_code": code}, sam))
    answered(http.get("/api/v1/progress", headers=sam.auth))
