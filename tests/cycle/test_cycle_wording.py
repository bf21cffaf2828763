"""The sentence names the cycle, never a culprit, and says plainly what is not known yet."""

from __future__ import annotations

import re

import pytest

from between.cycle import infer_cycle, sentence
from between.cycle.wording import loop_boxes, reason_text
from tests.cycle.cycle_couples import ALEX, PURSUING, SAM, WITHDRAWING, moment, moves, pursue_withdraw

BLAME = re.compile(
    r"fault|to blame|blames?\b|because (sam|alex) is|wrong|\bbad\b|better|worse|more than|"
    r"less than|score|\d+ ?%|\bwins?\b|\bloses?\b",
    re.IGNORECASE,
)

SCENARIOS = {
    "pursue_withdraw": lambda: infer_cycle(pursue_withdraw(6), [SAM, ALEX]),
    "attack_attack": lambda: infer_cycle(
        moves(SAM, ("blamed him", "yelled"), 4) + moves(ALEX, ("criticised her",), 4), [SAM, ALEX]
    ),
    "withdraw_withdraw": lambda: infer_cycle(
        moves(SAM, WITHDRAWING, 4, deeper_feeling="ashamed") + moves(ALEX, ("froze",), 4),
        [SAM, ALEX],
    ),
    "sparse": lambda: infer_cycle(pursue_withdraw(2), [SAM, ALEX]),
    "mixed": lambda: infer_cycle(
        moves(SAM, ("kept pushing", "went quiet"), 6) + moves(ALEX, WITHDRAWING, 6), [SAM, ALEX]
    ),
    "one_side": lambda: infer_cycle(moves(ALEX, WITHDRAWING, 5, deeper_feeling="scared"), [SAM, ALEX]),
    "alone": lambda: infer_cycle(moves(SAM, PURSUING, 5), [SAM]),
    "empty": lambda: infer_cycle([], [SAM, ALEX]),
}


def test_the_sentence_is_built_from_each_move_and_the_feeling_underneath():
    moments = moves(SAM, ("criticised",), 4, deeper_feeling="lonely") + moves(
        ALEX, ("withdrew",), 4, deeper_feeling="overwhelmed"
    )
    # The pursuer leads the sentence, whichever order the couple is listed in.
    assert sentence(infer_cycle(moments, [ALEX, SAM])) == (
        "The more Sam protests sharply, the more Alex steps back; "
        "the more Alex steps back, the more alone Sam feels."
    )


def test_without_a_named_feeling_the_sentence_closes_the_loop_with_the_move():
    moments = moves(SAM, ("kept pushing",), 4) + moves(ALEX, ("left the room",), 4)
    assert sentence(infer_cycle(moments, [SAM, ALEX])) == (
        "The more Sam pushes for a response, the more Alex steps away; "
        "the more Alex steps away, the more Sam pushes for a response."
    )


@pytest.mark.parametrize("name", SCENARIOS)
def test_no_sentence_or_box_blames_or_compares_the_partners(name):
    cycle = SCENARIOS[name]()
    words = [sentence(cycle), reason_text(cycle) or ""]
    words += [line for box in loop_boxes(cycle) for line in box.lines]
    for text in words:
        assert not BLAME.search(text), text


@pytest.mark.parametrize("name", ["pursue_withdraw", "attack_attack", "withdraw_withdraw"])
def test_a_known_cycle_names_both_partners(name):
    text = sentence(SCENARIOS[name]())
    assert "Sam" in text and "Alex" in text
    assert text.startswith("The more ")


def test_one_side_only_describes_that_side_and_says_what_is_missing():
    cycle = SCENARIOS["one_side"]()
    assert sentence(cycle) == (
        "When things get hard, Alex goes quiet and underneath feels afraid. "
        "Sam's side isn't here yet."
    )
    assert reason_text(cycle) == "Only Alex's side is here yet"


def test_a_partner_alone_in_the_app_hears_that_the_other_side_is_missing():
    cycle = SCENARIOS["alone"]()
    assert sentence(cycle) == (
        "When things get hard, Sam protests sharply. The other partner's side isn't here yet."
    )


def test_sparse_and_mixed_cycles_say_they_do_not_know_yet():
    assert reason_text(SCENARIOS["sparse"]()) == "Not enough moments yet"
    assert "aren't enough moments" in sentence(SCENARIOS["sparse"]())
    mixed = SCENARIOS["mixed"]()
    assert reason_text(mixed) == "The moves are mixed"
    assert sentence(mixed).startswith("When things get hard, Sam's moves are mixed so far; Alex ")


def test_the_loop_goes_move_feeling_move_feeling():
    boxes = loop_boxes(SCENARIOS["pursue_withdraw"]())
    assert [b.kind for b in boxes] == ["move", "inner", "move", "inner"]
    assert [b.partner for b in boxes] == ["Sam", "Alex", "Alex", "Sam"]
    assert boxes[0].lines == ("Sam protests sharply",)
    assert boxes[1].lines == ("Alex sees sharp words", "underneath: overwhelmed", "needs room")
    assert boxes[3].lines == ("Sam sees silence", "underneath: alone", "needs to matter")
    assert all(b.known for b in boxes)


def test_the_missing_side_of_the_loop_is_marked_not_here_yet():
    boxes = loop_boxes(SCENARIOS["one_side"]())
    assert [b.known for b in boxes] == [True, False, False, True]
    assert boxes[1].lines == ("What Sam feels", "isn't here yet")
    assert boxes[2].lines == ("Sam's move", "isn't here yet")


def test_a_feeling_noone_named_is_shown_as_not_named_yet():
    cycle = infer_cycle([moment(SAM, d, protective_move="yelled") for d in range(3)], [SAM])
    assert loop_boxes(cycle)[3].lines == ("Underneath, Sam:", "not named yet")
    assert not loop_boxes(cycle)[3].known
