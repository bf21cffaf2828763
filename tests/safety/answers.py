"""Check-in answer sets the safety tests share, built from screening.yaml (never hard-coded)."""

from __future__ import annotations

from between.safety.screening import DECLINE, load_check_in

CHECK_IN = load_check_in()


def all_clear() -> dict[str, str]:
    """Each first-asked question answered with its first answer that raises nothing."""
    return {
        q.id: next(v for v in q.values if v not in q.flag_when and v not in q.urgent_when
                   and v != DECLINE)
        for q in CHECK_IN.questions
        if q.asked_if is None
    }


def raising(*question_ids: str) -> dict[str, str]:
    """All clear, except that each named question gets its first answer that raises a signal."""
    changes = {qid: CHECK_IN.question(qid).flag_when[0] for qid in question_ids}
    return {**all_clear(), **changes}


AFRAID = raising("afraid_of_partner")  # fear_of_partner, not urgent
