"""Helpers for the coach tests: a softening conversation driven through the API."""

from __future__ import annotations

import pytest

from tests.factories import couple, screened

SHARE = "When you went quiet after dinner, I felt scared and alone. I need to know I matter to you."
REFLECT = "It sounds like you felt scared and alone when I went quiet after dinner."
RESPOND = "I'm so sorry. You matter to me, and I'm here. I want to hear how it felt for you."
CLOSE = "What felt different was being heard instead of arguing."


def post_turn(client, conversation_id, user, text, confirmed=None):
    body = {"text": text} if confirmed is None else {"text": text, "confirmed": confirmed}
    return client.post(f"/api/v1/conversations/{conversation_id}/turns", json=body,
                       headers=user.auth)


def one_round(client, conversation_id, speaker, listener):
    for user, text, confirmed in ((speaker, SHARE, None), (listener, REFLECT, None),
                                  (speaker, "Yes, that's it.", True), (listener, RESPOND, None)):
        response = post_turn(client, conversation_id, user, text, confirmed)
        assert response.status_code == 201, response.text


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    """Screen written text with the cue layer alone, as tests/safety does for its privacy tests.

    The coach tests are about coaching and turn-taking; with the learned risk head's recall-first
    threshold, ordinary reaches ("I felt scared and alone") can open a safety state and pause
    the conversation, which would make these tests depend on the model. Risk itself is still
    exercised here with explicit words the cue layer flags.
    """
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


@pytest.fixture
def partners(client):
    return couple(client)


@pytest.fixture
def started(client, partners):
    sam, alex = partners
    screened(client, sam, alex)
    response = client.post("/api/v1/conversations", headers=sam.auth)
    assert response.status_code == 201, response.text
    return response.json()["id"], sam, alex
