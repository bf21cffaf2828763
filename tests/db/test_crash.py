"""SIGKILL the server in the middle of a stream of writes: after a restart every acknowledged
write is there, whole (with its audit row), and the database is intact.

`make test` kills it once per database; `make crash` many times (BETWEEN_CRASH_ROUNDS).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid

import httpx
import pytest
from sqlalchemy import and_, create_engine, func, select

from between.db.models import Base
from tests.live_server import LiveServer

ROUNDS = int(os.environ.get("BETWEEN_CRASH_ROUNDS", "1"))
WRITERS = 3
ACKNOWLEDGED_BEFORE_KILL = 12  # per round: enough that writes are in flight when it dies
# Check-ins: a person's answers, written with their audit row in one transaction, and cheap
# enough (no text analysis) that the stream is dense when the server dies.
ANSWERS = ({"1": 4, "2": 3, "3": 3, "4": 4}, {"1": 1, "2": 2, "3": 0, "4": 3})


def orphans(engine) -> dict[str, int]:
    """Rows whose foreign key points at nothing, per constraint (any database)."""
    found = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for key in table.foreign_key_constraints:
                local, remote = key.columns[0], key.elements[0].column
                missing = ~select(remote).where(remote == local).exists()
                count = connection.execute(select(func.count()).select_from(table).where(
                    and_(local.is_not(None), missing))).scalar()
                if count:
                    found[f"{table.name}.{local.name}"] = count
    return found


def _stream_writes(server: LiveServer, auth: dict, acknowledged: list[tuple[str, str]],
                   stop: threading.Event) -> None:
    """Write check-ins until the server dies; keep (id, answers) of each one answered 201."""
    with httpx.Client(base_url=server.url, headers=auth, timeout=30) as http:
        while not stop.is_set():
            answers = ANSWERS[len(acknowledged) % 2]
            try:
                response = http.post("/api/v1/check-ins", json={"instrument": "csi4", "answers": answers})
            except httpx.HTTPError:
                return  # the server is gone: this write was never acknowledged
            assert response.status_code == 201, response.text
            acknowledged.append((response.json()["id"], answers))


def test_every_acknowledged_write_survives_sigkill(database_url, tmp_path):
    server = LiveServer(database_url, tmp_path / "var")
    server.start()
    engine = create_engine(database_url)
    acknowledged: list[tuple[str, str]] = []
    try:
        auth = server.sign_up(f"writer-{uuid.uuid4().hex[:6]}@example.org")  # one person, several devices
        for _ in range(ROUNDS):
            stop = threading.Event()
            threads = [threading.Thread(target=_stream_writes, args=(server, auth, acknowledged, stop))
                       for _ in range(WRITERS)]
            goal = len(acknowledged) + ACKNOWLEDGED_BEFORE_KILL
            for thread in threads:
                thread.start()
            while len(acknowledged) < goal and any(t.is_alive() for t in threads):
                stop.wait(0.02)
            server.kill()  # while the writers are still sending
            stop.set()
            for thread in threads:
                thread.join()
            server.start()
            _assert_intact(database_url, engine, acknowledged)
        with httpx.Client(base_url=server.url, headers=auth, timeout=30) as http:
            after = http.post("/api/v1/moments", json={"happened": "After the crash I wrote again."})
            assert after.status_code == 201, after.text
    finally:
        server.stop()
        engine.dispose()


def _assert_intact(url: str, engine, acknowledged: list[tuple[str, dict]]) -> None:
    check_ins = Base.metadata.tables["check_ins"]
    audit = Base.metadata.tables["audit_events"]
    with engine.connect() as connection:
        stored = dict(connection.execute(select(check_ins.c.id, check_ins.c.answers)).all())
        audited = set(connection.execute(select(audit.c.record_id).where(
            audit.c.record_type == "check_in", audit.c.action == "create")).scalars())
    lost = [record_id for record_id, answers in acknowledged if stored.get(record_id) != answers]
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged writes lost"
    assert set(stored) == audited, "a check-in without its audit row, or the reverse: half-written"
    assert orphans(engine) == {}
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("kind", ["sqlite"])
def test_the_orphan_check_finds_a_dangling_key(kind, tmp_path):
    """The check above can fail: a membership pointing at no couple is reported."""
    from between.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'orphans.db'}"
    upgrade(url)
    engine = create_engine(url)  # foreign keys off, as an outside tool would leave them
    people, memberships = Base.metadata.tables["people"], Base.metadata.tables["memberships"]
    with engine.begin() as connection:
        connection.execute(people.insert().values(id="p1", email="a@example.org", display_name="A",
                                                  password_hash="x", role="partner",
                                                  created_at=func.now()))
        connection.execute(memberships.insert().values(id="m1", couple_id="gone", person_id="p1",
                                                       role="partner", joined_at=func.now()))
    assert orphans(engine) == {"memberships.couple_id": 1}
    engine.dispose()
