"""The instrument data files: complete, well-formed, and worded exactly as the reference."""

from __future__ import annotations

import re

import pytest

from between.assessments.instruments import (
    InstrumentFileError,
    get_instrument,
    instruments,
    load_instrument,
)
from between.errors import BetweenError
from tests.assessments.instrument_reference import REFERENCE, reference_items

needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="INSTRUMENTS.md not present")

# INSTRUMENTS.md: the CSI-4 is CSI-16 items 1, 5, 7 and 10 (CSI-32 items 1, 12, 19, 22).
CSI4_FROM_CSI16 = {1: 1, 2: 5, 3: 7, 4: 10}


def test_the_issue_s_instruments_are_shipped():
    assert {"csi4", "csi16", "ecr_r", "ecr_s", "ras"} <= set(instruments())


@needs_reference
@pytest.mark.parametrize("instrument_id", ["ecr_r", "ecr_s", "csi16", "ras"])
def test_every_item_is_worded_and_keyed_exactly_as_the_reference(instrument_id):
    reference = reference_items()[instrument_id]
    instrument = get_instrument(instrument_id)
    assert [i.number for i in instrument.items] == sorted(reference)
    for item in instrument.items:
        assert item.text == reference[item.number].text, f"item {item.number}"
        assert item.reverse == reference[item.number].reverse, f"item {item.number}"


@needs_reference
def test_csi4_items_are_the_csi16_items_the_reference_names():
    csi16 = reference_items()["csi16"]
    csi4 = get_instrument("csi4")
    assert {i.number: i.text for i in csi4.items} == {
        n: csi16[m].text for n, m in CSI4_FROM_CSI16.items()
    }


@needs_reference
def test_ecr_s_subscales_follow_the_reference_key():
    text = REFERENCE.read_text(encoding="utf-8")
    anx, avd = re.search(r"Anx = ([\d, ]+); Avd = ([\d, ]+)", text).groups()
    ecr_s = get_instrument("ecr_s")
    assert ecr_s.subscale("anxiety").items == tuple(int(n) for n in anx.split(","))
    assert ecr_s.subscale("avoidance").items == tuple(int(n) for n in avd.split(","))


def test_semantic_differentials_name_their_poles_and_which_scores_five():
    csi16 = get_instrument("csi16")
    differentials = [i for i in csi16.items if i.poles]
    assert [i.number for i in differentials] == [11, 12, 13, 14, 15, 16]
    for item in differentials:
        assert item.text == f"{item.poles.left} — {item.poles.right}"
    assert csi16.item(12).poles.positive == "right"  # BAD — GOOD: GOOD scores 5


def test_scales_differ_per_item_where_the_csi_says_so():
    csi16 = get_instrument("csi16")
    assert csi16.scale_of(csi16.item(1)).values == (0, 1, 2, 3, 4, 5, 6)
    assert csi16.scale_of(csi16.item(2)).label(5) == "All the time"
    assert csi16.scale_of(csi16.item(3)).label(0) == "Not at all true"
    assert csi16.scale_of(csi16.item(7)).label(0) == "Not at all"


def test_licence_notes_carry_the_authors_terms_and_the_ras_caveat():
    for attachment in ("ecr_r", "ecr_s"):
        assert "authors' research terms" in get_instrument(attachment).licence_note
    for csi in ("csi4", "csi16"):
        assert "research and clinical use" in get_instrument(csi).licence_note
    ras = get_instrument("ras")
    assert "not confirmed" in ras.licence_note and ras.licence_confirmed is False


def test_every_instrument_starts_private_to_its_owner():
    assert {i.default_visibility for i in instruments().values()} == {"private"}


def test_every_figure_has_a_source_and_unchecked_ones_say_so():
    for instrument in instruments().values():
        for sub in instrument.subscales:
            for figure in (sub.reliability, sub.norm_sd):
                assert figure.source.strip()
            assert sub.missing.note.strip()
    # The CSI cut-offs and alphas are Funk & Rogge's published figures.
    assert get_instrument("csi4").subscale("total").cutoff.value == 13.5
    assert get_instrument("csi16").subscale("total").cutoff.value == 51.5
    assert get_instrument("csi4").subscale("total").reliability.verify is False


def test_an_unknown_instrument_is_bad_input_naming_the_choices():
    with pytest.raises(BetweenError) as caught:
        get_instrument("phq9")
    assert caught.value.status == 422
    assert caught.value.errors[0].field == "instrument"
    assert "csi4" in caught.value.errors[0].message


BROKEN = {
    "an item in no subscale": ("items: [1, 2]", "items: [1]"),
    "an unknown scale": ("scale: happiness,", "scale: joy,"),
    "a gap in numbering": ("number: 2,", "number: 3,"),
    "a reliability above 1": ("value: 0.94", "value: 1.94"),
    "an unknown field": ("licence_note:", "licence: x\nlicence_note:"),
}

MINIMAL = """\
id: tiny
title: Tiny
short_title: T
measures: nothing
plain_title: Nothing at all
why: It helps nobody.
introduce_order: 9
citation: c
source: s
licence_note: l
default_visibility: private
privacy_note: p
scales:
  happiness:
    options: [{value: 0}, {value: 1}]
items:
  - {number: 1, scale: happiness, text: one}
  - {number: 2, scale: happiness, text: two}
subscales:
  - id: total
    title: Total
    items: [1, 2]
    scoring: sum
    higher_is: better
    missing: {rule: none_allowed, note: n}
    reliability: {value: 0.94, source: s}
    norm_sd: {value: 1.0, source: s}
"""


def test_a_minimal_file_loads(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    assert load_instrument(path).subscale("total").items == (1, 2)


@pytest.mark.parametrize("fault", BROKEN)
def test_a_malformed_file_fails_loudly_with_its_name(tmp_path, fault):
    old, new = BROKEN[fault]
    assert old in MINIMAL
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL.replace(old, new, 1))
    with pytest.raises(InstrumentFileError, match="tiny.yaml"):
        load_instrument(path)


def test_score_ranges_match_the_published_ones():
    assert get_instrument("csi4").score_range("total") == (0, 21)
    assert get_instrument("csi16").score_range("total") == (0, 81)
    assert get_instrument("ecr_r").score_range("avoidance") == (1, 7)
    assert get_instrument("ras").score_range("total") == (1, 5)
