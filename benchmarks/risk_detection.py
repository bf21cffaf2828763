"""Risk detection on the project's own labelled statements: recall and false-positive rate.

    .venv/bin/python benchmarks/risk_detection.py [--part test|all] [--layers both|cues|learned]
                                                  [--json] [--check]

Reads data/corpus/risk.jsonl and keeps the held-out part the analysis engine never trained on
(`between.analysis.training.data.corpus_part(group) == "test"`, split by group). Every
statement goes through `analyze_message`; a statement counts as flagged when the safety gate
would open a state for its writer (`between.safety.gate.assess_text`: the detector's flag, or
a named risk kind). Prints recall on risk statements, the false-positive rate on the hard
negatives, per-kind recall, the same two figures per writing pass (the group prefix: the
`w3-`, `w4-`, `w5-` writers never saw the cue rules, so their groups show how the detector
carries over to a new writer), the brief's three figurative phrases, and every miss. Then
the wider, private net below the gate: the share of risk statements whose writer sees support
(a state, or an offer: `safety.gate.SUPPORT_OFFER_SCORE`), and how often an offer shows on the
hard negatives and on everyday texts (the held-out register lines, shares and replies).
With the learned model missing, `both` falls back to the cue layer, as the app does.
--check exits 1 when recall < 0.98 or the false-positive rate > 2%.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from between.analysis import analyze_messages
from between.analysis.taxonomy import RISK_KINDS
from between.analysis.training.data import CORPUS_DIR, corpus, corpus_part, read_jsonl
from between.errors import BetweenError
from between.safety.gate import GateDecision, assess_text

RECALL_TARGET = 0.98
FPR_TARGET = 0.02
BRIEF_NEGATIVES = ["I could kill for a coffee", "this deadline is killing me",
                   "I'm dying to see you"]


def decisions(texts: list[str], layers: str) -> tuple[list[GateDecision], str]:
    """The gate's decision for each text, and the layers actually used."""
    try:
        results = analyze_messages(texts, layers=layers)
    except BetweenError as error:
        if layers != "both":
            raise
        print(f"learned layer unavailable ({error.detail}); using the cue layer",
              file=sys.stderr)
        return decisions(texts, "cues")
    return [assess_text(result.risk) for result in results], layers


def flags(texts: list[str], layers: str) -> tuple[list[bool], str]:
    """Whether the gate opens a state for each text, and the layers actually used."""
    found, used = decisions(texts, layers)
    return [decision.open_state for decision in found], used


def reached(decisions_: list[GateDecision]) -> list[bool]:
    """Whether the writer privately sees support: a state opened, or support offered."""
    return [decision.open_state or decision.offer_support for decision in decisions_]


def measure(rows: list[dict], layers: str) -> dict:
    started = time.perf_counter()
    found, used = decisions([row["text"] for row in rows], layers)
    seconds = time.perf_counter() - started
    flagged, offered = [d.open_state for d in found], reached(found)
    everyday, _ = decisions(everyday_texts(), used)
    risky = [(row, hit) for row, hit in zip(rows, flagged, strict=True) if row["risk"]]
    safe = [(row, hit) for row, hit in zip(rows, flagged, strict=True) if not row["risk"]]
    per_kind = {kind: _rate([hit for row, hit in risky if kind in row["kinds"]])
                for kind in RISK_KINDS}
    by_writer = {
        writer: {
            "recall": _rate([hit for row, hit in risky if _writer(row) == writer]),
            "false_positive_rate": _rate([hit for row, hit in safe if _writer(row) == writer]),
        }
        for writer in sorted({_writer(row) for row in rows})
    }
    brief, _ = flags(BRIEF_NEGATIVES, used)
    return {
        "layers": used,
        "statements": len(rows),
        "risk_statements": len(risky),
        "hard_negatives": len(safe),
        "recall": _rate([hit for _, hit in risky]),
        "false_positive_rate": _rate([hit for _, hit in safe]),
        "recall_by_kind": per_kind,
        "by_writer": by_writer,
        "brief_negatives_flagged": [t for t, hit in zip(BRIEF_NEGATIVES, brief, strict=True) if hit],
        "missed": [{"id": row["id"], "text": row["text"]} for row, hit in risky if not hit],
        "false_alarms": [{"id": row["id"], "text": row["text"]} for row, hit in safe if hit],
        # The wider, private net below the gate (safety.gate.SUPPORT_OFFER_SCORE).
        "support_reach": _rate([hit for row, hit in zip(rows, offered, strict=True) if row["risk"]]),
        "support_offered_hard_negatives": _rate([hit for row, hit in zip(rows, offered, strict=True)
                                                 if not row["risk"]]),
        "support_offered_everyday": _rate(reached(everyday)),
        "state_opened_everyday": _rate([d.open_state for d in everyday]),
        "everyday_texts": len(everyday),
        "ms_per_statement": round(1000 * seconds / max(len(rows), 1), 2),
    }


def everyday_texts() -> list[str]:
    """Everyday couple talk from the held-out groups: the register lines, shares and replies."""
    test = corpus("test")
    texts = test["register"].texts + test["quality"].texts + test["quality"].pairs
    return list(dict.fromkeys(texts))


def _writer(row: dict) -> str:
    """The writing pass a statement comes from: its group's `wN-` prefix, or `first`."""
    prefix = row["group"].split("-", 1)[0]
    return prefix if prefix[:1] == "w" and prefix[1:].isdigit() else "first"


def _rate(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["test", "all"], default="test")
    parser.add_argument("--layers", choices=["both", "cues", "learned"], default="both")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    rows = read_jsonl(CORPUS_DIR / "risk.jsonl")
    if args.part == "test":
        rows = [row for row in rows if corpus_part(row["group"]) == "test"]
    report = {"part": args.part, **measure(rows, args.layers)}
    met = (report["recall"] is not None and report["recall"] >= RECALL_TARGET
           and report["false_positive_rate"] is not None
           and report["false_positive_rate"] <= FPR_TARGET)
    if args.json:
        print(json.dumps({**report, "targets_met": met}, indent=2, ensure_ascii=False))
    else:
        _print(report, met)
    return 1 if args.check and not met else 0


def _print(report: dict, met: bool) -> None:
    print(f"risk detection, part={report['part']}, layers={report['layers']}: "
          f"{report['statements']} statements ({report['risk_statements']} risk, "
          f"{report['hard_negatives']} hard negatives), {report['ms_per_statement']} ms each")
    print(f"  recall               {report['recall']:.4f}   (target >= {RECALL_TARGET})")
    print(f"  false-positive rate  {report['false_positive_rate']:.4f}   (target <= {FPR_TARGET})")
    for kind, rate in report["recall_by_kind"].items():
        print(f"  recall {kind:<18} {_show(rate)}")
    for writer, rates in report["by_writer"].items():
        recall, fpr = _show(rates['recall']), _show(rates['false_positive_rate'])
        print(f"  writer {writer:<6} recall {recall}   false-positive rate {fpr}")
    print(f"  brief's figurative phrases flagged: {report['brief_negatives_flagged'] or 'none'}")
    print(f"  support reach (state or private offer) {_show(report['support_reach'])}; offered on "
          f"hard negatives {_show(report['support_offered_hard_negatives'])}, on "
          f"{report['everyday_texts']} everyday texts {_show(report['support_offered_everyday'])} "
          f"(a state opened on {_show(report['state_opened_everyday'])})")
    for key, label in (("missed", "missed"), ("false_alarms", "false alarm")):
        for row in report[key]:
            print(f"  {label}: {row['id']} {row['text']}")
    print("targets met" if met else "targets NOT met")


def _show(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.4f}"


if __name__ == "__main__":
    sys.exit(main())
