"""Accounts and sessions over the API, and every way sign-up and log-in can be refused."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, sign_up

PROBLEM = "application/problem+json"


def test_health(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_sign_up_log_in_and_see_me(client):
    created = client.post("/api/v1/accounts", json={
        "email": "Sam@Example.org", "password": PASSWORD, "display_name": "Sam"})
    assert created.status_code == 202
    assert created.json()["email"] == "sam@example.org"
    assert PASSWORD not in created.text
    token = client.post("/api/v1/sessions", json={"email": "sam@example.org",
                                                  "password": PASSWORD}).json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["display_name"] == "Sam"
    assert me.json()["role"] == "partner"


def test_password_is_stored_as_argon2id(client, db_factory):
    from between.people.models import Person

    user = sign_up(client)
    with db_factory() as db:
        stored = db.get(Person, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize("body, field", [
    ({"email": "not-an-email", "password": PASSWORD, "display_name": "A"}, "email"),
    ({"email": "a@example.org", "password": "short", "display_name": "A"}, "password"),
    ({"email": "a@example.org", "password": PASSWORD, "display_name": "   "}, "display_name"),
    ({"email": "a@example.org", "password": PASSWORD, "display_name": "x" * 81}, "display_name"),
    ({"email": "a@example.org", "password": PASSWORD, "display_name": 7}, "display_name"),
    ({"email": "a@example.org", "password": PASSWORD}, "display_name"),
    ({"email": "a@example.org", "password": PASSWORD, "display_name": "A", "admin": True}, "admin"),
])
def test_bad_sign_up_names_the_field_and_writes_nothing(client, db_state, body, field):
    before = db_state()
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in response.json()["errors"]]
    assert db_state() == before


def test_malformed_json_is_a_400_problem(client, db_state):
    before = db_state()
    response = client.post("/api/v1/accounts", content=b'{"email": ',
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Malformed JSON"
    assert db_state() == before


def test_signing_up_with_a_taken_email_answers_exactly_like_a_new_one(client, db_state,
                                                                      monkeypatch):
    """Never tell who has an account: same status, same body, the same password hashing."""
    from between.people import accounts

    hashed = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda p: hashed.append(p) or real(p))
    user = sign_up(client)
    before = db_state()
    taken = client.post("/api/v1/accounts", json={
        "email": user.email.upper(), "password": "another long password", "display_name": "Twin"})
    fresh = client.post("/api/v1/accounts", json={
        "email": "fresh@example.org", "password": "another long password", "display_name": "Twin"})
    assert taken.status_code == fresh.status_code == 202
    assert taken.json()["detail"] == fresh.json()["detail"]
    assert taken.json()["email"] == user.email
    assert hashed == [PASSWORD, "another long password", "another long password"]
    # The taken email's account is unchanged: its password still logs in, the new one does not.
    assert client.post("/api/v1/sessions", json={"email": user.email, "password": PASSWORD}
                       ).status_code == 200
    assert client.post("/api/v1/sessions", json={
        "email": user.email, "password": "another long password"}).status_code == 401
    after = db_state()
    assert after["people"] != before["people"]  # fresh@ was created
    assert len(after["people"]) == len(before["people"]) + 1


@pytest.mark.parametrize("password, message", [
    (" " * 10, "must not be only spaces"),
    ("\t \n  " * 3, "must not be only spaces"),
    ("   short   ", "at least 10 characters"),
])
def test_a_blank_or_short_password_is_refused_with_a_clear_message(client, db_state, password,
                                                                   message):
    before = db_state()
    response = client.post("/api/v1/accounts", json={
        "email": "sam@example.org", "password": password, "display_name": "Sam"})
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert problem["field"] == "password" and message in problem["message"]
    assert db_state() == before


def test_wrong_password_is_401_and_does_not_say_which_part_was_wrong(client):
    user = sign_up(client)
    wrong = client.post("/api/v1/sessions", json={"email": user.email, "password": "nope nope nope"})
    unknown = client.post("/api/v1/sessions", json={"email": "who@example.org",
                                                    "password": "nope nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_login_is_rate_limited(client):
    user = sign_up(client)
    for _ in range(5):
        assert client.post("/api/v1/sessions", json={"email": user.email,
                                                     "password": "wrong password"}).status_code == 401
    blocked = client.post("/api/v1/sessions", json={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
def test_me_needs_a_valid_bearer_token(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


def test_web_login_cookie_is_not_an_api_token(client):
    user = sign_up(client)
    page = client.get("/login")
    csrf = page.cookies.get("between_csrf") or client.cookies.get("between_csrf")
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf},
                follow_redirects=False)
    web_token = client.cookies.get("between_session")
    assert web_token
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {web_token}"}).status_code == 401


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/accounts", "/api/v1/sessions", "/api/v1/me", "/api/v1/couples",
                 "/api/v1/couples/join", "/api/v1/couples/current", "/api/v1/export",
                 "/api/v1/moments", "/api/v1/moments/{moment_id}"):
        assert path in spec["paths"], path
