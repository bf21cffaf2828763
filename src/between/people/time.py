"""A person's own clock: every time a page, report or export shows is in their time zone.

Times are stored in UTC; the zone is stored per person (an IANA name such as Europe/Berlin),
taken from the browser at sign-up where it can tell, UTC otherwise, and changed on /account.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from between.db.base import as_utc
from between.errors import FieldProblem, bad_input

DEFAULT_ZONE = "UTC"
ZONE_MAX = 64  # the longest IANA name is 32 characters; room to spare


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {DEFAULT_ZONE}


@cache
def zone_names() -> tuple[str, ...]:
    """The zones a person picks from: by region, without the legacy aliases (Etc/, posix/...)."""
    legacy = ("Etc/", "posix", "right", "SystemV", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")
    return tuple(sorted(n for n in known_zones() if "/" in n and not n.startswith(legacy))) + (DEFAULT_ZONE,)


def valid_zone(name: str | None) -> str:
    """The zone's name if it is one we can use; raises a clear error otherwise."""
    name = (name or "").strip()
    if name in known_zones():
        return name
    raise bad_input("That time zone is not one we know.",
                    FieldProblem("time_zone", "use a name like Europe/Berlin, America/New_York or UTC"))


def zone_or_default(name: str | None) -> str:
    """A zone a browser sent at sign-up, or UTC when it sent none we know (never an error)."""
    return name.strip() if name and name.strip() in known_zones() else DEFAULT_ZONE


@cache
def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local(moment: datetime, zone_name: str | None) -> datetime:
    """A stored (UTC) datetime on the person's own clock."""
    return as_utc(moment).astimezone(zone(zone_name))


def from_local(moment: datetime, zone_name: str | None) -> datetime:
    """A wall-clock time a person typed (no zone) as the instant it names on their clock."""
    return moment.replace(tzinfo=zone(zone_name)) if moment.tzinfo is None else moment


# How a time reads on a page: day first, month in words, 24-hour clock (no AM/PM guessing).
FORMATS = {
    "when": "{d.day} {d:%b %Y, %H:%M}",
    "day": "{d.day} {d:%b %Y}",
    "day_month": "{d.day} {d:%B}",
    "clock": "{d:%H:%M}",
}


def shown(moment: datetime | date | None, zone_name: str | None, kind: str = "when") -> str:
    """A stored time as a person reads it on their own clock, e.g. '7 Dec 2025, 07:43'.

    A plain date (a due day, a report's day) is already a day on the person's calendar.
    """
    if moment is None:
        return ""
    return FORMATS[kind].format(d=local(moment, zone_name) if isinstance(moment, datetime) else moment)
