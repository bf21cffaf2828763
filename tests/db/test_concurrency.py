"""SQLite, the default, under concurrent writers: a read does not hold the write lock, a write
waits for the lock instead of failing, and a lock that never frees answers 503, never 500."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from between.moments import service
from between.people.models import Person
from between.privacy.audit import AuditEvent
from tests.factories import moment, sign_up


@pytest.fixture
def sqlite_path(settings):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock")
    return settings.database_url.removeprefix("sqlite:///")


def _write_now(path: str) -> None:
    """Another connection writes without waiting at all: fails if anyone holds the write lock."""
    with sqlite3.connect(path, timeout=0) as other:
        other.execute("INSERT INTO couples (id, created_by, created_at) VALUES "
                      "(lower(hex(randomblob(16))), 'x', '2025-01-01 00:00:00')")


def test_a_read_does_not_hold_the_write_lock_for_the_rest_of_its_request(client, db_factory, sqlite_path):
    sam = sign_up(client, "Sam")
    written = moment(client, sam)
    with db_factory() as db:
        viewer = db.get(Person, sam.id)
        service.read_moment(db, viewer, written["id"])  # audited
        service.list_moments(db, viewer)  # the request goes on reading
        _write_now(sqlite_path)  # before: "database is locked" (the audit row held the lock)
        db.commit()
    with db_factory() as db:
        reads = db.scalars(select(AuditEvent.record_id).where(AuditEvent.action == "read")).all()
    assert reads == [written["id"]]  # still audited, in the same transaction


def test_an_audit_row_is_not_written_when_its_transaction_rolls_back(client, db_factory, sqlite_path):
    sam = sign_up(client, "Sam")
    written = moment(client, sam)
    with db_factory() as db:
        before = db.scalar(select(func.count()).select_from(AuditEvent))
        service.read_moment(db, db.get(Person, sam.id), written["id"])
        db.rollback()
        db.commit()
        assert db.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_a_writer_waits_for_the_lock_instead_of_failing(client, sqlite_path):
    sam = sign_up(client, "Sam")
    holder = sqlite3.connect(sqlite_path, timeout=0, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # someone else holds the write lock for a while
    release = threading.Timer(1.0, holder.commit)
    release.start()
    try:
        response = client.post("/api/v1/moments", json={"happened": "We argued and I went quiet."},
                               headers=sam.auth)
    finally:
        release.join()
        holder.close()
    assert response.status_code == 201, response.text


def test_a_lock_that_never_frees_answers_503_problem_not_500(client, monkeypatch, sqlite_path):
    sam = sign_up(client, "Sam")

    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO moments ...", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(service, "record_checked", locked)  # what POST /moments calls
    response = client.post("/api/v1/moments", json={"happened": "x"}, headers=sam.auth)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "2"
    assert "try again" in response.json()["detail"]
