"""What the reach coach may draw on beyond the draft: the writer's own moments and cycle side.

Only the writer's own moments count (their private ones too, since they are the reader); the
partner's moments never shape the choices offered to the writer.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from between.analysis.taxonomy import DEEPER_FEELINGS, NEEDS
from between.coach.choices import Context
from between.people.models import Person

TRIGGERS = 3  # partner actions kept from the writer's most recent moments


def writer_context(db: Session, person: Person) -> Context:
    from between.cycle.narration import read_narration
    from between.cycle.service import cycle_for
    from between.moments.service import list_moments

    cycle = cycle_for(db, person)
    side = next((p for p in cycle.positions if p.partner.id == person.id), None)
    if side is None or side.moment_count == 0:
        return Context()
    own = [m for m in list_moments(db, person) if m.owner_id == person.id]  # newest first
    triggers = [m.happened[c.start:c.end] for m in own
                for c in read_narration(m.happened).partner_clauses]
    return Context(
        position=side.position,
        feelings=tuple(c.term for c in side.deeper_feelings if c.term in DEEPER_FEELINGS),
        needs=tuple(c.term for c in side.needs if c.term in NEEDS),
        triggers=tuple(dict.fromkeys(triggers))[:TRIGGERS],
        counts={c.term: c.count for c in (*side.deeper_feelings, *side.needs)},
    )
