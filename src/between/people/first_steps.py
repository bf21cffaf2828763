"""The first-run path: after the welcome, a short list of first steps on the home page.

Partners: the first moment, the cycle, the first softening conversation. Someone on their own
(no partner in the space yet): the first moment, the cycle, and practising the reach alone.
A step is done when the person has done it; the list goes once every step is done, or when
the person hides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from between.coach.models import Conversation
from between.db.base import utcnow
from between.moments.models import Moment
from between.people.models import Person

HIDDEN = "hidden"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    href: str
    why: str
    done: bool = False


MOMENT = Step("moment", "Record your first moment", "/moments/new",
              "A hard moment, in your own words, while it is fresh. It stays private unless you share it.")
CYCLE = Step("cycle", "See your cycle", "/cycle",
             "The pattern the two of you get caught in: the cycle is the problem, not either of you.")
CONVERSATION = Step("conversation", "Have your first softening conversation", "/conversations",
                    "Together, each on your own device: one shares the feeling underneath, the other reflects it back.")
REACH = Step("reach", "Practise saying the deeper feeling", "/coach",
             "Draft what you would like to say; see how it reads and a gentler way to say it. Nothing is sent.")
CHECK_IN = Step("check_in", "Take the private check-in", "/safety/check-in",
                "A few questions, on your own; only you see the answers. Your first softening "
                "conversation opens once both of you have taken it.")
PATHS = {"couple": (MOMENT, CYCLE, CHECK_IN, CONVERSATION), "solo": (MOMENT, CYCLE, REACH)}


def first_steps(db: Session, person: Person, *, with_partner: bool) -> list[Step]:
    """The path's steps with what is done; empty once all are done or the person hid them."""
    seen = person.first_steps or {}
    if HIDDEN in seen:
        return []
    done = set(seen) | _done_by_records(db, person)
    steps = [Step(s.key, s.title, s.href, s.why, s.key in done)
             for s in PATHS["couple" if with_partner else "solo"]]
    return [] if all(s.done for s in steps) else steps


def mark(person: Person, key: str) -> None:
    """Note that the person took a step the records cannot show (opened the cycle, hid the list)."""
    seen = dict(person.first_steps or {})
    if key not in seen:
        seen[key] = utcnow().isoformat()
        person.first_steps = seen  # a new dict, so the JSON column is written


def _done_by_records(db: Session, person: Person) -> set[str]:
    done = set()
    if db.scalar(select(Moment.id).where(Moment.owner_id == person.id).limit(1)):
        done.add(MOMENT.key)
    talking = or_(Conversation.speaker_id == person.id, Conversation.listener_id == person.id)
    if db.scalar(select(Conversation.id).where(talking).limit(1)):
        done.add(CONVERSATION.key)
    from between.safety.service import screened_in_couple

    if screened_in_couple(db, person):
        done.add(CHECK_IN.key)
    return done
