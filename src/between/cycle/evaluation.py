"""How well the narration reader and the cycle map read "what happened" (data/corpus/narration.jsonl).

Each corpus group is one couple: six moments per partner, written only as "what happened".
The reader is scored line by line (the writer's move kind and move, surface reaction, deeper
feeling, how much of the text the evidence quotes); the cycle map is scored couple by couple
(the pattern and both positions right), with the moments analysed as the app analyses them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np

from between.analysis.evaluation import exclusive_report, label_report
from between.analysis.training.data import CORPUS_DIR, corpus_part, read_jsonl
from between.cycle.inference import MomentFacts, Partner, infer_cycle
from between.cycle.lexicon import lexicon
from between.cycle.narration import read_narration

KINDS = ("pursue", "withdraw", "none")
FILE = "narration.jsonl"


def narration_rows(part: str | None = None) -> list[dict]:
    path = CORPUS_DIR / FILE
    rows = read_jsonl(path) if path.exists() else []
    return [r for r in rows if part is None or corpus_part(r["group"]) == part]


def reader_report(rows: list[dict]) -> dict:
    """The reader alone, line by line."""
    readings = [read_narration(r["text"]) for r in rows]
    kinds = [n.kind_of(n.move.key) if n.move else "none" for n in readings]
    truth = np.array([KINDS.index(r["kind"]) for r in rows])
    labelled = [(r["move"], n.move.key if n.move else None) for r, n in zip(rows, readings, strict=True)
                if r["move"]]
    quoted = [len(n.move.clause) / len(r["text"]) for r, n in zip(rows, readings, strict=True) if n.move]
    lex = lexicon()
    surface = tuple(e.key for e in lex.surface_reactions)
    feelings = tuple(e.key for e in lex.deeper_feelings)
    return {
        "lines": len(rows),
        "kind": exclusive_report(truth, np.array([KINDS.index(k) for k in kinds]), KINDS),
        "move_accuracy": round(float(np.mean([a == b for a, b in labelled])), 4) if labelled else 0.0,
        "surface": _multi(rows, readings, "surface", "surface_reactions", surface),
        "deeper": _multi(rows, readings, "deeper", "deeper_feelings", feelings),
        "evidence_share_of_text": round(float(np.mean(quoted)), 3) if quoted else 0.0,
    }


def _multi(rows, readings, field: str, attribute: str, labels: tuple[str, ...]) -> dict:
    truth = np.array([[label in r[field] for label in labels] for r in rows])
    found = np.array([[label in {x.key for x in getattr(n, attribute)} for label in labels]
                      for n in readings])
    return label_report(truth, found, labels)


def cycle_report(rows: list[dict], layers: str = "both") -> dict:
    """Each couple's cycle from its twelve moments, analysed as the app analyses a moment."""
    from between.analysis.engine import analyze_messages
    from between.moments.suggest import suggestions

    analyses = analyze_messages([r["text"] for r in rows], layers=layers, sentence_evidence=False)
    couples: dict[str, list] = defaultdict(list)
    for row, analysis in zip(rows, analyses, strict=True):
        couples[row["group"]].append((row, suggestions(analysis, row["text"])))
    results = {}
    for group, moments in sorted(couples.items()):
        results[group] = _couple(moments)
    right = [r for r in results.values() if r["right"]]
    by_pattern: dict[str, list[bool]] = defaultdict(list)
    for result in results.values():
        by_pattern[result["expected"]].append(result["right"])
    return {
        "couples": len(results),
        "right": len(right),
        "by_pattern": {p: f"{sum(v)}/{len(v)}" for p, v in sorted(by_pattern.items())},
        "per_couple": results,
    }


def _couple(moments: list[tuple[dict, dict]]) -> dict:
    start = datetime(2026, 1, 1)
    partners = {"a": Partner("a", "A"), "b": Partner("b", "B")}
    facts = [
        MomentFacts(id=row["id"], author_id=row["partner"], occurred_at=start + timedelta(days=i),
                    happened=row["text"], analysis=analysis)
        for i, (row, analysis) in enumerate(moments)
    ]
    cycle = infer_cycle(facts, list(partners.values()))
    expected = {row["partner"]: row["position"] for row, _ in moments}
    got = {p.partner.id: p.position for p in cycle.positions}
    pattern = moments[0][0]["pattern"]
    return {"expected": pattern, "pattern": cycle.pattern, "positions": got,
            "right": cycle.pattern == pattern and got == expected}


def narration_evaluation(layers: str = "both", parts: tuple[str, ...] = ("test", "calibration")) -> dict:
    """Reader and cycle figures on the held-out couples, one block per part."""
    if not narration_rows():
        return {"skipped": f"{CORPUS_DIR / FILE} not found"}
    return {part: {"reader": reader_report(rows), "cycle": cycle_report(rows, layers)}
            for part in parts if (rows := narration_rows(part))}


def format_narration(report: dict) -> list[str]:
    lines = []
    for part, block in report.items():
        reader, cycle = block["reader"], block["cycle"]
        lines.append(
            f"  {part}: {reader['lines']} moments, writer's move kind macro-F1 "
            f"{reader['kind']['macro_f1']:.3f} (accuracy {reader['kind']['accuracy']:.3f}), move "
            f"{reader['move_accuracy']:.3f}, surface macro-F1 {reader['surface']['macro_f1']:.3f}, "
            f"deeper macro-F1 {reader['deeper']['macro_f1']:.3f}, evidence quotes "
            f"{reader['evidence_share_of_text']:.0%} of the text")
        lines.append(f"    cycle from 6 moments a partner: {cycle['right']}/{cycle['couples']} couples "
                     f"right ({', '.join(f'{p} {v}' for p, v in cycle['by_pattern'].items())})")
    return lines
