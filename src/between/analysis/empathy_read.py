"""Empathy levels for long, real replies: the empathy head's levels read together with cue
features of EPITOME's three mechanisms (stacking).

The cues are written from EPITOME's published definitions (Sharma et al. 2020, "A
Computational Approach to Understanding Empathy Expressed in Text-Based Mental Health
Support"), never from its data: emotional reactions (warmth, compassion, concern: "I'm so
sorry", "sending hugs"), interpretations (a generic "I understand", a similar experience of
one's own, "it sounds like / this must be"), explorations (questions about the seeker's
feelings and situation, specific or generic). A multinomial logistic regression per mechanism
over [the head's log-probabilities, the cue layer's empathy totals, these features] was fitted
on our own couple and peer-support pairs (`python -m between.analysis.training empathy`); its
weights live in the manifest (`empathy_stack`). Pure and cheap: a dozen regular expressions.
"""

from __future__ import annotations

import math
import re

import numpy as np


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z'])(?:" + "|".join(patterns) + r")(?![a-z])")


ER_STRONG = _rx(
    r"(?:i'?m|i am) (?:so |really |truly |very )*sorry",
    r"(?:breaks|broke) my heart",
    r"my heart (?:goes out|hurts|aches)",
    r"i feel (?:so |really )?(?:sad|bad|awful|terrible) (?:for|that|about)",
    r"i'?m (?:so |really )?(?:happy|proud|glad) (?:for|of) you",
    r"heartbroken for",
    r"i hate that you",
    r"that'?s (?:so |really )?(?:awful|terrible|heartbreaking)",
)
ER_WEAK = _rx(
    r"hugs?",
    r"sending (?:you )?(?:love|hugs|strength|prayers|good vibes)",
    r"hang in there",
    r"stay strong",
    r"you(?:'ve| have)? got this",
    r"(?:it|things|everything) will (?:be|get) (?:ok|okay|fine|better|alright)",
    r"sorry",
    r"that sucks",
    r"(?:oof|ouch|damn|ugh|aw+)",
    r"(?:i'?ll be )?praying",
    r"take care",
    r"you(?:'re| are) (?:not alone|beautiful|strong|a good)",
    r"good luck",
    "<3|\u2764|\U0001f90d|\U0001f49c|\U0001f622|\U0001fac2|\U0001f917",
    r"proud of you",
    r"well done",
    r"congrat",
)
IP_WEAK = _rx(
    r"i (?:totally |completely |really )?(?:understand|get it|get that|hear you|know the feeling|know how you feel"
    r"|know what you mean|feel you)",
    r"i can (?:relate|imagine|understand)",
    r"same here",
    r"me too",
    r"i know (?:how|what) (?:it|that|you)",
)
IP_EXPERIENCE = _rx(
    r"i(?:'ve| have) been (?:there|through|in)",
    r"(?:happened|same thing happened) to me",
    r"i (?:went|was going) through",
    r"i (?:had|have|felt|did|was|used to|lost|failed|struggled|cried|spent|got)\b",
    r"when i (?:was|had|lost|got|came|went|failed)",
    r"(?:my|our) (?:mum|mom|dad|father|mother|sister|brother|husband|wife|ex|partner|friend|daughter|son|dog|cat"
    r"|best friend)",
    r"(?:same|this) (?:thing )?(?:was|happened to) me",
    r"i'?m (?:\d+ )?(?:and )?(?:in|going through) the same",
)
IP_INFER = _rx(
    r"(?:it )?sounds like",
    r"(?:it|that|this) must (?:be|have been|feel|have felt)",
    r"must be (?:so |really )?\w+",
    r"(?:it|that) (?:makes|made) (?:total |complete |so much )?sense",
    r"of course (?:it|you)",
    r"no wonder",
    r"you(?:'re| are) (?:feeling|carrying|grieving|running)",
    r"(?:it|that) seems like",
    r"(?:feeling|being) \w+ (?:must|sounds|is such)",
    r"you have every right",
)
EX_SPECIFIC = _rx(
    r"how (?:are|were|do|did) you (?:feel|feeling|coping|doing|handling)",
    r"what (?:do|did|does|would) (?:you|it|that) (?:feel|need|think|want|mean)",
    r"(?:do|did|does|are|were|is) (?:you|it|that) (?:feel|think|want|need|afraid|scared|worried)",
    r"what'?s (?:going through|on) your mind",
    r"what (?:goes|went) through",
    r"what (?:scares|worries|bothers|hurts|helps) you",
    r"what'?s the (?:hardest|worst|scariest)",
    r"what (?:is|was) (?:it|the hardest|the worst)",
    r"why do you (?:think|feel)",
    r"what makes you",
    r"tell me more",
)
EX_GENERIC = _rx(
    r"what happened",
    r"(?:are|r) (?:you|u) (?:ok|okay|alright)",
    r"want to talk",
    r"what'?s (?:wrong|up|going on)",
    r"how (?:are|r) (?:you|u)\??",
    r"(?:do|did|have|has|is|are|was|were) (?:you|your|he|she|they|anyone|it)\b[^?]*\?",
)

FEATURES = (
    "er_strong",
    "er_weak",
    "ip_weak",
    "ip_experience",
    "ip_infer",
    "ex_specific",
    "ex_generic",
    "questions",
    "you_questions",
    "log_words",
    "sentences",
    "first_person",
    "second_person",
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def features(reply: str) -> list[float]:
    """The cue features of one reply, in FEATURES order."""
    text = reply.lower().replace("\u2019", "'")
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    questions = [s for s in sentences if "?" in s]
    words = len(text.split())

    def count(pattern: re.Pattern[str]) -> float:
        return float(len(pattern.findall(text)))

    def asked(pattern: re.Pattern[str]) -> float:
        return float(sum(bool(pattern.search(q)) for q in questions))

    return [
        count(ER_STRONG),
        count(ER_WEAK),
        count(IP_WEAK),
        count(IP_EXPERIENCE),
        count(IP_INFER),
        asked(EX_SPECIFIC),
        asked(EX_GENERIC),
        float(len(questions)),
        float(sum(bool(re.search(r"\b(?:you|your|u)\b", q)) for q in questions)),
        math.log1p(words),
        float(len(sentences)),
        len(re.findall(r"\bi\b|\bi'|\bmy\b|\bme\b", text)) / max(words, 1),
        len(re.findall(r"\byou\b|\byour\b|\bu\b", text)) / max(words, 1),
    ]


def word_count(reply: str) -> int:
    return len(reply.split())


def stack_inputs(probabilities: np.ndarray, cue_totals: np.ndarray, feature_rows: np.ndarray) -> np.ndarray:
    """(n, 3 mechanisms, 3 levels) head probabilities, (n, 3) cue totals, (n, len(FEATURES))."""
    logs = np.log(np.maximum(probabilities, 1e-6)).reshape(len(probabilities), -1)
    return np.concatenate([logs, cue_totals, feature_rows], 1)


def stacked_levels(stack: dict, probabilities: np.ndarray, cue_totals: np.ndarray, reply: str) -> list[int] | None:
    """Each mechanism's level by the stacker whose length band holds this reply; None if no
    band does, or its band has no stacker (the caller then reads the head and cues as before)."""
    words = word_count(reply)
    band = next((b for b in stack["bands"] if b["min_words"] <= words < b["max_words"]), None)
    if band is None or "coef" not in band:
        return None  # no stacker for this length: the head and cues read it
    x = stack_inputs(probabilities[None], cue_totals[None], np.array([features(reply)]))[0]
    x = (x - np.asarray(band["mean"])) / np.asarray(band["scale"])
    return [
        int(np.argmax(x @ np.asarray(w) + np.asarray(b)))
        for w, b in zip(band["coef"], band["intercept"], strict=True)
    ]
