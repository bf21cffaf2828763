"""The rule prefilter skips only rules that cannot match: on every line of the project's corpora
(and on texts built to stress whitespace and apostrophes), each rule that matches is among the
candidates the head index names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from between.analysis.cues import _rules_for, find_cues
from between.analysis.cues.prefilter import RuleIndex, pattern_heads
from between.analysis.cues.text import fold, sanitise

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "corpus"
AWKWARD = [
    "you\n\n  never   listen",
    "I\u00a0want to\tkill   myself",
    "i’m  done",
    "YOU  ALWAYS\r\ndo this",
    "",
    "   ",
    "🙄🙄",
    "he said he'd kill me. i cant breathe when he's home",
]


def corpus_texts() -> list[str]:
    texts = list(AWKWARD)
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            texts.extend(row[key] for key in ("text", "share", "reply") if key in row)
    return texts


def test_every_matching_rule_is_a_candidate_on_every_corpus_line():
    rules = _rules_for(None)
    index = RuleIndex([rule.pattern for rule in rules])
    missed = []
    for text in corpus_texts():
        folded = fold(sanitise(text))
        candidates = index.candidates(folded)
        for position, rule in enumerate(rules):
            matches = any(m.end() > m.start() for m in rule.pattern.finditer(folded))
            if matches and position not in candidates:
                missed.append((rule.id, text))
    assert missed == []


def test_the_index_actually_narrows_the_rules():
    rules = _rules_for(None)
    index = RuleIndex([rule.pattern for rule in rules])
    candidates = index.candidates(fold("can you pick up milk on the way home"))
    assert len(candidates) < len(rules) / 3


@pytest.mark.parametrize(
    ("pattern", "heads"),
    [
        (r"(?<!\w)(?:you\s+never)(?!\w)", {"you neve"}),
        (r"(?<!\w)(?:i['’]?m)(?!\w)", {"i'm", "i’m", "im"}),
        (r"(?<!\w)(?:ok|fine)(?!\w)", {"ok", "fine"}),
        (r"(?<!\w)(?:ha+)", {"ha"}),
        (r"(?<!\w)(?:so\s*what)", {"so what", "sowhat"}),
        # whitespace first ("^\s*fine" on a reply that is only "fine"): indexed by what follows
        (r"(?<!\w)\s*hi", {"hi"}),
        (r"^\s*(?:fine|ok)\s*$", {"fine", "fine ", "ok", "ok "}),
    ],
)
def test_heads_are_the_openings_a_match_can_have(pattern, heads):
    assert pattern_heads(re.compile(pattern)) == heads


@pytest.mark.parametrize("pattern", [r"(?<!\w)\w+\s+again", r"(?<!\w)(?:.*)", r"(?<!\w)\s+\w", r"[^a]bc"])
def test_a_pattern_that_can_open_with_anything_always_runs(pattern):
    assert pattern_heads(re.compile(pattern)) is None
    index = RuleIndex([re.compile(pattern)])
    assert index.candidates("zzz") == {0}


def test_find_cues_gives_the_same_cues_as_running_every_rule():
    text = "You never listen. I want to kill myself lol jk. Could you text me when you're late?"
    folded = fold(sanitise(text))
    everything = sorted(
        (rule.id, m.start(), m.end())
        for rule in _rules_for(None)
        for m in rule.pattern.finditer(folded)
        if m.end() > m.start()
    )
    found = sorted((cue.rule, cue.start, cue.end) for cue in find_cues(text, include_suppressed=True))
    assert found == everything


@pytest.mark.parametrize("text", ["fine", "  fine ", "ok", "well, hi there"])
def test_a_pattern_opening_with_whitespace_is_found_after_it(text):
    pattern = re.compile(r"(?<!\w)\s*(?:fine|ok|hi)(?!\w)")
    assert pattern.search(text)
    assert RuleIndex([pattern]).candidates(fold(text)) == {0}
