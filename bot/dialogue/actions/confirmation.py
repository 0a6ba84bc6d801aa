"""The booking confirmation left unanswered: declined ("non"), or answered with
neither a yes nor a no. When the event declined was the one advised to a person
who could not choose, the other events proposed are offered again."""

from __future__ import annotations

from bot.dialogue.actions.asking import asked_count
from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.events import Event
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker
from channels.messages import Button

__all__ = ["DropBooking", "RepeatBooking"]


class DropBooking(Speaks):
    name = "action_drop_booking"  # the other events offered again when one was advised

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        pending = tracker.get_slot("pending") or {}
        buttons = [Button(b["title"], b["payload"]) for b in pending.get("others") or []]
        response = "utter_booking_dropped_others" if buttons else "utter_booking_dropped"
        said = say(self._content, response, ctx, buttons=buttons)
        if buttons and pending.get("offered"):  # where and when: "le plus proche" still reads
            said.data["offered"] = pending["offered"]
        return [*set_slots(tracker, expecting=None, pending=None), said]


class RepeatBooking(Speaks):
    """Neither a yes nor a no to "Je vous inscris à ... ?" ("1", "hmm"): the same
    question in other words, once; then the booking is left (never a third time)."""

    name = "action_repeat_booking"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        details = dict(tracker.get_slot("pending") or {})
        if not details.get("event_id"):
            return await DropBooking(self._content).run(tracker, ctx)
        details.setdefault("short_title", details.get("title", ""))
        details.setdefault("short_date", details.get("date", ""))
        if asked_count(tracker, "booking_confirmation"):  # put twice already
            return await DropBooking(self._content).run(tracker, ctx)
        counts = {**(tracker.get_slot("asks") or {}), "booking_confirmation": 1}
        return [
            *set_slots(tracker, asks=counts),
            say(self._content, "utter_confirm_booking_again", ctx, **details),
        ]
