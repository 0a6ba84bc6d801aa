"""`GET /api/handoffs?status=open` (admin token): the contract's queue listing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from bot.handoff.service import HandoffService
from bot.web.dependencies import AssistantDep, require_api_token
from channels.http import documented

__all__ = ["HandoffOut", "router"]

router = APIRouter(
    prefix="/api",
    tags=["admin"],
    dependencies=[Depends(require_api_token)],
    responses=documented(401),
)


class HandoffOut(BaseModel):
    # the contract's fields (docs/interfaces.md)
    sender_id: str
    channel: str
    departement: str | None
    created_at: datetime
    reason: str
    # ours
    id: int
    team: str
    state: str
    topic: str | None
    taken_by: str | None
    taken_at: datetime | None
    closed_at: datetime | None
    wait_seconds: float
    expected_answer_at: datetime | None


def _service(assistant: Any) -> HandoffService:
    service: HandoffService = assistant.processor.services.handoffs
    return service


@router.get("/handoffs", response_model=list[HandoffOut])
async def list_handoffs(
    assistant: AssistantDep,
    state: Annotated[
        Literal["open", "taken", "handed_back", "closed"], Query(alias="status")
    ] = "open",
) -> list[HandoffOut]:
    """Handoffs in a state, every team, oldest first."""
    rows = await to_thread.run_sync(_service(assistant).handoffs.list_by_state, state)
    now = datetime.now().astimezone()
    return [
        HandoffOut(
            sender_id=h.sender_id,
            channel=h.channel,
            departement=h.departement,
            created_at=h.created_at,
            reason=h.reason,
            id=h.id,
            team=h.team,
            state=h.state,
            topic=h.topic,
            taken_by=h.taken_by_name,
            taken_at=h.taken_at,
            closed_at=h.closed_at,
            wait_seconds=round(h.wait_seconds(now), 1),
            expected_answer_at=h.expected_answer_at,
        )
        for h in rows
    ]
