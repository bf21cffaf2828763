"""The risk gate's threshold: the lowest one that keeps both false-alarm budgets."""

from __future__ import annotations

import numpy as np

from between.analysis.training.risk_gate import EVERYDAY_BUDGET, HARD_NEGATIVE_BUDGET, gate_threshold


def scores_and_masks(hard_scores, everyday_scores, strong_hard=0):
    scores = np.array(hard_scores + everyday_scores, dtype=float)
    hard = np.array([True] * len(hard_scores) + [False] * len(everyday_scores))
    strong = np.zeros(len(scores), bool)
    strong[:strong_hard] = True
    return scores, strong, hard, ~hard


def test_threshold_sits_just_above_the_hard_negatives_beyond_the_budget():
    # 100 hard negatives: 2 may be flagged (2%), so the third-highest (0.70) must stay below.
    hard = [0.9, 0.8, 0.7] + [0.1] * 97
    scores, strong, is_hard, everyday = scores_and_masks(hard, [0.0] * 1000)
    threshold = gate_threshold(scores, strong, is_hard, everyday)
    assert 0.70 < threshold <= 0.80
    assert (scores[is_hard] >= threshold).mean() <= HARD_NEGATIVE_BUDGET


def test_strong_cues_use_up_the_budget_first():
    # Two hard negatives already flagged by strong cues leave no room for the model's scores.
    hard = [0.1, 0.1, 0.9] + [0.1] * 97
    scores, strong, is_hard, everyday = scores_and_masks(hard, [0.0] * 1000, strong_hard=2)
    assert gate_threshold(scores, strong, is_hard, everyday) > 0.9


def test_everyday_text_has_its_own_tighter_budget():
    everyday_scores = [0.6] * 10 + [0.0] * 990  # 1% of everyday messages score 0.6
    scores, strong, is_hard, everyday = scores_and_masks([0.0] * 100, everyday_scores)
    assert EVERYDAY_BUDGET < 0.01
    assert gate_threshold(scores, strong, is_hard, everyday) > 0.6
