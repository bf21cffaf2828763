"""Private help for the writer of a reflection: where their words may tell of trauma or
long-standing hurt, the individual-help recommendations that already exist, and the words
that led to them. Shown to the writer alone; never stored, never shown to anyone else."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from between.cycle.lexicon import Entry, compile_cues, find_hits, lexicon
from between.safety.recommendations import INDIVIDUAL_TOPICS, Recommendation, Signals, recommend


@dataclass(frozen=True)
class Help:
    topics: tuple[str, ...]
    because: tuple[str, ...]  # the words in the reflection that led here
    recommendations: tuple[Recommendation, ...]


@cache
def _topics() -> tuple[Entry, ...]:
    data = yaml.safe_load(resources.files(__package__).joinpath("help_topics.yaml").read_text("utf-8"))
    entries = []
    for key, spec in data["topics"].items():
        if key not in INDIVIDUAL_TOPICS:
            raise ValueError(f"help_topics.yaml: {key!r} is not an individual-work topic")
        cues = tuple(str(c) for c in spec["cues"])
        entries.append(Entry(key, cues, compile_cues(cues), {}))
    return tuple(entries)


def topics_in(texts: list[str]) -> dict[str, list[str]]:
    """Topic -> the words that named it, over every text (each text read on its own)."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for hit in find_hits(text, _topics(), lexicon().negators):
            words = found.setdefault(hit.key, [])
            if hit.cue not in words:
                words.append(hit.cue)
    return found


def help_for(answers: dict[str, str], risk_kinds: tuple[str, ...] = (),
             risk_open: bool = False) -> Help | None:
    """The help to show the writer, or None when their words name neither topic. An open safety
    state of theirs goes in too, so the recommendations keep their order (urgent help first,
    and "alongside" suggestions give way while risk is present)."""
    found = topics_in([t for t in answers.values() if t])
    if not found:
        return None
    topics = tuple(t for t in INDIVIDUAL_TOPICS if t in found)
    signals = Signals(kinds=risk_kinds, topics=topics, flagged=risk_open)
    because = tuple(dict.fromkeys(w for t in topics for w in found[t]))
    return Help(topics, because, recommend(signals))
