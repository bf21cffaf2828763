"""The learned layer's contract (keys, shapes, probabilities) and sensible rankings on obvious cases."""

from __future__ import annotations

import numpy as np
import pytest

from between.analysis.learned import load_learned_layer
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

SHARE = "I felt really alone at the party last night when you left me with people I don't know."


@pytest.fixture(scope="module")
def layer():
    return load_learned_layer()  # cached: one load per test session


def top(scores: dict) -> str:
    return max(scores, key=scores.get)


def test_message_scores_name_every_label_of_the_taxonomy(layer):
    (scores,) = layer.message_scores(["Can we talk about the dishes tonight?"])
    assert set(scores["register"]) == set(REGISTERS)
    assert set(scores["risk"]) == {"any", *RISK_KINDS}
    assert list(scores["emotions"]) == list(GOEMOTIONS)
    assert set(scores["deeper_feelings"]) == set(DEEPER_FEELINGS)
    assert set(scores["needs"]) == set(NEEDS)
    assert scores["embedding_ms"] > 0


def test_exclusive_labels_sum_to_one_and_independent_ones_stay_in_range(layer):
    for scores in layer.message_scores(["ok", "You ALWAYS do this!!! 😡", "je suis fatigué"]):
        assert sum(scores["register"].values()) == pytest.approx(1.0, abs=1e-5)
        for name in ("risk", "emotions", "deeper_feelings", "needs"):
            assert all(0.0 <= p <= 1.0 for p in scores[name].values())


def test_reply_scores_have_quality_are_and_three_levels_per_mechanism(layer):
    (scores,) = layer.reply_scores([SHARE], ["I'm sorry. That sounds lonely. What was the worst part?"])
    assert sum(scores["quality"].values()) == pytest.approx(1.0, abs=1e-5)
    assert set(scores["quality"]) == set(REPLY_QUALITIES)
    assert set(scores["are"]) == set(ARE_DIMENSIONS)
    assert all(0.0 <= v <= 1.0 for v in scores["are"].values())
    assert set(scores["empathy"]) == set(EMPATHY_MECHANISMS)
    for levels in scores["empathy"].values():
        assert len(levels) == 3 and sum(levels) == pytest.approx(1.0, abs=1e-5)


def test_empty_batches_give_empty_answers(layer):
    assert layer.message_scores([]) == []
    assert layer.reply_scores([], []) == []


def test_batch_answers_equal_single_answers(layer):
    texts = ["You never help with anything.", "I miss you. Can we have dinner, just us?"]
    batch = layer.message_scores(texts)
    for text, scores in zip(texts, batch, strict=True):
        (alone,) = layer.message_scores([text])
        assert np.allclose(list(scores["register"].values()), list(alone["register"].values()), atol=1e-3)


def test_the_register_of_obvious_messages(layer):
    contempt, vulnerable, complaint = layer.message_scores(
        [
            "Wow, you're pathetic. Honestly I can't believe I married such a loser 🙄",
            "When you didn't call last night I got scared. I need to know I still matter to you.",
            "I was upset the bins weren't taken out again. Could you do them tonight?",
        ]
    )
    assert top(contempt["register"]) in {"contempt", "criticism"}
    assert top(vulnerable["register"]) == "vulnerable"
    assert top(complaint["register"]) == "complaint"
    assert vulnerable["deeper_feelings"]["fear"] > contempt["deeper_feelings"]["fear"]


def test_risk_rises_for_danger_and_not_for_figures_of_speech(layer):
    danger, idiom = layer.message_scores(
        ["He grabbed my throat last night and said he'd kill me if I ever left.", "I could kill for a coffee rn ☕"]
    )
    assert danger["risk"]["any"] > 0.5 > idiom["risk"]["any"]
    assert danger["risk"]["any"] > idiom["risk"]["any"] + 0.5


def test_emotions_follow_the_words(layer):
    thanks, angry = layer.message_scores(
        ["Thank you so much, this really means a lot to me.", "I am so angry right now, this is infuriating."]
    )
    assert top(thanks["emotions"]) == "gratitude"
    assert angry["emotions"]["anger"] > thanks["emotions"]["anger"]


def test_a_warm_reply_ranks_above_a_dismissive_one(layer):
    warm, dismissive = layer.reply_scores(
        [SHARE, SHARE],
        [
            "Oh love, I'm sorry. I didn't realise you felt stranded. Tell me what it was like?",
            "You're overreacting. It was a party, everyone was fine.",
        ],
    )
    assert top(warm["quality"]) == "responsive"
    assert top(dismissive["quality"]) in {"dismissive", "defensive", "critical"}
    assert warm["are"]["responsiveness"] > dismissive["are"]["responsiveness"]
    assert warm["empathy"]["emotional_reactions"][0] < dismissive["empathy"]["emotional_reactions"][0]


def test_thresholds_from_calibration_cover_every_label_of_a_multilabel_head(layer):
    for name in ("emotions", "deeper_feelings", "needs", "risk"):
        assert set(layer.thresholds[name]) == set(layer.heads[name].task.labels)


# --- how the layer is scored (between eval) ---------------------------------------------------


def test_per_label_scores_and_macro_f1_follow_the_definitions():
    from between.analysis.evaluation import label_report

    truth = np.array([[1, 0], [1, 0], [0, 1], [0, 0]], dtype=bool)
    predicted = np.array([[1, 0], [0, 0], [1, 1], [0, 0]], dtype=bool)
    report = label_report(truth, predicted, ("a", "b"))
    assert report["per_label"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert report["per_label"]["b"]["f1"] == 1.0
    assert report["macro_f1"] == 0.75


def test_the_confusion_matrix_has_true_labels_in_rows():
    from between.analysis.evaluation import exclusive_report

    report = exclusive_report(np.array([0, 0, 1]), np.array([1, 0, 1]), ("x", "y"))
    assert report["confusion"]["matrix"] == [[1, 1], [0, 1]]
    assert report["accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_a_missing_data_set_is_named_and_skipped(tmp_path, monkeypatch):
    from between.analysis import evaluation

    monkeypatch.setattr(evaluation, "corpus_report", lambda layers, progress: {"skipped": "none"})
    report = evaluation.evaluate(tmp_path, "learned")
    assert "not found" in report["goemotions"]["skipped"]
    assert "not found" in report["epitome"]["skipped"]
    assert "skipped" in evaluation.format_report(report)


# --- sentences read out of the text's own pass ------------------------------------------------


def test_sentences_pooled_from_the_pass_read_like_the_sentences_alone(layer):
    text = "The train was late again. You are a selfish, lazy slob and everyone knows it."
    spans = [(0, 25), (26, len(text))]
    (scores,) = layer.message_scores([text], [spans])
    first, second = layer.pooled_scores(scores["sentence_vectors"], pair=False)
    assert scores["sentence_vectors"].shape == (2, 384)
    assert np.linalg.norm(scores["sentence_vectors"], axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    assert second["register"]["contempt"] + second["register"]["criticism"] > 0.8
    assert first["register"]["contempt"] + first["register"]["criticism"] < 0.5


def test_reply_sentences_are_pooled_from_the_reply_not_the_share(layer):
    reply = "Just get over it. I'm sorry, that sounds so lonely."
    (scores,) = layer.reply_scores([SHARE], [reply], [[(0, 17), (18, len(reply))]])
    dismissive, caring = layer.pooled_scores(scores["sentence_vectors"], pair=True)
    assert dismissive["quality"]["dismissive"] > caring["quality"]["dismissive"]
    assert caring["quality"]["responsive"] > dismissive["quality"]["responsive"]


def test_a_sentence_past_the_token_limit_is_not_pooled(layer):
    text = "word " * 200 + ". The end."
    (scores,) = layer.message_scores([text], [[(0, 5), (len(text) - 8, len(text))]])
    assert "sentence_vectors" not in scores


def test_texts_without_spans_get_no_sentence_vectors(layer):
    plain, split = layer.message_scores(["One sentence.", "One. Two."], [None, [(0, 4), (5, 9)]])
    assert "sentence_vectors" not in plain and split["sentence_vectors"].shape == (2, 384)
