"""A moment's date must be plausible, and no stored date can make a derived view unbounded."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from between.moments.models import Moment
from between.reports.metrics import SHOWN_WEEKS
from tests.factories import couple, moment


@pytest.mark.parametrize("when", [
    "0001-01-03T00:00:00Z",  # accepted once, then stalled the partner's progress
    "0001-01-01T00:00:00+05:00",  # before year 1 in UTC: was a 500
    "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC: was a 500
    "1899-12-31T23:59:59Z",
    "2200-01-01T00:00:00Z",
])
def test_an_implausible_date_is_a_field_error(client, db_state, when):
    sam, _ = couple(client)
    before = db_state()
    refused = client.post("/api/v1/moments", headers=sam.auth,
                          json={"happened": "We argued.", "occurred_at": when})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    [problem] = refused.json()["errors"]
    assert problem["field"] == "occurred_at" and "1900" in problem["message"]
    assert db_state() == before


def test_a_plausible_date_is_kept_in_utc(client):
    sam, _ = couple(client)
    kept = moment(client, sam, occurred_at="1987-06-01T12:00:00+02:00")
    assert kept["occurred_at"].startswith("1987-06-01T10:00:00")


def test_progress_and_report_stay_bounded_whatever_date_is_stored(client, db_factory):
    """A database written before the check may hold year 1: every view still answers quickly."""
    sam, alex = couple(client)
    old = moment(client, sam, visibility="partner", intensity=5)
    moment(client, sam, visibility="partner", intensity=3)
    with db_factory() as db:
        db.execute(update(Moment).where(Moment.id == old["id"])
                   .values(occurred_at=datetime(1, 1, 3, tzinfo=UTC)))
        db.commit()
    progress = client.get("/api/v1/progress", headers=alex.auth)
    assert progress.status_code == 200
    weeks = progress.json()["interactions"]["by_week"]
    assert 1 <= len(weeks) <= SHOWN_WEEKS
    assert len(progress.content) < 100_000
    started = time.monotonic()
    report = client.get("/api/v1/progress/report.pdf", headers=alex.auth)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert time.monotonic() - started < 30  # was > 120 s and a 500
    for path in ("/api/v1/couples/current/cycle", "/api/v1/export", "/api/v1/moments"):
        assert client.get(path, headers=alex.auth).status_code == 200, path
