"""The channel abstraction shared by every adapter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import APIRouter

from autonomie_bot.messages import BotMessage, UserMessage

__all__ = ["InputChannel", "OnNewMessage"]

OnNewMessage = Callable[[UserMessage], Awaitable[list[BotMessage]]]


class InputChannel(Protocol):
    name: str

    def router(self, on_message: OnNewMessage) -> APIRouter:
        """The webhook routes of this channel, calling `on_message` per message."""
        ...
