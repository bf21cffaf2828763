"""Suggestions for a moment's structured fields, read from its free-text account.

The person accepts, edits or ignores them; they never overwrite what was typed. Each carries
the words that led to it. Risk is deliberately left out: it belongs to the safety domain and
must never travel with a record that could be shared.
"""

from __future__ import annotations

from typing import Any

from between.analysis.engine import Evidence, MessageAnalysis

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
FEELING_WORDS = {"fear": "scared", "hurt": "hurt", "sadness": "sad", "loneliness": "lonely",
                 "shame": "ashamed", "longing": "longing", "overwhelm": "overwhelmed"}
NEED_WORDS = {"to_matter": "to matter", "closeness": "to be close", "safety": "to feel safe",
              "acceptance": "to be accepted", "appreciation": "to be valued", "room": "room"}
EMOTION_SHOWN_FROM = 0.35  # GoEmotions probabilities are spread thin; this reads as "present"


def suggestions(analysis: MessageAnalysis) -> dict[str, Any]:
    register = analysis.register.label
    register_words = _words(analysis.evidence, "register", register)
    surface = []
    if register in SURFACE_BY_REGISTER:
        surface.append(_item(SURFACE_BY_REGISTER[register],
                             analysis.register.probabilities[register], register_words))
    for emotion, word in SURFACE_BY_EMOTION.items():
        if analysis.emotions.get(emotion, 0.0) >= EMOTION_SHOWN_FROM:
            surface.append(_item(word, analysis.emotions[emotion],
                                 _words(analysis.evidence, "emotions", emotion)))
    move = []
    if register in MOVE_BY_REGISTER:
        move.append(_item(MOVE_BY_REGISTER[register], analysis.register.probabilities[register],
                          register_words))
    return {
        "register": {"label": register, "probability": analysis.register.probabilities[register]},
        "deeper_feelings": _detected(analysis.deeper_feelings),
        "needs": _detected(analysis.needs),
        "low_confidence": analysis.low_confidence,
        "suggestions": {
            "surface_reaction": surface,
            "protective_move": move,
            "deeper_feeling": _labelled(analysis, "deeper_feelings", FEELING_WORDS),
            "need": _labelled(analysis, "needs", NEED_WORDS),
        },
    }


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
