"""Login rate limiting: a sliding window of failures per email and address.

Kept in memory: Between runs as one process on one machine. A hosted deployment with several
workers would move this to Redis.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from threading import Lock

from between.errors import too_many


class LoginLimiter:
    def __init__(self, attempts: int, window_seconds: int, clock=time.monotonic) -> None:
        self.attempts, self.window, self.clock = attempts, window_seconds, clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = Lock()

    def check(self, email: str, address: str) -> None:
        """Refuse before the password is even checked once the window is full."""
        with self._lock:
            failures = self._recent(email, address)
            if len(failures) >= self.attempts:
                wait = int(self.window - (self.clock() - failures[0])) + 1
                raise too_many(f"Too many failed logins. Try again in {wait} seconds.")

    def failed(self, email: str, address: str) -> None:
        with self._lock:
            self._recent(email, address).append(self.clock())

    def succeeded(self, email: str, address: str) -> None:
        with self._lock:
            self._failures.pop((email.strip().lower(), address), None)

    def _recent(self, email: str, address: str) -> deque[float]:
        failures = self._failures[(email.strip().lower(), address)]
        while failures and self.clock() - failures[0] > self.window:
            failures.popleft()
        return failures
