"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and
carry a filled database from the first migration to the newest, and one step down and up again.

The chain is read from the migration scripts, so a migration added later is walked too.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, text

from between.config import Settings
from between.db.engine import make_engine
from between.db.migrate import alembic_config, upgrade
from between.db.models import Base
from tests.conftest import POSTGRES_URL, REPO
from tests.filled import every_row, fill, plausible_value


def test_one_head():
    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def chain() -> list[str]:
    """Every revision, oldest first (each after all it depends on)."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    """Two empty databases of one kind, with no migration applied: (one, other)."""
    if request.param == "sqlite":
        yield tuple(f"sqlite:///{tmp_path / name}.db" for name in ("one", "other"))
        return
    request.getfixturevalue("postgres_migrated")  # skips (or fails in CI) without PostgreSQL
    schemas = [f"between_walk_{os.getpid()}_{name}" for name in ("one", "other")]
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    yield tuple(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}" for schema in schemas)
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def filled_at_head(url: str, tmp_path) -> dict[str, list[dict]]:
    from between.app import build_app

    upgrade(url)
    app = build_app(Settings(database_url=url, var_dir=tmp_path / "var", secret_key="walk",
                             data_dir=REPO.parent / "shared" / "data"))
    try:
        fill(app)
        return every_row(app.state.engine)
    finally:
        app.state.engine.dispose()


def test_a_filled_database_walks_from_the_first_migration_to_head_and_one_step_back(
        empty_database, tmp_path):
    reference, walked = empty_database
    people_rows = filled_at_head(reference, tmp_path)
    engine = create_engine(walked)
    kept: dict[str, list[str]] = {}  # table -> the columns its rows were written with
    try:
        for revision in chain():
            upgrade(walked, revision)
            kept |= _write_new_tables(engine, people_rows, known=set(kept))
        assert set(kept) == set(people_rows), "a table the migrations never created"
        _assert_rows_kept(engine, people_rows, kept)
        _assert_integrity(walked, engine)

        command.downgrade(alembic_config(walked), "-1")
        below_head = {t: [c["name"] for c in inspect(engine).get_columns(t)] for t in inspect(engine)
                      .get_table_names() if t in kept}
        narrowed = {t: [c for c in cols if c in below_head[t]] for t, cols in kept.items() if t in below_head}
        _assert_rows_kept(engine, people_rows, narrowed)
        upgrade(walked)
        _assert_rows_kept(engine, people_rows, narrowed)
        _assert_integrity(walked, engine)
    finally:
        engine.dispose()


def _write_new_tables(engine, people_rows, known: set[str]) -> dict[str, list[str]]:
    """Rows for each table this migration created, from the filled database, limited to the
    columns the table has now (a column dropped later gets a plausible value)."""
    metadata = MetaData()
    metadata.reflect(engine)
    written = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name in known or table.name == "alembic_version":
                continue
            rows = people_rows.get(table.name, [])
            assert rows, f"{table.name}: the filled database has no rows to carry"
            columns = [c.name for c in table.columns]
            extra = [c for c in table.columns if not c.nullable and c.name not in rows[0]
                     and c.server_default is None]
            connection.execute(table.insert(), [
                {**{c: row[c] for c in columns if c in row},
                 **{c.name: plausible_value(connection, c) for c in extra}} for row in rows])
            written[table.name] = [c for c in columns if c in rows[0]]
    return written


def _assert_rows_kept(engine, people_rows, columns_of: dict[str, list[str]]) -> None:
    now = every_row(engine, list(columns_of))
    for table, columns in columns_of.items():
        expected = sorted(({c: row[c] for c in columns} for row in people_rows[table]), key=repr)
        found = sorted(({c: row[c] for c in columns} for row in now[table]), key=repr)
        assert found == expected, f"{table}: rows changed by the migrations"


def _assert_integrity(url: str, engine) -> None:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return
    with engine.connect() as connection:  # PostgreSQL enforces its foreign keys; check they exist
        count = connection.execute(text(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
            "current_schema()::regnamespace")).scalar()
    assert count == sum(len(t.foreign_keys) for t in Base.metadata.sorted_tables if t.foreign_keys)


def test_pairings_migration_ends_couples_that_lost_a_partner_and_keeps_every_turn(tmp_path):
    """0009 copies the conversations table (SQLite batch mode): no turn may go with the copy."""
    from sqlalchemy import text

    from between.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0008")
    engine = make_engine(url)
    then = "2026-01-05 20:00:00.000000"
    with engine.begin() as db:
        for person in ("sam", "alex", "jo", "kim", "lee"):
            db.execute(text("INSERT INTO people (id, email, display_name, password_hash, role, "
                            "created_at) VALUES (:id, :id, :id, 'x', 'partner', :t)"),
                       {"id": person, "t": then})
        db.execute(text("INSERT INTO couples (id, created_by, created_at) VALUES "
                        "('left', 'sam', :t), ('together', 'kim', :t)"), {"t": then})
        db.execute(text(
            "INSERT INTO memberships (id, couple_id, person_id, role, joined_at, left_at) VALUES "
            "('m1', 'left', 'sam', 'partner', :t, NULL), ('m2', 'left', 'alex', 'partner', :t, :t),"
            "('m3', 'left', 'jo', 'partner', :t, NULL), ('m4', 'together', 'kim', 'partner', :t, NULL),"
            "('m5', 'together', 'lee', 'partner', :t, NULL)"), {"t": then})
        db.execute(text("INSERT INTO conversations (id, couple_id, speaker_id, listener_id, status, "
                        "step, round, closed_by, created_at, updated_at) VALUES "
                        "('c1', 'together', 'kim', 'lee', 'active', 'share', 1, '[]', :t, :t)"),
                   {"t": then})
        db.execute(text("INSERT INTO conversation_turns (id, visibility, created_at, owner_id, "
                        "couple_id, conversation_id, step, round, text) VALUES "
                        "('t1', 'partner', :t, 'kim', 'together', 'c1', 'share', 1, 'I miss you')"),
                   {"t": then})
    upgrade(url)
    with engine.connect() as db:
        ended = {row[0]: row[1:] for row in db.execute(text(
            "SELECT id, ended_at IS NOT NULL, ended_by FROM couples"))}
        assert ended == {"left": (1, "alex"), "together": (0, None)}
        still_in = db.execute(text("SELECT person_id FROM memberships WHERE left_at IS NULL "
                                   "ORDER BY person_id")).scalars().all()
        assert still_in == ["kim", "lee"]
        assert db.execute(text("SELECT text FROM conversation_turns")).scalars().all() == ["I miss you"]
    engine.dispose()
