"""Erased text is gone from the database's own files, not only from its queries (issue 14).

Before the erasure the test finds the words in the files (so it can see them); after it, not.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import moment, screened_couple

CANARY = "Quokka-7731 fell asleep under the violet kitchen table"


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


def _write_everywhere(client) -> tuple:
    sam, alex = screened_couple(client)
    written = moment(client, sam, happened=f"{CANARY}, and we argued.", visibility="partner",
                     need=CANARY)
    client.patch(f"/api/v1/moments/{written['id']}", headers=sam.auth,
                 json={"meaning": f"{CANARY} again"})  # a revision keeps the old version
    conversation = client.post("/api/v1/conversations", headers=sam.auth).json()["id"]
    client.put(f"/api/v1/conversations/{conversation}/draft", headers=sam.auth,
               json={"text": CANARY})
    client.post("/api/v1/pause/happened", headers=sam.auth, json={"happened": CANARY})
    return sam, alex


def _sqlite_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _postgres_bytes(db_factory) -> bytes:
    """Every page of every table, dead tuples and free space included (pageinspect)."""
    with db_factory() as db:
        try:
            db.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
            db.commit()
        except Exception as exc:  # noqa: BLE001 - no superuser or no contrib: cannot look
            pytest.skip(f"pageinspect unavailable: {exc}")
        pages = []
        for table in db.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                                     "current_schema()")).scalars():
            relation = f"{db.execute(text('SELECT current_schema()')).scalar()}.{table}"
            blocks = db.execute(text("SELECT pg_relation_size(:r) / 8192"), {"r": relation}).scalar()
            pages += [db.execute(text("SELECT public.get_raw_page(:r, :b)"),
                                 {"r": relation, "b": b}).scalar() for b in range(blocks)]
        return b"".join(bytes(p) for p in pages)


def test_erased_text_is_absent_from_the_database_files(client, settings, db_factory):
    sam, alex = _write_everywhere(client)
    sqlite = settings.database_url.startswith("sqlite")

    def stored() -> bytes:
        return _sqlite_bytes(settings.database_url) if sqlite else _postgres_bytes(db_factory)

    assert CANARY.encode() in stored()
    assert sam.email.encode() in stored()
    assert client.delete("/api/v1/me", headers=sam.auth).status_code == 204
    left = stored()
    assert CANARY.encode() not in left
    assert sam.email.encode() not in left
    assert client.get("/api/v1/me", headers=alex.auth).status_code == 200  # the partner stays


def test_erasure_waits_for_a_transaction_that_could_still_see_the_rows(client, settings, db_factory):
    """A transaction begun before the erasure (another request, a report) holds a snapshot in
    which the rows live; VACUUM FULL would copy them. The erasure waits for it to end."""
    if settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite zeroes deleted content itself; no snapshot keeps it")
    sam, alex = _write_everywhere(client)
    reader = db_factory()
    reader.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    assert reader.execute(text("SELECT count(*) FROM moments")).scalar() >= 1  # the snapshot
    ends = threading.Timer(1.0, reader.rollback)
    ends.start()
    try:
        assert client.delete("/api/v1/me", headers=sam.auth).status_code == 204
    finally:
        ends.join()
        reader.close()
    left = _postgres_bytes(db_factory)
    assert CANARY.encode() not in left and sam.email.encode() not in left
