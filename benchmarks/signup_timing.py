"""Does signing up take as long for a taken email as for a new one? (It must not tell.)

Runs the real app in process on a fresh SQLite file with the real password hashing, and prints
the median time of POST /api/v1/accounts for new emails and for taken ones.

    python benchmarks/signup_timing.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from between.app import build_app
from between.config import Settings
from between.db.migrate import upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'between.db'}"
        upgrade(url)
        app = build_app(Settings(database_url=url, var_dir=Path(tmp) / "var", secret_key="bench"))
        with TestClient(app) as client:
            times: dict[str, list[float]] = {"new": [], "taken": []}
            for n in range(rounds):
                for kind in ("new", "taken"):  # interleaved: the host's speed drifts
                    email = f"person{n}@example.org" if kind == "new" else "person0@example.org"
                    started = time.perf_counter()
                    answer = client.post("/api/v1/accounts", json={
                        "email": email, "password": "a long enough password", "display_name": "P"})
                    times[kind].append(time.perf_counter() - started)
                    assert answer.status_code == 202, answer.text
        app.state.engine.dispose()
    for kind, values in times.items():
        print(f"{kind:>5} email: median {statistics.median(values) * 1000:.0f} ms "
              f"over {len(values)} sign-ups (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")


if __name__ == "__main__":
    main()
