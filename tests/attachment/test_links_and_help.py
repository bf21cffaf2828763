"""What a reflection links to, for its writer alone: their own moments (raw spots, usual move),
their own ECR results in plain words, and individual help where the words tell of old hurt."""

from __future__ import annotations

import re

import pytest

from tests.factories import couple, moment, sign_up

GUIDE = "/api/v1/attachment/guide"
REFLECTIONS = "/api/v1/attachment/reflections"
# ECR-S: anxiety items 2 4 6 8 10 12 (8 reverse-keyed), avoidance 1 3 5 7 9 11 (1 5 9 reversed).
WORRY_HIGH = {"1": 7, "2": 7, "3": 1, "4": 7, "5": 7, "6": 7, "7": 1, "8": 1, "9": 7, "10": 7,
              "11": 1, "12": 7}  # anxiety 7, avoidance 1
DISTANCE_HIGH = {str(n): 8 - v for n, v in WORRY_HIGH.items()}  # anxiety 1, avoidance 7
LABELS = re.compile(r"\b(anxious|avoidant|secure|fearful|disorder|insecure|attachment style)\b", re.I)


@pytest.fixture
def two(client):
    sam, alex = couple(client)
    for text in ("I kept asking what was wrong and Alex went quiet.",
                 "Alex said nothing at dinner and I followed her to the kitchen.",
                 "I texted again and again; the silence felt like being shut out."):
        moment(client, sam, happened=text, protective_move="pushed for a response",
               deeper_feeling="lonely")  # private: Sam's own
    for text in ("We argued about money and I went to the garage.",
                 "I shut down when the dishes came up again.",
                 "The dishes again; I left the room."):
        moment(client, alex, happened=text, protective_move="withdrew", visibility="partner")
    return sam, alex


def test_the_echo_comes_from_the_persons_own_moments_only(client, two):
    sam, alex = two
    mine = client.get(GUIDE, headers=sam.auth).json()["echoes"]
    assert (mine["moment_count"], mine["position"]) == (3, "pursue")
    assert "pushed for a response" in mine["position_words"]
    assert "reaches harder" in mine["position_words"]
    assert mine["feeling"] == "alone"  # the vocabulary's word for lonely
    titles = [title for title, _ in mine["raw_spots"]]
    assert "The silence that feels like being shut out" in titles
    assert not any("dishes" in t.lower() or "housework" in t.lower() for t in titles)  # Alex's
    theirs = client.get(GUIDE, headers=alex.auth).json()["echoes"]
    assert (theirs["moment_count"], theirs["position"]) == (3, "withdraw")
    assert "Housework and who does what" in [title for title, _ in theirs["raw_spots"]]
    assert not any("shut out" in t for t, _ in theirs["raw_spots"])  # Sam's are private
    assert theirs["feeling"] is None  # Sam's "lonely" is not Alex's


def test_someone_without_moments_is_invited_to_record_one(client):
    solo = sign_up(client, "Robin")
    echoes = client.get(GUIDE, headers=solo.auth).json()["echoes"]
    assert echoes["position"] == "unknown" and echoes["moment_count"] == 0
    assert "haven't recorded a moment" in echoes["position_words"]
    assert client.get(GUIDE, headers=solo.auth).json()["ecr"] is None


@pytest.mark.parametrize("answers, says", [
    (WORRY_HIGH, "the worry about mattering ran stronger"),
    (DISTANCE_HIGH, "the wish to keep some distance ran stronger"),
])
def test_the_ecr_is_linked_in_plain_words_never_as_a_label(client, two, answers, says):
    sam, alex = two
    taken = client.post("/api/v1/check-ins", headers=sam.auth,
                        json={"instrument": "ecr_s", "answers": answers})
    assert taken.status_code == 201, taken.text
    ecr = client.get(GUIDE, headers=sam.auth).json()["ecr"]
    text = " ".join(ecr["words"])
    assert ecr["short_title"] == "ECR-S" and says in text
    assert "not a type or a diagnosis" in text
    assert not LABELS.search(text)
    if answers is WORRY_HIGH:
        assert (ecr["anxiety"], ecr["avoidance"]) == (7.0, 1.0)
        assert "Your moments tell a similar story: you most often pushed for a response." in text
    else:
        assert "don't have to match" in text
    # Shared with the partner or not, Sam's results never link into Alex's story.
    client.patch(f"/api/v1/check-ins/{taken.json()['id']}", headers=sam.auth,
                 json={"visibility": "partner"})
    assert client.get(GUIDE, headers=alex.auth).json()["ecr"] is None


def test_old_hurt_leads_the_writer_alone_to_individual_help(client, two):
    sam, alex = two
    story = client.post(REFLECTIONS, headers=sam.auth, json={
        "answers": {"comfort": "Nobody came when I cried. I was neglected and it still hurts."},
        "visibility": "partner", "finished": True})
    assert story.status_code == 201, story.text
    found = story.json()["help"]
    assert found["topics"] == ["trauma"] and "neglected" in found["because"]
    assert [r["id"] for r in found["recommendations"]] == ["trauma_alongside"]
    seen = client.get(f"{REFLECTIONS}/{story.json()['id']}", headers=alex.auth).json()
    assert seen["help"] is None  # the partner reads the words, never the help
    assert "trauma" not in str(client.get(REFLECTIONS, headers=alex.auth).json())
    assert "trauma_alongside" not in client.get("/api/v1/export", headers=sam.auth).text  # not stored


def test_long_standing_loneliness_and_negated_words(client):
    solo = sign_up(client, "Robin")
    story = client.post(REFLECTIONS, headers=solo.auth, json={
        "answers": {"closeness": "My parents never hit me.", "echoes": "I have always felt alone."}})
    found = story.json()["help"]
    assert found["topics"] == ["long_standing_disconnection"]  # "never hit me" does not count
    assert [r["id"] for r in found["recommendations"]] == ["disconnection_alongside"]
    calm = client.post(REFLECTIONS, headers=solo.auth,
                       json={"answers": {"closeness": "My grandmother read to me every night."}})
    assert calm.json()["help"] is None


def test_the_pages_show_the_echo_and_the_help_to_the_writer_alone(app, client, two):
    from tests.attachment.test_reflection_pages import logged_in, post, start

    sam, alex = two
    browser = logged_in(app, sam)
    story = start(browser)
    echo = browser.get(f"/attachment/{story}/step/echoes").text
    assert "From your own moments" in echo and "pushed for a response" in echo
    assert "The silence that feels like being shut out" in echo
    assert "/check-ins/ecr_s" in echo  # not taken yet: an invitation
    post(browser, f"/attachment/{story}/step/comfort", text="I was always walking on eggshells.",
         go="next")
    assert "Something that may help, just for you" in browser.get(f"/attachment/{story}/step/learned").text
    post(browser, f"/attachment/{story}/finish", visibility="partner")
    mine = browser.get(f"/attachment/{story}").text
    assert "What it may connect to" in mine and "Something that may help" in mine
    theirs = logged_in(app, alex).get(f"/attachment/{story}").text
    assert "walking on eggshells" in theirs
    assert "Something that may help" not in theirs and "What it may connect to" not in theirs
    assert "pushed for a response" not in theirs
