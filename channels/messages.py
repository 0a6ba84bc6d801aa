"""Channel-neutral messages: what a channel hands to the bot and gets back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BotMessage", "Button", "UserMessage", "storable_id"]

# control characters (NUL above all: PostgreSQL cannot store it in text) and lone
# surrogates (no driver can encode them): never part of an id a client sends
_NOT_IN_ID = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def storable_id(value: str) -> bool:
    """True when a client's id (sender id, message id, e-mail) can be stored and looked
    up as it is. A text is cleaned (`clean_text`); an id cannot be: two ids that differ
    by a control character would become one person."""
    return _NOT_IN_ID.search(value) is None


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True, slots=True)
class UserMessage:
    sender_id: str
    text: str
    channel: str = "rest"
    #: the channel's own id for the message (Twilio MessageSid, Telegram
    #: update_id...), used to drop a webhook delivered twice.
    message_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    #: True when the replies travel in the webhook's response (REST, TwiML): a
    #: channel retrying an answered message lost that response and gets the
    #: replies again. False when the adapter sends them itself (Telegram).
    replies_in_response: bool = True
    #: the network address it came from, on channels where anyone can make up a sender
    #: id (REST, widget, socket.io): the key of the per-address rate limits. Never stored.
    client: str | None = None


@dataclass(frozen=True, slots=True)
class BotMessage:
    text: str | None = None
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.text is not None:
            data["text"] = self.text
        if self.buttons:
            data["buttons"] = [b.as_dict() for b in self.buttons]
        if self.custom is not None:
            data["custom"] = self.custom
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BotMessage:
        return cls(
            text=data.get("text"),
            buttons=tuple(Button(b["title"], b["payload"]) for b in data.get("buttons", [])),
            custom=data.get("custom"),
        )
