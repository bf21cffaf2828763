"""What a reflection links to, for its writer alone: their own moments' raw spots and usual move
in the cycle, and their own ECR results, in plain words and never as a diagnosis.

Everything here is read from the person's own records only (their moments and check-ins, by
owner), never from what a partner shared and never from a partner's private records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from between.assessments.instruments import get_instrument
from between.assessments.models import CheckInRecord
from between.cycle.inference import MIN_MOMENTS, MIXED, PURSUE, WITHDRAW, Partner, infer_position
from between.cycle.lexicon import lexicon
from between.cycle.raw_spots import find_raw_spots
from between.cycle.service import moment_facts
from between.cycle.wording import feeling_words, need_words
from between.moments.models import Moment
from between.people.models import Person
from between.privacy.policy import select_readable

ECR_INSTRUMENTS = ("ecr_s", "ecr_r")  # the short form first; the revised one if that is what they took
CLEAR_DIFFERENCE = 1.0  # points on the 1-7 scale before one side is called "stronger"

SIDES = {
    PURSUE: "the side of the cycle that reaches harder for a response",
    WITHDRAW: "the side of the cycle that steps back to calm things down",
}
INVITATIONS = {
    PURSUE: ("Reaching harder is often what a person learned when comfort did not come unless they "
             "worked for it. Does that fit what you wrote, or not at all?"),
    WITHDRAW: ("Stepping back is often what a person learned when feelings were not safe to show, "
               "or when they had to manage on their own. Does that fit what you wrote, or not at all?"),
    MIXED: ("Sometimes you reach harder and sometimes you step back. Is there an old pattern in "
            "either one?"),
}


@dataclass(frozen=True)
class Echoes:
    """The echo of the person's own moments: how many, their usual move, their sore spots."""

    moment_count: int
    position: str  # pursue | withdraw | mixed | unknown
    move: str | None  # the usual move in their own voice, e.g. "pushed for a response"
    position_words: str
    invitation: str | None
    raw_spots: tuple[tuple[str, int], ...] = ()  # (title, how many of their moments)
    feeling: str | None = None  # what they most often felt underneath
    need: str | None = None


@dataclass(frozen=True)
class EcrLink:
    """The person's latest ECR results, in plain words."""

    instrument: str  # id
    short_title: str
    taken_at: datetime
    anxiety: float | None
    avoidance: float | None
    words: tuple[str, ...] = field(default=())


def own_echoes(db: Session, person: Person) -> Echoes:
    own = db.scalars(select_readable(Moment, person.id).where(Moment.owner_id == person.id)
                     .order_by(Moment.occurred_at, Moment.id))
    facts = [moment_facts(m, person) for m in own]
    side = infer_position(Partner(person.id, person.display_name), facts, lexicon())
    move = lexicon().move(side.main_move).fields["named"] if side.main_move else None
    return Echoes(
        moment_count=len(facts), position=side.position, move=move,
        position_words=_position_words(side.position, move, len(facts)),
        invitation=INVITATIONS.get(side.position),
        raw_spots=tuple((s.title, s.count) for s in find_raw_spots(facts)),
        feeling=feeling_words(side), need=need_words(side))


def _position_words(position: str, move: str | None, count: int) -> str:
    if count == 0:
        return ("You haven't recorded a moment yet. When something hard happens, record it: its "
                "echo will show here.")
    if position in SIDES:
        return (f"In your own moments, when things got hard you most often {move}: "
                f"{SIDES[position]}.")
    if position == MIXED:
        return "In your own moments, your moves are mixed so far: sometimes you reach, sometimes you step back."
    return (f"There aren't enough of your own moments yet to see your usual move (it shows once "
            f"{MIN_MOMENTS} of them show one).")


def ecr_link(db: Session, person: Person, echoes: Echoes | None = None) -> EcrLink | None:
    """The latest ECR the person finished themselves, in plain words; None if they took none."""
    record = db.scalar(select_readable(CheckInRecord, person.id).where(
        CheckInRecord.owner_id == person.id, CheckInRecord.instrument.in_(ECR_INSTRUMENTS),
        CheckInRecord.status == "complete").order_by(CheckInRecord.taken_at.desc()).limit(1))
    if record is None:
        return None
    scores = record.scores or {}
    anxiety, avoidance = _score(scores.get("anxiety")), _score(scores.get("avoidance"))
    instrument = get_instrument(record.instrument)
    return EcrLink(record.instrument, instrument.short_title, record.taken_at, anxiety, avoidance,
                   tuple(_ecr_words(anxiety, avoidance, echoes)))


def _score(value) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


def _ecr_words(anxiety: float | None, avoidance: float | None, echoes: Echoes | None) -> list[str]:
    if anxiety is None or avoidance is None:
        return ["Some questions were left out, so there are no numbers to link to yet."]
    words = [
        f"Worry about whether you matter to a partner: {anxiety:.1f} out of 7. Unease with "
        f"closeness and with depending on a partner: {avoidance:.1f} out of 7.",
        "These are not a type or a diagnosis. They describe how you answered that day, and they "
        "can change: feeling safer together often brings both down.",
    ]
    stronger = None
    if anxiety - avoidance >= CLEAR_DIFFERENCE:
        stronger = PURSUE
        words.append("In your answers, the worry about mattering ran stronger than the wish to keep "
                     "your distance. People whose worry runs stronger often reach harder when a "
                     "partner feels far away. Maybe that connects with what you learned to do back then.")
    elif avoidance - anxiety >= CLEAR_DIFFERENCE:
        stronger = WITHDRAW
        words.append("In your answers, the wish to keep some distance ran stronger than the worry "
                     "about mattering. People with more of this often learned early to manage on "
                     "their own, and step back when feelings run high. Maybe that connects with "
                     "what you learned to do back then.")
    else:
        words.append("The two were close to each other in your answers.")
    if echoes is not None and echoes.position in SIDES and stronger is not None:
        if echoes.position == stronger:
            words.append(f"Your moments tell a similar story: you most often {echoes.move}.")
        else:
            words.append(f"Your moments show you most often {echoes.move}. What you answer and what "
                         "you do in a hard moment don't have to match; both are worth being curious about.")
    return words

