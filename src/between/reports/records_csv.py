"""Moments, conversations, their turns, slow-downs and reflections as CSV files, each column
in a codebook.

Built from the same view as the JSON export (what the viewer may see, nothing else); check-ins
have their own file (csv_export.py). Times are ISO 8601 in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from between.reports.csv_export import CodebookEntry, to_csv

TIME = "ISO 8601 date and time in UTC"
TEXT = "text"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    values: str
    read: Callable[[dict[str, Any]], Any]


def _key(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda record: record.get(key)


def _answer(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda record: (record.get("answers") or {}).get(key)


def _col(name: str, meaning: str, values: str = TEXT, read=None) -> Column:
    return Column(name, meaning, values, read or _key(name))


MOMENTS = (
    _col("moment_id", "Identifier of the moment", read=_key("id")),
    _col("owner", "Identifier of the person who wrote it", read=_key("owner_id")),
    _col("visibility", "Who may see it", "private; partner; therapist; couple"),
    _col("keep_text_private", "Shared without what happened and what it meant", "true; false"),
    _col("occurred_at", "When it happened", TIME),
    _col("happened", "What happened, in the writer's words; empty when kept private"),
    _col("surface_reaction", "What the writer felt on top"),
    _col("protective_move", "What the writer did"),
    _col("meaning", "What the writer told themselves it meant; empty when kept private"),
    _col("deeper_feeling", "What the writer felt underneath"),
    _col("need", "What the writer needed"),
    _col("intensity", "How strong it was", "0-10; empty when not given"),
    _col("outcome", "How it ended", "repaired; unresolved; ongoing; empty when not given"),
    _col("repair_minutes", "If repaired, how many minutes it took", "whole minutes"),
    _col("created_at", "When it was recorded", TIME),
    _col("updated_at", "When it was last edited", TIME),
)
CONVERSATIONS = (
    _col("conversation_id", "Identifier of the softening conversation", read=_key("id")),
    _col("status", "Where it stands", "active; paused; finished; stopped"),
    _col("round", "The round it reached (each partner shares once)", "1-2"),
    _col("speaker", "Identifier of the partner sharing in that round", read=_key("speaker_id")),
    _col("listener", "Identifier of the partner listening in that round", read=_key("listener_id")),
    _col("created_at", "When it started", TIME),
    _col("updated_at", "When it last changed", TIME),
)
TURNS = (
    _col("conversation_id", "Identifier of the conversation (conversations.csv)"),
    _col("turn_id", "Identifier of the turn", read=_key("id")),
    _col("author", "Identifier of the partner who wrote it", read=_key("author_id")),
    _col("round", "The round it belongs to", "1-2"),
    _col("step", "The step of the round", "share; reflect; confirm; respond"),
    _col("confirmed", "At the confirm step: did the reflection get it right", "true (yes); false (not quite); "
         "empty at other steps"),
    _col("text", "What was written"),
    _col("created_at", "When it was sent", TIME),
)
SLOWDOWNS = (
    _col("slowdown_id", "Identifier of the slow-down", read=_key("id")),
    _col("step", "The step it reached", "pause; body; cycle; on_top; underneath; need; done"),
    _col("happened", "What was happening, in a few words", read=_answer("happened")),
    _col("heart_rate", "Heart rate given, beats per minute", "30-250; empty when not given",
         read=_answer("heart_rate")),
    _col("flooded", "Felt flooded", "true; empty", read=_answer("flooded")),
    _col("on_top", "What was felt on top", read=_answer("on_top")),
    _col("underneath", "What was felt underneath", read=_answer("underneath")),
    _col("need", "What was needed", read=_answer("need")),
    _col("break_until", "End of the break taken when flooded", TIME),
    _col("finished_at", "When it was finished", TIME),
    _col("moment_id", "The moment saved from it (moments.csv)"),
    _col("created_at", "When it started", TIME),
)

REFLECTIONS = (
    _col("reflection_id", "Identifier of the reflection on an attachment story", read=_key("id")),
    _col("owner", "Identifier of the person who wrote it", read=_key("owner_id")),
    _col("visibility", "Who may see it once finished", "private; partner; therapist; couple"),
    _col("status", "A draft (seen by its writer only) or finished", "draft; finished"),
    _col("closeness", "Closeness, early on", read=_answer("closeness")),
    _col("comfort", "Being comforted, or not", read=_answer("comfort")),
    _col("learned", "What the writer learned to do when alone or afraid", read=_answer("learned")),
    _col("echoes", "How it echoes in today's moments", read=_answer("echoes")),
    _col("wish", "What the writer wishes their partner knew", read=_answer("wish")),
    _col("created_at", "When it was started", TIME),
    _col("updated_at", "When it was last changed", TIME),
    _col("finished_at", "When it was first finished", TIME),
)


def record_files(view: dict[str, Any]) -> dict[str, tuple[tuple[Column, ...], list[dict[str, Any]]]]:
    """File name -> (columns, records) for every kind of record in an export view."""
    turns = [{**t, "conversation_id": c["id"]} for c in view["conversations"] for t in c["turns"]]
    return {
        "moments.csv": (MOMENTS, view["moments"]),
        "conversations.csv": (CONVERSATIONS, view["conversations"]),
        "turns.csv": (TURNS, turns),
        "slowdowns.csv": (SLOWDOWNS, view["slowdowns"]),
        "reflections.csv": (REFLECTIONS, view["attachment_reflections"]),
    }


def records_csv(columns: tuple[Column, ...], records: list[dict[str, Any]]) -> str:
    return to_csv([c.name for c in columns],
                  ({c.name: _cell(c.read(r)) for c in columns} for r in records))


def records_codebook(columns: tuple[Column, ...]) -> list[CodebookEntry]:
    return [CodebookEntry(c.name, c.meaning, c.values) for c in columns]


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
