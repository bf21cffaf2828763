"""Long texts are read whole: overlapping passages past the 128-token limit, the evidence
pointing at the passage the model reads as most at risk."""

from __future__ import annotations

from between.analysis import taxonomy
from between.analysis.encoder import MODELS_DIR, PASSAGE_STRIDE, PASSAGE_TOKENS, _untruncated, passages
from between.analysis.engine import LONG_TEXT_RISK_THRESHOLD, analyze_message
from between.analysis.learned import passages as learned_passages
from tests.analysis.test_engine import KeywordModel

VOCAB = MODELS_DIR / "vocab.txt"
FILLER = "We talked about the week, the shopping and the plans for the garden, and it was fine. "


def _pieces(text: str) -> int:
    return len(_untruncated(str(VOCAB)).encode(text, add_special_tokens=False).ids)


def test_a_short_text_is_one_passage() -> None:
    assert passages(VOCAB, "Dinner at 7?") == [(0, len("Dinner at 7?"))]


def test_a_long_text_is_covered_by_overlapping_passages_of_whole_words() -> None:
    text = FILLER * 30
    spans = passages(VOCAB, text)
    assert len(spans) > 2
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    for (_, b), (c, _) in zip(spans, spans[1:], strict=False):
        assert c < b  # they overlap
        assert c == 0 or text[c - 1].isspace()  # a passage starts on a word
    assert all(_pieces(text[a:b]) <= PASSAGE_TOKENS for a, b in spans)
    assert PASSAGE_STRIDE < PASSAGE_TOKENS


class PassageModel(KeywordModel):
    """The keyword stand-in, read in passages like the shipped layer ("purple" is risk)."""

    def __init__(self) -> None:
        super().__init__()
        self.passage_calls: list[str] = []

    def passage_risk(self, texts, worded=None):
        found = []
        for text in texts:
            spans = learned_passages(VOCAB, text)
            if len(spans) == 1:
                found.append(None)
                continue
            self.passage_calls += [text[a:b] for a, b in spans]
            scored = [(0.999 if "purple" in text[a:b].lower() else 0.01, (a, b)) for a, b in spans]
            best, span = max(scored)
            found.append(({"any": best} | {k: (best if k == "violence" else 0.01) for k in taxonomy.RISK_KINDS},
                          span))
        return found


def test_risk_past_the_first_pass_is_read_and_its_passage_cited() -> None:
    text = FILLER * 20 + "Then the purple thing happened again last night."
    model = PassageModel()
    result = analyze_message(text, learned=model)
    assert result.risk.flag and "violence" in result.risk.kinds
    cited = [e for e in result.evidence if e.field == "risk"]
    assert cited and all("purple" in e.text and text[e.start:e.end] == e.text for e in cited)
    assert "passage" in cited[0].reason


def test_a_long_text_without_risk_is_not_flagged_and_a_short_one_is_read_once() -> None:
    model = PassageModel()
    assert not analyze_message(FILLER * 20, learned=model).risk.flag
    before = len(model.passage_calls)
    assert analyze_message("the purple thing", learned=model).risk.flag  # the first pass reads it
    assert len(model.passage_calls) == before


def test_long_texts_have_their_own_line() -> None:
    assert 0.5 < LONG_TEXT_RISK_THRESHOLD <= 1.0
