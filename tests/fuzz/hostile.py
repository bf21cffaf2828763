"""Input a person (or a broken client) can send: text, numbers, dates and files that break things.

Shared by the fuzz tests. Short texts built from the nastiest pieces, mixed with what
Hypothesis draws from the whole of Unicode, lone surrogates included.
"""

from __future__ import annotations

from hypothesis import strategies as st

NASTY = [
    "\x00", "\ud800", "\udfff", "\ud83d", "\x1b[31m", "\x7f", "\x0b", "\x0c", "\r\n", "\r", "\t",
    "\u2028", "\u2029", "\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\u200f", "\ufeff",
    "\ufffe", "\U0010ffff", "e\u0301", "İ", "ß", "ﷺ", "🙄", "👩\u200d❤️\u200d👨", "١٢٣", "½",
    "<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --", "%s%n", "\\", '"', "'", "<", "&amp;",
    'digraph { a -> b [label="x"] }', "}", "]", "\\N", "    ", "\n\n\n",
]

characters = st.one_of(st.characters(), st.characters(categories=["Cs"]))  # lone surrogates too


def hostile_text(max_pieces: int = 24) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(NASTY), st.text(characters, max_size=12))
    return st.lists(piece, max_size=max_pieces).map("".join)


def hostile_numbers() -> st.SearchStrategy:
    return st.one_of(st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**400]),
                     st.floats(allow_nan=False), st.booleans(), st.none(),
                     st.sampled_from(["7", "", "1e9", "NaN", "٣"]))


def hostile_dates() -> st.SearchStrategy[str]:
    """ISO 8601-ish strings at and past the edges of what a datetime can hold."""
    fixed = ["0001-01-01T00:00:00Z", "0001-01-03T00:00:00Z", "9999-12-31T23:59:59+00:00",
             "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2025-02-30T10:00:00Z",
             "2025-03-02T19:30:00+25:00", "2025-03-02T19:30:00+23:59", "-0001-01-01T00:00:00Z",
             "+10000-01-01T00:00:00Z", "2025-03-02", "2025-03-02T24:00:00Z", "1e10", "now", ""]
    drawn = st.datetimes(timezones=st.timezones() | st.none()).map(lambda d: d.isoformat())
    return st.one_of(st.sampled_from(fixed), drawn)


def json_values(depth: int = 3) -> st.SearchStrategy:
    """Any JSON a file or a client may hold, wrong types and deep nesting included."""
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                       hostile_text(6))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(hostile_text(3), inner, max_size=4), max_leaves=12)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """File contents: random bytes, bad UTF-8, a JSON nested past any recursion limit."""
    return st.one_of(st.binary(max_size=300), st.sampled_from([
        b"\xff\xfe\x00{", b'{"1": 4, "2": \xc3\x28}', b"[" * 100_000, b'{"a":' * 50_000,
        b"\x00" * 64, b'{"1": 1e999}', b'{"1": 99999999999999999999999999}', b"\xef\xbb\xbf{}",
    ]))
