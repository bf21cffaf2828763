"""Take, read, share and schedule check-ins; progress built only from what the viewer may see.

Every read goes through the access policy. A draft is its owner's alone, whatever its
visibility says: half-answered questionnaires are never shown to anyone else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from between.assessments import schedule as scheduling
from between.assessments.change import Change, changes_from_baseline
from between.assessments.checkin import CheckIn
from between.assessments.instruments import Instrument, get_instrument, instruments
from between.assessments.models import CheckInRecord, CheckInSchedule
from between.assessments.scoring import score, validate_answers
from between.db.base import utcnow
from between.errors import FieldProblem, bad_input, not_found
from between.moments.service import list_moments
from between.people.couples import active_membership, current_couple
from between.people.models import Membership, Person, Role
from between.privacy.audit import audit, audit_therapist_reads
from between.privacy.policy import get_owned, get_readable, select_readable
from between.privacy.sharing import place_in_couple
from between.privacy.visibility import Visibility
from between.reports.metrics import InteractionMetrics, MomentFacts
from between.reports.metrics import interaction_metrics as compute_metrics

DRAFT, COMPLETE = "draft", "complete"
MAX_ANSWERS = 100  # more keys than any instrument has items: refuse before looking at them


class NewCheckIn(BaseModel):
    """Answers to one questionnaire; `draft` keeps partial answers to finish later."""

    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(..., max_length=32, description="An id from GET /api/v1/instruments.")
    answers: dict[str, Any] = Field(
        ..., max_length=MAX_ANSWERS,
        description='Raw answers by item number, e.g. {"1": 4, "2": 3}; null leaves one out.')
    visibility: Visibility | None = Field(
        None, description="Who may see it; the questionnaire's default (private) if left out.")
    draft: bool = Field(False, description="Save partial answers as a draft instead of finishing.")


class Sharing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visibility: Visibility


# -- taking and reading -----------------------------------------------------------------------


def record_check_in(db: Session, owner: Person, data: NewCheckIn) -> CheckInRecord:
    """Save a draft, or finish a check-in; a person's open draft of the same questionnaire is
    reused, so a finished check-in replaces the draft it grew from."""
    instrument = get_instrument(data.instrument)
    valid = validate_answers(instrument, data.answers, partial=data.draft)
    record = load_draft(db, owner, instrument.id) or CheckInRecord(
        owner_id=owner.id, instrument=instrument.id,
        visibility=instrument.default_visibility)
    record.answers = {str(n): v for n, v in sorted(valid.items())}
    record.scores = {s: v.value for s, v in score(instrument, record.answers).subscales.items()}
    record.status = DRAFT if data.draft else COMPLETE
    record.taken_at = record.updated_at = utcnow()
    was_private = record.visibility == Visibility.PRIVATE.value
    if data.visibility is not None:
        record.visibility = data.visibility.value
    place_in_couple(db, record, owner, was_private=was_private)
    db.add(record)
    db.flush()
    audit(db, owner.id, "create" if record.status == COMPLETE else "draft", "check_in", record.id)
    return record


def load_draft(db: Session, owner: Person, instrument_id: str) -> CheckInRecord | None:
    return db.scalar(select(CheckInRecord).where(
        CheckInRecord.owner_id == owner.id, CheckInRecord.instrument == instrument_id,
        CheckInRecord.status == DRAFT))


def list_check_ins(db: Session, viewer: Person, instrument: str | None = None, *,
                   drafts: bool = False) -> list[CheckInRecord]:
    """What `viewer` may see, oldest first; drafts only where asked for, and only their own."""
    query = select_readable(CheckInRecord, viewer.id).where(_not_someone_elses_draft(viewer))
    if not drafts:
        query = query.where(CheckInRecord.status == COMPLETE)
    if instrument is not None:
        query = query.where(CheckInRecord.instrument == get_instrument(instrument).id)
    records = list(db.scalars(query.order_by(CheckInRecord.taken_at, CheckInRecord.id)))
    audit_therapist_reads(db, viewer, "check_in", records)
    return records


def read_check_in(db: Session, viewer: Person, check_in_id: str) -> CheckInRecord:
    record = get_readable(db, CheckInRecord, check_in_id, viewer.id)
    if record.status == DRAFT and record.owner_id != viewer.id:
        raise not_found()
    audit(db, viewer.id, "read", "check_in", record.id)
    return record


def share_check_in(db: Session, owner: Person, check_in_id: str,
                   visibility: Visibility) -> CheckInRecord:
    record = get_owned(db, CheckInRecord, check_in_id, owner.id)
    was_private = record.visibility == Visibility.PRIVATE.value
    record.visibility = visibility.value
    place_in_couple(db, record, owner, was_private=was_private)
    audit(db, owner.id, "share", "check_in", record.id)
    return record


def delete_check_in(db: Session, owner: Person, check_in_id: str) -> None:
    db.delete(get_owned(db, CheckInRecord, check_in_id, owner.id))
    audit(db, owner.id, "delete", "check_in", check_in_id)


def history(db: Session, viewer: Person, instrument: str | None = None,
            *, drafts: bool = False) -> list[dict[str, Any]]:
    """Views of the visible check-ins, each finished one judged against its owner's first
    visible one by the reliable change index."""
    records = list_check_ins(db, viewer, instrument, drafts=drafts)
    changes = reliable_changes(records)
    return [check_in_view(r, changes.get(r.id, {})) for r in records]


def judged_view(db: Session, viewer: Person, record: CheckInRecord) -> dict[str, Any]:
    """One check-in's view with its change since the owner's first one `viewer` may see."""
    earlier = [r for r in list_check_ins(db, viewer, record.instrument)
               if r.owner_id == record.owner_id]
    return check_in_view(record, reliable_changes(earlier).get(record.id, {}))


def check_in_view(record: CheckInRecord, changes: dict[str, Change] | None = None
                  ) -> dict[str, Any]:
    instrument = get_instrument(record.instrument)
    result = score(instrument, record.answers)
    complete = record.status == COMPLETE
    return {
        "id": record.id,
        "owner_id": record.owner_id,
        "instrument": record.instrument,
        "status": record.status,
        "visibility": record.visibility,
        "taken_at": record.taken_at,
        "answers": dict(record.answers),
        "scores": {s: v.value for s, v in result.subscales.items()},
        "interpretation": {
            s: {"band": v.band, "text": v.interpretation}
            for s, v in result.subscales.items() if complete and v.value is not None
        },
        "change": {
            s: {"label": c.label, "rci": round(c.rci, 2), "from": c.before, "to": c.after,
                "clinical": c.clinical}
            for s, c in (changes or {}).items()
        },
    }


def reliable_changes(records: list[CheckInRecord]) -> dict[str, dict[str, Change]]:
    """Per check-in id and subscale: the change since that owner's first listed check-in."""
    series: dict[tuple[str, str, str], list[tuple[str, float]]] = defaultdict(list)
    for record in records:
        if record.status != COMPLETE:
            continue
        for sub_id, value in record.scores.items():
            if value is not None:
                series[(record.owner_id, record.instrument, sub_id)].append((record.id, value))
    found: dict[str, dict[str, Change]] = defaultdict(dict)
    for (_, instrument_id, sub_id), points in series.items():
        judged = changes_from_baseline(get_instrument(instrument_id), sub_id,
                                       [v for _, v in points])
        for (record_id, _), change in zip(points, judged, strict=True):
            if change is not None:
                found[record_id][sub_id] = change
    return found


def as_value(record: CheckInRecord) -> CheckIn:
    """The plain value the report builders take."""
    return CheckIn(record.id, record.owner_id, record.instrument, dict(record.answers),
                   record.taken_at, draft=record.status == DRAFT)


def _not_someone_elses_draft(viewer: Person):
    return or_(CheckInRecord.status == COMPLETE, CheckInRecord.owner_id == viewer.id)


# -- schedule and reminders -------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    instrument: str
    title: str
    since: date
    has_draft: bool
    plain_title: str = ""
    why: str = ""


def schedule_for(db: Session, person: Person) -> tuple[scheduling.ScheduleRule, ...]:
    couple = current_couple(db, person)
    row = couple and db.scalar(select(CheckInSchedule).where(
        CheckInSchedule.couple_id == couple.id))
    return scheduling.make_rules(row.rules) if row else scheduling.DEFAULT_RULES


def set_schedule(db: Session, person: Person, raw: list[dict[str, Any]]
                 ) -> tuple[scheduling.ScheduleRule, ...]:
    """Either partner may change the couple's schedule; it applies to both."""
    couple = current_couple(db, person)
    if couple is None:
        raise bad_input("A schedule belongs to a couple.",
                        FieldProblem("schedule", "start or join a couple first"))
    rules = scheduling.make_rules(raw)
    row = db.scalar(select(CheckInSchedule).where(CheckInSchedule.couple_id == couple.id))
    if row is None:
        row = CheckInSchedule(couple_id=couple.id, rules=[])
        db.add(row)
    row.rules = [{"instrument": r.instrument, "every": r.every, "unit": r.unit} for r in rules]
    row.updated_by, row.updated_at = person.id, utcnow()
    audit(db, person.id, "update", "check_in_schedule", row.id)
    return rules


def reminders_for(db: Session, person: Person, *, today: date | None = None) -> list[Reminder]:
    """What `person` is due to take: from their own check-ins only, so nothing about the
    partner's answers shows (reminders stay until the questionnaire is finished)."""
    if person.role != Role.PARTNER.value:
        return []
    own = db.scalars(select(CheckInRecord).where(CheckInRecord.owner_id == person.id))
    records = list(own)
    done = [scheduling.Completion(r.instrument, r.taken_at.date())
            for r in records if r.status == COMPLETE]
    drafts = {r.instrument for r in records if r.status == DRAFT}
    membership = active_membership(db, person.id)
    starts = (membership.joined_at if membership else person.created_at).date()
    found = scheduling.due(schedule_for(db, person), done, starts=starts,
                           today=today or utcnow().date())
    reminders = [_reminder(get_instrument(d.instrument), d.since, d.instrument in drafts) for d in found]
    return sorted(reminders, key=lambda r: get_instrument(r.instrument).introduce_order)


def _reminder(instrument: Instrument, since: date, has_draft: bool) -> Reminder:
    return Reminder(instrument.id, instrument.short_title, since, has_draft, instrument.plain_title,
                    instrument.why)


# -- progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Track:
    """One subscale of one questionnaire over time, a series per person."""

    instrument: Instrument
    subscale: str
    series: dict[str, list[tuple[date, float]]]  # person label -> (day, score)
    latest: dict[str, Change | None]  # person label -> latest change from their first


@dataclass(frozen=True)
class Progress:
    reader: Person
    names: dict[str, str]  # owner id -> "You" or display name
    tracks: list[Track]
    interactions: InteractionMetrics
    reminders: list[Reminder]


def progress_for(db: Session, viewer: Person, *, owner_id: str | None = None,
                 today: date | None = None) -> Progress:
    """Scores over time and interaction metrics, from what `viewer` may see. `owner_id`
    narrows the scores to one person's check-ins (a per-person report)."""
    records = [r for r in list_check_ins(db, viewer)
               if owner_id is None or r.owner_id == owner_id]
    names = display_names(db, viewer, {r.owner_id for r in records})
    audit(db, viewer.id, "read", "progress", viewer.id)
    return Progress(viewer, names, _tracks(records, names),
                    interactions_for(db, viewer, today=today or utcnow().date()),
                    reminders_for(db, viewer, today=today))


def progress_json(progress: Progress) -> dict[str, Any]:
    """Progress as plain JSON-able values (API and CLI)."""
    metrics = progress.interactions
    return {
        "tracks": [{
            "instrument": t.instrument.id,
            "subscale": t.subscale,
            "series": t.series,
            "latest_change": {p: c.label if c else None for p, c in t.latest.items()},
        } for t in progress.tracks],
        "interactions": {
            name: getattr(metrics, name)
            for name in ("moments", "weeks", "moments_per_week", "mean_intensity",
                         "share_repaired", "median_repair_minutes", "share_deeper_feeling",
                         "positive_moments", "share_positive")
        } | {"by_week": [vars(w) for w in metrics.by_week]},
        "reminders": [vars(r) for r in progress.reminders],
    }


def interactions_for(db: Session, viewer: Person, *, today: date) -> InteractionMetrics:
    facts = [MomentFacts(m.occurred_at, m.intensity, m.outcome, m.repair_minutes,
                         bool((m.deeper_feeling or "").strip()))
             for m in list_moments(db, viewer)]
    return compute_metrics(facts, positive_cycle_times(db, viewer), today=today)


def positive_cycle_times(db: Session, viewer: Person) -> list[datetime] | None:
    """When each reach in the couple's conversations met a responsive answer (from the coach,
    which filters to what the viewer may see); None where conversations are unavailable."""
    if not find_spec("between.coach.service"):
        return None
    source = getattr(import_module("between.coach.service"), "positive_cycle_moments", None)
    couple_id = _viewer_couple_id(db, viewer)
    if source is None or couple_id is None:
        return None
    return [item["at"] for item in source(db, couple_id, viewer)]


def _viewer_couple_id(db: Session, viewer: Person) -> str | None:
    return db.scalar(select(Membership.couple_id).where(
        Membership.person_id == viewer.id, Membership.left_at.is_(None)).limit(1))


def display_names(db: Session, viewer: Person, owner_ids: set[str]) -> dict[str, str]:
    """How each owner is named to `viewer`: "You", or their display name."""
    names = {viewer.id: "You"}
    for person in db.scalars(select(Person).where(Person.id.in_(owner_ids - {viewer.id}))):
        names[person.id] = person.display_name
    return names


def _tracks(records: list[CheckInRecord], names: dict[str, str]) -> list[Track]:
    changes = reliable_changes(records)
    tracks = []
    for instrument in instruments().values():
        mine = [r for r in records if r.instrument == instrument.id]
        for sub in instrument.subscales:
            series: dict[str, list[tuple[date, float]]] = {}
            latest: dict[str, Change | None] = {}
            for owner in sorted({r.owner_id for r in mine}):
                label = names.get(owner, "Partner")
                points = [r for r in mine if r.owner_id == owner and r.scores.get(sub.id) is not None]
                if points:
                    series[label] = [(r.taken_at.date(), r.scores[sub.id]) for r in points]
                    latest[label] = changes.get(points[-1].id, {}).get(sub.id)
            if series:
                tracks.append(Track(instrument, sub.id, _you_first(series), latest))
    return tracks


def _you_first(series: dict[str, list]) -> dict[str, list]:
    return dict(sorted(series.items(), key=lambda kv: kv[0] != "You"))
