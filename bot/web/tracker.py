"""GET /conversations/{sender}/tracker (admin token)."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Path, status

from bot.web.dependencies import AssistantDep, require_api_token
from bot.web.errors import documented

router = APIRouter(
    tags=["conversations"], dependencies=[Depends(require_api_token)], responses=documented(401)
)


@router.get("/conversations/{sender}/tracker", responses=documented(404))
async def get_tracker(
    assistant: AssistantDep, sender: str = Path(min_length=1, max_length=128)
) -> dict[str, Any]:
    if not await to_thread.run_sync(assistant.store.exists, sender):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no conversation with {sender!r}")
    tracker = await to_thread.run_sync(assistant.store.retrieve, sender)
    return tracker.as_dict()
