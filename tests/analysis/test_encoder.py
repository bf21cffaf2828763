"""The shipped encoder: checked against its manifest, unit-length embeddings, batch-independent."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from between.analysis.encoder import (
    MODELS_DIR,
    encoder_from_manifest,
    load_encoder,
    read_manifest,
    sha256_of,
)
from between.errors import BetweenError


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()  # cached: one load per test session


def test_embeddings_are_unit_length_and_384_wide(encoder):
    vectors = encoder.encode(["You never listen to me.", "ok", "I miss you 💔"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(encoder):
    texts = ["can we talk tonight?", "Whatever. Do what you want, you always do, I'm done talking."]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.all((together * alone).sum(axis=1) > 0.999)


def test_paraphrases_sit_closer_than_unrelated_texts(encoder):
    a, b, c = encoder.encode(
        [
            "I felt lonely when you were on your phone all evening.",
            "When you spent the whole night on your phone I felt alone.",
            "The invoice for the car repair is due on Friday.",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_a_pair_is_read_together(encoder):
    share = ["I've been feeling really overwhelmed at work."]
    paired = encoder.encode(share, pairs=["That sounds exhausting. What's been hardest?"])
    assert paired.shape == (1, 384)
    assert paired[0] @ encoder.encode(share)[0] < 0.99


def test_input_order_is_kept_when_lengths_differ(encoder):
    texts = ["a much longer message about the dishes and the week we had", "hi", "ok then"]
    batch = encoder.encode(texts)
    for i, text in enumerate(texts):
        assert batch[i] @ encoder.encode([text])[0] > 0.999


def _models_copy(tmp_path):
    manifest = read_manifest()
    for key in ("encoder", "vocab"):
        shutil.copyfile(MODELS_DIR / manifest[key]["file"], tmp_path / manifest[key]["file"])
    return manifest


def test_a_model_file_that_does_not_match_its_sha256_is_refused(tmp_path):
    manifest = _models_copy(tmp_path)
    with (tmp_path / manifest["vocab"]["file"]).open("a") as handle:
        handle.write("tampered\n")
    with pytest.raises(BetweenError, match="sha256"):
        encoder_from_manifest(manifest, tmp_path)


def test_a_missing_model_file_says_how_to_fix_it(tmp_path):
    manifest = _models_copy(tmp_path)
    (tmp_path / manifest["encoder"]["file"]).unlink()
    with pytest.raises(BetweenError, match="missing"):
        encoder_from_manifest(manifest, tmp_path)


def test_the_manifest_pins_every_shipped_file():
    manifest = json.loads((MODELS_DIR / "manifest.json").read_text())
    for key in ("encoder", "vocab", "heads"):
        entry = manifest[key]
        assert sha256_of(MODELS_DIR / entry["file"]) == entry["sha256"]
    assert (MODELS_DIR / manifest["encoder"]["file"]).stat().st_size <= 30 * 1024 * 1024


def test_a_long_reply_is_read_whole_in_windows_of_sentences():
    from between.analysis.encoder import WINDOW_TOKENS, load_encoder, windows

    tokenizer = load_encoder().tokenizer
    reply = " ".join(f"Sentence {i} says a little more about how it felt and what helped." for i in range(20))
    spans = windows(tokenizer, reply)
    assert len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == len(reply)
    for start, end in spans:
        assert len(tokenizer.encode(reply[start:end], add_special_tokens=False).ids) <= WINDOW_TOKENS
        assert reply[start:end].endswith(".")  # cut between sentences
    assert windows(tokenizer, "short reply") == [(0, 11)]


def test_the_end_of_a_long_reply_changes_its_reading():
    from between.analysis.learned import load_learned_layer

    layer = load_learned_layer()
    start = " ".join(["I went through something like this last year and it was hard."] * 12)
    plain, asked = layer.pair_embeddings(["I feel so alone."] * 2,
                                         [start, start + " What has it been like for you?"])[0]
    assert float(plain @ asked) < 0.9999  # the question at the end is read, not cut off
