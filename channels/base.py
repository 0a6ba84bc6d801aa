"""The channel abstraction shared by every adapter.

Input side: an `InputChannel` gives the webhook routes of a platform and calls
`on_message` per message (Rasa's `InputChannel.blueprint(on_new_message)`): an
adapter never imports the dialogue. Output side: an `OutputChannel` reaches a
person later (outbox, counsellor replies) on the channel they wrote from; its
protocol, errors and the sender-id conventions: `channels.outputs`; the messages
both ways: `channels.messages`. The core imports these; no adapter imports the core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from fastapi import APIRouter

from channels.messages import BotMessage, UserMessage

__all__ = ["InputChannel", "OnNewMessage", "client_metadata"]

OnNewMessage = Callable[[UserMessage], Awaitable[list[BotMessage]]]


class InputChannel(Protocol):
    name: str

    def router(self, on_message: OnNewMessage) -> APIRouter:
        """The webhook routes of this channel, calling `on_message` per message."""
        ...


def client_metadata(metadata: object) -> dict[str, Any]:
    """What the bot reads of the metadata a web client sends (Rasa's REST `metadata`,
    socket.io's `customData`): an optional `first_name` the host page knows, and the
    `platform` whose site hosts the widget (its `data-platform`, a département code).
    The rest (page, language...) is not kept."""
    if not isinstance(metadata, dict):
        return {}
    kept: dict[str, Any] = {}
    name = metadata.get("first_name")
    if isinstance(name, str) and name.strip():
        kept["first_name"] = name[:200]
    platform = metadata.get("platform")
    if isinstance(platform, int) and not isinstance(platform, bool):
        platform = f"{platform:02d}"
    if isinstance(platform, str) and 0 < len(platform.strip()) <= 3:
        kept["platform"] = platform.strip().upper()
    return kept
