"""Rasa's REST channel: POST /webhooks/rest/webhook, replies collected in the response."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator

from bot.messages import UserMessage
from channels.base import OnNewMessage, reserved_sender

__all__ = ["RestInput", "RestMessage"]


class RestMessage(BaseModel):
    sender: str = Field(min_length=1, max_length=128, description="the conversation's id")
    message: str = Field(description="the user's text, or a button payload such as /affirm")
    message_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description=(
            "the client's id for this message: a retry with the same id is not handled "
            "twice and gets the first replies again"
        ),
    )

    @field_validator("sender", "message", "message_id", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: object) -> object:
        """A bare number ("33600" sent unquoted) is text too."""
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )

    @field_validator("sender")
    @classmethod
    def _not_a_signed_channel(cls, sender: str) -> str:
        if reserved_sender(sender):
            raise ValueError("sender ids starting with sms: or tg: belong to their channels")
        return sender


class RestInput:
    name = "rest"

    def router(self, on_message: OnNewMessage) -> APIRouter:
        router = APIRouter(prefix="/webhooks/rest", tags=["channels"])

        @router.post("/webhook")
        async def receive(body: RestMessage) -> list[dict[str, Any]]:
            replies = await on_message(
                UserMessage(
                    sender_id=body.sender,
                    text=body.message,
                    channel=self.name,
                    message_id=body.message_id,
                )
            )
            return [{"recipient_id": body.sender, **reply.as_dict()} for reply in replies]

        return router
