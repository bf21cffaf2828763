"""The analysis engine as the coach uses it: the learned layer when it is shipped, else the cues.

Coaching must work on a fresh checkout before `make train` has produced the model, so a missing
model falls back to the cue layer (which cites the same kind of evidence) instead of failing.
"""

from __future__ import annotations

from between.analysis.engine import MessageAnalysis, ReplyAnalysis, analyze_message, analyze_reply
from between.errors import BetweenError

MODEL_MISSING = ("model-unavailable", "model-file")


def read_message(text: str) -> MessageAnalysis:
    try:
        return analyze_message(text)
    except BetweenError as error:
        if error.slug not in MODEL_MISSING:
            raise
        return analyze_message(text, layers="cues")


def read_reply(share: str, reply: str) -> ReplyAnalysis:
    try:
        return analyze_reply(share, reply)
    except BetweenError as error:
        if error.slug not in MODEL_MISSING:
            raise
        return analyze_reply(share, reply, layers="cues")
