"""Admin API (Bearer AUTONOMIE_API_TOKEN): RGPD erasure and export, pilotage stats."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from bot.platform.errors import PlatformError
from bot.privacy import erase_candidate, export_candidate
from bot.web.dependencies import AssistantDep, require_api_token
from bot.web.errors import documented

__all__ = ["router"]

router = APIRouter(
    prefix="/api",
    tags=["admin"],
    dependencies=[Depends(require_api_token)],
    responses=documented(401),
)
SenderPath = Annotated[str, Path(min_length=1, max_length=128)]


def _unknown(sender: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"nothing is held on {sender!r}")


def _platform_down(exc: PlatformError) -> HTTPException:
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        detail=f"the platform could not be reached, nothing was erased; retry later ({exc})",
    )


@router.delete(
    "/candidates/{sender}",
    summary="Erase everything held on a person (RGPD)",
    responses=documented(404, 503),
)
async def delete_candidate(assistant: AssistantDep, sender: SenderPath) -> dict[str, Any]:
    try:
        report = await erase_candidate(assistant, sender)
    except PlatformError as exc:
        raise _platform_down(exc) from exc
    if report is None:
        raise _unknown(sender)
    return {"status": "erased", **report}


@router.get(
    "/candidates/{sender}/export",
    summary="Everything held on a person, as JSON",
    responses=documented(404, 503),
)
async def export(assistant: AssistantDep, sender: SenderPath) -> dict[str, Any]:
    try:
        data = await export_candidate(assistant, sender)
    except PlatformError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(exc)) from exc
    if data is None:
        raise _unknown(sender)
    return data


@router.get(
    "/stats",
    summary="Funnel counts by département, channel, job and ISO week",
    responses=documented(503),
)
async def stats(
    assistant: AssistantDep,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
    departement: Annotated[str | None, Query(pattern=r"^(\d{2}|2[AB]|97\d)$")] = None,
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
