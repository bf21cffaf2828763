"""Suggestions for a moment's structured fields, read from its free-text account.

The person accepts, edits or ignores them; they never overwrite what was typed. Each carries
the words that led to it. "What happened" is a narration, so the writer's own move, surface
reaction and deeper feeling come first from the narration reader (cycle/narration.py), which
quotes the clause they were read in and never takes the partner's actions for the writer's;
the message analysis (its register, emotions, feelings, needs) adds what it reads. Risk is
deliberately left out: it belongs to the safety domain and must never travel with a record
that could be shared.
"""

from __future__ import annotations

from typing import Any

from between.analysis.engine import Evidence, MessageAnalysis
from between.cycle.lexicon import lexicon
from between.cycle.narration import Reading, read_narration

# The register a text reads in, as the surface reaction and protective move it suggests.
SURFACE_BY_REGISTER = {
    "criticism": "critical",
    "contempt": "contemptuous",
    "defensiveness": "defensive",
    "withdrawal": "shut down",
}
MOVE_BY_REGISTER = {
    "criticism": "pursue (protest, push)",
    "contempt": "pursue (attack)",
    "defensiveness": "defend",
    "withdrawal": "withdraw (go quiet, leave)",
}
SURFACE_BY_EMOTION = {"anger": "angry", "annoyance": "irritated", "disgust": "disgusted"}
# The cycle lexicon's surface reactions in the words a person would write "on top".
SURFACE_WORDS = {"anger": "angry", "criticism": "critical", "contempt": "contemptuous",
                 "defensiveness": "defensive", "withdrawal": "numb"}
TOLD = 0.9  # how sure a suggestion read from the writer's own clause is shown: their words say it
FEELING_WORDS = {"fear": "scared", "hurt": "hurt", "sadness": "sad", "loneliness": "lonely",
                 "shame": "ashamed", "longing": "longing", "overwhelm": "overwhelmed"}
NEED_WORDS = {"to_matter": "to matter", "closeness": "to be close", "safety": "to feel safe",
              "acceptance": "to be accepted", "appreciation": "to be valued", "room": "room"}
EMOTION_SHOWN_FROM = 0.35  # GoEmotions probabilities are spread thin; this reads as "present"


def suggestions(analysis: MessageAnalysis, text: str) -> dict[str, Any]:
    """Suggestions for each structured field from `text` ("what happened") and its analysis."""
    register = analysis.register.label
    register_words = _words(analysis.evidence, "register", register)
    told = read_narration(text)
    surface = [_told(SURFACE_WORDS[r.key], r, "you say you were") for r in _first(told.surface_reactions)]
    if register in SURFACE_BY_REGISTER:
        surface.append(_item(SURFACE_BY_REGISTER[register],
                             analysis.register.probabilities[register], register_words))
    for emotion, word in SURFACE_BY_EMOTION.items():
        if analysis.emotions.get(emotion, 0.0) >= EMOTION_SHOWN_FROM:
            surface.append(_item(word, analysis.emotions[emotion],
                                 _words(analysis.evidence, "emotions", emotion)))
    move = [_move(r) for r in _first(told.moves)]
    if not move and register in MOVE_BY_REGISTER:
        move.append(_item(MOVE_BY_REGISTER[register], analysis.register.probabilities[register],
                          register_words))
    feelings = [_told(FEELING_WORDS[r.key], r, "you say you felt") for r in _first(told.deeper_feelings)]
    return {
        "register": {"label": register, "probability": analysis.register.probabilities[register]},
        "deeper_feelings": _detected(analysis.deeper_feelings),
        "needs": _detected(analysis.needs),
        "low_confidence": analysis.low_confidence,
        "suggestions": {
            "surface_reaction": _unique(surface),
            "protective_move": move,
            "deeper_feeling": _unique(feelings + _labelled(analysis, "deeper_feelings", FEELING_WORDS)),
            "need": _labelled(analysis, "needs", NEED_WORDS),
        },
    }


def _first(readings: tuple[Reading, ...]) -> list[Reading]:
    """One reading per term, the first place it was said."""
    seen: dict[str, Reading] = {}
    for reading in readings:
        seen.setdefault(reading.key, reading)
    return list(seen.values())


def _move(reading: Reading) -> dict:
    entry = lexicon().move(reading.key)
    item = _told(entry.fields["named"], reading, "what you did, in your words")
    return item | {"kind": entry.fields["move"]}


def _told(value: str, reading: Reading, reason: str) -> dict:
    words = [{"text": reading.clause, "start": reading.start, "end": reading.end,
              "reason": f"{reason}: ‘{reading.cue}’"}]
    return _item(value, TOLD, words)


def _unique(items: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for item in items:
        seen.setdefault(item["value"], item)
    return list(seen.values())


def _detected(found) -> dict[str, float]:
    return {label: round(d.probability, 3) for label, d in found.items() if d.detected}


def _labelled(analysis: MessageAnalysis, field: str, words: dict[str, str]) -> list[dict]:
    found = getattr(analysis, field)
    ranked = sorted((d.probability, label) for label, d in found.items() if d.detected)
    return [_item(words[label], p, _words(analysis.evidence, field, label))
            for p, label in reversed(ranked)]


def _words(evidence: list[Evidence], field: str, label: str) -> list[dict]:
    return [{"text": e.text, "start": e.start, "end": e.end, "reason": e.reason}
            for e in evidence if e.field == field and e.label == label]


def _item(value: str, probability: float, words: list[dict]) -> dict:
    return {"value": value, "probability": round(probability, 3), "words": words}
