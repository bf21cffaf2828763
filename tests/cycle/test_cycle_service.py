"""The cycle map through storage and the API: built only from what the viewer may see."""

from __future__ import annotations

import pytest

from tests.factories import couple, moment

PURSUE = {"happened": "I kept pushing for an answer and criticised.", "protective_move": "criticised, kept pushing",
          "surface_reaction": "angry", "deeper_feeling": "lonely", "need": "closeness", "intensity": 7}
WITHDRAW = {"happened": "I went quiet and left the room.", "protective_move": "went quiet, left the room",
            "surface_reaction": "numb", "deeper_feeling": "overwhelmed", "need": "room", "intensity": 6}


def cycle(client, user):
    response = client.get("/api/v1/couples/current/cycle", headers=user.auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_pursue_withdraw_from_shared_moments(client):
    sam, alex = couple(client)
    for _ in range(4):
        moment(client, sam, visibility="partner", **PURSUE)
        moment(client, alex, visibility="partner", **WITHDRAW)
    for viewer in (sam, alex):
        seen = cycle(client, viewer)
        assert seen["pattern"] == "pursue_withdraw"
        assert seen["positions"][sam.id]["position"] == "pursue"
        assert seen["positions"][alex.id]["position"] == "withdraw"
        assert "Sam" in seen["sentence"] and "Alex" in seen["sentence"]


def test_partner_private_moments_never_move_the_map(client):
    sam, alex = couple(client)
    for _ in range(4):
        moment(client, sam, visibility="partner", **PURSUE)
    before = cycle(client, sam)
    for _ in range(6):  # Alex's private side: invisible to Sam in every way
        moment(client, alex, **WITHDRAW)
    after = cycle(client, sam)
    assert after == before
    assert after["positions"][alex.id]["position"] == "unknown"
    assert alex.id in after["missing"]
    # Alex's own view uses Alex's private moments for Alex's side.
    assert cycle(client, alex)["positions"][alex.id]["position"] == "withdraw"


@pytest.mark.usefixtures("graphviz_dot")
def test_shared_structure_without_the_story_still_counts_but_hides_words(client):
    sam, alex = couple(client)
    secret = "grandmother's funeral"
    for _ in range(3):
        moment(client, alex, visibility="partner", keep_text_private=True,
               **{**WITHDRAW, "happened": f"It reminded me of my {secret}."})
    seen = cycle(client, sam)
    assert seen["positions"][alex.id]["position"] == "withdraw"
    assert secret not in str(seen)
    assert secret not in client.get("/api/v1/couples/current/cycle.svg", headers=sam.auth).text


def test_one_partner_alone_sees_their_side_and_what_is_missing(client):
    from tests.factories import sign_up

    solo = sign_up(client, "Robin")
    client.post("/api/v1/couples", headers=solo.auth)
    for _ in range(3):
        moment(client, solo, **PURSUE)
    seen = cycle(client, solo)
    assert seen["pattern"] == "unknown"
    assert seen["positions"][solo.id]["position"] == "pursue"


def test_sparse_moments_say_it_is_too_early(client):
    sam, alex = couple(client)
    moment(client, sam, visibility="partner", **PURSUE)
    moment(client, alex, visibility="partner", **WITHDRAW)
    seen = cycle(client, sam)
    assert seen["pattern"] == "unknown" and seen["reason"]


@pytest.mark.usefixtures("graphviz_dot")
def test_svg_is_a_picture_with_a_text_alternative(client):
    sam, _ = couple(client)
    response = client.get("/api/v1/couples/current/cycle.svg", headers=sam.auth)
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "<title" in response.text and "<desc" in response.text and "<script" not in response.text


def test_cycle_needs_login(client):
    assert client.get("/api/v1/couples/current/cycle").status_code == 401
