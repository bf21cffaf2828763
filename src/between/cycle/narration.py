"""Read a moment's free text as a narration: the writer's own move, surface reaction and deeper
feeling, apart from what the partner did.

"I put my headphones on and stopped talking when she started on about money" is cut into
clauses; each clause belongs to the writer ("I ...", "my voice got louder", or a clause with
no subject after one of theirs), to the partner ("she ...", "when he raised his voice", "Sam
...") or to both ("we ..."). Cues (narration.yaml) are looked for in the writer's clauses only,
and each reading cites its clause, not the whole account. Pure and cheap (regular expressions):
the cycle map reads every visible moment with it on each view.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

MINE, PARTNER, OURS, OTHER = "mine", "partner", "ours", "other"
# Where a clause ends: punctuation, or a connective that starts a new clause. Some
# connectives are also prepositions or adverbs ("went after him", "so alone"): they break only
# before a subject.
_SUBJECT_AHEAD = r"(?=\s+(?:i|i'm|he|she|they|we|my|(?-i:[A-Z][a-z]+))\b)"
_BREAK = re.compile(
    r"[.,;:!?\n\u2026\u2014\u2013()\"\u201c\u201d]+|\s-\s"
    r"|\b(?:and then|and|but|when|whenever|until|till|because|cause|cuz|coz|while|although)\b"
    rf"|\b(?:so|then|after|before|since|though|or|as soon as|once|which|who){_SUBJECT_AHEAD}",
    re.IGNORECASE,
)
# "she raised her voice I froze": a new "I" starts a clause (unless it is reported).
_I_STARTS = re.compile(r"(?<=[a-z,])\s+(?=i\b(?!'d like))", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z]+)?")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    whose: str  # mine | partner | ours | other


@dataclass(frozen=True)
class Reading:
    """One thing the writer's words show: `key` (a cycle-lexicon term), where it was said."""

    key: str
    start: int  # the clause it was read in, as offsets into the text
    end: int
    clause: str  # the clause as written: what evidence quotes
    cue: str  # the words that matched


@dataclass(frozen=True)
class Narration:
    moves: tuple[Reading, ...]
    surface_reactions: tuple[Reading, ...]
    deeper_feelings: tuple[Reading, ...]
    partner_clauses: tuple[Clause, ...]

    def kind_of(self, move: str) -> str:
        return narration_lexicon().kinds[move]

    @property
    def move(self) -> Reading | None:
        """The writer's leading move: the kind (pursue/withdraw) they show most, then its most
        frequent move; ties go to what came first."""
        if not self.moves:
            return None
        kinds = Counter(self.kind_of(r.key) for r in self.moves)
        first = [self.kind_of(r.key) for r in self.moves]
        kind = max(kinds, key=lambda k: (kinds[k], -first.index(k)))
        chosen = [r for r in self.moves if self.kind_of(r.key) == kind]
        counts = Counter(r.key for r in chosen)
        key = max(counts, key=lambda k: (counts[k], -[r.key for r in chosen].index(k)))
        return next(r for r in chosen if r.key == key)


@dataclass(frozen=True)
class Subjects:
    """The word lists (narration.yaml, `subjects`) that tell whose a clause is."""

    me: frozenset[str]
    partner: frozenset[str]
    us: frozenset[str]
    partner_nouns: frozenset[str]
    fillers: frozenset[str]
    leads: frozenset[str]
    not_names: frozenset[str]
    past: frozenset[str]
    objects: frozenset[str]
    saying: frozenset[str]
    reporting: frozenset[str]

    def pronoun(self, word: str) -> str | None:
        if word in self.me:
            return MINE
        if word in self.partner:
            return PARTNER
        return OURS if word in self.us else None


@dataclass(frozen=True)
class NarrationLexicon:
    subjects: Subjects
    moves: tuple[tuple[str, re.Pattern[str]], ...]
    kinds: dict[str, str]  # move -> pursue | withdraw
    surface_reactions: tuple[tuple[str, re.Pattern[str]], ...]
    deeper_feelings: tuple[tuple[str, re.Pattern[str]], ...]
    not_done: re.Pattern[str]


def _compile(section: dict[str, list[str]], macros: dict[str, str]) -> tuple:
    expand = re.compile(r"\{(\w+)\}")
    return tuple(
        (key, re.compile(r"(?<![a-z'])(?:" + "|".join(
            expand.sub(lambda m: macros[m.group(1)], p) for p in patterns) + r")(?![a-z])"))
        for key, patterns in section.items()
    )  # fmt: skip


@cache
def narration_lexicon() -> NarrationLexicon:
    from between.cycle.lexicon import lexicon

    data = yaml.safe_load(resources.files(__package__).joinpath("narration.yaml").read_text("utf-8"))
    macros = data["macros"]
    lex = lexicon()
    kinds = {key: lex.move(key).fields["move"] for key in data["moves"]}
    _check(data, {e.key for e in lex.surface_reactions}, {e.key for e in lex.deeper_feelings})
    not_done = "|".join(re.escape(w) for w in sorted(data["not_done"], key=len, reverse=True))
    subjects = Subjects(**{k: frozenset(map(str, v)) for k, v in data["subjects"].items()})
    return NarrationLexicon(
        subjects=subjects,
        moves=_compile(data["moves"], macros),
        kinds=kinds,
        surface_reactions=_compile(data["surface_reactions"], macros),
        deeper_feelings=_compile(data["deeper_feelings"], macros),
        not_done=re.compile(rf"(?<![a-z'])(?:{not_done})(?![a-z'])"),
    )


def _check(data: dict, surface: set[str], feelings: set[str]) -> None:
    """Fail at load time if narration.yaml names a term the cycle lexicon lacks."""
    unknown = (set(data["surface_reactions"]) - surface) | (set(data["deeper_feelings"]) - feelings)
    if unknown:
        raise ValueError(f"narration.yaml: terms missing from cycle/lexicon.yaml: {sorted(unknown)}")


def clauses(text: str) -> list[Clause]:
    """The text's clauses with whose each is; a clause without a subject is the previous
    clause's (an account starts with the writer: "Went quiet again")."""
    words = narration_lexicon().subjects
    found: list[Clause] = []
    start, whose = 0, MINE
    for brk in [*_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        for a, b in _split_at_i(text, start, end, words):
            if text[a:b].strip():
                said = found and found[-1].whose == MINE and _last_word(
                    text[found[-1].start : found[-1].end]) in words.saying
                whose = whose if said else _subject(text[a:b], words) or whose
                found.append(Clause(*_trim(text, a, b), whose))
        if brk:
            start = brk.end()
    return found


def _split_at_i(text: str, start: int, end: int, words: Subjects) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _I_STARTS.finditer(text, start, end)
            if _last_word(text[start : m.start()]) not in words.reporting]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:], strict=False))


def _last_word(text: str) -> str:
    found = _TOKEN.findall(text)
    return found[-1].lower() if found else ""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _subject(clause: str, words: Subjects) -> str | None:
    tokens = [t.replace("\u2019", "'") for t in _TOKEN.findall(clause)]
    while tokens and tokens[0].lower() in words.fillers:
        tokens = tokens[1:]
    if not tokens:
        return None
    word = tokens[0].lower()
    if word in words.leads:  # "In the car we were both shouting": the subject comes later
        return next((w for t in tokens[1:8] if (w := words.pronoun(t.lower()))), None)
    if pronoun := words.pronoun(word):
        return pronoun
    if word == "my":
        noun = tokens[1].lower().split("'")[0] if len(tokens) > 1 else ""
        return PARTNER if noun in words.partner_nouns else MINE
    if word in words.not_names:
        return OTHER
    follows = tokens[1].lower() if len(tokens) > 1 else ""
    if tokens[0][0].isupper() and not (word.endswith("ed") or word in words.past
                                       or follows in words.objects):
        return PARTNER  # a name: "Sam snapped" (not a diary's verb: "Found another letter")
    return None


def _normalise(clause: str) -> str:
    return re.sub(r"\s+", " ", clause.lower().replace("\u2019", "'").replace("\u2018", "'"))


def _find(clause: str, patterns: tuple, not_done: re.Pattern[str]) -> list[tuple[str, str]]:
    """(key, cue) for each pattern in the clause whose first match is not negated or only
    wished for ("I wanted to scream", "I didn't yell")."""
    words = _normalise(clause)
    hits = []
    for key, pattern in patterns:
        for match in pattern.finditer(words):
            before = " ".join(words[: match.start()].split()[-4:])
            if not not_done.search(before):
                hits.append((match.start(), key, match.group()))
                break
    return [(key, cue) for _, key, cue in sorted(hits)]


@lru_cache(maxsize=2048)
def read_narration(text: str) -> Narration:
    """The writer's moves, surface reactions and deeper feelings, each with its clause."""
    lex = narration_lexicon()
    found: dict[str, list[Reading]] = {"moves": [], "surface": [], "deeper": []}
    partner = []
    for clause in clauses(text or ""):
        if clause.whose == PARTNER:
            partner.append(clause)
        if clause.whose not in (MINE, OURS):
            continue
        words = text[clause.start : clause.end]
        for name, patterns in (("moves", lex.moves), ("surface", lex.surface_reactions),
                               ("deeper", lex.deeper_feelings)):
            found[name] += [Reading(key, clause.start, clause.end, words, cue)
                            for key, cue in _find(words, patterns, lex.not_done)]
    return Narration(tuple(found["moves"]), tuple(found["surface"]), tuple(found["deeper"]),
                     tuple(partner))
