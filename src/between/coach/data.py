"""The coach's data files (rewrites, alternatives, practice reaches), read once and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from between.analysis.taxonomy import DEEPER_FEELINGS, NEEDS

HERE = Path(__file__).resolve().parent
ALTERNATIVE_KINDS = ("reflect", "validate", "ask", "reassure", "stay_present")


def read(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text("utf-8"))


def _words(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def _check_keys(section: dict, known: tuple[str, ...], what: str) -> dict:
    if set(section) != set(known):
        raise ValueError(f"coach data: {what} must name exactly {', '.join(known)}")
    return section


@dataclass(frozen=True)
class SituationRule:
    pattern: re.Pattern[str]
    keep: tuple[str, ...]


@dataclass(frozen=True)
class Rewrites:
    template: str
    blanks: dict[str, str]
    feelings: dict[str, str]
    needs: dict[str, str]
    most_named: int
    situations: tuple[SituationRule, ...]
    situation_ends: re.Pattern[str]
    drop_words: re.Pattern[str]
    blank_if: re.Pattern[str]
    requests: tuple[re.Pattern[str], ...]
    messages: dict[str, str]


@lru_cache(maxsize=1)
def rewrites() -> Rewrites:
    raw = read("rewrites.yaml")
    return Rewrites(
        template=raw["template"],
        blanks=_check_keys(raw["blanks"], ("situation", "feeling", "need", "request"), "blanks"),
        feelings=_check_keys(raw["feelings"], DEEPER_FEELINGS, "feelings"),
        needs=_check_keys(raw["needs"], NEEDS, "needs"),
        most_named=int(raw["most_named"]),
        situations=tuple(SituationRule(re.compile(r["pattern"], re.IGNORECASE), tuple(r["keep"]))
                         for r in raw["situations"]),
        situation_ends=re.compile(raw["situation_ends"], re.IGNORECASE),
        drop_words=_words(raw["drop_words"]),
        blank_if=_words(raw["blank_if"]),
        requests=tuple(re.compile(p, re.IGNORECASE) for p in raw["requests"]),
        messages=raw["messages"],
    )


@dataclass(frozen=True)
class Alternatives:
    templates: dict[str, tuple[str, ...]]
    reassurance: dict[str, str]
    swap_pronouns: dict[str, str]
    object_after: frozenset[str]


@lru_cache(maxsize=1)
def alternatives() -> Alternatives:
    raw = read("alternatives.yaml")
    if tuple(raw["kinds"]) != ALTERNATIVE_KINDS:
        raise ValueError(f"coach data: alternative kinds must be {', '.join(ALTERNATIVE_KINDS)}")
    return Alternatives(
        templates={k: tuple(v) for k, v in _check_keys(raw["templates"], ALTERNATIVE_KINDS,
                                                        "templates").items()},
        reassurance=_check_keys(raw["reassurance"], NEEDS, "reassurance"),
        swap_pronouns={k.lower(): v for k, v in raw["swap_pronouns"].items()},
        object_after=frozenset(raw["object_after"]),
    )
