"""Text helpers the cue layer and the combiner share: sentences, clauses, language check.

Everything works on character offsets into the original text, so evidence spans can always be
cut back out of what the person wrote.
"""

from __future__ import annotations

import re

from between.analysis.cues.lexicon import load_lexicon

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[.!?;,:…\n]|\bbut\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LATIN_END = "\u024f"  # end of Latin Extended-B: English texts are (nearly) all below it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\ud800-\udfff]")

NEGATION_WINDOW = 4  # words before a cue that a negator may sit in
FIGURATIVE_TAIL = 12  # characters after a sentence still read for "lol", "😂"
MIN_WORDS_FOR_LANGUAGE = 4
MIN_ENGLISH_SHARE = 0.2
MIN_LATIN_SHARE = 0.7


def sanitise(text: str) -> str:
    """Control characters and lone surrogates become spaces; offsets stay the same."""
    return _CONTROL.sub(" ", text)


def fold(text: str) -> str:
    """Lowercase with the same length (and so the same offsets) as `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace."""
    spans, start = [], 0
    for brk in _SENTENCE_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding [start, end), plus a short tail for trailing laughter."""
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_BREAK.finditer(text, end)), len(text))
    return text[left : min(len(text), right + FIGURATIVE_TAIL)]


def negator_before(text: str, start: int) -> int | None:
    """Offset of a negator in the few words before `start` within its clause, else None."""
    lexicon = load_lexicon()
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    words = list(re.finditer(r"\S+", text[clause_start:start]))[-NEGATION_WINDOW:]
    if not words:
        return None
    offset = clause_start + words[0].start()
    # Blank out phrases such as "can't believe" (same length, so offsets hold).
    window = lexicon.negator_exceptions.sub(lambda m: " " * len(m.group()), text[offset:start])
    found = lexicon.negator.search(window)
    if found is None:
        return None
    # Start the span at the word holding the negator ("don't", not "'t").
    word_start = window.rfind(" ", 0, found.start()) + 1
    return offset + word_start


def looks_english(text: str) -> bool:
    """A cheap check: mostly Latin script and enough common English words.

    Too short to judge (under four words, emoji only) counts as English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    latin = sum(ch <= _LATIN_END for ch in letters)
    if latin / len(letters) < MIN_LATIN_SHARE:
        return False
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True
    known = load_lexicon().english_words
    return sum(w in known for w in words) / len(words) >= MIN_ENGLISH_SHARE
