"""Logging out revokes the token it was sent with; expired tokens go; login limits hold whatever
address a client claims, and across emails; on several workers through Redis."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from between.people.models import AuthToken
from between.people.ratelimit import LoginLimiter, MemoryStore, RedisStore
from tests.factories import PASSWORD, sign_up

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
REDIS_URL = os.environ.get("BETWEEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _log_in(client, user, headers=None):
    return client.post("/api/v1/sessions", json={"email": user.email, "password": PASSWORD},
                       headers=headers or {})


def test_deleting_the_current_session_revokes_that_token_only(client):
    user = sign_up(client)
    other = _log_in(client, user).json()["token"]
    assert client.delete("/api/v1/sessions/current", headers=user.auth).status_code == 204
    assert client.get("/api/v1/me", headers=user.auth).status_code == 401
    assert client.delete("/api/v1/sessions/current", headers=user.auth).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200


@SQLITE_ONLY
def test_the_web_log_out_revokes_its_own_login(app, client, db_factory):
    from tests.web.test_pages import csrf

    user = sign_up(client)
    browser = TestClient(app)
    browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf(browser, "/login")}, follow_redirects=False)
    cookie = browser.cookies["between_session"]
    assert browser.get("/home").status_code == 200
    browser.post("/logout", data={"csrf_token": csrf(browser, "/home")}, follow_redirects=False)
    replayed = TestClient(app, cookies={"between_session": cookie})
    assert replayed.get("/home", follow_redirects=False).status_code == 303  # back to log in
    assert client.get("/api/v1/me", headers=user.auth).status_code == 200  # the API token stays


def test_expired_tokens_are_purged(client, db_factory):
    user = sign_up(client)
    with db_factory() as db:
        db.execute(update(AuthToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.commit()
    assert client.get("/api/v1/me", headers=user.auth).status_code == 401
    fresh = _log_in(client, user)
    assert fresh.status_code == 200
    with db_factory() as db:
        assert db.scalar(select(func.count()).select_from(AuthToken)) == 1  # only the new one


def test_a_forged_x_forwarded_for_never_resets_the_limit(tmp_path):
    """Through `between serve` itself: uvicorn once believed any X-Forwarded-For from 127.0.0.1."""
    import sys

    import httpx

    from tests.browser.conftest import running_server

    with running_server(tmp_path, [sys.executable, "-m", "between.cli"]) as url:
        assert httpx.post(f"{url}/api/v1/accounts", json={
            "email": "sam@example.org", "password": PASSWORD, "display_name": "Sam"}).status_code == 202
        statuses = [httpx.post(f"{url}/api/v1/sessions", headers={"X-Forwarded-For": f"203.0.113.{n}"},
                               json={"email": "sam@example.org", "password": "not the password"}
                               ).status_code for n in range(7)]
    assert statuses == [401] * 5 + [429] * 2


@SQLITE_ONLY
def test_a_named_proxy_is_believed_about_its_client(settings):
    from between.app import build_app

    # TestClient connects from "testclient": name it as the one trusted proxy.
    app = build_app(settings.model_copy(update={"trusted_proxies": "127.0.0.1"}))
    from between.people.ratelimit import client_address

    class Seen:
        def __init__(self, peer, forwarded):
            self.client = type("C", (), {"host": peer})()
            self.headers = {"x-forwarded-for": forwarded}
            self.app = app

    assert client_address(Seen("127.0.0.1", "198.51.100.7, 127.0.0.1")) == "198.51.100.7"
    assert client_address(Seen("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_address(Seen("192.0.2.9", "198.51.100.7")) == "192.0.2.9"  # not our proxy
    app.state.engine.dispose()


def test_a_bad_trusted_proxy_setting_fails_at_start(settings):
    from between.app import build_app

    with pytest.raises(ValueError):
        build_app(settings.model_copy(update={"trusted_proxies": "10.0.0.300"}))


@SQLITE_ONLY
def test_one_password_across_many_emails_is_limited(client):
    for n in range(20):
        response = client.post("/api/v1/sessions", json={
            "email": f"someone{n}@example.org", "password": "Summer2026!!"})
        assert response.status_code == 401, n
    sprayed = client.post("/api/v1/sessions", json={"email": "next@example.org",
                                                    "password": "Summer2026!!"})
    assert sprayed.status_code == 429
    assert sprayed.headers["content-type"] == "application/problem+json"


# --- the limiter itself, on both stores -----------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def stores(request):
    """A function making a store; two calls share state as two workers would."""
    if request.param == "memory":
        shared = MemoryStore()
        yield lambda: shared
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis must be reachable in CI: {exc}")
        pytest.skip(f"Redis not reachable: {exc}")
    prefix = f"between-test-{os.getpid()}-{uuid.uuid4().hex[:8]}:"
    yield lambda: RedisStore(redis.Redis.from_url(REDIS_URL, socket_timeout=3), prefix)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _limiter(store, clock, attempts=3, per_address=5):
    return LoginLimiter(store, attempts=attempts, per_address=per_address, window_seconds=60,
                        secret="test", clock=clock)


def test_windows_fill_across_workers_and_slide(stores):
    from between.errors import BetweenError

    clock = Clock()
    first, second = _limiter(stores(), clock), _limiter(stores(), clock)
    for worker in (first, second, first):
        worker.check("sam@example.org", "192.0.2.1", "wrong")
        worker.failed("sam@example.org", "192.0.2.1", "wrong")
    with pytest.raises(BetweenError) as refused:
        second.check("Sam@Example.org ", "192.0.2.1", "another")
    assert refused.value.status == 429 and "61 seconds" in refused.value.detail
    second.check("sam@example.org", "192.0.2.2", "another")  # another address may try
    clock.now += 61
    first.check("sam@example.org", "192.0.2.1", "another")  # the window slid past


def test_spraying_one_password_or_from_one_address_is_limited(stores):
    from between.errors import BetweenError

    clock = Clock()
    limiter = _limiter(stores(), clock)
    for n in range(5):
        limiter.failed(f"person{n}@example.org", f"192.0.2.{n}", "Summer2026!!")
    with pytest.raises(BetweenError):  # the same password from a sixth address
        limiter.check("person9@example.org", "198.51.100.1", "Summer2026!!")
    for n in range(5):
        limiter.failed(f"other{n}@example.org", "198.51.100.2", f"guess {n}")
    with pytest.raises(BetweenError):  # many emails from one address
        limiter.check("other9@example.org", "198.51.100.2", "guess 9")


def test_a_success_clears_only_the_persons_own_window(stores):
    from between.errors import BetweenError

    clock = Clock()
    limiter = _limiter(stores(), clock)
    for n in range(4):
        limiter.failed(f"victim{n}@example.org", "198.51.100.3", "guess")
    limiter.failed("me@example.org", "198.51.100.3", "typo")
    limiter.succeeded("me@example.org", "198.51.100.3", "right")
    with pytest.raises(BetweenError):  # the address's window still holds all five failures
        limiter.check("victim9@example.org", "198.51.100.3", "guess again")


def test_no_store_ever_holds_an_email_or_a_password(stores):
    store = stores()
    limiter = _limiter(store, Clock())
    limiter.failed("sam@example.org", "192.0.2.1", "my secret password")
    if isinstance(store, MemoryStore):
        keys = list(store._failures)
    else:
        keys = [k.decode() for k in store.client.scan_iter(f"{store.prefix}*")]
    assert len(keys) == 3
    assert not any("sam" in k or "secret" in k or "192.0.2.1" in k for k in keys)
