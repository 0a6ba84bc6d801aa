"""Housekeeping: greetings, help, misunderstandings, pausing and resuming."""

from __future__ import annotations

from bot.dialogue.actions.base import requested_form_slot, say, set_slots
from bot.dialogue.actions.qualification import ContinueForm
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker

__all__ = [
    "Greet",
    "Misunderstood",
    "PauseForm",
    "UnpauseForm",
]

FALLBACKS_BEFORE_COUNSELLOR = 2


class Greet:
    name = "action_greet"

    def __init__(self, content: Content) -> None:
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if any(
            isinstance(e, BotUttered) and e.data.get("response") == "utter_greet"
            for e in tracker.events
        ):
            return [say(self._content, "utter_greet_again", ctx)]
        return [say(self._content, "utter_greet", ctx)]


class Misunderstood:
    """Says so; after two misunderstandings in a row, offers a counsellor."""

    def __init__(self, name: str, response: str, content: Content) -> None:
        self.name = name
        self._response = response
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        count = (tracker.get_slot("fallbacks") or 0) + 1
        if count >= FALLBACKS_BEFORE_COUNSELLOR:
            return [
                *set_slots(tracker, fallbacks=0),
                say(self._content, "utter_fallback_handoff", ctx),
            ]
        events: list[Event] = set_slots(tracker, fallbacks=count)
        if requested_form_slot(tracker, self._content) is not None:
            # the form's question, in other words, says it well enough
            after = Tracker.from_events(
                tracker.sender_id, [*tracker.events, *events], tracker.slot_names
            )
            asked = await ContinueForm(self._content).run(after, ctx)
            if any(isinstance(e, BotUttered) for e in asked):
                return events + asked
        return [*events, say(self._content, self._response, ctx)]


class PauseForm:
    name = "action_pause_form"

    def __init__(self, content: Content) -> None:
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if not tracker.get_slot("form"):
            return [say(self._content, "utter_goodbye", ctx)]
        return [*set_slots(tracker, form_paused=True), say(self._content, "utter_form_paused", ctx)]


class UnpauseForm:
    name = "action_unpause_form"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return set_slots(tracker, form_paused=False)
