"""Typed dependencies that keep API routes short: the transaction and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from between.config import Settings
from between.errors import unauthorized
from between.people.accounts import person_for_token
from between.people.models import Person


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route succeeds, rolled back otherwise."""
    session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


# scope="function": commit before the response is sent, so a client never sees a 2xx for
# something that was then not written.
DbSession = Annotated[Session, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]
_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/sessions.")


Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_person(db: DbSession, credentials: Bearer) -> Person:
    person = person_for_token(db, credentials.credentials, kind="api") if credentials else None
    if person is None:
        raise unauthorized("Send a valid bearer token (POST /api/v1/sessions gives one).")
    return person


CurrentPerson = Annotated[Person, Depends(current_person)]
