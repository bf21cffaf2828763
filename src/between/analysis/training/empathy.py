"""Refit the empathy head on the frozen, shipped encoder, so it carries to long real replies.

The multi-task run taught the empathy head on short couple replies (median 13 word pieces);
real peer-support replies are longer and read differently (EPITOME's median is 36, and one in
six runs past 96). This stage refits only the empathy head, over the pair embeddings the
engine computes (long replies read whole, in windows: LearnedLayer.pair_embeddings), on our
couple pairs and the long peer-support replies of support.jsonl. Then the head's levels are
read together with cue features of EPITOME's mechanisms (analysis/empathy_read.py) by a
logistic regression per mechanism (stacking), fitted on out-of-fold head probabilities.

Every choice (balanced or plain level weights; no stacker, one, or one per length band) is made
by 5-fold cross-fitting by group over the pool of our support pairs (train and calibration
groups) and couple calibration pairs: the mean, over the two kinds of pair, of the mean
macro-F1 over the mechanisms. The shipped head is then fitted on the couple train pairs and
the whole pool, the stackers on the pool's out-of-fold probabilities. EPITOME is never read
here (its licence: evaluation only).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from between.analysis.emoji_words import emoji_as_words
from between.analysis.empathy_read import FEATURES, features, stack_inputs, word_count
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


# --- stacking: the head's levels read with cue features (chosen by cross-fitting) ----------------

FOLDS = 5
STACK_C = (0.1, 1.0)  # inverse L2 strength of the stacker, chosen by cross-fitting
# Word counts where one stacker hands over to the next; True: below the first cut the head and
# cues read as before (no stacker).
BANDS = (((), False), ((15,), False), ((25,), False), ((15,), True), ((25,), True))
STACK_STEPS = 600


def fit_stacker(x: np.ndarray, y: np.ndarray, c: float) -> dict:
    """A standardised multinomial logistic regression per mechanism, class-balanced (the
    figures are macro-F1 over levels), L2 strength 1/(c n), full-batch Adam."""
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    coefs, intercepts = [], []
    for j in range(MECHANISMS):
        labels = y[:, j].astype(int)
        onehot = np.eye(LEVELS)[labels]
        counts = np.bincount(labels, minlength=LEVELS).astype(float)
        weight = np.where(counts > 0, len(labels) / (LEVELS * np.maximum(counts, 1)), 0.0)[labels][:, None]
        w, b = np.zeros((z.shape[1], LEVELS)), np.log(np.maximum(counts, 1) / len(labels))
        moments = [[np.zeros_like(w), np.zeros_like(w)], [np.zeros_like(b), np.zeros_like(b)]]
        decay = 1.0 / (c * len(labels))
        for step in range(1, STACK_STEPS + 1):
            logits = z @ w + b
            logits -= logits.max(1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(1, keepdims=True)
            grad = weight * (probs - onehot) / len(labels)
            for param, g, m in ((w, z.T @ grad + decay * w, moments[0]), (b, grad.sum(0), moments[1])):
                m[0][:] = 0.9 * m[0] + 0.1 * g
                m[1][:] = 0.999 * m[1] + 0.001 * g**2
                param -= 0.05 * (m[0] / (1 - 0.9**step)) / (np.sqrt(m[1] / (1 - 0.999**step)) + 1e-8)
        coefs.append(w.round(6).tolist())
        intercepts.append(b.round(6).tolist())
    return {"mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(), "coef": coefs, "intercept": intercepts}


def stacker_levels(band: dict, x: np.ndarray) -> np.ndarray:
    z = (x - np.asarray(band["mean"])) / np.asarray(band["scale"])
    return np.stack([(z @ np.asarray(w) + np.asarray(b)).argmax(1)
                     for w, b in zip(band["coef"], band["intercept"], strict=True)], 1)


def engine_levels(probs: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """The engine's read-out without a stacker: log p, plus 1 at the level the cues point to."""
    from between.analysis.engine import EMPATHY_CUE_BONUS

    z = np.log(np.maximum(probs, 1e-9))
    level = np.where(cues >= 2, 2, np.where(cues >= 1, 1, 0))
    rows, mechanisms = np.nonzero(level)
    z[rows, mechanisms, level[rows, mechanisms]] += EMPATHY_CUE_BONUS
    return z.argmax(2)


def _levels_f1(predicted: np.ndarray, targets: np.ndarray) -> list[float]:
    from between.analysis.evaluation import exclusive_report

    return [exclusive_report(targets[:, j].astype(int), predicted[:, j], ("0", "1", "2"))["macro_f1"]
            for j in range(MECHANISMS)]


def cue_totals(replies: list[str]) -> np.ndarray:
    from between.analysis.engine import REPLY_FIELDS, _reply_cue_totals, find_cues

    rows = []
    for reply in replies:
        totals = _reply_cue_totals(find_cues(reply, fields=REPLY_FIELDS))
        rows.append([totals.get(f"empathy.{m}", 0.0) for m in TASKS["empathy"].labels])
    return np.array(rows, np.float32)


def _bands(cuts: tuple[int, ...]) -> list[tuple[int, int]]:
    edges = [0, *cuts, 10**9]
    return list(zip(edges, edges[1:], strict=False))


def stacked_refit(models_dir: Path) -> dict:
    """Choose the head's weighting and the stacker by cross-fitting; fit and store them."""
    manifest = json.loads((models_dir / "manifest.json").read_text())
    layer = layer_from_manifest(manifest, models_dir)
    couple = pairs("train", False)
    support = [e for e in (data.support_examples("train"), data.support_examples("calibration")) if e is not None]
    pool_parts = [*support, data.corpus("calibration")["empathy"]]
    kinds = np.concatenate([np.full(len(e), k < len(support)) for k, e in enumerate(pool_parts)])  # True: support
    pool = data.Examples("empathy", sum((e.texts for e in pool_parts), []),
                         np.concatenate([e.targets for e in pool_parts]),
                         pairs=sum((e.pairs for e in pool_parts), []), groups=sum((e.groups for e in pool_parts), []))
    x_couple, x_pool = embed(layer, couple), embed(layer, pool)
    side = np.concatenate([cue_totals(pool.pairs)[:, None, :].reshape(len(pool), -1),
                           np.array([features(r) for r in pool.pairs])], 1)
    words = np.array([word_count(r) for r in pool.pairs])
    groups = sorted(set(pool.groups))
    np.random.default_rng(SEED).shuffle(groups)
    fold = np.array([{g: i % FOLDS for i, g in enumerate(groups)}[g] for g in pool.groups])

    def score(predicted: np.ndarray) -> tuple[float, list[float], list[float]]:
        on_support, on_couple = _levels_f1(predicted[kinds], pool.targets[kinds]), _levels_f1(
            predicted[~kinds], pool.targets[~kinds])
        return (float(np.mean(on_support)) + float(np.mean(on_couple))) / 2, on_support, on_couple

    report, best = {}, None
    for balanced in (True, False):
        oof = np.zeros((len(pool), MECHANISMS, LEVELS))
        for k in range(FOLDS):
            params = fit_levels(np.concatenate([x_couple, x_pool[fold != k]]),
                                np.concatenate([couple.targets, pool.targets[fold != k]]), balanced)
            oof[fold == k] = read_out(TASKS["empathy"], logits_of(params, x_pool[fold == k]))
        stacked_x = stack_inputs(oof, side[:, :MECHANISMS], side[:, MECHANISMS:])
        weighting = "balanced" if balanced else "plain"
        candidates = {f"{weighting} head, no stacker": (None, None, engine_levels(oof, side[:, :MECHANISMS]))}
        for cuts, head_below in BANDS:
            for c in STACK_C:
                predicted = engine_levels(oof, side[:, :MECHANISMS])
                for k in range(FOLDS):
                    for low, high in _bands(cuts)[1 if head_below else 0:]:
                        train = (fold != k) & (words >= low) & (words < high)
                        held = (fold == k) & (words >= low) & (words < high)
                        if held.any() and train.sum() >= 20:
                            band = fit_stacker(stacked_x[train], pool.targets[train], c)
                            predicted[held] = stacker_levels(band, stacked_x[held])
                name = f"{weighting} head, stacker C={c}" + (f", bands cut at {list(cuts)} words" if cuts else "")
                if head_below:
                    name = f"{weighting} head below {cuts[0]} words, stacker C={c} from there"
                candidates[name] = ((cuts, head_below), c, predicted)
        for name, (cuts, c, predicted) in candidates.items():
            value, on_support, on_couple = score(predicted)
            report[name] = {"crossfit": round(value, 4), "support": [round(v, 4) for v in on_support],
                            "couple": [round(v, 4) for v in on_couple]}
            if best is None or value > best[0]:
                best = (value, name, balanced, cuts, c, stacked_x)
    _, chosen, balanced, cuts, c, stacked_x = best
    params = fit_levels(np.concatenate([x_couple, x_pool]), np.concatenate([couple.targets, pool.targets]), balanced)
    stack = None
    if cuts is not None:
        cuts, head_below = cuts
        bands = []
        for index, (low, high) in enumerate(_bands(cuts)):
            inside = (words >= low) & (words < high)
            fitted = {} if head_below and index == 0 else fit_stacker(stacked_x[inside], pool.targets[inside], c)
            bands.append({"min_words": low, "max_words": high, **fitted})
        stack = {"inputs": ["log p(level) of each mechanism (9)", "cue totals (3)", *FEATURES],
                 "bands": bands}
    with np.load(models_dir / "heads.npz") as arrays:
        stored = {k: arrays[k] for k in arrays.files}
    stored |= {f"empathy.{k}": params[k] for k in HEAD_PARTS}
    np.savez(models_dir / "heads.npz", **stored)
    temperature = 1.0  # the stackers read the head's probabilities at temperature 1
    if stack is None:
        temperature = fit_temperature(TASKS["empathy"], logits_of(params, x_pool), pool.targets)
    sizes = {"support pairs": int(kinds.sum()), "couple calibration pairs": int((~kinds).sum()),
             "couple train pairs": len(couple)}
    return {"chosen": chosen, "temperature": round(temperature, 4), "crossfit": report, "pool": sizes,
            "stack": stack}
