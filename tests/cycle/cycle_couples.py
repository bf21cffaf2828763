"""Synthetic couples for the cycle tests: each partner's moments, built from plain words."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from between.cycle import MomentFacts, Partner

SAM = Partner("sam-id", "Sam")
ALEX = Partner("alex-id", "Alex")
START = datetime(2026, 3, 1, 19, 0)

# Varied ways people describe the same kinds of move, as they would type them.
PURSUING = ("criticised him", "kept pushing", "I criticised", "blamed her for it",
            "kept asking why", "yelled")  # fmt: skip
WITHDRAWING = ("went quiet", "shut down", "left the room", "said nothing", "withdrew",
               "stonewalled")  # fmt: skip

_ids = itertools.count(1)


def moment(author: Partner, day: int, **fields) -> MomentFacts:
    """One moment by `author`, `day` days after START (hours keep same-day moments apart)."""
    index = next(_ids)
    occurred = START + timedelta(days=day, minutes=index)
    return MomentFacts(id=f"{author.name.lower()}-{index}", author_id=author.id,
                       occurred_at=occurred, **fields)  # fmt: skip


def moves(author: Partner, phrases: Sequence[str], count: int, **fields) -> list[MomentFacts]:
    """`count` moments whose protective moves cycle through `phrases`."""
    return [
        moment(author, day, protective_move=phrases[day % len(phrases)], **fields)
        for day in range(count)
    ]


def pursue_withdraw(count: int = 12) -> list[MomentFacts]:
    """Sam protests and pushes; Alex goes quiet and steps away; Sam feels alone, Alex afraid."""
    return moves(SAM, PURSUING, count, deeper_feeling="lonely", need="to matter to him") + moves(
        ALEX, WITHDRAWING, count, deeper_feeling="overwhelmed", need="some space"
    )
