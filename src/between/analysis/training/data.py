"""Training and evaluation data: the public sets (read from BETWEEN_DATA_DIR) and our own corpus.

Only GoEmotions train, Buechel 2018 and the project's own corpus may train shipped weights;
EPITOME is read for evaluation only. Our corpus is split by `group` (one idea and its
paraphrases share a group), so a paraphrase never sits on both sides of train/test.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from between.analysis.taxonomy import (
    ARE_DIMENSIONS,
    DEEPER_FEELINGS,
    EMPATHY_MECHANISMS,
    GOEMOTIONS,
    NEEDS,
    REGISTERS,
    REPLY_QUALITIES,
    RISK_KINDS,
)

REPO_ROOT = Path(__file__).resolve().parents[4]
CORPUS_DIR = REPO_ROOT / "data" / "corpus"
TEST_PERCENT = 20  # of our corpus's groups, held out for `between eval`
CALIBRATION_PERCENT = 15  # of the remaining train groups, held out for temperatures/thresholds
TUNE_EVERY = 10  # every 10th GoEmotions train row tunes thresholds; dev is only for reporting


def group_bucket(group: str, salt: str = "") -> int:
    """A stable 0–99 bucket from the group name (same on every machine and Python run)."""
    return int(hashlib.sha256(f"{salt}{group}".encode()).hexdigest()[:8], 16) % 100


def corpus_part(group: str) -> str:
    """`test`, `calibration` or `train` for one corpus group."""
    if group_bucket(group) < TEST_PERCENT:
        return "test"
    if group_bucket(group, salt="calibration:") < CALIBRATION_PERCENT:
        return "calibration"
    return "train"


@dataclass
class Examples:
    """Texts (or share/reply pairs) with targets for one head; NaN marks 'not labelled'."""

    task: str
    texts: list[str]
    targets: np.ndarray
    pairs: list[str] | None = None
    groups: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, keep: list[int]) -> Examples:
        return Examples(
            self.task,
            [self.texts[i] for i in keep],
            self.targets[keep],
            [self.pairs[i] for i in keep] if self.pairs is not None else None,
            [self.groups[i] for i in keep] if self.groups else [],
        )


def multi_hot(names, labels: tuple[str, ...]) -> list[float]:
    unknown = set(names) - set(labels)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}; expected some of {labels}")
    return [1.0 if label in names else 0.0 for label in labels]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- GoEmotions ---------------------------------------------------------------------------


def goemotions(data_dir: Path, split: str) -> Examples:
    path = data_dir / "goemotions" / f"{split}.tsv"
    texts, targets = [], []
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row[0])
            ids = {int(i) for i in row[1].split(",")}
            targets.append([1.0 if i in ids else 0.0 for i in range(len(GOEMOTIONS))])
    return Examples("emotions", texts, np.array(targets, dtype=np.float32))


def goemotions_train_parts(data_dir: Path) -> tuple[Examples, Examples]:
    """(fit, tune): every TUNE_EVERY-th train row is held out for thresholds and temperature."""
    rows = goemotions(data_dir, "train")
    tune = [i for i in range(len(rows)) if i % TUNE_EVERY == 0]
    fit = [i for i in range(len(rows)) if i % TUNE_EVERY != 0]
    return rows.subset(fit), rows.subset(tune)


def ekman_groups(data_dir: Path) -> dict[str, list[str]]:
    return json.loads((data_dir / "goemotions" / "ekman_mapping.json").read_text())


# --- Buechel 2018: writer-rated empathic concern and personal distress (auxiliary task) -----


def buechel(data_dir: Path) -> Examples:
    path = data_dir / "empathic_reactions_buechel2018" / "messages.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Ratings are on a 1–7 scale; 0–1 targets suit a sigmoid read-out.
    targets = [[(float(r["empathy"]) - 1) / 6, (float(r["distress"]) - 1) / 6] for r in rows]
    return Examples("concern_distress", [r["essay"] for r in rows], np.array(targets, np.float32))


# --- EPITOME (evaluation only: non-commercial licence) --------------------------------------


def epitome(data_dir: Path) -> Examples:
    """Seeker post / response pairs with a 0–2 level per mechanism, de-duplicated by pair."""
    files = {
        "emotional_reactions": "emotional-reactions-reddit.csv",
        "interpretations": "interpretations-reddit.csv",
        "explorations": "explorations-reddit.csv",
    }
    levels: dict[tuple[str, str], dict[str, float]] = {}
    posts: dict[tuple[str, str], tuple[str, str]] = {}
    for mechanism, name in files.items():
        with (data_dir / "epitome" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["sp_id"], row["rp_id"])
                posts[key] = (row["seeker_post"], row["response_post"])
                # A repeated pair keeps its first label (a handful of repeats disagree).
                levels.setdefault(key, {}).setdefault(mechanism, float(row["level"]))
    keys = [k for k in posts if len(levels[k]) == len(EMPATHY_MECHANISMS)]
    targets = np.array([[levels[k][m] for m in EMPATHY_MECHANISMS] for k in keys], np.float32)
    return Examples(
        "empathy",
        [posts[k][0] for k in keys],
        targets,
        pairs=[posts[k][1] for k in keys],
        groups=[k[0] for k in keys],
    )


# --- The project's own corpus ---------------------------------------------------------------


def register_examples(rows: list[dict]) -> dict[str, Examples]:
    texts = [r["text"] for r in rows]
    groups = [r["group"] for r in rows]
    register = np.array([REGISTERS.index(r["label"]) for r in rows], np.float32)[:, None]
    feelings = np.array([multi_hot(r.get("deeper_feelings", []), DEEPER_FEELINGS) for r in rows])
    needs = np.array([multi_hot(r.get("needs", []), NEEDS) for r in rows])
    return {
        "register": Examples("register", texts, register, groups=groups),
        "deeper_feelings": Examples("deeper_feelings", texts, feelings.astype(np.float32), groups=groups),
        "needs": Examples("needs", texts, needs.astype(np.float32), groups=groups),
    }


def risk_examples(rows: list[dict]) -> Examples:
    targets = [[1.0 if r["risk"] else 0.0, *multi_hot(r.get("kinds", []), RISK_KINDS)] for r in rows]
    return Examples("risk", [r["text"] for r in rows], np.array(targets, np.float32), groups=[r["group"] for r in rows])


def reply_examples(rows: list[dict]) -> dict[str, Examples]:
    shares = [r["share"] for r in rows]
    replies = [r["reply"] for r in rows]
    groups = [r["group"] for r in rows]
    quality = np.array([REPLY_QUALITIES.index(r["quality"]) for r in rows], np.float32)[:, None]
    are = np.array([[float(r["are"][d]) for d in ARE_DIMENSIONS] for r in rows], np.float32)
    empathy = np.array([[float(r["empathy"][m]) for m in EMPATHY_MECHANISMS] for r in rows], np.float32)
    return {
        name: Examples(name, shares, targets, pairs=replies, groups=groups)
        for name, targets in (("quality", quality), ("are", are), ("empathy", empathy))
    }


def support_examples(part: str, corpus_dir: Path = CORPUS_DIR) -> Examples | None:
    """Long peer-support replies with empathy levels only (support.jsonl), one part of them.
    Kept apart from corpus(): their pairs have no reply quality or A.R.E., and the figures on
    our couple pairs stay comparable across versions."""
    path = corpus_dir / "support.jsonl"
    rows = [r for r in read_jsonl(path) if corpus_part(r["group"]) == part] if path.exists() else []
    if not rows:
        return None
    empathy = np.array([[float(r["empathy"][m]) for m in EMPATHY_MECHANISMS] for r in rows], np.float32)
    return Examples("empathy", [r["share"] for r in rows], empathy, pairs=[r["reply"] for r in rows],
                    groups=[r["group"] for r in rows])


def corpus(part: str, corpus_dir: Path = CORPUS_DIR) -> dict[str, Examples]:
    """Our own examples for each head, restricted to one part (train, calibration or test).

    A corpus file that is not there yet simply contributes nothing."""
    sources = {
        "register.jsonl": register_examples,
        "risk.jsonl": lambda rows: {"risk": risk_examples(rows)},
        "replies.jsonl": reply_examples,
    }
    found: dict[str, Examples] = {}
    for file, build in sources.items():
        path = corpus_dir / file
        if not path.exists():
            continue
        rows = [r for r in read_jsonl(path) if corpus_part(r["group"]) == part]
        if rows:
            found.update(build(rows))
    return found
