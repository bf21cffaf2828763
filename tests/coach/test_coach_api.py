"""POST /api/v1/coach/reach and /coach/reply: the contract, login, and the safety gate."""

from __future__ import annotations

from tests.factories import sign_up

DRAFT = "You're always on your phone at dinner. Could you put it away when we eat?"


def test_reach_contract(client):
    sam = sign_up(client, "Sam")
    body = client.post("/api/v1/coach/reach", json={"text": DRAFT}, headers=sam.auth).json()
    assert {"register", "evidence", "deeper_feelings", "needs", "suggestion"} <= set(body)
    assert body["register"] in ("criticism", "complaint")  # either is fair; the model decides
    assert any(e["field"] == "register" and "always" in e["text"] for e in body["evidence"])
    assert any(DRAFT[e["start"]:e["end"]] == e["text"] for e in body["evidence"])
    assert body["suggestion"]["text"].endswith("Could you put it away when we eat?")


def test_reach_is_null_for_a_reach(client):
    sam = sign_up(client, "Sam")
    body = client.post("/api/v1/coach/reach", json={"text": "I feel scared that I don't matter "
                                                            "to you."}, headers=sam.auth).json()
    assert body["register"] == "vulnerable" and body["suggestion"] is None


def test_reply_contract(client):
    sam = sign_up(client, "Sam")
    body = client.post("/api/v1/coach/reply", headers=sam.auth, json={
        "share": "I feel alone when you go quiet.", "reply": "Calm down, it's nothing."}).json()
    assert {"quality", "are", "empathy", "evidence", "alternatives"} <= set(body)
    assert body["quality"] == "dismissive"
    assert [a["kind"] for a in body["alternatives"]] == [
        "reflect", "validate", "ask", "reassure", "stay_present"]
    assert any(f["kind"] == "dismissive" for f in body["flags"])


def test_coaching_needs_login_and_good_input(client, db_state):
    before = db_state()
    assert client.post("/api/v1/coach/reach", json={"text": DRAFT}).status_code == 401
    sam = sign_up(client, "Sam")
    before = db_state()
    for path, body in (("/api/v1/coach/reach", {"text": ""}),
                       ("/api/v1/coach/reach", {"text": "x" * 5001}),
                       ("/api/v1/coach/reach", {"text": "hi", "extra": 1}),
                       ("/api/v1/coach/reply", {"share": "hi"})):
        response = client.post(path, json=body, headers=sam.auth)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
    assert db_state() == before


def test_coaching_stores_nothing_but_risk_opens_the_writers_own_safety_state(client, db_state):
    sam = sign_up(client, "Sam")
    before = db_state()
    client.post("/api/v1/coach/reach", json={"text": DRAFT}, headers=sam.auth)
    assert db_state() == before
    client.post("/api/v1/coach/reach", json={"text": "I'm scared of him. He hit me."},
                headers=sam.auth)
    status = client.get("/api/v1/safety/status", headers=sam.auth).json()
    assert status["risk_active"] is True


def test_a_reach_is_analysed_once_for_its_coaching_and_the_safety_gate(client, analysis_calls,
                                                                        monkeypatch):
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "both")  # as shipped (see conftest)
    sam = sign_up(client, "Sam")
    analysis_calls.clear()
    response = client.post("/api/v1/coach/reach", json={"text": DRAFT}, headers=sam.auth)
    assert response.status_code == 200 and response.json()["suggestion"]
    assert analysis_calls == [([DRAFT], "both")]


def test_openapi_documents_the_contract(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/coach/reach", "/api/v1/coach/reply", "/api/v1/conversations",
                 "/api/v1/conversations/{conversation_id}",
                 "/api/v1/conversations/{conversation_id}/turns"):
        assert path in paths
    assert "409" in paths["/api/v1/conversations/{conversation_id}/turns"]["post"]["responses"]
