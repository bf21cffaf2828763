"""The learned layer: one fine-tuned encoder, small heads in numpy, calibrated probabilities.

Messages feed the register, risk, emotion, deeper-feeling and need heads; a share and its reply
are encoded together as one pair (`[CLS] share [SEP] reply [SEP]`) and feed the reply heads.
Head weights, temperatures and thresholds come from `models/heads.npz` and the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from between.analysis.encoder import (
    MODELS_DIR,
    Encoder,
    Span,
    encoder_from_manifest,
    passages,
    read_manifest,
    unit_rows,
    verified_path,
    windows,
)
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

# Below this top probability the register or reply quality is reported as low-confidence:
# on held-out data, answers under it are wrong about as often as right (docs/analysis-model.md).
LOW_CONFIDENCE_BELOW = 0.5
LEVELS = 3  # EPITOME levels 0, 1, 2
HEAD_PARTS = ("w1", "b1", "w2", "b2")  # a head's arrays in heads.npz, "<head>.<part>"


@dataclass(frozen=True)
class Task:
    """One head: its labels, how its outputs read, and whether it sees a message or a pair."""

    name: str
    labels: tuple[str, ...]
    kind: str  # exclusive (softmax) | multilabel (sigmoids) | scores (0–1) | levels (softmax x3)
    pair: bool = False

    @property
    def width(self) -> int:
        return len(self.labels) * (LEVELS if self.kind == "levels" else 1)


MESSAGE_TASKS = (
    Task("register", REGISTERS, "exclusive"),
    Task("risk", ("any", *RISK_KINDS), "multilabel"),
    Task("emotions", GOEMOTIONS, "multilabel"),
    Task("deeper_feelings", DEEPER_FEELINGS, "multilabel"),
    Task("needs", NEEDS, "multilabel"),
)
PAIR_TASKS = (
    Task("quality", REPLY_QUALITIES, "exclusive", pair=True),
    Task("are", ARE_DIMENSIONS, "scores", pair=True),
    Task("empathy", EMPATHY_MECHANISMS, "levels", pair=True),
)
TASKS = {task.name: task for task in MESSAGE_TASKS + PAIR_TASKS}


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40)))


def read_out(task: Task, logits: np.ndarray) -> np.ndarray:
    """Probabilities from a head's logits, the way its task reads them."""
    if task.kind == "exclusive":
        return softmax(logits)
    if task.kind == "levels":
        return softmax(logits.reshape(len(logits), len(task.labels), LEVELS))
    return sigmoid(logits)


@dataclass
class Head:
    """Linear -> ReLU -> linear over the embedding, divided by the fitted temperature."""

    task: Task
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    temperature: float = 1.0

    def logits(self, x: np.ndarray) -> np.ndarray:
        return self.logits_from_hidden(np.maximum(x @ self.w1 + self.b1, 0.0))

    def logits_from_hidden(self, hidden: np.ndarray) -> np.ndarray:
        return (hidden @ self.w2 + self.b2) / self.temperature


class HeadGroup:
    """Heads over the same input, their first layers stacked into one matrix product: one
    BLAS call per batch instead of one per head keeps the heads cheap next to the encoder."""

    def __init__(self, heads: list[Head]) -> None:
        self.heads = heads
        self.w1 = np.ascontiguousarray(np.concatenate([h.w1 for h in heads], axis=1))
        self.b1 = np.concatenate([h.b1 for h in heads])
        self.bounds = np.cumsum([0] + [h.w1.shape[1] for h in heads]).tolist()

    def probabilities(self, x: np.ndarray) -> dict[str, np.ndarray]:
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        return {
            head.task.name: read_out(head.task, head.logits_from_hidden(hidden[:, start:end]))
            for head, start, end in zip(self.heads, self.bounds, self.bounds[1:], strict=False)
        }


class LearnedLayer:
    """Batched scores for messages and for share/reply pairs."""

    def __init__(self, encoder: Encoder, heads: dict[str, Head], manifest: dict) -> None:
        self.encoder = encoder
        self.heads = heads
        self.manifest = manifest
        self.message_heads = HeadGroup([heads[t.name] for t in MESSAGE_TASKS])
        self.pair_heads = HeadGroup([heads[t.name] for t in PAIR_TASKS])
        self.thresholds = {
            name: dict(zip(TASKS[name].labels, values, strict=True))
            for name, values in manifest.get("thresholds", {}).items()
        }

    def message_scores(self, texts: list[str], sentences: list[list[Span] | None] | None = None) -> list[dict]:
        """Scores per text. With `sentences` (character spans, or None, per text), each text
        given spans also gets `sentence_vectors`: its sentences pooled from this same pass,
        which `pooled_scores` reads."""
        if not texts:
            return []
        embeddings, pooled = self.encoder.encode_with_spans(texts, sentences or [None] * len(texts))
        return _with_vectors(_per_text(self.message_heads.probabilities(embeddings), "register",
                                       self.encoder.last_ms / len(texts)), pooled)  # fmt: skip

    def reply_scores(
        self, shares: list[str], replies: list[str], sentences: list[list[Span] | None] | None = None
    ) -> list[dict]:
        """Scores per share/reply pair; `sentences` are spans of the reply (see message_scores)."""
        if len(shares) != len(replies):
            raise ValueError("shares and replies must pair up one to one")
        if not shares:
            return []
        embeddings, pooled = self.pair_embeddings(shares, replies, sentences)
        return _with_vectors(_per_text(self.pair_heads.probabilities(embeddings), "quality",
                                       self.encoder.last_ms / len(shares)), pooled)  # fmt: skip

    def pair_embeddings(self, shares: list[str], replies: list[str],
                        sentences: list[list[Span] | None] | None = None) -> tuple[np.ndarray, list]:
        """One embedding per share/reply pair. A long reply is read whole, in windows of
        sentences each encoded beside the share, their embeddings averaged; its sentences are
        then not pooled (None), since no single pass holds them all."""
        cuts = [windows(self.encoder.tokenizer, reply) for reply in replies]
        owner = [i for i, spans in enumerate(cuts) for _ in spans]
        wanted = sentences or [None] * len(shares)
        embedded, pooled = self.encoder.encode_with_spans(
            [shares[i] for i in owner],
            [wanted[i] if len(cuts[i]) == 1 else None for i in owner],
            pairs=[replies[i][a:b] for i, spans in enumerate(cuts) for a, b in spans])
        if len(owner) == len(replies):
            return embedded, pooled
        summed = np.zeros((len(replies), embedded.shape[1]), np.float32)
        np.add.at(summed, owner, embedded)
        first = {i: k for k, i in reversed(list(enumerate(owner)))}
        return unit_rows(summed), [pooled[first[i]] if len(cuts[i]) == 1 else None
                                   for i in range(len(replies))]

    def passage_risk(self, texts: list[str], worded=None) -> list[tuple[dict[str, float], Span] | None]:
        """For each text longer than one encoder pass: the risk head read over its overlapping
        passages (encoder.passages), each label's highest probability, and the passage that
        holds the highest "any risk"; None for a text that fits in one pass (already read).
        Spans index `texts`; `worded` (a str -> str callable) turns each passage into what the
        model reads (emoji said in words)."""
        cuts = [passages(self.encoder.vocab_path, text) for text in texts]
        wanted = [(i, span) for i, spans in enumerate(cuts) if len(spans) > 1 for span in spans]
        if not wanted:
            return [None] * len(texts)
        embedded = self.encoder.encode([(worded or str)(texts[i][a:b]) for i, (a, b) in wanted])
        probs = read_out(TASKS["risk"], self.heads["risk"].logits(embedded))
        found: list[tuple[dict[str, float], Span] | None] = [None] * len(texts)
        owners = np.array([i for i, _ in wanted])
        for i in sorted(set(owners.tolist())):
            rows = np.flatnonzero(owners == i)
            best = rows[int(probs[rows, 0].argmax())]
            found[i] = (dict(zip(TASKS["risk"].labels, probs[rows].max(axis=0).tolist(), strict=True)),
                        wanted[best][1])
        return found

    def pooled_scores(self, vectors: np.ndarray, pair: bool) -> list[dict]:
        """Scores for pooled sentence vectors (from `sentence_vectors`) by the message or pair heads."""
        heads, headline = (self.pair_heads, "quality") if pair else (self.message_heads, "register")
        return _per_text(heads.probabilities(vectors), headline, 0.0)


def _with_vectors(results: list[dict], pooled: list[np.ndarray | None]) -> list[dict]:
    for result, vectors in zip(results, pooled, strict=True):
        if vectors is not None:
            result["sentence_vectors"] = vectors
    return results


def _per_text(probs: dict[str, np.ndarray], headline: str, per_text_ms: float) -> list[dict]:
    """One dict of labelled scores per text (`tolist` converts each matrix to floats at once)."""
    rows = {name: p.tolist() for name, p in probs.items()}
    unsure = (probs[headline].max(axis=-1) < LOW_CONFIDENCE_BELOW).tolist()
    return [
        {name: dict(zip(TASKS[name].labels, task_rows[i], strict=True)) for name, task_rows in rows.items()}
        | {"low_confidence": unsure[i], "embedding_ms": per_text_ms}
        for i in range(len(unsure))
    ]


def heads_from_arrays(arrays, temperatures: dict[str, float]) -> dict[str, Head]:
    return {
        name: Head(
            task,
            # Row-major float32: the stored matrices are transposes, and BLAS is slower on those.
            *(np.ascontiguousarray(arrays[f"{name}.{part}"], dtype=np.float32) for part in HEAD_PARTS),
            temperature=float(temperatures.get(name, 1.0)),
        )
        for name, task in TASKS.items()
    }


def layer_from_manifest(manifest: dict, models_dir: Path = MODELS_DIR) -> LearnedLayer:
    encoder = encoder_from_manifest(manifest, models_dir)
    with np.load(verified_path(manifest["heads"], models_dir)) as arrays:
        heads = heads_from_arrays(arrays, manifest.get("temperatures", {}))
    return LearnedLayer(encoder, heads, manifest)


@lru_cache(maxsize=1)
def load_learned_layer() -> LearnedLayer:
    """The shipped learned layer, verified against the manifest and loaded once per process."""
    return layer_from_manifest(read_manifest())
