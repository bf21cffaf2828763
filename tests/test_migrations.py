"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from between.db.engine import make_engine
from between.db.migrate import alembic_config
from between.db.models import Base


def test_one_head():
    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


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
