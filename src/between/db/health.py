"""Is the database there, and migrated? Asked by `between serve` before it starts and by /healthz."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError


def database_problem(engine: Engine) -> str | None:
    """None when the database answers and is at the newest migration; else what is wrong."""
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()[0]
        return f"the database cannot be reached or is not set up ({reason}); check " \
               "BETWEEN_DATABASE_URL and run `between db upgrade`"
    if version != _head():
        return f"the database is at migration {version}, not {_head()}: run `between db upgrade`"
    return None


@cache
def _head() -> str:
    from alembic.script import ScriptDirectory

    from between.db.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
