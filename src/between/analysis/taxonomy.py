"""The label sets the analysis engine speaks in: one vocabulary for code, API and UI."""

from __future__ import annotations

REGISTERS = (
    "criticism",
    "complaint",
    "contempt",
    "defensiveness",
    "withdrawal",
    "vulnerable",
    "neutral",
)

RISK_KINDS = (
    "violence",
    "threat",
    "fear_of_partner",
    "coercive_control",
    "sexual_coercion",
    "self_harm",
)

DEEPER_FEELINGS = ("fear", "hurt", "sadness", "loneliness", "shame", "longing", "overwhelm")

# Attachment needs; `safety` means safety/reassurance, `room` means space of one's own.
NEEDS = ("to_matter", "closeness", "safety", "acceptance", "appreciation", "room")

REPLY_QUALITIES = ("responsive", "defensive", "dismissive", "withdrawing", "critical", "fixing")

# A.R.E.: accessibility, responsiveness, engagement (Johnson, Hold Me Tight).
ARE_DIMENSIONS = ("accessibility", "responsiveness", "engagement")

# EPITOME's three empathy communication mechanisms (Sharma et al. 2020), levels 0, 1, 2.
EMPATHY_MECHANISMS = ("emotional_reactions", "interpretations", "explorations")

# GoEmotions' 27 emotions + neutral, in the data set's order (Demszky et al. 2020).
GOEMOTIONS = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion",
    "curiosity", "desire", "disappointment", "disapproval", "disgust", "embarrassment",
    "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
    "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip
