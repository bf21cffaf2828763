"""The safety API: the check-in, the caller's own status, clear/keep, plan and preferences."""

from __future__ import annotations

import pytest

from between.safety import service
from tests.factories import couple, moment, sign_up
from tests.safety.answers import AFRAID, CHECK_IN, all_clear, raising


@pytest.fixture
def sam(client):
    return sign_up(client, "Sam")


def check_in(client, user, answers):
    return client.post("/api/v1/safety/check-in", json={"answers": answers}, headers=user.auth)


def status(client, user):
    response = client.get("/api/v1/safety/status", headers=user.auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_questions_are_labelled_and_carry_no_routing_rules(client, sam):
    body = client.get("/api/v1/safety/check-in", headers=sam.auth).json()
    assert body["label"] == "A screening aid, not a validated instrument."
    assert [q["id"] for q in body["questions"]] == [q.id for q in CHECK_IN.questions]
    assert "flag_when" not in str(body) and "urgent_when" not in str(body)
    assert all("prefer_not_to_say" in [o["value"] for o in q["options"]]
               for q in body["questions"])


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/safety/check-in"), ("POST", "/api/v1/safety/check-in"),
    ("GET", "/api/v1/safety/status"), ("POST", "/api/v1/safety/clear"),
    ("POST", "/api/v1/safety/keep"), ("GET", "/api/v1/safety/plan"),
    ("PUT", "/api/v1/safety/plan"), ("GET", "/api/v1/safety/preferences"),
    ("PATCH", "/api/v1/safety/preferences"), ("POST", "/api/v1/safety/notice/seen")])
def test_every_route_needs_a_login(client, method, path):
    assert client.request(method, path, json={}).status_code == 401


def test_an_all_clear_check_in_opens_nothing(client, sam):
    result = check_in(client, sam, all_clear())
    assert result.status_code == 201, result.text
    assert result.json()["risk_active"] is False and result.json()["urgency"] == "none"
    assert status(client, sam)["risk_active"] is False


def test_a_concerning_check_in_opens_the_callers_state(client, sam):
    result = check_in(client, sam, AFRAID).json()
    assert result["kinds"] == ["fear_of_partner"] and result["reasons"] == ["afraid_of_partner"]
    assert "abuse_support" in [r["id"] for r in result["recommendations"]]
    assert result["resources"][0]["helps_with"] == ["emergency"]
    now = status(client, sam)
    assert now["risk_active"] is True and now["since"]
    assert [r["id"] for r in now["recommendations"]][:2] == ["abuse_support", "safety_plan"]
    assert "verified_from" not in now["resources"][0]


def test_an_urgent_answer_puts_emergency_help_first_in_the_status(client, sam):
    check_in(client, sam, raising("neck_or_breathing"))
    assert status(client, sam)["recommendations"][0]["id"] == "emergency_now"


def test_bad_answers_are_named_one_by_one_and_change_nothing(client, sam, db_state):
    answers = {**all_clear(), "afraid_of_partner": "maybe", "shoe_size": "9"}
    del answers["safe_at_home"]
    before = db_state()
    response = check_in(client, sam, answers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"answers.afraid_of_partner", "answers.shoe_size", "answers.safe_at_home"}
    assert db_state() == before


@pytest.mark.parametrize("topic_question, recommendation", [
    ("past_still_present", "trauma_alongside"),
    ("distant_for_long", "disconnection_alongside"),
    ("intimacy_worry", "intimacy_alongside")])
def test_individual_work_is_suggested_alongside_couple_work(client, sam, topic_question,
                                                            recommendation):
    result = check_in(client, sam, raising(topic_question)).json()
    assert result["risk_active"] is False
    suggested = {r["id"]: r for r in result["recommendations"]}
    assert suggested[recommendation]["category"] == "alongside"
    assert "alongside" in suggested[recommendation]["body"].lower() + \
        suggested[recommendation]["title"].lower()
    # It stays on the person's own status page, with no safety concern opened.
    now = status(client, sam)
    assert now["risk_active"] is False
    assert recommendation in [r["id"] for r in now["recommendations"]]


def test_the_person_can_clear_or_keep_their_state(client, sam):
    check_in(client, sam, AFRAID)
    kept = client.post("/api/v1/safety/keep", headers=sam.auth)
    assert kept.status_code == 200 and kept.json()["risk_active"] is True
    cleared = client.post("/api/v1/safety/clear", headers=sam.auth)
    assert cleared.status_code == 200 and cleared.json()["risk_active"] is False
    # A later all-clear check-in does not reopen it; new risk opens a fresh one.
    check_in(client, sam, all_clear())
    assert status(client, sam)["risk_active"] is False
    check_in(client, sam, AFRAID)
    assert status(client, sam)["risk_active"] is True


def test_an_all_clear_check_in_does_not_close_an_open_state(client, sam):
    check_in(client, sam, AFRAID)
    check_in(client, sam, all_clear())
    assert status(client, sam)["risk_active"] is True


@pytest.mark.parametrize("action", ["clear", "keep"])
def test_clear_or_keep_without_a_state_is_refused_and_changes_nothing(client, sam, db_state,
                                                                      action):
    before = db_state()
    response = client.post(f"/api/v1/safety/{action}", headers=sam.auth)
    assert response.status_code == 409
    assert db_state() == before


def test_clearing_only_ends_the_callers_own_state(client):
    sam, alex = couple(client)
    check_in(client, sam, AFRAID)
    assert client.post("/api/v1/safety/clear", headers=alex.auth).status_code == 409
    assert status(client, sam)["risk_active"] is True


def test_preferences_choose_the_locale_of_the_services(client, sam):
    assert client.get("/api/v1/safety/preferences", headers=sam.auth).json() == {
        "hide_app_name": False, "locale": None, "therapist_alert_consent": False,
        "quick_exit_logout": True}
    changed = client.patch("/api/v1/safety/preferences", headers=sam.auth,
                           json={"locale": "en-GB", "hide_app_name": True})
    assert changed.json() == {"hide_app_name": True, "locale": "en-GB",
                              "therapist_alert_consent": False, "quick_exit_logout": True}
    now = status(client, sam)
    assert now["locale"] == "GB" and "samaritans" in [s["id"] for s in now["resources"]]


def test_a_locale_that_names_no_country_is_refused(client, sam, db_state):
    before = db_state()
    response = client.patch("/api/v1/safety/preferences", headers=sam.auth,
                            json={"locale": "english please"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "locale"
    assert db_state() == before


def test_therapist_consent_applies_to_the_open_state(client, sam):
    check_in(client, sam, AFRAID)
    assert status(client, sam)["therapist_alert_consented"] is False
    client.patch("/api/v1/safety/preferences", headers=sam.auth,
                 json={"therapist_alert_consent": True})
    assert status(client, sam)["therapist_alert_consented"] is True


def test_partners_have_no_therapist_alerts(client, sam):
    response = client.get("/api/v1/safety/therapist-alerts", headers=sam.auth)
    assert response.status_code == 403


def test_the_safety_plan_is_saved_for_its_owner_only(client):
    sam, alex = couple(client)
    plan = client.get("/api/v1/safety/plan", headers=sam.auth).json()
    assert plan["steps"][0]["id"] == "warning_signs" and plan["steps"][0]["entry"] == ""
    saved = client.put("/api/v1/safety/plan", headers=sam.auth,
                       json={"entries": {"warning_signs": "  My jaw goes tight at dinner.  ",
                                         "what_matters": ""}})
    assert saved.status_code == 200
    entries = {s["id"]: s["entry"] for s in saved.json()["steps"]}
    assert entries["warning_signs"] == "My jaw goes tight at dinner." and entries["what_matters"] == ""
    assert "jaw goes tight" not in client.get("/api/v1/safety/plan", headers=alex.auth).text


def test_plan_problems_are_named_and_change_nothing(client, sam, db_state):
    before = db_state()
    response = client.put("/api/v1/safety/plan", headers=sam.auth,
                          json={"entries": {"diary": "x", "warning_signs": "y" * 2001}})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"entries.diary",
                                                               "entries.warning_signs"}
    assert db_state() == before


def test_a_self_harm_only_plan_leaves_out_the_leaving_step(client, sam):
    check_in(client, sam, raising("self_harm_thoughts") | {"self_harm_plan": "no"})
    steps = [s["id"] for s in client.get("/api/v1/safety/plan", headers=sam.auth).json()["steps"]]
    assert "leaving_quickly" not in steps and "warning_signs" in steps


def test_openapi_documents_the_safety_contract(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/safety/check-in"])
    status_schema = paths["/api/v1/safety/status"]["get"]["responses"]["200"]
    assert "StatusOut" in str(status_schema)
    for path in ("/api/v1/safety/clear", "/api/v1/safety/keep", "/api/v1/safety/plan",
                 "/api/v1/safety/preferences"):
        assert path in paths


def test_an_api_client_learns_of_the_private_note_and_says_when_it_has_shown_it(client, monkeypatch):
    sam, alex = couple(client)
    monkeypatch.setattr(service, "_detect_risk",  # below the gate, above the offer line
                        lambda text, known=None: ({"flag": False, "kinds": [], "score": 0.7}, None))
    assert status(client, sam)["notice_pending"] is False
    moment(client, sam, happened="Sometimes I just want to disappear for a while.")
    assert status(client, sam)["notice_pending"] is True
    assert status(client, sam)["notice_pending"] is True, "reading the status does not dismiss it"
    assert status(client, alex)["notice_pending"] is False
    seen = client.post("/api/v1/safety/notice/seen", headers=sam.auth)
    assert seen.status_code == 200 and seen.json()["notice_pending"] is False
    assert status(client, sam)["notice_pending"] is False and status(client, sam)["risk_active"] is False


def test_a_risky_text_leaves_a_note_for_api_clients_too(client):
    sam, _ = couple(client)
    moment(client, sam, happened="He grabbed me by the throat and said he would kill me if I told anyone.")
    now = status(client, sam)
    assert now["risk_active"] is True and now["notice_pending"] is True
    client.post("/api/v1/safety/notice/seen", headers=sam.auth)
    assert status(client, sam)["notice_pending"] is False and status(client, sam)["risk_active"] is True
