"""Reliable change (Jacobson & Truax, 1991): the index, its labels, and the cut-off criterion."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from between.assessments.change import (
    changes_from_baseline,
    classify,
    compare,
    reliable_change_index,
    standard_error_of_difference,
)
from between.assessments.instruments import get_instrument


def test_the_standard_error_of_difference_follows_the_formula():
    # SD 10, r .91: SE = 10 * sqrt(.09) = 3; S_diff = sqrt(2 * 9) = 4.2426...
    assert standard_error_of_difference(sd=10, reliability=0.91) == pytest.approx(math.sqrt(18))
    assert reliable_change_index(50, 60, sd=10, reliability=0.91) == pytest.approx(10 / math.sqrt(18))


@pytest.mark.parametrize(
    ("rci", "higher_is", "label"),
    [
        (2.5, "better", "reliable improvement"),
        (-2.5, "better", "reliable deterioration"),
        (2.5, "worse", "reliable deterioration"),  # ECR: higher = more insecure
        (-2.5, "worse", "reliable improvement"),
        (1.96, "better", "reliable improvement"),  # the threshold itself counts
        (1.95, "better", "no reliable change"),
        (-1.95, "worse", "no reliable change"),
        (0.0, "better", "no reliable change"),
    ],
)
def test_classification_table(rci, higher_is, label):
    assert classify(rci, higher_is) == label


# CSI-4 with alpha .94 and SD 4.5: S_diff = 4.5 * sqrt(.06) * sqrt(2) = 1.559, so a change
# needs 1.96 * 1.559 = 3.06 points to be reliable.
@pytest.mark.parametrize(
    ("before", "after", "label", "clinical"),
    [
        (9, 14, "reliable improvement", "recovered"),  # crosses 13.5 upwards
        (12, 15, "no reliable change", None),  # 3 points: short of 3.06
        (14, 18, "reliable improvement", None),  # already above the cut-off
        (16, 12, "reliable deterioration", "clinically significant deterioration"),
        (8, 4, "reliable deterioration", None),  # already below the cut-off
    ],
)
def test_csi4_changes(before, after, label, clinical):
    change = compare(get_instrument("csi4"), "total", before, after)
    assert (change.label, change.clinical) == (label, clinical)


def test_attachment_anxiety_rising_is_a_deterioration_without_a_cut_off():
    # ECR-S anxiety: r .82, SD 1.1 -> S_diff = 1.1 * sqrt(.18) * sqrt(2) = 0.66; 4.0 -> 5.5 is 2.27
    change = compare(get_instrument("ecr_s"), "anxiety", 4.0, 5.5)
    assert change.rci == pytest.approx(1.5 / (1.1 * math.sqrt(0.18) * math.sqrt(2)))
    assert change.label == "reliable deterioration"
    assert change.clinical is None


def test_a_history_is_judged_against_its_baseline():
    changes = changes_from_baseline(get_instrument("csi4"), "total", [9, 11, 14])
    assert changes[0] is None
    assert [c.label for c in changes[1:]] == ["no reliable change", "reliable improvement"]
    assert changes_from_baseline(get_instrument("csi4"), "total", []) == []


@given(
    st.floats(0, 81), st.floats(0, 81), st.floats(0.5, 20), st.floats(0.5, 0.99),
)
def test_swapping_before_and_after_negates_the_index(x1, x2, sd, r):
    forward = reliable_change_index(x1, x2, sd=sd, reliability=r)
    assert reliable_change_index(x2, x1, sd=sd, reliability=r) == pytest.approx(-forward)
    improved = classify(forward, "better")
    opposite = {"reliable improvement": "reliable deterioration",
                "reliable deterioration": "reliable improvement",
                "no reliable change": "no reliable change"}
    assert classify(forward, "worse") == opposite[improved]
