"""Rasa's REST channel: POST /webhooks/rest/webhook, replies collected in the response.

`GET /webhooks/rest/pending?sender=web:...&after=<timestamp>`: what a counsellor
(or the assistant, on hand-back) wrote to a REST/widget conversation since
`after`; the widget polls it, as it only gets replies to what it posts. The
sender id is the conversation's bearer secret, exactly as for the webhook;
sms: and tg: ids are refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field, field_validator

from bot.messages import BotMessage, UserMessage
from bot.outputs import reserved_sender
from channels.base import OnNewMessage

__all__ = ["OnPending", "RestInput", "RestMessage"]

#: (sender id, after) → the messages pushed to that conversation since `after`.
OnPending = Callable[[str, float], Awaitable[list[BotMessage]]]


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

    def router(self, on_message: OnNewMessage, on_pending: OnPending | None = None) -> APIRouter:
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

        if on_pending is not None:

            @router.get("/pending")
            async def pending(
                sender: Annotated[str, Query(min_length=1, max_length=128)],
                after: Annotated[float, Query(ge=0)] = 0.0,
            ) -> list[dict[str, Any]]:
                """Messages written to the conversation outside a reply (counsellor,
                hand-back), after `after` (a timestamp from a previous answer), in the
                REST channel's shape."""
                if reserved_sender(sender):
                    raise HTTPException(
                        status.HTTP_422_UNPROCESSABLE_CONTENT, "not a REST sender id"
                    )
                messages = await on_pending(sender, after)
                return [{"recipient_id": sender, **m.as_dict()} for m in messages]

        return router
