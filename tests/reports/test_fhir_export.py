"""FHIR R4 export, validated with fhir.resources' R4B models (FHIR 4.3, R4-compatible for
Questionnaire, QuestionnaireResponse and Bundle)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from between.assessments.checkin import CheckIn
from between.assessments.instruments import instruments
from between.reports.fhir import bundle, questionnaire, questionnaire_response

WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
CSI4 = CheckIn("ci-1", "person-7", "csi4", {"1": 4, "2": 3, "3": 3, "4": 4}, WHEN)
ECR_DRAFT = CheckIn("ci_2", "person-7", "ecr_s", {"1": 2, "8": 7}, WHEN, draft=True)


@pytest.mark.parametrize("instrument", sorted(instruments().values(), key=lambda i: i.id),
                         ids=lambda i: i.id)
def test_every_instrument_is_a_valid_questionnaire(instrument):
    resource = Questionnaire.model_validate(questionnaire(instrument))
    assert [q.text for q in resource.item] == [i.text for i in instrument.items]
    assert resource.copyright == instrument.licence_note


def test_a_check_in_is_a_valid_completed_response_with_labelled_answers():
    resource = QuestionnaireResponse.model_validate(questionnaire_response(CSI4))
    assert resource.status == "completed"
    assert resource.questionnaire == "urn:between:questionnaire:csi4"
    first = resource.item[0].answer[0].valueCoding
    assert (first.code, first.display) == ("4", "4 = Very Happy")


def test_a_draft_is_in_progress_and_lists_only_what_was_answered():
    resource = QuestionnaireResponse.model_validate(questionnaire_response(ECR_DRAFT))
    assert resource.status == "in-progress"
    assert [i.linkId for i in resource.item] == ["1", "8"]
    assert resource.id == "ci-2"  # '_' is not allowed in FHIR ids


def test_the_bundle_is_a_valid_collection_of_responses_and_their_questionnaires():
    exported = bundle([CSI4, ECR_DRAFT], now=WHEN)
    parsed = Bundle.model_validate(exported)
    assert parsed.type == "collection"
    kinds = [e.resource.__resource_type__ for e in parsed.entry]
    assert kinds == ["Questionnaire", "Questionnaire", "QuestionnaireResponse",
                     "QuestionnaireResponse"]
    urls = {e.resource.url for e in parsed.entry if e.resource.__resource_type__ == "Questionnaire"}
    answered = {e.resource.questionnaire for e in parsed.entry
                if e.resource.__resource_type__ == "QuestionnaireResponse"}
    assert answered == urls
    assert len({e.fullUrl for e in parsed.entry}) == 4


def test_every_answer_is_one_of_its_question_s_options():
    exported = bundle([CSI4], now=WHEN)
    form, response = (e["resource"] for e in exported["entry"])
    options = {q["linkId"]: [o["valueCoding"] for o in q["answerOption"]] for q in form["item"]}
    for item in response["item"]:
        assert item["answer"][0]["valueCoding"] in options[item["linkId"]]


def test_the_same_check_ins_export_to_the_same_bundle():
    assert bundle([CSI4], now=WHEN) == bundle([CSI4], now=WHEN)


@pytest.mark.parametrize(
    "fault",
    [{"authored": "yesterday"}, {"id": "ci_1"}, {"item": [{"text": "no linkId"}]}, {"score": 3}],
)
def test_the_validator_does_reject_a_broken_response(fault):
    # The models check types, ids, dates and required elements (not code bindings).
    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate(questionnaire_response(CSI4) | fault)
