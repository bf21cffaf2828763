"""Check-ins as CSV, one row per check-in, with a codebook that explains every column.

Scores are recomputed from the answers with the shipped scoring engine, and each score is
judged against that person's first check-in on the same instrument (reliable change).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from between.assessments.change import changes_from_baseline
from between.assessments.checkin import CheckIn
from between.assessments.instruments import Instrument, get_instrument
from between.assessments.scoring import score

__all__ = ["CodebookEntry", "codebook", "codebook_csv", "export_csv", "item_codebook", "to_csv"]

# Subscales in a fixed column order: satisfaction first, then the attachment dimensions.
_SUBSCALE_ORDER = ("total", "anxiety", "avoidance")


@dataclass(frozen=True)
class CodebookEntry:
    column: str
    meaning: str
    values: str


def export_csv(check_ins: Iterable[CheckIn]) -> str:
    check_ins = sorted(check_ins, key=lambda c: (c.taken_at, c.id))
    columns = [e.column for e in codebook(check_ins)]
    changes = _changes(check_ins)
    rows = [_row(c, changes) for c in check_ins]
    return to_csv(columns, rows)


def codebook(check_ins: Iterable[CheckIn]) -> list[CodebookEntry]:
    """One entry per column that `export_csv` writes for these check-ins, in column order."""
    check_ins = list(check_ins)
    used = sorted({c.instrument for c in check_ins})
    instruments = [get_instrument(i) for i in used]
    entries = [
        CodebookEntry("check_in_id", "Identifier of the check-in", "text"),
        CodebookEntry("person", "Identifier of the person who answered", "text"),
        CodebookEntry("instrument", "Questionnaire answered", ", ".join(used) or "none"),
        CodebookEntry("taken_at", "When it was answered", "ISO 8601 date and time with zone"),
        CodebookEntry(
            "status", "Whether it was finished", "completed; draft (partly answered, no score)"
        ),
    ]
    for sub_id in _subscales(instruments):
        having = [i for i in instruments if any(s.id == sub_id for s in i.subscales)]
        ranges = "; ".join(f"{i.id}: {_range_text(i, sub_id)}" for i in having)
        entries.append(
            CodebookEntry(
                f"score_{sub_id}",
                f"Score on the {sub_id} scale, after reverse keying and the missing-item rule; "
                "empty when too many items are unanswered",
                ranges,
            )
        )
        entries.append(
            CodebookEntry(
                f"change_{sub_id}",
                f"Change in score_{sub_id} since the person's first check-in on this "
                "questionnaire, by the reliable change index (Jacobson & Truax, 1991)",
                "reliable improvement; no reliable change; reliable deterioration; "
                "empty for the first check-in",
            )
        )
        if any(i.subscale(sub_id).cutoff for i in having):
            cutoffs = "; ".join(
                f"{i.id}: {i.subscale(sub_id).cutoff.value}" for i in having if i.subscale(sub_id).cutoff
            )
            entries.append(
                CodebookEntry(
                    f"band_{sub_id}",
                    f"Where score_{sub_id} falls against the published distress cut-off "
                    f"({cutoffs})",
                    "below_cutoff; at_or_above_cutoff; empty where no cut-off exists",
                )
            )
    for number in range(1, max((len(i.items) for i in instruments), default=0) + 1):
        having = [i for i in instruments if number <= len(i.items)]
        ranges = "; ".join(f"{i.id}: {_item_range(i, number)}" for i in having)
        entries.append(
            CodebookEntry(
                f"item_{number}",
                f"Raw answer to item {number}, before reverse keying (wording and labels in "
                "the item codebook); empty when unanswered",
                ranges,
            )
        )
    return entries


def item_codebook(instrument_ids: Iterable[str]) -> list[CodebookEntry]:
    """The wording, answer labels and keying of every item, for reading the item columns."""
    entries = []
    for instrument_id in sorted(set(instrument_ids)):
        instrument = get_instrument(instrument_id)
        for item in instrument.items:
            scale = instrument.scale_of(item)
            labels = [
                f"{v} = {instrument.answer_label(item, v)}"
                if instrument.answer_label(item, v)
                else str(v)
                for v in scale.values
            ]
            keying = "; reverse-keyed" if item.reverse else ""
            entries.append(
                CodebookEntry(
                    f"{instrument_id} item_{item.number}", item.text, "; ".join(labels) + keying
                )
            )
    return entries


def to_csv(columns: list[str], rows: Iterable[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def codebook_csv(entries: Iterable[CodebookEntry]) -> str:
    return to_csv(
        ["column", "meaning", "values"],
        ({"column": e.column, "meaning": e.meaning, "values": e.values} for e in entries),
    )


def _row(check_in: CheckIn, changes: dict[tuple[str, str], str]) -> dict[str, object]:
    instrument = get_instrument(check_in.instrument)
    result = score(instrument, check_in.answers)
    row: dict[str, object] = {
        "check_in_id": check_in.id,
        "person": check_in.person,
        "instrument": check_in.instrument,
        "taken_at": check_in.taken_at.isoformat(timespec="seconds"),
        "status": "draft" if check_in.draft else "completed",
    }
    for sub_id, sub_score in result.subscales.items():
        if sub_score.value is not None and not check_in.draft:
            row[f"score_{sub_id}"] = _number(sub_score.value)
            row[f"change_{sub_id}"] = changes.get((check_in.id, sub_id), "")
            if sub_score.band:
                row[f"band_{sub_id}"] = sub_score.band
    for key, value in check_in.answers.items():
        if value is not None:
            row[f"item_{int(key)}"] = value
    return row


def _changes(check_ins: list[CheckIn]) -> dict[tuple[str, str], str]:
    """Reliable-change label per (check-in, subscale), against the person's first score."""
    histories: dict[tuple[str, str, str], list[tuple[str, float]]] = defaultdict(list)
    for c in check_ins:
        if c.draft:
            continue
        for sub_id, sub_score in score(get_instrument(c.instrument), c.answers).subscales.items():
            if sub_score.value is not None:
                histories[(c.person, c.instrument, sub_id)].append((c.id, sub_score.value))
    labels = {}
    for (_, instrument_id, sub_id), history in histories.items():
        values = [v for _, v in history]
        for (check_in_id, _), change in zip(
            history, changes_from_baseline(get_instrument(instrument_id), sub_id, values),
            strict=True,
        ):
            if change is not None:
                labels[(check_in_id, sub_id)] = change.label
    return labels


def _number(value: float) -> int | float:
    # Sums print as whole numbers; means keep four decimals.
    return int(value) if value == int(value) else round(value, 4)


def _subscales(instruments: list[Instrument]) -> list[str]:
    present = {s.id for i in instruments for s in i.subscales}
    return [s for s in _SUBSCALE_ORDER if s in present] + sorted(present - set(_SUBSCALE_ORDER))


def _range_text(instrument: Instrument, sub_id: str) -> str:
    low, high = instrument.score_range(sub_id)
    return f"{instrument.subscale(sub_id).scoring} {low:g}-{high:g}"


def _item_range(instrument: Instrument, number: int) -> str:
    scale = instrument.scale_of(instrument.item(number))
    return f"{scale.low}-{scale.high}"
