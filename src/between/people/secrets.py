"""Passwords (argon2id), tokens and invite codes."""

from __future__ import annotations

import hashlib
import os
import secrets
from threading import BoundedSemaphore

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Each hash holds 64 MiB (the recommended memory cost) and keeps every core busy, so hashing
# more at once than there are cores only adds memory: 40 logins at once took the server from
# 0.3 to 1.2 GB. The rest wait their turn, which costs them no time the cores had to give.
_HASHING = BoundedSemaphore(os.cpu_count() or 2)
# Verified against when the email is unknown, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("between-timing-equaliser")

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITE_LENGTH = 12  # 31**12 ≈ 2**59: unguessable within the invite's lifetime


def hash_password(password: str) -> str:
    with _HASHING:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        with _HASHING:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_invite_code() -> str:
    raw = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, INVITE_LENGTH, 4))


def normalise_invite_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
