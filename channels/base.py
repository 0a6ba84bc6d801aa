"""The channel abstraction shared by every adapter.

Input side: an `InputChannel` gives the webhook routes of a platform and calls
`on_message` per message (Rasa's `InputChannel.blueprint(on_new_message)`): an
adapter never imports the dialogue. Output side: an `OutputChannel` reaches a
person later (outbox, counsellor replies) on the channel they wrote from; its
protocol, errors and the sender-id conventions are the core's: `bot.outputs`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import APIRouter

from bot.messages import BotMessage, UserMessage

__all__ = ["InputChannel", "OnNewMessage"]

OnNewMessage = Callable[[UserMessage], Awaitable[list[BotMessage]]]


class InputChannel(Protocol):
    name: str

    def router(self, on_message: OnNewMessage) -> APIRouter:
        """The webhook routes of this channel, calling `on_message` per message."""
        ...
