"""Temperatures and decision thresholds, fitted on held-out slices the encoder never trained on.

Our corpus: the `calibration` groups (see data.corpus_part). GoEmotions: every 10th train row.
Neither is used for the figures `between eval` reports.
"""

from __future__ import annotations

import numpy as np

from between.analysis.learned import Task, read_out

TEMPERATURES = np.exp(np.linspace(np.log(0.2), np.log(10.0), 120))
THRESHOLDS = np.round(np.arange(0.02, 0.96, 0.01), 2)
BINS = 10


def negative_log_likelihood(task: Task, logits: np.ndarray, targets: np.ndarray) -> float:
    probs = np.clip(read_out(task, logits), 1e-9, 1 - 1e-9)
    if task.kind == "exclusive":
        return float(-np.log(probs[np.arange(len(probs)), targets[:, 0].astype(int)]).mean())
    if task.kind == "levels":
        picked = np.take_along_axis(probs, targets.astype(int)[..., None], axis=2)
        return float(-np.log(picked).mean())
    return float(-(targets * np.log(probs) + (1 - targets) * np.log(1 - probs)).mean())


def fit_temperature(task: Task, logits: np.ndarray, targets: np.ndarray) -> float:
    losses = [negative_log_likelihood(task, logits / t, targets) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))])


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    bins = np.minimum((confidence * BINS).astype(int), BINS - 1)
    total = 0.0
    for b in range(BINS):
        inside = bins == b
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def task_ece(task: Task, probs: np.ndarray, targets: np.ndarray) -> float:
    """Top-label ECE for exclusive heads and level heads; per-decision ECE for sigmoid heads."""
    if task.kind == "exclusive":
        return expected_calibration_error(probs.max(1), probs.argmax(1) == targets[:, 0])
    if task.kind == "levels":
        return expected_calibration_error(probs.max(2).ravel(), (probs.argmax(2) == targets).ravel())
    return expected_calibration_error(np.abs(probs - 0.5).ravel() + 0.5, ((probs > 0.5) == (targets > 0.5)).ravel())


MIN_POSITIVES = 10


def f1_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The threshold that maximises F1 for one label. With fewer than MIN_POSITIVES positives
    the best F1 is luck (two runs of the same recipe moved one need's threshold from 0.24 to
    0.64 on 6 positives), so such a label keeps 0.5 on its calibrated probability."""
    if truth.sum() < MIN_POSITIVES:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for t in THRESHOLDS:
        predicted = scores >= t
        tp = float((predicted & truth).sum())
        f1 = 2 * tp / max(1.0, predicted.sum() + truth.sum())
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def label_thresholds(task: Task, probs: np.ndarray, targets: np.ndarray) -> list[float]:
    truth = targets > 0.5
    return [f1_threshold(probs[:, j], truth[:, j]) for j in range(len(task.labels))]


EKMAN_READOUTS = ("noisy_or", "top_member")


def ekman_scores(probs: np.ndarray, members: list[int], readout: str = "noisy_or") -> np.ndarray:
    """How likely an Ekman group is present from its GoEmotions members' probabilities: the
    chance at least one is present, taking them as independent (noisy-or), or the likeliest
    member's (top_member). Which one is read is chosen on held-out train rows
    (choose_ekman_readout), never on GoEmotions dev."""
    if readout == "top_member":
        return probs[:, members].max(axis=1)
    return 1.0 - np.prod(1.0 - probs[:, members], axis=1)


def _groups(groups: dict[str, list[str]]) -> dict[str, list[int]]:
    from between.analysis.taxonomy import GOEMOTIONS

    return {g: [GOEMOTIONS.index(m) for m in members] for g, members in {**groups, "neutral": ["neutral"]}.items()}


def ekman_thresholds(probs: np.ndarray, targets: np.ndarray, groups: dict[str, list[str]],
                     readout: str = "noisy_or") -> dict[str, float]:
    """One threshold per Ekman group, on the group's read-out."""
    return {group: f1_threshold(ekman_scores(probs, idx, readout), (targets[:, idx] > 0.5).any(1))
            for group, idx in _groups(groups).items()}


def ekman_macro_f1(probs: np.ndarray, targets: np.ndarray, groups: dict[str, list[str]],
                   readout: str, thresholds: dict[str, float]) -> float:
    scores = []
    for group, idx in _groups(groups).items():
        truth = (targets[:, idx] > 0.5).any(1)
        predicted = ekman_scores(probs, idx, readout) >= thresholds[group]
        tp = float((truth & predicted).sum())
        scores.append(2 * tp / max(1.0, truth.sum() + predicted.sum()))
    return float(np.mean(scores))


def choose_ekman_readout(probs: np.ndarray, targets: np.ndarray, groups: dict[str, list[str]]) -> dict:
    """The read-out with the better Ekman macro-F1 on held-out train rows, cross-fitted in two
    halves (thresholds set on one half, F1 read on the other, then swapped), so the rows that
    set a threshold never score it. GoEmotions dev plays no part."""
    halves = (np.arange(len(probs)) % 2 == 0, np.arange(len(probs)) % 2 == 1)
    figures = {}
    for readout in EKMAN_READOUTS:
        folds = []
        for fit, score in (halves, halves[::-1]):
            cut = ekman_thresholds(probs[fit], targets[fit], groups, readout)
            folds.append(ekman_macro_f1(probs[score], targets[score], groups, readout, cut))
        figures[readout] = round(float(np.mean(folds)), 4)
    return {"readout": max(EKMAN_READOUTS, key=figures.get), "cross_fitted_macro_f1": figures,
            "rows": int(len(probs))}
