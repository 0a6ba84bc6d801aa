"""Admin API (Bearer AUTONOMIE_API_TOKEN): RGPD erasure and export, pilotage stats."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from bot.platform.errors import PlatformError
from bot.privacy import erase_candidate, export_candidate
from bot.web.dependencies import AssistantDep, require_api_token
from channels.http import documented
from platform_api.models import Day
from vocab.departements import DEPARTEMENT_PATTERN

__all__ = ["router"]

router = APIRouter(
    prefix="/api",
    tags=["admin"],
    dependencies=[Depends(require_api_token)],
    responses=documented(401),
)
SenderPath = Annotated[str, Path(min_length=1, max_length=128)]
T = TypeVar("T")


async def _held_on(sender: str, work: Awaitable[T | None], when_down: str) -> T:
    """What `work` finds on the person: 404 when nothing is held on them, 503 (saying
    `when_down`, with the error in place of {}) when the platform cannot be reached."""
    try:
        found = await work
    except PlatformError as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, detail=when_down.format(exc)
        ) from exc
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"nothing is held on {sender!r}")
    return found


@router.delete(
    "/candidates/{sender}",
    summary="Erase everything held on a person (RGPD)",
    responses=documented(404, 503),
)
async def delete_candidate(assistant: AssistantDep, sender: SenderPath) -> dict[str, Any]:
    report = await _held_on(
        sender,
        erase_candidate(assistant, sender),
        "the platform could not be reached, nothing was erased; retry later ({})",
    )
    return {"status": "erased", **report}


@router.get(
    "/candidates/{sender}/export",
    summary="Everything held on a person, as JSON",
    responses=documented(404, 503),
)
async def export(assistant: AssistantDep, sender: SenderPath) -> dict[str, Any]:
    return await _held_on(sender, export_candidate(assistant, sender), "{}")


@router.get(
    "/stats",
    summary="Funnel counts by département, channel, job and ISO week",
    responses=documented(503),
)
async def stats(
    assistant: AssistantDep,
    from_: Annotated[Day | None, Query(alias="from")] = None,
    to: Annotated[Day | None, Query()] = None,
    departement: Annotated[str | None, Query(pattern=DEPARTEMENT_PATTERN)] = None,
) -> dict[str, Any]:
    from bot.pilotage import compute_stats, platform_activity

    if from_ is not None and to is not None and from_ > to:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="from is after to")
    client = assistant.services.platform
    try:
        if client is None:
            raise PlatformError("no platform configured")
        activity = await platform_activity(client, from_, to)
    except PlatformError as exc:  # bookings and immersions are the platform's to tell
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(exc)) from exc
    return await to_thread.run_sync(
        compute_stats, assistant.sessions, activity, from_, to, departement
    )
