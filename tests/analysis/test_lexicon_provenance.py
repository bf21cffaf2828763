"""No cue may come from the test groups: every pattern that matches a held-out line must also
match a line someone may learn from (our train groups, GoEmotions train).

A rule's patterns are split into their top-level alternatives ("believe whatever {you}
want|not getting in the middle" is two), because one alternative copied from a test line
would hide behind a sibling that train lines support. Offending alternatives were removed
from the lexicon when this test was written. risk.yaml is checked the same way and reported,
but its rules belong to the risk work (docs/safety.md) and are left to it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import pytest

from between.analysis.cues import find_cues
from between.analysis.cues.lexicon import RULE_FILES, _expand, _macros, _read
from between.analysis.cues.text import fold
from between.analysis.training.data import CORPUS_DIR, corpus_part, read_jsonl
from between.config import get_settings

FIELDS = {"register.jsonl": ("text",), "replies.jsonl": ("share", "reply"), "risk.jsonl": ("text",)}
LEFT_TO_THE_RISK_WORK = "risk"


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern: its `|` outside groups and classes."""
    found, current, depth, in_class, escaped = [], "", 0, False, False
    for ch in pattern:
        if escaped or ch == "\\":
            escaped = not escaped and ch == "\\"
            current += ch
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            found.append(current)
            current = ""
            continue
        current += ch
    return [*found, current]


def test_alternatives_split_only_at_the_top_level():
    assert alternatives("a|b(?:c|d)|[|]e") == ["a", "b(?:c|d)", "[|]e"]


def _lines() -> tuple[dict[str, list[str]], list[str]]:
    """Our corpus's train and test lines, and GoEmotions train (comments the model learns from:
    a phrase found there is everyday language, not a copied test line)."""
    lines: dict[str, list[str]] = {"train": [], "test": []}
    for name, keys in FIELDS.items():
        path = CORPUS_DIR / name
        for row in read_jsonl(path) if path.exists() else []:
            part = corpus_part(row["group"])
            if part in lines:
                lines[part] += [row[k] for k in keys]
    path = get_settings().data_dir / "goemotions" / "train.tsv"
    goemotions = []
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            goemotions = [row[0] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return lines, goemotions


def _by_rule(texts: list[str]) -> dict[str, list[str]]:
    """The lines each rule matches (negated or figurative hits too: the pattern matched)."""
    found = defaultdict(list)
    for text in texts:
        for rule in {cue.rule for cue in find_cues(text, include_suppressed=True)}:
            found[rule].append(fold(text))
    return found


@pytest.fixture(scope="module")
def unsupported() -> dict[str, list[tuple[str, str, str]]]:
    lines, goemotions = _lines()
    if not lines["test"] or not lines["train"]:
        pytest.skip("the corpus is not here")
    test = _by_rule(lines["test"])
    train = _by_rule(lines["train"] + goemotions)
    macros = _macros(_read("language"))
    found = defaultdict(list)
    for name in RULE_FILES:
        for entry in _read(name):
            for pattern in entry["patterns"]:
                for alternative in alternatives(pattern):
                    rx = re.compile(rf"(?<!\w)(?:{_expand(alternative, macros)})(?!\w)", re.MULTILINE)
                    held_out = [t for t in test.get(entry["id"], []) if rx.search(t)]
                    if held_out and not any(rx.search(t) for t in train.get(entry["id"], [])):
                        found[name].append((entry["id"], alternative, held_out[0]))
    return found


@pytest.mark.parametrize("name", [n for n in RULE_FILES if n != LEFT_TO_THE_RISK_WORK])
def test_no_cue_matches_only_held_out_lines(unsupported, name):
    assert not unsupported[name], "\n".join(f"{rule}: {alt!r} matches only {line!r}"
                                            for rule, alt, line in unsupported[name])
