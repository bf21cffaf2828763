"""Scoring against hand-computed examples, validation messages, and properties of the engine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from between.assessments.instruments import get_instrument, instruments
from between.assessments.scoring import score, validate_answers
from between.errors import BetweenError


def answers(*values: int) -> dict[str, int]:
    """Answers to items 1..n, in order."""
    return {str(n): v for n, v in enumerate(values, start=1)}


# --- hand-computed examples -------------------------------------------------------------


def test_csi4_sums_its_items_and_bands_on_the_distress_cut_off():
    # 4 + 3 + 3 + 4 = 14, at or above 13.5
    result = score(get_instrument("csi4"), answers(4, 3, 3, 4)).subscales["total"]
    assert result.value == 14
    assert result.band == "at_or_above_cutoff"
    # 3 + 3 + 3 + 4 = 13, below 13.5
    result = score(get_instrument("csi4"), answers(3, 3, 3, 4)).subscales["total"]
    assert (result.value, result.band) == (13, "below_cutoff")
    assert "13.5" in result.interpretation


def test_csi16_sums_all_items_including_the_semantic_differentials():
    # Items 1-10: 3+4+3+3+4+3+3+2+2+3 = 30; differentials 11-16: 4+1+3+2+4+4 = 18; total 48.
    csi16 = answers(3, 4, 3, 3, 4, 3, 3, 2, 2, 3, 4, 1, 3, 2, 4, 4)
    result = score(get_instrument("csi16"), csi16).subscales["total"]
    assert result.value == 48
    assert result.band == "below_cutoff"  # 48 < 51.5


ECR_S = answers(2, 5, 3, 6, 1, 4, 2, 3, 2, 5, 1, 6)


def test_ecr_s_reverses_keyed_items_and_averages_each_subscale():
    # Anxiety 2, 4, 6, 8(R), 10, 12: 5 + 6 + 4 + (8-3) + 5 + 6 = 31 -> 31/6
    # Avoidance 1(R), 3, 5(R), 7, 9(R), 11: (8-2) + 3 + (8-1) + 2 + (8-2) + 1 = 25 -> 25/6
    result = score(get_instrument("ecr_s"), ECR_S)
    assert result.value("anxiety") == pytest.approx(31 / 6)
    assert result.value("avoidance") == pytest.approx(25 / 6)
    assert result.subscales["anxiety"].band is None  # continuous, no categories
    assert "Continuous" in result.subscales["anxiety"].interpretation


def test_ecr_s_scores_a_subscale_with_one_item_missing_from_the_rest():
    one_missing = {k: v for k, v in ECR_S.items() if k != "12"}
    # Anxiety without item 12: (5 + 6 + 4 + 5 + 5) / 5 = 5.0
    assert score(get_instrument("ecr_s"), one_missing).value("anxiety") == 5.0
    validate_answers(get_instrument("ecr_s"), one_missing)  # 5 of 6 is enough to finish


def test_ecr_s_has_no_subscale_score_with_two_of_six_missing():
    two_missing = {k: v for k, v in ECR_S.items() if k not in ("10", "12")}
    result = score(get_instrument("ecr_s"), two_missing)
    assert result.value("anxiety") is None
    assert result.value("avoidance") == pytest.approx(25 / 6)
    assert not result.complete
    with pytest.raises(BetweenError) as caught:
        validate_answers(get_instrument("ecr_s"), two_missing)
    assert [e.field for e in caught.value.errors] == ["answers.10", "answers.12"]
    assert "at least 5 of the 6" in caught.value.errors[0].message


def test_ecr_r_all_sevens_shows_which_items_are_reverse_keyed():
    result = score(get_instrument("ecr_r"), answers(*[7] * 36))
    # Anxiety: 16 items at 7, items 9 and 11 reversed to 1 -> (16*7 + 2) / 18
    assert result.value("anxiety") == pytest.approx(114 / 18)
    # Avoidance: 6 items at 7 (19, 21, 23, 24, 25, 32), 12 reversed to 1 -> (42 + 12) / 18 = 3
    assert result.value("avoidance") == pytest.approx(3.0)


def test_ecr_r_allows_three_missing_items_per_subscale_but_not_four():
    ecr_r = get_instrument("ecr_r")
    three = {str(n): 4 for n in range(1, 37) if n not in (1, 2, 3)}
    four = {str(n): 4 for n in range(1, 37) if n not in (1, 2, 3, 4)}
    assert score(ecr_r, three).value("anxiety") == 4.0  # 15 of 18
    assert score(ecr_r, four).value("anxiety") is None  # 14 of 18 < 80%


def test_ras_reverses_items_4_and_7_on_its_1_to_5_scale():
    # 4 + 5 + 4 + (6-2) + 3 + 5 + (6-4) = 27 -> 27/7
    assert score(get_instrument("ras"), answers(4, 5, 4, 2, 3, 5, 4)).value("total") == (
        pytest.approx(27 / 7)
    )


def test_csi_allows_no_missing_items():
    draft = score(get_instrument("csi4"), {"1": 4, "2": 3, "3": 3})
    assert draft.value("total") is None
    with pytest.raises(BetweenError) as caught:
        validate_answers(get_instrument("csi4"), {"1": 4, "2": 3, "3": 3})
    assert [(e.field, e.message) for e in caught.value.errors] == [("answers.4", "required")]


# --- validation -------------------------------------------------------------------------


def test_every_bad_item_is_named_once_with_the_range_it_must_fall_in():
    bad = {"1": 9, "2": "3", "3": True, "4": 2.5, "17": 1}
    with pytest.raises(BetweenError) as caught:
        validate_answers(get_instrument("csi4"), bad)
    error = caught.value
    assert error.status == 422
    assert [(e.field, e.message) for e in error.errors] == [
        ("answers.17", "no such item; items are 1 to 4"),
        ("answers.1", "must be an integer from 0 to 6"),
        ("answers.2", "must be an integer from 0 to 5"),
        ("answers.3", "must be an integer from 0 to 5"),
        ("answers.4", "must be an integer from 0 to 5"),
    ]


def test_a_draft_may_leave_items_out_but_not_answer_them_wrongly():
    assert validate_answers(get_instrument("ecr_r"), {"3": 2, "5": None}, partial=True) == {3: 2}
    with pytest.raises(BetweenError):
        validate_answers(get_instrument("ecr_r"), {"3": 0}, partial=True)


# --- properties -------------------------------------------------------------------------


@st.composite
def complete_answers(draw, instrument_id=None):
    instrument = get_instrument(instrument_id or draw(st.sampled_from(sorted(instruments()))))
    values = {
        str(item.number): draw(st.sampled_from(instrument.scale_of(item).values))
        for item in instrument.items
    }
    return instrument, values


@given(complete_answers())
def test_every_score_lies_within_its_subscale_s_range(case):
    instrument, values = case
    result = score(instrument, values)
    assert result.complete
    for sub in instrument.subscales:
        low, high = instrument.score_range(sub.id)
        assert low <= result.value(sub.id) <= high


def _flip(instrument, values, numbers):
    flipped = dict(values)
    for n in numbers:
        scale = instrument.scale_of(instrument.item(n))
        flipped[str(n)] = scale.low + scale.high - values[str(n)]
    return flipped


@given(complete_answers())
def test_flipping_every_answer_mirrors_every_score(case):
    instrument, values = case
    mirrored = score(instrument, _flip(instrument, values, range(1, len(instrument.items) + 1)))
    for sub in instrument.subscales:
        low, high = instrument.score_range(sub.id)
        assert mirrored.value(sub.id) == pytest.approx(low + high - score(instrument, values).value(sub.id))


@given(complete_answers())
def test_flipping_reverse_keyed_answers_gives_the_plain_aggregate_of_raw_answers(case):
    instrument, values = case
    reverse = [i.number for i in instrument.items if i.reverse]
    result = score(instrument, _flip(instrument, values, reverse))
    for sub in instrument.subscales:
        raw = [values[str(n)] for n in sub.items]
        plain = sum(raw) if sub.scoring == "sum" else sum(raw) / len(raw)
        assert result.value(sub.id) == pytest.approx(plain)
