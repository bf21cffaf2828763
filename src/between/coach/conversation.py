"""The softening conversation as a pure state machine: whose turn it is and what comes next.

Steps, for one round (speaker S, listener L):
  share   (S names the moment and the deeper feeling)
  reflect (L reflects back what they heard)
  confirm (S: "yes, that's it" -> respond; "not quite" -> reflect again)
  respond (L answers the reach)
then the roles swap for a second round, and both close with what felt different (either order).
A conversation is active, paused, finished or stopped; turns are taken only while it is active.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from between.errors import FieldProblem, bad_input, conflict


class Step(StrEnum):
    SHARE = "share"
    REFLECT = "reflect"
    CONFIRM = "confirm"
    RESPOND = "respond"
    CLOSE = "close"


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


ROUNDS = 2  # each partner is the speaker once
SPEAKER_STEPS = (Step.SHARE, Step.CONFIRM)
LISTENER_STEPS = (Step.REFLECT, Step.RESPOND)
OPEN = (Status.ACTIVE, Status.PAUSED)


@dataclass(frozen=True)
class State:
    speaker_id: str
    listener_id: str
    step: Step = Step.SHARE
    round: int = 1
    status: Status = Status.ACTIVE
    closed_by: tuple[str, ...] = ()

    @property
    def partners(self) -> tuple[str, str]:
        return (self.speaker_id, self.listener_id)


def whose_turn(state: State) -> tuple[str, ...]:
    """Who may post now: one partner, both (closing), or nobody (not active)."""
    if state.status != Status.ACTIVE:
        return ()
    if state.step in SPEAKER_STEPS:
        return (state.speaker_id,)
    if state.step in LISTENER_STEPS:
        return (state.listener_id,)
    return tuple(p for p in state.partners if p not in state.closed_by)


def take_turn(state: State, author_id: str, confirmed: bool | None = None) -> State:
    """The state after `author_id` posts a turn; a conflict when it is not their turn."""
    if state.status != Status.ACTIVE:
        raise conflict(f"This conversation is {state.status.value}; resume it to go on.",
                       "conversation-not-active")
    if author_id not in whose_turn(state):
        raise conflict("It is your partner's turn. Your draft is kept until it is yours.",
                       "not-your-turn")
    if state.step == Step.CONFIRM and confirmed is None:
        raise bad_input("Say whether that's it.",
                        FieldProblem("confirmed", "true for “yes, that's it”, false for “not quite”"))
    return _advance(state, author_id, confirmed)


def _advance(state: State, author_id: str, confirmed: bool | None) -> State:
    if state.step == Step.SHARE:
        return replace(state, step=Step.REFLECT)
    if state.step == Step.REFLECT:
        return replace(state, step=Step.CONFIRM)
    if state.step == Step.CONFIRM:
        return replace(state, step=Step.RESPOND if confirmed else Step.REFLECT)
    if state.step == Step.RESPOND:
        if state.round < ROUNDS:
            return replace(state, step=Step.SHARE, round=state.round + 1,
                           speaker_id=state.listener_id, listener_id=state.speaker_id)
        return replace(state, step=Step.CLOSE)
    closed = (*state.closed_by, author_id)
    done = set(closed) >= set(state.partners)
    return replace(state, closed_by=closed, status=Status.FINISHED if done else state.status)


def pause(state: State) -> State:
    return _moved(state, (Status.ACTIVE,), Status.PAUSED, "paused")


def resume(state: State) -> State:
    return _moved(state, (Status.PAUSED,), Status.ACTIVE, "resumed")


def finish(state: State) -> State:
    return _moved(state, OPEN, Status.FINISHED, "finished")


def stop(state: State) -> State:
    return _moved(state, OPEN, Status.STOPPED, "stopped")


def _moved(state: State, allowed: tuple[Status, ...], to: Status, verb: str) -> State:
    if state.status not in allowed:
        raise conflict(f"This conversation is {state.status.value}, so it cannot be {verb}.",
                       "conversation-status")
    return replace(state, status=to)


ACTIONS_BY_NAME = {"pause": pause, "resume": resume, "finish": finish, "stop": stop}


def is_reply_step(step: Step) -> bool:
    """Listener turns answer the speaker's last turn; they are read as replies to it."""
    return step in LISTENER_STEPS
