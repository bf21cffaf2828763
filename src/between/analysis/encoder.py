"""Sentence embeddings: MiniLM as int8 ONNX, WordPiece tokens, mean-pooled and L2-normalised.

The model file and the vocabulary are named, with their sha256, in `models/manifest.json`; a
file that does not match is refused, so a corrupted or swapped model never answers silently.
"""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

from between.errors import BetweenError

MODELS_DIR = Path(__file__).parent / "models"
MANIFEST = MODELS_DIR / "manifest.json"
# Couples' messages are short; 128 word pieces cover ~95 words and keep the batch cheap.
MAX_TOKENS = 128
# The product targets a 2-core machine; more threads only add contention.
THREADS = 2
BATCH = 32
Span = tuple[int, int]  # character offsets [start, end)
# A reply longer than this (word pieces) is read in windows of whole sentences, each beside the
# share, so a long reply is read whole instead of cut off (docs/analysis-model.md).
WINDOW_TOKENS = 96


def model_file_error(detail: str) -> BetweenError:
    """A shipped model file is missing or is not the file the manifest names."""
    return BetweenError(detail, [], 500, "Model file problem", "model-file")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_path(entry: dict, models_dir: Path = MODELS_DIR) -> Path:
    """The manifest entry's file, after checking it is the very file the manifest names."""
    path = models_dir / entry["file"]
    if not path.exists():
        raise model_file_error(f"{path} is missing; reinstall Between or run `make train`.")
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise model_file_error(
            f"{path} has sha256 {actual}, but models/manifest.json expects {entry['sha256']}; "
            "the file is corrupted or was replaced. Reinstall Between or run `make train`."
        )
    return path


def read_manifest(path: Path = MANIFEST) -> dict:
    if not path.exists():
        raise model_file_error(f"{path} is missing; reinstall Between or run `make train`.")
    return json.loads(path.read_text())


def wordpiece_tokenizer(vocab_path: Path, max_tokens: int = MAX_TOKENS):
    """The uncased BERT WordPiece tokenizer all-MiniLM-L6-v2 was trained with."""
    from tokenizers.implementations import BertWordPieceTokenizer

    tokenizer = BertWordPieceTokenizer(str(vocab_path), lowercase=True)
    # A pair is cut from its first text (the share): the reply is what its heads judge.
    tokenizer.enable_truncation(max_length=max_tokens, strategy="only_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


class Encoder:
    """Turns texts (or share/reply pairs) into unit-length 384-d sentence embeddings."""

    def __init__(self, model_path: Path, vocab_path: Path, threads: int = THREADS) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Weights are stored int8; folding their DequantizeLinear once at load runs fp32 kernels.
        options.add_session_config_entry("session.disable_quant_qdq", "1")
        # Idle threads must not spin after a run: on 2 cores they starve the numpy heads and the
        # rest of the engine that run right after (single-message latency halves without it).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = wordpiece_tokenizer(vocab_path)
        self.vocab_path = vocab_path
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.last_ms = 0.0

    def encode(self, texts: list[str], pairs: list[str] | None = None) -> np.ndarray:
        """Embeddings in input order; with `pairs`, each text is encoded with its partner
        as one `[CLS] text [SEP] pair [SEP]` sequence."""
        return self.encode_with_spans(texts, [None] * len(texts), pairs)[0]

    def encode_with_spans(
        self, texts: list[str], spans: list[list[Span] | None], pairs: list[str] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """Embeddings, and for each text given character spans (of the pair, with `pairs`), its
        tokens inside each span pooled the same way: the sentences as the model read them in
        context, at no extra encoder cost. None where a span lies past the token limit."""
        start = time.perf_counter()
        inputs = list(zip(texts, pairs, strict=True)) if pairs is not None else list(texts)
        out = np.zeros((len(inputs), 384), dtype=np.float32)
        pooled: list[np.ndarray | None] = [None] * len(inputs)
        # Sorting by length keeps dynamic padding small inside each batch.
        order = sorted(range(len(inputs)), key=lambda i: _length(inputs[i]))
        for begin in range(0, len(order), BATCH):
            chunk = order[begin : begin + BATCH]
            out[chunk], chunk_pooled = self._embed_batch([inputs[i] for i in chunk], [spans[i] for i in chunk])
            for i, vectors in zip(chunk, chunk_pooled, strict=True):
                pooled[i] = vectors
        self.last_ms = (time.perf_counter() - start) * 1000
        return out, pooled

    def _embed_batch(self, batch: list, spans: list[list[Span] | None]) -> tuple[np.ndarray, list]:
        encodings = self.tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self.session.run(None, feeds)[0]
        sequence = 0 if isinstance(batch[0], str) else 1  # spans index the pair's second text
        pooled = [
            None if wanted is None else span_pool(hidden[row], encoding, wanted, sequence)
            for row, (encoding, wanted) in enumerate(zip(encodings, spans, strict=True))
        ]
        return mean_pool(hidden, mask), pooled


def windows(tokenizer, text: str, limit: int = WINDOW_TOKENS) -> list[Span]:
    """The text as character spans of at most `limit` word pieces, cut between sentences (a
    sentence longer than that is cut between words); one span when the text is short."""
    if _pieces(tokenizer, [text])[0] <= limit:
        return [(0, len(text))]
    from between.analysis.cues.text import sentence_spans

    parts = [span for a, b in sentence_spans(text) for span in _short(tokenizer, text, a, b, limit)]
    sizes = _pieces(tokenizer, [text[a:b] for a, b in parts])
    found: list[Span] = []
    used = limit + 1
    for (a, b), size in zip(parts, sizes, strict=True):
        if used + size <= limit:
            found[-1], used = (found[-1][0], b), used + size
        else:
            found.append((a, b))
            used = size
    return found


# A long message is read for risk in overlapping passages of PASSAGE_TOKENS word pieces (128
# with [CLS] and [SEP]), a new one every PASSAGE_STRIDE pieces: a sentence cut at one passage's
# edge is whole in the next, and the passage the model rates highest is the evidence.
PASSAGE_TOKENS = 126
PASSAGE_STRIDE = 64


@lru_cache(maxsize=4)
def _untruncated(vocab_path: str):
    from tokenizers.implementations import BertWordPieceTokenizer

    return BertWordPieceTokenizer(vocab_path, lowercase=True)


def passages(vocab_path: Path, text: str, size: int = PASSAGE_TOKENS, stride: int = PASSAGE_STRIDE) -> list[Span]:
    """Character spans of overlapping passages of at most `size` word pieces, `stride` apart,
    each starting and ending on a word; one span (the whole text) when it fits in one."""
    offsets = [o for o in _untruncated(str(vocab_path)).encode(text, add_special_tokens=False).offsets if o[1] > o[0]]
    if len(offsets) <= size:
        return [(0, len(text))]
    found: list[Span] = []
    for begin in range(0, len(offsets), stride):
        chunk = offsets[begin:begin + size]
        start = chunk[0][0]
        while start > 0 and not text[start - 1].isspace() and begin:  # a word cut in two: start at it
            start -= 1
        found.append((start, chunk[-1][1]))
        if begin + size >= len(offsets):
            break
    return found


def _short(tokenizer, text: str, start: int, end: int, limit: int) -> list[Span]:
    """[start, end) cut at a space near its middle (or at the middle, in a run without one)
    until each part fits in `limit` pieces."""
    if _pieces(tokenizer, [text[start:end]])[0] <= limit or end - start < 2:
        return [(start, end)]
    half = (start + end) // 2
    space = text.rfind(" ", start, half + 1)
    middle = space if space > start else half
    return _short(tokenizer, text, start, middle, limit) + _short(tokenizer, text, middle + (space > start), end, limit)


def _pieces(tokenizer, texts: list[str]) -> list[int]:
    """Word pieces in each text (the tokenizer truncates at MAX_TOKENS: longer reads as that)."""
    return [sum(encoding.attention_mask) for encoding in tokenizer.encode_batch(texts, add_special_tokens=False)]


def span_pool(hidden: np.ndarray, encoding, spans: list[Span], sequence: int) -> np.ndarray | None:
    """The tokens of one sequence (its type id) inside each character span, mean-pooled and unit
    length. Special and padding tokens have empty offsets, so they never fall inside a span."""
    offsets = np.asarray(encoding.offsets)
    usable = (np.asarray(encoding.type_ids) == sequence) & (offsets[:, 1] > offsets[:, 0])
    bounds = np.asarray(spans)
    mask = usable & (offsets[:, 0] >= bounds[:, :1]) & (offsets[:, 1] <= bounds[:, 1:])
    if not mask.any(axis=1).all():
        return None
    weights = mask.astype(np.float32)
    return unit_rows(weights @ hidden / weights.sum(axis=1, keepdims=True))


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average of the token vectors under the mask, scaled to unit length (sentence-transformers)."""
    weights = mask[..., None].astype(np.float32)
    return unit_rows((hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None))


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def _length(item) -> int:
    return len(item) if isinstance(item, str) else len(item[0]) + len(item[1])


def encoder_from_manifest(manifest: dict, models_dir: Path = MODELS_DIR) -> Encoder:
    model = verified_path(manifest["encoder"], models_dir)
    vocab = verified_path(manifest["vocab"], models_dir)
    return Encoder(model, vocab)


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The shipped encoder, checked against the manifest and loaded once per process."""
    return encoder_from_manifest(read_manifest())
