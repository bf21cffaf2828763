"""build_app(settings) -> the FastAPI application: web pages, JSON API, static files."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from between import __version__
from between.api.problems import document_problems, error_response, install_problem_handlers
from between.config import Settings, get_settings
from between.db.engine import make_engine, make_sessionmaker
from between.db.health import database_problem
from between.errors import BetweenError
from between.intake import BodyLimit, storable_text
from between.people.ratelimit import make_login_limiter
from between.safety import check_data
from between.web.render import LoginRequired, error_page, on_login_required, templates
from between.web.security import WEB_STATIC, SecurityHeaders

# Swagger UI 5 (it reads OpenAPI 3.1), vendored by a PyPI package: /api/docs loads no CDN.
SWAGGER_UI = Path(find_spec("fastapi_offline").origin).parent / "static"

# Each domain's JSON routes live in api/<domain>.py and its pages in web/<domain>.py.
DOMAINS = ("people", "moments", "analysis", "cycle", "coach", "assessments", "safety",
           "therapist", "attachment")


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
        docs_url=None,  # served below from a vendored Swagger UI, never a CDN
        redoc_url=None,
        dependencies=[Depends(storable_text)],
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.login_limiter = make_login_limiter(settings)
    app.state.secret_key = settings.resolved_secret_key()

    install_problem_handlers(app, page=error_page)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes,
                       respond=lambda request, error: error_response(request, error, error_page))

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """ok while the database answers and is migrated; 503 problem+json otherwise."""
        if database_problem(engine):
            raise BetweenError("The database cannot be reached.", [], 503, "Unavailable",
                               "database-unavailable")
        return {"status": "ok"}

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "api_docs.html")

    for router in adapter_routers():
        app.include_router(router)
    app.mount("/api/docs/assets", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=WEB_STATIC), name="static")
    document_problems(app)
    return app
