"""The demo couple, Sam and Alex: a pursue-withdraw cycle a newcomer can look around in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from between.moments.service import NewMoment, record_moment
from between.people.accounts import create_account
from between.people.couples import create_couple, join_couple
from between.people.models import Person

DEMO_PASSWORD = "between-demo"
SAM = "sam@example.org"
ALEX = "alex@example.org"

# (author, days ago, fields). Sam protests the distance; Alex goes quiet to keep the peace.
MOMENTS = [
    (SAM, 20, dict(happened="Alex was on the phone all through dinner again. I said 'you never put "
                   "that thing down' and Alex just walked off.", surface_reaction="angry",
                   protective_move="criticised, kept pushing", meaning="I don't matter to Alex",
                   deeper_feeling="lonely", need="to matter", intensity=7, outcome="unresolved",
                   visibility="partner")),
    (ALEX, 20, dict(happened="Dinner. Sam snapped about my phone. I didn't know what to say so I "
                    "went to the other room.", surface_reaction="numb",
                    protective_move="went quiet, left the room",
                    meaning="whatever I do, it's wrong", deeper_feeling="shame",
                    need="acceptance", intensity=6, outcome="unresolved", visibility="partner")),
    (SAM, 13, dict(happened="I asked about the weekend plans three times and got 'sure, whatever'. "
                   "I raised my voice.", surface_reaction="frustrated",
                   protective_move="pushed for an answer", meaning="Alex has checked out of us",
                   deeper_feeling="scared", need="closeness", intensity=8, outcome="repaired",
                   repair_minutes=90, visibility="partner")),
    (ALEX, 12, dict(happened="Sam got loud about the weekend. I shut down and said whatever, just to "
                    "make it stop.", surface_reaction="overwhelmed", protective_move="shut down",
                    meaning="I'll fail again anyway", deeper_feeling="overwhelm",
                    need="room", intensity=7, outcome="repaired", repair_minutes=90,
                    visibility="partner")),
    (SAM, 5, dict(happened="Alex said the soup needed salt and I heard 'you can't do anything "
                  "right'. I snapped back.", surface_reaction="hurt", protective_move="criticised",
                  meaning="I'm not good enough", deeper_feeling="hurt", need="appreciation",
                  intensity=5, outcome="repaired", repair_minutes=20, visibility="partner")),
    (SAM, 9, dict(happened="Alex went silent in the car after I brought up the holidays. I kept "
                  "asking what was wrong until I was shouting.", surface_reaction="angry",
                  protective_move="pursued, kept asking", meaning="I'm shut out",
                  deeper_feeling="lonely", need="closeness", intensity=7, outcome="unresolved",
                  visibility="partner")),
    (ALEX, 9, dict(happened="Sam kept asking what was wrong in the car. I stared out of the window "
                   "and said nothing until we got home.", surface_reaction="flooded",
                   protective_move="went silent, stonewalled", meaning="anything I say will make it worse",
                   deeper_feeling="overwhelm", need="room", intensity=6, outcome="unresolved",
                   visibility="partner")),
    (SAM, 1, dict(happened="I told Alex I felt scared we're drifting apart. Alex held my hand and "
                  "said 'me too'. We talked for an hour.", surface_reaction="nervous",
                  protective_move="reached out", meaning="we can still find each other",
                  deeper_feeling="scared", need="closeness", intensity=3, outcome="repaired",
                  repair_minutes=5, visibility="partner")),
    (ALEX, 3, dict(happened="Texted Sam I'd be late. Sam didn't answer for hours; I stayed at work "
                   "longer so I wouldn't have to face it.", surface_reaction="tense",
                   protective_move="avoided, stayed away", meaning="it's safer to keep my distance",
                   deeper_feeling="fear", need="safety", intensity=4, outcome="ongoing",
                   visibility="private")),
]


def seed_demo(db: Session, *, now: datetime | None = None) -> list[Person]:
    """Create the demo couple once; running it again changes nothing."""
    existing = list(db.scalars(select(Person).where(Person.email.in_([SAM, ALEX]))))
    if existing:
        return existing
    now = now or datetime.now(UTC)
    sam = create_account(db, email=SAM, password=DEMO_PASSWORD, display_name="Sam")
    alex = create_account(db, email=ALEX, password=DEMO_PASSWORD, display_name="Alex")
    _, code = create_couple(db, sam, invite_hours=72)
    join_couple(db, alex, code)
    authors = {SAM: sam, ALEX: alex}
    for email, days_ago, fields in MOMENTS:
        data = NewMoment(occurred_at=now - timedelta(days=days_ago), **fields)
        record_moment(db, authors[email], data)
    return [sam, alex]
