"""The slow-down flow: pause, body, cycle, on top, underneath, need, then a moment or a reach.

Each step can be skipped; each answer is stored at once (private to its owner), so leaving
halfway keeps what was entered. A racing heart or feeling flooded offers a break first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from between.coach.analysis import read_message
from between.coach.data import read, rewrites
from between.coach.models import SlowDown
from between.coach.reach import detected
from between.cycle import MomentFacts, Partner, infer_cycle, sentence
from between.db.base import utcnow
from between.errors import FieldProblem, bad_input, not_found
from between.moments.service import NewMoment, list_moments, moment_view, record_moment
from between.people.couples import current_couple, partners
from between.people.models import Person
from between.privacy.audit import audit
from between.privacy.visibility import Visibility

SHORT = 500
TEXT = 5000


@dataclass(frozen=True)
class StepInfo:
    key: str
    title: str
    prompt: str


@dataclass(frozen=True)
class Guide:
    flooded_bpm: int
    break_minutes: int
    steps: tuple[StepInfo, ...]
    soothing: tuple[str, ...]
    come_back: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)

    def step(self, key: str) -> StepInfo:
        return next(s for s in self.steps if s.key == key)


@lru_cache(maxsize=1)
def guide() -> Guide:
    raw = read("slowdown.yaml")
    return Guide(flooded_bpm=int(raw["flooded_bpm"]), break_minutes=int(raw["break_minutes"]),
                 steps=tuple(StepInfo(**s) for s in raw["steps"]),
                 soothing=tuple(raw["soothing"]), come_back=raw["come_back"])


class Answers(BaseModel):
    """What a person may enter along the way; every field optional (each step can be skipped)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    happened: str | None = Field(None, max_length=TEXT)
    heart_rate: int | None = Field(None, ge=30, le=250, strict=True, description="Beats per minute.")
    flooded: bool | None = None
    on_top: str | None = Field(None, max_length=SHORT)
    underneath: str | None = Field(None, max_length=SHORT)
    need: str | None = Field(None, max_length=SHORT)


# --- the flow ----------------------------------------------------------------------------


def current(db: Session, person: Person) -> SlowDown | None:
    return db.scalar(select(SlowDown).where(SlowDown.owner_id == person.id,
                                            SlowDown.finished_at.is_(None))
                     .order_by(SlowDown.created_at.desc()).limit(1))


def peek(db: Session, person: Person) -> SlowDown:
    """The flow to show: the one left halfway, or a fresh one that is not stored until used."""
    return current(db, person) or SlowDown(owner_id=person.id, step=guide().keys[0], answers={})


def begin(db: Session, person: Person) -> SlowDown:
    """The flow the person left halfway, or a new one at the pause."""
    flow = current(db, person)
    if flow is None:
        flow = SlowDown(owner_id=person.id, visibility=Visibility.PRIVATE.value,
                        step=guide().keys[0], answers={})
        db.add(flow)
        db.flush()
        audit(db, person.id, "create", "slowdown", flow.id)
    return flow


def answer(db: Session, person: Person, step: str, values: dict[str, Any], *,
           skip: bool = False, now: datetime | None = None) -> SlowDown:
    """Store this step's answers (unless skipped) and move on to the next step."""
    return answer_step(db, person, step, values, skip=skip, now=now).flow


@dataclass(frozen=True)
class Answered:
    flow: SlowDown
    safety: Any  # the writer's check of what they wrote (safety/writer.py); flagged: stopped


def answer_step(db: Session, person: Person, step: str, values: dict[str, Any], *,
                skip: bool = False, now: datetime | None = None) -> Answered:
    """Store this step's answers (unless skipped) and move on to the next step.

    What the person wrote passes their safety check first; when it flags, the answers are kept
    but the flow stops at this step: the person sees the crisis card, not the next prompt."""
    from between.safety.writer import NOT_FLAGGED

    keys = guide().keys
    if step not in keys:
        raise bad_input("There is no such step.", FieldProblem("step", f"one of {', '.join(keys)}"))
    flow = begin(db, person)
    check = NOT_FLAGGED
    if not skip:
        given = Answers.model_validate(values).model_dump(exclude_none=True)
        check = _screen(db, person, given)
        flow.answers = {**(flow.answers or {}), **given}
        if check.flag:
            flow.step = step
            return Answered(flow, check)
        if step == "body" and is_flooded(given):
            flow.break_until = (now or utcnow()) + timedelta(minutes=guide().break_minutes)
    flow.step = keys[min(keys.index(step) + 1, len(keys) - 1)]
    return Answered(flow, check)


def safety_of(db: Session, person: Person, flow: SlowDown):
    """The writer's check of what the flow holds, read again without storing anything: a flow
    stopped by a flagged answer shows the card whenever it is opened."""
    from between.safety.writer import read_writing

    return read_writing(db, person, [v for v in (flow.answers or {}).values()
                                     if isinstance(v, str)])


def go_to(db: Session, person: Person, step: str) -> SlowDown:
    if step not in guide().keys:
        raise not_found()
    flow = begin(db, person)
    flow.step = step
    return flow


def is_flooded(given: dict[str, Any]) -> bool:
    rate = given.get("heart_rate")
    return bool(given.get("flooded")) or (rate is not None and rate >= guide().flooded_bpm)


def on_break(flow: SlowDown, now: datetime | None = None) -> bool:
    return flow.break_until is not None and flow.break_until > (now or utcnow())


def end_break(flow: SlowDown) -> None:
    flow.break_until = None


def save_as_moment(db: Session, person: Person) -> str:
    """Keep the flow as a private moment; its id. Needs "what happened"."""
    flow = begin(db, person)
    a = flow.answers or {}
    if not a.get("happened"):
        raise bad_input("Say in a few words what happened, then save it as a moment.",
                        FieldProblem("happened", "is empty"))
    moment = record_moment(db, person, NewMoment(
        happened=a["happened"], surface_reaction=a.get("on_top"),
        deeper_feeling=a.get("underneath"), need=a.get("need")))
    flow.moment_id, flow.finished_at = moment.id, utcnow()
    return moment.id


def flow_view(db: Session, person: Person) -> dict[str, Any]:
    """The flow as the API shows it to its owner (nobody else ever sees it)."""
    flow = peek(db, person)
    safety = safety_of(db, person, flow)
    return {
        "safety": safety.view(),
        "step": flow.step,
        "answers": flow.answers or {},
        "break_until": flow.break_until,
        "on_break": on_break(flow),
        "steps": [{"key": s.key, "title": s.title, "prompt": s.prompt} for s in guide().steps],
        "cycle": cycle_sentence(db, person) if flow.step == "cycle" else None,
        "underneath_suggestions": (underneath_suggestions(flow)
                                   if flow.step == "underneath" and not safety.flag else []),
    }


def finish(db: Session, person: Person) -> None:
    flow = current(db, person)
    if flow is not None:
        flow.finished_at = utcnow()


# A reach speaks to the partner: "He walked away" becomes "When you walked away".
_TO_YOU = {"he": "you", "she": "you"}
_OBJECT_TO_YOU = {"his": "your", "him": "you", "himself": "yourself", "herself": "yourself"}
_VERB_FOR_YOU = {"was": "were", "is": "are", "has": "have", "does": "do", "wasn't": "weren't",
                 "isn't": "aren't", "hasn't": "haven't", "doesn't": "don't"}


def as_clause(happened: str) -> str:
    """What happened, made to follow "When ...": no capital, no closing stop, said to the partner.

    Names, "I" and acronyms keep their capitals; only a leading he/she is turned to "you".
    """
    text = happened.strip().rstrip(".!")
    words = text.split(" ")
    first = words[0]
    if first.lower() in _TO_YOU:
        words[0] = _TO_YOU[first.lower()]
        if len(words) > 1 and words[1].lower() in _VERB_FOR_YOU:
            words[1] = _VERB_FOR_YOU[words[1].lower()]
        words = [_OBJECT_TO_YOU.get(w.lower(), w) if i else w for i, w in enumerate(words)]
        # "her" before a word is a possessive (her phone -> your phone); at the end, an object.
        words = [("your" if i + 1 < len(words) else "you") if w.lower() == "her" else w
                 for i, w in enumerate(words)]
    elif first[:1].isupper() and first[1:].islower() and first.lower() in _COMMON_OPENINGS:
        words[0] = first.lower()
    return " ".join(words)


# Words that open a sentence and are not names: only these lose their capital.
_COMMON_OPENINGS = frozenset({
    "you", "we", "they", "it", "the", "a", "an", "my", "our", "your", "their", "this", "that",
    "there", "his", "her", "when", "after", "before", "during", "at", "on", "in", "as", "while",
    "once"})


def reach_draft(flow: SlowDown) -> str:
    """A first draft of a reach, made only of what the person entered."""
    a = flow.answers or {}
    parts = []
    if a.get("happened"):
        parts.append(f"When {as_clause(a['happened'])}, I felt {a.get('on_top') or '…'}.")
    if a.get("underneath"):
        parts.append(f"Underneath, I feel {a['underneath']}.")
    if a.get("need"):
        parts.append(f"I need {a['need']}.")
    return " ".join(parts)


def underneath_suggestions(flow: SlowDown) -> list[str]:
    """Deeper feelings the analysis reads in what the person wrote, in plain words."""
    a = flow.answers or {}
    text = " ".join(a[k] for k in ("happened", "on_top") if a.get(k))
    if not text.strip():
        return []
    analysis = read_message(text)
    feelings = detected(analysis.deeper_feelings, analysis.evidence, "deeper_feelings")
    return [rewrites().feelings[f] for f in feelings]


def all_feelings() -> list[str]:
    return list(rewrites().feelings.values())


def all_needs() -> list[str]:
    return list(rewrites().needs.values())


# --- the couple's own cycle --------------------------------------------------------------


def cycle_sentence(db: Session, person: Person) -> str | None:
    """The couple's cycle in one sentence, from the moments this person may see (None: none)."""
    visible = [moment_view(m, person) for m in list_moments(db, person)]
    couple = current_couple(db, person)
    people = partners(db, couple.id) if couple else [person]
    ids = {p.id for p in people}
    facts = [_facts(view) for view in visible if view["owner_id"] in ids]
    if not facts:
        return None
    return sentence(infer_cycle(facts, [Partner(p.id, p.display_name) for p in people]))


def _facts(view: dict[str, Any]) -> MomentFacts:
    return MomentFacts(
        id=view["id"], author_id=view["owner_id"], occurred_at=view["occurred_at"],
        happened=view["happened"], surface_reaction=view["surface_reaction"],
        protective_move=view["protective_move"], meaning=view["meaning"],
        deeper_feeling=view["deeper_feeling"], need=view["need"], intensity=view["intensity"],
        outcome=view["outcome"], repair_minutes=view["repair_minutes"],
        analysis=view["suggestions"])


def _screen(db: Session, person: Person, given: dict[str, Any]):
    from between.safety.writer import check_writing

    return check_writing(db, person, [v for v in given.values() if isinstance(v, str)],
                         source="reflection")
