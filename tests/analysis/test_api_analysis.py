"""POST /api/v1/analyze and /api/v1/analyze/reply over a tiny app holding only this router."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from between.analysis import taxonomy
from between.api.analysis import MAX_BODY_BYTES, learned_layer, router
from between.api.problems import install_problem_handlers


class UniformModel:
    """A learned layer with no opinion, so the cues decide."""

    def message_scores(self, texts, sentences=None):
        return [
            {"register": dict.fromkeys(taxonomy.REGISTERS, 1 / 7),
             "risk": dict.fromkeys(("any", *taxonomy.RISK_KINDS), 0.01),
             "emotions": dict.fromkeys(taxonomy.GOEMOTIONS, 0.1),
             "deeper_feelings": dict.fromkeys(taxonomy.DEEPER_FEELINGS, 0.1),
             "needs": dict.fromkeys(taxonomy.NEEDS, 0.1)}
            for _ in texts
        ]  # fmt: skip

    def reply_scores(self, shares, replies, sentences=None):
        return [
            {"quality": dict.fromkeys(taxonomy.REPLY_QUALITIES, 1 / 6),
             "are": dict.fromkeys(taxonomy.ARE_DIMENSIONS, 0.5),
             "empathy": {m: [1 / 3] * 3 for m in taxonomy.EMPATHY_MECHANISMS}}
            for _ in replies
        ]  # fmt: skip


@pytest.fixture
def client():
    app = FastAPI()
    app.include_router(router)
    install_problem_handlers(app, page=lambda request, exc: None)
    app.dependency_overrides[learned_layer] = UniformModel
    return TestClient(app)


def test_analyze_returns_register_risk_and_evidence(client):
    response = client.post("/api/v1/analyze", json={"text": "you never listen, you're so selfish"})
    assert response.status_code == 200
    body = response.json()
    assert body["register"]["label"] == "criticism"
    assert set(body["register"]["probabilities"]) == set(taxonomy.REGISTERS)
    assert body["risk"] == {"flag": False, "kinds": [], "offer": False, "score": body["risk"]["score"]}
    text = "you never listen, you're so selfish"
    assert all(text[e["start"] : e["end"]] == e["text"] for e in body["evidence"])


def test_analyze_flags_risk_but_not_figurative_speech(client):
    risky = client.post("/api/v1/analyze", json={"text": "he choked me last night"}).json()
    assert risky["risk"]["flag"] and risky["risk"]["kinds"] == ["violence"]
    coffee = client.post("/api/v1/analyze", json={"text": "I could kill for a coffee"}).json()
    assert not coffee["risk"]["flag"]


def test_layers_query_parameter(client):
    body = client.post("/api/v1/analyze?layers=cues", json={"text": "whatever."}).json()
    assert body["layers"] == "cues" and body["register"]["label"] == "withdrawal"


def test_analyze_reply(client):
    payload = {"share": "I felt invisible at dinner", "reply": "that makes sense. what was that like?"}
    response = client.post("/api/v1/analyze/reply", json=payload)
    assert response.status_code == 200
    body = response.json()
    assert body["quality"]["label"] == "responsive"
    assert set(body["are"]) == set(taxonomy.ARE_DIMENSIONS)
    assert set(body["empathy"]) == set(taxonomy.EMPATHY_MECHANISMS)


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/analyze", {"text": "  "}, "text"),
        ("/api/v1/analyze", {"text": "x" * 5001}, "text"),
        ("/api/v1/analyze/reply", {"share": "I felt alone", "reply": ""}, "reply"),
    ],
)
def test_bad_text_is_problem_json_naming_the_field(client, path, payload, field):
    response = client.post(path, json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == field


def test_missing_field_is_a_validation_problem(client):
    response = client.post("/api/v1/analyze", json={})
    assert response.status_code == 422


def test_oversized_body_is_refused_before_parsing(client):
    response = client.post("/api/v1/analyze", content=b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}',
                           headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 413


def test_openapi_documents_both_routes_with_models(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/analyze", "/api/v1/analyze/reply"):
        post = schema["paths"][path]["post"]
        assert "requestBody" in post and "200" in post["responses"]
    assert {"MessageAnalysis", "ReplyAnalysis", "Evidence"} <= set(schema["components"]["schemas"])
