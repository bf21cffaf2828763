"""A check-in as plain values: what exports, charts and reports are built from.

Storage keeps its own model; it hands these to the pure report builders so that they never
touch the database and can only show what the caller already chose to pass in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CheckIn:
    id: str
    person: str  # the owner's id as exported; never an e-mail address
    instrument: str
    answers: Mapping[str, int]  # item number (as text) -> raw answer, before reverse keying
    taken_at: datetime  # timezone-aware
    draft: bool = False
