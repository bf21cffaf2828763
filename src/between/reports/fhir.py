"""FHIR R4 resources from check-ins, so a clinician's system can import the answers.

Each instrument becomes a `Questionnaire`; each check-in a `QuestionnaireResponse` that points
at it; an export is a `Bundle` of type `collection` holding both. Plain dicts in, plain JSON-able
dicts out: callers pass only check-ins the reader may see.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from between.assessments.checkin import CheckIn
from between.assessments.instruments import Instrument, Item, get_instrument
from between.assessments.scoring import validate_answers

__all__ = ["bundle", "questionnaire", "questionnaire_response", "questionnaire_url"]

# Between is local-first, so its canonical URLs are names, not addresses: stable and unique,
# never fetched.
URN = "urn:between"
# Namespace for the bundle's urn:uuid fullUrls, so the same export gives the same ids.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:between:fhir")


def questionnaire_url(instrument: Instrument) -> str:
    return f"{URN}:questionnaire:{instrument.id}"


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": _fhir_id(instrument.id),
        "url": questionnaire_url(instrument),
        "name": re.sub(r"[^A-Za-z0-9]", "", instrument.short_title),
        "title": instrument.title,
        "status": "active",
        "description": f"Measures {instrument.measures}. {instrument.citation}",
        "copyright": instrument.licence_note,
        "item": [_question(instrument, item) for item in instrument.items],
    }


def questionnaire_response(check_in: CheckIn) -> dict[str, Any]:
    instrument = get_instrument(check_in.instrument)
    answers = validate_answers(instrument, check_in.answers, partial=True)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _fhir_id(check_in.id),
        "questionnaire": questionnaire_url(instrument),
        "status": "in-progress" if check_in.draft else "completed",
        "subject": {"identifier": {"system": f"{URN}:person", "value": check_in.person}},
        "authored": _instant(check_in.taken_at),
        "item": [
            {
                "linkId": str(number),
                "text": instrument.item(number).text,
                "answer": [{"valueCoding": _coding(instrument, instrument.item(number), value)}],
            }
            for number, value in sorted(answers.items())
        ],
    }


def bundle(check_ins: Iterable[CheckIn], *, now: datetime | None = None) -> dict[str, Any]:
    """A collection of every response plus the questionnaires they answer."""
    check_ins = list(check_ins)
    used = sorted({c.instrument for c in check_ins})
    resources = [questionnaire(get_instrument(i)) for i in used]
    resources += [questionnaire_response(c) for c in check_ins]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(now or datetime.now(UTC)),
        "entry": [
            {"fullUrl": _full_url(r), "resource": r} for r in resources
        ],
    }


def _question(instrument: Instrument, item: Item) -> dict[str, Any]:
    scale = instrument.scale_of(item)
    # An item may be skipped only where the missing-item rule lets its subscales be scored.
    required = any(
        s.missing.rule == "none_allowed" for s in instrument.subscales if item.number in s.items
    )
    return {
        "linkId": str(item.number),
        "text": item.text,
        "type": "choice",
        "required": required,
        "answerOption": [
            {"valueCoding": _coding(instrument, item, o.value)} for o in scale.options
        ],
    }


def _coding(instrument: Instrument, item: Item, value: int) -> dict[str, str]:
    label = instrument.answer_label(item, value)
    return {
        "system": f"{URN}:scale:{instrument.id}:{item.scale}",
        "code": str(value),
        "display": f"{value} = {label}" if label else str(value),
    }


def _fhir_id(text: str) -> str:
    # FHIR ids allow letters, digits, '-' and '.', up to 64 characters.
    return re.sub(r"[^A-Za-z0-9.\-]", "-", text)[:64]


def _full_url(resource: dict[str, Any]) -> str:
    name = f"{resource['resourceType']}/{resource['id']}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def _instant(moment: datetime) -> str:
    # FHIR needs a zone on every time of day; a naive time is taken to be UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
