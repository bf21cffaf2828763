"""Refit the risk head so it can serve as a safety gate, not only rank risk statements.

The multi-task run trained the risk head on the risk corpus alone (risk statements and hard
negatives), so it never saw ordinary couple talk as a negative and read much of it as risk.
This stage refits that head on the frozen, shipped encoder with everyday negatives added —
the register corpus, the shares and replies of the reply corpus, and a slice of GoEmotions.

The gate's threshold is set on out-of-fold scores: the train and calibration groups are cut
into FOLDS by group, and a head fitted on the other folds scores each fold. The encoder itself
was fine-tuned on the train groups, so their scores look better than a stranger's text will;
the threshold is therefore read off the calibration groups only, which neither the encoder nor
that fold's head has seen: the lowest threshold whose false alarms — strong risk cues
included, on the very score the engine flags on (learned log-odds plus risk cues) — stay
within HARD_NEGATIVE_BUDGET on the corpus's hard negatives and within EVERYDAY_BUDGET on
everyday text. The shipped head is then fitted on all train and calibration groups.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from between.analysis.cues import cue_scores, find_cues
from between.analysis.engine import risk_probabilities, strong_risk_kinds
from between.analysis.learned import HEAD_PARTS, TASKS, Head, layer_from_manifest, read_out
from between.analysis.taxonomy import RISK_KINDS
from between.analysis.training import data
from between.analysis.training.calibrate import fit_temperature, label_thresholds

HARD_NEGATIVE_BUDGET = 0.02  # share of hard negatives the gate may flag (the issue: ≤ 2%)
EVERYDAY_BUDGET = 0.005  # share of everyday messages it may flag: each flag pauses joint exercises
EVERYDAY_GOEMOTIONS = 4000  # Reddit comments as everyday negatives (every 10th train row)
FOLDS = 5
HIDDEN = 256
EPOCHS = 400
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4
SEED = 13
RISK_FIELDS = frozenset({"risk"})


@dataclass
class GateData:
    """Texts with risk targets (any + kinds), their fold, and which are hard negatives."""

    texts: list[str]
    targets: np.ndarray
    folds: np.ndarray
    hard: np.ndarray
    calibration: np.ndarray  # rows of the calibration groups: unseen by the encoder

    @property
    def everyday(self) -> np.ndarray:
        return (self.targets[:, 0] < 0.5) & ~self.hard


def gate_data(data_dir: Path) -> GateData:
    """Every non-test statement of our corpus, plus everyday negatives, each with its fold."""
    texts, targets, groups, hard, parts = [], [], [], [], []
    for part in ("train", "calibration"):
        before = len(texts)
        found = data.corpus(part)
        risk = found["risk"]
        texts += risk.texts
        targets.append(risk.targets)
        groups += risk.groups
        hard += list(risk.targets[:, 0] < 0.5)
        for name in ("register", "quality"):
            examples = found[name]
            everyday = dict.fromkeys(zip(examples.texts, examples.groups, strict=True))
            if examples.pairs is not None:
                everyday |= dict.fromkeys(zip(examples.pairs, examples.groups, strict=True))
            texts += [t for t, _ in everyday]
            groups += [g for _, g in everyday]
            targets.append(np.zeros((len(everyday), 1 + len(RISK_KINDS)), np.float32))
            hard += [False] * len(everyday)
        parts += [part == "calibration"] * (len(texts) - before)
    fit, _ = data.goemotions_train_parts(data_dir)
    reddit = fit.texts[:: max(1, len(fit.texts) // EVERYDAY_GOEMOTIONS)]
    folds = [data.group_bucket(g, salt="fold:") % FOLDS for g in groups] + [i % FOLDS for i in range(len(reddit))]
    return GateData(
        texts + reddit,
        np.concatenate([*targets, np.zeros((len(reddit), 1 + len(RISK_KINDS)), np.float32)]),
        np.array(folds),
        np.array(hard + [False] * len(reddit)),
        np.array(parts + [False] * len(reddit)),
    )


def fit_head(x: np.ndarray, y: np.ndarray, seed: int = SEED) -> dict[str, np.ndarray]:
    """Linear -> ReLU -> linear with sigmoid cross-entropy, full-batch Adam; positives weighted
    by the class balance so the few risk statements are not drowned by everyday text."""
    rng = np.random.default_rng(seed)
    params = {
        "w1": rng.normal(0, np.sqrt(2 / x.shape[1]), (x.shape[1], HIDDEN)).astype(np.float32),
        "b1": np.zeros(HIDDEN, np.float32),
        "w2": rng.normal(0, np.sqrt(1 / HIDDEN), (HIDDEN, y.shape[1])).astype(np.float32),
        "b2": np.zeros(y.shape[1], np.float32),
    }
    positive_weight = (len(y) - y.sum(0)) / np.maximum(y.sum(0), 1)
    weights = np.where(y > 0.5, np.sqrt(positive_weight), 1.0).astype(np.float32)
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    for step in range(1, EPOCHS + 1):
        hidden_in = x @ params["w1"] + params["b1"]
        hidden = np.maximum(hidden_in, 0)
        logits = hidden @ params["w2"] + params["b2"]
        probs = 1 / (1 + np.exp(-np.clip(logits, -40, 40)))
        grad_logits = weights * (probs - y) / len(y)
        grad_hidden = (grad_logits @ params["w2"].T) * (hidden_in > 0)
        grads = {"w2": hidden.T @ grad_logits, "b2": grad_logits.sum(0),
                 "w1": x.T @ grad_hidden, "b1": grad_hidden.sum(0)}
        for name, grad in grads.items():
            grad = grad + WEIGHT_DECAY * params[name]
            m, v = moments[name]
            m[:] = 0.9 * m + 0.1 * grad
            v[:] = 0.999 * v + 0.001 * grad**2
            m_hat, v_hat = m / (1 - 0.9**step), v / (1 - 0.999**step)
            params[name] -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    return params


def gate_threshold(scores: np.ndarray, strong: np.ndarray, hard: np.ndarray, everyday: np.ndarray) -> float:
    """The lowest threshold whose false alarms (strong cues included) stay within both budgets."""
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        flagged = strong | (scores >= threshold)
        if flagged[hard].mean() <= HARD_NEGATIVE_BUDGET and flagged[everyday].mean() <= EVERYDAY_BUDGET:
            return float(threshold)
    return 0.99


def out_of_fold_logits(x: np.ndarray, gate: GateData) -> np.ndarray:
    logits = np.zeros_like(gate.targets)
    for fold in range(FOLDS):
        held = gate.folds == fold
        params = fit_head(x[~held], gate.targets[~held])
        logits[held] = Head(TASKS["risk"], *(params[k] for k in HEAD_PARTS)).logits(x[held])
    return logits


def engine_scores(texts: list[str], probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's risk score for each text given the learned probabilities, and whether a
    strong cue flags it regardless (see engine.risk_probabilities / strong_risk_kinds)."""
    scores, strong = [], []
    for text, row in zip(texts, probs, strict=True):
        cues = find_cues(text, fields=RISK_FIELDS)
        learned = dict(zip(TASKS["risk"].labels, row, strict=True))
        scores.append(risk_probabilities(cues, cue_scores(cues), learned)[0])
        strong.append(bool(strong_risk_kinds(cues)))
    return np.array(scores), np.array(strong)


def refit(models_dir: Path, data_dir: Path) -> dict:
    manifest = json.loads((models_dir / "manifest.json").read_text())
    layer = layer_from_manifest(manifest, models_dir)
    gate = gate_data(data_dir)
    x = layer.encoder.encode(gate.texts)
    logits = out_of_fold_logits(x, gate)
    temperature = fit_temperature(TASKS["risk"], logits, gate.targets)
    probs = read_out(TASKS["risk"], logits / temperature)
    thresholds = label_thresholds(TASKS["risk"], probs, gate.targets)
    scores, strong = engine_scores(gate.texts, probs)
    held = gate.calibration
    thresholds[0] = gate_threshold(scores[held], strong[held], gate.hard[held], gate.everyday[held])

    is_risk = gate.targets[:, 0] > 0.5
    flagged = strong | (scores >= thresholds[0])
    report = {
        "texts": len(gate.texts),
        "calibration_texts": int(held.sum()),
        "folds": FOLDS,
        "temperature": round(temperature, 4),
        "any_threshold": thresholds[0],
        "calibration_recall": round(float(flagged[held & is_risk].mean()), 3),
        "calibration_false_alarms_hard_negatives": round(float(flagged[held & gate.hard].mean()), 3),
        "calibration_false_alarms_everyday": round(float(flagged[held & gate.everyday].mean()), 4),
        "out_of_fold_recall_all": round(float(flagged[is_risk].mean()), 3),
        "strong_cue_recall_all": round(float(strong[is_risk].mean()), 3),
    }
    params = fit_head(x, gate.targets)
    with np.load(models_dir / "heads.npz") as arrays:
        stored = {k: arrays[k] for k in arrays.files}
    stored |= {f"risk.{k}": v for k, v in params.items()}
    np.savez(models_dir / "heads.npz", **stored)
    return {"temperature": round(temperature, 4), "thresholds": thresholds, "report": report}
