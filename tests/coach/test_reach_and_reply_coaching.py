"""The reach and reply coaches on drafts the project wrote (tests/coach/drafts.yaml).

Assertions are about behaviour (what a draft reads as, which words are highlighted, what the
rewrite fills in and what it leaves blank), never about exact probabilities.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from between.coach.data import rewrites
from between.coach.reach import coach_reach
from between.coach.reply import coach_reply, swap_sides

DRAFTS = yaml.safe_load((Path(__file__).parent / "drafts.yaml").read_text("utf-8"))
REACHES = DRAFTS["reaches"]
REPLIES = DRAFTS["replies"]
WORD = re.compile(r"[a-z']+")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("’", "'")))


def allowed_words(draft: str) -> set[str]:
    """The draft's own words, the template's, the blanks', and the mapped feeling/need words."""
    data = rewrites()
    coach_words = [data.template, *data.blanks.values(), *data.feelings.values(), *data.needs.values()]
    return words(draft) | set().union(*(words(w) for w in coach_words))


@pytest.mark.parametrize("case", REACHES, ids=lambda c: c["draft"][:40])
def test_reach_reads_as_expected_and_highlights_the_words(case):
    coaching = coach_reach(case["draft"])
    expected = case["register"]
    assert coaching.register in (expected if isinstance(expected, list) else [expected])
    highlighted = [e.text.lower() for e in coaching.evidence if e.field == "register"]
    for expected in case.get("highlight", []):
        assert any(expected.lower() in span for span in highlighted), (expected, highlighted)
    for feeling in case.get("feelings", []):
        assert feeling in coaching.deeper_feelings
    for need in case.get("needs", []):
        assert need in coaching.needs


@pytest.mark.parametrize("case", [c for c in REACHES if not c.get("already_a_reach")],
                         ids=lambda c: c["draft"][:40])
def test_the_rewrite_fills_only_from_the_draft_and_leaves_blanks(case):
    suggestion = coach_reach(case["draft"]).suggestion
    assert suggestion is not None
    parts = suggestion.parts
    if "situation" in case:
        assert parts["situation"].text == case["situation"]
        assert parts["situation"].source == "draft"
    if "request" in case:
        assert parts["request"].text == case["request"]
    for slot in case.get("blank", []):
        assert parts[slot].source == "blank"
        assert rewrites().blanks[slot] in suggestion.text  # visible for the person to fill
    invented = words(suggestion.text) - allowed_words(case["draft"])
    assert not invented, f"words not in the draft: {invented}"


@pytest.mark.parametrize("case", [c for c in REACHES if c.get("already_a_reach")],
                         ids=lambda c: c["draft"][:40])
def test_a_reach_or_a_plain_message_gets_no_rewrite(case):
    assert coach_reach(case["draft"]).suggestion is None


def test_the_rewrite_drops_the_absolute_but_never_turns_a_never_into_an_event():
    always = coach_reach("You're always late for dinner. It's so annoying.").suggestion
    assert "always" not in always.text and "you're late for dinner" in always.text
    never = coach_reach("You never help with the kids. It's so annoying.").suggestion
    assert "never" not in never.text and never.parts["situation"].source == "blank"


@pytest.mark.parametrize("case", REPLIES, ids=lambda c: c["reply"][:40])
def test_reply_flags_name_the_words_responsible(case):
    coaching = coach_reply(case["share"], case["reply"])
    raised = {flag.kind: [w.text.lower() for w in flag.words] for flag in coaching.flags}
    assert set(raised) >= set(case["flags"]), raised
    for kind, expected_words in case["flags"].items():
        for expected in expected_words:
            assert any(expected.lower() in w for w in raised[kind]), (kind, raised[kind])
        for word in coaching.flags[0].words:
            assert case["reply"][word.start:word.end] == word.text  # spans index the reply
    if "quality" in case:
        assert coaching.quality == case["quality"]
        assert not raised


def test_a_responsive_reply_scores_higher_on_are_than_a_dismissive_one():
    share = REPLIES[0]["share"]
    dismissive = coach_reply(share, REPLIES[0]["reply"]).are
    responsive = coach_reply(share, REPLIES[-1]["reply"]).are
    assert responsive.responsiveness > dismissive.responsiveness
    assert responsive.engagement > dismissive.engagement


def test_alternatives_cover_every_good_kind_from_the_reach_itself():
    share = "I feel so alone when you go quiet, and I don't know if I matter to you."
    alternatives = {a.kind: a.text for a in coach_reply(share, "Whatever.").alternatives}
    assert list(alternatives) == ["reflect", "validate", "ask", "reassure", "stay_present"]
    assert "alone" in alternatives["reflect"] and "when I go quiet" in alternatives["reflect"]
    assert "matter" in alternatives["reassure"]


def test_alternatives_without_a_detected_feeling_still_offer_each_kind():
    alternatives = coach_reply("We need to talk about the weekend.", "Sure.").alternatives
    assert len(alternatives) == 5 and all(a.text and "{" not in a.text for a in alternatives)


@pytest.mark.parametrize(("theirs", "mine"), [
    ("you walk away", "I walk away"),
    ("you're on your phone at dinner", "I'm on my phone at dinner"),
    ("you don't listen to me", "I don't listen to you"),
    ("I ask you for help", "you ask me for help"),
])
def test_the_reach_is_turned_to_the_listeners_side(theirs, mine):
    assert swap_sides(theirs) == mine
