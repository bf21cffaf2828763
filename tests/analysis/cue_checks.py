"""What every cue-rule test asks: did the rule fire, on exactly these words, for this reason."""

from __future__ import annotations

from between.analysis.cues import Cue, find_cues


def rules_hit(text: str) -> dict[str, list[Cue]]:
    hits: dict[str, list[Cue]] = {}
    for cue in find_cues(text):
        hits.setdefault(cue.rule, []).append(cue)
    return hits


def assert_fires(text: str, rule: str, words: str, reason: str) -> Cue:
    """The cue `rule` left on `text`, checked to point at `words` and to give `reason`."""
    hits = rules_hit(text).get(rule)
    assert hits, f"{rule} did not fire on {text!r}"
    cue = next((c for c in hits if c.text == words), None)
    assert cue is not None, f"{rule} pointed at {[c.text for c in hits]}, not {words!r}"
    assert text[cue.start : cue.end] == words
    assert cue.reason.startswith(f"'{words}' — ")
    assert reason in cue.reason
    assert cue.supports, "an active cue supports at least one label"
    return cue
