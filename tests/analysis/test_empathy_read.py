"""Empathy on long replies: cue features of EPITOME's mechanisms read with the head (stacking)."""

from __future__ import annotations

import numpy as np
import pytest

from between.analysis import taxonomy
from between.analysis.empathy_read import FEATURES, features, stacked_levels
from between.analysis.engine import _empathy

SORRY = "I'm so sorry you're going through this."
BEEN_THERE = "I've been there, when my dad died I couldn't get out of bed either."
ASKS = "How are you feeling about it now? What scares you most?"


def _value(reply: str, name: str) -> float:
    return features(reply)[FEATURES.index(name)]


@pytest.mark.parametrize(("reply", "name"), [
    (SORRY, "er_strong"),
    ("hang in there, sending hugs", "er_weak"),
    ("I understand.", "ip_weak"),
    (BEEN_THERE, "ip_experience"),
    ("It sounds like you feel invisible at home.", "ip_infer"),
    (ASKS, "ex_specific"),
    ("what happened?", "ex_generic"),
])
def test_each_mechanism_has_a_cue_that_fires(reply, name):
    assert _value(reply, name) > 0
    assert _value("Update your CV and apply to ten jobs this week.", name) == 0


def test_a_statement_is_not_an_exploration():
    assert _value("What happened to me was different.", "ex_generic") == 0  # no question mark
    assert _value(ASKS, "questions") == 2 and _value(ASKS, "you_questions") == 2


def _band(low: int, high: int, level: int) -> dict:
    """A stacker that always picks `level` (its intercept), whatever the inputs."""
    width = 9 + 3 + len(FEATURES)
    intercept = [0.0, 0.0, 0.0]
    intercept[level] = 5.0
    return {"min_words": low, "max_words": high, "mean": [0.0] * width, "scale": [1.0] * width,
            "coef": [[[0.0] * 3 for _ in range(width)] for _ in range(3)], "intercept": [intercept] * 3}


def test_the_band_that_holds_the_reply_decides():
    stack = {"bands": [_band(0, 10, 0), _band(10, 10**9, 2)]}
    probs, cues = np.full((3, 3), 1 / 3), np.zeros(3)
    assert stacked_levels(stack, probs, cues, "short reply") == [0, 0, 0]
    assert stacked_levels(stack, probs, cues, " ".join(["word"] * 12)) == [2, 2, 2]
    assert stacked_levels({"bands": [_band(50, 60, 1)]}, probs, cues, "short reply") is None


def test_the_engine_reads_the_stacker_only_beside_the_head():
    learned = {m: [0.9, 0.05, 0.05] for m in taxonomy.EMPATHY_MECHANISMS}
    stack = {"bands": [_band(0, 10**9, 2)]}
    assert set(_empathy(learned, {}, stack, SORRY).model_dump().values()) == {2}
    assert set(_empathy(learned, {}, None, SORRY).model_dump().values()) == {0}  # the head alone
    assert set(_empathy(None, {}, stack, SORRY).model_dump().values()) == {0}  # cues alone: no stacker


def test_the_shipped_stacker_reads_a_warm_long_reply_above_a_curt_one():
    from between.analysis.engine import analyze_replies
    from between.analysis.learned import load_learned_layer

    if "empathy_stack" not in load_learned_layer().manifest:
        pytest.skip("no stacker shipped")
    share = "My dad died last month and I still can't get out of bed most days."
    warm = (f"{SORRY} {BEEN_THERE} It must feel like the ground went from under you. {ASKS}")
    curt = "Get a grip and go for a run, exercise fixes most things."
    read_warm, read_curt = analyze_replies([(share, warm), (share, curt)])
    for mechanism in taxonomy.EMPATHY_MECHANISMS:
        assert getattr(read_warm.empathy, mechanism) > getattr(read_curt.empathy, mechanism), mechanism
