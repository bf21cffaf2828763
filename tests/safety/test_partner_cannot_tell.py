"""A partner cannot tell whether the other has a safety concern: every response stays equal.

Alex's view of every page, every JSON route, the export and the counts is recorded, then Sam
takes a concerning check-in, writes a risky text, reads the resources, writes a safety plan and
changes safety settings; Alex's view is recorded again, and again after Sam ends the pause.
The views must be equal once timestamps, ids and form tokens are removed, with one exception
the issue asks for: a joint feature (the softening conversation) pauses, and the only thing it
adds is the neutral sentence, which Sam sees in the same words.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
import zipfile
import zlib

import pytest

from between.people.accounts import get_by_email
from between.safety import service
from between.safety.gate import PAUSED_WORDING
from tests.factories import couple, moment
from tests.safety.answers import AFRAID, raising
from tests.safety.web import csrf, logged_in

pytestmark = pytest.mark.usefixtures("cue_layer_only")

RISKY = "He grabbed me by the throat and said he would kill me if I told anyone."
# Pages and routes with an id in the path, filled in from the records made below.
WITH_IDS = ["/moments/{shared}", "/moments/{private}", "/api/v1/moments/{shared}",
            "/api/v1/moments/{private}"]
# Routes that act on the caller only and must refuse the partner identically.
REFUSED_POSTS = ["/api/v1/safety/clear", "/api/v1/safety/keep"]
# Every route that acts on the caller only: its answer to the partner must not move either.
CALLER_POSTS = [*REFUSED_POSTS, "/api/v1/safety/notice/seen"]

_NOISE = [
    (re.compile(r'name="csrf_token" value="[^"]+"'), 'name="csrf_token" value="<csrf>"'),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<ts>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<id>"),
    (re.compile(r"\b\d{1,2}:\d{2}\b"), "<time>"),
]


def readable(response) -> str:
    """The response as text: a PDF by its decompressed streams, a zip by its members' content.

    Both formats stamp the time they were made into their bytes; the content is what counts.
    """
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(f"{name}:\n{archive.read(name).decode()}"
                             for name in archive.namelist())
    if not kind.startswith("application/pdf"):
        return response.text
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", response.content, re.S)
    return "\n".join(_inflated(s).decode("latin-1") for s in streams)


def _inflated(stream: bytes) -> bytes:
    try:
        return zlib.decompress(stream)
    except zlib.error:  # an uncompressed stream (metadata) is compared as it is
        return stream


def normalised(text: str) -> str:
    with contextlib.suppress(ValueError):  # JSON one value a line: a change shows as its lines
        text = json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False)
    for pattern, replacement in _NOISE:
        text = pattern.sub(replacement, text)
    return text


def all_routes(routes):
    """The app's routes, including those of included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from all_routes(inner.routes) if inner is not None else (route,)


def get_paths(app) -> list[str]:
    """Every GET route of the app without a path parameter, pages and API alike; but not
    Quick exit's address, which ends the session (it is a log-out, like POST /logout)."""
    from between.web.security import EXIT_PATH

    return sorted({route.path for route in all_routes(app.routes)
                   if "GET" in getattr(route, "methods", ()) and "{" not in route.path
                   and route.path != EXIT_PATH})


@pytest.fixture
def world(app, client, db_factory):
    sam, alex = couple(client)
    shared = moment(client, sam, happened="We argued about the holidays.", visibility="partner")
    private = moment(client, sam, happened="I sat in the car for an hour afterwards.")
    ids = {"shared": shared["id"], "private": private["id"]}
    return sam, alex, logged_in(app, sam), logged_in(app, alex), ids


def pages_seen(app, user, browser, ids) -> dict[str, tuple[int, str]]:
    """Every GET page and JSON route as this person sees it, keyed by route."""
    seen = {}
    for path in get_paths(app) + [p.format(**ids) for p in WITH_IDS]:
        page = browser.get(path, headers=user.auth, follow_redirects=False)
        seen[f"GET {path}"] = (page.status_code, normalised(readable(page)))
    return seen


def partner_view(app, client, alex, alex_browser, ids) -> dict[str, tuple[int, str]]:
    """Everything Alex can see or cause, keyed by route."""
    seen = pages_seen(app, alex, alex_browser, ids)
    for path in CALLER_POSTS:
        answer = client.post(path, headers=alex.auth)
        seen[f"POST {path}"] = (answer.status_code, normalised(answer.text))
    recorded = client.post("/api/v1/moments", headers=alex.auth,
                           json={"happened": "I went quiet when you raised your voice."})
    seen["POST /api/v1/moments"] = (recorded.status_code, normalised(recorded.text))
    # Removed again, so that the next view starts from the same records.
    assert client.delete(f"/api/v1/moments/{recorded.json()['id']}",
                         headers=alex.auth).status_code == 204
    return seen


def sam_has_a_concern(app, client, db_factory, sam, sam_browser) -> None:
    """Everything Sam might do about their safety, through the API, the pages and the service."""
    assert client.post("/api/v1/safety/check-in", json={"answers": AFRAID},
                       headers=sam.auth).status_code == 201
    token = csrf(sam_browser, "/safety/check-in")
    sam_browser.post("/safety/check-in", data={"csrf_token": token,
                                               **raising("neck_or_breathing")})
    with db_factory() as db:
        service.screen_text(db, get_by_email(db, sam.email), RISKY, source="moment")
        db.commit()
    moment(client, sam, happened=RISKY)  # a private moment in their own words
    sam_writes_on_every_surface(client, sam, sam_browser)
    for path in ("/safety", "/safety/result", "/safety/resources", "/safety/plan"):
        assert sam_browser.get(path).status_code == 200
    client.put("/api/v1/safety/plan", json={"entries": {"warning_signs": "tight jaw"}},
               headers=sam.auth)
    client.patch("/api/v1/safety/preferences", headers=sam.auth,
                 json={"hide_app_name": True, "locale": "GB", "therapist_alert_consent": True})
    assert client.post("/api/v1/safety/keep", headers=sam.auth).status_code == 200


def sam_writes_on_every_surface(client, sam, sam_browser) -> None:
    """Sam's risky words on every writing surface; each shows Sam the crisis card, and only Sam."""
    for path, body in (("/api/v1/coach/reach", {"text": RISKY}),
                       ("/api/v1/coach/reply", {"share": "I miss you.", "reply": RISKY}),
                       ("/api/v1/pause/pause", {"happened": RISKY})):
        answer = client.post(path, json=body, headers=sam.auth)
        assert answer.json()["safety"]["flag"] is True, path
    token = csrf(sam_browser, "/coach")
    for path, data in (("/coach/reach", {"text": RISKY}),
                       ("/coach/reply", {"share": "I miss you.", "reply": RISKY}),
                       ("/moments/suggest", {"happened": RISKY}),
                       ("/pause/step/pause", {"happened": RISKY})):
        page = sam_browser.post(path, data={**data, "csrf_token": token},
                                headers={"HX-Request": "true"})
        assert "data-crisis-card" in page.text, path
    assert client.delete("/api/v1/pause", headers=sam.auth).status_code == 204


def test_the_partner_sees_exactly_the_same_with_or_without_a_concern(app, client, db_factory,
                                                                     world):
    sam, alex, sam_browser, alex_browser, ids = world
    before = partner_view(app, client, alex, alex_browser, ids)
    sam_has_a_concern(app, client, db_factory, sam, sam_browser)
    assert client.get("/api/v1/safety/status", headers=sam.auth).json()["risk_active"] is True
    during = partner_view(app, client, alex, alex_browser, ids)
    sams_view = pages_seen(app, sam, sam_browser, ids)
    assert client.post("/api/v1/safety/clear", headers=sam.auth).status_code == 200
    after = partner_view(app, client, alex, alex_browser, ids)
    for route in before:
        assert after[route] == before[route], f"{route} changed after Sam ended the pause"
        if during[route] != before[route]:
            # Only a joint feature may change: it pauses, in the one sentence Sam sees too.
            added = added_lines(before[route], during[route])
            assert added and all(PAUSED_WORDING in line for line in added), route
            assert set(added) <= set(sams_view[route][1].splitlines()), route


def added_lines(old: tuple[int, str], new: tuple[int, str]) -> list[str]:
    assert old[0] == new[0], "the status code changed"
    return [line[2:] for line in difflib.ndiff(old[1].splitlines(), new[1].splitlines())
            if line.startswith("+ ") and line[2:].strip()]


def test_a_joint_feature_that_pauses_says_only_the_neutral_sentence(app, client, db_factory,
                                                                    world):
    sam, alex, sam_browser, alex_browser, ids = world
    before = partner_view(app, client, alex, alex_browser, ids)
    sam_has_a_concern(app, client, db_factory, sam, sam_browser)
    during = partner_view(app, client, alex, alex_browser, ids)
    changed = sorted(route for route in before if during[route] != before[route])
    # Joint exercises (the softening conversation) pause; nothing else may move at all.
    assert all("conversation" in route for route in changed), changed


def test_an_offer_of_support_changes_nothing_the_partner_sees(app, client, db_factory, world,
                                                              monkeypatch):
    sam, alex, sam_browser, alex_browser, ids = world
    before = partner_view(app, client, alex, alex_browser, ids)
    monkeypatch.setattr(service, "_detect_risk",  # below the gate, above the offer line
                        lambda text, known=None: ({"flag": False, "kinds": [], "score": 0.7}, None))
    moment(client, sam, happened="Sometimes I just want to disappear for a while.")
    assert "A note just for you" in sam_browser.get("/home").text
    during = partner_view(app, client, alex, alex_browser, ids)
    for route in before:  # not even a joint feature pauses
        assert during[route] == before[route], route


def test_the_view_covers_pages_api_and_export(app):
    paths = get_paths(app)
    for expected in ("/home", "/couple", "/moments", "/safety", "/api/v1/export",
                     "/api/v1/moments", "/api/v1/safety/status", "/api/v1/couples/current"):
        assert expected in paths


def test_the_partners_export_holds_no_safety_data(client, app, db_factory, world):
    sam, alex, sam_browser, _, _ = world
    sam_has_a_concern(app, client, db_factory, sam, sam_browser)
    exported = client.get("/api/v1/export", headers=alex.auth).text
    for hint in ("safety", "risk_active", "fear_of_partner", "afraid_of_partner", "tight jaw",
                 "throat"):
        assert hint not in exported


def test_a_refused_safety_request_by_the_partner_changes_nothing(client, app, db_factory, world,
                                                                 db_state):
    sam, alex, sam_browser, _, _ = world
    sam_has_a_concern(app, client, db_factory, sam, sam_browser)
    before = db_state()
    for path in REFUSED_POSTS:
        assert client.post(path, headers=alex.auth).status_code == 409
    assert client.get("/api/v1/safety/therapist-alerts", headers=alex.auth).status_code == 403
    assert db_state() == before
    assert client.get("/api/v1/safety/status", headers=sam.auth).json()["risk_active"] is True


def test_the_joint_pause_reads_the_same_for_both_partners(client, app, world):
    sam, alex, *_ = world
    assert client.post("/api/v1/safety/check-in", json={"answers": AFRAID},
                       headers=sam.auth).status_code == 201
    if "/api/v1/conversations" not in {route.path for route in all_routes(app.routes)}:
        pytest.skip("POST /api/v1/conversations is not built yet (coach domain)")
    answers = [client.post("/api/v1/conversations", headers=user.auth)
               for user in (sam, alex)]
    assert [a.status_code for a in answers] == [409, 409]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["detail"] == PAUSED_WORDING
