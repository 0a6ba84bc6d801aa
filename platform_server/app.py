"""The reference platform API, a FastAPI application of its own.

`create_platform_app(settings)` is the API, routes /v1/... on the platform's
database; `create_app(settings)` is what `autonomie platform serve` runs: that
API mounted at /platform (so /platform/v1/..., docs at /platform/docs), plus
GET /health, and a lifespan that applies the platform's migrations.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from anyio import to_thread
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from platform_api.models import ErrorBody
from platform_server import __version__, bookings, directory, events, immersion
from platform_server import candidates as candidate_erasure
from platform_server.auth import PrincipalDep
from platform_server.context import ContextDep, PlatformContext
from platform_server.db import upgrade
from platform_server.errors import install_platform_error_handlers
from platform_server.settings import PlatformSettings
from sqlkit.types import utcnow

__all__ = ["create_app", "create_platform_app"]

DESCRIPTION = """\
Events, bookings and immersion requests of the plateformes départementales des
métiers de l'autonomie. Every call needs an API key: header `X-Platform-Key: <key>`
or `Authorization: Bearer <key>`. A platform's key sees its own bookings and
immersion requests only; a national key (the assistant's) acts for every platform.
Errors are `{"code": "...", "detail": "..."}`. See docs/platform-api.md.
"""


class Me(BaseModel):
    label: str
    national: bool
    departement: str | None


def create_platform_app(
    settings: PlatformSettings,
    *,
    sessions: sessionmaker[Session] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """The platform API on `settings.database_url` (or on `sessions`); no I/O here."""
    national = [settings.api_key.get_secret_value()] if settings.api_key else []
    context = PlatformContext(
        database_url=settings.database_url, sessions=sessions, national_keys=national, now=now
    )
    app = FastAPI(
        title="Plateformes des métiers de l'autonomie — API",
        version=f"1.0 (reference implementation {__version__})",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "events", "description": "Search and read events."},
            {"name": "bookings", "description": "Book, list, cancel."},
            {"name": "immersion", "description": "PMSMP requests and counsellors' decisions."},
            {"name": "platforms", "description": "One platform per département."},
            {"name": "employers", "description": "Recruiters near a point."},
        ],
    )
    app.state.platform = context
    install_platform_error_handlers(app)
    for router in (
        events.router,
        bookings.router,
        immersion.router,
        directory.platforms,
        directory.employers,
        candidate_erasure.router,  # DELETE /v1/candidates/{ref} (RGPD, national key)
    ):
        app.include_router(router)

    @app.get(
        "/v1/me",
        response_model=Me,
        responses={401: {"model": ErrorBody}},
        tags=["platforms"],
        summary="Who am I",
    )
    def me(principal: PrincipalDep) -> Me:
        return Me(
            label=principal.label, national=principal.national, departement=principal.departement
        )

    @app.get(
        "/v1/health",
        responses={503: {"description": "the database is unreachable"}},
        tags=["platforms"],
        summary="Liveness (no key needed)",
    )
    def health(ctx: ContextDep) -> JSONResponse:
        try:
            with ctx.sessions() as session:
                session.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "degraded", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return app


def create_app(settings: PlatformSettings) -> FastAPI:
    """`autonomie platform serve`: the platform API at /platform/v1/..., and GET /health."""
    platform = create_platform_app(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        context: PlatformContext = platform.state.platform
        await to_thread.run_sync(upgrade, context.engine)
        try:
            yield
        finally:
            context.close()

    root = FastAPI(title="Plateformes des métiers de l'autonomie", lifespan=lifespan)
    root.state.platform = platform.state.platform
    root.mount("/platform", platform)

    @root.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return root
