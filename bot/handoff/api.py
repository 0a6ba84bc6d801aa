"""HTTP routes of the handoff outside the console.

- `GET /api/handoffs?status=open` (admin token): the contract's queue listing.
- `GET /webhooks/rest/pending?sender=web:...&after=<timestamp>`: what a
  counsellor (or the assistant, on hand-back) wrote to a REST/widget
  conversation since `after`; the widget polls it, as it only gets replies to
  what it posts. The sender id is the conversation's bearer secret, exactly as
  for POST /webhooks/rest/webhook; sms: and tg: ids are refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from bot.dialogue.events import BotUttered
from bot.handoff.service import HandoffService
from bot.web.dependencies import AssistantDep, require_api_token
from bot.web.errors import documented
from channels.base import reserved_sender

__all__ = ["HandoffOut", "admin_router", "pending_router"]

admin_router = APIRouter(
    prefix="/api",
    tags=["admin"],
    dependencies=[Depends(require_api_token)],
    responses=documented(401),
)
pending_router = APIRouter(prefix="/webhooks/rest", tags=["channels"])


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


@admin_router.get("/handoffs", response_model=list[HandoffOut])
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


@pending_router.get("/pending")
async def pending(
    assistant: AssistantDep,
    sender: Annotated[str, Query(min_length=1, max_length=128)],
    after: Annotated[float, Query(ge=0)] = 0.0,
) -> list[dict[str, Any]]:
    """Messages written to the conversation outside a reply (counsellor, hand-back),
    after `after` (a timestamp from a previous answer), in the REST channel's shape."""
    if reserved_sender(sender):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "not a REST sender id")
    tracker = await to_thread.run_sync(assistant.store.retrieve, sender)
    found = []
    for event in tracker.events:
        if (
            isinstance(event, BotUttered)
            and event.data.get("proactive")
            and event.timestamp > after
        ):
            custom = {"timestamp": event.timestamp}
            for key in ("counsellor", "counsellor_role"):  # who speaks, shown by the widget
                if event.data.get(key):
                    custom[key] = event.data[key]
            message = {"recipient_id": sender, **event.message().as_dict()}
            message["custom"] = {**(message.get("custom") or {}), **custom}
            found.append(message)
    return found
