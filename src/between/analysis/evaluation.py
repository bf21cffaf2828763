"""Per-label precision/recall/F1, macro-F1 and confusion matrices for every head.

`between eval` runs `evaluate()` on (a) our held-out corpus, (b) GoEmotions dev (28 labels and
the Ekman grouping), (c) EPITOME (transfer; evaluation only, never training).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from between.analysis.learned import Task


def label_report(truth: np.ndarray, predicted: np.ndarray, labels: tuple[str, ...]) -> dict:
    """Precision, recall, F1 and support per label from boolean (n, labels) matrices."""
    per_label = {}
    for j, label in enumerate(labels):
        tp = int((truth[:, j] & predicted[:, j]).sum())
        predicted_n, support = int(predicted[:, j].sum()), int(truth[:, j].sum())
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    present = [v["f1"] for v in per_label.values() if v["support"]]
    return {"per_label": per_label, "macro_f1": round(float(np.mean(present)), 4) if present else 0.0}


def confusion(truth: np.ndarray, predicted: np.ndarray, size: int) -> list[list[int]]:
    """Rows: true label; columns: predicted label."""
    matrix = np.zeros((size, size), dtype=int)
    np.add.at(matrix, (truth, predicted), 1)
    return matrix.tolist()


def exclusive_report(truth: np.ndarray, predicted: np.ndarray, labels: tuple[str, ...]) -> dict:
    eye = np.eye(len(labels), dtype=bool)
    report = label_report(eye[truth], eye[predicted], labels)
    report["accuracy"] = round(float((truth == predicted).mean()), 4)
    report["confusion"] = {"labels": list(labels), "matrix": confusion(truth, predicted, len(labels))}
    return report


def task_scores(task: Task, probs: np.ndarray, targets: np.ndarray, thresholds: list[float] | None = None) -> dict:
    """The report for one head: probabilities against the targets data.py builds."""
    if task.kind == "exclusive":
        return exclusive_report(targets[:, 0].astype(int), probs.argmax(1), task.labels)
    if task.kind == "levels":
        levels = ("0", "1", "2")
        per = {
            label: exclusive_report(targets[:, j].astype(int), probs[:, j].argmax(1), levels)
            for j, label in enumerate(task.labels)
        }
        return {"mechanisms": per, "macro_f1": round(float(np.mean([r["macro_f1"] for r in per.values()])), 4)}
    if task.kind == "scores":
        error = np.abs(probs - targets).mean(0)
        return {"mean_absolute_error": dict(zip(task.labels, np.round(error, 4).tolist(), strict=True))}
    cut = np.array(thresholds if thresholds is not None else [0.5] * len(task.labels))
    return label_report(targets > 0.5, probs >= cut, task.labels)


# --- running the evaluation ---------------------------------------------------------------

EPITOME_REFERENCE = {"emotional_reactions": 0.753, "interpretations": 0.697, "explorations": 0.635}
CHUNK = 256  # texts per engine call: keeps the progress callback lively and memory flat


def _in_chunks(items: list, analyse, progress) -> list:
    results = []
    for begin in range(0, len(items), CHUNK):
        results += analyse(items[begin : begin + CHUNK])
        progress(len(items[begin : begin + CHUNK]))
    return results


def _thresholds(layers: str, task: str) -> list[float] | None:
    if layers == "cues":
        return None  # the cue layer's probabilities are read at 0.5
    from between.analysis.learned import TASKS, load_learned_layer

    found = load_learned_layer().thresholds.get(task)
    return [found[label] for label in TASKS[task].labels] if found else None


def _detections(results, name: str, labels: tuple[str, ...]) -> np.ndarray:
    return np.array([[getattr(r, name)[label].detected for label in labels] for r in results])


def corpus_report(layers: str, progress) -> dict:
    """Our held-out groups: register, deeper feelings, needs, risk, reply quality, A.R.E., empathy."""
    from between.analysis.engine import analyze_messages
    from between.analysis.learned import TASKS
    from between.analysis.training.calibrate import expected_calibration_error
    from between.analysis.training.data import corpus

    test = corpus("test")
    if not test:
        return {"skipped": "no corpus files under data/corpus"}
    report: dict = {}
    if "register" in test:
        ex = test["register"]
        results = _in_chunks(ex.texts, lambda t: analyze_messages(t, layers=layers), progress)
        truth = ex.targets[:, 0].astype(int)
        probs = np.array([[r.register.probabilities[label] for label in TASKS["register"].labels] for r in results])
        report["register"] = exclusive_report(truth, probs.argmax(1), TASKS["register"].labels)
        report["register"]["ece"] = round(expected_calibration_error(probs.max(1), probs.argmax(1) == truth), 4)
        for name in ("deeper_feelings", "needs"):
            labels = TASKS[name].labels
            report[name] = label_report(test[name].targets > 0.5, _detections(results, name, labels), labels)
    if "risk" in test:
        report["risk"] = _risk_report(test["risk"], layers, progress)
    if "quality" in test:
        report.update(_reply_report(test, layers, progress))
    return report


def _risk_report(ex, layers: str, progress) -> dict:
    from between.analysis.engine import analyze_messages
    from between.analysis.taxonomy import RISK_KINDS

    results = _in_chunks(ex.texts, lambda t: analyze_messages(t, layers=layers), progress)
    truth = ex.targets[:, 0] > 0.5
    flagged = np.array([r.risk.flag for r in results])
    kinds = np.array([[kind in r.risk.kinds for kind in RISK_KINDS] for r in results])
    return {
        "recall": round(float(flagged[truth].mean()), 4),
        "false_positive_rate_hard_negatives": round(float(flagged[~truth].mean()), 4),
        "positives": int(truth.sum()),
        "hard_negatives": int((~truth).sum()),
        "missed": [t for t, hit, pos in zip(ex.texts, flagged, truth, strict=True) if pos and not hit],
        "kinds": label_report(ex.targets[:, 1:] > 0.5, kinds, RISK_KINDS),
    }


def _reply_report(test: dict, layers: str, progress) -> dict:
    from between.analysis.engine import analyze_replies
    from between.analysis.taxonomy import ARE_DIMENSIONS, EMPATHY_MECHANISMS, REPLY_QUALITIES

    ex = test["quality"]
    pairs = list(zip(ex.texts, ex.pairs, strict=True))
    results = _in_chunks(pairs, lambda p: analyze_replies(p, layers=layers), progress)
    truth = ex.targets[:, 0].astype(int)
    predicted = np.array([REPLY_QUALITIES.index(r.quality.label) for r in results])
    are = np.array([[getattr(r.are, d) for d in ARE_DIMENSIONS] for r in results])
    empathy = np.array([[getattr(r.empathy, m) for m in EMPATHY_MECHANISMS] for r in results])
    return {
        "quality": exclusive_report(truth, predicted, REPLY_QUALITIES),
        "are": {
            "mean_absolute_error": dict(
                zip(ARE_DIMENSIONS, np.round(np.abs(are - test["are"].targets).mean(0), 4).tolist(), strict=True)
            )
        },
        "empathy": _levels_report(empathy, test["empathy"].targets),
    }


def _levels_report(predicted: np.ndarray, truth: np.ndarray, reference: dict | None = None) -> dict:
    from between.analysis.taxonomy import EMPATHY_MECHANISMS

    per = {
        m: exclusive_report(truth[:, j].astype(int), predicted[:, j].astype(int), ("0", "1", "2"))
        for j, m in enumerate(EMPATHY_MECHANISMS)
    }
    if reference:
        for m in per:
            per[m]["reference_macro_f1"] = reference[m]
    return {"mechanisms": per, "macro_f1": round(float(np.mean([r["macro_f1"] for r in per.values()])), 4)}


def goemotions_report(data_dir: Path, layers: str, progress) -> dict:
    """GoEmotions dev: 28 labels, and the Ekman grouping (a group is present when any member is;
    predicted when its read-out, chosen on held-out train rows, clears the group's threshold,
    tuned on the same rows)."""
    from between.analysis.engine import analyze_messages
    from between.analysis.taxonomy import GOEMOTIONS
    from between.analysis.training.calibrate import ekman_scores
    from between.analysis.training.data import ekman_groups, goemotions

    dev = goemotions(data_dir, "dev")
    results = _in_chunks(dev.texts, lambda t: analyze_messages(t, layers=layers), progress)
    probs = np.array([[r.emotions[label] for label in GOEMOTIONS] for r in results])
    truth = dev.targets > 0.5
    cut = np.array(_thresholds(layers, "emotions") or [0.5] * len(GOEMOTIONS))
    groups = {**ekman_groups(data_dir), "neutral": ["neutral"]}
    members = {g: [GOEMOTIONS.index(m) for m in names] for g, names in groups.items()}
    group_cut, readout = _ekman_choice(layers)
    group_cut = group_cut or dict.fromkeys(groups, 0.5)
    group_truth = np.stack([truth[:, idx].any(1) for idx in members.values()], 1)
    group_predicted = np.stack([ekman_scores(probs, idx, readout) >= group_cut[g] for g, idx in members.items()], 1)
    return {
        "examples": len(dev),
        "emotions": label_report(truth, probs >= cut, GOEMOTIONS),
        "ekman": label_report(group_truth, group_predicted, tuple(groups)),
    }


def _ekman_choice(layers: str) -> tuple[dict[str, float] | None, str]:
    """The Ekman thresholds and read-out chosen on held-out train rows (the manifest)."""
    if layers == "cues":
        return None, "noisy_or"
    from between.analysis.learned import load_learned_layer

    manifest = load_learned_layer().manifest
    return manifest.get("ekman_thresholds"), manifest.get("ekman_readout", "noisy_or")


def epitome_report(data_dir: Path, layers: str, progress) -> dict:
    """Transfer to EPITOME's Reddit pairs (never trained on: non-commercial licence)."""
    from between.analysis.engine import analyze_replies
    from between.analysis.taxonomy import EMPATHY_MECHANISMS
    from between.analysis.training.data import epitome

    ex = epitome(data_dir)
    keep = [i for i, (s, r) in enumerate(zip(ex.texts, ex.pairs, strict=True)) if _analysable(s) and _analysable(r)]
    ex = ex.subset(keep)
    pairs = list(zip(ex.texts, ex.pairs, strict=True))
    results = _in_chunks(pairs, lambda p: analyze_replies(p, layers=layers), progress)
    predicted = np.array([[getattr(r.empathy, m) for m in EMPATHY_MECHANISMS] for r in results])
    return {"examples": len(ex), **_levels_report(predicted, ex.targets, EPITOME_REFERENCE)}


def _analysable(text: str) -> bool:
    from between.analysis.engine import MAX_CHARS

    return bool(text.strip()) and len(text) <= MAX_CHARS


def _narration_report(data_dir: Path, layers: str, progress) -> dict:
    from between.cycle.evaluation import narration_evaluation

    return narration_evaluation(layers)


def _coach_report(data_dir: Path, layers: str, progress) -> dict:
    from between.coach.evaluation import coach_evaluation

    return coach_evaluation(layers)


def _realtext_report(data_dir: Path, layers: str, progress) -> dict:
    from between.analysis.realtext import realtext_report

    return realtext_report(layers, progress)


def _section_lines(key: str, section: dict) -> list[str] | None:
    """The plain-text lines of a section reported elsewhere (narration, coach, real text)."""
    if key == "realtext":
        from between.analysis.realtext import format_realtext

        return format_realtext(section)
    if key == "narration":
        from between.cycle.evaluation import format_narration

        return format_narration(section)
    if key == "coach":
        from between.coach.evaluation import format_coach

        return format_coach(section)
    return None


SECTIONS = {
    "corpus": ("our held-out corpus", lambda data_dir, layers, p: corpus_report(layers, p), None),
    "narration": ("what happened: the writer's move and the cycle (data/corpus/narration.jsonl)",
                  _narration_report, None),
    "coach": ("the reach coach's choices (data/corpus/reach_drafts.jsonl)", _coach_report, None),
    "realtext": ("risk on real help-seeking posts (data/realtext/labels.jsonl, text from construct-tracker)"
                 " and on short couple messages", _realtext_report, None),
    "goemotions": ("GoEmotions dev", goemotions_report, "goemotions/dev.tsv"),
    "epitome": ("EPITOME (transfer)", epitome_report, "epitome/emotional-reactions-reddit.csv"),
}


def evaluate(data_dir: Path, layers: str = "both", progress=lambda n: None) -> dict:
    """Every section whose data is present; a missing data set is named and skipped."""
    report: dict = {"layers": layers, "data_dir": str(data_dir)}
    for key, (_title, run, needs) in SECTIONS.items():
        if needs and not (data_dir / needs).exists():
            report[key] = {"skipped": f"{data_dir / needs} not found (set BETWEEN_DATA_DIR)"}
            continue
        report[key] = run(data_dir, layers, progress)
    return report


# --- plain-text report ----------------------------------------------------------------------


def _label_table(title: str, report: dict) -> list[str]:
    lines = [f"  {title}: macro-F1 {report['macro_f1']:.3f}"]
    if "accuracy" in report:
        lines[0] += f", accuracy {report['accuracy']:.3f}"
    if "ece" in report:
        lines[0] += f", ECE {report['ece']:.3f}"
    lines.append(f"    {'label':<22}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label, row in report["per_label"].items():
        lines.append(
            f"    {label:<22}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}{row['support']:>6}"
        )
    if "confusion" in report:
        labels = report["confusion"]["labels"]
        lines.append("    confusion (rows true, columns predicted): " + " ".join(label[:5] for label in labels))
        for label, row in zip(labels, report["confusion"]["matrix"], strict=True):
            lines.append(f"    {label[:14]:<14}" + "".join(f"{n:>6}" for n in row))
    return lines


def _levels_lines(report: dict) -> list[str]:
    lines = [f"  empathy levels: mean macro-F1 {report['macro_f1']:.3f}"]
    for mechanism, row in report["mechanisms"].items():
        ref = f" (reference {row['reference_macro_f1']:.3f})" if "reference_macro_f1" in row else ""
        lines += _label_table(f"{mechanism}{ref}", row)
    return lines


def format_report(report: dict) -> str:
    lines = [f"layers: {report['layers']}   data: {report['data_dir']}"]
    for key, (title, _run, _needs) in SECTIONS.items():
        section = report.get(key, {})
        lines.append(f"\n== {title}")
        if "skipped" in section:
            lines.append(f"  skipped: {section['skipped']}")
            continue
        if (own := _section_lines(key, section)) is not None:
            lines += own
            continue
        for name in ("register", "deeper_feelings", "needs", "quality", "emotions", "ekman"):
            if name in section:
                lines += _label_table(name, section[name])
        if "risk" in section:
            risk = section["risk"]
            lines.append(
                f"  risk: recall {risk['recall']:.3f} on {risk['positives']} risk statements, "
                f"false-positive rate {risk['false_positive_rate_hard_negatives']:.3f} "
                f"on {risk['hard_negatives']} hard negatives"
            )
            lines += _label_table("risk kinds", risk["kinds"])
        if "are" in section:
            errors = ", ".join(f"{k} {v:.3f}" for k, v in section["are"]["mean_absolute_error"].items())
            lines.append(f"  A.R.E. mean absolute error: {errors}")
        if "mechanisms" in section:
            lines += _levels_lines(section)
        elif "empathy" in section:
            lines += _levels_lines(section["empathy"])
    return "\n".join(lines)
