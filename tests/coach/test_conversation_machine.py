"""The softening conversation's state machine: only the right partner can post, roles swap once,
both close, and nothing moves while it is paused or over. Hypothesis drives random sequences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from between.coach import conversation as machine
from between.coach.conversation import State, Status, Step
from between.errors import BetweenError

SAM, ALEX = "sam", "alex"
ACTIONS = ("pause", "resume", "finish", "stop")


def fresh() -> State:
    return State(speaker_id=SAM, listener_id=ALEX)


def test_one_full_conversation():
    state = fresh()
    expected = [(SAM, Step.REFLECT), (ALEX, Step.CONFIRM), (SAM, Step.RESPOND),
                (ALEX, Step.SHARE)]
    for author, step in expected:
        state = machine.take_turn(state, author, True if state.step == Step.CONFIRM else None)
        assert state.step == step
    assert (state.speaker_id, state.listener_id, state.round) == (ALEX, SAM, 2)
    for author in (ALEX, SAM, ALEX, SAM):
        state = machine.take_turn(state, author, True if state.step == Step.CONFIRM else None)
    assert state.step == Step.CLOSE and set(machine.whose_turn(state)) == {SAM, ALEX}
    state = machine.take_turn(state, SAM)
    assert machine.whose_turn(state) == (ALEX,) and state.status == Status.ACTIVE
    state = machine.take_turn(state, ALEX)
    assert state.status == Status.FINISHED and machine.whose_turn(state) == ()


def test_not_quite_goes_back_to_reflect_until_its_right():
    state = machine.take_turn(machine.take_turn(fresh(), SAM), ALEX)
    state = machine.take_turn(state, SAM, confirmed=False)
    assert state.step == Step.REFLECT and machine.whose_turn(state) == (ALEX,)


def test_confirming_needs_a_yes_or_a_not_quite():
    state = machine.take_turn(machine.take_turn(fresh(), SAM), ALEX)
    with pytest.raises(BetweenError) as refused:
        machine.take_turn(state, SAM)
    assert refused.value.status == 422


moves = st.lists(st.tuples(st.sampled_from(["turn", *ACTIONS]), st.sampled_from([SAM, ALEX, "kim"]),
                           st.sampled_from([None, True, False])), max_size=40)


@given(moves)
def test_only_the_partner_whose_turn_it_is_can_post(sequence):
    state = fresh()
    for kind, who, confirmed in sequence:
        before = state
        try:
            state = (machine.take_turn(state, who, confirmed) if kind == "turn"
                     else machine.ACTIONS_BY_NAME[kind](state))
        except BetweenError as refused:
            assert state == before  # a refusal changes nothing
            if kind == "turn" and refused.status == 409:
                assert who not in machine.whose_turn(state)
            continue
        if kind == "turn":
            assert who in machine.whose_turn(before)
            assert before.status == Status.ACTIVE
        # Invariants: two different partners, one round swap at most, the closers are partners.
        assert {state.speaker_id, state.listener_id} == {SAM, ALEX}
        assert 1 <= state.round <= machine.ROUNDS
        assert set(state.closed_by) <= {SAM, ALEX}
        assert state.round == 1 or (state.speaker_id, state.listener_id) == (ALEX, SAM)
        if before.status in (Status.FINISHED, Status.STOPPED):
            pytest.fail("a finished or stopped conversation moved")


@given(st.sampled_from(ACTIONS), st.sampled_from(ACTIONS))
def test_status_changes_follow_the_rules(first, second):
    state = fresh()
    for name in (first, second):
        try:
            state = machine.ACTIONS_BY_NAME[name](state)
        except BetweenError as refused:
            assert refused.status == 409
    if state.status == Status.PAUSED:
        assert machine.whose_turn(state) == ()
