"""build_app(settings) -> the FastAPI application: web pages, JSON API, static files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from between import __version__
from between.api import moments as moments_api
from between.api import people as people_api
from between.api.problems import install_problem_handlers
from between.config import Settings, get_settings
from between.db.engine import make_engine, make_sessionmaker
from between.people.ratelimit import LoginLimiter
from between.web import moments as moments_pages
from between.web import people as people_pages
from between.web.render import error_page
from between.web.security import WEB_STATIC, SecurityHeaders


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
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
    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for router in (people_api.router, moments_api.router):
        app.include_router(router)
    for router in (people_pages.router, moments_pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=WEB_STATIC), name="static")
    return app
