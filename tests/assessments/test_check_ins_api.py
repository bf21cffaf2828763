"""Check-ins over the JSON API: instruments, scoring, validation, drafts, history, schedule."""

from __future__ import annotations

import pytest

from between.assessments.instruments import instruments
from tests.factories import couple, sign_up


def answers(*values: int) -> dict[str, int]:
    return {str(n): v for n, v in enumerate(values, start=1)}


def take(client, user, instrument, values, **extra):
    body = {"instrument": instrument, "answers": values, **extra}
    response = client.post("/api/v1/check-ins", json=body, headers=user.auth)
    assert response.status_code == 201, response.text
    return response.json()


def test_instruments_list_every_questionnaire_with_items_scale_and_terms(client):
    listed = client.get("/api/v1/instruments").json()
    assert {i["id"] for i in listed} == set(instruments()) >= {"csi4", "csi16", "ecr_r", "ecr_s"}
    csi4 = next(i for i in listed if i["id"] == "csi4")
    assert [item["number"] for item in csi4["items"]] == [1, 2, 3, 4]
    assert csi4["items"][0]["scale"][0] == {"value": 0, "label": "Extremely Unhappy"}
    assert "Funk" in csi4["citation"] and csi4["licence_note"]
    ecr_s = next(i for i in listed if i["id"] == "ecr_s")
    assert ecr_s["default_visibility"] == "private" and "private" in ecr_s["privacy_note"]


def test_the_api_contract_is_documented_in_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get"} <= set(paths["/api/v1/instruments"])
    assert {"get", "post"} <= set(paths["/api/v1/check-ins"])
    assert "instrument" in str(paths["/api/v1/check-ins"]["get"]["parameters"])


# Hand-computed: the arithmetic in each comment is the expected score.
HAND_COMPUTED = [
    ("csi4", answers(4, 3, 3, 4), {"total": 14}, "at_or_above_cutoff"),  # 4+3+3+4
    ("csi4", answers(3, 3, 3, 4), {"total": 13}, "below_cutoff"),  # 13 < 13.5
    # 3+4+3+3+4+3+3+2+2+3 = 30 and 4+1+3+2+4+4 = 18: 48, below 51.5
    ("csi16", answers(3, 4, 3, 3, 4, 3, 3, 2, 2, 3, 4, 1, 3, 2, 4, 4), {"total": 48},
     "below_cutoff"),
    # anxiety 5+6+4+(8-3)+5+6 = 31/6; avoidance (8-2)+3+(8-1)+2+(8-2)+1 = 25/6
    ("ecr_s", answers(2, 5, 3, 6, 1, 4, 2, 3, 2, 5, 1, 6),
     {"anxiety": 31 / 6, "avoidance": 25 / 6}, None),
    # anxiety: 16 sevens and two reversed ones (16*7+2)/18; avoidance (6*7 + 12*1)/18
    ("ecr_r", answers(*[7] * 36), {"anxiety": 114 / 18, "avoidance": 3.0}, None),
    ("ras", answers(4, 5, 4, 2, 3, 5, 4), {"total": 27 / 7}, None),  # 4+5+4+(6-2)+3+5+(6-4)
]


@pytest.mark.parametrize(("instrument", "values", "expected", "band"), HAND_COMPUTED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(HAND_COMPUTED)])
def test_scores_through_the_api_match_hand_computed_examples(client, instrument, values,
                                                             expected, band):
    sam = sign_up(client, "Sam")
    result = take(client, sam, instrument, values)
    assert result["status"] == "complete"
    assert result["scores"] == pytest.approx(expected)
    if band:
        assert result["interpretation"]["total"]["band"] == band
    assert result["visibility"] == "private"  # every questionnaire starts private


def test_invalid_answers_are_422_problems_naming_each_bad_item(client, db_state):
    sam = sign_up(client, "Sam")
    before = db_state()
    response = client.post("/api/v1/check-ins", headers=sam.auth, json={
        "instrument": "csi4", "answers": {"1": 7, "2": "3", "3": 2, "9": 1}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problems = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert problems == {"answers.9": "no such item; items are 1 to 4",
                        "answers.1": "must be an integer from 0 to 6",
                        "answers.2": "must be an integer from 0 to 5",
                        "answers.4": "required"}
    assert db_state() == before


def test_unknown_instrument_is_named(client):
    sam = sign_up(client, "Sam")
    response = client.post("/api/v1/check-ins", headers=sam.auth,
                           json={"instrument": "bdi", "answers": {}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "instrument"


def test_partial_answers_save_as_a_draft_that_finishing_replaces(client):
    sam = sign_up(client, "Sam")
    draft = take(client, sam, "csi4", {"1": 4, "2": 3}, draft=True)
    assert draft["status"] == "draft" and draft["scores"] == {"total": None}
    assert draft["interpretation"] == {}
    again = take(client, sam, "csi4", {"1": 4, "2": 3, "3": 1}, draft=True)
    assert again["id"] == draft["id"]  # one draft per questionnaire, kept up to date
    assert client.get("/api/v1/check-ins", headers=sam.auth).json() == []
    listed = client.get("/api/v1/check-ins?drafts=true", headers=sam.auth).json()
    assert [c["answers"] for c in listed] == [{"1": 4, "2": 3, "3": 1}]
    finished = take(client, sam, "csi4", answers(4, 3, 1, 4))
    assert finished["id"] == draft["id"] and finished["scores"] == {"total": 12}
    assert client.get("/api/v1/check-ins?drafts=true", headers=sam.auth).json()[0][
        "status"] == "complete"


def test_history_judges_each_score_against_the_first_by_reliable_change(client):
    # CSI-4: SD 4.5, r .94 -> S_diff = 4.5 * sqrt(2 * .06) = 1.559; reliable at |diff| >= 3.06
    sam = sign_up(client, "Sam")
    for values in (answers(3, 2, 2, 2), answers(3, 3, 2, 3), answers(4, 3, 3, 4),
                   answers(2, 1, 1, 1)):
        take(client, sam, "csi4", values)
    history = client.get("/api/v1/check-ins?instrument=csi4", headers=sam.auth).json()
    assert [c["scores"]["total"] for c in history] == [9, 11, 14, 5]
    assert history[0]["change"] == {}  # the baseline
    assert [c["change"]["total"]["label"] for c in history[1:]] == [
        "no reliable change", "reliable improvement", "reliable deterioration"]
    assert history[2]["change"]["total"]["rci"] == pytest.approx(3.21, abs=0.01)
    assert history[2]["change"]["total"]["clinical"] == "recovered"  # crossed 13.5 upwards


def test_history_filters_by_instrument(client):
    sam = sign_up(client, "Sam")
    take(client, sam, "csi4", answers(4, 3, 3, 4))
    take(client, sam, "ras", answers(4, 5, 4, 2, 3, 5, 4))
    listed = client.get("/api/v1/check-ins?instrument=ras", headers=sam.auth).json()
    assert [c["instrument"] for c in listed] == ["ras"]
    assert client.get("/api/v1/check-ins?instrument=nope", headers=sam.auth).status_code == 422


def test_the_owner_shares_and_deletes_their_check_in(client):
    sam, alex = couple(client)
    made = take(client, sam, "csi4", answers(4, 3, 3, 4))
    shared = client.patch(f"/api/v1/check-ins/{made['id']}", json={"visibility": "partner"},
                          headers=sam.auth)
    assert shared.status_code == 200 and shared.json()["visibility"] == "partner"
    assert client.get(f"/api/v1/check-ins/{made['id']}", headers=alex.auth).status_code == 200
    assert client.delete(f"/api/v1/check-ins/{made['id']}", headers=sam.auth).status_code == 204
    assert client.get(f"/api/v1/check-ins/{made['id']}", headers=sam.auth).status_code == 404


def test_the_schedule_defaults_can_be_changed_by_either_partner(client):
    sam, alex = couple(client)
    default = client.get("/api/v1/check-in-schedule", headers=sam.auth).json()["schedule"]
    assert {"instrument": "csi4", "every": 1, "unit": "weeks"} in default
    changed = client.put("/api/v1/check-in-schedule", headers=alex.auth, json={"schedule": [
        {"instrument": "csi4", "every": 2, "unit": "weeks"}]})
    assert changed.status_code == 200
    assert client.get("/api/v1/check-in-schedule", headers=sam.auth).json()["schedule"] == [
        {"instrument": "csi4", "every": 2, "unit": "weeks"}]
    bad = client.put("/api/v1/check-in-schedule", headers=sam.auth, json={"schedule": [
        {"instrument": "csi4", "every": 0, "unit": "days"}]})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"schedule.0.every", "schedule.0.unit"}


def test_reminders_stay_until_the_questionnaire_is_finished(client):
    sam = sign_up(client, "Sam")
    due = {r["instrument"] for r in client.get("/api/v1/reminders", headers=sam.auth).json()}
    assert due == {"csi4", "csi16", "ecr_s"}
    take(client, sam, "csi4", {"1": 4}, draft=True)
    reminders = client.get("/api/v1/reminders", headers=sam.auth).json()
    assert next(r for r in reminders if r["instrument"] == "csi4")["has_draft"] is True
    take(client, sam, "csi4", answers(4, 3, 3, 4))
    due = {r["instrument"] for r in client.get("/api/v1/reminders", headers=sam.auth).json()}
    assert due == {"csi16", "ecr_s"}


def test_progress_and_pdf_over_the_api(client):
    sam = sign_up(client, "Sam")
    take(client, sam, "csi4", answers(3, 2, 2, 2))
    take(client, sam, "csi4", answers(4, 3, 3, 4))
    progress = client.get("/api/v1/progress", headers=sam.auth).json()
    track = progress["tracks"][0]
    assert (track["instrument"], track["subscale"]) == ("csi4", "total")
    assert [v for _, v in track["series"]["You"]] == [9, 14]
    assert track["latest_change"] == {"You": "reliable improvement"}
    pdf = client.get("/api/v1/progress/report.pdf", headers=sam.auth)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
