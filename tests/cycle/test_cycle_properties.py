"""Properties that hold for any couple: bounded confidence, no dependence on listing order, and
each partner's position drawn from their own moments only."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from between.cycle import MomentFacts, cycle_to_dict, infer_cycle, sentence
from between.cycle.inference import MIN_MOMENTS, read_move
from between.cycle.lexicon import lexicon
from tests.cycle.cycle_couples import ALEX, PURSUING, SAM, START, WITHDRAWING
from tests.cycle.test_cycle_wording import BLAME

MOVES = (None, "", "I made tea", "I didn't yell", *PURSUING, *WITHDRAWING)
REACTIONS = (None, "angry", "defensive", "cold and distant", "critical", "fine")
FEELINGS = (None, "scared", "alone", "ashamed", "like a ghost")


@st.composite
def moments_of(draw, partner, max_size=12):
    count = draw(st.integers(0, max_size))
    return [
        MomentFacts(
            id=f"{partner.id}-{i}",
            author_id=partner.id,
            occurred_at=START + timedelta(hours=draw(st.integers(0, 500))),
            happened=draw(st.sampled_from((None, "it blew up again", "he went quiet"))),
            protective_move=draw(st.sampled_from(MOVES)),
            surface_reaction=draw(st.sampled_from(REACTIONS)),
            deeper_feeling=draw(st.sampled_from(FEELINGS)),
            intensity=draw(st.one_of(st.none(), st.integers(0, 10))),
            outcome=draw(st.sampled_from((None, "repaired", "unresolved", "ongoing"))),
        )
        for i in range(count)
    ]


couples = st.tuples(moments_of(SAM), moments_of(ALEX))


@settings(max_examples=50, deadline=None)
@given(couples)
def test_confidence_is_always_between_zero_and_one(couple):
    cycle = infer_cycle(couple[0] + couple[1], [SAM, ALEX])
    assert 0.0 <= cycle.confidence <= 1.0
    for position in cycle.positions:
        assert 0.0 <= position.confidence <= 1.0
        assert position.position in ("pursue", "withdraw", "mixed", "unknown")


@settings(max_examples=50, deadline=None)
@given(couples)
def test_listing_the_partners_the_other_way_round_changes_no_position(couple):
    moments = couple[0] + couple[1]
    forward = cycle_to_dict(infer_cycle(moments, [SAM, ALEX]))
    backward = cycle_to_dict(infer_cycle(moments, [ALEX, SAM]))
    assert forward["positions"] == backward["positions"]
    assert forward["pattern"] == backward["pattern"]
    assert set(forward["evidence"]) == set(backward["evidence"])


@settings(max_examples=50, deadline=None)
@given(couples, st.randoms(use_true_random=False))
def test_the_order_moments_arrive_in_does_not_matter(couple, random):
    moments = couple[0] + couple[1]
    shuffled = list(moments)
    random.shuffle(shuffled)
    assert cycle_to_dict(infer_cycle(moments, [SAM, ALEX])) == cycle_to_dict(
        infer_cycle(shuffled, [SAM, ALEX])
    )


@settings(max_examples=50, deadline=None)
@given(couples)
def test_a_partner_s_position_comes_from_their_own_moments_only(couple):
    sams, alexs = couple
    alone = infer_cycle(sams, [SAM, ALEX]).positions[0]
    together = infer_cycle(sams + alexs, [SAM, ALEX]).positions[0]
    assert alone == together


@settings(max_examples=50, deadline=None)
@given(couples)
def test_a_position_is_named_only_from_enough_moments(couple):
    cycle = infer_cycle(couple[0] + couple[1], [SAM, ALEX])
    for position, own in zip(cycle.positions, couple, strict=True):
        showing_a_move = [m for m in own if read_move(m, lexicon()) is not None]
        if len(showing_a_move) < MIN_MOMENTS:
            assert position.position == "unknown"


@settings(max_examples=50, deadline=None)
@given(couples)
def test_no_sentence_ever_blames(couple):
    cycle = infer_cycle(couple[0] + couple[1], [SAM, ALEX])
    assert not BLAME.search(sentence(cycle))
