"""Events: the only way a conversation's state changes.

A tracker is the fold of its events, so a tracker rebuilt from storage equals
the live one. Each event knows its `type_name`, how to serialise itself and how
it changes a tracker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from bot.errors import AutonomieError
from channels.messages import BotMessage

if TYPE_CHECKING:
    from bot.dialogue.tracker import Tracker

__all__ = [
    "ActionExecuted",
    "BotUttered",
    "ConversationErased",
    "Event",
    "SessionStarted",
    "SlotSet",
    "UnknownEvent",
    "UserUttered",
    "event_from_dict",
]


class UnknownEvent(AutonomieError):
    """A stored event has a type this version does not know."""


@dataclass(kw_only=True)
class Event:
    type_name: ClassVar[str] = "event"
    timestamp: float = field(default_factory=time.time)

    def payload(self) -> dict[str, Any]:
        return {}

    def as_dict(self) -> dict[str, Any]:
        return {"event": self.type_name, "timestamp": self.timestamp, **self.payload()}

    def apply_to(self, tracker: Tracker) -> None:
        """Change the tracker's state; the default is to change nothing."""


@dataclass(kw_only=True)
class SessionStarted(Event):
    type_name: ClassVar[str] = "session_started"


@dataclass(kw_only=True)
class UserUttered(Event):
    type_name: ClassVar[str] = "user"
    text: str
    parse_data: dict[str, Any] = field(default_factory=dict)
    channel: str = "rest"
    message_id: str | None = None

    @property
    def intent_name(self) -> str | None:
        intent = self.parse_data.get("intent") or {}
        name = intent.get("name")
        return name if isinstance(name, str) else None

    def payload(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "parse_data": self.parse_data,
            "input_channel": self.channel,
            "message_id": self.message_id,
        }

    def apply_to(self, tracker: Tracker) -> None:
        tracker.latest_message = self


@dataclass(kw_only=True)
class BotUttered(Event):
    type_name: ClassVar[str] = "bot"
    text: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "data": self.data}

    @classmethod
    def from_message(cls, message: BotMessage, **data: Any) -> BotUttered:
        extra = {k: v for k, v in message.as_dict().items() if k != "text"}
        return cls(text=message.text, data={**data, **extra})

    def message(self) -> BotMessage:
        return BotMessage.from_dict({**self.data, "text": self.text})


@dataclass(kw_only=True)
class SlotSet(Event):
    type_name: ClassVar[str] = "slot"
    name: str
    value: Any = None

    def payload(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value}

    def apply_to(self, tracker: Tracker) -> None:
        tracker.slots[self.name] = self.value


@dataclass(kw_only=True)
class ActionExecuted(Event):
    type_name: ClassVar[str] = "action"
    name: str

    def payload(self) -> dict[str, Any]:
        return {"name": self.name}

    def apply_to(self, tracker: Tracker) -> None:
        tracker.latest_action = self.name


@dataclass(kw_only=True)
class ConversationErased(Event):
    """Everything held on the sender is to be erased. Never stored: the
    processor deletes the conversation instead of appending."""

    type_name: ClassVar[str] = "erased"


_REGISTRY: dict[str, type[Event]] = {
    cls.type_name: cls for cls in (SessionStarted, UserUttered, BotUttered, SlotSet, ActionExecuted)
}
_RENAMED = {"input_channel": "channel"}


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an event from `Event.as_dict()` output."""
    fields = dict(data)
    type_name = fields.pop("event", None)
    cls = _REGISTRY.get(str(type_name))
    if cls is None:
        raise UnknownEvent(f"unknown event type {type_name!r}")
    kwargs = {_RENAMED.get(key, key): value for key, value in fields.items()}
    return cls(**kwargs)
