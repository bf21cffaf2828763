"""The cycle map as the viewer may see it: built only from moments the policy lets them read.

The viewer's own moments (private ones too) tell their side; the partner's side comes only
from what the partner shared. Nothing private of the partner's can move a position or a count.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from between.cycle.inference import Cycle, MomentFacts, Partner, infer_cycle
from between.moments.models import Moment
from between.moments.service import list_moments, moment_view
from between.people.couples import current_couple, partners
from between.people.models import Person


def cycle_for(db: Session, viewer: Person) -> Cycle:
    couple = current_couple(db, viewer)
    people = partners(db, couple.id) if couple else [viewer]
    ids = {p.id for p in people}
    facts = [moment_facts(m, viewer) for m in list_moments(db, viewer) if m.owner_id in ids]
    return infer_cycle(facts, [Partner(p.id, p.display_name) for p in people])


def moment_facts(moment: Moment, viewer: Person) -> MomentFacts:
    """What the cycle map may know of one moment `viewer` may read."""
    view = moment_view(moment, viewer)
    return MomentFacts(
        id=view["id"], author_id=view["owner_id"], occurred_at=view["occurred_at"],
        happened=view["happened"], surface_reaction=view["surface_reaction"],
        protective_move=view["protective_move"], meaning=view["meaning"],
        deeper_feeling=view["deeper_feeling"], need=view["need"], intensity=view["intensity"],
        outcome=view["outcome"], repair_minutes=view["repair_minutes"],
        # The analysis is read from the free text, so it counts only where that text is visible.
        analysis=moment.analysis if view["happened"] is not None else None,
    )
