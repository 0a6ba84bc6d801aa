"""`GET /api/handoffs?status=open` (admin token): the contract's queue listing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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
    # read from a bot.handoff.tables.Handoff row (no docstring: it would show in the OpenAPI)
    model_config = ConfigDict(from_attributes=True)

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
    taken_by: str | None = Field(validation_alias="taken_by_name")
    taken_at: datetime | None
    closed_at: datetime | None
    wait_seconds: float
    expected_answer_at: datetime | None

    @field_validator("wait_seconds", mode="before")
    @classmethod
    def _waited_until_now(
        cls, wait_seconds: Callable[[datetime], float], info: ValidationInfo
    ) -> float:
        """The row's wait_seconds(now), `now` the listing's moment (the validation context)."""
        now: datetime = (info.context or {})["now"]
        return round(wait_seconds(now), 1)


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
    return [HandoffOut.model_validate(h, context={"now": now}) for h in rows]
