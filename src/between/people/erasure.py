"""Erase a person: everything they wrote goes; their partner's data is untouched.

Their couple ends as if they had left it, so the partner who stays keeps their own records
and nothing they shared can reach a later partner. Once the erasure is committed,
`forget_physically` makes the deleted text unreadable in the database files too.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from between.db.models import Base
from between.people.couples import active_membership, end_couple
from between.people.models import Couple, Membership, Person
from between.privacy.audit import audit
from between.privacy.records import OWNED_MODELS

log = logging.getLogger(__name__)


def erase_person(db: Session, person: Person) -> None:
    membership = active_membership(db, person.id)
    if membership is not None:
        end_couple(db, membership.couple_id, by=person)
    couple_ids = list(db.scalars(select(Membership.couple_id).where(
        Membership.person_id == person.id)))
    for model in OWNED_MODELS:
        db.execute(delete(model).where(model.owner_id == person.id))
    db.execute(delete(Membership).where(Membership.person_id == person.id))
    audit(db, person.id, "erase", "person", person.id)
    db.delete(person)
    db.flush()
    for couple_id in couple_ids:
        if not db.scalar(select(Membership.id).where(Membership.couple_id == couple_id).limit(1)):
            db.execute(delete(Couple).where(Couple.id == couple_id))


def forget_physically(engine: Engine) -> None:
    """After an erasure commits, leave none of its text in the database's files.

    SQLite zeroes deleted content as it deletes (`secure_delete`, set on every connection);
    a TRUNCATE checkpoint then moves the zeroed pages into the main file and empties the
    write-ahead log, which held the text as written. PostgreSQL keeps deleted rows' bytes on
    their pages even after a plain VACUUM, so every table is rewritten with VACUUM FULL (a
    brief exclusive lock on each). VACUUM FULL still copies rows that a transaction begun
    before the erasure could see, so it first waits (a bounded while) for those to end.
    Neither reaches copies outside the database: backups, and PostgreSQL's own WAL until it
    is recycled (docs/privacy.md).
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if not _older_transactions_ended(connection):
            log.warning("erasure: a transaction older than the erasure is still open after %s s; "
                        "rows it can see stay on disk until the next VACUUM FULL", OLDER_WAIT_SECONDS)
        for table in Base.metadata.sorted_tables:
            if table.name != "audit_events":  # ids and actions only, never content
                connection.exec_driver_sql(f'VACUUM FULL "{table.name}"')


OLDER_WAIT_SECONDS = 15.0


def _older_transactions_ended(connection, timeout: float = OLDER_WAIT_SECONDS) -> bool:
    """Wait until no other session of this database is in a transaction begun before now."""
    erased_at = connection.exec_driver_sql("SELECT clock_timestamp()").scalar()
    deadline = time.monotonic() + timeout
    while True:
        older = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < %(at)s",
            {"at": erased_at}).scalar()
        if not older:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
