"""How fast the slowest pages answer: `python benchmarks/page_speed.py [--rounds N]`.

Seeds the demo couple (Sam and Alex) into a fresh SQLite database, logs Sam in, and times the
cycle page, its two pictures, the progress page and the PDF report in-process (no network),
after one warm-up each. Prints the median and the slowest of N rounds per page, in ms.
Run it on two commits to compare (the figures depend on the machine and its load).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

PAGES = ["/cycle", "/cycle.svg", "/cycle/timeline.svg", "/progress", "/progress/report.pdf"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds

    from fastapi.testclient import TestClient

    from between.app import build_app
    from between.config import Settings
    from between.db.migrate import upgrade
    from between.demo import DEMO_PASSWORD, SAM, seed_demo

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder}/bench.db"
    upgrade(url)
    app = build_app(Settings(database_url=url, var_dir=folder / "var", secret_key="bench"))
    with app.state.sessionmaker() as db, db.begin():
        seed_demo(db)
    with TestClient(app) as client:
        page = client.get("/login").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/login", data={"email": SAM, "password": DEMO_PASSWORD, "csrf_token": token})
        print(f"{'page':24} {'median ms':>10} {'slowest ms':>11}  ({rounds} rounds, after a warm-up)")
        for path in PAGES:
            assert client.get(path).status_code == 200, path
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{path:24} {statistics.median(times):10.1f} {max(times):11.1f}")


if __name__ == "__main__":
    main()
