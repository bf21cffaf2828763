"""Engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# SQLite has one writer at a time; a write waits this long for the lock before it fails.
# Long enough that a burst of writers queues instead of failing (a commit takes milliseconds).
SQLITE_BUSY_MS = 30_000


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A server that does not answer fails in seconds, not after the OS's TCP timeout.
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        # IMMEDIATE: the driver opens a transaction only at the first write, and then takes the
        # write lock at once (honouring busy_timeout), so no transaction ever has to upgrade a
        # read snapshot to a write, which SQLite refuses at once with "database is locked".
        connect_args={"check_same_thread": False, "isolation_level": "IMMEDIATE"},
        # A SQLite connection is an open file: never make a request wait for one.
        pool_size=10, max_overflow=-1)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite leaves them off unless asked
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted text is zeroed, not left in free space
    cursor.close()


def is_busy(error: Exception) -> bool:
    """SQLite's lock was still held after busy_timeout (under a load the machine cannot serve)."""
    return "database is locked" in str(getattr(error, "orig", error))


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back everything when it fails."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
