"""The authorization matrix: every route of the web and the API x every role x every visibility.

Routes are read from the app itself: a route without an entry in ROUTES (or an entry without a
route) fails `test_every_route_has_an_entry`. A role is one builder in ROLES: it sets up the
owner's shared records (`shared_world`) and returns the viewer. For each role, every route is
called the way that role would call it (bearer token on /api, cookie and form token on pages)
and must:
- never answer 5xx, and never 403 for a record (a hidden record answers 404, like a missing one);
- read a record only where VISIBLE says the role may, change one only as its owner;
- list exactly the records the role may see (ROUTES' `Lists` entries);
- never carry a hidden record's words or id in any answer (checked on every route).

`make authz-matrix` runs it on SQLite and PostgreSQL (BETWEEN_AUTHZ_FULL=1); `make test` runs
it on SQLite alone, to stay near a minute.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, ApiUser, couple, moment, screened, sign_up

VISIBILITIES = ("private", "partner", "therapist", "couple")
CSI4 = {"1": 3, "2": 4, "3": 3, "4": 4}

FULL = os.environ.get("BETWEEN_AUTHZ_FULL") == "1"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if FULL else ["sqlite"]
# The roles that draw the heavy routes (PDF report, charts) in the bounded run: the partner is
# the one they could leak to. The full run draws them for every role.
HEAVY_ROLES = None if FULL else {"partner"}


# --- the world: the owner's records, one per kind and visibility --------------------------


@dataclass
class World:
    client: TestClient
    owner: ApiUser
    partner: ApiUser
    records: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, visibility) -> id
    canaries: dict[tuple[str, str], str] = field(default_factory=dict)  # words only it holds
    conversation: str = ""
    couple: str = ""


def shared_world(client: TestClient) -> World:
    """Sam (the owner) and Alex in a couple; Sam writes a moment and a check-in of each
    visibility, and starts a conversation with Alex."""
    sam, alex = couple(client)
    world = World(client, sam, alex)
    for visibility in VISIBILITIES:
        for kind in ("moment", "spare_moment"):  # the spare: for a second route that deletes
            canary = f"canary-{kind}-{visibility}-{uuid.uuid4().hex[:10]}"
            made = moment(client, sam, happened=f"{canary} happened at the kitchen table.",
                          visibility=visibility, need=f"{canary} need")
            world.records[kind, visibility] = made["id"]
            world.canaries[kind, visibility] = canary
        taken = client.post("/api/v1/check-ins", headers=sam.auth, json={
            "instrument": "csi4", "answers": CSI4, "visibility": visibility})
        assert taken.status_code == 201, taken.text
        world.records["check_in", visibility] = taken.json()["id"]
        world.canaries["check_in", visibility] = taken.json()["id"]
        for kind in ("reflection", "spare_reflection"):  # finished: a draft is the owner's alone
            canary = f"canary-{kind}-{visibility}-{uuid.uuid4().hex[:10]}"
            story = client.post("/api/v1/attachment/reflections", headers=sam.auth, json={
                "answers": {"closeness": f"{canary} my grandmother's kitchen."},
                "visibility": visibility, "finished": True})
            assert story.status_code == 201, story.text
            world.records[kind, visibility] = story.json()["id"]
            world.canaries[kind, visibility] = canary
    screened(client, sam, alex)
    started = client.post("/api/v1/conversations", headers=sam.auth)
    assert started.status_code == 201, started.text
    world.conversation = started.json()["id"]
    world.couple = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    return world


@dataclass
class Viewer:
    api: dict[str, str]  # headers for /api
    web: TestClient  # a browser: its cookies are its login
    sees: frozenset[str]  # visibilities of the owner's records this viewer may read
    is_owner: bool = False
    in_conversation: bool = False  # may read and take part in the owner's conversation now
    took_part: bool = False  # was in it (knows its id; their export keeps their own turns)


def _browser(app, user: ApiUser | None) -> TestClient:
    browser = TestClient(app)
    page = browser.get("/login")
    if user is not None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        logged_in = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                                 "csrf_token": token}, follow_redirects=False)
        assert logged_in.status_code == 303, logged_in.text
    return browser


def _therapist(world: World, link: str | None) -> ApiUser:
    """A therapist account, linked to the owner's couple through the consent life-cycle as far
    as `link` says: None (never invited), "pending" (joined, one partner accepted), "active"
    (both accepted) or "revoked" (active, then ended by a partner)."""
    from tests.therapist.world import invite_and_join, link_therapist, therapist_account

    therapist = therapist_account(world.client)
    if link == "pending":
        link_id = invite_and_join(world.client, world.owner, therapist)
        accepted = world.client.post(f"/api/v1/therapist-links/{link_id}/accept",
                                     headers=world.partner.auth)
        assert accepted.json()["status"] == "pending", accepted.text
    elif link in ("active", "revoked"):
        _, link_id = link_therapist(world.client, world.owner, world.partner, therapist)
        if link == "revoked":
            ended = world.client.delete(f"/api/v1/therapist-links/{link_id}",
                                        headers=world.owner.auth)
            assert ended.status_code == 204, ended.text
    return therapist


def _as(app, user: ApiUser | None, sees=(), **flags) -> Viewer:
    return Viewer(user.auth if user else {}, _browser(app, user), frozenset(sees), **flags)


def _leave(world: World) -> None:
    left = world.client.post("/api/v1/couples/current/leave", headers=world.partner.auth)
    assert left.status_code == 204, left.text


def owner(world, app, db_factory):
    return _as(app, world.owner, VISIBILITIES, is_owner=True, in_conversation=True, took_part=True)


def partner(world, app, db_factory):
    return _as(app, world.partner, ("partner", "couple"), in_conversation=True, took_part=True)


def former_partner(world, app, db_factory):
    _leave(world)
    return _as(app, world.partner, took_part=True)


def next_partner(world, app, db_factory):
    _leave(world)
    jo = sign_up(world.client, "Jo")
    code = world.client.post("/api/v1/couples", headers=world.owner.auth).json()["invite_code"]
    assert world.client.post("/api/v1/couples/join", json={"invite_code": code},
                             headers=jo.auth).status_code == 200
    return _as(app, jo)


def therapist_linked(world, app, db_factory):
    return _as(app, _therapist(world, "active"), ("therapist", "couple"))


def therapist_pending(world, app, db_factory):
    return _as(app, _therapist(world, "pending"))


def therapist_revoked(world, app, db_factory):
    return _as(app, _therapist(world, "revoked"))


def therapist_unlinked(world, app, db_factory):
    return _as(app, _therapist(world, None))


def stranger(world, app, db_factory):
    return _as(app, sign_up(world.client, "Kim"))


def anonymous(world, app, db_factory):
    return _as(app, None)


ROLES: dict[str, Callable[..., Viewer]] = {
    "owner": owner, "partner": partner, "former partner": former_partner,
    "next partner": next_partner, "therapist linked": therapist_linked,
    "therapist pending": therapist_pending, "therapist revoked": therapist_revoked,
    "therapist unlinked": therapist_unlinked, "stranger": stranger, "anonymous": anonymous,
}


# --- the routes: one entry each -----------------------------------------------------------


@dataclass(frozen=True)
class Open:
    """A route about the caller's own things (or nothing private): only the universal checks."""

    body: dict | None = None  # JSON for /api, form fields for pages
    stage: int = 0  # later stages change the world for good (delete, leave, erase): run last
    heavy: bool = False  # slow (PDF, charts, the text model): in `make test`, HEAVY_ROLES only


@dataclass(frozen=True)
class Record:
    """A route about one of the owner's records, named by the {id} in its path."""

    kind: str  # "moment", "check_in" or "conversation"
    write: bool = False  # only the owner may; a read follows VISIBLE
    body: dict | None = None
    stage: int = 0


@dataclass(frozen=True)
class Lists:
    """A listing that must show exactly the records of `kinds` the viewer may see."""

    kinds: tuple[str, ...]
    stage: int = 0
    body: dict | None = None


Entry = Open | Record | Lists
MOMENT_FORM = {"happened": "We talked it through.", "intensity": "3"}

ROUTES: dict[tuple[str, str], Entry] = {
    ("GET", "/healthz"): Open(),
    ("GET", "/api/docs"): Open(),
    # people
    ("POST", "/api/v1/accounts"): Open({"email": "new@example.org", "password": PASSWORD,
                                        "display_name": "New"}),
    ("POST", "/api/v1/sessions"): Open({"email": "nobody@example.org", "password": "not it at all"}),
    ("DELETE", "/api/v1/sessions/current"): Open(stage=4),
    ("GET", "/api/v1/sessions"): Open(),
    ("DELETE", "/api/v1/sessions/{login_id}"): Open(),
    ("GET", "/api/v1/me"): Open(),
    ("PATCH", "/api/v1/me"): Open({"display_name": "Renamed"}),
    ("POST", "/api/v1/me/password"): Open({"current_password": "not the password",
                                           "new_password": "another long password"}),
    ("DELETE", "/api/v1/me"): Open(stage=5),
    ("POST", "/api/v1/couples"): Open(),
    ("POST", "/api/v1/couples/join"): Open({"invite_code": "AAAA-BBBB-CCCC"}),
    ("GET", "/api/v1/couples/current"): Open(),
    ("POST", "/api/v1/couples/current/invite"): Open(),
    ("POST", "/api/v1/couples/current/leave"): Open(stage=3),
    ("GET", "/api/v1/export"): Lists(("moment", "check_in", "reflection")),
    # moments
    ("POST", "/api/v1/moments"): Open({"happened": "We talked it through."}),
    ("GET", "/api/v1/moments"): Lists(("moment",)),
    ("GET", "/api/v1/moments/{moment_id}"): Record("moment"),
    ("PATCH", "/api/v1/moments/{moment_id}"): Record("moment", write=True, body={"intensity": 2}),
    ("DELETE", "/api/v1/moments/{moment_id}"): Record("moment", write=True, stage=2),
    # the attachment story
    ("GET", "/api/v1/attachment/guide"): Open(),
    ("POST", "/api/v1/attachment/reflections"): Open({"answers": {"closeness": "My aunt."}}),
    ("GET", "/api/v1/attachment/reflections"): Lists(("reflection",)),
    ("GET", "/api/v1/attachment/reflections/{reflection_id}"): Record("reflection"),
    ("PATCH", "/api/v1/attachment/reflections/{reflection_id}"): Record(
        "reflection", write=True, body={"answers": {"wish": "That I go quiet to keep us safe."}}),
    ("PUT", "/api/v1/attachment/reflections/{reflection_id}/steps/{step_id}"): Record(
        "reflection", write=True, body={"text": "Nobody came when I cried."}),
    ("DELETE", "/api/v1/attachment/reflections/{reflection_id}"): Record(
        "reflection", write=True, stage=2),
    # analysis and coaching (no records)
    ("POST", "/api/v1/analyze"): Open({"text": "I felt alone when you left."}, heavy=True),
    ("POST", "/api/v1/analyze/reply"): Open({"share": "I felt alone.", "reply": "I'm here."}, heavy=True),
    ("POST", "/api/v1/coach/reach"): Open({"text": "You never listen."}, heavy=True),
    ("POST", "/api/v1/coach/reply"): Open({"share": "I felt alone.", "reply": "I'm here."}, heavy=True),
    # cycle
    ("GET", "/api/v1/couples/current/cycle"): Open(),
    ("GET", "/api/v1/couples/current/cycle.svg"): Open(),
    # conversations
    ("POST", "/api/v1/conversations"): Open(),
    ("GET", "/api/v1/conversations"): Lists(("conversation",)),
    ("GET", "/api/v1/conversations/{conversation_id}"): Record("conversation"),
    ("POST", "/api/v1/conversations/{conversation_id}/turns"): Record(
        "conversation", write=True, body={"text": "When you went quiet I felt alone."}),
    ("PUT", "/api/v1/conversations/{conversation_id}/draft"): Record(
        "conversation", write=True, body={"text": "half a thought"}),
    ("POST", "/api/v1/conversations/{conversation_id}/coaching"): Record(
        "conversation", write=True, body={"text": "I'm here."}),
    ("POST", "/api/v1/conversations/{conversation_id}/{action}"): Record("conversation", write=True),
    # slow down
    ("GET", "/api/v1/pause"): Open(),
    ("DELETE", "/api/v1/pause"): Open(),
    ("POST", "/api/v1/pause/moment"): Open(),
    ("POST", "/api/v1/pause/reach"): Open(),
    ("POST", "/api/v1/pause/{step}"): Open({"happened": "We argued about the dishes."}),
    # measurement
    ("GET", "/api/v1/instruments"): Open(),
    ("POST", "/api/v1/check-ins"): Open({"instrument": "csi4", "answers": CSI4}),
    ("GET", "/api/v1/check-ins"): Lists(("check_in",)),
    ("GET", "/api/v1/check-ins/{check_in_id}"): Record("check_in"),
    ("PATCH", "/api/v1/check-ins/{check_in_id}"): Record("check_in", write=True,
                                                          body={"visibility": "partner"}),
    ("DELETE", "/api/v1/check-ins/{check_in_id}"): Record("check_in", write=True, stage=2),
    ("GET", "/api/v1/check-in-schedule"): Open(),
    ("PUT", "/api/v1/check-in-schedule"): Open({"rules": [{"instrument": "csi4", "every": 2,
                                                           "unit": "weeks"}]}),
    ("GET", "/api/v1/reminders"): Open(),
    ("GET", "/api/v1/progress"): Open(),
    ("GET", "/api/v1/progress/report.pdf"): Open(heavy=True),
    # safety
    ("GET", "/api/v1/safety/check-in"): Open(),
    ("POST", "/api/v1/safety/check-in"): Open({"answers": {}}),
    ("GET", "/api/v1/safety/status"): Open(),
    ("POST", "/api/v1/safety/clear"): Open(),
    ("POST", "/api/v1/safety/keep"): Open(),
    ("POST", "/api/v1/safety/notice/seen"): Open(),
    ("GET", "/api/v1/safety/plan"): Open(),
    ("PUT", "/api/v1/safety/plan"): Open({"steps": {}}),
    ("GET", "/api/v1/safety/preferences"): Open(),
    ("PATCH", "/api/v1/safety/preferences"): Open({"hide_app_name": True}),
    ("GET", "/api/v1/safety/therapist-alerts"): Open(),
    # the therapist link (a real link's whole life-cycle: tests/therapist/test_links.py) and
    # the therapist's couples: the dashboard lists exactly the moments shared with them
    ("POST", "/api/v1/therapist-links"): Open(),
    ("GET", "/api/v1/therapist-links"): Open(),
    ("POST", "/api/v1/therapist-links/join"): Open({"code": "AAAA-BBBB-CCCC"}),
    ("POST", "/api/v1/therapist-links/{link_id}/accept"): Open(),
    ("DELETE", "/api/v1/therapist-links/{link_id}"): Open(),
    ("GET", "/api/v1/therapist/couples"): Open(),
    ("GET", "/api/v1/therapist/couples/{couple_id}"): Lists(("moment", "reflection")),
    ("GET", "/api/v1/therapist/couples/{couple_id}/sessions"): Open(),
    ("POST", "/api/v1/therapist/couples/{couple_id}/sessions"): Open(
        {"kind": "joint", "scheduled_for": "2026-12-10T17:00:00Z"}),
    ("PATCH", "/api/v1/therapist/couples/{couple_id}/sessions/{session_id}"): Open({"held": True}),
    ("GET", "/api/v1/therapist/couples/{couple_id}/stage"): Open(),
    ("POST", "/api/v1/therapist/couples/{couple_id}/stage"): Open({"step": 1, "note": "Alliance."}),
    ("GET", "/api/v1/therapist/couples/{couple_id}/notes"): Open(),
    ("POST", "/api/v1/therapist/couples/{couple_id}/notes"): Open({"fields": {"focus": "First."}}),
    ("GET", "/api/v1/therapist/couples/{couple_id}/export"): Lists(("moment", "reflection")),
    ("GET", "/api/v1/therapist-sessions"): Open(),
    ("POST", "/api/v1/therapist-sessions/{session_id}/share"): Open({"shared": True}),
    # pages: people
    ("GET", "/"): Open(),
    ("GET", "/neutral"): Open(),
    ("GET", "/recipes"): Open(),  # the neutral page Quick exit lands on
    ("GET", "/recipes/today"): Open(stage=4),  # Quick exit: ends this browser's session
    ("GET", "/signup"): Open(),
    ("POST", "/signup"): Open({"email": "page@example.org", "password": PASSWORD,
                               "display_name": "Page"}),
    ("GET", "/login"): Open(),
    ("POST", "/login"): Open({"email": "nobody@example.org", "password": "not it at all"}),
    ("POST", "/logout"): Open(stage=4),
    ("GET", "/home"): Open(),
    ("POST", "/home/first-steps/hide"): Open(),
    ("GET", "/welcome"): Open(),
    ("GET", "/favicon.ico"): Open(),
    ("GET", "/account"): Open(),
    ("POST", "/account/profile"): Open({"display_name": "Renamed"}),
    ("POST", "/account/password"): Open({"current_password": "not the password",
                                         "new_password": "another long password"}),
    ("POST", "/account/logins/{login_id}/end"): Open(),
    ("POST", "/account/delete"): Open({"password": "not the password"}),  # unconfirmed: refused
    ("GET", "/couple"): Open(),
    ("POST", "/couple/create"): Open(),
    ("POST", "/couple/invite"): Open(),
    ("POST", "/couple/join"): Open({"invite_code": "AAAA-BBBB-CCCC"}),
    ("POST", "/couple/leave"): Open(stage=3),
    # pages: moments
    ("GET", "/moments"): Lists(("moment",)),
    ("GET", "/moments/new"): Open(),
    ("POST", "/moments"): Open(MOMENT_FORM),
    ("POST", "/moments/suggest"): Open({"happened": "We argued about the dishes again."}, heavy=True),
    ("POST", "/moments/draft"): Open({"happened": "half a thought"}),
    ("GET", "/moments/{moment_id}"): Record("moment"),
    ("GET", "/moments/{moment_id}/edit"): Record("moment", write=True),
    ("POST", "/moments/{moment_id}"): Record("moment", write=True, body=MOMENT_FORM),
    ("POST", "/moments/{moment_id}/delete"): Record("spare_moment", write=True, stage=2),
    # pages: the attachment story
    ("GET", "/attachment"): Lists(("reflection",)),
    ("POST", "/attachment/new"): Open(),
    ("GET", "/attachment/{reflection_id}"): Record("reflection"),
    ("GET", "/attachment/{reflection_id}/step/{step_id}"): Record("reflection", write=True),
    ("POST", "/attachment/{reflection_id}/step/{step_id}"): Record(
        "reflection", write=True, body={"text": "Nobody came when I cried.", "go": "next"}),
    ("POST", "/attachment/{reflection_id}/draft"): Record(
        "reflection", write=True, body={"step_id": "comfort", "text": "half a thought"}),
    ("GET", "/attachment/{reflection_id}/finish"): Record("reflection", write=True),
    ("POST", "/attachment/{reflection_id}/finish"): Record(
        "reflection", write=True, body={"visibility": "private"}),
    ("POST", "/attachment/{reflection_id}/share"): Record(
        "reflection", write=True, body={"visibility": "private"}),
    ("POST", "/attachment/{reflection_id}/delete"): Record("spare_reflection", write=True, stage=2),
    # pages: cycle
    ("GET", "/cycle"): Open(),
    ("GET", "/cycle.svg"): Open(),
    ("GET", "/cycle/timeline.svg"): Open(heavy=True),
    # pages: coach and conversations
    ("GET", "/coach"): Open(),
    ("POST", "/coach/reach"): Open({"text": "You never listen."}, heavy=True),
    ("POST", "/coach/reach/compose"): Open({"text": "You never listen."}, heavy=True),
    ("GET", "/coach/reply"): Open(),
    ("POST", "/coach/reply"): Open({"share": "I felt alone.", "reply": "I'm here."}, heavy=True),
    ("GET", "/pause"): Open(),
    ("POST", "/pause/step/{step}"): Open({"happened": "We argued about the dishes."}),
    ("POST", "/pause/go/{step}"): Open(),
    ("POST", "/pause/moment"): Open(),
    ("POST", "/pause/reach"): Open(),
    ("GET", "/conversations"): Lists(("conversation",)),
    ("POST", "/conversations"): Open(),
    ("GET", "/conversations/{conversation_id}"): Record("conversation"),
    ("GET", "/conversations/{conversation_id}/live"): Record("conversation"),
    ("POST", "/conversations/{conversation_id}/turns"): Record(
        "conversation", write=True, body={"text": "When you went quiet I felt alone."}),
    ("POST", "/conversations/{conversation_id}/draft"): Record(
        "conversation", write=True, body={"text": "half a thought"}),
    ("POST", "/conversations/{conversation_id}/{action}"): Record("conversation", write=True),
    # pages: measurement
    ("GET", "/check-ins"): Open(),
    ("GET", "/check-ins/{instrument_id}"): Open(),
    ("POST", "/check-ins/{instrument_id}"): Open({"1": "3", "2": "4", "3": "3", "4": "4"}),
    ("POST", "/check-ins/share/{check_in_id}"): Record("check_in", write=True,
                                                        body={"visibility": "partner"}),
    ("GET", "/progress"): Open(),
    ("GET", "/progress/report"): Open(),
    ("GET", "/progress/report.pdf"): Open(heavy=True),
    ("GET", "/progress/charts/{instrument_id}/{subscale}.svg"): Open(heavy=True),
    ("GET", "/progress/charts/interactions.svg"): Open(heavy=True),
    ("GET", "/progress/export"): Open(),
    # pages: safety
    ("GET", "/safety"): Open(),
    ("GET", "/safety/check-in"): Open(),
    ("POST", "/safety/check-in"): Open(),
    ("GET", "/safety/result"): Open(),
    ("GET", "/safety/resources"): Open(),
    ("GET", "/safety/plan"): Open(),
    ("POST", "/safety/plan"): Open(),
    ("GET", "/safety/settings"): Open(),
    ("POST", "/safety/settings"): Open(),
    ("POST", "/safety/clear"): Open(),
    ("POST", "/safety/keep"): Open(),
    # pages: the therapist link, and the therapist's couples
    ("GET", "/couple/therapist"): Open(),
    ("POST", "/couple/therapist/invite"): Open(),
    ("POST", "/couple/therapist/{link_id}/accept"): Open(),
    ("POST", "/couple/therapist/{link_id}/end"): Open(),
    ("GET", "/therapist"): Open(),
    ("POST", "/therapist/join"): Open({"code": "AAAA-BBBB-CCCC"}),
    ("POST", "/therapist/invite"): Open(),
    ("POST", "/couple/therapist/join"): Open({"code": "AAAA-BBBB-CCCC"}),
    ("GET", "/therapist/couples/{couple_id}"): Lists(("moment", "reflection")),
    ("GET", "/therapist/couples/{couple_id}/cycle.svg"): Open(),
    ("GET", "/therapist/couples/{couple_id}/work"): Open(),
    ("POST", "/therapist/couples/{couple_id}/sessions"): Open(
        {"kind": "joint", "scheduled_for": "2026-12-10T17:00"}),
    ("POST", "/therapist/couples/{couple_id}/sessions/{session_id}"): Open({"held": "true"}),
    ("POST", "/therapist/couples/{couple_id}/stage"): Open({"step": "1", "note": "Alliance."}),
    ("POST", "/therapist/couples/{couple_id}/notes"): Open({"focus": "First."}),
    ("GET", "/therapist/couples/{couple_id}/export"): Lists(("moment", "reflection")),
    ("POST", "/couple/therapist/sessions/{session_id}/share"): Open({"shared": "true"}),
}

# Path parameters that are not a record of the owner's.
FIXED_PARAMS = {"step": "happened", "action": "pause", "instrument_id": "csi4",
                "subscale": "total", "login_id": "0" * 32, "step_id": "closeness",
                "link_id": "0" * 32, "session_id": "0" * 32}
RECORD_PARAMS = {"moment_id": "moment", "check_in_id": "check_in",
                 "conversation_id": "conversation", "reflection_id": "reflection"}


def app_routes(app) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, read from its routers (included ones too)."""

    def walk(routes):
        for route in routes:
            if isinstance(route, APIRoute):
                yield from ((method, route.path) for method in route.methods)
            elif hasattr(route, "original_router"):  # FastAPI's lazily included router
                yield from walk(route.original_router.routes)

    return set(walk(app.routes))


def test_every_route_has_an_entry(app):
    routes = app_routes(app)
    assert sorted(routes - set(ROUTES)) == [], "routes without an entry in ROUTES"
    assert sorted(set(ROUTES) - routes) == [], "entries for routes that no longer exist"


# --- running one role ---------------------------------------------------------------------


@dataclass
class Case:
    method: str
    path: str
    entry: Entry
    visibility: str | None  # the record's, for Record entries


def _cases(role: str) -> list[Case]:
    cases = []
    for (method, path), entry in ROUTES.items():
        if getattr(entry, "heavy", False) and HEAVY_ROLES is not None and role not in HEAVY_ROLES:
            continue
        kinds = {RECORD_PARAMS[p] for p in re.findall(r"{(\w+)}", path) if p in RECORD_PARAMS}
        if isinstance(entry, Record) and entry.kind != "conversation":
            assert kinds == {entry.kind.removeprefix("spare_")}, (method, path)
            cases += [Case(method, path, entry, v) for v in VISIBILITIES]
        else:
            cases.append(Case(method, path, entry, None))
    # Reads before writes, writes before deletes, deletes before leaving, logging out, erasing.
    return sorted(cases, key=lambda c: (c.entry.stage, isinstance(c.entry, Record) and c.entry.write))


def _url(case: Case, world: World) -> str:
    def fill(match):
        name = match.group(1)
        if name == "conversation_id":
            return world.conversation
        if name == "couple_id":
            return world.couple
        if name in RECORD_PARAMS:
            return world.records[case.entry.kind, case.visibility]
        return FIXED_PARAMS[name]

    return re.sub(r"{(\w+)}", fill, case.path)


def _call(case: Case, world: World, viewer: Viewer):
    url, body = _url(case, world), case.entry.body
    if case.path.startswith("/api/") or case.path == "/healthz":
        return world.client.request(case.method, url, json=body, headers=viewer.api)
    form = None
    if case.method == "POST":
        form = {**(body or {}), "csrf_token": viewer.web.cookies.get("between_csrf", "")}
    return viewer.web.request(case.method, url, data=form, follow_redirects=False)


def _may_read(case: Case, viewer: Viewer) -> bool:
    if case.entry.kind == "conversation":
        return viewer.in_conversation
    return case.visibility in viewer.sees


def _check(case: Case, response, world: World, viewer: Viewer) -> str | None:
    """What is wrong with this answer, or None."""
    status, text = response.status_code, response.text
    if status >= 500:
        return f"{status}: {text[:200]}"
    hidden = [c for (kind, vis), c in world.canaries.items() if vis not in viewer.sees]
    if not viewer.took_part:
        hidden.append(world.conversation)
    leaked = [c for c in hidden if c in text]
    if leaked:
        return f"carries hidden {leaked}"
    anonymous = not viewer.api
    entry = case.entry
    if isinstance(entry, Record):
        # Either partner takes part in a conversation; other records change only by their owner.
        allowed = _may_read(case, viewer) if not entry.write or entry.kind == "conversation" \
            else viewer.is_owner
        if anonymous:  # the API asks for a token; a page sends to the login (or a bare 404)
            expected = {401} if case.path.startswith("/api/") else {303, 404}
            return None if status in expected else f"anonymous got {status}"
        if allowed and status in (403, 404):
            return f"denied the {'owner' if entry.write else 'reader'}: {status} {text[:120]}"
        if not allowed and status != 404:
            return f"expected 404, got {status}"
    if isinstance(entry, Lists) and not anonymous and status == 200:
        for (kind, vis), canary in world.canaries.items():
            if kind.removeprefix("spare_") in entry.kinds and (vis in viewer.sees) != (canary in text):
                return f"{kind} {vis}: shown={canary in text}, may see={vis in viewer.sees}"
        if "conversation" in entry.kinds and viewer.in_conversation != (world.conversation in text):
            return f"conversation shown={world.conversation in text}"
    return None


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    # A conversation turn must not open a safety state and pause the couple: this is about
    # who reads what (risk pausing has its own tests).
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_matrix(role, app, client, db_factory):
    world = shared_world(client)
    viewer = ROLES[role](world, app, db_factory)
    failures = []
    for case in _cases(role):
        response = _call(case, world, viewer)
        problem = _check(case, response, world, viewer)
        if problem:
            failures.append(f"{case.method} {case.path} [{case.visibility or '-'}]: {problem}")
    assert failures == [], f"{role}:\n" + "\n".join(failures)
