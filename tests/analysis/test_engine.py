"""The contract of analyze_message / analyze_reply: label sets, probabilities, evidence spans,
how cues and the learned layer combine, and bad input.

The learned layer here is a stand-in driven by keywords, so the tests check behaviour (which
label wins, which sentence is cited) without depending on the shipped model's numbers.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from between.analysis import taxonomy
from between.analysis.engine import (
    MAX_CHARS,
    analyze_message,
    analyze_messages,
    analyze_replies,
    analyze_reply,
)
from between.errors import BetweenError


def _spread(labels, top=None, p_top=0.0, rest=None):
    rest = (1 - p_top) / (len(labels) - 1) if rest is None else rest
    return {label: (p_top if label == top else rest) for label in labels}


class KeywordModel:
    """A learned layer whose probabilities follow a few keywords; records every call."""

    def __init__(self, register_p: float = 0.9, pooled_p: float | None = None) -> None:
        self.register_p = register_p
        self.calls: list[list[str]] = []
        # With pooled_p, the model also reads sentences out of the text's own pass (as the
        # shipped one does), their register label at pooled_p: a low value blurs them.
        self.pooled_p = pooled_p
        self.pooled: list[str] = []

    def message_scores(self, texts, sentences=None):
        self.calls.append(list(texts))
        scores = [self._message(text.lower()) for text in texts]
        for text, spans, score in zip(texts, sentences or [None] * len(texts), scores, strict=True):
            if spans and self.pooled_p is not None:
                score["sentence_vectors"] = np.array([[len(self.pooled) + i] for i in range(len(spans))])
                self.pooled += [text[a:b].lower() for a, b in spans]
        return scores

    def pooled_scores(self, vectors, pair):
        scores = [self._message(self.pooled[int(row[0])]) for row in vectors]
        for score in scores:
            top = max(score["register"], key=score["register"].get)
            score["register"] = _spread(taxonomy.REGISTERS, top, self.pooled_p)
        return scores

    def _message(self, text):
        top = "criticism" if "selfish" in text else "vulnerable" if "rain" in text else "neutral"
        danger = "purple" in text
        emotions = _spread(taxonomy.GOEMOTIONS, rest=0.02)
        emotions["sadness"] = 0.9 if "rain" in text else 0.02
        return {
            "register": _spread(taxonomy.REGISTERS, top, self.register_p),
            "risk": {"any": 0.95 if danger else 0.01}
            | {k: (0.9 if danger and k == "violence" else 0.01) for k in taxonomy.RISK_KINDS},
            "emotions": emotions,
            "deeper_feelings": _spread(taxonomy.DEEPER_FEELINGS, rest=0.05),
            "needs": _spread(taxonomy.NEEDS, rest=0.05),
        }

    def reply_scores(self, shares, replies, sentences=None):
        self.calls.append(list(replies))
        return [self._reply(reply.lower()) for reply in replies]

    def _reply(self, reply):
        top = "fixing" if "gym" in reply else "responsive"
        return {
            "quality": _spread(taxonomy.REPLY_QUALITIES, top, 0.8),
            "are": {dim: 0.5 for dim in taxonomy.ARE_DIMENSIONS},
            "empathy": {m: [0.8, 0.1, 0.1] for m in taxonomy.EMPATHY_MECHANISMS},
        }


@pytest.fixture
def model():
    return KeywordModel()


# --- the message contract ------------------------------------------------------------------


@pytest.mark.parametrize("layers", ["cues", "learned", "both"])
def test_message_result_has_every_label_and_probabilities_sum_to_one(layers, model):
    result = analyze_message("you never listen, you're so selfish", layers=layers, learned=model)
    assert set(result.register.probabilities) == set(taxonomy.REGISTERS)
    assert math.isclose(sum(result.register.probabilities.values()), 1.0, abs_tol=1e-9)
    assert result.register.label == max(result.register.probabilities, key=result.register.probabilities.get)
    assert list(result.emotions) == list(taxonomy.GOEMOTIONS)
    assert all(0 <= p <= 1 for p in result.emotions.values())
    assert set(result.deeper_feelings) == set(taxonomy.DEEPER_FEELINGS)
    assert set(result.needs) == set(taxonomy.NEEDS)
    assert set(result.risk.kinds) <= set(taxonomy.RISK_KINDS)
    assert result.layers == layers


@pytest.mark.parametrize("layers", ["cues", "both"])
def test_global_attack_reads_as_criticism_with_cue_evidence(layers, model):
    text = "you never listen, you're so selfish"
    result = analyze_message(text, layers=layers, learned=model)
    assert result.register.label == "criticism"
    cited = [e.text for e in result.evidence if e.field == "register" and e.source == "cue"]
    assert "you never" in cited and "you're so selfish" in cited


def test_cues_tip_an_unsure_model(model):
    unsure = KeywordModel(register_p=1 / 7)  # uniform: the model has no opinion
    result = analyze_message("whatever. do what you want", layers="both", learned=unsure)
    assert result.register.label == "withdrawal"


def test_healthy_time_out_is_not_withdrawal():
    result = analyze_message("I need 20 minutes, then let's talk", layers="cues")
    assert result.register.label != "withdrawal"
    assert result.needs["room"].detected


def test_negation_keeps_a_hedged_sentence_from_reading_as_criticism():
    result = analyze_message("I'm not saying you never help", layers="cues")
    assert result.register.label != "criticism"


@pytest.mark.parametrize("layers", ["cues", "both"])
def test_figurative_speech_raises_no_risk(layers, model):
    for text in ("I could kill for a coffee", "this deadline is killing me", "I'm dead 😂",
                 "she'll murder me if I'm late lol"):  # fmt: skip
        assert not analyze_message(text, layers=layers, learned=model).risk.flag, text


def test_figurative_idiom_talks_the_model_down():
    class Fooled(KeywordModel):  # reads "killing" as danger
        def _message(self, text):
            scores = super()._message(text)
            scores["risk"] = {"any": 0.7} | {k: 0.7 if k == "violence" else 0.01 for k in taxonomy.RISK_KINDS}
            return scores

    result = analyze_message("this deadline is killing me", layers="both", learned=Fooled())
    assert not result.risk.flag and result.risk.score < 0.5


def test_strong_risk_cue_flags_even_when_the_model_misses_it(model):
    result = analyze_message("he choked me last night", layers="both", learned=model)
    assert result.risk.flag and result.risk.kinds == ["violence"]
    (cited,) = [e for e in result.evidence if e.field == "risk"]
    assert cited.text == "he choked me" and cited.source == "cue"


def test_model_alone_can_flag_risk_and_cites_the_sentence(model):
    text = "We argued again. My arm is purple today."
    result = analyze_message(text, layers="both", learned=model)
    assert result.risk.flag and "violence" in result.risk.kinds
    (cited,) = [e for e in result.evidence if e.field == "risk"]
    assert cited.source == "model" and cited.text == "My arm is purple today."


def test_model_evidence_cites_the_sentence_that_carries_the_label(model):
    text = "Work was long today.  The rain made me think of you."
    result = analyze_message(text, layers="learned", learned=model)
    sad = [e for e in result.evidence if e.field == "emotions" and e.label == "sadness"]
    assert [e.text for e in sad] == ["The rain made me think of you."]
    assert sad[0].reason.startswith("the model reads this sentence as sadness")
    assert len(model.calls) == 2, "one pass for the text, one batched pass for its sentences"


def test_sentences_read_from_the_texts_own_pass_need_no_second_pass_when_clear():
    model = KeywordModel(pooled_p=0.9)
    text = "Work was long today. You are so selfish."
    result = analyze_message(text, layers="learned", learned=model)
    (cited,) = [e for e in result.evidence if e.field == "register"]
    assert result.register.label == "criticism" and cited.text == "You are so selfish."
    assert len(model.calls) == 1, "the pooled sentences decided: no second encoder pass"


def test_sentences_are_encoded_on_their_own_when_the_pooled_reading_is_unclear():
    model = KeywordModel(pooled_p=0.4)  # criticism 0.4 against 0.1: under DECISIVE_MARGIN
    text = "Work was long today. You are so selfish."
    result = analyze_message(text, layers="learned", learned=model)
    (cited,) = [e for e in result.evidence if e.field == "register"]
    assert cited.text == "You are so selfish."
    assert model.calls[1] == ["Work was long today.", "You are so selfish."]


def test_sentence_evidence_can_be_switched_off_for_throughput(model):
    text = "Work was long today.  The rain made me think of you."
    result = analyze_message(text, layers="learned", learned=model, sentence_evidence=False)
    assert len(model.calls) == 1
    sad = [e for e in result.evidence if e.label == "sadness"]
    assert sad[0].text == text.strip() and sad[0].reason.startswith("the model reads this message as")


def test_single_sentence_needs_no_second_model_pass(model):
    analyze_message("the rain is loud", layers="both", learned=model)
    assert len(model.calls) == 1


def test_every_reported_label_has_evidence(model):
    text = "I miss us. I feel so alone lately, and scared that you'll leave."
    result = analyze_message(text, layers="both", learned=model)
    reported = {("register", result.register.label)} | {("risk", k) for k in result.risk.kinds}
    reported |= {("deeper_feelings", f) for f, d in result.deeper_feelings.items() if d.detected}
    reported |= {("needs", n) for n, d in result.needs.items() if d.detected}
    reported |= {("emotions", e) for e, p in result.emotions.items() if p >= 0.5}
    assert reported <= {(e.field, e.label) for e in result.evidence}


def test_deeper_feelings_and_needs_are_detected_from_cues():
    result = analyze_message("I miss us. I feel so alone lately, and scared that you'll leave.", layers="cues")
    detected = {f for f, d in result.deeper_feelings.items() if d.detected}
    assert {"loneliness", "longing", "fear"} <= detected
    assert result.needs["closeness"].detected
    assert result.register.label == "vulnerable"


SPAN_TEXTS = [
    "you never listen, you’re so selfish 🙄",
    "ok\x00 whatever\x07. FINE.",
    "I miss us.\n\nI feel so alone lately 😢",
    "he said he'd kill me if I left. I'm scared of him",
    "Ты никогда не слушаешь. you never listen!!!",
]


@pytest.mark.parametrize("text", SPAN_TEXTS)
def test_evidence_spans_index_the_original_text(text, model):
    for layers in ("cues", "both"):
        for evidence in analyze_message(text, layers=layers, learned=model).evidence:
            assert text[evidence.start : evidence.end] == evidence.text
            assert evidence.text.strip()


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(str.strip))
def test_any_text_analyses_without_crashing_and_spans_hold(text):
    result = analyze_message(text, layers="cues")
    assert math.isclose(sum(result.register.probabilities.values()), 1.0, abs_tol=1e-9)
    for evidence in result.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


# --- confidence and language ---------------------------------------------------------------


def test_non_english_is_flagged_low_confidence():
    result = analyze_message("no sé por qué siempre haces esto conmigo", layers="cues")
    assert not result.language_ok
    assert result.low_confidence and "English" in result.low_confidence_reason


def test_unsure_model_is_reported_as_low_confidence():
    result = analyze_message("the rain", layers="learned", learned=KeywordModel(register_p=0.3))
    assert result.low_confidence and "probability" in result.low_confidence_reason


def test_confident_english_is_not_low_confidence(model):
    result = analyze_message("you're so selfish", layers="both", learned=model)
    assert result.language_ok and not result.low_confidence and result.low_confidence_reason is None


# --- replies -------------------------------------------------------------------------------

SHARE = "I felt invisible at dinner last night"


@pytest.mark.parametrize("layers", ["cues", "learned", "both"])
def test_reply_result_contract(layers, model):
    result = analyze_reply(SHARE, "it sounds like you felt alone. what was that like?", layers=layers, learned=model)
    assert set(result.quality.probabilities) == set(taxonomy.REPLY_QUALITIES)
    assert math.isclose(sum(result.quality.probabilities.values()), 1.0, abs_tol=1e-9)
    are = result.are.model_dump()
    assert set(are) == set(taxonomy.ARE_DIMENSIONS) and all(0 <= v <= 1 for v in are.values())
    empathy = result.empathy.model_dump()
    assert set(empathy) == set(taxonomy.EMPATHY_MECHANISMS) and set(empathy.values()) <= {0, 1, 2}


@pytest.mark.parametrize(
    ("reply", "quality"),
    [
        ("it sounds like you felt really alone. that makes sense. what was that like?", "responsive"),
        ("you're overreacting, it's not a big deal", "dismissive"),
        ("that's not my fault, I was only answering my boss", "defensive"),
        ("whatever.", "withdrawing"),
        ("you should just put your phone away next time", "fixing"),
        ("you're so selfish, you always make it about you", "critical"),
    ],
)
def test_reply_quality_from_cues(reply, quality):
    result = analyze_reply(SHARE, reply, layers="cues")
    assert result.quality.label == quality
    assert any(e.field == "quality" and e.label == quality for e in result.evidence)


def test_advice_after_acknowledging_the_feeling_is_not_fixing():
    first = analyze_reply(SHARE, "that makes sense. maybe we could put phones away at dinner?", layers="cues")
    assert first.quality.label == "responsive"
    advice_only = analyze_reply(SHARE, "maybe we could put phones away at dinner?", layers="cues")
    assert advice_only.quality.label == "fixing"


def test_explorations_and_interpretations_are_levelled_by_cues():
    result = analyze_reply(SHARE, "it sounds like you felt alone. how did that feel for you?", layers="cues")
    assert result.empathy.interpretations == 2 and result.empathy.explorations == 2
    cited = {e.label for e in result.evidence if e.field == "empathy"}
    assert {"interpretations", "explorations"} <= cited


def test_responsive_reply_scores_higher_on_are_than_a_withdrawing_one():
    warm = analyze_reply(SHARE, "I'm here. it sounds like you felt alone, tell me more", layers="cues").are
    cold = analyze_reply(SHARE, "whatever. I'm going to bed.", layers="cues").are
    assert warm.accessibility > cold.accessibility and warm.engagement > cold.engagement


def test_reply_evidence_indexes_the_reply_and_model_cites_a_sentence(model):
    reply = "Ok. You could come to the gym with me."
    result = analyze_reply(SHARE, reply, layers="learned", learned=model)
    assert result.quality.label == "fixing"
    (cited,) = [e for e in result.evidence if e.field == "quality"]
    assert cited.text == "You could come to the gym with me." == reply[cited.start : cited.end]


def test_batches_keep_order_and_use_one_model_pass(model):
    texts = ["you're so selfish", "the rain is loud", "see you at 6"]
    results = analyze_messages(texts, layers="both", learned=model)
    assert [r.register.label for r in results] == ["criticism", "vulnerable", "neutral"]
    assert len(model.calls) == 1
    pairs = [(SHARE, "whatever."), (SHARE, "that makes sense, tell me more")]
    assert [r.quality.label for r in analyze_replies(pairs, layers="cues")] == ["withdrawing", "responsive"]


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [("", "is empty"), ("  \n\t ", "is empty"),
                                               ("x" * (MAX_CHARS + 1), "limit is 5,000")])  # fmt: skip
def test_bad_text_is_a_clear_error_naming_the_field(text, message):
    with pytest.raises(BetweenError) as caught:
        analyze_message(text, layers="cues")
    assert caught.value.status == 422
    assert caught.value.errors[0].field == "text" and message in caught.value.errors[0].message


def test_text_at_the_limit_is_accepted():
    assert analyze_message("a" * MAX_CHARS, layers="cues").register.label


def test_bad_reply_input_names_the_field():
    with pytest.raises(BetweenError) as caught:
        analyze_reply(SHARE, " ", layers="cues")
    assert caught.value.errors[0].field == "reply"


def test_unknown_layers_is_an_error():
    with pytest.raises(BetweenError) as caught:
        analyze_message("hello", layers="magic")
    assert caught.value.errors[0].field == "layers"


def test_emoji_control_characters_and_mixed_scripts_do_not_crash():
    for text in ("🙄🙄🙄", "\x00\x01\x02 hi", "you 从来 never listen", "\ud800 lone surrogate", "👍"):
        result = analyze_message(text, layers="cues")
        assert result.register.label in taxonomy.REGISTERS


def test_importing_the_package_loads_no_model_runtime():
    code = "import sys, between.analysis; print('onnxruntime' in sys.modules, 'between.analysis.engine' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False"]
