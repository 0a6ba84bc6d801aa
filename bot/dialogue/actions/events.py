"""Events near the person, bookings and their cancellation, through the platform API."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.dialogue.actions.asking import answered_aside, ask, forget_asks
from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.actions.booking_limits import refused_booking
from bot.dialogue.actions.details import booking_details
from bot.dialogue.actions.knowledge import context_jobs
from bot.dialogue.actions.proposals import (
    MAX_SHOWN,
    events_message,
    events_near,
    has_platform,
    no_platform,
    where,
)
from bot.dialogue.booking_buttons import booking_buttons, books_event
from bot.dialogue.choice import ADVISED, NO_DISTANCE, proposal_before, proposed_events
from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.facts import extract_facts
from bot.dialogue.formatting import french_date
from bot.dialogue.places import PLACE_SLOTS
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker
from bot.platform import (
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    book_or_queue,
)
from channels.messages import Button
from channels.outputs import channel_of
from vocab.payloads import is_payload

__all__ = [
    "AskBooking",
    "CancelBooking",
    "ConfirmBooking",
    "ListEvents",
    "MyBookings",
    "searched_place",
]

REJECTIONS = {
    "event_full": "utter_event_full",
    "event_past": "utter_event_past",
    "event_cancelled": "utter_event_past",
    "already_booked": "utter_already_booked",
    "event_not_found": "utter_event_unknown",
    "booking_not_found": "utter_booking_unknown",
}


#: how many of the person's latest messages a place (or a job, to rank the events)
#: for an event search is read from: an immersion request's, before it was filed
RECENT_MESSAGES = 7
#: what is said when the commune could not be found (asked twice)
NO_PLACE = frozenset({"utter_events_no_place", "utter_events_no_place_online"})


def _previous_turn_said(tracker: Tracker, responses: frozenset[str]) -> bool:
    """The assistant's previous turn (before the person's latest message) said one
    of `responses`."""
    return any(m.data.get("response") in responses for m in previous_turn_messages(tracker))


def searched_place(tracker: Tracker, ctx: TurnContext) -> dict[str, Any]:
    """The place the person named in one of their latest messages: a search refined
    ("un job dating à Lille", then "en fait plutôt un atelier"), the commune of an
    immersion request, a place said before consent was refused. Read again from the
    messages for this search, never stored without consent."""
    users = [e for e in tracker.events if isinstance(e, UserUttered)][-RECENT_MESSAGES:-1]
    for message in reversed(users):
        if is_payload(message.text) and "location" not in message.text:
            continue
        facts = extract_facts(
            {"text": message.text, **message.parse_data}, {}, None, ctx.services.places
        )
        found = {k: facts.values[k] for k in PLACE_SLOTS if facts.values.get(k)}
        if found:
            return found
    return {}


def _entity(tracker: Tracker, name: str) -> Any:
    message = tracker.latest_message
    for entity in message.parse_data.get("entities", []) if message else []:
        if entity.get("entity") == name:
            return entity
    return None


#: why an event is put up for booking, said before the confirmation question
_WHY = {NO_DISTANCE: "utter_nearest_unknown", ADVISED: "utter_event_advised"}


class ListEvents(Speaks):
    name = "action_list_events"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if ctx.services.platform is None:
            return [say(self._content, "utter_platform_down", ctx)]
        message = tracker.latest_message
        assert message is not None
        if _entity(tracker, "event_id") is not None:  # a click on a proposed event
            return await AskBooking(self._content).run(tracker, ctx)
        # A place named now is used for this search only, consent or not.
        facts = extract_facts(
            {"text": message.text, **message.parse_data},
            tracker.slots,
            None,
            ctx.services.places,
            place_asked=tracker.get_slot("expecting") == "events_location",
        )
        if facts.clarification is not None and not is_payload(message.text):
            clarify = facts.clarification
            return [
                *set_slots(tracker, expecting="events_location"),
                say(
                    self._content, clarify.response, ctx, buttons=clarify.buttons, **clarify.values
                ),
            ]
        slots = {**tracker.slots, **{k: v for k, v in facts.values.items() if k in PLACE_SLOTS}}
        kind = _entity(tracker, "event_type") or (tracker.get_slot("pending") or {}).get("kind")
        kind_value = kind["value"] if isinstance(kind, dict) else kind
        place = where(slots, ctx) or where(searched_place(tracker, ctx), ctx)
        if place is None:
            what = self._content.label("event_types", kind_value or "any")
            asked = ask(
                self._content,
                tracker,
                ctx,
                "events_location",
                "utter_ask_events_location",
                resume=tracker.get_slot("expecting") == "events_location"
                and answered_aside(tracker),
                what=what,
            )
            if asked is None:  # asked twice: no third time, online events and a counsellor
                return [
                    *set_slots(tracker, expecting="events_location"),
                    await self._no_place(tracker, ctx, kind_value),
                ]
            pending = {"kind": kind_value} if kind_value else None
            return [*set_slots(tracker, expecting="events_location", pending=pending), *asked]
        dates = _entity(tracker, "date") or {}
        jobs = context_jobs(tracker, RECENT_MESSAGES)
        try:
            found = await events_near(place, slots, ctx, type_=kind_value, jobs=jobs, dates=dates)
        except PlatformError:
            return [
                *set_slots(tracker, expecting=None),
                say(self._content, "utter_platform_down", ctx),
            ]
        events: list[Event] = [
            *set_slots(tracker, expecting=None, pending=None),
            *forget_asks(tracker, "events_location"),
        ]
        if not found:
            if not await has_platform(place["departement"], ctx):
                return [
                    *events,
                    no_platform(
                        self._content, ctx, place["departement"], "utter_events_no_platform"
                    ),
                ]
            return [*events, say(self._content, "utter_events_none", ctx, commune=place["commune"])]
        return [
            *events,
            events_message(
                self._content,
                ctx,
                tracker,
                "utter_events_found",
                found,
                jobs,
                commune=place["commune"],
            ),
        ]

    async def _no_place(self, tracker: Tracker, ctx: TurnContext, kind: str | None) -> Event:
        """The commune could not be found twice: the online events, which need none,
        and a counsellor; the place can still be written later."""
        if _previous_turn_said(tracker, NO_PLACE):
            # the same request again: a counsellor, rather than the same list again
            return say(self._content, "utter_events_no_place_again", ctx)
        jobs = context_jobs(tracker, RECENT_MESSAGES)
        try:
            found = await ctx.services.platform.search_events(
                None, None, type=kind, online=True, limit=MAX_SHOWN
            )
            if not found and kind is not None:
                found = await ctx.services.platform.search_events(
                    None, None, online=True, limit=MAX_SHOWN
                )
        except PlatformError:
            found = []
        booked = set(tracker.get_slot("booked") or [])
        found = [e for e in found if e.id not in booked]
        if not found:
            return say(self._content, "utter_events_no_place", ctx)
        said = events_message(
            self._content, ctx, tracker, "utter_events_no_place_online", found, jobs
        )
        # the events first, the response's own counsellor button last
        buttons = sorted(said.data.get("buttons") or [], key=lambda b: not books_event(b))
        return BotUttered(text=said.text, data={**said.data, "buttons": buttons})


class AskBooking(Speaks):
    name = "action_ask_booking"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        entity = _entity(tracker, "event_id")
        if ctx.services.platform is None:
            return [say(self._content, "utter_platform_down", ctx)]
        if entity is None:  # "je veux m'inscrire" without saying to what
            proposal = proposal_before(tracker)
            ids = proposed_events(proposal)
            if len(ids) == 1:  # "ça m'intéresse" to the one event proposed: that one
                entity = {"entity": "event_id", "value": ids[0]}
            elif proposal is not None and proposal.data.get("response") != "utter_which_event":
                # events were just proposed: which one, with the same options (once)
                buttons = tuple(Button(b["title"], b["payload"]) for b in booking_buttons(proposal))
                return [say(self._content, "utter_which_event", ctx, buttons=buttons)]
            else:
                return await ListEvents(self._content).run(tracker, ctx)
        if limited := await refused_booking(tracker, ctx, str(entity["value"]), count=False):
            return [say(self._content, limited, ctx)]  # told at once, no platform request
        try:
            event = await ctx.services.platform.event(str(entity["value"]))
        except PlatformRejected as exc:
            return [say(self._content, REJECTIONS.get(exc.code, "utter_event_unknown"), ctx)]
        except PlatformError:
            return [say(self._content, "utter_platform_down", ctx)]
        if event.full:
            return [say(self._content, "utter_event_full", ctx)]
        details = booking_details(event)
        # "le plus proche" with no distance known: the soonest, and why (never silently);
        # "j'hésite": the first proposed, and why; declined, the others are offered again
        reason = _WHY.get(str(entity.get("reason")))
        why = [say(self._content, reason, ctx, custom={"events": [event.id]})] if reason else []
        if entity.get("reason") == ADVISED and (proposal := proposal_before(tracker)):
            others = booking_buttons(proposal)
            details["others"] = [b for b in others if event.id not in b["payload"]]
            offered = proposal.data.get("offered") or []
            details["offered"] = [o for o in offered if o.get("id") != event.id]
        return [
            *set_slots(tracker, expecting="booking_confirmation", pending=details),
            *forget_asks(tracker, "booking_confirmation"),
            *why,
            say(self._content, "utter_confirm_booking", ctx, **details),
        ]


class ConfirmBooking(Speaks):
    name = "action_confirm_booking"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        details = dict(tracker.get_slot("pending") or {})
        details.setdefault("short_title", details.get("title", ""))  # asked before the SMS forms
        details.setdefault("short_date", details.get("date", ""))
        events: list[Event] = set_slots(tracker, expecting=None, pending=None)
        if not details.get("event_id") or ctx.services.platform is None:
            return [*events, say(self._content, "utter_platform_down", ctx)]
        if limited := await refused_booking(tracker, ctx, str(details["event_id"]), count=True):
            return [*events, say(self._content, limited, ctx)]
        message = tracker.latest_message
        attempt = details.get("attempt") or (message.message_id if message else None)
        what = f"{tracker.sender_id}|{details['event_id']}|{attempt}"
        key = "book-" + hashlib.sha256(what.encode()).hexdigest()[:32]  # no sender in clear
        try:
            outcome = await book_or_queue(
                ctx.services.platform,
                ctx.services.pending,
                details["event_id"],
                tracker.sender_id,
                key,
            )
        except PlatformRejected as exc:
            return [
                *events,
                say(self._content, REJECTIONS.get(exc.code, "utter_event_unknown"), ctx),
            ]
        if outcome.status == "queued":
            return [*events, say(self._content, "utter_booking_queued", ctx, **details)]
        # the worker's reminder goes out by SMS or Telegram: promise it only where one is known
        reachable = channel_of(tracker.sender_id) != "rest"
        booked = "utter_booked" if reachable else "utter_booked_no_reminder"
        ids = list(dict.fromkeys([*(tracker.get_slot("booked") or []), str(details["event_id"])]))
        return [
            *events,
            *set_slots(tracker, booked=ids),
            say(self._content, booked, ctx, **details),
        ]


class MyBookings(Speaks):
    name = "action_my_bookings"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if ctx.services.platform is None:
            return [say(self._content, "utter_platform_down", ctx)]
        try:
            bookings = await ctx.services.platform.bookings(tracker.sender_id)
        except PlatformError:
            return [say(self._content, "utter_platform_down", ctx)]
        known = where(tracker.slots, ctx) or where(searched_place(tracker, ctx), ctx)
        if not bookings and known is not None:
            # nothing booked and the place known: the events near it straight away (a
            # request for events read as "my bookings" got the same "none" and a button)
            listed = await ListEvents(self._content).run(tracker, ctx)
            return [say(self._content, "utter_no_bookings", ctx), *listed]
        if not bookings:
            return [
                say(
                    self._content,
                    "utter_no_bookings",
                    ctx,
                    buttons=[Button("Voir les ateliers", "/list_events")],
                )
            ]
        lines = "\n".join(f"- {b.event.title}, {french_date(b.event.starts_at)}" for b in bookings)
        buttons = [
            Button(f"Annuler : {b.event.title}"[:60], f'/cancel_booking{{"booking_id": "{b.id}"}}')
            for b in bookings[:MAX_SHOWN]
        ]
        return [say(self._content, "utter_my_bookings", ctx, bookings=lines, buttons=buttons)]


class CancelBooking(Speaks):
    name = "action_cancel_booking"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        entity = _entity(tracker, "booking_id")
        if entity is None:
            return await MyBookings(self._content).run(tracker, ctx)
        if ctx.services.platform is None:
            return [say(self._content, "utter_platform_down", ctx)]
        try:
            mine = {b.id for b in await ctx.services.platform.bookings(tracker.sender_id)}
            if str(entity["value"]) not in mine:
                return [say(self._content, "utter_booking_unknown", ctx)]
            booking = await ctx.services.platform.cancel(str(entity["value"]))
        except PlatformRejected as exc:
            return [say(self._content, REJECTIONS.get(exc.code, "utter_booking_unknown"), ctx)]
        except PlatformUnavailable:
            return [say(self._content, "utter_platform_down", ctx)]
        booked = [i for i in tracker.get_slot("booked") or [] if i != booking.event.id]
        return [
            *set_slots(tracker, booked=booked),
            say(
                self._content,
                "utter_booking_cancelled",
                ctx,
                title=booking.event.title,
                date=french_date(booking.event.starts_at),
            ),
        ]
