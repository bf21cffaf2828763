"""The cycle map's word lists (lexicon.yaml, raw_spots.yaml) and the cue matching they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_WORD = r"[a-z0-9']"
_CLAUSE_MARK = r"[.,;:!?]"
_NEGATION_WINDOW = 3  # words before a cue that may negate it, within the same clause
_CLAUSE_BREAKS = frozenset({".", ",", ";", ":", "!", "?", "but"})


@dataclass(frozen=True)
class Entry:
    """A lexicon term (a move, a feeling, a raw spot...): its cues, compiled into one
    whole-word pattern, and its other fields."""

    key: str
    cues: tuple[str, ...]
    pattern: re.Pattern[str]
    fields: dict[str, Any]


@dataclass(frozen=True)
class Hit:
    key: str
    start: int
    cue: str  # the words that matched


def normalise(text: str, clauses: bool = False) -> str:
    """Lower-case words separated by single spaces, curly apostrophes made straight; with
    `clauses`, punctuation that ends a clause stays as a word of its own."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    marks = f"|{_CLAUSE_MARK}" if clauses else ""
    return " ".join(re.findall(rf"{_WORD}+{marks}", text))


def compile_cues(cues: tuple[str, ...]) -> re.Pattern[str]:
    # Longest cues first, so "shut me out" wins over "shut" where both start.
    alternatives = [_cue_pattern(c) for c in sorted(cues, key=len, reverse=True)]
    return re.compile(rf"(?<!{_WORD})(?:" + "|".join(alternatives) + rf")(?!{_WORD})")


def _cue_pattern(text: str) -> str:
    tokens = re.sub(r"[^a-z0-9'*]+", " ", text.lower().replace("\u2019", "'")).split()
    if not tokens:
        raise ValueError(f"empty cue: {text!r}")
    return " ".join(_token_pattern(t) for t in tokens)


def _token_pattern(token: str) -> str:
    if token == "*":
        return f"{_WORD}+"
    if token.endswith("*"):
        return re.escape(token[:-1]) + f"{_WORD}*"
    return re.escape(token)


def find_hits(
    text: str | None, entries: tuple[Entry, ...], negators: frozenset[str] = frozenset()
) -> list[Hit]:
    """Every entry whose cue occurs in `text` (not negated), earliest first, one hit per entry."""
    if not text:
        return []
    words = normalise(text, clauses=True)  # keeps a cue from matching across clauses
    hits = []
    for entry in entries:
        found = (m for m in entry.pattern.finditer(words) if not _negated(words, m.start(), negators))
        first = next(found, None)
        if first:
            hits.append(Hit(entry.key, first.start(), first.group()))
    return sorted(hits, key=lambda h: (h.start, -len(h.cue), h.key))


def _negated(words: str, start: int, negators: frozenset[str]) -> bool:
    before = words[:start].split()
    breaks = [i for i, w in enumerate(before) if w in _CLAUSE_BREAKS]
    clause = before[breaks[-1] + 1 :] if breaks else before
    return any(w in negators for w in clause[-_NEGATION_WINDOW:])


@dataclass(frozen=True)
class Lexicon:
    negators: frozenset[str]
    weights: dict[str, float]
    moves: tuple[Entry, ...]
    surface_reactions: tuple[Entry, ...]
    registers: dict[str, str | None]
    deeper_feelings: tuple[Entry, ...]
    needs: tuple[Entry, ...]

    def move(self, key: str) -> Entry:
        return _by_key(self.moves, key)

    def feeling(self, key: str) -> Entry | None:
        return next((e for e in self.deeper_feelings if e.key == key), None)

    def need(self, key: str) -> Entry | None:
        return next((e for e in self.needs if e.key == key), None)

    def surface_reaction(self, key: str) -> Entry:
        return _by_key(self.surface_reactions, key)


@dataclass(frozen=True)
class RawSpotList:
    recurs_at: int
    spots: tuple[Entry, ...]


def _by_key(entries: tuple[Entry, ...], key: str) -> Entry:
    return next(e for e in entries if e.key == key)


def _entries(section: dict[str, dict[str, Any]]) -> tuple[Entry, ...]:
    entries = []
    for key, spec in section.items():
        cues = tuple(str(c) for c in spec["cues"])
        fields = {k: v for k, v in spec.items() if k != "cues"}
        entries.append(Entry(key, cues, compile_cues(cues), fields))
    return tuple(entries)


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath(name).read_text("utf-8"))


@cache
def lexicon() -> Lexicon:
    data = _load("lexicon.yaml")
    lex = Lexicon(
        negators=frozenset(data["negators"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        moves=_entries(data["moves"]),
        surface_reactions=_entries(data["surface_reactions"]),
        registers=dict(data["registers"]),
        deeper_feelings=_entries(data["deeper_feelings"]),
        needs=_entries(data["needs"]),
    )
    _check(lex)
    return lex


def _check(lex: Lexicon) -> None:
    """Fail at load time, not mid-request, if the data file points at moves it lacks."""
    move_keys = {e.key for e in lex.moves}
    pointers = [e.fields["move"] for e in lex.surface_reactions] + list(lex.registers.values())
    unknown = {p for p in pointers if p is not None and p not in move_keys}
    bad_kinds = {e.key for e in lex.moves if e.fields["move"] not in ("pursue", "withdraw")}
    if unknown or bad_kinds:
        raise ValueError(f"lexicon.yaml: unknown moves {unknown or ''} {bad_kinds or ''}")


@cache
def raw_spot_list() -> RawSpotList:
    data = _load("raw_spots.yaml")
    return RawSpotList(int(data["recurs_at"]), _entries(data["spots"]))
