"""Fixtures shared by every test: a migrated database on each backend, an app, a client.

Storage and API tests run on SQLite always, and on PostgreSQL when it is reachable. With
CI=true an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from between.config import Settings
from between.db.engine import make_engine, make_sessionmaker
from between.db.migrate import upgrade
from tests.system import missing_system_package


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    """argon2id still, with the smallest cost: tests check behaviour, not the work factor."""
    from argon2 import PasswordHasher

    from between.people import secrets

    secrets._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    secrets._DUMMY_HASH = secrets._hasher.hash("between-timing-equaliser")
    yield


POSTGRES_URL = os.environ.get("BETWEEN_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means "not reachable"
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "between.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    """A schema of this test run's own, so parallel runs on one server never collide."""
    problem = _postgres_reachable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must be reachable in CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    schema = f"between_test_{os.getpid()}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    upgrade(url)
    yield url
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version'")).scalars().all()
        # TRUNCATE fires no row triggers, so the append-only audit log can be emptied here.
        connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "between.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_migrated")
    _truncate_all(url)
    return url


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(database_url=database_url, var_dir=tmp_path / "var", secret_key="test-secret",
                    data_dir=REPO.parent / "shared" / "data")


@pytest.fixture
def db_factory(settings):
    engine = make_engine(settings.database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def app(settings):
    from between.app import build_app

    application = build_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db_state(db_factory):
    """A function returning every row of every table: compare before and after a request."""
    from between.db.models import Base

    def dump() -> dict[str, list]:
        with db_factory() as db:
            return {table.name: sorted(map(repr, db.execute(table.select()).all()))
                    for table in Base.metadata.sorted_tables}

    return dump


@pytest.fixture
def analysis_calls(monkeypatch) -> list[tuple[list[str], str]]:
    """Every run of the message analysis (the encoder's way in), as (texts, layers), in order.

    analyze_message goes through analyze_messages, so this sees every caller of either.
    """
    import between.analysis.engine as engine

    calls: list[tuple[list[str], str]] = []
    real = engine.analyze_messages

    def counted(texts, *, layers="both", **options):
        calls.append((list(texts), layers))
        return real(texts, layers=layers, **options)

    monkeypatch.setattr(engine, "analyze_messages", counted)
    return calls


CHROMIUM = "/usr/bin/chromium"
# Without these, chromium tries to reach Google's services on a machine with no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def graphviz_dot() -> None:
    """For tests that draw the cycle: Graphviz's `dot` must be on the PATH."""
    if not shutil.which("dot"):
        missing_system_package("Graphviz (`dot`, draws the cycle diagram)", "graphviz")


@pytest.fixture(scope="session")
def chromium():
    # One Playwright for the whole run: a second sync Playwright cannot start beside it.
    if not Path(CHROMIUM).exists():
        missing_system_package("Chromium (runs the browser tests)", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()




@pytest.fixture
def cli(settings, monkeypatch):
    """A CLI runner whose `between` commands use this test's database."""
    from typer.testing import CliRunner

    from between.config import get_settings

    monkeypatch.setenv("BETWEEN_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
