"""Load the cue lexicon (analysis/lexicon/*.yaml) and compile it into rules.

The lexicon is data: each rule names the labels it supports and why. This module only turns
the YAML into compiled regular expressions and checks every label against the taxonomy, so a
typo in a data file fails at load time instead of silently never firing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from between.analysis import taxonomy

# The result fields a cue may support, each with its label set.
FIELDS: dict[str, tuple[str, ...]] = {
    "register": taxonomy.REGISTERS,
    "risk": taxonomy.RISK_KINDS,
    "emotions": taxonomy.GOEMOTIONS,
    "deeper_feelings": taxonomy.DEEPER_FEELINGS,
    "needs": taxonomy.NEEDS,
    "quality": taxonomy.REPLY_QUALITIES,
    "are": taxonomy.ARE_DIMENSIONS,
    "empathy": taxonomy.EMPATHY_MECHANISMS,
}

# Markers a rule may count under (its `feature`), plus two the matcher adds itself:
# `negated` (a cue switched off by a negator) and `figurative` (a risk word used as a figure).
MARKERS = (
    "absolute", "you_statement", "i_statement", "request", "specific", "hedge", "sarcasm",
    "insult", "defence", "shutdown", "timeout", "logistics", "reflection", "validation",
    "question", "reassurance", "warmth", "ownership", "advice", "dismissal",
    "negated", "figurative",
)  # fmt: skip

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
RULE_FILES = ("register", "feelings", "emotions", "reply", "risk")
_MACRO = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Rule:
    id: str
    reason: str
    reason_negated: str
    source: str
    pattern: re.Pattern[str]
    supports: dict[str, float]
    when_negated: dict[str, float]
    negatable: bool
    unless: re.Pattern[str] | None
    strong: bool
    feature: str | None


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    negator: re.Pattern[str]
    negator_exceptions: re.Pattern[str]
    english_words: frozenset[str]


def _read(name: str) -> Any:
    return yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text("utf-8"))


# A character class, an escaped character, or any other single character of a pattern.
_PIECE = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]|\\.|.", re.DOTALL)


def _tolerant(piece: re.Match[str]) -> str:
    text = piece.group()
    if text.startswith("[") and len(text) > 1:  # inside a class: the curly apostrophe joins it
        return text.replace("'", "'’")
    return {" ": r"\s+", "'": "['’]?"}.get(text, text)


def _expand(pattern: str, macros: dict[str, str]) -> str:
    # Macros first, then the texting tolerances: any whitespace run, optional/curly apostrophe.
    expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
    return _PIECE.sub(_tolerant, expanded)


def _alternation(patterns: list[str], macros: dict[str, str]) -> re.Pattern[str]:
    # Word boundaries that also work next to emoji and punctuation. Patterns are lowercase and
    # run on case-folded text (see text.fold): twice as fast as re.IGNORECASE.
    parts = "|".join(f"(?:{_expand(p, macros)})" for p in patterns)
    return re.compile(rf"(?<!\w)(?:{parts})(?!\w)", re.MULTILINE)


def _check_supports(rule_id: str, supports: dict[str, float]) -> dict[str, float]:
    for key in supports:
        field, _, label = key.partition(".")
        if label not in FIELDS.get(field, ()):
            raise ValueError(f"lexicon rule {rule_id!r}: unknown label {key!r}")
    return {key: float(weight) for key, weight in supports.items()}


def _rule(entry: dict[str, Any], macros: dict[str, str]) -> Rule:
    rule_id = entry["id"]
    feature = entry.get("feature")
    if feature is not None and feature not in MARKERS:
        raise ValueError(f"lexicon rule {rule_id!r}: unknown feature {feature!r}")
    if not entry.get("reason") or not entry.get("source"):
        raise ValueError(f"lexicon rule {rule_id!r}: every rule needs a reason and a source")
    unless = entry.get("unless")
    try:
        return _compiled(rule_id, entry, macros, unless, feature)
    except re.error as exc:
        raise ValueError(f"lexicon rule {rule_id!r}: bad pattern ({exc})") from exc


def _compiled(rule_id: str, entry: dict[str, Any], macros: dict[str, str], unless, feature) -> Rule:
    return Rule(
        id=rule_id,
        reason=entry["reason"],
        reason_negated=entry.get("reason_negated", f"negated: {entry['reason']}"),
        source=entry["source"],
        pattern=_alternation(entry["patterns"], macros),
        supports=_check_supports(rule_id, entry.get("supports", {})),
        when_negated=_check_supports(rule_id, entry.get("when_negated", {})),
        negatable=bool(entry.get("negatable", False)),
        unless=_alternation(unless, macros) if unless else None,
        strong=bool(entry.get("strong", False)),
        feature=feature,
    )


def _macros(language: dict[str, Any]) -> dict[str, str]:
    macros = dict(language["macros"])
    macros["laughter"] = "(?:" + "|".join(language["laughter"]) + ")"
    # One level of nesting ({softly}{deeper} inside a pattern is fine; a macro inside a macro
    # is expanded here).
    return {name: _MACRO.sub(lambda m: macros[m.group(1)], value) for name, value in macros.items()}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and compile every lexicon file once per process."""
    language = _read("language")
    macros = _macros(language)
    rules = tuple(_rule(entry, macros) for name in RULE_FILES for entry in _read(name))
    ids = [rule.id for rule in rules]
    if len(ids) != len(set(ids)):
        raise ValueError("lexicon rule ids must be unique")
    exceptions = [_expand(p, macros) for p in language["negator_exceptions"]]
    return Lexicon(
        rules=rules,
        negator=re.compile(language["negator"]),
        negator_exceptions=re.compile("|".join(exceptions)),
        english_words=frozenset(language["english_words"].split()),
    )
