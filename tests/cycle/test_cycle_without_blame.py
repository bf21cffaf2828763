"""Every sentence the cycle map generates names moves, never a culprit: a scan for blaming verbs.

The scan covers every pair of moves the lexicon knows (each partner's position made of each
move), every state of the map (one side, too few, mixed, alone, empty), and every place the
words appear: the sentence, the reason, the diagram's boxes and centre (the SVG itself), the
description screen readers get, the CLI's text and the timeline's summary.
"""

from __future__ import annotations

import itertools
import re

import pytest

from between.cycle import infer_cycle, render_text, sentence
from between.cycle.lexicon import lexicon
from between.cycle.render import cycle_to_dict
from between.cycle.wording import describe, loop_boxes, pattern_title, reason_text
from tests.cycle.cycle_couples import ALEX, SAM, moment

# Verbs (and their nouns) that make one partner the culprit rather than naming a move.
BLAMING = re.compile(
    r"\b(?:critici[sz]|criticism|blam|attack|nag|accus|ignor|stonewall|reject|abandon|"
    r"controll|demand|complain|sulk|punish|manipulat|selfish|lazy|needy|cold\b|fault|"
    r"guilty|overreact|dramatic|crazy)",
    re.IGNORECASE,
)
MOVES = [entry.key for entry in lexicon().moves]
FEELINGS = [None, "lonely", "ashamed", "scared"]


def _named(move: str) -> str:
    return lexicon().move(move).fields["named"]


def _cycle(first: str, second: str | None, feeling: str | None, count: int = 4):
    moments = [moment(SAM, d, protective_move=_named(first), deeper_feeling=feeling, intensity=5)
               for d in range(count)]
    if second:
        moments += [moment(ALEX, d, protective_move=_named(second), need="room")
                    for d in range(count)]
    return infer_cycle(moments, [SAM, ALEX])


def _all_words(cycle) -> list[str]:
    words = [sentence(cycle), reason_text(cycle) or "", pattern_title(cycle), describe(cycle),
             render_text(cycle)]
    words += [line for box in loop_boxes(cycle) for line in box.lines]
    data = cycle_to_dict(cycle)
    words += [data["sentence"], data["description"], data["pattern_name"] or ""]
    return words


CYCLES = {
    **{f"{a}+{b}": (a, b, f) for (a, b), f in zip(itertools.product(MOVES, MOVES),
                                                   itertools.cycle(FEELINGS))},
    **{f"{a} alone": (a, None, "lonely") for a in MOVES},
}


@pytest.mark.parametrize("name", CYCLES)
def test_no_generated_sentence_blames(name):
    first, second, feeling = CYCLES[name]
    for count in (2, 4):  # too few moments, then enough
        for text in _all_words(_cycle(first, second, feeling, count)):
            assert not BLAMING.search(text), (name, text)


def test_mixed_and_empty_maps_do_not_blame_either():
    mixed = infer_cycle(
        [moment(SAM, d, protective_move=_named(m)) for d, m in enumerate(MOVES)], [SAM, ALEX])
    for cycle in (mixed, infer_cycle([], [SAM, ALEX]), infer_cycle([], [SAM])):
        for text in _all_words(cycle):
            assert not BLAMING.search(text), text


def test_the_diagram_itself_carries_no_blaming_word():
    pytest.importorskip("graphviz")
    from between.cycle import render_svg

    svg = render_svg(_cycle("criticise", "go_quiet", "lonely"))
    assert not BLAMING.search(re.sub(r"<[^>]+>", " ", svg))


def test_every_move_is_named_in_words_its_own_cues_read_back():
    # An accepted suggestion ("What I did": the move's `named` words) counts as that move.
    for move in MOVES:
        cycle = _cycle(move, None, None)
        assert cycle.positions[0].main_move == move


def test_the_scan_catches_a_blaming_sentence():
    assert BLAMING.search("The more Sam criticises, the more Alex ignores")
