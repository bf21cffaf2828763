"""The words the cycle map speaks: it names the cycle, never a culprit.

Every sentence is built from both partners' moves and feelings, with the same grammar for
each; nothing here compares, scores or ranks one partner against the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from between.cycle.inference import (
    MOVES_MIXED,
    ONE_SIDE,
    PURSUE,
    TOO_FEW,
    UNKNOWN,
    Cycle,
    Position,
)
from between.cycle.lexicon import lexicon

PATTERN_NAMES = {
    "pursue_withdraw": "protest polka",
    "attack_attack": "find the bad guy",
    "withdraw_withdraw": "freeze and flee",
}
# Named by the moves, as the rest of the map speaks (the key attack_attack is the API's).
PATTERN_MOVES = {
    "pursue_withdraw": "pursue\u2013withdraw",
    "attack_attack": "pursue\u2013pursue",
    "withdraw_withdraw": "withdraw\u2013withdraw",
}
OTHER = "the other partner"  # stands for a partner who has not joined the couple yet


@dataclass(frozen=True)
class Box:
    """One box of the loop: a partner's move, or what a partner sees and feels underneath."""

    kind: str  # move | inner
    partner: str  # display name
    lines: tuple[str, ...]
    known: bool  # False: drawn dashed, the side or the detail is not here yet


def pattern_title(cycle: Cycle) -> str:
    if cycle.pattern == UNKNOWN:
        return "The cycle isn't clear yet"
    name = PATTERN_NAMES[cycle.pattern]
    return f"The cycle: {name[0].upper()}{name[1:]} ({PATTERN_MOVES[cycle.pattern]})"


def reason_text(cycle: Cycle) -> str | None:
    """Why the pattern is unknown, in a few words; None when it is known."""
    if cycle.reason == ONE_SIDE:
        here = [p for p in cycle.positions if p.moment_count] or list(cycle.positions)
        return f"Only {here[0].partner.name}'s side is here yet"
    if cycle.reason == TOO_FEW:
        return "Not enough moments yet"
    if cycle.reason == MOVES_MIXED:
        return "The moves are mixed"
    return None


def sentence(cycle: Cycle) -> str:
    """One plain sentence: "The more Sam protests, the more Alex goes quiet; ..."."""
    sides = loop_sides(cycle)
    if cycle.pattern != UNKNOWN:
        first, second = sides
        close = (
            f"the more {feeling_adjective(first)} {first.partner.name} feels"
            if feeling_adjective(first)
            else f"the more {first.partner.name} {verb(first)}"
        )
        return (
            f"The more {first.partner.name} {verb(first)}, the more {second.partner.name} "
            f"{verb(second)}; the more {second.partner.name} {verb(second)}, {close}."
        )
    clauses = [_side_clause(p) for p in sides if p.moment_count and p.position != UNKNOWN]
    told = f"When things get hard, {'; '.join(clauses)}. " if clauses else ""
    return told + _still_missing(cycle)


def _side_clause(side: Position) -> str:
    name = side.partner.name
    if not side.known:
        return f"{name}'s moves are mixed so far"
    adjective = feeling_adjective(side)
    underneath = f" and underneath feels {adjective}" if adjective else ""
    return f"{name} {verb(side)}{underneath}"


def _still_missing(cycle: Cycle) -> str:
    if cycle.reason == ONE_SIDE:
        name = cycle.missing[0].name if cycle.missing else OTHER
        return f"{_capital(name)}'s side isn't here yet."
    if cycle.reason == TOO_FEW:
        return "There aren't enough moments yet to see the whole cycle."
    return "The moves are mixed so far; the cycle will get clearer with more moments."


def loop_sides(cycle: Cycle) -> tuple[Position, ...]:
    """Positions in telling order: a side that is here before one that isn't, a pursuer first."""
    return tuple(
        sorted(cycle.positions, key=lambda p: (p.moment_count == 0, p.position != PURSUE))
    )


def verb(side: Position) -> str:
    """The move a pursue/withdraw position is made of, as in "Sam pushes for a response"."""
    if side.main_move is None:
        raise ValueError(f"{side.partner.name}'s position has no single move")
    return lexicon().move(side.main_move).fields["verb"]


def seen_as(side: Position) -> str | None:
    return lexicon().move(side.main_move).fields["seen_as"] if side.main_move else None


def feeling_adjective(side: Position) -> str | None:
    """The partner's most frequent deeper feeling from the vocabulary, as an adjective."""
    for counted in side.deeper_feelings:
        entry = lexicon().feeling(counted.term)
        if entry:
            return entry.fields["adjective"]
    return None


def feeling_words(side: Position) -> str | None:
    """The most frequent deeper feeling, in the vocabulary's words or the person's own."""
    if not side.deeper_feelings:
        return None
    entry = lexicon().feeling(side.deeper_feelings[0].term)
    return entry.fields["adjective"] if entry else own_words(side.deeper_feelings[0].term)


def need_words(side: Position) -> str | None:
    if not side.needs:
        return None
    entry = lexicon().need(side.needs[0].term)
    return entry.fields["phrase"] if entry else own_words(side.needs[0].term)


_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|me|my|mine|myself)\b", re.IGNORECASE)


def own_words(term: str) -> str:
    """A person's own words in a sentence about them: quoted when they speak as "I", so a box
    reads `Maya needs “to feel I'm enough”`, not `Maya needs to feel I'm enough`."""
    return f"\u201c{term}\u201d" if _FIRST_PERSON.search(term) else term


def loop_boxes(cycle: Cycle) -> tuple[Box, Box, Box, Box]:
    """A's move -> what B sees and feels underneath -> B's move -> what A sees and feels."""
    sides = loop_sides(cycle)
    first = sides[0]
    second = sides[1] if len(sides) > 1 else None
    return (
        _move_box(first),
        _inner_box(second, first),
        _move_box(second),
        _inner_box(first, second),
    )


def _move_box(side: Position | None) -> Box:
    if side is None or side.moment_count == 0:
        return _not_here(side, "move")
    name = side.partner.name
    if side.known:
        return Box("move", name, (f"{name} {verb(side)}",), True)
    state = "mixed so far" if side.position != UNKNOWN else "not clear yet"
    return Box("move", name, (f"{name}'s move", state), False)


def _inner_box(side: Position | None, other: Position | None) -> Box:
    if side is None or side.moment_count == 0:
        return _not_here(side, "inner")
    name = side.partner.name
    sees = seen_as(other) if other is not None else None
    feeling, need = feeling_words(side), need_words(side)
    if sees:
        lines = [f"{name} sees {sees}", f"underneath: {feeling or 'not named yet'}"]
    elif feeling:
        lines = [f"Underneath, {name} feels {feeling}"]
    else:
        lines = [f"Underneath, {name}:", "not named yet"]
    if need:
        lines.append(f"needs {need}")
    return Box("inner", name, tuple(lines), bool(feeling or need))


def _not_here(side: Position | None, kind: str) -> Box:
    name = side.partner.name if side else OTHER
    first = f"{_capital(name)}'s move" if kind == "move" else f"What {name} feels"
    return Box(kind, name, (first, "isn't here yet"), False)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(cycle: Cycle) -> str:
    """The diagram as text, for screen readers and the CLI: the loop, then the sentence."""
    steps = " \u2192 ".join(", ".join(box.lines) for box in loop_boxes(cycle))
    return f"A loop: {steps} \u2192 back to the start. {sentence(cycle)}"
