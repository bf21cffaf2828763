"""A moment's JSON carries the writer's safety check; flagged words get the card, no suggestions.

The sentences are issue 13's own. The moment is saved whatever it says: nothing written is lost.
"""

from __future__ import annotations

import pytest

from tests.factories import moment, sign_up

RISKY = ["I want to kill myself.", "Honestly everyone would be better off without me"]
EVERYDAY = "We argued about the dishes and I went quiet."


def assert_card(safety: dict) -> None:
    assert safety["flag"] is True and safety["kinds"]
    assert safety["lines"] and safety["lines"][0] == safety["card"]["title"]
    assert safety["card"]["services"][0]["emergency"] is True
    assert safety["card"]["services"][0]["tel"].startswith("tel:")


@pytest.mark.parametrize("text", RISKY)
def test_a_flagged_moment_is_saved_and_answers_with_the_card_and_no_suggestions(client, text):
    sam = sign_up(client)
    made = moment(client, sam, happened=text)
    assert_card(made["safety"])
    assert made["suggestions"] is None
    assert made["happened"] == text  # saved as written
    again = client.get(f"/api/v1/moments/{made['id']}", headers=sam.auth).json()
    assert again["happened"] == text and again["suggestions"] is None
    assert_card(again["safety"])
    listed = client.get("/api/v1/moments", headers=sam.auth).json()
    assert [m["id"] for m in listed] == [made["id"]] and listed[0]["safety"] is None


def test_an_everyday_moment_keeps_its_suggestions_and_an_unflagged_check(client):
    sam = sign_up(client)
    made = moment(client, sam, happened=EVERYDAY)
    assert made["safety"] == {"flag": False, "kinds": [], "lines": [], "card": None}
    assert made["suggestions"] is not None


def test_editing_in_risky_words_flags_and_editing_them_out_brings_suggestions_back(client):
    sam = sign_up(client)
    made = moment(client, sam, happened=EVERYDAY)
    path = f"/api/v1/moments/{made['id']}"
    flagged = client.patch(path, json={"meaning": RISKY[1]}, headers=sam.auth)
    assert flagged.status_code == 200, flagged.text
    assert_card(flagged.json()["safety"])
    assert flagged.json()["suggestions"] is None and flagged.json()["meaning"] == RISKY[1]
    # A change that leaves the words as they are still answers the check of those words.
    shared = client.patch(path, json={"visibility": "partner"}, headers=sam.auth).json()
    assert_card(shared["safety"])
    assert shared["suggestions"] is None
    cleared = client.patch(path, json={"meaning": "That I don't matter to him."},
                           headers=sam.auth).json()
    assert cleared["safety"]["flag"] is False and cleared["suggestions"] is not None


def test_the_openapi_documents_the_writers_safety_on_a_moment(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    safety = schema["MomentOut"]["properties"]["safety"]
    assert "#/components/schemas/WriterSafety" in str(safety)
    assert "writer" in safety["description"] and "partner" in safety["description"]
    assert set(schema["WriterSafety"]["properties"]) == {"flag", "kinds", "lines", "card"}
