"""Errors every adapter understands.

Domain code raises these; the API turns them into RFC 9457 problem+json, the web into a
page with the message, the CLI into a message on stderr and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldProblem:
    """One bad input field: where it is (a dotted path) and what is wrong with it."""

    field: str
    message: str


@dataclass
class BetweenError(Exception):
    detail: str
    errors: list[FieldProblem] = field(default_factory=list)
    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"

    def __str__(self) -> str:
        if not self.errors:
            return self.detail
        fields = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        return f"{self.detail} ({fields})"


def bad_input(detail: str, *errors: FieldProblem) -> BetweenError:
    return BetweenError(detail, list(errors), 422, "Invalid input", "invalid-input")


def not_found(detail: str = "No such record, or you may not see it.") -> BetweenError:
    # The same answer whether the record is missing or hidden: existence is never revealed.
    return BetweenError(detail, [], 404, "Not found", "not-found")


def conflict(detail: str, slug: str = "conflict") -> BetweenError:
    return BetweenError(detail, [], 409, "Conflict", slug)


def unauthorized(detail: str = "Log in first.") -> BetweenError:
    return BetweenError(detail, [], 401, "Not logged in", "unauthorized")


def too_many(detail: str) -> BetweenError:
    return BetweenError(detail, [], 429, "Too many attempts", "rate-limited")
