"""STOP / START and the right to erasure."""

from __future__ import annotations

from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.events import ConversationErased, Event
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker

__all__ = ["AskDelete", "DeleteData", "KeepData", "OptIn", "OptOut"]


class OptOut(Speaks):
    name = "action_opt_out"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [
            *set_slots(
                tracker, opted_out=True, form_paused=True if tracker.get_slot("form") else None
            ),
            say(self._content, "utter_opted_out", ctx),
        ]


class OptIn(Speaks):
    name = "action_opt_in"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [*set_slots(tracker, opted_out=False), say(self._content, "utter_opted_in", ctx)]


class AskDelete(Speaks):
    name = "action_ask_delete"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [
            *set_slots(tracker, expecting="delete_confirmation"),
            say(self._content, "utter_ask_delete", ctx),
        ]


class DeleteData(Speaks):
    name = "action_delete_data"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        # "erased": the widget then forgets the transcript and the id kept in the browser
        done = say(self._content, "utter_deleted", ctx, custom={"erased": True})
        return [ConversationErased(), done]


class KeepData(Speaks):
    name = "action_keep_data"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        events: list[Event] = set_slots(tracker, expecting=None)
        intent = tracker.latest_message.intent_name if tracker.latest_message else None
        if intent == "deny":
            events.append(say(self._content, "utter_delete_cancelled", ctx))
        return events
