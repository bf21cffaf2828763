"""Cut a text into plain and marked pieces, so pages can highlight the words behind a reading."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from between.coach.data import read


@dataclass(frozen=True)
class Piece:
    text: str
    reason: str | None = None  # set for marked words: why they read that way


def pieces(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """Plain and marked pieces in order; overlapping spans merge, keeping the first reason."""
    merged: list[list] = []
    for start, end, reason in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, reason])
    out, at = [], 0
    for start, end, reason in merged:
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], reason))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out


def practice_reaches() -> list[dict[str, str]]:
    return read("practice.yaml")
