"""Refit the empathy head on the frozen, shipped encoder, so it carries to long real replies.

The multi-task run taught the empathy head on short couple replies (median 13 word pieces);
real peer-support replies are longer and read differently (EPITOME's median is 36, and one in
six runs past 96). This stage refits only the empathy head, over the pair embeddings the
engine computes (long replies read whole, in windows: LearnedLayer.pair_embeddings), on our
couple pairs and the long peer-support replies of support.jsonl, train groups only. Variants
are compared on the calibration groups (mean macro-F1 over the three mechanisms); the
temperature is fitted there too. EPITOME is never read here (its licence: evaluation only).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from between.analysis.emoji_words import emoji_as_words
from between.analysis.learned import HEAD_PARTS, LEVELS, TASKS, layer_from_manifest, read_out
from between.analysis.training import data
from between.analysis.training.calibrate import fit_temperature

HIDDEN = 256
EPOCHS = 300
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-3
SEED = 13
MECHANISMS = len(TASKS["empathy"].labels)
# Variants compared on the calibration groups: (name, balanced level weights, support replies).
VARIANTS = (("couple pairs", False, False), ("couple + support", False, True),
            ("couple + support, balanced", True, True))


def pairs(part: str, with_support: bool) -> data.Examples:
    found = data.corpus(part)["empathy"]
    extra = data.support_examples(part) if with_support else None
    if extra is None:
        return found
    return data.Examples("empathy", found.texts + extra.texts, np.concatenate([found.targets, extra.targets]),
                         pairs=found.pairs + extra.pairs, groups=found.groups + extra.groups)


def embed(layer, examples: data.Examples) -> np.ndarray:
    words = [emoji_as_words(t)[0] for t in examples.texts]
    replies = [emoji_as_words(t)[0] for t in examples.pairs]
    return layer.pair_embeddings(words, replies)[0]


def level_weights(targets: np.ndarray, balanced: bool) -> np.ndarray:
    """Per example and mechanism: 1, or the inverse frequency of its level (mean 1)."""
    if not balanced:
        return np.ones_like(targets)
    weights = np.ones_like(targets)
    for j in range(targets.shape[1]):
        levels, counts = np.unique(targets[:, j], return_counts=True)
        share = dict(zip(levels, counts / counts.sum(), strict=True))
        weights[:, j] = [1 / (len(levels) * share[v]) for v in targets[:, j]]
    return weights


def fit_levels(x: np.ndarray, targets: np.ndarray, balanced: bool, seed: int = SEED) -> dict[str, np.ndarray]:
    """Linear -> ReLU -> linear, a softmax over the three levels of each mechanism,
    cross-entropy with full-batch Adam."""
    rng = np.random.default_rng(seed)
    width = MECHANISMS * LEVELS
    params = {
        "w1": rng.normal(0, np.sqrt(2 / x.shape[1]), (x.shape[1], HIDDEN)).astype(np.float32),
        "b1": np.zeros(HIDDEN, np.float32),
        "w2": rng.normal(0, np.sqrt(1 / HIDDEN), (HIDDEN, width)).astype(np.float32),
        "b2": np.zeros(width, np.float32),
    }
    onehot = np.eye(LEVELS, dtype=np.float32)[targets.astype(int)]  # (n, mechanisms, levels)
    weights = level_weights(targets, balanced)[..., None].astype(np.float32)
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    for step in range(1, EPOCHS + 1):
        hidden_in = x @ params["w1"] + params["b1"]
        hidden = np.maximum(hidden_in, 0)
        probs = read_out(TASKS["empathy"], hidden @ params["w2"] + params["b2"])
        grad_logits = (weights * (probs - onehot)).reshape(len(x), width) / (len(x) * MECHANISMS)
        grad_hidden = (grad_logits @ params["w2"].T) * (hidden_in > 0)
        grads = {"w2": hidden.T @ grad_logits, "b2": grad_logits.sum(0),
                 "w1": x.T @ grad_hidden, "b1": grad_hidden.sum(0)}
        for name, grad in grads.items():
            grad = grad + WEIGHT_DECAY * params[name]
            m, v = moments[name]
            m[:] = 0.9 * m + 0.1 * grad
            v[:] = 0.999 * v + 0.001 * grad**2
            params[name] -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return params


def logits_of(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    return np.maximum(x @ params["w1"] + params["b1"], 0) @ params["w2"] + params["b2"]


def macro_f1(probs: np.ndarray, targets: np.ndarray) -> list[float]:
    """Macro-F1 over the levels present, per mechanism."""
    from between.analysis.evaluation import exclusive_report

    predicted = probs.reshape(len(probs), MECHANISMS, LEVELS).argmax(2)
    return [exclusive_report(targets[:, j].astype(int), predicted[:, j], ("0", "1", "2"))["macro_f1"]
            for j in range(MECHANISMS)]


def refit(models_dir: Path, cache: Path | None = None) -> dict:
    manifest = json.loads((models_dir / "manifest.json").read_text())
    layer = layer_from_manifest(manifest, models_dir)
    held = pairs("calibration", True)
    x_held = embed(layer, held)
    shipped = layer.heads["empathy"]
    report = {"shipped head": dict(zip(TASKS["empathy"].labels, macro_f1(
        read_out(TASKS["empathy"], shipped.logits(x_held)), held.targets), strict=True))}
    best = None
    for name, balanced, support in VARIANTS:
        train = pairs("train", support)
        params = fit_levels(embed(layer, train), train.targets, balanced)
        scores = macro_f1(read_out(TASKS["empathy"], logits_of(params, x_held)), held.targets)
        report[name] = dict(zip(TASKS["empathy"].labels, scores, strict=True))
        if best is None or np.mean(scores) > best[0]:
            best = (float(np.mean(scores)), name, params)
    _, chosen, params = best
    temperature = fit_temperature(TASKS["empathy"], logits_of(params, x_held), held.targets)
    with np.load(models_dir / "heads.npz") as arrays:
        stored = {k: arrays[k] for k in arrays.files}
    stored |= {f"empathy.{k}": params[k] for k in HEAD_PARTS}
    np.savez(models_dir / "heads.npz", **stored)
    return {"chosen": chosen, "temperature": round(temperature, 4), "calibration_macro_f1": report,
            "calibration_pairs": len(held)}
