"""Accounts and logins: sign up, log in, tokens, erase."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from between.errors import BetweenError, FieldProblem, bad_input, conflict
from between.people.models import AuthToken, Person, Role
from between.people.secrets import digest, hash_password, new_token, verify_password
from between.privacy.audit import audit

EMAIL_MAX = 254
NAME_MAX = 80
PASSWORD_MIN = 10  # NIST SP 800-63B asks for at least 8; we ask a little more
PASSWORD_MAX = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_new_account(email: str, password: str, display_name: str) -> list[FieldProblem]:
    problems = []
    if len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email):
        problems.append(FieldProblem("email", "must be an email address like sam@example.org"))
    if not display_name.strip():
        problems.append(FieldProblem("display_name", "must not be empty"))
    elif len(display_name) > NAME_MAX:
        problems.append(FieldProblem("display_name", f"must be at most {NAME_MAX} characters"))
    if len(password) < PASSWORD_MIN:
        problems.append(FieldProblem("password", f"must be at least {PASSWORD_MIN} characters"))
    elif len(password) > PASSWORD_MAX:
        problems.append(FieldProblem("password", f"must be at most {PASSWORD_MAX} characters"))
    return problems


def create_account(db: Session, *, email: str, password: str, display_name: str,
                   role: Role = Role.PARTNER) -> Person:
    email = email.strip().lower()
    problems = validate_new_account(email, password, display_name)
    if problems:
        raise bad_input("The account details need a change.", *problems)
    # Hashed before the first query: the hash may wait its turn (one per core), and a request
    # must not hold a pooled connection meanwhile (under load PostgreSQL's pool ran dry).
    password_hash = hash_password(password)
    if db.scalar(select(func.count()).select_from(Person).where(Person.email == email)):
        raise BetweenError("An account with this email already exists.",
                           [FieldProblem("email", "is already registered")], 409,
                           "Email already registered", "email-taken")
    person = Person(email=email, password_hash=password_hash,
                    display_name=display_name.strip(), role=role.value)
    db.add(person)
    db.flush()
    audit(db, person.id, "create", "person", person.id)
    return person


def authenticate(db: Session, *, email: str, password: str) -> Person | None:
    """The person, if the password is theirs. Ends the caller's (read-only) transaction first:
    verifying may wait its turn, and must not hold a pooled connection meanwhile."""
    person = db.scalar(select(Person).where(Person.email == email.strip().lower()))
    db.commit()
    if not verify_password(person.password_hash if person else None, password):
        return None
    return person


def issue_token(db: Session, person: Person, *, kind: str, days: int) -> str:
    token = new_token()
    db.add(AuthToken(person_id=person.id, token_hash=digest(token), kind=kind,
                     expires_at=datetime.now(UTC) + timedelta(days=days)))
    audit(db, person.id, "login", kind)
    return token


def person_for_token(db: Session, token: str, *, kind: str) -> Person | None:
    row = db.scalar(select(AuthToken).where(AuthToken.token_hash == digest(token),
                                            AuthToken.kind == kind))
    if row is None or row.expires_at < datetime.now(UTC):
        return None
    return db.get(Person, row.person_id)


def revoke_token(db: Session, token: str) -> None:
    db.execute(delete(AuthToken).where(AuthToken.token_hash == digest(token)))


def get_by_email(db: Session, email: str) -> Person:
    person = db.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise bad_input("No account with that email.", FieldProblem("email", "is not registered"))
    return person


def ensure_partner(person: Person) -> None:
    if person.role != Role.PARTNER.value:
        raise conflict("Only partners can do this; therapist accounts join through an invitation.",
                       "not-a-partner")
