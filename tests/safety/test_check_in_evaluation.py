"""The private safety check-in: which answers raise which risk, how urgent, and bad input."""

from __future__ import annotations

import pytest

from between.analysis.taxonomy import RISK_KINDS
from between.errors import BetweenError
from between.safety.screening import DECLINE, CheckIn, evaluate_check_in, load_check_in, validate_answers

CHECK_IN = load_check_in()


def all_clear() -> dict[str, str]:
    """Each first-asked question answered with its first answer that raises nothing."""
    return {
        q.id: next(v for v in q.values if v not in q.flag_when and v not in q.urgent_when and v != DECLINE)
        for q in CHECK_IN.questions
        if q.asked_if is None
    }


def answered(**changes: str) -> dict[str, str]:
    return {**all_clear(), **changes}


def ids(recommendations) -> list[str]:
    return [r.id for r in recommendations]


def test_it_is_labelled_a_screening_aid_everywhere():
    assert CHECK_IN.label == "A screening aid, not a validated instrument."
    assert evaluate_check_in(all_clear()).label == CHECK_IN.label


def test_the_intro_promises_privacy_from_the_partner_and_a_way_out():
    assert "partner never sees" in CHECK_IN.intro
    assert "Quick exit" in CHECK_IN.intro


def test_the_form_shows_questions_and_options_but_not_the_routing_rules():
    shown = CHECK_IN.for_display()
    assert shown["label"] == CHECK_IN.label
    first = shown["questions"][0]
    assert {"id", "text", "options", "asked_if"} == set(first)
    assert {o["value"] for o in first["options"]} >= {DECLINE}


def test_all_clear_answers_find_no_risk_and_recommend_nothing():
    result = evaluate_check_in(all_clear())
    assert (result.kinds, result.topics, result.urgency) == ((), (), "none")
    assert result.recommendations == ()
    assert not result.risk_active


@pytest.mark.parametrize(
    ("question", "answer", "kind"),
    [
        ("safe_at_home", "no", "fear_of_partner"),
        ("afraid_of_partner", "sometimes", "fear_of_partner"),
        ("afraid_today", "yes", "fear_of_partner"),
        ("physically_hurt", "often", "violence"),
        ("neck_or_breathing", "yes", "violence"),
        ("threatened", "sometimes", "threat"),
        ("money_controlled", "often", "coercive_control"),
        ("phone_or_whereabouts_watched", "sometimes", "coercive_control"),
        ("kept_from_people", "sometimes", "coercive_control"),
        ("sexual_pressure", "sometimes", "sexual_coercion"),
        ("self_harm_thoughts", "sometimes", "self_harm"),
    ],
)
def test_each_concerning_answer_raises_its_risk_kind(question, answer, kind):
    extra = {"self_harm_plan": "no"} if question == "self_harm_thoughts" else {}
    result = evaluate_check_in(answered(**{question: answer}, **extra))
    assert result.kinds == (kind,)
    assert result.reasons == (question,)
    assert result.risk_active


def test_every_risk_kind_has_a_question():
    assert {q.signal for q in CHECK_IN.questions} >= set(RISK_KINDS)


@pytest.mark.parametrize(
    ("question", "answer", "topic"),
    [
        ("past_still_present", "often", "trauma"),
        ("distant_for_long", "yes", "long_standing_disconnection"),
        ("intimacy_worry", "yes", "intimacy"),
    ],
)
def test_individual_work_topics_recommend_help_alongside_couple_work(question, answer, topic):
    result = evaluate_check_in(answered(**{question: answer}))
    assert result.topics == (topic,)
    assert result.kinds == () and result.urgency == "none"
    [rec] = result.recommendations
    assert rec.category == "alongside" and "alongside" in rec.body


def test_trauma_sometimes_is_not_enough_to_recommend_therapy():
    assert evaluate_check_in(answered(past_still_present="sometimes")).topics == ()


def test_several_kinds_come_back_in_taxonomy_order():
    result = evaluate_check_in(answered(sexual_pressure="often", physically_hurt="sometimes"))
    assert result.kinds == ("violence", "sexual_coercion")


# --- urgency ---------------------------------------------------------------------------------


def test_self_harm_with_a_plan_is_urgent_and_puts_emergency_then_crisis_line_first():
    result = evaluate_check_in(answered(self_harm_thoughts="often", self_harm_plan="yes"))
    assert result.urgency == "urgent"
    assert ids(result.recommendations)[:2] == ["emergency_now", "crisis_line"]


def test_self_harm_thoughts_without_a_plan_put_the_crisis_line_first():
    result = evaluate_check_in(answered(self_harm_thoughts="sometimes", self_harm_plan="no"))
    assert result.urgency == "soon"
    assert ids(result.recommendations)[0] == "crisis_line"


def test_declining_the_plan_question_after_sharing_thoughts_errs_towards_urgent():
    result = evaluate_check_in(answered(self_harm_thoughts="sometimes", self_harm_plan=DECLINE))
    assert result.urgency == "urgent"


def test_crisis_line_comes_before_abuse_support_when_both_apply():
    result = evaluate_check_in(
        answered(physically_hurt="often", self_harm_thoughts="sometimes", self_harm_plan="no")
    )
    order = ids(result.recommendations)
    assert order.index("crisis_line") < order.index("abuse_support")


@pytest.mark.parametrize("question", ["neck_or_breathing", "afraid_today"])
def test_choking_or_fear_today_is_urgent(question):
    assert evaluate_check_in(answered(**{question: "yes"})).urgency == "urgent"


def test_other_risk_is_soon_not_urgent():
    result = evaluate_check_in(answered(threatened="sometimes"))
    assert result.urgency == "soon"
    assert "emergency_now" not in ids(result.recommendations)


# --- prefer not to say -----------------------------------------------------------------------


def test_declining_everything_raises_no_risk_but_points_gently_to_services():
    answers = {q.id: DECLINE for q in CHECK_IN.questions if q.asked_if is None}
    result = evaluate_check_in(answers)
    assert (result.kinds, result.topics, result.urgency) == ((), (), "none")
    assert set(result.declined) == set(answers)
    assert ids(result.recommendations) == ["services_are_there"]


def test_the_gentle_pointer_gives_way_to_real_recommendations_when_risk_is_found():
    result = evaluate_check_in(answered(safe_at_home=DECLINE, physically_hurt="sometimes"))
    assert result.declined == ("safe_at_home",)
    assert "services_are_there" not in ids(result.recommendations)
    assert "abuse_support" in ids(result.recommendations)


def test_no_question_may_raise_a_signal_when_declined():
    data = CHECK_IN.model_dump()
    data["questions"][0]["flag_when"] = [DECLINE]
    with pytest.raises(ValueError, match="declining"):
        CheckIn.model_validate(data)


# --- validation ------------------------------------------------------------------------------


def problems(answers) -> dict[str, str]:
    with pytest.raises(BetweenError) as caught:
        validate_answers(answers)
    assert caught.value.status == 422
    return {p.field: p.message for p in caught.value.errors}


def test_answers_must_be_an_object():
    assert set(problems(["yes"])) == {"answers"}


def test_every_bad_item_is_reported_at_once():
    answers = answered(safe_at_home="maybe", unknown_question="yes")
    del answers["threatened"]
    found = problems(answers)
    assert set(found) == {"answers.safe_at_home", "answers.unknown_question", "answers.threatened"}
    assert "prefer_not_to_say" in found["answers.safe_at_home"]
    assert "Prefer not to say" in found["answers.threatened"]


def test_the_plan_follow_up_is_required_only_after_thoughts_of_self_harm():
    assert set(problems(answered(self_harm_thoughts="sometimes"))) == {"answers.self_harm_plan"}
    assert "self_harm_plan" not in validate_answers(answered(self_harm_thoughts="never"))


def test_a_follow_up_sent_when_not_asked_is_checked_then_ignored():
    assert "self_harm_plan" not in validate_answers(answered(self_harm_plan="yes"))
    assert evaluate_check_in(answered(self_harm_plan="yes")).urgency == "none"
    assert set(problems(answered(self_harm_plan="perhaps"))) == {"answers.self_harm_plan"}
