"""Our corpus is split by group, so a paraphrase never sits on both sides of train/test."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from between.analysis.training.data import CORPUS_DIR, corpus_part, group_bucket, read_jsonl

CORPUS_FILES = ("register.jsonl", "replies.jsonl", "risk.jsonl")


def test_a_group_always_lands_in_the_same_part():
    assert corpus_part("dishes-left-again") == corpus_part("dishes-left-again")
    assert group_bucket("dishes-left-again") == group_bucket("dishes-left-again")


def test_buckets_spread_groups_evenly_enough():
    parts = Counter(corpus_part(f"group-{i}") for i in range(2000))
    assert 0.16 < parts["test"] / 2000 < 0.24
    assert 0.08 < parts["calibration"] / 2000 < 0.16


def test_calibration_uses_a_different_cut_than_test():
    # A separate salt: calibration groups are not simply the next buckets after test.
    groups = [f"g{i}" for i in range(500)]
    assert {group_bucket(g) for g in groups if corpus_part(g) == "calibration"} != set(range(20, 35))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_paraphrases_of_one_idea_never_straddle_the_split(name):
    path = CORPUS_DIR / name
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    rows = read_jsonl(path)
    parts_of_group = defaultdict(set)
    parts_of_text = defaultdict(set)
    for row in rows:
        part = corpus_part(row["group"])
        parts_of_group[row["group"]].add(part)
        parts_of_text[(row.get("text") or row["share"] + row["reply"]).lower().strip()].add(part)
    assert all(len(parts) == 1 for parts in parts_of_group.values())
    leaked = [text for text, parts in parts_of_text.items() if len(parts) > 1]
    assert leaked == []
    held_out = sum(1 for parts in parts_of_group.values() if "test" in parts)
    assert 0.1 < held_out / len(parts_of_group) < 0.3
