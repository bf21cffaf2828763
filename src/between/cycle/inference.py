"""Infer a couple's cycle from the moments a viewer may see: pure values in, pure values out.

The caller passes only what the viewer may see; nothing here reads storage, so nothing here
can leak a partner's private moments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from between.cycle.lexicon import Entry, Lexicon, find_hits, lexicon
from between.cycle.narration import Narration, read_narration
from between.cycle.raw_spots import RawSpot, find_raw_spots
from between.cycle.timeline import Timeline, build_timeline
from between.errors import FieldProblem, bad_input

PURSUE, WITHDRAW, MIXED, UNKNOWN = "pursue", "withdraw", "mixed", "unknown"
OUTCOMES = ("repaired", "unresolved", "ongoing")

# A partner's position is "unknown" until this many of their moments show a move.
MIN_MOMENTS = 3
# A position needs this share of the (weighted) moves; below it, the partner is "mixed".
DOMINANCE = 0.7
# Confidence grows with the weighted evidence E as E / (E + EVIDENCE_HALF): 3 clear moments
# give 0.6 of the share, 12 give 0.86.
EVIDENCE_HALF = 2.0
# Detected analysis labels given as probabilities count from this probability up.
LABEL_PROBABILITY = 0.5

PATTERNS = {
    frozenset([PURSUE, WITHDRAW]): "pursue_withdraw",
    frozenset([PURSUE]): "attack_attack",
    frozenset([WITHDRAW]): "withdraw_withdraw",
}

# Why a pattern is unknown, most telling first.
ONE_SIDE, TOO_FEW, MOVES_MIXED = "one_side", "too_few", "mixed"


@dataclass(frozen=True)
class MomentFacts:
    """What the cycle map may know about one moment. `happened` is None when the viewer may not
    read the free text; `analysis` (derived from `happened`) is then ignored too."""

    id: str
    author_id: str
    occurred_at: datetime
    happened: str | None = None
    surface_reaction: str | None = None
    protective_move: str | None = None
    meaning: str | None = None
    deeper_feeling: str | None = None
    need: str | None = None
    intensity: int | None = None
    outcome: str | None = None
    repair_minutes: int | None = None
    analysis: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.intensity is not None and not 0 <= self.intensity <= 10:
            problems.append(FieldProblem("intensity", "must be between 0 and 10"))
        if self.outcome is not None and self.outcome not in OUTCOMES:
            problems.append(FieldProblem("outcome", f"must be one of {', '.join(OUTCOMES)}"))
        if self.repair_minutes is not None and self.repair_minutes < 0:
            problems.append(FieldProblem("repair_minutes", "must not be negative"))
        if problems:
            raise bad_input(f"Moment {self.id} cannot be read into the cycle.", *problems)

    @property
    def visible_analysis(self) -> dict[str, Any]:
        return (self.analysis or {}) if self.happened is not None else {}

    @property
    def narration(self) -> Narration | None:
        """What "what happened" says the writer did and felt; None when the viewer may not
        read it."""
        return read_narration(self.happened) if self.happened else None


@dataclass(frozen=True)
class Partner:
    id: str
    name: str


@dataclass(frozen=True)
class Count:
    term: str
    count: int


@dataclass(frozen=True)
class MoveSignal:
    """The protective move one moment shows, and how strongly (see lexicon.yaml's weights)."""

    moment_id: str
    kind: str  # pursue | withdraw
    move: str  # a key of lexicon.yaml's moves
    weight: float
    source: str  # protective_move | surface_reaction | narration | register
    words: str | None = None  # the clause of "what happened" it was read from (narration)


@dataclass(frozen=True)
class Position:
    partner: Partner
    position: str  # pursue | withdraw | mixed | unknown
    confidence: float
    main_move: str | None  # the most frequent move behind a pursue/withdraw position
    moment_ids: tuple[str, ...]  # the moments that support the position
    moment_count: int
    moves: tuple[Count, ...]
    surface_reactions: tuple[Count, ...]
    deeper_feelings: tuple[Count, ...]
    needs: tuple[Count, ...]

    @property
    def known(self) -> bool:
        return self.position in (PURSUE, WITHDRAW)


@dataclass(frozen=True)
class Cycle:
    partners: tuple[Partner, ...]
    positions: tuple[Position, ...]  # in the order of `partners`
    pattern: str  # pursue_withdraw | attack_attack | withdraw_withdraw | unknown
    confidence: float
    reason: str | None  # why the pattern is unknown: one_side | too_few | mixed
    missing: tuple[Partner, ...]  # partners whose side isn't here yet
    evidence: tuple[str, ...]
    raw_spots: tuple[RawSpot, ...]
    timeline: Timeline


def infer_cycle(moments: Sequence[MomentFacts], partners: Sequence[Partner]) -> Cycle:
    _check_couple(moments, partners)
    lex = lexicon()
    positions = tuple(
        infer_position(partner, [m for m in moments if m.author_id == partner.id], lex)
        for partner in partners
    )
    pattern, reason = _pattern(positions, len(partners))
    order = {m.id: (m.occurred_at, m.id) for m in moments}
    evidence = sorted({i for p in positions for i in p.moment_ids}, key=order.__getitem__)
    known = [p.confidence for p in positions if p.known]
    return Cycle(
        partners=tuple(partners),
        positions=positions,
        pattern=pattern,
        confidence=round(min(known), 2) if pattern != UNKNOWN else 0.0,
        reason=reason,
        missing=_missing(partners, positions),
        evidence=tuple(evidence),
        raw_spots=find_raw_spots(moments),
        timeline=build_timeline(moments, partners),
    )


def _check_couple(moments: Sequence[MomentFacts], partners: Sequence[Partner]) -> None:
    ids = [p.id for p in partners]
    if not 1 <= len(ids) <= 2 or len(set(ids)) != len(ids):
        raise bad_input("A cycle needs one or two different partners.")
    strangers = sorted({m.author_id for m in moments} - set(ids))
    if strangers:
        raise bad_input("Some moments belong to someone outside the couple.")


def _missing(partners: Sequence[Partner], positions: Sequence[Position]) -> tuple[Partner, ...]:
    if len(partners) == 1:
        return ()
    return tuple(p.partner for p in positions if p.moment_count == 0)


def _pattern(positions: Sequence[Position], partner_count: int) -> tuple[str, str | None]:
    with_moments = [p for p in positions if p.moment_count]
    if partner_count == 1 or len(with_moments) == 1:
        return UNKNOWN, ONE_SIDE
    if any(p.position == UNKNOWN for p in positions):
        return UNKNOWN, TOO_FEW
    kinds = frozenset(p.position for p in positions)
    if kinds in PATTERNS:
        return PATTERNS[kinds], None
    return UNKNOWN, MOVES_MIXED


def infer_position(partner: Partner, moments: Sequence[MomentFacts], lex: Lexicon) -> Position:
    """One partner's usual position, from their own moments only."""
    moments = sorted(moments, key=lambda m: (m.occurred_at, m.id))  # ties go to the earliest
    signals = [s for s in (read_move(m, lex) for m in moments) if s is not None]
    weight = {PURSUE: 0.0, WITHDRAW: 0.0}
    for s in signals:
        weight[s.kind] += s.weight
    total = weight[PURSUE] + weight[WITHDRAW]
    leading = max((PURSUE, WITHDRAW), key=lambda k: (weight[k], k == PURSUE))
    share = weight[leading] / total if total else 0.0
    evidence = total / (total + EVIDENCE_HALF)
    if len(signals) < MIN_MOMENTS:
        position, confidence = UNKNOWN, 0.0
    elif share >= DOMINANCE:
        position, confidence = leading, share * evidence
    else:
        # How evenly split the moves are: 1 for half and half, falling towards DOMINANCE.
        position, confidence = MIXED, (1 - abs(2 * share - 1)) * evidence
    supporting = [s for s in signals if position in (MIXED, UNKNOWN) or s.kind == position]
    return Position(
        partner=partner,
        position=position,
        confidence=round(confidence, 2),
        main_move=_most_common(s.move for s in supporting) if position == leading else None,
        moment_ids=tuple(s.moment_id for s in supporting),
        moment_count=len(moments),
        moves=_counts(s.move for s in signals),
        surface_reactions=_counts(t for m in moments for t in surface_reactions(m, lex)),
        deeper_feelings=_counts(t for m in moments for t in deeper_feelings(m, lex)),
        needs=_counts(t for m in moments for t in needs(m, lex)),
    )


def read_move(moment: MomentFacts, lex: Lexicon) -> MoveSignal | None:
    """The move a moment shows: what the person did, else their surface reaction, else what
    "what happened" says they did (read by narration.py, weighed less than what a person chose),
    else the register of what they wrote."""
    hits = find_hits(moment.protective_move, lex.moves, lex.negators)
    if hits:
        return _signal(moment, hits[0].key, "protective_move", lex)
    for reaction in surface_reactions(moment, lex, with_register=False, with_narration=False):
        move = lex.surface_reaction(reaction).fields["move"]
        if move:
            return _signal(moment, move, "surface_reaction", lex)
    told = moment.narration.move if moment.narration else None
    if told is not None:
        return _signal(moment, told.key, "narration", lex, told.clause)
    move = lex.registers.get(_register(moment) or "")
    return _signal(moment, move, "register", lex) if move else None


def _signal(moment: MomentFacts, move: str, source: str, lex: Lexicon,
            words: str | None = None) -> MoveSignal:
    kind = lex.move(move).fields["move"]
    return MoveSignal(moment.id, kind, move, lex.weights[source], source, words)


def surface_reactions(
    moment: MomentFacts, lex: Lexicon, with_register: bool = True, with_narration: bool = True
) -> list[str]:
    """The surface reactions a moment names; else those "what happened" tells of; the analysis
    register only when neither says."""
    if moment.surface_reaction:
        return [h.key for h in find_hits(moment.surface_reaction, lex.surface_reactions,
                                         lex.negators)]
    told = _told(moment.narration.surface_reactions) if with_narration and moment.narration else []
    if told:
        return told
    register = _register(moment) if with_register else None
    return [register] if register in {e.key for e in lex.surface_reactions} else []


def deeper_feelings(moment: MomentFacts, lex: Lexicon) -> list[str]:
    if not moment.deeper_feeling and moment.narration and moment.narration.deeper_feelings:
        return _told(moment.narration.deeper_feelings)
    detected = moment.visible_analysis.get("deeper_feelings")
    return _terms(moment.deeper_feeling, lex.deeper_feelings, lex.negators, detected)


def _told(readings) -> list[str]:
    return list(dict.fromkeys(r.key for r in readings))


def needs(moment: MomentFacts, lex: Lexicon) -> list[str]:
    # No negation for needs: "I didn't feel important" still names the need to matter.
    return _terms(moment.need, lex.needs, frozenset(), moment.visible_analysis.get("needs"))


def _terms(
    text: str | None, entries: tuple[Entry, ...], negators: frozenset[str], detected: Any
) -> list[str]:
    """Vocabulary terms found in the field, else the person's own words, else (only when the
    field is empty) what the analysis detected."""
    if text:
        return [h.key for h in find_hits(text, entries, negators)] or [text.strip(" .!")]
    known = {e.key for e in entries}
    return [t for t in _labels(detected) if t in known]


def _register(moment: MomentFacts) -> str | None:
    register = moment.visible_analysis.get("register")
    if isinstance(register, dict):
        register = register.get("label")
    return register if isinstance(register, str) else None


def _labels(value: Any) -> list[str]:
    """Detected labels from an analysis result: a list of labels, a list of {label, probability}
    objects, or a mapping of label to probability."""
    if isinstance(value, dict):
        return [k for k, p in value.items() if _detected(p)]
    if not isinstance(value, list):
        return []
    labels = []
    for item in value:
        if isinstance(item, str):
            labels.append(item)
        elif isinstance(item, dict) and _detected(item.get("probability", 1.0)):
            labels.append(str(item.get("label")))
    return labels


def _detected(probability: Any) -> bool:
    return isinstance(probability, int | float) and probability >= LABEL_PROBABILITY


def _counts(terms: Iterable[str]) -> tuple[Count, ...]:
    """Terms with counts, most frequent first; ties keep the order first seen. Own words that
    differ only in case or spacing count as one, shown as first written."""
    shown: dict[str, str] = {}
    counted: Counter[str] = Counter()
    for term in terms:
        key = " ".join(term.split()).casefold()
        if key:
            shown.setdefault(key, term)
            counted[key] += 1
    return tuple(Count(shown[k], n) for k, n in sorted(counted.items(), key=lambda kv: -kv[1]))


def _most_common(terms: Iterable[str]) -> str | None:
    counts = _counts(terms)
    return counts[0].term if counts else None
