"""The private safety check-in: questions (screening.yaml), answer validation and evaluation.

A screening aid, not a validated instrument: it routes a person to help, it does not diagnose
or score. `evaluate_check_in` is pure; storing the result, and showing it only to the person
who answered, is the caller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from between.analysis.taxonomy import RISK_KINDS
from between.errors import FieldProblem, bad_input
from between.safety._data import load_package_file
from between.safety.recommendations import (
    INDIVIDUAL_TOPICS,
    Recommendation,
    Signals,
    recommend,
)

# The answer every question offers; choosing it never raises a risk kind (see docs/safety.md).
DECLINE = "prefer_not_to_say"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    ref: str
    used_for: str


class AnswerOption(_Model):
    value: str
    label: str


class AskedIf(_Model):
    question: str
    answer_in: tuple[str, ...]


class Question(_Model):
    id: str
    text: str
    options: tuple[AnswerOption, ...]
    signal: str
    flag_when: tuple[str, ...]
    urgent_when: tuple[str, ...] = ()
    asked_if: AskedIf | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def is_asked(self, answers: Mapping[str, str]) -> bool:
        """Whether this question applies, given the answers to earlier questions."""
        return self.asked_if is None or answers.get(self.asked_if.question) in self.asked_if.answer_in


class CheckIn(_Model):
    title: str
    label: str
    intro: str
    sources: tuple[Source, ...]
    questions: tuple[Question, ...]

    @model_validator(mode="before")
    @classmethod
    def _inline_answer_sets(cls, data: Any) -> Any:
        # The file names an answer set per question; the model carries the options inline.
        if not isinstance(data, dict) or not isinstance(data.get("answer_sets"), dict):
            return data
        sets = data["answer_sets"]
        questions = [
            {**{k: v for k, v in q.items() if k != "answers"}, "options": sets.get(q.get("answers"))}
            if isinstance(q, dict)
            else q
            for q in data.get("questions") or []
        ]
        return {**{k: v for k, v in data.items() if k != "answer_sets"}, "questions": questions}

    @model_validator(mode="after")
    def _consistent(self) -> CheckIn:
        seen: dict[str, Question] = {}
        for q in self.questions:
            _check_question(q, seen)
            seen[q.id] = q
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def for_display(self) -> dict[str, Any]:
        """What a form or GET /safety/check-in shows: the questions, without the routing rules."""
        return self.model_dump(
            exclude={"questions": {"__all__": {"signal", "flag_when", "urgent_when"}}}
        )


def _check_question(q: Question, earlier: dict[str, Question]) -> None:
    if q.id in earlier:
        raise ValueError(f"question id {q.id!r} is used twice")
    if q.signal not in (*RISK_KINDS, *INDIVIDUAL_TOPICS):
        raise ValueError(f"{q.id}: unknown signal {q.signal!r}")
    if DECLINE not in q.values:
        raise ValueError(f"{q.id}: every question must offer {DECLINE!r}")
    for name in ("flag_when", "urgent_when"):
        if not set(getattr(q, name)) <= set(q.values):
            raise ValueError(f"{q.id}: {name} names an answer the question does not offer")
    if DECLINE in q.flag_when:
        raise ValueError(f"{q.id}: declining to answer must not raise a signal")
    if q.asked_if is not None:
        parent = earlier.get(q.asked_if.question)
        if parent is None or not set(q.asked_if.answer_in) <= set(parent.values):
            raise ValueError(f"{q.id}: asked_if must name an earlier question and its answers")


@lru_cache(maxsize=1)
def load_check_in() -> CheckIn:
    return load_package_file("screening.yaml", CheckIn)


@dataclass(frozen=True)
class SafetyResult:
    """One person's check-in result: for their eyes only."""

    kinds: tuple[str, ...]
    topics: tuple[str, ...]
    urgency: str
    reasons: tuple[str, ...]  # question ids whose answers raised a signal
    declined: tuple[str, ...]  # question ids answered "prefer not to say"
    recommendations: tuple[Recommendation, ...]
    label: str

    @property
    def risk_active(self) -> bool:
        return bool(self.kinds)


def validate_answers(answers: Any, check_in: CheckIn | None = None) -> dict[str, str]:
    """Check answers against the questions; return the answers to the questions that apply.

    A follow-up answered although it does not apply is checked but left out of the result.
    """
    check_in = check_in or load_check_in()
    if not isinstance(answers, Mapping):
        raise bad_input(
            "Answers must be an object of question id to answer.",
            FieldProblem("answers", "Send an object, for example {\"safe_at_home\": \"yes\"}."),
        )
    problems = [
        FieldProblem(f"answers.{key}", "There is no such question in the check-in.")
        for key in answers
        if check_in.question(str(key)) is None
    ]
    for q in check_in.questions:
        problem = _problem_with(q, answers)
        if problem:
            problems.append(problem)
    if problems:
        raise bad_input("Some check-in answers need another look.", *problems)
    return {q.id: answers[q.id] for q in check_in.questions if q.id in answers and q.is_asked(answers)}


def _problem_with(q: Question, answers: Mapping[str, Any]) -> FieldProblem | None:
    where = f"answers.{q.id}"
    if q.id not in answers:
        # A follow-up whose parent answer is missing or invalid is not asked yet.
        return FieldProblem(where, "Choose an answer, or 'Prefer not to say'.") if q.is_asked(answers) else None
    if answers[q.id] not in q.values:
        return FieldProblem(where, f"Choose one of: {', '.join(q.values)}.")
    return None


def evaluate_check_in(answers: Any, check_in: CheckIn | None = None) -> SafetyResult:
    """Which risk kinds and individual-work topics the answers point to, how urgent, what next."""
    check_in = check_in or load_check_in()
    cleaned = validate_answers(answers, check_in)
    asked = [q for q in check_in.questions if q.id in cleaned]
    raised = [q for q in asked if cleaned[q.id] in q.flag_when]
    signals = {q.signal for q in raised}
    kinds = tuple(k for k in RISK_KINDS if k in signals)
    topics = tuple(t for t in INDIVIDUAL_TOPICS if t in signals)
    urgent = any(cleaned[q.id] in q.urgent_when for q in asked)
    declined = tuple(q.id for q in asked if cleaned[q.id] == DECLINE)
    return SafetyResult(
        kinds=kinds,
        topics=topics,
        urgency="urgent" if urgent else "soon" if kinds else "none",
        reasons=tuple(q.id for q in raised),
        declined=declined,
        recommendations=recommend(
            Signals(kinds=kinds, topics=topics, urgent=urgent, declined=bool(declined))
        ),
        label=check_in.label,
    )
