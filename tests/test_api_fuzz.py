"""Schemathesis against /openapi.json, in process (ASGI) and logged in with an API token.

Every operation gets generated requests, valid and invalid; every answer must be no 5xx, have a
status and content type the document lists, match its documented schema, and be problem+json
when it is an error. `make test` runs one valid and one invalid case per operation on SQLite; `make fuzz-api` runs
BETWEEN_FUZZ_EXAMPLES per operation and mode (50: over 5,000 cases) on SQLite and PostgreSQL and prints
how many cases ran and how many answered 5xx.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from between.config import Settings
from tests.conftest import REPO, _truncate_all
from tests.factories import ApiUser, couple, moment, sign_up

EXAMPLES = int(os.environ.get("BETWEEN_FUZZ_EXAMPLES", "1"))
FULL = EXAMPLES > 1
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if FULL else ["sqlite"]
# These end the caller's own login or couple: each case gets a person of its own.
SPENDS_THE_CALLER = {("DELETE", "/api/v1/me"), ("DELETE", "/api/v1/sessions/current"),
                     ("POST", "/api/v1/couples/current/leave")}
PROBLEM = "application/problem+json"
SEEN: Counter = Counter()


@schemathesis.check
def errors_are_problems(ctx, response, case):
    """Every 4xx and 5xx answer is RFC 9457 problem+json with its status in the body."""
    if response.status_code < 400:
        return None
    media = response.headers.get("content-type", [""])[0].split(";")[0]
    assert media == PROBLEM, f"a {response.status_code} answered {media!r}, not {PROBLEM}"
    body = response.json()
    assert body.get("status") == response.status_code and body.get("detail"), body
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, errors_are_problems]


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed(request, tmp_path_factory, sqlite_template):
    """One app and one couple with a few records for the whole module (building one per
    operation would cost more than the cases)."""
    from between.app import build_app

    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("fuzz") / "between.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_migrated")
        _truncate_all(url)
    # Fuzzed logins fail by the thousand from one address: the limiter (tested on its own)
    # would soon refuse the logins the harness itself needs.
    app = build_app(Settings(database_url=url, var_dir=tmp_path_factory.mktemp("var"),
                             secret_key="fuzz", data_dir=REPO.parent / "shared" / "data",
                             login_attempts=10**9, login_attempts_per_address=10**9))
    with TestClient(app) as client:
        sam, _alex = couple(client)
        for visibility in ("private", "partner"):
            moment(client, sam, visibility=visibility, intensity=4)
        yield app, client, sam
    app.state.engine.dispose()
    cases, errors = SEEN[request.param, "cases"], SEEN[request.param, "5xx"]
    print(f"\nSchemathesis on {request.param}: {cases} cases, {errors} server errors")


@pytest.fixture(autouse=True)
def cue_layer_screening(monkeypatch):
    from between.safety import service

    monkeypatch.setattr(service, "SCREENING_LAYERS", "cues")


def test_api_answers_as_documented(fuzzed, request):
    """Every operation, valid and invalid requests: failures are collected, not stopped at."""
    app, client, sam = fuzzed
    backend = request.node.callspec.params["fuzzed"]
    failures = []
    for result in schemathesis.openapi.from_asgi("/openapi.json", app).get_all_operations():
        operation = result.ok()
        for mode in GenerationMode:
            try:
                _fuzz(operation, mode, client, sam, backend)
            except Unsatisfiable:  # nothing to get wrong: no parameters, no body
                continue
            except Exception as exc:  # noqa: BLE001 - Hypothesis re-raises the shrunk failure
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): "
                                f"{str(exc)[:600]}")
        _tally(backend, failures)
    assert failures == [], "\n\n".join(failures)


def _tally(backend: str, failures: list[str]) -> None:
    """The running count, kept in test-artifacts/ so a long run cut short still tells."""
    out = REPO / "test-artifacts" / f"fuzz-api-{backend}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"{SEEN[backend, 'cases']} cases, {SEEN[backend, '5xx']} server errors, "
                   f"{len(failures)} failing operations so far\n\n" + "\n\n".join(failures))


def _fuzz(operation, mode, client, sam, backend) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=not FULL, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        caller: ApiUser = sam
        if (case.method.upper(), case.path) in SPENDS_THE_CALLER:
            caller = sign_up(client)
        response = case.call(headers={**(case.headers or {}), **caller.auth})
        SEEN[backend, "cases"] += 1
        SEEN[backend, "5xx"] += response.status_code >= 500
        case.validate_response(response, checks=CHECKS)

    run()
