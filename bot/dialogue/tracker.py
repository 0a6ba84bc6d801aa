"""The state of one conversation: the fold of its events."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from bot.dialogue.events import Event, UserUttered

__all__ = ["Tracker"]


class Tracker:
    """Event log and the slots derived from it.

    Never change `slots` directly: append a `SlotSet` with `update()`, so that
    `Tracker.from_events(tracker.events)` always equals the live tracker.
    """

    def __init__(self, sender_id: str, slot_names: Sequence[str]) -> None:
        self.sender_id = sender_id
        self.slot_names = tuple(slot_names)
        self.events: list[Event] = []
        self.slots: dict[str, Any] = dict.fromkeys(self.slot_names)
        self.latest_message: UserUttered | None = None
        self.latest_action: str | None = None

    @classmethod
    def from_events(
        cls, sender_id: str, events: Iterable[Event], slot_names: Sequence[str]
    ) -> Tracker:
        tracker = cls(sender_id, slot_names)
        for event in events:
            tracker.update(event)
        return tracker

    def copy(self) -> Tracker:
        """The same state, to go on from without changing this one (the event list and
        the slots are copied; the events themselves are shared: never change one)."""
        twin = Tracker(self.sender_id, self.slot_names)
        twin.events = list(self.events)
        twin.slots = copy.deepcopy(self.slots)
        twin.latest_message = self.latest_message
        twin.latest_action = self.latest_action
        return twin

    def update(self, event: Event) -> None:
        self.events.append(event)
        event.apply_to(self)

    def get_slot(self, name: str) -> Any:
        return self.slots.get(name)

    def as_dict(self) -> dict[str, Any]:
        latest: dict[str, Any] = {}
        if self.latest_message is not None:
            latest = {"text": self.latest_message.text, **self.latest_message.parse_data}
        form = self.slots.get("form")
        return {
            "sender_id": self.sender_id,
            "slots": dict(self.slots),
            "latest_message": latest,
            "latest_event_time": self.events[-1].timestamp if self.events else None,
            "latest_input_channel": self.latest_message.channel if self.latest_message else None,
            "followup_action": None,
            # Rasa's names for our state: a conversation held by a counsellor is
            # paused for the bot; an unpaused form is the active loop.
            "paused": self.slots.get("handoff") == "taken",
            "active_loop": {"name": form} if form and not self.slots.get("form_paused") else {},
            "latest_action": {"action_name": self.latest_action} if self.latest_action else {},
            "latest_action_name": self.latest_action,
            "events": [event.as_dict() for event in self.events],
        }
