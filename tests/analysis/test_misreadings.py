"""Misreadings a person would notice, each pinned: logistics read as complaint, sarcasm read
literally, emoji as unknown tokens, evidence that cites the whole message."""

from __future__ import annotations

import pytest

from between.analysis.cues import cue_scores, find_cues
from between.analysis.emoji_words import emoji_as_words, moved
from between.analysis.engine import analyze_message, read_sarcasm


@pytest.mark.parametrize("text", ["Could you check if we have eggs?",
                                  "can you see if there's any bread left?",
                                  "Do we still have milk?"])
def test_a_logistics_request_reads_as_neutral(text):
    assert analyze_message(text, layers="cues").register.label == "neutral"
    assert analyze_message(text).register.label == "neutral"


def test_a_request_about_a_grievance_stays_a_complaint():
    text = "The dishes were left again last night. Can you do them tonight?"
    assert analyze_message(text).register.label == "complaint"


def _emotions(analysis):
    from between.analysis.learned import load_learned_layer

    limits = load_learned_layer().thresholds["emotions"]
    return {label for label, p in analysis.emotions.items() if p >= limits[label]}


@pytest.mark.parametrize("text", [
    "oh great, another wonderful evening of you on your phone",
    "wow, thanks for all that help carrying boxes. oh wait 🙄",
    "Oh wow, you emptied the dishwasher. Should I call the newspapers?",
])
def test_sarcastic_praise_is_not_read_as_praise(text):
    found = _emotions(analyze_message(text))
    assert not found & {"admiration", "gratitude", "joy", "approval", "excitement"}, found


def test_sincere_praise_still_reads_as_praise():
    assert {"gratitude", "love"} <= _emotions(analyze_message("Thank you so much for the flowers, I love them!"))


def test_sarcasm_turns_the_praise_cues_only_when_a_sarcasm_cue_fires():
    plain = find_cues("thanks, that was lovely")
    assert read_sarcasm(plain, cue_scores(plain)) == cue_scores(plain)
    sneer = find_cues("thanks, genius")
    assert read_sarcasm(sneer, cue_scores(sneer))["emotions.gratitude"] < cue_scores(sneer).get(
        "emotions.gratitude", 0.0)


def test_emoji_reach_the_encoder_as_words_and_spans_follow():
    text = "you forgot again 🙄😡. I love you 👍🏽 ok"
    worded, where = emoji_as_words(text)
    assert "face with rolling eyes" in worded and "enraged face" in worded
    assert "thumbs up" in worded and "skin tone" not in worded
    start, end = text.index("I love"), text.index(" ok")
    (a, b), = moved([(start, end)], where)
    assert worded[a:b].startswith("I love you") and "thumbs up" in worded[a:b]
    assert emoji_as_words("plain text") == ("plain text", None)


def test_an_emoji_changes_what_the_model_reads():
    from between.analysis.learned import load_learned_layer

    layer = load_learned_layer()
    rolled, unknown = layer.message_scores([emoji_as_words("fine 🙄")[0], "fine [UNK]"])
    assert rolled["register"] != unknown["register"]


def test_model_evidence_cites_a_sentence_not_the_whole_message():
    text = ("We had a long day. The kids were asleep at last and I felt so lonely on the sofa. "
            "He was on his laptop again.")
    analysis = analyze_message(text)
    model = [e for e in analysis.evidence if e.source == "model"]
    assert model and all(e.text != text for e in model)
    assert all(text[e.start:e.end] == e.text for e in analysis.evidence)
