"""Rasa's REST channel: POST /webhooks/rest/webhook, replies collected in the response."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from autonomie_bot.messages import UserMessage
from autonomie_channels.base import OnNewMessage

__all__ = ["RestInput", "RestMessage"]


class RestMessage(BaseModel):
    sender: str = Field(min_length=1, max_length=128, description="the conversation's id")
    message: str = Field(description="the user's text, or a button payload such as /affirm")


class RestInput:
    name = "rest"

    def router(self, on_message: OnNewMessage) -> APIRouter:
        router = APIRouter(prefix="/webhooks/rest", tags=["channels"])

        @router.post("/webhook")
        async def receive(body: RestMessage) -> list[dict[str, Any]]:
            replies = await on_message(
                UserMessage(sender_id=body.sender, text=body.message, channel=self.name)
            )
            return [{"recipient_id": body.sender, **reply.as_dict()} for reply in replies]

        return router
