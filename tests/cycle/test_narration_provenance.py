"""No narration cue may come from the held-out couples: every top-level alternative of a
narration.yaml pattern that matches a writer's clause in the test or calibration couples must
also match one in the train couples (the rules are written from the train couples only)."""

from __future__ import annotations

import re

import pytest
import yaml

from between.cycle.evaluation import narration_rows
from between.cycle.narration import MINE, OURS, _normalise, clauses
from tests.analysis.test_lexicon_provenance import alternatives

SECTIONS = ("moves", "surface_reactions", "deeper_feelings")
# Alternatives written before this test from the examples and the EFT literature
# (Johnson 2004, 2008; Gottman 1994) that today match only held-out clauses. Frozen: a new
# alternative must be supported by a train couple.
FROM_THE_LITERATURE = {
    "criticise": ["(?:called|calling) {obj} (?:a |an )?(?:selfish|lazy|useless|cold|pathetic|hopeless"
                  "|heartless|names|liar|child|coward)"],
    "withdraw": ["kept my distance", "turned (?:away|over|my back)", "kept busy"],
    "shut_down": ["closed (?:off|up|down)", "frozen", "numbed out", "zoned out",
                  "(?:scrolled|scrolling) (?:on )?my phone"],
    "go_quiet": ["went (?:quiet|silent)", "put my headphones (?:on|in)",
                 "pretended (?:to be asleep|not to hear|i didn'?t hear)",
                 "without (?:saying|a word|speaking|a goodbye|replying|answering)", "(?:just )?(?:nodded|shrugged)"],
    "leave": ["left (?:the room|the house|the flat|the table|the party|the kitchen|early|without)",
              "slept (?:on the (?:couch|sofa)|in the spare room)"],
    "placate": ["said (?:i was|i'?m) fine", "(?:agreed|gave in|caved|went along with it) (?:just |only )?(?:to|so)"],
    "anger": ["mad"],
    "loneliness": ["on my own"],
    "longing": ["wished (?:he|she|they) would (?:hold|hug|come|just)"],
}


def _writer_clauses(part: str) -> list[str]:
    found = []
    for row in narration_rows(part):
        text = row["text"]
        found += [_normalise(text[c.start:c.end]) for c in clauses(text) if c.whose in (MINE, OURS)]
    return found


def test_no_narration_cue_matches_only_held_out_couples():
    from importlib import resources

    train = _writer_clauses("train")
    held_out = _writer_clauses("test") + _writer_clauses("calibration")
    if not train or not held_out:
        pytest.skip("no narration corpus")
    data = yaml.safe_load(resources.files("between.cycle").joinpath("narration.yaml").read_text("utf-8"))
    expand = re.compile(r"\{(\w+)\}")
    unsupported = []
    for section in SECTIONS:
        for key, patterns in data[section].items():
            for pattern in patterns:
                for alternative in alternatives(pattern):
                    body = expand.sub(lambda m: data["macros"][m.group(1)], alternative)
                    rx = re.compile(rf"(?<![a-z'])(?:{body})(?![a-z])")
                    hits = [c for c in held_out if rx.search(c)]
                    if alternative in FROM_THE_LITERATURE.get(key, []):
                        continue
                    if hits and not any(rx.search(c) for c in train):
                        unsupported.append(f"{section}.{key}: {alternative!r} matches only {hits[0]!r}")
    assert not unsupported, "\n".join(unsupported)
