"""Every error answer is problem+json with the field at fault; odd input is refused, never a 500.

Each case here was a 500, a text/plain answer or a silently accepted value before (issue 14).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, couple, moment, screened_couple, sign_up

PROBLEM = "application/problem+json"
NUL, SURROGATE = "\x00", "\ud800"
# Only storing text differs between the databases (PostgreSQL refuses NUL); the rest of this
# file is about the HTTP layer and runs on SQLite alone.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _raw_json(body: dict) -> bytes:
    # json.dumps writes "\u0000" and "\ud800" as escapes, exactly as a client would send them.
    return json.dumps(body).encode()


def _post(client, path, body, headers=None):
    return client.post(path, content=_raw_json(body),
                       headers={"Content-Type": "application/json", **(headers or {})})


def _refused_at(response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    [problem] = response.json()["errors"]
    assert problem["field"] == field, problem
    assert "remove it" in problem["message"]


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    # A reach must not open a safety state here: this file is about input, not risk.
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_unstorable_text_is_refused_before_login(client, db_state, bad):
    before = db_state()
    _refused_at(_post(client, "/api/v1/accounts", {"email": f"a{bad}@example.org",
                                                   "password": PASSWORD, "display_name": "A"}),
                "email")
    _refused_at(_post(client, "/api/v1/sessions", {"email": "a@example.org",
                                                   "password": f"pass{bad}word!!"}), "password")
    _refused_at(_post(client, "/api/v1/analyze", {"text": f"I felt alone {bad} again"}), "text")
    assert db_state() == before


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_unstorable_text_is_refused_in_every_written_record(client, db_state, bad):
    sam, alex = screened_couple(client)
    shared = moment(client, sam, visibility="partner")
    conversation = client.post("/api/v1/conversations", headers=sam.auth).json()["id"]
    before = db_state()
    _refused_at(_post(client, "/api/v1/moments", {"happened": f"We argued{bad}."}, sam.auth),
                "happened")
    patched = client.patch(f"/api/v1/moments/{shared['id']}", content=_raw_json(
        {"need": f"to be{bad} heard"}), headers={**sam.auth, "Content-Type": "application/json"})
    _refused_at(patched, "need")
    _refused_at(_post(client, f"/api/v1/conversations/{conversation}/turns",
                      {"text": f"I miss you{bad}"}, sam.auth), "text")
    draft = client.put(f"/api/v1/conversations/{conversation}/draft", content=_raw_json(
        {"text": f"half{bad}"}), headers={**sam.auth, "Content-Type": "application/json"})
    _refused_at(draft, "text")
    _refused_at(_post(client, "/api/v1/check-ins", {"instrument": "csi4", "answers": {
        f"1{bad}": 3}}, sam.auth), f"answers.1\\u{ord(bad):04x}")
    assert db_state() == before


def test_a_nul_in_the_path_or_query_is_refused(client):
    # Percent-encoded: HTTP cannot carry it raw. (An encoded lone surrogate is not UTF-8, so
    # the server decodes it as U+FFFD, which is storable.)
    sam, alex = couple(client)
    shared = moment(client, sam, visibility="partner")
    _refused_at(client.get(f"/api/v1/moments/{shared['id']}%00", headers=alex.auth), "moment_id")
    _refused_at(client.get("/api/v1/export?format=json%00", headers=sam.auth), "format")


@SQLITE_ONLY
def test_unstorable_text_in_a_web_form_is_shown_next_to_the_form(app, db_state):
    from tests.web.test_pages import csrf

    browser = TestClient(app)
    before = db_state()
    response = browser.post("/signup", data={"display_name": f"Sam{NUL}", "email": "s@example.org",
                                             "password": PASSWORD, "csrf_token": csrf(browser)})
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "display_name" in response.text and "NUL" in response.text
    assert db_state() == before


@SQLITE_ONLY
def test_a_check_in_answer_keyed_by_a_non_ascii_digit_is_a_field_error(client):
    sam, _ = couple(client)
    for key in ("\u0661", "\u00b2", "\uff11"):  # Arabic-Indic one, superscript two, fullwidth one
        response = client.post("/api/v1/check-ins", headers=sam.auth, json={
            "instrument": "csi4", "answers": {key: 3}, "draft": True})
        assert response.status_code == 422, (key, response.text)
        assert response.json()["errors"][0]["field"] == f"answers.{key}"


@SQLITE_ONLY
@pytest.mark.parametrize("value", [True, 5.5, "5", [5]])
def test_an_intensity_must_be_a_json_integer(client, db_state, value):
    sam, _ = couple(client)
    before = db_state()
    response = client.post("/api/v1/moments", headers=sam.auth,
                           json={"happened": "We argued.", "intensity": value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "intensity"
    assert db_state() == before


@SQLITE_ONLY
def test_a_web_form_still_sends_its_intensity_as_typed_digits(app, client):
    from tests.web.test_pages import csrf, web_signup

    browser = web_signup(app, "Sam")
    response = browser.post("/moments", data={"happened": "We argued about the dishes.",
                                              "intensity": "7", "csrf_token": csrf(browser, "/moments/new")},
                            follow_redirects=False)
    assert response.status_code == 303, response.text


@SQLITE_ONLY
def test_a_control_character_in_a_shared_need_never_breaks_the_diagram(client):
    sam, alex = couple(client)
    for _ in range(3):  # the need a side names most is the one the diagram draws
        moment(client, sam, visibility="partner", need="plink\x07 zorb", protective_move="pursue",
               deeper_feeling="fear")
        moment(client, alex, visibility="partner", protective_move="withdraw",
               need="<room> \\ to\x1b[31m breathe")
    for person in (sam, alex):
        svg = client.get("/api/v1/couples/current/cycle.svg", headers=person.auth)
        assert svg.status_code == 200, svg.text
        assert svg.text.startswith("<?xml") and "\x07" not in svg.text and "\x1b" not in svg.text


@SQLITE_ONLY
@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/v1/no-such-thing", 404),
    ("PUT", "/api/v1/accounts", 405),
    ("DELETE", "/healthz", 405),
])
def test_routing_errors_are_problems(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


@SQLITE_ONLY
def test_an_oversized_body_is_a_413_problem_before_it_is_read(settings):
    from between.app import build_app

    app = build_app(settings.model_copy(update={"max_request_bytes": 2048}))
    with TestClient(app) as client:
        user = sign_up(client)
        big = {"happened": "x" * 4000}
        response = client.post("/api/v1/moments", json=big, headers=user.auth)
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM

        def chunks():  # no Content-Length: counted as it arrives
            yield b'{"happened": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        streamed = client.post("/api/v1/moments", content=chunks(),
                               headers={**user.auth, "Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert streamed.headers["content-type"] == PROBLEM
    app.state.engine.dispose()


@SQLITE_ONLY
def test_an_unexpected_failure_is_a_500_problem_and_writes_nothing(app, client, db_state,
                                                                   monkeypatch):
    from between.moments import service

    sam, _ = couple(client)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(service, "_screen", broken)
    before = db_state()
    with TestClient(app, raise_server_exceptions=False) as quiet:
        response = quiet.post("/api/v1/moments", json={"happened": "We argued."}, headers=sam.auth)
        page = quiet.get("/", headers={"X-Test": "1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Server error"
    assert "a bug" not in response.text
    assert page.status_code == 200
    assert db_state() == before


@SQLITE_ONLY
def test_healthz_checks_the_database(settings, tmp_path):
    from between.app import build_app

    broken = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path}/empty.db"})
    app = build_app(broken)  # an empty file: reachable, never migrated
    with TestClient(app) as client:
        response = client.get("/healthz")
    app.state.engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM


@SQLITE_ONLY
def test_healthz_says_ok_on_a_ready_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@SQLITE_ONLY
@pytest.mark.parametrize("url", [
    "postgresql+psycopg://nobody@127.0.0.1:9/nothing",  # nothing listens on port 9
    "sqlite:///{tmp}/never-migrated.db",
])
def test_serve_refuses_to_start_without_a_ready_database(cli, monkeypatch, tmp_path, url):
    from between.cli.main import app
    from between.config import get_settings

    monkeypatch.setenv("BETWEEN_DATABASE_URL", url.format(tmp=tmp_path))
    get_settings.cache_clear()
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(k))
    result = cli.invoke(app, ["serve", "--port", "8999"])
    assert result.exit_code == 2
    assert "Error: Between cannot start" in result.output
    assert started == []


@SQLITE_ONLY
def test_serve_never_lets_uvicorn_trust_forwarded_headers(cli, monkeypatch):
    from between.cli.main import app

    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(k))
    assert cli.invoke(app, ["serve", "--port", "8999"]).exit_code == 0
    assert started[0]["proxy_headers"] is False


@SQLITE_ONLY
def test_api_docs_load_nothing_from_another_host(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert "<script>" not in page.text  # the CSP allows no inline script
    for asset in ("/api/docs/assets/swagger-ui-bundle.js", "/api/docs/assets/swagger-ui.css",
                  "/static/api-docs.js"):
        assert client.get(asset).status_code == 200, asset


@SQLITE_ONLY
def test_openapi_documents_every_error_as_problem_json(client):
    spec = client.get("/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "default" in responses, (method, path)
            for code, response in responses.items():
                if code == "default" or code[0] in "45":
                    assert list(response["content"]) == [PROBLEM], (method, path, code)
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= set(responses), (method, path)
