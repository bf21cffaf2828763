"""What falls due, and reminders that stay until the check-in is done."""

from __future__ import annotations

from datetime import date

import pytest

from between.assessments.schedule import (
    DEFAULT_RULES,
    Completion,
    Due,
    ScheduleRule,
    due,
    make_rules,
)
from between.errors import BetweenError

START = date(2026, 1, 5)


def due_names(completed, today, rules=DEFAULT_RULES):
    return [d.instrument for d in due(rules, completed, starts=START, today=today)]


def test_everything_in_the_default_schedule_is_due_at_the_start():
    assert due_names([], START) == ["csi16", "csi4", "ecr_s"]
    assert due_names([], date(2026, 1, 4)) == []  # nothing before the schedule starts


def test_a_weekly_check_in_falls_due_seven_days_after_the_last_one():
    done = [Completion("csi4", START), Completion("csi16", START), Completion("ecr_s", START)]
    assert due_names(done, date(2026, 1, 11)) == []
    assert due(DEFAULT_RULES, done, starts=START, today=date(2026, 1, 12)) == [
        Due("csi4", date(2026, 1, 12))
    ]


def test_a_reminder_stays_until_done_and_then_moves_on():
    done = [Completion("csi4", START)]
    weeks_later = date(2026, 2, 20)
    assert Due("csi4", date(2026, 1, 12)) in due(
        DEFAULT_RULES, done, starts=START, today=weeks_later
    )
    done.append(Completion("csi4", weeks_later))
    assert "csi4" not in due_names(done, weeks_later)
    assert "csi4" in due_names(done, date(2026, 2, 27))


def test_monthly_intervals_land_on_the_same_day_or_the_month_s_last():
    ecr_every_three_months = [ScheduleRule("ecr_s", 3, "months")]
    done = [Completion("ecr_s", date(2025, 11, 30))]
    assert due(ecr_every_three_months, done, starts=START, today=date(2026, 3, 1)) == [
        Due("ecr_s", date(2026, 2, 28))
    ]


def test_check_ins_dated_after_today_do_not_count():
    done = [Completion("csi4", date(2026, 3, 1))]
    assert "csi4" in due_names(done, date(2026, 2, 1))


def test_a_schedule_from_input_names_each_bad_field():
    rules = make_rules([{"instrument": "csi4", "every": 2, "unit": "weeks"}])
    assert rules == (ScheduleRule("csi4", 2, "weeks"),)
    with pytest.raises(BetweenError) as caught:
        make_rules(
            [
                {"instrument": "phq9", "every": 0, "unit": "days"},
                {"instrument": "csi4", "every": 1, "unit": "weeks"},
                {"instrument": "csi4", "every": 2, "unit": "weeks"},
            ]
        )
    assert [e.field for e in caught.value.errors] == [
        "schedule.0.instrument",
        "schedule.0.every",
        "schedule.0.unit",
        "schedule",
    ]
