"""A live server on SQLite and Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "BETWEEN_DATABASE_URL": f"sqlite:///{tmp_path}/between.db",
           "BETWEEN_VAR_DIR": str(tmp_path / "var")}
    between = [sys.executable, "-m", "between.cli"]
    subprocess.run([*between, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([*between, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"server did not start: {server.stderr.read().decode()[-2000:]}")
    yield url
    server.terminate()
    server.wait(10)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
