"""How often the reach coach gives every slot something to tap (`between eval`, section coach).

Drafts that read as criticism, contempt or complaint: our reach-draft set
(data/corpus/reach_drafts.jsonl, held-out groups) and the same registers in the register
corpus's test groups, written by other writers. For each draft the engine reads as one of those
registers: does every slot of the rewrite offer at least one grounded choice (quoting the
draft's words, or from the writer's own moments)? The old measure is beside it: slots the
rewrite fills from the draft alone, and drafts it completes with no blank left.
"""

from __future__ import annotations

from between.analysis.training.data import CORPUS_DIR, corpus_part, read_jsonl
from between.coach.choices import grounded
from between.coach.reach import SLOTS, coach_reach

BLAMING = ("criticism", "contempt", "complaint")
FILE = "reach_drafts.jsonl"


def drafts(part: str) -> list[str]:
    path = CORPUS_DIR / FILE
    rows = read_jsonl(path) if path.exists() else []
    return [r["text"] for r in rows if corpus_part(r["group"]) == part]


def register_lines(part: str) -> list[str]:
    path = CORPUS_DIR / "register.jsonl"
    rows = read_jsonl(path) if path.exists() else []
    return [r["text"] for r in rows if r["label"] in BLAMING and corpus_part(r["group"]) == part]


def coach_report(texts: list[str], layers: str = "both") -> dict:
    from between.analysis.engine import analyze_messages

    analyses = analyze_messages(texts, layers=layers, sentence_evidence=False)
    read = [(t, a) for t, a in zip(texts, analyses, strict=True) if a.register.label in BLAMING]
    every, filled, complete, offered = 0, 0, 0, 0
    missing = {slot: 0 for slot in SLOTS}
    for text, analysis in read:
        suggestion = coach_reach(text, analysis).suggestion
        parts = suggestion.parts if suggestion else {}
        slots_ok = {s: s in parts and any(grounded(c) for c in parts[s].choices) for s in SLOTS}
        every += all(slots_ok.values())
        for slot, ok in slots_ok.items():
            missing[slot] += not ok
        own = [s for s in SLOTS if s in parts and parts[s].source != "blank"]
        filled += len(own)
        complete += len(own) == len(SLOTS)
        offered += sum(len(parts[s].choices) for s in SLOTS if s in parts)
    n = len(read)
    return {
        "drafts": len(texts),
        "read_as_blaming": n,
        "every_slot_grounded": round(every / n, 4) if n else 0.0,
        "slot_without_grounded_choice": missing,
        "mean_choices_per_slot": round(offered / (n * len(SLOTS)), 2) if n else 0.0,
        "filled_from_draft_alone": f"{filled}/{n * len(SLOTS)}",
        "completed_from_draft_alone": f"{complete}/{n}",
    }


def coach_evaluation(layers: str = "both") -> dict:
    sets = {
        "reach drafts, test groups": drafts("test"),
        "reach drafts, calibration groups": drafts("calibration"),
        "register corpus test groups (other writers)": register_lines("test"),
    }
    found = {name: coach_report(texts, layers) for name, texts in sets.items() if texts}
    return found or {"skipped": f"{CORPUS_DIR / FILE} not found"}


def format_coach(report: dict) -> list[str]:
    return [
        f"  {name}: {r['read_as_blaming']} of {r['drafts']} drafts read as criticism, contempt or "
        f"complaint; every slot offers a grounded choice for {r['every_slot_grounded']:.1%} "
        f"({r['mean_choices_per_slot']} choices a slot; without one: "
        + ", ".join(f"{s} {n}" for s, n in r["slot_without_grounded_choice"].items())
        + f"); from the draft alone: {r['filled_from_draft_alone']} slots, "
        f"{r['completed_from_draft_alone']} drafts complete"
        for name, r in report.items()
    ]
