"""A database filled the way people fill it, every table included, and its rows read back.

`fill(app)` drives the public API (and a page or two) as two couples would: moments written
in real people's words (ESConv's situations from ../shared/data when present, the project's
own corpus otherwise), edits, drafts, check-ins, a softening conversation, the slow-down flow,
safety check-ins and plans. A table the API left empty (one added since this was written)
gets rows from `fill_generic`, built from the table's own columns, so harnesses that need
"every table filled" keep working as migrations are added.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, inspect, select, types

from tests.factories import couple, moment, screened, sign_up
from tests.safety.answers import AFRAID, all_clear
from tests.safety.web import csrf, logged_in

REPO = Path(__file__).resolve().parent.parent
ESCONV = REPO.parent / "shared" / "data" / "esconv" / "valid.jsonl"


def real_texts(count: int, seed: int = 7) -> list[str]:
    """Long, messy first-person accounts written by real people, or the corpus when absent."""
    if ESCONV.exists():
        lines = ESCONV.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["situation"] for line in lines if line.strip()]
    else:
        lines = (REPO / "data" / "corpus" / "register.jsonl").read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    texts = [t.strip()[:4000] for t in texts if len(t.strip()) > 20]
    return random.Random(seed).sample(texts, min(count, len(texts)))


def fill(app, couples: int = 1) -> None:
    """Couples using every feature, and one person alone; asserts each call succeeded."""
    client = TestClient(app)
    texts = iter(real_texts(12 * couples))
    for _ in range(couples):
        _one_couple(app, client, texts)
    loner = sign_up(client, "Robin")  # someone whose partner never joined
    moment(client, loner, happened=next(texts))


def _ok(response, *codes: int):
    assert response.status_code in (codes or (200, 201, 204)), response.text
    return response


def _one_couple(app, client: TestClient, texts) -> None:
    sam, alex = couple(client)
    shared = moment(client, sam, happened=next(texts), visibility="partner", intensity=7,
                    outcome="repaired", repair_minutes=30, occurred_at="2025-03-02T19:30:00+01:00")
    moment(client, alex, happened=next(texts), keep_text_private=True, visibility="couple")
    kept = moment(client, alex, happened=next(texts))
    _ok(client.patch(f"/api/v1/moments/{shared['id']}", headers=sam.auth,
                     json={"deeper_feeling": "lonely", "need": "to matter", "meaning": next(texts)}))
    _ok(client.delete(f"/api/v1/moments/{kept['id']}", headers=alex.auth))
    browser = logged_in(app, sam)
    _ok(browser.post("/moments/draft", data={"happened": next(texts),
                                             "csrf_token": csrf(browser, "/moments/new")}))
    for user, answers in ((sam, {"1": 4, "2": 3, "3": 3, "4": 4}), (alex, {"1": 2, "2": 2, "3": 1, "4": 3})):
        _ok(client.post("/api/v1/check-ins", headers=user.auth,
                        json={"instrument": "csi4", "answers": answers, "visibility": "partner"}))
    _ok(client.put("/api/v1/check-in-schedule", headers=sam.auth,
                   json={"schedule": [{"instrument": "csi4", "every": 2, "unit": "weeks"}]}))
    screened(client, sam, alex)
    started = _ok(client.post("/api/v1/conversations", headers=sam.auth, json={})).json()
    turns = f"/api/v1/conversations/{started['id']}/turns"
    _ok(client.post(turns, headers=sam.auth, json={"text": "When you went quiet I felt alone."}))
    _ok(client.put(f"/api/v1/conversations/{started['id']}/draft", headers=alex.auth,
                   json={"text": "You felt alone when I"}))
    _ok(client.post("/api/v1/pause/pause", headers=alex.auth, json={"happened": next(texts)}))
    _ok(client.post("/api/v1/pause/body", headers=alex.auth, json={"skip": True}))
    _ok(client.put("/api/v1/safety/plan", headers=alex.auth,
                   json={"entries": {"warning_signs": "My jaw goes tight at dinner."}}))
    _ok(client.patch("/api/v1/safety/preferences", headers=alex.auth, json={"locale": "en-GB"}))
    _ok(client.post("/api/v1/safety/check-in", headers=sam.auth, json={"answers": all_clear()}))
    _ok(client.post("/api/v1/safety/check-in", headers=alex.auth, json={"answers": AFRAID}))
    _ok(client.post("/api/v1/couples/current/invite", headers=sam.auth), 201, 409)
    story = _ok(client.post("/api/v1/attachment/reflections", headers=sam.auth, json={
        "answers": {"closeness": "My grandmother, who read to me.", "learned": next(texts)}})).json()
    _ok(client.patch(f"/api/v1/attachment/reflections/{story['id']}", headers=sam.auth,
                     json={"finished": True, "visibility": "partner"}))
    _ok(client.post("/api/v1/attachment/reflections", headers=alex.auth, json={}), 201)
    # A therapist the couple invited and both accepted (the link, its acceptances, a membership).
    from tests.therapist.world import link_therapist

    therapist, _ = link_therapist(client, sam, alex)
    couple_id = _ok(client.get("/api/v1/couples/current", headers=sam.auth)).json()["id"]
    work = f"/api/v1/therapist/couples/{couple_id}"
    session = _ok(client.post(f"{work}/sessions", headers=therapist.auth, json={
        "kind": "individual", "partner_id": alex.id, "scheduled_for": "2026-12-10T17:00:00Z"})).json()
    _ok(client.patch(f"{work}/sessions/{session['id']}", headers=therapist.auth,
                     json={"held": True, "summary": next(texts)}))
    _ok(client.post(f"{work}/stage", headers=therapist.auth, json={"step": 1, "note": "Alliance."}))
    _ok(client.post(f"{work}/notes", headers=therapist.auth,
                    json={"fields": {"focus": next(texts)}, "session_id": session["id"]}))


# --- rows of tables the API left empty ---------------------------------------------------------


def fill_generic(engine: Engine) -> list[str]:
    """One plausible row in each empty table (foreign keys pointing at existing rows).
    Returns the tables it filled."""
    metadata = MetaData()
    metadata.reflect(engine)
    filled = []
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version" or connection.execute(select(table).limit(1)).first():
                continue
            row = {}
            for column in table.columns:
                row[column.name] = plausible_value(connection, column)
            connection.execute(table.insert().values(row))
            filled.append(table.name)
    return filled


def plausible_value(connection, column):
    """A value of the column's type; for a foreign key, the key of an existing row."""
    for foreign in column.foreign_keys:
        target = foreign.column
        found = connection.execute(select(target).limit(1)).scalar()
        if found is not None:
            return found
    kind = column.type
    if isinstance(kind, types.Boolean):
        return False
    if isinstance(kind, types.Integer):
        return 1
    if isinstance(kind, types.Float | types.Numeric):
        return 1.0
    if isinstance(kind, types.DateTime):
        return datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    if isinstance(kind, types.Date):
        return date(2025, 1, 2)
    if isinstance(kind, types.JSON):
        return {}
    length = getattr(kind, "length", None) or 32
    return f"generic-{column.name}"[:length] if not column.primary_key else random.randbytes(16).hex()[:length]


# --- reading every row back ---------------------------------------------------------------------


def every_row(engine: Engine, tables: list[str] | None = None) -> dict[str, list[dict]]:
    """Every row of every table (or of `tables`), keyed by column name, in a stable order."""
    metadata = MetaData()
    metadata.reflect(engine)
    wanted = tables or [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    rows = {}
    with engine.connect() as connection:
        for name in sorted(wanted):
            table = metadata.tables[name]
            found = [dict(r._mapping) for r in connection.execute(select(table))]
            rows[name] = sorted((_comparable(r) for r in found), key=repr)
    return rows


def _comparable(row: dict) -> dict:
    """JSON text and aware/naive datetimes read the same on both sides of a copy."""
    out = {}
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        out[key] = value
    return out
