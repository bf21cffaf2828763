"""The EFT stage and step tracker for one couple, and the evidence the app offers for it.

Three stages, nine steps (the therapist's map of the work). The therapist marks a step with a
note; the app offers what it has seen that may bear on it, from what the partners shared with
the therapist only (the same reads as the dashboard, so each one is audited), and the
therapist picks what to keep with the mark. The app suggests; the therapist decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.config import get_settings
from between.cycle.inference import Partner, infer_cycle
from between.cycle.render import PATTERN_NAMES
from between.cycle.service import moment_facts
from between.errors import FieldProblem, bad_input
from between.people.couples import partners
from between.people.models import Person
from between.privacy.audit import audit
from between.therapist import dashboard
from between.therapist.links import active_link_for
from between.therapist.models import StageMark

TEXT_MAX = get_settings().max_text_chars

STAGES = (
    (1, "De-escalation", (
        (1, "Alliance, and the conflicts and attachment struggles assessed"),
        (2, "The negative cycle named"),
        (3, "The feelings under each position reached"),
        (4, "The problem reframed as the cycle, the feelings and the needs"),
    )),
    (2, "Restructuring the bond", (
        (5, "Each owns their needs and fears"),
        (6, "Each accepts the other's experience"),
        (7, "Needs voiced and met: the withdrawer re-engages, the pursuer softens"),
    )),
    (3, "Consolidation", (
        (8, "New solutions to old problems"),
        (9, "New positions and a safe cycle made their own"),
    )),
)
STEP_TITLES = {step: title for _, _, steps in STAGES for step, title in steps}


@dataclass(frozen=True)
class Evidence:
    key: str  # stable: kind and the id it rests on
    steps: tuple[int, ...]  # the steps it may bear on
    text: str


def offered_evidence(db: Session, therapist: Person, couple_id: str) -> list[Evidence]:
    """What the app has seen, from what was shared with the therapist (404 unless active)."""
    active_link_for(db, therapist, couple_id)
    people = partners(db, couple_id)
    names = {p.id: p.display_name for p in people}
    ids = set(names)
    moments = dashboard.shared_moments(db, therapist, couple_id, ids)
    cycle = infer_cycle([moment_facts(m, therapist) for m in moments],
                        [Partner(p.id, p.display_name) for p in people])
    found: list[Evidence] = []
    if cycle.pattern != "unknown":
        found.append(Evidence(f"cycle:{cycle.pattern}", (2, 4), "The cycle map names a "
                              f"{PATTERN_NAMES.get(cycle.pattern, cycle.pattern)} from "
                              f"{len(cycle.evidence)} shared moments."))
    deeper = [m for m in moments if (m.deeper_feeling or "").strip()]
    if deeper:
        found.append(Evidence(f"deeper:{len(deeper)}", (3,), f"{len(deeper)} shared moment"
                              f"{'' if len(deeper) == 1 else 's'} name the feeling underneath."))
    repaired = [m for m in moments if m.outcome == "repaired"]
    if repaired:
        found.append(Evidence(f"repaired:{len(repaired)}", (4, 8), f"{len(repaired)} shared "
                              f"moment{'' if len(repaired) == 1 else 's'} ended repaired."))
    withdrawers = {p.partner.id for p in cycle.positions if p.position == "withdraw"}
    for person_id in withdrawers:
        reaches = sorted((m for m in moments if m.owner_id == person_id
                          and ((m.need or "").strip() or (m.deeper_feeling or "").strip())),
                         key=lambda m: m.created_at)
        if reaches:
            first = reaches[0]
            found.append(Evidence(f"withdrawer-reach:{first.id}", (5, 7),
                                  f"{names[person_id]}, who tends to withdraw, named what they "
                                  f"felt or needed in a shared moment ({first.created_at:%d %b %Y})."))
    for talk in dashboard.finished_conversations(db, couple_id):
        found.append(Evidence(f"softening:{talk['id']}", (7,), "A softening conversation was "
                              f"finished ({talk['finished_at']:%d %b %Y})."))
    records = dashboard.shared_check_ins(db, therapist, couple_id, ids)
    for score in dashboard.latest_scores(records):
        for sub, change in score["change"].items():
            if change["label"] == "reliable improvement":
                found.append(Evidence(f"improved:{score['id']}:{sub}", (8, 9),
                                      f"{names.get(score['owner_id'], '')}'s {score['title']} "
                                      "shows a reliable improvement."))
    return found


def mark_step(db: Session, therapist: Person, couple_id: str, *, step: int, note: str = "",
              evidence: list[str] | None = None) -> StageMark:
    offered = {e.key: e for e in offered_evidence(db, therapist, couple_id)}
    problems = []
    if step not in STEP_TITLES:
        problems.append(FieldProblem("step", "must be a step from 1 to 9"))
    if len(note or "") > TEXT_MAX:
        problems.append(FieldProblem("note", f"must be at most {TEXT_MAX:,} characters"))
    problems += [FieldProblem("evidence", f"{key!r} is not evidence the app offers now")
                 for key in (evidence or []) if key not in offered]
    if problems:
        raise bad_input("The stage mark needs a change.", *problems)
    mark = StageMark(couple_id=couple_id, therapist_id=therapist.id, step=step,
                     note=(note or "").strip(),
                     evidence=[{"key": k, "text": offered[k].text} for k in evidence or []])
    db.add(mark)
    db.flush()
    audit(db, therapist.id, "create", "therapy_stage_mark", mark.id)
    return mark


def marks_of(db: Session, therapist: Person, couple_id: str) -> list[StageMark]:
    active_link_for(db, therapist, couple_id)
    return list(db.scalars(select(StageMark).where(
        StageMark.couple_id == couple_id, StageMark.therapist_id == therapist.id)
        .order_by(StageMark.marked_at, StageMark.id)))


def tracker(db: Session, therapist: Person, couple_id: str) -> dict[str, Any]:
    """The stages with each step's marks, the furthest step marked, and the evidence offered."""
    marks = marks_of(db, therapist, couple_id)
    offered = offered_evidence(db, therapist, couple_id)
    by_step: dict[int, list[dict[str, Any]]] = {}
    for mark in marks:
        by_step.setdefault(mark.step, []).append(mark_view(mark))
    return {
        "current_step": max((m.step for m in marks), default=None),
        "stages": [{"stage": number, "name": name, "steps": [
            {"step": step, "title": title, "marks": by_step.get(step, [])}
            for step, title in steps]} for number, name, steps in STAGES],
        "offered_evidence": [{"key": e.key, "steps": list(e.steps), "text": e.text}
                             for e in offered],
    }


def mark_view(mark: StageMark) -> dict[str, Any]:
    return {"id": mark.id, "step": mark.step, "title": STEP_TITLES.get(mark.step, ""),
            "note": mark.note, "evidence": list(mark.evidence or []), "marked_at": mark.marked_at}
