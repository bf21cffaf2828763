"""Load test: couples using Between at once, against a real server on 127.0.0.1.

Starts `between serve` on a fresh database (SQLite file, or a PostgreSQL schema of its own),
then drives it with Locust (headless, as a library): people sign up, pair into couples, log
in, record moments, open the cycle (JSON, diagram and page), coach a reach, take turns in the
softening conversation, check in and read their progress. Prints requests/s and p50/p95/p99
per endpoint, errors, the server's memory, and the host's load average.

    python benchmarks/load.py --database sqlite --users 40 --duration 60
    python benchmarks/load.py --database postgresql --workers 2 --users 50
    python benchmarks/load.py --database sqlite --steps 10,20,40,60   # find the saturation point
    python benchmarks/load.py --database postgresql --users 50 --compare-workers 1,2,3

Run it on a quiet machine: the load generator shares the cores with the server.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # Locust runs on gevent; patch before anything imports socket or ssl

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402
from gevent.queue import Queue  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("BETWEEN_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "load-test-password"
# What the targets call an analysis call: any request that runs the text encoder.
ANALYSIS = ("POST /api/v1/analyze", "POST /api/v1/coach/reach", "POST /api/v1/moments",
            "POST /api/v1/conversations/{id}/turns")
PAGE_P95_MS, ANALYSIS_P95_MS = 250, 400
TURNS = {"share": "When you went quiet after dinner, I felt scared and alone. I need to know I matter.",
         "reflect": "It sounds like you felt scared and alone when I went quiet after dinner.",
         "confirm": "Yes, that's it.",
         "respond": "I'm sorry. You matter to me, and I'm here. I want to hear how it felt.",
         "close": "What felt different was being heard instead of arguing."}


def _everyday_texts() -> list[str]:
    """The project's own labelled messages, without the risk corpus (that would pause couples)."""
    lines = (REPO / "data" / "corpus" / "register.jsonl").read_text().splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


TEXTS = _everyday_texts()
def _all_clear() -> dict[str, str]:
    """The private safety check-in answered with nothing that raises a concern."""
    from between.safety.screening import DECLINE, load_check_in

    return {q.id: next(v for v in q.values if v not in q.flag_when and v not in q.urgent_when
                       and v != DECLINE)
            for q in load_check_in().questions if q.asked_if is None}


PAIRING: Queue = Queue()  # invite codes from the partner who created the couple


class Partner(HttpUser):
    """One person: half create a couple and hand the invite to the next person, who joins."""

    wait_time = between(1, 3)  # think time between actions, as a person using the app has

    def on_start(self) -> None:
        self.email = f"p{random.getrandbits(48):012x}@load.example"
        self.post("/api/v1/accounts", {"email": self.email, "password": PASSWORD,
                                       "display_name": "Load"}, name="/api/v1/accounts")
        self.log_in()
        code = None if PAIRING.empty() else PAIRING.get()
        if code is None:
            made = self.post("/api/v1/couples", {})
            PAIRING.put(made.json()["invite_code"])
        else:
            self.post("/api/v1/couples/join", {"invite_code": code})
        # The softening conversation opens once both partners took the private check-in.
        self.post("/api/v1/safety/check-in", {"answers": _all_clear()})
        self.moment_ids: list[str] = []
        self.web_login()

    def post(self, path, body, name=None, **kwargs):
        return self.client.post(path, json=body, headers=self.auth(), name=name or path, **kwargs)

    def get(self, path, name=None, **kwargs):
        return self.client.get(path, headers=self.auth(), name=name or path, **kwargs)

    def auth(self) -> dict[str, str]:
        token = getattr(self, "token", None)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def log_in(self) -> None:
        self.token = None
        response = self.post("/api/v1/sessions", {"email": self.email, "password": PASSWORD})
        self.token = response.json()["token"]

    def web_login(self) -> None:
        form = self.client.get("/login", name="/login (page)").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        self.client.post("/login", data={"email": self.email, "password": PASSWORD, "csrf_token": csrf},
                         name="/login (page)", allow_redirects=False)

    @task(4)
    def record_moment(self) -> None:
        body = {"happened": random.choice(TEXTS), "intensity": random.randint(0, 10),
                "visibility": random.choice(["private", "partner"])}
        response = self.post("/api/v1/moments", body)
        if response.ok:
            self.moment_ids.append(response.json()["id"])

    @task(3)
    def list_moments(self) -> None:
        self.get("/api/v1/moments")

    @task(2)
    def read_moment(self) -> None:
        if self.moment_ids:
            self.get(f"/api/v1/moments/{random.choice(self.moment_ids)}", name="/api/v1/moments/{id}")

    @task(2)
    def cycle(self) -> None:
        self.get("/api/v1/couples/current/cycle")

    @task(1)
    def cycle_diagram(self) -> None:
        self.get("/api/v1/couples/current/cycle.svg")

    @task(2)
    def pages(self) -> None:
        for path in ("/home", "/moments", "/cycle"):
            self.client.get(path, name=f"{path} (page)")

    @task(2)
    def coach_reach(self) -> None:
        self.post("/api/v1/coach/reach", {"text": random.choice(TEXTS)})

    @task(1)
    def analyze(self) -> None:
        self.post("/api/v1/analyze", {"text": random.choice(TEXTS)})

    @task(3)
    def conversation(self) -> None:
        """Take my turn when it is mine; start one when none is open."""
        listed = self.get("/api/v1/conversations").json()
        open_ = [c for c in listed if c["status"] in ("active", "paused")]
        if not open_:
            with self.client.post("/api/v1/conversations", json={}, headers=self.auth(),
                                  name="/api/v1/conversations", catch_response=True) as response:
                if response.status_code == 409:  # my partner started one at the same moment
                    response.success()
            return
        conversation = open_[0]
        if conversation["status"] != "active" or not conversation["your_turn"]:
            return
        step = conversation["step"]
        body = {"text": TURNS[step]} | ({"confirmed": True} if step == "confirm" else {})
        with self.client.post(f"/api/v1/conversations/{conversation['id']}/turns", json=body,
                              headers=self.auth(), name="/api/v1/conversations/{id}/turns",
                              catch_response=True) as response:
            if response.status_code == 409:  # my partner moved first (a race the app refuses)
                response.success()

    @task(1)
    def check_in(self) -> None:
        answers = {str(i): random.randint(0, 5) for i in range(1, 5)}
        self.post("/api/v1/check-ins", {"instrument": "csi4", "answers": answers})

    @task(1)
    def progress(self) -> None:
        self.get("/api/v1/progress")

    @task(1)
    def new_login(self) -> None:
        self.log_in()


# --- the server under test ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    database: str
    workers: int
    url: str = ""
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)
    schema: str | None = None

    def start(self, workdir: Path) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        database_url = f"sqlite:///{workdir / 'between.db'}"
        if self.database == "postgresql":
            self.schema = f"between_load_{os.getpid()}_{port}"
            _postgres(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE; CREATE SCHEMA {self.schema}")
            database_url = f"{POSTGRES_URL}?options=-csearch_path%3D{self.schema}"
        self.env = os.environ | {"BETWEEN_DATABASE_URL": database_url, "BETWEEN_VAR_DIR": str(workdir),
                                 "BETWEEN_SECRET_KEY": "load-test"}
        subprocess.run([BIN / "between", "db", "upgrade"], env=self.env, check=True, capture_output=True)
        command = [BIN / "between", "serve", "--port", str(port)]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=open(workdir / "server.log", "w"))  # noqa: SIM115
        _wait_healthy(self.url, self.process)

    def rss_mb(self) -> float:
        """Resident memory of the server and its workers, in MB."""
        try:
            parent = psutil.Process(self.process.pid)
            return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 1e6
        except psutil.NoSuchProcess:
            return 0.0

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                print("the server did not stop within 60 s of SIGTERM; killed it", file=sys.stderr)
                self.process.kill()
                self.process.wait()
        if self.schema:
            _postgres(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def _postgres(sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url}/healthz within {seconds} s")


def _warm_up(url: str) -> None:
    """Load the model and templates once, so the first users do not pay for it."""
    import urllib.request

    request = urllib.request.Request(f"{url}/api/v1/analyze", data=json.dumps({"text": TEXTS[0]}).encode(),
                                     headers={"Content-Type": "application/json"})
    for _ in range(3):
        urllib.request.urlopen(request, timeout=60).read()


# --- one run and its figures ----------------------------------------------------------------


@dataclass
class Result:
    users: int
    workers: int
    seconds: float
    rows: list[dict]
    rss_start: float
    rss_peak: float
    rss_end: float
    load_average: tuple[float, float, float]

    @property
    def total(self) -> dict:
        return next(r for r in self.rows if r["name"] == "all")

    def p95_over(self, names_are_analysis: bool) -> float:
        chosen = [r for r in self.rows if r["name"] != "all" and (r["name"] in ANALYSIS) == names_are_analysis]
        return max((r["p95"] for r in chosen), default=0.0)


def run_load(database: str, users: int, seconds: float, workers: int, spawn_rate: float) -> Result:
    server = Server(database, workers)
    with tempfile.TemporaryDirectory(prefix="between-load-") as workdir:
        server.start(Path(workdir))
        try:
            _warm_up(server.url)
            rss_start = server.rss_mb()
            env = Environment(user_classes=[Partner], host=server.url)
            runner = env.create_local_runner()
            peak = [rss_start]

            def sample() -> None:
                while True:
                    peak[0] = max(peak[0], server.rss_mb())
                    gevent.sleep(1)

            sampler = gevent.spawn(sample)
            runner.start(users, spawn_rate=spawn_rate)
            started = time.monotonic()
            gevent.sleep(seconds)
            runner.quit()
            elapsed = time.monotonic() - started
            sampler.kill()
            rows = [_row(entry, elapsed) for entry in sorted(env.stats.entries.values(),
                                                              key=lambda e: e.name)]
            rows.append(_row(env.stats.total, elapsed, "all"))
            errors = {f"{e.method} {e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()}
            result = Result(users, workers, elapsed, rows, rss_start, peak[0], server.rss_mb(),
                            os.getloadavg())
            result.errors = errors
            result.server_errors = _exceptions(Path(workdir) / "server.log")
            if result.server_errors and os.environ.get("BETWEEN_LOAD_LOG"):
                Path(os.environ["BETWEEN_LOAD_LOG"]).write_text((Path(workdir) / "server.log").read_text())
            return result
        finally:
            server.stop()


def _exceptions(log: Path) -> dict[str, int]:
    """The last line of each traceback the server logged, counted."""
    found: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        if re.match(r"^[\w.]+(Error|Exception)\b.*:", line):
            found[line[:200]] = found.get(line[:200], 0) + 1
    return found


def _row(entry, elapsed: float, name: str | None = None) -> dict:
    return {"name": name or f"{entry.method} {entry.name}", "requests": entry.num_requests,
            "failures": entry.num_failures, "rps": entry.num_requests / elapsed,
            **{f"p{q}": entry.get_response_time_percentile(q / 100) or 0.0 for q in (50, 95, 99)}}


def print_result(result: Result, database: str) -> None:
    print(f"\n{database}, {result.workers} worker(s), {result.users} users "
          f"({result.users // 2} couples), {result.seconds:.0f} s; load average after "
          f"{result.load_average[0]:.2f} {result.load_average[1]:.2f} {result.load_average[2]:.2f}")
    print(f"{'endpoint':<48}{'reqs':>7}{'errors':>7}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  ms")
    for row in result.rows:
        print(f"{row['name'][:47]:<48}{row['requests']:>7}{row['failures']:>7}{row['rps']:>8.1f}"
              f"{row['p50']:>7.0f}{row['p95']:>7.0f}{row['p99']:>7.0f}")
    for error, count in result.errors.items():
        print(f"  error x{count}: {error[:160]}")
    for line, count in result.server_errors.items():
        print(f"  server log x{count}: {line}")
    pages, analysis = result.p95_over(False), result.p95_over(True)
    print(f"worst p95: pages {pages:.0f} ms (target {PAGE_P95_MS}), analysis calls {analysis:.0f} ms "
          f"(target {ANALYSIS_P95_MS}); errors {result.total['failures']}")
    print(f"server memory: {result.rss_start:.0f} MB after warm-up, peak {result.rss_peak:.0f} MB, "
          f"{result.rss_end:.0f} MB at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--users", type=int, default=40, help="people at once (two per couple)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--spawn-rate", type=float, default=5, help="people starting per second")
    parser.add_argument("--steps", help="comma-separated user counts: one run each, to find saturation")
    parser.add_argument("--compare-workers", help="comma-separated worker counts at --users")
    parser.add_argument("--json", dest="json_path", help="also write every run's figures here")
    args = parser.parse_args()
    if args.database == "sqlite" and (args.workers > 1 or args.compare_workers):
        parser.error("SQLite runs as one process: several workers need PostgreSQL")
    runs = []
    if args.compare_workers:
        plan = [(args.users, int(w)) for w in args.compare_workers.split(",")]
    elif args.steps:
        plan = [(int(u), args.workers) for u in args.steps.split(",")]
    else:
        plan = [(args.users, args.workers)]
    for users, workers in plan:
        result = run_load(args.database, users, args.duration, workers, args.spawn_rate)
        print_result(result, args.database)
        runs.append(result)
    if len(runs) > 1:
        _summary(runs, by_workers=bool(args.compare_workers))
    if args.json_path:
        Path(args.json_path).write_text(json.dumps([r.__dict__ for r in runs], indent=2, default=str))
    if any(r.total["failures"] for r in runs):
        sys.exit(1)


def _summary(runs: list[Result], by_workers: bool) -> None:
    print("\nsummary")
    print(f"{'users':>6}{'workers':>8}{'req/s':>8}{'errors':>8}{'p95 pages':>11}{'p95 analysis':>14}")
    for run in runs:
        print(f"{run.users:>6}{run.workers:>8}{run.total['rps']:>8.1f}{run.total['failures']:>8}"
              f"{run.p95_over(False):>11.0f}{run.p95_over(True):>14.0f}")
    if by_workers:
        base = runs[0].total["rps"]
        for run in runs[1:]:
            print(f"{run.workers} workers: {run.total['rps'] / base:.2f}x the throughput of {runs[0].workers}")
    else:
        within = [r for r in runs if not r.total["failures"] and r.p95_over(False) <= PAGE_P95_MS
                  and r.p95_over(True) <= ANALYSIS_P95_MS]
        print(f"saturation: the targets hold up to {within[-1].users if within else 'none'} of the steps "
              f"tried; beyond that p95 or errors pass them")


if __name__ == "__main__":
    main()
