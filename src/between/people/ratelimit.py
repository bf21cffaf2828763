"""Login rate limiting: sliding windows of failed logins, refused before a password is checked.

Three windows, each keyed by a digest (no store ever holds an email or a password):
- one email from one address: `login_attempts` failures (guessing one person's password);
- one address, whatever the email, and one password, whatever the email or address:
  `login_attempts_per_address` failures (one password sprayed across many emails).
Kept in Redis when BETWEEN_REDIS_URL is set, so every worker shares them; otherwise in this
process's memory. The address is the connecting one (see `client_address`).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import time
from collections import defaultdict, deque
from collections.abc import Callable
from ipaddress import ip_address
from threading import Lock
from typing import Protocol

from starlette.requests import Request

from between.config import Settings
from between.errors import too_many


class FailureStore(Protocol):
    def recent(self, key: str, now: float, window: int) -> tuple[int, float | None]:
        """How many failures under `key` in the window ending `now`, and when the oldest was."""

    def add(self, key: str, now: float, window: int) -> None: ...

    def clear(self, key: str) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = Lock()

    def recent(self, key: str, now: float, window: int) -> tuple[int, float | None]:
        with self._lock:
            failures = self._failures[key]
            while failures and now - failures[0] > window:
                failures.popleft()
            if not failures:
                del self._failures[key]  # memory stays bounded by the failures of one window
                return 0, None
            return len(failures), failures[0]

    def add(self, key: str, now: float, window: int) -> None:
        with self._lock:
            self._failures[key].append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class RedisStore:
    """One sorted set per key (score: when), trimmed to the window and expiring after it."""

    def __init__(self, client, prefix: str) -> None:
        self.client, self.prefix = client, prefix
        self._ids = itertools.count()

    def recent(self, key: str, now: float, window: int) -> tuple[int, float | None]:
        name = self.prefix + key
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(name, "-inf", now - window)
        pipe.zrange(name, 0, 0, withscores=True)
        pipe.zcard(name)
        _, oldest, count = pipe.execute()
        return count, oldest[0][1] if oldest else None

    def add(self, key: str, now: float, window: int) -> None:
        name = self.prefix + key
        pipe = self.client.pipeline()
        pipe.zadd(name, {f"{now}:{id(self)}:{next(self._ids)}": now})
        pipe.expire(name, window + 1)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.client.delete(self.prefix + key)


class LoginLimiter:
    def __init__(self, store: FailureStore, *, attempts: int, per_address: int,
                 window_seconds: int, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.store, self.window, self.clock = store, window_seconds, clock
        self.attempts, self.per_address = attempts, per_address
        self._secret = secret.encode()

    def check(self, email: str, address: str, password: str) -> None:
        """Refuse before the password is even checked once any window is full."""
        now = self.clock()
        for key, limit in self._windows(email, address, password):
            count, oldest = self.store.recent(key, now, self.window)
            if count >= limit:
                wait = int(self.window - (now - oldest)) + 1
                raise too_many(f"Too many failed logins. Try again in {wait} seconds.")

    def failed(self, email: str, address: str, password: str) -> None:
        now = self.clock()
        for key, _ in self._windows(email, address, password):
            self.store.add(key, now, self.window)

    def succeeded(self, email: str, address: str, password: str) -> None:
        # Only this person's window: logging in to one's own account must not reset the
        # windows an attacker fills from the same address or with the same password.
        self.store.clear(self._windows(email, address, password)[0][0])

    def _windows(self, email: str, address: str, password: str) -> list[tuple[str, int]]:
        return [(self._key("email", email.strip().lower(), address), self.attempts),
                (self._key("address", address), self.per_address),
                (self._key("password", password), self.per_address)]

    def _key(self, kind: str, *parts: str) -> str:
        material = "\0".join((kind, *parts)).encode("utf-8", "surrogatepass")
        return f"login:{kind}:" + hmac.new(self._secret, material, hashlib.sha256).hexdigest()[:32]


def make_login_limiter(settings: Settings) -> LoginLimiter:
    _addresses(settings.trusted_proxies)  # a typo in the setting fails at start
    store: FailureStore = MemoryStore()
    if settings.redis_url:
        import redis

        store = RedisStore(redis.Redis.from_url(settings.redis_url, socket_timeout=5),
                           settings.redis_prefix)
    return LoginLimiter(store, attempts=settings.login_attempts,
                        per_address=settings.login_attempts_per_address,
                        window_seconds=settings.login_window_seconds,
                        secret=settings.resolved_secret_key())


def client_address(request: Request) -> str:
    """The connecting address; behind a proxy named in BETWEEN_TRUSTED_PROXIES, the address
    that proxy saw (the right-most X-Forwarded-For entry that is not itself a trusted proxy).
    Anyone else's X-Forwarded-For is ignored: a client could name any address it likes."""
    peer = request.client.host if request.client else "unknown"
    trusted = _addresses(request.app.state.settings.trusted_proxies)
    if peer not in trusted:
        return peer
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    for hop in reversed(forwarded):
        if hop not in trusted:
            return hop
    return peer


def _addresses(setting: str) -> set[str]:
    found = set()
    for part in filter(None, (p.strip() for p in setting.split(","))):
        found.add(str(ip_address(part)))
    return found
