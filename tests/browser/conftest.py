"""A live server on SQLite and Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(tmp_path: Path, serve: list[str]) -> Iterator[str]:
    """`serve` (a command line that takes `serve --port N`) on a fresh SQLite database."""
    port = _free_port()
    env = {**os.environ, "BETWEEN_DATABASE_URL": f"sqlite:///{tmp_path}/between.db",
           "BETWEEN_VAR_DIR": str(tmp_path / "var")}
    subprocess.run([sys.executable, "-m", "between.cli", "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([*serve, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"server did not start: {server.stderr.read().decode()[-2000:]}")
    try:
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def live_server(tmp_path):
    with running_server(tmp_path, [sys.executable, "-m", "between.cli"]) as url:
        yield url


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
