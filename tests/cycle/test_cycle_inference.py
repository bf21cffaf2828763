"""Positions and patterns inferred from synthetic couples, including when the app must say it
does not know yet."""

from __future__ import annotations

import pytest

from between.cycle import MomentFacts, Partner, infer_cycle
from between.cycle.inference import MIN_MOMENTS
from between.errors import BetweenError
from tests.cycle.cycle_couples import ALEX, PURSUING, SAM, WITHDRAWING, moment, moves, pursue_withdraw


def positions(cycle):
    return {p.partner.id: p for p in cycle.positions}


def test_twelve_moments_of_criticism_and_silence_are_a_pursue_withdraw_cycle():
    moments = pursue_withdraw(12)
    cycle = infer_cycle(moments, [SAM, ALEX])
    sam, alex = positions(cycle)[SAM.id], positions(cycle)[ALEX.id]

    assert cycle.pattern == "pursue_withdraw"
    assert (sam.position, alex.position) == ("pursue", "withdraw")
    assert sam.confidence > 0.8 and alex.confidence > 0.8
    assert sam.main_move == "criticise"
    assert set(cycle.evidence) == {m.id for m in moments}
    assert len(sam.moment_ids) == len(alex.moment_ids) == 12


def test_confidence_grows_with_the_number_of_moments():
    few = positions(infer_cycle(pursue_withdraw(MIN_MOMENTS), [SAM, ALEX]))[SAM.id]
    many = positions(infer_cycle(pursue_withdraw(12), [SAM, ALEX]))[SAM.id]
    assert few.position == many.position == "pursue"
    assert few.confidence < many.confidence


def test_both_attacking_is_find_the_bad_guy():
    moments = moves(SAM, PURSUING, 6) + moves(ALEX, ("yelled back", "criticised her"), 6)
    cycle = infer_cycle(moments, [SAM, ALEX])
    assert cycle.pattern == "attack_attack"
    assert {p.position for p in cycle.positions} == {"pursue"}


def test_both_shutting_down_is_freeze_and_flee():
    moments = moves(SAM, WITHDRAWING, 5) + moves(ALEX, ("shut down", "walked out"), 5)
    cycle = infer_cycle(moments, [SAM, ALEX])
    assert cycle.pattern == "withdraw_withdraw"
    assert {p.position for p in cycle.positions} == {"withdraw"}


def test_two_moments_are_not_enough_to_name_a_position():
    cycle = infer_cycle(pursue_withdraw(1), [SAM, ALEX])
    assert cycle.pattern == "unknown"
    assert cycle.reason == "too_few"
    assert [p.position for p in cycle.positions] == ["unknown", "unknown"]
    assert [p.confidence for p in cycle.positions] == [0.0, 0.0]


def test_a_partner_who_pushes_as_often_as_they_withdraw_is_mixed():
    alternating = ("kept pushing", "went quiet")
    moments = moves(SAM, alternating, 8) + moves(ALEX, WITHDRAWING, 8)
    cycle = infer_cycle(moments, [SAM, ALEX])
    sam = positions(cycle)[SAM.id]
    assert sam.position == "mixed"
    assert sam.main_move is None
    assert (cycle.pattern, cycle.reason) == ("unknown", "mixed")


def test_one_partner_only_shows_that_side_and_names_the_missing_one():
    cycle = infer_cycle(moves(SAM, PURSUING, 6), [SAM, ALEX])
    assert (cycle.pattern, cycle.reason) == ("unknown", "one_side")
    assert positions(cycle)[SAM.id].position == "pursue"
    assert positions(cycle)[ALEX.id].position == "unknown"
    assert cycle.missing == (ALEX,)


def test_a_couple_of_one_has_no_missing_partner_to_name():
    cycle = infer_cycle(moves(SAM, WITHDRAWING, 4), [SAM])
    assert (cycle.pattern, cycle.reason, cycle.missing) == ("unknown", "one_side", ())
    assert cycle.positions[0].position == "withdraw"


def test_surface_reactions_stand_in_for_a_missing_protective_move():
    moments = [moment(SAM, day, surface_reaction="I got so angry") for day in range(4)]
    sam = infer_cycle(moments, [SAM]).positions[0]
    assert sam.position == "pursue"
    assert sam.main_move == "get_louder"
    assert sam.surface_reactions[0].term == "anger"
    # A surface reaction is a weaker signal than what the person did.
    did = infer_cycle(moves(SAM, ("yelled",), 4), [SAM]).positions[0]
    assert sam.confidence < did.confidence


def test_defensiveness_points_to_neither_pursuit_nor_withdrawal():
    moments = [moment(SAM, day, surface_reaction="defensive") for day in range(5)]
    sam = infer_cycle(moments, [SAM]).positions[0]
    assert sam.position == "unknown"
    assert sam.surface_reactions[0].term == "defensiveness"


def test_the_analysis_register_is_the_weakest_signal():
    analysis = {"register": {"label": "withdrawal", "probabilities": {"withdrawal": 0.8}}}
    moments = [moment(ALEX, d, happened="I just left it", analysis=analysis) for d in range(4)]
    alex = infer_cycle(moments, [ALEX]).positions[0]
    assert alex.position == "withdraw"
    assert alex.confidence < infer_cycle(moves(ALEX, ("went quiet",), 4), [ALEX]).positions[0].confidence


def test_the_analysis_of_hidden_free_text_is_never_used():
    # The viewer may not read what happened, so its analysis must not shape what they see.
    analysis = {"register": {"label": "contempt"}, "deeper_feelings": ["shame"]}
    moments = [moment(ALEX, d, happened=None, analysis=analysis) for d in range(5)]
    alex = infer_cycle(moments, [ALEX]).positions[0]
    assert alex.position == "unknown"
    assert alex.moment_ids == ()
    assert alex.surface_reactions == alex.deeper_feelings == ()


def test_a_negated_move_does_not_count():
    moments = moves(ALEX, ("I didn't yell, I went quiet", "I did not shout, I left the room"), 4)
    alex = infer_cycle(moments, [ALEX]).positions[0]
    assert alex.position == "withdraw"


@pytest.mark.parametrize(
    ("field", "text", "terms"),
    [
        ("deeper_feeling", "scared and so alone", ["fear", "loneliness"]),
        ("deeper_feeling", "I wasn't scared, I was hurt", ["hurt"]),
        ("deeper_feeling", "invisible to her", ["loneliness"]),
        ("deeper_feeling", "like a ghost", ["like a ghost"]),  # the person's own words
        ("need", "I didn't feel important", ["to_matter"]),  # a need is not negated
        ("need", "some space to breathe", ["room"]),
    ],
)
def test_feelings_and_needs_are_read_in_the_vocabulary_or_kept_in_own_words(field, text, terms):
    side = infer_cycle([moment(SAM, 0, **{field: text})], [SAM]).positions[0]
    found = side.deeper_feelings if field == "deeper_feeling" else side.needs
    assert [c.term for c in found] == terms


def test_most_frequent_feelings_and_needs_come_first_with_counts():
    moments = [
        moment(SAM, 0, deeper_feeling="afraid", need="reassurance"),
        moment(SAM, 1, deeper_feeling="alone", need="to feel close"),
        moment(SAM, 2, deeper_feeling="so lonely", need="closeness"),
    ]
    sam = infer_cycle(moments, [SAM]).positions[0]
    assert [(c.term, c.count) for c in sam.deeper_feelings] == [("loneliness", 2), ("fear", 1)]
    assert [(c.term, c.count) for c in sam.needs] == [("closeness", 2), ("safety", 1)]


def test_own_words_are_counted_together_and_shown_as_first_written():
    moments = [moment(SAM, 0, deeper_feeling="Like a ghost."), moment(SAM, 1, deeper_feeling="like  a ghost")]
    sam = infer_cycle(moments, [SAM]).positions[0]
    assert [(c.term, c.count) for c in sam.deeper_feelings] == [("Like a ghost", 2)]


@pytest.mark.parametrize(
    "detected",
    [
        ["sadness"],
        [{"label": "sadness", "probability": 0.9}, {"label": "shame", "probability": 0.1}],
        {"sadness": 0.7, "shame": 0.2},
    ],
)
def test_detected_feelings_fill_in_only_when_the_person_named_none(detected):
    analysis = {"deeper_feelings": detected}
    unnamed = moment(SAM, 0, happened="We argued again", analysis=analysis)
    named = moment(SAM, 1, happened="We argued again", deeper_feeling="afraid", analysis=analysis)
    sam = infer_cycle([unnamed, named], [SAM]).positions[0]
    assert [(c.term, c.count) for c in sam.deeper_feelings] == [("sadness", 1), ("fear", 1)]


def test_a_cycle_needs_one_or_two_different_partners():
    with pytest.raises(BetweenError):
        infer_cycle([], [SAM, ALEX, Partner("third", "Kim")])
    with pytest.raises(BetweenError):
        infer_cycle([], [SAM, Partner(SAM.id, "Sam again")])
    with pytest.raises(BetweenError):
        infer_cycle([], [])


def test_moments_from_outside_the_couple_are_refused():
    stranger = Partner("kim-id", "Kim")
    with pytest.raises(BetweenError):
        infer_cycle([moment(stranger, 0, protective_move="yelled")], [SAM, ALEX])


def test_out_of_range_facts_are_refused_with_the_field_named():
    with pytest.raises(BetweenError) as raised:
        MomentFacts("m", SAM.id, moment(SAM, 0).occurred_at, intensity=11, outcome="won")
    assert {p.field for p in raised.value.errors} == {"intensity", "outcome"}
