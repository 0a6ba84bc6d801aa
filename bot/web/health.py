"""GET /health: ready once the models are loaded (the lifespan has run)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot import __version__
from bot.web.dependencies import AssistantDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(assistant: AssistantDep) -> JSONResponse:
    database = assistant.database_ok()
    body: dict[str, Any] = {
        "status": "ok" if database else "degraded",
        "version": __version__,
        "database": "ok" if database else "unreachable",
        "components": assistant.components,
    }
    return JSONResponse(body, status_code=200 if database else 503)
