"""`between backup` / `between restore`: every row comes back, bad files and overwrites are refused,
nothing is half-written, and a backup taken while people write is consistent."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, text

from between.config import get_settings
from tests.factories import moment, run_cli, sign_up
from tests.filled import every_row, fill


def rows(url: str) -> dict[str, list[dict]]:
    engine = create_engine(url)
    try:
        return every_row(engine)
    finally:
        engine.dispose()


@pytest.fixture
def filled(app, settings):
    """Every table filled: for the round trips."""
    fill(app)
    return settings.database_url


@pytest.fixture
def some_rows(client, settings):
    """A person and a moment: enough for the refusals."""
    moment(client, sign_up(client, "Ari"))
    return settings.database_url


def test_round_trip_brings_back_every_row_of_every_table(filled, app, client, cli, tmp_path):
    before = rows(filled)
    assert all(before.values()), [name for name, found in before.items() if not found]
    file = tmp_path / "between.backup"
    assert run_cli(cli, "backup", str(file)).exit_code == 0
    # Change things after the backup: a new person, a moment gone.
    newcomer = sign_up(client, "Kai")
    moment(client, newcomer)
    client.delete("/api/v1/me", headers=newcomer.auth)
    refused = run_cli(cli, "restore", str(file))
    assert refused.exit_code == 2 and "--force" in refused.output
    restored = run_cli(cli, "restore", str(file), "--force")
    assert restored.exit_code == 0, restored.output
    assert rows(filled) == before


def test_a_sqlite_backup_restores_into_a_new_file(settings, request, cli, tmp_path, monkeypatch):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("a SQLite file")
    filled = request.getfixturevalue("filled")
    file = tmp_path / "copy.db"
    assert run_cli(cli, "backup", str(file)).exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'elsewhere' / 'between.db'}"
    monkeypatch.setenv("BETWEEN_DATABASE_URL", fresh)
    get_settings.cache_clear()
    assert run_cli(cli, "restore", str(file)).exit_code == 0
    assert rows(fresh) == rows(filled)
    with sqlite3.connect(tmp_path / "elsewhere" / "between.db") as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert restored.execute("PRAGMA foreign_key_check").fetchall() == []
        assert restored.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_backup_does_not_replace_a_file_without_force(some_rows, cli, tmp_path):
    file = tmp_path / "kept.backup"
    file.write_bytes(b"an older backup")
    result = run_cli(cli, "backup", str(file))
    assert result.exit_code == 2 and "already exists" in result.output
    assert file.read_bytes() == b"an older backup"
    assert run_cli(cli, "backup", str(file), "--force").exit_code == 0
    assert file.read_bytes() != b"an older backup"


@pytest.mark.parametrize("content, message", [
    (b"", "not a Between backup"),
    (b"hello, not a database at all" * 10, "not a Between backup"),
])
def test_restore_checks_the_file_and_changes_nothing(some_rows, cli, tmp_path, content, message):
    before = rows(some_rows)
    file = tmp_path / "bad.backup"
    file.write_bytes(content)
    result = run_cli(cli, "restore", str(file), "--force")
    assert result.exit_code == 2 and message in result.output, result.output
    assert rows(some_rows) == before


def test_restore_refuses_a_damaged_or_foreign_backup(some_rows, cli, tmp_path):
    file = tmp_path / "whole.backup"
    assert run_cli(cli, "backup", str(file)).exit_code == 0
    before = rows(some_rows)
    damaged = tmp_path / "damaged.backup"
    whole = file.read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    result = run_cli(cli, "restore", str(damaged), "--force")
    assert result.exit_code == 2 and result.output.startswith("Error:"), result.output
    unrelated = tmp_path / "unrelated.db"
    with sqlite3.connect(unrelated) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    result = run_cli(cli, "restore", str(unrelated), "--force")
    assert result.exit_code == 2 and "backup" in result.output, result.output
    assert rows(some_rows) == before


def test_a_backup_taken_while_people_write_is_consistent(some_rows, client, cli, tmp_path, monkeypatch):
    writer = sign_up(client, "Noor")
    stop = threading.Event()
    written: list[str] = []

    def keep_writing():
        while not stop.is_set():
            written.append(moment(client, writer, happened=f"Moment {len(written)}")["id"])

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 3:
            stop.wait(0.05)
        file = tmp_path / "online.backup"
        assert run_cli(cli, "backup", str(file)).exit_code == 0
    finally:
        stop.set()
        thread.join()
    fresh = _empty_like(some_rows, tmp_path)
    monkeypatch.setenv("BETWEEN_DATABASE_URL", fresh)
    get_settings.cache_clear()
    assert run_cli(cli, "restore", str(file), "--force").exit_code == 0
    kept = {row["id"] for row in rows(fresh)["moments"] if row["owner_id"] == writer.id}
    assert kept and kept <= set(written)
    # A consistent snapshot: each kept moment has its audit row, and no audit row outlives its moment.
    audited = {row["record_id"] for row in rows(fresh)["audit_events"]
               if row["actor_id"] == writer.id and row["record_type"] == "moment"}
    assert audited == kept


def _empty_like(url: str, tmp_path) -> str:
    """An empty database of the same kind: a new file, or the same schema wiped."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored' / 'between.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return url


def test_without_postgres_tools_the_message_says_what_to_install(settings, cli, tmp_path, monkeypatch):
    if settings.database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL path")
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = run_cli(cli, "backup", str(tmp_path / "x.backup"))
    assert result.exit_code == 2 and "pg_dump is not installed" in result.output
    assert "postgresql-client" in result.output
    assert not (tmp_path / "x.backup").exists()
