"""Raw spots: the triggers that keep coming back, counted across both partners' moments."""

from __future__ import annotations

from between.cycle import infer_cycle
from between.cycle.raw_spots import find_raw_spots
from tests.cycle.cycle_couples import ALEX, SAM, moment


def spots(moments):
    return {s.key: s for s in find_raw_spots(moments)}


def test_the_three_classic_triggers_are_counted_with_their_moments():
    moments = [
        moment(SAM, 0, happened="It went from nothing to a shouting match in seconds"),
        moment(ALEX, 1, happened="We were calm and then it escalated out of nowhere"),
        moment(SAM, 2, happened="He said nothing all evening", meaning="I am shut out"),
        moment(ALEX, 3, happened="She ignored my message"),
        moment(SAM, 4, happened="I said nothing and read", meaning="she hates me"),
        moment(ALEX, 5, happened="I only asked about the bins", surface_reaction="felt judged"),
        moment(SAM, 6, happened="He pointed out the dishes again"),
    ]
    found = spots(moments)
    escalation = found["escalates_instantly"]
    assert (escalation.count, escalation.moment_ids) == (2, (moments[0].id, moments[1].id))
    assert found["silence_shut_out"].count == 3
    assert found["feedback_as_criticism"].count == 2
    assert escalation.title == "The argument that escalates instantly"


def test_a_trigger_that_came_up_once_is_not_yet_a_raw_spot():
    moments = [moment(SAM, 0, happened="We fought about money"), moment(ALEX, 1, happened="ok")]
    assert "money" not in spots(moments)


def test_a_negated_cue_is_not_a_trigger():
    moments = [moment(SAM, d, happened="For once it did not escalate") for d in range(3)]
    assert "escalates_instantly" not in spots(moments)


def test_a_meaning_told_again_and_again_becomes_a_raw_spot():
    moments = [
        moment(SAM, 0, meaning="I don't matter."),
        moment(SAM, 1, meaning="that I don\u2019t matter"),
        moment(ALEX, 2, meaning="I'm failing her"),
    ]
    found = spots(moments)
    assert found["meaning:i don't matter"].count == 2
    assert found["meaning:i don't matter"].title == "\u201cI don't matter\u201d"
    assert not any("failing" in key for key in found)


def test_hidden_free_text_is_not_searched_but_shared_fields_are():
    moments = [moment(SAM, d, happened=None, meaning="you ignore me") for d in range(2)]
    assert spots(moments)["silence_shut_out"].count == 2
    hidden = [moment(SAM, d, happened=None, surface_reaction="angry") for d in range(2)]
    assert spots(hidden) == {}


def test_most_frequent_raw_spots_come_first_in_the_cycle():
    moments = [moment(SAM, d, happened="dishes again, she went quiet") for d in range(3)]
    moments += [moment(ALEX, d, happened="the phone again") for d in range(2)]
    cycle = infer_cycle(moments, [SAM, ALEX])
    assert [(s.key, s.count) for s in cycle.raw_spots] == [
        ("housework", 3), ("silence_shut_out", 3), ("phones_and_screens", 2)
    ]
