"""Which cue rules could match a text, found without running them.

Running all ~110 rule patterns over every message was most of the cue layer's time, yet a
message can only match the few rules whose opening words it contains. At load, each pattern's
*heads* are read from its parsed form: every string of up to HEAD_CHARS characters a match
can begin with (whitespace runs as one space). A rule whose pattern can begin with anything
("\\w+ again") has no heads and always runs. At analysis time the text's word starts are looked
up in a head index, and only the rules found there (plus the always-run ones) are matched.

The heads over-approximate: a zero-width assertion is skipped, a character class that is not a
short list of letters ends the head, a repeat ends it after one turn. So a rule skipped here
cannot match the text; tests/analysis/test_cue_prefilter.py checks that on every corpus line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # the stdlib's own regex parse tree (re.sre_parse before 3.11)
from re import _parser as sre_parse

HEAD_CHARS = 8  # longer heads tell rules apart better; 8 leaves ~10 candidates of ~110 rules
MAX_HEADS = 4000  # a pattern with more possible openings than this always runs
MAX_CLASS = 30  # a character class wider than this ends the head ([a-z] still counts)
_WHITESPACE = [(sre.CATEGORY, sre.CATEGORY_SPACE)]
_SPACES = re.compile(r"\s+")
# Every cue pattern starts with (?<!\w) (see lexicon._alternation), so matches begin here.
_WORD_STARTS = re.compile(rf"(?<!\w)(?=(.{{1,{HEAD_CHARS}}}))", re.DOTALL)

_State = tuple[str, bool]  # (head so far, finished)


class _TooMany(Exception):
    pass


def pattern_heads(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every string a match of `pattern` can begin with, or None when it can begin with anything."""
    try:
        states = _walk(sre_parse.parse(pattern.pattern, pattern.flags).data, {("", False)})
    except _TooMany:
        return None
    # A match that opens with whitespace (`^\s*fine`) goes on at a word start: index what follows.
    heads = frozenset(head.lstrip(" ") for head, _ in states)
    return None if "" in heads else heads


def _walk(items: Sequence, states: set[_State]) -> set[_State]:
    for op, av in items:
        growing = {head for head, finished in states if not finished}
        if not growing:
            break
        states = {state for state in states if state[1]} | _step(op, av, growing)
        if len(states) > MAX_HEADS:
            raise _TooMany
    return states


def _step(op, av, heads: set[str]) -> set[_State]:
    if op is sre.LITERAL:
        return {_grow(head, chr(av)) for head in heads}
    if op is sre.IN:
        chars = _class_chars(av)
        if chars is None:
            return {(head, True) for head in heads}
        return {_grow(head, ch) for head in heads for ch in chars}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: the head goes on
        return {(head, False) for head in heads}
    if op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
        return _walk(av[3].data, {(head, False) for head in heads})
    if op is sre.BRANCH:
        return set().union(*(_walk(alt.data, {(head, False) for head in heads}) for alt in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(av, heads)
    return {(head, True) for head in heads}  # anything else (., \w, backreference): head ends


def _repeat(av, heads: set[str]) -> set[_State]:
    low, high, item = av
    if item.data == [(sre.IN, _WHITESPACE)]:
        high = 1  # \s+ is one space in the collapsed text
    once = _walk(item.data, {(head, False) for head in heads})
    if high != 1:  # more turns may follow: stop the head after the first
        once = {(head, True) for head, _ in once}
    return once | ({(head, False) for head in heads} if low == 0 else set())


def _grow(head: str, ch: str) -> _State:
    if ch.isspace():
        ch = " "
        if head.endswith(" "):
            return head, False
    grown = head + ch
    return grown, len(grown) >= HEAD_CHARS


def _class_chars(av) -> list[str] | None:
    if av == _WHITESPACE:
        return [" "]
    chars: list[str] = []
    for op, value in av:
        if op is sre.LITERAL:
            chars.append(chr(value))
        elif op is sre.RANGE and value[1] - value[0] <= MAX_CLASS:
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        else:  # a negated class, a category (\w, \d), a wide range
            return None
    return chars if len(chars) <= MAX_CLASS else None


class RuleIndex:
    """Finds the rules (by position in `patterns`) that could match a text."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.by_head: list[dict[str, list[int]]] = [{} for _ in range(HEAD_CHARS)]
        always = []
        for position, pattern in enumerate(patterns):
            heads = pattern_heads(pattern)
            if heads is None:
                always.append(position)
                continue
            for head in heads:
                self.by_head[len(head) - 1].setdefault(head, []).append(position)
        self.always = frozenset(always)

    def candidates(self, folded: str) -> set[int]:
        """Positions of the rules whose heads occur at a word start of `folded`."""
        found = set(self.always)
        for opening in _WORD_STARTS.findall(_SPACES.sub(" ", folded)):
            for size, heads in enumerate(self.by_head, 1):
                rules = heads.get(opening[:size])
                if rules:
                    found.update(rules)
        return found
