"""Emoji in words, for the encoder: 🙄 becomes "face with rolling eyes".

The encoder's WordPiece vocabulary has no emoji: each became [UNK], so "you forgot again 🙄😡"
read the same as "you forgot again ??". The model now reads their names (from the `emoji`
package's Unicode data, skin tones left out). The cue layer and every evidence span still work
on the text as written; `where` maps each offset of it to the worded text, so sentence spans
move with it.
"""

from __future__ import annotations

import re

import emoji

_SKIN_TONE = re.compile(r"_(?:light|medium-light|medium|medium-dark|dark)_skin_tone")
Span = tuple[int, int]


def _name(found: str) -> str:
    words = _SKIN_TONE.sub("", emoji.demojize(found)).replace("::", " ").strip(":")
    return " " + words.replace("_", " ").replace(":", " ") + " "


def emoji_as_words(text: str) -> tuple[str, list[int] | None]:
    """The text with every emoji said in words, and for each offset 0..len(text) of the
    original its offset in the result (None when nothing changed)."""
    if text.isascii():
        return text, None
    found = emoji.emoji_list(text)
    if not found:
        return text, None
    pieces, where, at, size = [], [], 0, 0
    for item in found:
        start, end = item["match_start"], item["match_end"]
        where += range(size, size + start - at)
        size += start - at
        name = _name(item["emoji"])
        where += [size] * (end - start)
        pieces += [text[at:start], name]
        size += len(name)
        at = end
    where += range(size, size + len(text) - at + 1)
    pieces.append(text[at:])
    return "".join(pieces), where


def moved(spans: list[Span] | None, where: list[int] | None) -> list[Span] | None:
    """Spans of the original text as spans of its worded form."""
    if spans is None or where is None:
        return spans
    return [(where[start], where[end]) for start, end in spans]
