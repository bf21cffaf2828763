"""The reach coach (pure): what a draft to the partner reads as, and a gentler way to say it.

The rewrite follows "When ___, I feel ___, because I need ___. Could you ___?". Each slot is
the draft's own words (situation, request) or the plain word for a feeling or need the analysis
detected in the draft; anything the draft does not say is left as a visible blank for the
person to fill. Each slot also offers ranked choices to tap or edit (choices.py): drawn from the
draft, from the writer's own moments, and from what usually lies under the move the draft
shows, each with the words it came from. Nothing is chosen for the person and nothing is ever
sent: the rewrite is a suggestion.
"""

from __future__ import annotations

import re
import warnings
from typing import Literal

from pydantic import BaseModel, Field

from between.analysis.cues import find_cues
from between.analysis.engine import Evidence, MessageAnalysis
from between.coach import choices as found
from between.coach.analysis import read_message
from between.coach.choices import Choice, Context
from between.coach.data import rewrites

PartSource = Literal["draft", "feeling", "need", "blank"]
SLOTS = ("situation", "feeling", "need", "request")
# Registers whose words make a phrase unfit to be quoted back as a gentle one.
HARSH = ("criticism", "contempt", "defensiveness")
# Registers whose words turn away from the partner: highlighted even in a draft that also reaches.
TURNING_AWAY = (*HARSH, "withdrawal")


class SuggestionPart(BaseModel):
    text: str
    source: PartSource = Field(description="draft: the draft's own words; feeling/need: the "
                               "plain word for what was detected; blank: for the person to fill")
    choices: list[Choice] = Field(default_factory=list,
                                  description="Ranked words to tap or edit for this slot, each "
                                  "with where it came from.")


class Suggestion(BaseModel):
    text: str = Field(description="The gentler rewrite, to edit; it is never sent by itself.")
    parts: dict[str, SuggestionPart] = Field(description="situation, feeling, need, request")


with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"')

    class ReachCoaching(BaseModel):
        register: str = Field(description="What the draft reads as.")
        register_probability: float = Field(ge=0, le=1)
        evidence: list[Evidence] = Field(description="The words behind each reading.")
        deeper_feelings: list[str] = Field(description="Deeper feelings detected, likeliest first.")
        needs: list[str] = Field(description="Attachment needs detected, likeliest first.")
        suggestion: Suggestion | None = Field(
            description="A gentler rewrite, or null when the draft already reads as a reach "
            "(or a plain neutral message) and nothing in it turns away.")
        conjecture: str | None = Field(
            None, description="A tentative guess at the feeling underneath, as a question, for "
            "the writer to take or leave.")
        message: str
        low_confidence: bool


def coach_reach(text: str, analysis: MessageAnalysis | None = None,
                context: Context | None = None) -> ReachCoaching:
    """Coaching for one draft; `analysis` may be given (else the draft is analysed here);
    `context` is what the writer's own moments say (choices drawn from them)."""
    analysis = analysis or read_message(text)
    context = context or Context()
    register = analysis.register.label
    feelings = detected(analysis.deeper_feelings, analysis.evidence, "deeper_feelings")
    needs = detected(analysis.needs, analysis.evidence, "needs")
    evidence = with_turning_away(text, analysis.evidence)
    fine = already_fine(register, feelings, needs) and not _turning_away(evidence)
    suggestion = None if fine else suggest(text, analysis.model_copy(update={"evidence": evidence}),
                                           context)
    return ReachCoaching(
        register=register,
        register_probability=analysis.register.probabilities[register],
        evidence=evidence,
        deeper_feelings=feelings,
        needs=needs,
        suggestion=suggestion,
        conjecture=found.conjecture(suggestion.parts["feeling"].choices) if suggestion else None,
        message=_message(register, _turning_away(evidence)),
        low_confidence=analysis.low_confidence,
    )


def with_turning_away(text: str, evidence: list[Evidence]) -> list[Evidence]:
    """The analysis evidence plus every cue for a turning-away register, even when another
    register came out on top: a draft that reaches and blames at once shows both."""
    seen = {(e.field, e.label, e.start, e.end) for e in evidence}
    extra = [
        Evidence(field="register", label=label, start=c.start, end=c.end, text=c.text,
                 reason=c.reason, source="cue")
        for c in find_cues(text) for label in TURNING_AWAY
        if c.weight_for(f"register.{label}") > 0 and ("register", label, c.start, c.end) not in seen
    ]
    return evidence + sorted(extra, key=lambda e: e.start)


def _turning_away(evidence: list[Evidence]) -> bool:
    return any(e.field == "register" and e.label in TURNING_AWAY for e in evidence)


def detected(detections: dict, evidence: list[Evidence] = (), field: str = "") -> list[str]:
    """Detected labels, those the person's own words name (a cue) first, then likeliest first."""
    named = {e.label for e in evidence if e.field == field and e.source == "cue"}
    found = [(label, d.probability) for label, d in detections.items() if d.detected]
    return [label for label, _ in sorted(found, key=lambda item: (item[0] not in named, -item[1]))]


def already_fine(register: str, feelings: list[str], needs: list[str]) -> bool:
    # A reach needs no rewrite; a plain neutral message with nothing underneath needs none either.
    return register == "vulnerable" or (register == "neutral" and not feelings and not needs)


def suggest(text: str, analysis: MessageAnalysis, context: Context | None = None) -> Suggestion:
    data = rewrites()
    context = context or Context()
    harsh = [e for e in analysis.evidence if e.field == "register" and e.label in HARSH]
    feelings = detected(analysis.deeper_feelings, analysis.evidence, "deeper_feelings")
    needs = detected(analysis.needs, analysis.evidence, "needs")
    situation, request = situation_phrase(text, harsh), request_phrase(text, harsh)
    feeling_choices = found.feeling_choices(analysis, feelings, context)
    need_choices = found.need_choices(analysis, needs, feeling_choices, context)
    offered = {
        "situation": found.situation_choices(text, situation, context),
        "feeling": feeling_choices,
        "need": need_choices,
        "request": found.request_choices(text, request, need_choices),
    }
    parts = {
        "situation": _from_draft(situation),
        "feeling": _named(feelings, data.feelings, "feeling"),
        "need": _named(needs, data.needs, "need"),
        "request": _from_draft(request),
    }
    parts = {slot: (part or SuggestionPart(text=data.blanks[slot], source="blank")).model_copy(
                 update={"choices": offered[slot]})
             for slot, part in parts.items()}
    return Suggestion(text=compose({k: p.text for k, p in parts.items()}), parts=parts)


def compose(words: dict[str, str]) -> str:
    """The reach from the words chosen for each slot (a slot left out keeps its blank)."""
    data = rewrites()
    return data.template.format(**{slot: (words.get(slot) or "").strip() or data.blanks[slot]
                                   for slot in SLOTS})


def situation_phrase(text: str, harsh: list[Evidence] = ()) -> str | None:
    """The one event the draft describes ("you walk away"), in its own words, or None.

    The earliest fitting clause wins, outside the request (whose "when" belongs to the ask).
    """
    data = rewrites()
    asked = _request_match(text, harsh)
    candidates = sorted(
        ((min(m.start(g) for g in rule.keep), " ".join(m.group(g) for g in rule.keep))
         for rule in data.situations for m in rule.pattern.finditer(text)),
        key=lambda item: item[0])
    for start, phrase in candidates:
        phrase = data.situation_ends.split(phrase, maxsplit=1)[0]
        end = start + len(phrase)
        if asked and asked.start("r") <= start < asked.end("r"):
            continue
        if data.blank_if.search(phrase) or _overlaps(start, end, harsh, ("contempt",)):
            continue
        if phrase := _tidy(phrase):
            return phrase
    return None


def request_phrase(text: str, harsh: list[Evidence] = ()) -> str | None:
    """What the draft asks for ("put the phone down at dinner"), in its own words, or None."""
    match = _request_match(text, harsh)
    return _tidy(match.group("r")) or None if match else None


def _request_match(text: str, harsh: list[Evidence]) -> re.Match[str] | None:
    data = rewrites()
    for pattern in data.requests:
        for match in pattern.finditer(text):
            phrase, start, end = match.group("r"), match.start("r"), match.end("r")
            if not (data.blank_if.search(phrase) or _overlaps(start, end, harsh, HARSH)
                    or not _tidy(phrase)):
                return match
    return None


def _overlaps(start: int, end: int, evidence: list[Evidence], labels: tuple[str, ...]) -> bool:
    return any(e.label in labels and e.start < end and start < e.end for e in evidence)


def _tidy(phrase: str) -> str:
    phrase = rewrites().drop_words.sub(" ", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-")
    if phrase[:1].isupper() and not re.match(r"I\b", phrase):
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


def _from_draft(phrase: str | None) -> SuggestionPart | None:
    return SuggestionPart(text=phrase, source="draft") if phrase else None


def _named(labels: list[str], words: dict[str, str], source: PartSource) -> SuggestionPart | None:
    chosen = [words[label] for label in labels[: rewrites().most_named]]
    return SuggestionPart(text=" and ".join(chosen), source=source) if chosen else None


def _message(register: str, turning_away: bool) -> str:
    messages = rewrites().messages
    if turning_away and register in ("vulnerable", "neutral"):
        return messages["mixed"]
    return messages.get(register) or messages["other"].format(register=register)
