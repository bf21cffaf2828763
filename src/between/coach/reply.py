"""The reply coach (pure): how an answer to a reach lands, and answers of each good kind.

Flags name the moves that turn away from a reach (defensive, dismissive, withdrawing, critical,
fixing too early), each with the words responsible. Alternatives are filled from the reach: its
deeper feeling and need, and its own situation turned to the listener's side.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from between.analysis.cues import Cue, find_cues
from between.analysis.engine import ACKNOWLEDGING, ARE, Empathy, Evidence, MessageAnalysis
from between.coach.analysis import read_message, read_reply
from between.coach.data import ALTERNATIVE_KINDS, alternatives, rewrites
from between.coach.reach import detected, situation_phrase

# Reply qualities that turn away from a reach, and the flag each raises.
FLAGS = {
    "defensive": "defensive",
    "dismissive": "dismissive",
    "withdrawing": "withdrawing",
    "critical": "critical",
    "fixing": "fixing_too_early",
}
FlagKind = Literal["defensive", "dismissive", "withdrawing", "critical", "fixing_too_early"]
AlternativeKind = Literal["reflect", "validate", "ask", "reassure", "stay_present"]


class Words(BaseModel):
    start: int
    end: int
    text: str
    reason: str


class Flag(BaseModel):
    kind: FlagKind
    words: list[Words] = Field(description="The words in the reply that raise this flag.")


class Alternative(BaseModel):
    kind: AlternativeKind
    text: str


class ReplyCoaching(BaseModel):
    quality: str = Field(description="responsive, defensive, dismissive, withdrawing, critical "
                         "or fixing")
    quality_probability: float = Field(ge=0, le=1)
    are: ARE
    empathy: Empathy
    evidence: list[Evidence] = Field(description="Spans index the reply.")
    flags: list[Flag]
    alternatives: list[Alternative]
    low_confidence: bool


def coach_reply(share: str, reply: str) -> ReplyCoaching:
    analysis = read_reply(share, reply)
    quality = analysis.quality.label
    return ReplyCoaching(
        quality=quality,
        quality_probability=analysis.quality.probabilities[quality],
        are=analysis.are,
        empathy=analysis.empathy,
        evidence=analysis.evidence,
        flags=flags(reply, quality, analysis.evidence),
        alternatives=suggest_alternatives(share),
        low_confidence=analysis.low_confidence,
    )


def flags(reply: str, top: str, evidence: list[Evidence]) -> list[Flag]:
    """A flag for every turning-away quality the reply's words point to, and for the top one."""
    cues = _counted_cues(find_cues(reply))
    raised = []
    for quality, kind in FLAGS.items():
        key = f"quality.{quality}"
        supporting = [c for c in cues if c.weight_for(key) > 0]
        if sum(c.weight_for(key) for c in cues) > 0:
            raised.append(Flag(kind=kind, words=[_words(c) for c in supporting]))
        elif quality == top:
            raised.append(Flag(kind=kind, words=[
                Words(start=e.start, end=e.end, text=e.text, reason=e.reason)
                for e in evidence if e.field == "quality" and e.label == quality]))
    return raised


def _counted_cues(cues: list[Cue]) -> list[Cue]:
    # As the engine reads it: advice after acknowledging the feeling is not fixing too early.
    first_ack = min((c.start for c in cues if c.feature in ACKNOWLEDGING), default=None)
    if first_ack is None:
        return cues
    return [c for c in cues if not (c.start > first_ack and c.weight_for("quality.fixing") > 0)]


def _words(cue: Cue) -> Words:
    return Words(start=cue.start, end=cue.end, text=cue.text, reason=cue.reason)


def suggest_alternatives(share: str, analysis: MessageAnalysis | None = None) -> list[Alternative]:
    """One answer of each good kind, filled from what the reach says."""
    analysis = analysis or read_message(share)
    slots = reach_slots(share, analysis)
    data = alternatives()
    return [Alternative(kind=kind, text=_first_fitting(data.templates[kind], slots))
            for kind in ALTERNATIVE_KINDS]


def reach_slots(share: str, analysis: MessageAnalysis) -> dict[str, str]:
    """What the templates may use: {feeling}, {situation}, {need_reassurance}, when known."""
    words = rewrites()
    feelings = detected(analysis.deeper_feelings, analysis.evidence, "deeper_feelings")
    feelings = feelings[: words.most_named]
    needs = detected(analysis.needs, analysis.evidence, "needs")
    situation = situation_phrase(share)
    slots = {}
    if feelings:
        slots["feeling"] = " and ".join(words.feelings[f] for f in feelings)
    if situation:
        slots["situation"] = swap_sides(situation)
    if needs:
        slots["need_reassurance"] = alternatives().reassurance[needs[0]]
    return slots


def _first_fitting(templates: tuple[str, ...], slots: dict[str, str]) -> str:
    for template in templates:
        needed = re.findall(r"\{(\w+)\}", template)
        if all(name in slots for name in needed):
            return template.format(**slots)
    raise ValueError("coach data: every kind needs a template without slots")


def swap_sides(phrase: str) -> str:
    """The partner's words from the listener's side: "you walk away" -> "I walk away"."""
    data = alternatives()
    out, previous = [], ""
    for token in re.findall(r"[A-Za-z']+|[^A-Za-z']+", phrase):
        word = token.lower()
        if word == "you":
            out.append("me" if previous in data.object_after else "I")
        elif word in data.swap_pronouns:
            out.append(data.swap_pronouns[word])
        else:
            out.append(token)
        if token.strip():
            previous = word
    return "".join(out)
