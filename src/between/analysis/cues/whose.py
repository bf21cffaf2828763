"""Whose risk a risk cue speaks of: the writer's, their partner's, or someone else's.

Risk words are not all about the writer. "My best friend committed suicide", "my landlord won't
let me have a dog", "my friend is threatening to kill himself", "her boyfriend beats her" name
real harm, but not a risk of the writer's own, and reading them as one pauses a couple's joint
work for nothing (docs/safety.md, "Whose risk"). Each risk cue is attributed by reading the
words around it in its own sentence:

- self-harm words: the subject. The cue's own words decide when they can ("kill myself",
  "hurts herself"); otherwise the nearest person named before it in the sentence does ("my
  best friend committed suicide", "I've been suicidal"); with nobody named, the writer;
- violence, threats, fear, control, sexual coercion: the one who acts. When the nearest person
  named before the cue is not a partner ("my parents", "my landlord", "my boss"), it is not the
  writer's partner risk; a threat whose target is someone else ("threatening to kill her") is
  not the writer's either, unless it is used to stop the writer leaving (leverage: control).

`he`/`she` count as a partner in a short message (a couple's text names the partner so), and in a
long text only when a partner is named in the same sentence. A partner's current self-harm or
suicidality stays a flag (as the project's corpus labels it: joint work is not safe then) and also
asks for an offer of support; someone else's current suicidality only asks for the offer; a
suicide that has happened asks for neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Whose = Literal["writer", "partner", "other"]

PARTNER_WORDS = (
    r"husband|wife|partner|boyfriend|girlfriend|bf|gf|fianc[eé]e?|spouse|hubby|ex|ex-?husband|"
    r"ex-?wife|ex-?boyfriend|ex-?girlfriend|stbx\w*|so"
)
OTHER_WORDS = (
    r"mom|mum|mother|dad|father|parents?|step-?(?:dad|father|mom|mum|mother)|brother|sister|"
    r"siblings?|son|daughter|kids?|child|children|nephew|niece|uncle|aunt|cousin|grand\w+|"
    r"friends?|bestie|roommate|flatmate|neighbou?r|landlord|landlady|boss|manager|co-?workers?|"
    r"colleagues?|teachers?|principal|school|students?|classmates?|doctor|therapist|police|cops?|"
    r"family|someone|somebody|people|guy|girl|man|woman|person|customers?|trolls?|everyone|"
    r"mother-in-law|father-in-law|in-laws|government|app|game"
)
SHORT_TEXT_WORDS = 60  # up to this many words, a text is a couple's message: he/she is the partner

_FIRST = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|myself|my|mine)\b")
_THIRD = re.compile(r"\b(?:he|she|they|him|her|them|his|their|he's|she's|they're|hes|shes)\b")
_OTHER = re.compile(rf"\b(?:{OTHER_WORDS})(?:'s)?\b")
_PARTNER = re.compile(rf"\b(?:my|our) (?:\S+ )?(?:{PARTNER_WORDS})(?:'s)?\b")
_THIRD_IN_CUE = re.compile(r"\b(?:he|she|they|his|her|their|him|them)\b")
_NAMED_RULES = ("partner_named_abusive", "partner_named_abusive_other")
_SELF_IN_CUE = re.compile(r"\b(?:myself|my (?:own )?life|i|i'm|im|i've|me|my (?:wrists?|arms?|skin|legs?|thighs?))\b")
_OTHER_IN_CUE = re.compile(
    r"\b(?:himself|herself|themselves|themself|his (?:own )?life|her (?:own )?life|their lives?)\b")
_TARGET_OTHER = re.compile(r"\b(?:her|him|them|his \w+|her \w+)\s*$")
_TARGET_WRITER = re.compile(r"\b(?:me|us|my|i|the kids|our)\b")
_LEVERAGE = re.compile(
    r"\bif (?:i|you) (?:ever )?(?:leave|left|go|went|break|broke|end|divorce|don't|dont|stop|tell)\b|"
    r"\b(?:every time|whenever|when) i (?:try|tried|mention|say|said|want)\b")
_COMPLETED = re.compile(r"\b(?:committed|died|death|dead|passed|funeral|lost|took (?:his|her|their) (?:own )?life|"
                        r"killed (?:himself|herself|themselves)|(?:his|her|their) suicide|suicide in the family|"
                        r"after (?:his|her|their) suicide|years ago|months ago|last year|when i was)\b")
# A childhood told as the past ("my dad hit me when I was little"): harm done by a parent or
# another adult then is the writer's history, not a risk they live with now (the attachment
# story asks for exactly these memories). It asks for a private offer of support instead.
_CHILDHOOD = re.compile(
    r"\b(?:when i was (?:a |very |really )?(?:little|young|small|kid|child|teen|teenager|boy|girl|baby|\d{1,2})|"
    r"as a (?:little |young )?(?:kid|child|boy|girl|teen|teenager)|growing up|in my childhood|as kids|"
    r"when we were (?:kids|little|young|small|children))\b")
_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
PREFIX_CHARS = 120


@dataclass(frozen=True)
class Attribution:
    whose: Whose
    completed: bool = False  # someone else's suicide that has happened: no offer either
    childhood: bool = False  # harm in the writer's childhood by someone not a partner: an offer


def _sentence_prefix(folded: str, start: int) -> str:
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(folded, max(0, start - PREFIX_CHARS), start)),
               default=max(0, start - PREFIX_CHARS))
    return folded[left:start]


def _sentence(folded: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(folded, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_BREAK.finditer(folded, end)), len(folded))
    return folded[left:right]


def _nearest(prefix: str, agents_only: bool = False) -> str | None:
    """Who the nearest person named before the cue is: writer, partner, third (he/she/they),
    other; `agents_only` skips the writer (the one acted on in "they isolated me")."""
    found: list[tuple[int, str]] = []
    kinds = (("third", _THIRD), ("other", _OTHER), ("partner", _PARTNER))
    for kind, pattern in kinds if agents_only else (("writer", _FIRST), *kinds):
        for match in pattern.finditer(prefix):
            found.append((match.end(), kind))
    if not found:
        return None
    # "my friend": the noun after "my" decides, so at one end position the noun wins over "my".
    order = {"writer": 0, "third": 1, "other": 2, "partner": 2}
    return max(found, key=lambda item: (item[0], order[item[1]]))[1]


def _third_person(folded: str, sentence: str, short: bool) -> Whose:
    if _PARTNER.search(sentence) and not _OTHER.search(sentence):
        return "partner"
    return "partner" if short and not _OTHER.search(sentence) else "other"


def attribute(folded: str, start: int, end: int, kind: str, short: bool) -> Attribution:
    """Whose risk the cue at folded[start:end] (a risk cue of `kind`) speaks of."""
    cue = folded[start:end]
    sentence = _sentence(folded, start, end)
    prefix = _sentence_prefix(folded, start)
    if kind == "named":  # "abusive relationship": whose relationship it was
        if re.search(r"\bmy\b", cue):
            return Attribution("writer")
        nearest = _nearest(prefix)
        if nearest is None and re.search(r"\bthe\s*$", prefix):
            return Attribution("other")  # "the abusive boyfriend": someone already spoken of
        return Attribution("writer" if nearest in (None, "writer") else "other")
    if kind == "self_harm":
        if _SELF_IN_CUE.search(cue) and not _OTHER_IN_CUE.search(cue):
            return Attribution("writer")
        third = _OTHER_IN_CUE.search(cue) or _THIRD_IN_CUE.search(cue)
        nearest = "third" if third else _nearest(prefix)
        if nearest in (None, "writer"):
            return Attribution("writer")
        if _LEVERAGE.search(sentence):
            return Attribution("writer")  # "he'll kill himself if I leave": control over the writer
        whose: Whose = "partner" if nearest == "partner" else "other" if nearest == "other" else _third_person(
            folded, sentence, short)
        return Attribution(whose, completed=bool(_COMPLETED.search(sentence)))
    if _CHILDHOOD.search(sentence) and not _PARTNER.search(sentence) and _nearest(
            prefix, agents_only=True) == "other":
        return Attribution("other", childhood=True)
    if kind == "threat" and _TARGET_OTHER.search(cue) and not _TARGET_WRITER.search(cue) or (
            kind == "threat" and re.match(r"\s+(?:her|him|them)\b", folded[end:end + 8])):
        return Attribution("writer" if _LEVERAGE.search(sentence) else "other")
    controlling = kind in ("coercive_control", "fear_of_partner")
    if short and controlling and (_THIRD.search(prefix) or _PARTNER.search(prefix)):
        return Attribution("writer")  # a couple's message: "he rings my work until my boss ..."
    if _nearest(prefix, agents_only=controlling) == "other" and (controlling
                                        or not _TARGET_WRITER.search(cue + folded[end:end + 12])):
        return Attribution("other")
    if not short and controlling and _nearest(prefix, agents_only=True) == "third" and (
            _OTHER.search(sentence) and not _PARTNER.search(sentence)):
        return Attribution("other")  # "the kids at school, they picked at me and isolated me"
    return Attribution("writer")


def sort_out(text: str, folded: str, cues: list) -> tuple[list, bool, bool]:
    """The risk cues that speak of the writer's own risk (others pass through untouched), whether
    someone close is at risk now (an offer of support is due), and whether any risk cue was set
    aside as someone else's. `cues` are analysis.cues.Cue objects over `text`."""
    short = len(text.split()) <= SHORT_TEXT_WORDS
    kept, offer, set_aside = [], False, False
    for cue in cues:
        kinds = [label.split(".", 1)[1] for label, weight in cue.supports.items()
                 if label.startswith("risk.") and weight > 0]
        if not kinds:
            kept.append(cue)
            continue
        kind = "named" if cue.rule in _NAMED_RULES else "self_harm" if "self_harm" in kinds else kinds[0]
        found = attribute(folded, cue.start, cue.end, kind, short)
        if found.whose == "writer" or found.whose == "partner" and kind == "self_harm" and not found.completed:
            kept.append(cue)
            offer = offer or found.whose == "partner"
            continue
        set_aside = True
        offer = offer or found.childhood or (kind == "self_harm" and found.whose == "other" and not found.completed)
    return kept, offer, set_aside
