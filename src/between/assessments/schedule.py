"""Which questionnaires a person is due to take, from a couple's schedule and what they did.

Pure: the caller passes the schedule and the person's finished check-ins (drafts do not count).
A reminder is never dismissed or expired: it stays due until a check-in of that instrument is
finished, then the next one falls due one interval after that check-in.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from between.assessments.instruments import instruments
from between.errors import FieldProblem, bad_input

__all__ = ["DEFAULT_RULES", "Completion", "Due", "ScheduleRule", "due", "make_rules"]

Unit = Literal["weeks", "months"]


@dataclass(frozen=True)
class ScheduleRule:
    """Take `instrument` at the start, then again `every` weeks or months after the last time."""

    instrument: str
    every: int
    unit: Unit

    def next_after(self, day: date) -> date:
        if self.unit == "weeks":
            return day + timedelta(weeks=self.every)
        return _add_months(day, self.every)


# The default for a new couple (issue 6): CSI-4 weekly, short enough to watch week-to-week
# change; CSI-16 monthly for a more precise satisfaction reading; ECR-S at the start and every
# three months, because attachment orientation changes slowly and retesting sooner adds noise.
DEFAULT_RULES = (
    ScheduleRule("csi4", 1, "weeks"),
    ScheduleRule("csi16", 1, "months"),
    ScheduleRule("ecr_s", 3, "months"),
)


@dataclass(frozen=True)
class Completion:
    instrument: str
    on: date


@dataclass(frozen=True)
class Due:
    instrument: str
    since: date  # when it fell due; a reminder shows until it is done


def due(
    rules: Iterable[ScheduleRule], completed: Iterable[Completion], *, starts: date, today: date
) -> list[Due]:
    """What is due on `today`, oldest first; everything is due from `starts` until first done."""
    last: dict[str, date] = {}
    for c in completed:
        if c.on <= today and c.on > last.get(c.instrument, date.min):
            last[c.instrument] = c.on
    found = []
    for rule in rules:
        since = rule.next_after(last[rule.instrument]) if rule.instrument in last else starts
        if since <= today:
            found.append(Due(rule.instrument, since))
    return sorted(found, key=lambda d: (d.since, d.instrument))


def make_rules(raw: Iterable[dict]) -> tuple[ScheduleRule, ...]:
    """A couple's schedule from plain input, or `bad_input` naming each bad field."""
    known = instruments()
    problems, rules = [], []
    for index, entry in enumerate(raw):
        instrument, every, unit = entry.get("instrument"), entry.get("every"), entry.get("unit")
        if instrument not in known:
            problems.append(FieldProblem(f"schedule.{index}.instrument", "unknown instrument"))
        if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 52:
            problems.append(FieldProblem(f"schedule.{index}.every", "must be a whole number 1-52"))
        if unit not in ("weeks", "months"):
            problems.append(FieldProblem(f"schedule.{index}.unit", "must be weeks or months"))
        rules.append(ScheduleRule(instrument, every, unit))
    counts = Counter(r.instrument for r in rules)
    problems += [
        FieldProblem("schedule", f"{name} is listed more than once")
        for name, n in sorted(counts.items())
        if n > 1
    ]
    if problems:
        raise bad_input("The check-in schedule needs attention.", *problems)
    return tuple(rules)


def _add_months(day: date, months: int) -> date:
    # 31 January + 1 month is the last day of February, not an error.
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
