"""Moments over the API: record, edit with history, validation that never half-writes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from between.moments.models import MomentRevision
from tests.factories import moment, sign_up


def test_record_and_edit_keeps_a_history(client, db_factory):
    sam = sign_up(client)
    created = moment(client, sam, intensity=6, outcome="unresolved")
    edited = client.patch(f"/api/v1/moments/{created['id']}",
                          json={"outcome": "repaired", "repair_minutes": 45}, headers=sam.auth)
    assert edited.status_code == 200
    assert edited.json()["outcome"] == "repaired"
    assert edited.json()["intensity"] == 6
    with db_factory() as db:
        revisions = db.scalars(select(MomentRevision)).all()
    assert [r.snapshot["outcome"] for r in revisions] == ["unresolved"]


@pytest.mark.parametrize("body, field", [
    ({}, "happened"),
    ({"happened": ""}, "happened"),
    ({"happened": "x" * 5001}, "happened"),
    ({"happened": "ok", "intensity": 11}, "intensity"),
    ({"happened": "ok", "intensity": "very"}, "intensity"),
    ({"happened": "ok", "outcome": "won"}, "outcome"),
    ({"happened": "ok", "visibility": "everyone"}, "visibility"),
    ({"happened": "ok", "occurred_at": "yesterday-ish"}, "occurred_at"),
    ({"happened": "ok", "repair_minutes": -5}, "repair_minutes"),
])
def test_bad_moment_is_refused_with_the_field_named(client, db_state, body, field):
    sam = sign_up(client)
    before = db_state()
    response = client.post("/api/v1/moments", json=body, headers=sam.auth)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert db_state() == before


def test_a_failed_edit_changes_nothing(client, db_state):
    sam = sign_up(client)
    created = moment(client, sam)
    before = db_state()
    response = client.patch(f"/api/v1/moments/{created['id']}",
                            json={"intensity": 4, "outcome": "nope"}, headers=sam.auth)
    assert response.status_code == 422
    assert db_state() == before
