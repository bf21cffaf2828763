"""Accounts and logins: sign up, log in, tokens, erase."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from between.errors import BetweenError, FieldProblem, bad_input, conflict, not_found, unauthorized
from between.people.models import AuthToken, Person, Role
from between.people.ratelimit import LoginLimiter
from between.people.secrets import digest, hash_password, new_token, verify_password
from between.people.time import valid_zone, zone_or_default
from between.privacy.audit import AuditEvent, audit

EMAIL_MAX = 254
NAME_MAX = 80
PASSWORD_MIN = 10  # NIST SP 800-63B asks for at least 8; we ask a little more
PASSWORD_MAX = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _name_problem(display_name: str) -> FieldProblem | None:
    if not display_name.strip():
        return FieldProblem("display_name", "must not be empty")
    if len(display_name) > NAME_MAX:
        return FieldProblem("display_name", f"must be at most {NAME_MAX} characters")
    return None


def _password_problem(password: str, field: str = "password") -> FieldProblem | None:
    if not password.strip():
        return FieldProblem(field, "must not be only spaces")
    if len(password.strip()) < PASSWORD_MIN:
        return FieldProblem(field, f"must be at least {PASSWORD_MIN} characters, not counting "
                            "spaces at either end")
    if len(password) > PASSWORD_MAX:
        return FieldProblem(field, f"must be at most {PASSWORD_MAX} characters")
    return None


def validate_new_account(email: str, password: str, display_name: str) -> list[FieldProblem]:
    problems = []
    if len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email):
        problems.append(FieldProblem("email", "must be an email address like sam@example.org"))
    problems += [p for p in (_name_problem(display_name), _password_problem(password)) if p]
    return problems


def create_account(db: Session, *, email: str, password: str, display_name: str,
                   role: Role = Role.PARTNER, time_zone: str | None = None) -> Person:
    """A new account; 409 when the email is taken (for the CLI and tests: people signing up
    go through `sign_up`, which never tells)."""
    person = sign_up(db, email=email, password=password, display_name=display_name, role=role,
                     time_zone=time_zone)
    if person is None:
        raise BetweenError("An account with this email already exists.",
                           [FieldProblem("email", "is already registered")], 409,
                           "Email already registered", "email-taken")
    return person


def sign_up(db: Session, *, email: str, password: str, display_name: str,
            role: Role = Role.PARTNER, time_zone: str | None = None) -> Person | None:
    """The new account, or None when the email is taken. Both take the same work (the password
    is hashed either way), so the answer and its timing do not tell whether an email exists.
    `time_zone` is the browser's guess: one we do not know falls back to UTC."""
    email = email.strip().lower()
    problems = validate_new_account(email, password, display_name)
    if problems:
        raise bad_input("The account details need a change.", *problems)
    # Hashed before the first query: the hash may wait its turn (one per core), and a request
    # must not hold a pooled connection meanwhile (under load PostgreSQL's pool ran dry).
    password_hash = hash_password(password)
    if db.scalar(select(func.count()).select_from(Person).where(Person.email == email)):
        return None
    person = Person(email=email, password_hash=password_hash,
                    display_name=display_name.strip(), role=role.value,
                    time_zone=zone_or_default(time_zone))
    db.add(person)
    db.flush()
    audit(db, person.id, "create", "person", person.id)
    return person


def update_profile(db: Session, person: Person, *, display_name: str | None = None,
                   time_zone: str | None = None) -> Person:
    """Change only what is given: the name a partner sees, the zone every time is shown in."""
    problems = []
    if display_name is not None and (problem := _name_problem(display_name)):
        problems.append(problem)
    if time_zone is not None:
        try:
            time_zone = valid_zone(time_zone)
        except BetweenError as error:
            problems += error.errors
    if problems:
        raise bad_input("The account details need a change.", *problems)
    if display_name is not None:
        person.display_name = display_name.strip()
    if time_zone is not None:
        person.time_zone = time_zone
    audit(db, person.id, "update", "person", person.id)
    return person


def change_password(db: Session, person: Person, *, current: str, new: str,
                    keep_token: str | None = None) -> None:
    """A new password, given the current one; every other login of the person ends with it."""
    if not verify_password(person.password_hash, current):
        raise bad_input("The current password is not right.",
                        FieldProblem("current_password", "is not your current password"))
    if problem := _password_problem(new, "new_password"):
        raise bad_input("The new password needs a change.", problem)
    person.password_hash = hash_password(new)
    others = delete(AuthToken).where(AuthToken.person_id == person.id)
    if keep_token:
        others = others.where(AuthToken.token_hash != digest(keep_token))
    db.execute(others)
    audit(db, person.id, "update", "password", person.id)


def authenticate(db: Session, *, email: str, password: str) -> Person | None:
    """The person, if the password is theirs. Ends the caller's (read-only) transaction first:
    verifying may wait its turn, and must not hold a pooled connection meanwhile."""
    person = db.scalar(select(Person).where(Person.email == email.strip().lower()))
    db.commit()
    if not verify_password(person.password_hash if person else None, password):
        return None
    return person


def log_in(db: Session, limiter: LoginLimiter, *, email: str, password: str,
           address: str) -> Person:
    """The person, or 429 while a login window is full, or 401 (the same for a wrong email or
    a wrong password)."""
    limiter.check(email, address, password)
    person = authenticate(db, email=email, password=password)
    if person is None:
        limiter.failed(email, address, password)
        raise unauthorized("Email or password is not right.")
    limiter.succeeded(email, address, password)
    return person


def never_logged_in(db: Session, person: Person) -> bool:
    """True before the person's first login (signing up no longer logs in: see `sign_up`)."""
    return db.scalar(select(AuditEvent.id).where(AuditEvent.actor_id == person.id,
                                                 AuditEvent.action == "login").limit(1)) is None


def issue_token(db: Session, person: Person, *, kind: str, days: int) -> str:
    now = datetime.now(UTC)
    # Expired tokens of anyone go here: a login is rare enough, and the table stays small.
    db.execute(delete(AuthToken).where(AuthToken.expires_at < now))
    token = new_token()
    db.add(AuthToken(person_id=person.id, token_hash=digest(token), kind=kind,
                     expires_at=now + timedelta(days=days)))
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


def logins(db: Session, person: Person) -> list[AuthToken]:
    """The person's logins still running (browsers and API tokens), newest first."""
    return list(db.scalars(select(AuthToken).where(AuthToken.person_id == person.id,
                                                   AuthToken.expires_at > datetime.now(UTC))
                           .order_by(AuthToken.created_at.desc(), AuthToken.id)))


def end_login(db: Session, person: Person, login_id: str) -> None:
    """End one of the person's own logins; another person's login is "not found", like none."""
    ended = db.execute(delete(AuthToken).where(AuthToken.id == login_id,
                                               AuthToken.person_id == person.id))
    if not ended.rowcount:
        raise not_found("No such login, or it has already ended.")
    audit(db, person.id, "logout", "login", login_id)


def is_token(login: AuthToken, token: str | None) -> bool:
    return token is not None and login.token_hash == digest(token)


def get_by_email(db: Session, email: str) -> Person:
    person = db.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise bad_input("No account with that email.", FieldProblem("email", "is not registered"))
    return person


def ensure_partner(person: Person) -> None:
    if person.role != Role.PARTNER.value:
        raise conflict("Only partners can do this; therapist accounts join through an invitation.",
                       "not-a-partner")
