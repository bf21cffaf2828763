"""build_app(settings) -> the FastAPI application: web pages, JSON API, static files."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from between import __version__
from between.api.problems import install_problem_handlers
from between.config import Settings, get_settings
from between.db.engine import make_engine, make_sessionmaker
from between.people.ratelimit import LoginLimiter
from between.safety import check_data
from between.web.render import LoginRequired, error_page, on_login_required
from between.web.security import WEB_STATIC, SecurityHeaders

# Each domain's JSON routes live in api/<domain>.py and its pages in web/<domain>.py.
DOMAINS = ("people", "moments", "analysis", "cycle", "coach", "assessments", "safety")


def adapter_routers() -> list:
    routers = []
    for layer in ("api", "web"):
        for domain in DOMAINS:
            name = f"between.{layer}.{domain}"
            if find_spec(name):
                routers.append(import_module(name).router)
    return routers


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    check_data()  # content files (resources, screening) fail loudly at start, not mid-request
    app = FastAPI(
        title="Between",
        version=__version__,
        description="A local-first companion for couples: see the cycle, share the feeling "
        "underneath, respond with care. Errors are RFC 9457 problem+json.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.login_limiter = LoginLimiter(settings.login_attempts, settings.login_window_seconds)
    app.state.secret_key = settings.resolved_secret_key()

    install_problem_handlers(app, page=error_page)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for router in adapter_routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=WEB_STATIC), name="static")
    return app
