"""Properties of check-in evaluation that hold for every possible set of answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from between.safety.screening import DECLINE, evaluate_check_in, load_check_in

CHECK_IN = load_check_in()


@st.composite
def answer_sets(draw) -> dict[str, str]:
    """Any complete, valid set of answers, follow-ups included when they are asked."""
    answers: dict[str, str] = {}
    for q in CHECK_IN.questions:
        if q.is_asked(answers):
            answers[q.id] = draw(st.sampled_from(q.values))
    return answers


@given(answer_sets())
def test_risk_is_found_exactly_when_a_risk_question_raised_it(answers):
    result = evaluate_check_in(answers)
    raised = {CHECK_IN.question(qid).signal for qid in result.reasons}
    assert set(result.kinds) | set(result.topics) == raised
    assert result.risk_active == ("joint_exercises_paused" in [r.id for r in result.recommendations])


@given(answer_sets(), st.data())
def test_declining_an_answer_never_adds_risk(answers, data):
    question = data.draw(st.sampled_from(sorted(answers)))
    declined = {**answers, question: DECLINE}
    if CHECK_IN.question(question).asked_if is None:
        # Declining a parent question withdraws its follow-up, as the form would.
        declined = {k: v for k, v in declined.items() if CHECK_IN.question(k).is_asked(declined)}
    assert set(evaluate_check_in(declined).kinds) <= set(evaluate_check_in(answers).kinds)


@given(answer_sets())
def test_urgent_results_always_start_with_emergency_help(answers):
    result = evaluate_check_in(answers)
    first = result.recommendations[0].id if result.recommendations else None
    assert (result.urgency == "urgent") == (first == "emergency_now")
    assert result.urgency == "none" or result.kinds
