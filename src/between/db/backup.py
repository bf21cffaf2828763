"""Back up and restore the whole database, while the server runs, never half-writing.

SQLite: SQLite's online backup API copies a consistent snapshot (writers carry on under WAL)
into a temporary file beside the target, which is renamed into place only once it is whole
and checked. A restore copies the checked backup into the live database in one transaction,
so every connection sees the old database or the new one, never a mix.

PostgreSQL: the server's own tools, pg_dump (custom format) and pg_restore, in a single
transaction. When the URL sets a search_path (a schema of its own), only that schema is
copied.

Either way a restore brings the database up to the newest migration afterwards, so an older
backup opens in a newer Between.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing, suppress
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import MetaData, create_engine, func, select
from sqlalchemy.engine import URL, make_url

from between.db.engine import SQLITE_BUSY_MS
from between.errors import BetweenError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PG_TOOLS_HINT = ("install PostgreSQL's client tools (Debian: apt-get install postgresql-client), "
                 "the same major version as the server or newer")


def backup(url: str, target: Path, *, force: bool = False) -> None:
    """Write a consistent copy of the database at `url` to `target`."""
    if target.exists() and not force:
        raise BetweenError(f"{target} already exists; give --force to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        if _is_sqlite(url):
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}",
                  *_schema_option(url), _libpq(url)])
        os.replace(partial, target)
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()


def restore(url: str, source: Path, *, force: bool = False) -> None:
    """Replace the database at `url` with the backup in `source`, then migrate it to head."""
    from between.db.migrate import upgrade

    if not source.is_file():
        raise BetweenError(f"{source} is not a file.")
    if _is_sqlite(url):
        _check_sqlite_backup(source)
    else:
        _check_pg_backup(source)
    if not force and has_rows(url):
        raise BetweenError("The database already holds data; give --force to replace all of it "
                           "with the backup (make a backup of it first).")
    if _is_sqlite(url):
        _sqlite_restore(source, _sqlite_path(url))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
              "--no-owner", f"--dbname={_libpq(url)}", str(source)])
    upgrade(url)


def has_rows(url: str) -> bool:
    """Whether any table but Alembic's holds a row."""
    if _is_sqlite(url) and not _sqlite_path(url).exists():
        return False
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return any(connection.execute(select(func.count()).select_from(table)).scalar()
                       for table in metadata.sorted_tables if table.name != "alembic_version")
    finally:
        engine.dispose()


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_backup(database: Path, partial: Path) -> None:
    if not database.exists():
        raise BetweenError(f"There is no database at {database} to back up.")
    with closing(sqlite3.connect(database, timeout=SQLITE_BUSY_MS / 1000)) as live, \
            closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)  # one step: a single read snapshot, so the copy is consistent
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    _check_sqlite_backup(partial)


def _sqlite_restore(source: Path, database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_file, \
            closing(sqlite3.connect(database, timeout=SQLITE_BUSY_MS / 1000)) as live:
        live.execute("PRAGMA journal_mode=WAL")
        backup_file.backup(live)  # all pages in one write transaction on the live database


def _check_sqlite_backup(path: Path) -> None:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(PG_DUMP_MAGIC):
        raise BetweenError(f"{path} is a PostgreSQL backup; restore it into a PostgreSQL database.")
    if head != SQLITE_MAGIC:
        raise BetweenError(f"{path} is not a Between backup (not a SQLite database).")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            orphans = copy.execute("PRAGMA foreign_key_check").fetchall()
            revision = _sqlite_revision(copy)
    except sqlite3.DatabaseError as error:
        raise BetweenError(f"{path} is damaged: {error}.") from None
    if problems != ["ok"]:
        raise BetweenError(f"{path} is damaged: {'; '.join(problems[:3])}.")
    if orphans:
        raise BetweenError(f"{path} has {len(orphans)} rows whose linked record is missing.")
    _check_revision(path, revision)


def _sqlite_revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BetweenError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


# --- PostgreSQL ----------------------------------------------------------------------------


def _check_pg_backup(path: Path) -> None:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise BetweenError(f"{path} is a SQLite backup; restore it into a SQLite database.")
    if not head.startswith(PG_DUMP_MAGIC):
        raise BetweenError(f"{path} is not a Between backup (not a pg_dump custom-format file).")
    _run(["pg_restore", "--list", str(path)])  # reads the whole table of contents
    data = _run(["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)])
    rows = data.split("FROM stdin;\n", 1)[1].split("\\.", 1)[0].split() if "FROM stdin;" in data else []
    _check_revision(path, rows[0] if rows else None)


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as a libpq connection URI (the tools know no +psycopg)."""
    parsed = make_url(url)
    plain = URL.create("postgresql", parsed.username, parsed.password, parsed.host, parsed.port,
                       parsed.database, {k: v for k, v in parsed.query.items() if k != "options"})
    return plain.render_as_string(hide_password=False)


def _schema_option(url: str) -> list[str]:
    options = unquote(str(make_url(url).query.get("options", "")))
    for part in options.split():
        if part.startswith("-csearch_path="):
            return [f"--schema={part.removeprefix('-csearch_path=').split(',')[0]}"]
    return []


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise BetweenError(f"{command[0]} is not installed: {PG_TOOLS_HINT}.")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BetweenError(f"{command[0]} failed: {last}")
    return done.stdout


# --- shared ---------------------------------------------------------------------------------


def _check_revision(path: Path, revision: str | None) -> None:
    from alembic.script import ScriptDirectory

    from between.db.migrate import alembic_config

    if revision is None:
        raise BetweenError(f"{path} is not a Between backup (it has no alembic_version table).")
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config("sqlite://"))
             .walk_revisions()}
    if revision not in known:
        raise BetweenError(f"{path} comes from a newer Between (migration {revision}); upgrade "
                           "Between first.")


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"
