"""Refit the risk head so it can serve as a safety gate, not only rank risk statements.

The multi-task run trained the risk head on the risk corpus alone (risk statements and hard
negatives), so it never saw ordinary couple talk as a negative and read much of it as risk.
This stage refits that head on the frozen, shipped encoder with everyday negatives added —
the register corpus, the shares and replies of the reply corpus, and a slice of GoEmotions —
then sets the "any risk" threshold on the calibration groups to the lowest score that keeps
false alarms on non-risk text within FALSE_ALARM_BUDGET, measured on the score the engine
actually flags on (learned log-odds plus risk cues).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from between.analysis.learned import TASKS, Head, LearnedLayer, layer_from_manifest
from between.analysis.taxonomy import RISK_KINDS
from between.analysis.training import data
from between.analysis.training.calibrate import fit_temperature, label_thresholds

FALSE_ALARM_BUDGET = 0.02  # share of calibration non-risk texts the gate may flag (the issue: ≤ 2%)
EVERYDAY_GOEMOTIONS = 4000  # Reddit comments as everyday negatives (every 10th train row)
HIDDEN = 256
EPOCHS = 400
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4
SEED = 13


def texts_for(part: str, data_dir: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, risk targets (any + kinds) and a mask of the risk corpus's hard negatives."""
    found = data.corpus(part)
    risk = found["risk"]
    everyday = list(found["register"].texts)
    replies = found["quality"]
    everyday += list(dict.fromkeys(replies.texts)) + list(replies.pairs)
    if part == "train":
        fit, _ = data.goemotions_train_parts(data_dir)
        everyday += fit.texts[:: max(1, len(fit.texts) // EVERYDAY_GOEMOTIONS)]
    texts = list(risk.texts) + everyday
    targets = np.concatenate([risk.targets, np.zeros((len(everyday), 1 + len(RISK_KINDS)), np.float32)])
    hard = np.concatenate([risk.targets[:, 0] == 0, np.zeros(len(everyday), bool)])
    return texts, targets, hard


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


def gate_threshold(scores: np.ndarray, strong: np.ndarray, is_risk: np.ndarray) -> float:
    """The lowest threshold whose false alarms (strong cues included) stay within budget."""
    negatives = ~is_risk
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        flagged = strong | (scores >= threshold)
        if flagged[negatives].mean() <= FALSE_ALARM_BUDGET:
            return float(threshold)
    return 0.99


def refit(models_dir: Path, data_dir: Path) -> dict:
    from between.analysis.engine import analyze_messages

    manifest = json.loads((models_dir / "manifest.json").read_text())
    layer = layer_from_manifest(manifest, models_dir)
    train_texts, train_y, _ = texts_for("train", data_dir)
    params = fit_head(layer.encoder.encode(train_texts), train_y)

    cal_texts, cal_y, cal_hard = texts_for("calibration", data_dir)
    head = Head(TASKS["risk"], *(params[k] for k in ("w1", "b1", "w2", "b2")))
    logits = head.logits(layer.encoder.encode(cal_texts))
    temperature = fit_temperature(TASKS["risk"], logits, cal_y)
    head.temperature = temperature
    thresholds = label_thresholds(TASKS["risk"], 1 / (1 + np.exp(-logits / temperature)), cal_y)

    refitted = LearnedLayer(layer.encoder, {**layer.heads, "risk": head},
                            {**manifest, "thresholds": {**manifest["thresholds"], "risk": thresholds}})
    risks = [a.risk for a in analyze_messages(cal_texts, learned=refitted, sentence_evidence=False)]
    cues_only = [a.risk.flag for a in analyze_messages(cal_texts, layers="cues", sentence_evidence=False)]
    is_risk = cal_y[:, 0] > 0.5
    scores = np.array([r.score for r in risks])
    thresholds[0] = gate_threshold(scores, np.array(cues_only), is_risk)

    flagged = np.array(cues_only) | (scores >= thresholds[0])
    report = {
        "train_texts": len(train_texts),
        "calibration_texts": len(cal_texts),
        "temperature": round(temperature, 4),
        "any_threshold": thresholds[0],
        "calibration_recall": round(float(flagged[is_risk].mean()), 3),
        "calibration_false_alarms_hard_negatives": round(float(flagged[cal_hard].mean()), 3),
        "calibration_false_alarms_everyday": round(float(flagged[~is_risk & ~cal_hard].mean()), 3),
    }
    with np.load(models_dir / "heads.npz") as arrays:
        stored = {k: arrays[k] for k in arrays.files}
    stored |= {f"risk.{k}": v for k, v in params.items()}
    np.savez(models_dir / "heads.npz", **stored)
    return {"temperature": round(temperature, 4), "thresholds": thresholds, "report": report}
