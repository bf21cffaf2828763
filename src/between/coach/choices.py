"""Choices for each slot of the gentler rewrite, found together with the writer (pure).

The reach coach offers, for the feeling and the need, ranked candidates drawn from the draft
(what the analysis reads in its words), from the writer's own moments and cycle position, and
from what usually lies under the move the draft shows (an EFT therapist's empathic conjecture:
"I wonder if underneath this there's something like feeling alone?"); for the situation, the
draft's own trigger or one rewritten into an observable "when ..."; for the request, the
draft's own ask or one that meets the need. Every choice says where it came from and, where it
came from the draft, quotes the words. Nothing is chosen for the person and nothing is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from between.analysis.engine import Evidence, MessageAnalysis
from between.coach.data import read, rewrites

ChoiceSource = Literal["draft", "your_moments", "typical"]
MOST = 4  # choices offered per slot: enough to find one's own, few enough to read on a phone


class Words(BaseModel):
    start: int
    end: int
    text: str


class Choice(BaseModel):
    text: str = Field(description="The words for the slot, to tap or edit.")
    source: ChoiceSource = Field(description="draft: read in the draft's words; your_moments: "
                                 "from the writer's own moments; typical: what usually lies "
                                 "under the move the draft shows")
    because: str = Field(description="Where the choice came from, in words a person reads.")
    words: list[Words] = Field(default_factory=list,
                               description="The draft's words it came from (offsets into the draft).")
    key: str | None = Field(None, description="The feeling or need it names, when it names one.")


@dataclass(frozen=True)
class Context:
    """What the coach may know of the writer beyond the draft: only their own moments."""

    position: str | None = None  # pursue | withdraw | mixed | unknown
    feelings: tuple[str, ...] = ()  # deeper-feeling keys from their moments, most named first
    needs: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()  # what the partner did, from their moments ("she left")
    counts: dict[str, int] = field(default_factory=dict)  # how many moments named each key


@dataclass(frozen=True)
class Topic:
    key: str
    words: frozenset[str]
    situation: str
    request: str


@dataclass(frozen=True)
class ChoiceData:
    conjecture: str
    conjecture_words: dict[str, str]
    move_of_register: dict[str, str]
    typical: dict[str, dict]
    needs_of_feeling: dict[str, list[str]]
    requests_of_need: dict[str, list[str]]
    topics: tuple[Topic, ...]
    to_you: dict[str, str]
    never: re.Pattern[str]
    never_template: str
    stops: tuple[tuple[re.Pattern[str], str], ...]
    event_opens: re.Pattern[str]
    event_verdict: re.Pattern[str]
    event_ends: re.Pattern[str]
    one_time: tuple[tuple[re.Pattern[str], str], ...]
    traits: tuple[tuple[re.Pattern[str], str], ...]  # (the trait's words, observable situation)
    thanks: tuple[tuple[re.Pattern[str], str, bool], ...]  # (pattern, template, -ing to past)
    past_of: dict[str, str]
    interjections: re.Pattern[str]


@lru_cache(maxsize=1)
def choice_data() -> ChoiceData:
    raw = read("choices.yaml")
    return ChoiceData(
        conjecture=raw["conjecture"],
        conjecture_words=raw["conjecture_words"],
        move_of_register=raw["move_of_register"],
        typical=raw["typical"],
        needs_of_feeling=raw["needs_of_feeling"],
        requests_of_need=raw["requests_of_need"],
        topics=tuple(Topic(key, frozenset(t["words"]), t["situation"], t["request"])
                     for key, t in raw["topics"].items()),
        to_you={k.lower(): v for k, v in raw["to_you"].items()},
        never=re.compile(raw["never_rewrite"]["pattern"], re.IGNORECASE),
        never_template=raw["never_rewrite"]["template"],
        stops=tuple((re.compile(r["pattern"], re.IGNORECASE), r["template"])
                    for r in raw["stop_rewrites"]),
        event_opens=re.compile(raw["events"]["opens"], re.IGNORECASE),
        event_verdict=re.compile(raw["events"]["verdict"], re.IGNORECASE),
        event_ends=re.compile(raw["events"]["ends"], re.IGNORECASE),
        one_time=tuple((re.compile(rf"\b{re.escape(k)}\b", re.IGNORECASE), v)
                       for k, v in raw["events"]["one_time"].items()),
        traits=tuple((re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE),
                      raw["trait_situations"][key]) for key, words in raw["traits"].items()),
        thanks=((re.compile(raw["sarcastic_thanks"]["pattern"], re.IGNORECASE),
                 raw["sarcastic_thanks"]["template"], True),
                (re.compile(raw["nice_of_you"]["pattern"], re.IGNORECASE), raw["nice_of_you"]["template"], False)),
        past_of=raw["past_of"],
        interjections=re.compile(raw["interjections"], re.IGNORECASE),
    )


def _words(evidence: Iterable[Evidence]) -> list[Words]:
    return [Words(start=e.start, end=e.end, text=e.text) for e in evidence]


def _quote(words: list[Words]) -> str:
    return ", ".join(f"\u2018{w.text}\u2019" for w in words[:2])


def _ranked(choices: Iterable[Choice]) -> list[Choice]:
    """The first choice of each text, in order, at most MOST."""
    seen: dict[str, Choice] = {}
    for choice in choices:
        seen.setdefault(choice.text.casefold(), choice)
    return list(seen.values())[:MOST]


def move_shown(analysis: MessageAnalysis, context: Context) -> tuple[str | None, list[Evidence]]:
    """The move the draft shows (pursue/withdraw) and the words that show it; else the
    writer's usual position from their moments."""
    register = analysis.register.label
    move = choice_data().move_of_register.get(register)
    shown = [e for e in analysis.evidence if e.field == "register" and e.label == register]
    if move:
        return move, shown
    return (context.position if context.position in ("pursue", "withdraw") else None), []


def feeling_choices(analysis: MessageAnalysis, feelings: list[str], context: Context) -> list[Choice]:
    """Deeper feelings the draft reads as, then those the writer's moments name, then those
    that usually lie under the move the draft shows."""
    words = rewrites().feelings
    found = [_from_draft(words[f], f, analysis.evidence, "deeper_feelings",
                         "the draft reads as {word}") for f in feelings]
    found += [_from_moments(words[f], f, context) for f in context.feelings if f in words]
    found += _typical(analysis, context, "feelings", words)
    return _ranked(found)


def need_choices(analysis: MessageAnalysis, needs: list[str], feelings: list[Choice],
                 context: Context) -> list[Choice]:
    """Needs the draft reads as, those the writer's moments name, those the offered feelings
    most often point to, then those typical of the move."""
    data, words = choice_data(), rewrites().needs
    found = [_from_draft(words[n], n, analysis.evidence, "needs", "the draft reads as needing {word}")
             for n in needs]
    found += [_from_moments(words[n], n, context) for n in context.needs if n in words]
    for feeling in feelings[:2]:
        found += [Choice(text=words[n], key=n, source=feeling.source, words=feeling.words,
                         because=f"feeling {feeling.text} often comes with this need")
                  for n in data.needs_of_feeling.get(feeling.key or "", [])]
    found += _typical(analysis, context, "needs", words)
    return _ranked(found)


def _from_draft(text: str, key: str, evidence: list[Evidence], name: str, why: str) -> Choice:
    cited = [e for e in evidence if e.field == name and e.label == key]
    words = _words(cited)
    because = why.format(word=text) + (f": {_quote(words)}" if words else "")
    return Choice(text=text, key=key, source="draft", words=words, because=because)


def _from_moments(text: str, key: str, context: Context) -> Choice:
    count = context.counts.get(key, 0)
    times = f"in {count} of your moments" if count > 1 else "in one of your moments"
    return Choice(text=text, key=key, source="your_moments", because=f"you named this {times}")


def _typical(analysis: MessageAnalysis, context: Context, slot: str, words: dict[str, str]) -> list[Choice]:
    move, shown = move_shown(analysis, context)
    if move is None:
        return []
    typical = choice_data().typical[move]
    cited = _words(shown)
    basis = (f"{_quote(cited)} reads as {analysis.register.label}" if cited
             else "your moments show you mostly " + ("pursuing" if move == "pursue" else "stepping back"))
    return [Choice(text=words[k], key=k, source="typical", words=cited,
                   because=f"{basis}; {typical['why']} {_plain(slot, k)}")
            for k in typical[slot]]


def _plain(slot: str, key: str) -> str:
    if slot == "feelings":
        return choice_data().conjecture_words[key]
    return "a need " + rewrites().needs[key]


def conjecture(feelings: list[Choice]) -> str | None:
    """The empathic conjecture for the likeliest feeling, tentatively, as a question."""
    if not feelings or feelings[0].key is None:
        return None
    data = choice_data()
    return data.conjecture.format(feeling=data.conjecture_words[feelings[0].key])


# --- situation and request ------------------------------------------------------------------


def topics_in(text: str) -> list[tuple[Topic, Words]]:
    """Topics the draft is about, each with the first word that shows it, in draft order."""
    found = []
    for topic in choice_data().topics:
        match = next((m for m in re.finditer(r"[a-z'\u2019-]+", text.lower())
                      if m.group().replace("\u2019", "'") in topic.words), None)
        if match:
            found.append((match.start(), topic, Words(start=match.start(), end=match.end(),
                                                      text=text[match.start():match.end()])))
    return [(topic, words) for _, topic, words in sorted(found, key=lambda item: item[0])]


def situation_choices(text: str, own: str | None, context: Context) -> list[Choice]:
    """The draft's own trigger; its "never" turned into one event; the observable situation of
    each topic it names; then what the partner did in the writer's own moments."""
    found = []
    if own:
        found.append(_quoted(own, text, "the situation, in your draft's words"))
    data = choice_data()
    rewrites_ = ((data.never, data.never_template, "as one time it happened, not always"),
                 *((pattern, template, "as what happens") for pattern, template in data.stops))
    for pattern, template, why in rewrites_:
        for match in pattern.finditer(text):
            phrase = _tidy_event(template.format(rest=match.group("rest").strip()))
            found.append(Choice(text=phrase, source="draft",
                                because=f"\u2018{match.group().strip()}\u2019 {why}",
                                words=[Words(start=match.start(), end=match.end(), text=match.group())]))
    for pattern, template, to_past in data.thanks:
        for match in pattern.finditer(text):
            rest = match.group("rest").strip()
            phrase = _tidy_event(template.format(rest=_past(rest) if to_past else rest))
            found.append(Choice(text=phrase, source="draft",
                                because=f"\u2018{match.group().strip()}\u2019 as what happened",
                                words=[Words(start=match.start(), end=match.end(), text=match.group())]))
    found += events(text)
    found += [Choice(text=topic.situation, source="draft", words=[words],
                     because=f"your draft is about this: \u2018{words.text}\u2019")
              for topic, words in topics_in(text)]
    for pattern, situation in data.traits:
        if match := pattern.search(text):
            found.append(Choice(text=situation, source="draft",
                                words=[Words(start=match.start(), end=match.end(), text=match.group())],
                                because=f"\u2018{match.group()}\u2019 said as what happens, not who you are"))
    found += [Choice(text=_to_you(trigger), source="your_moments",
                     because=f"from one of your moments: \u2018{trigger}\u2019")
              for trigger in context.triggers[:2]]
    return _ranked(found)


def _past(rest: str) -> str:
    """'leaving me 2 miles of petrol' -> 'left me 2 miles of petrol' (the first word only)."""
    first, _, tail = rest.partition(" ")
    known = choice_data().past_of.get(first.lower())
    if known is None:
        known = first[:-3] + "ed"  # stopping -> stopped, finishing -> finished
    return f"{known} {tail}".strip()


def events(text: str) -> list[Choice]:
    """Each statement of an event in the draft, as one time it happened."""

    data, found = choice_data(), []
    for start, clause in _event_clauses(text):
        if data.event_verdict.search(clause) or len(clause.split()) < 3:
            continue
        phrase = clause
        for pattern, words in data.one_time:
            phrase = pattern.sub(words, phrase)
        phrase = _tidy_event(phrase)
        changed = phrase.casefold() != clause.casefold()
        found.append(Choice(
            text=phrase, source="draft",
            words=[Words(start=start, end=start + len(clause), text=clause)],
            because=(f"\u2018{clause}\u2019 as one time it happened" if changed
                     else f"what happened, in your draft's words: \u2018{clause}\u2019")))
    return found


def _event_clauses(text: str) -> list[tuple[int, str]]:
    """In each sentence, the first comma-separated clause that opens with the partner, a thing
    of theirs or what is there to see ("wow, you forgot again" -> "you forgot again"), cut
    before a second clause; an echo question ("oh, you have a headache?") is one too."""
    from between.analysis.cues import sentence_spans

    data, found = choice_data(), []
    for start, end in sentence_spans(text):
        for part in re.finditer(r"[^,;:\u2014]+", text[start:end]):
            lead = len(part.group()) - len(part.group().lstrip())
            opened = data.interjections.match(part.group().strip())
            if opened and opened.end() < len(part.group().strip()):
                lead += opened.end()  # "oh you remembered I exist" -> "you remembered I exist"
            clause = data.event_ends.split(part.group()[lead:].strip(), maxsplit=1)[0]
            if data.event_opens.search(clause):
                # An echo question ("you have a headache?") states what happened; a real
                # question ("do you ...?") does not open with the partner.
                found.append((start + part.start() + lead, clause.rstrip(" .!?")))
                break
    return found


def _tidy_event(phrase: str) -> str:
    phrase = rewrites().drop_words.sub(" ", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-")
    return phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and not phrase.startswith("I ") else phrase


def request_choices(text: str, own: str | None, needs: list[Choice]) -> list[Choice]:
    """The draft's own ask; the request that fits each topic it names; then requests that meet
    the needs on offer."""
    found = []
    if own:
        found.append(_quoted(own, text, "what your draft asks for"))
    found += [Choice(text=topic.request, source="draft", words=[words],
                     because=f"your draft is about this: \u2018{words.text}\u2019")
              for topic, words in topics_in(text)]
    requests = choice_data().requests_of_need
    for need in needs[:2]:
        found += [Choice(text=r, key=need.key, source=need.source, words=need.words,
                         because=f"a way to meet the need {need.text}")
                  for r in requests.get(need.key or "", [])[:1]]
    return _ranked(found)


def _quoted(phrase: str, text: str, because: str) -> Choice:
    return Choice(text=phrase, source="draft", words=_span_of(phrase, text), because=because)


def _span_of(phrase: str, text: str) -> list[Words]:
    """Where in the draft a phrase taken from it lies: from its first word to its last (words
    the coach dropped, "always", "just", stay inside the span)."""
    lower, words = text.lower(), phrase.lower().split()
    start = lower.find(words[0]) if words else -1
    end = lower.find(words[-1], start) if start >= 0 else -1
    if end < 0:
        return []
    end += len(words[-1])
    return [Words(start=start, end=end, text=text[start:end])]


def _to_you(clause: str) -> str:
    """A partner's action from the writer's moment, said to the partner ("she left" -> "you left")."""
    swap = choice_data().to_you
    return re.sub(r"[A-Za-z']+", lambda m: swap.get(m.group().lower(), m.group()), clause)


def grounded(choice: Choice) -> bool:
    """A choice someone can trace: it quotes the draft's words or comes from their moments."""
    return bool(choice.words) or choice.source == "your_moments"
