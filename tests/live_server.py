"""A real `between serve` in its own process, for tests that need one: a crash, concurrency."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.factories import PASSWORD

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """`between serve` on 127.0.0.1 over an already migrated database."""

    def __init__(self, database_url: str, var_dir: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = var_dir / "server.log"
        var_dir.mkdir(parents=True, exist_ok=True)
        self.env = os.environ | {"BETWEEN_DATABASE_URL": database_url, "BETWEEN_VAR_DIR": str(var_dir),
                                 "BETWEEN_SECRET_KEY": "live-test"} | env
        self.process: subprocess.Popen | None = None

    def start(self, seconds: float = 90) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen([BIN / "between", "serve", "--port", str(self.port)],
                                            env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, no buffer is flushed."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def sign_up(self, email: str) -> dict[str, str]:
        """A new account; the bearer header for it."""
        with httpx.Client(base_url=self.url, timeout=60) as http:
            created = http.post("/api/v1/accounts", json={"email": email, "password": PASSWORD,
                                                          "display_name": email.split("@")[0]})
            assert created.status_code == 202, created.text  # the same answer for a taken email
            token = http.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
            assert token.status_code == 200, token.text
        return {"Authorization": f"Bearer {token.json()['token']}"}
