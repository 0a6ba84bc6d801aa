"""The details of the events just proposed, asked in words: "c'est où ?", "le 2e
c'est à quelle heure ?", "il reste des places ?" (bot.dialogue.choice reads the
question). Where, when and until when each one is, with the same options to book;
on SMS the details are the numbered options themselves, so nothing is said twice."""

from __future__ import annotations

import re
import uuid
from typing import Any

from bot.dialogue.actions.asking import forget_asks
from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.actions.booking_limits import refused_booking
from bot.dialogue.answers import yes_or_no
from bot.dialogue.booking_buttons import book_payload, booking_buttons
from bot.dialogue.choice import proposal_before, proposed_events
from bot.dialogue.event_questions import (
    asked_about_proposal,
    asks_contents,
    asks_seats,
    undecided,
)
from bot.dialogue.events import BotUttered, Event
from bot.dialogue.formatting import french_date, short_date, short_hour, short_title
from bot.dialogue.intents import effective_intent
from bot.dialogue.questions import asks
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.tracker import Tracker
from bot.platform import PlatformError
from channels.messages import Button
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["EventAdvice", "EventDetails", "booking_details", "kept_offered", "unread_choice"]

#: lengths an event's title is cut to in an SMS option of details
DETAIL_TITLE_LIMITS = (40, 28, 18)
#: the advice on how to choose: said once after a proposal, then the conversation goes on
ADVICE = frozenset({"utter_event_advice", "utter_event_advice_dates"})
#: a reply that turns the events down ("aucun ne me va", "pas dispo ces jours-là"): no
#: advice, the conversation goes on (folded text, bounded alternatives)
_DECLINES = re.compile(
    r"\b(?:aucun|aucune|rien|ni l'un|pas (?:dispo|disponible|libre|interesse)|"
    r"ne me (?:va|vont|convient|conviennent|dit)|non merci|pas pour moi)"
)


class EventDetails(Speaks):
    """Where, when and how long the events just proposed are ("c'est où ?", "le 2e
    c'est à quelle heure ?"), with the same options to book."""

    name = "action_event_details"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        ids = asked_about_proposal(tracker) or []
        proposal = proposal_before(tracker)
        if not ids or proposal is None or ctx.services.platform is None:
            return [say(self._content, "utter_platform_down", ctx)]
        try:
            found = [await ctx.services.platform.event(i) for i in ids]
        except PlatformError:
            return [say(self._content, "utter_platform_down", ctx)]
        options = booking_buttons(proposal)
        message = tracker.latest_message
        seats = message is not None and asks_seats(message.text)  # "il reste des places ?"
        if len(options) == 1 and len(found) == 1 and not found[0].full:
            # one event proposed: nothing to choose, its details and the booking question
            only = await self._only(tracker, ctx, found[0], seats)
            if only:
                return only
        if ctx.channel == "sms":
            return [kept_offered(self._sms(tracker, ctx, found, options), proposal)]
        # "il y aura des employeurs ?": what each one holds, from the platform's description
        held = message is not None and asks_contents(message.text)
        lines = "\n".join(
            f"- {e.title} : {_when(e)}, {_where(e)}{_seats(e) if seats else ''}."
            + (f" {e.description}" if held and e.description else "")
            for e in found
        )
        buttons = [Button(b["title"], b["payload"]) for b in options]
        said = say(
            self._content,
            "utter_event_details",
            ctx,
            details=lines,
            buttons=buttons,
            custom={"events": [e.id for e in found]},
        )
        return [kept_offered(said, proposal)]

    async def _only(
        self, tracker: Tracker, ctx: TurnContext, event: Any, seats: bool
    ) -> list[Event]:
        """Where and when the one event proposed is, then whether to book it: a yes
        books it (as after a click), a no leaves it."""
        if await refused_booking(tracker, ctx, event.id, count=False):
            return []  # a limit would refuse it: the details alone, the limit said on a click
        if ctx.channel == "sms":
            where_ = _where(event, short=True)
            details = f"{short_title(event.title, 40)}, {short_date(event.starts_at)}-"
            details += f"{short_hour(event.ends_at)}, {where_}"
        else:
            details = f"{event.title} : {_when(event)}, {_where(event)}"
        details += _seats(event) if seats else ""
        return [
            *set_slots(tracker, expecting="booking_confirmation", pending=booking_details(event)),
            *forget_asks(tracker, "booking_confirmation"),
            say(
                self._content,
                "utter_event_details_one",
                ctx,
                custom={"events": [event.id]},
                details=details,
            ),
        ]

    def _sms(
        self, tracker: Tracker, ctx: TurnContext, found: list[Any], options: list[dict[str, Any]]
    ) -> BotUttered:
        """The details as the numbered options themselves: nothing said twice."""
        shown = {str(b["payload"]) for b in options}
        events = [e for e in found if book_payload(e.id) in shown] or found
        before = turn_messages(tracker)
        said = say(self._content, "utter_event_details", ctx)
        for limit in DETAIL_TITLE_LIMITS:
            for short_place in (False, True):
                buttons = [
                    Button(
                        f"{short_title(e.title, limit)}, {short_date(e.starts_at)}-"
                        f"{short_hour(e.ends_at)}, {_where(e, short=short_place)}",
                        book_payload(e.id),
                    )
                    for e in events
                ]
                said = say(
                    self._content,
                    "utter_event_details",
                    ctx,
                    buttons=buttons,
                    custom={"events": [e.id for e in events]},
                )
                if fits_sms([*before, said]):
                    return said
        return said


def unread_choice(tracker: Tracker) -> bool:
    """The person's reply to the events just proposed reads as nothing: no choice,
    no fact, no question, no refusal ("hmm j'ai du mal", "euh...", a typo). How to
    choose, with the same options, rather than the next question hiding them; once
    (after the advice, the conversation goes on)."""
    message = tracker.latest_message
    if message is None or is_payload(message.text) or tracker.get_slot("expecting"):
        return False
    if effective_intent(message) not in ("out_of_scope", "help"):
        return False
    if message.parse_data.get("entities") or asks(message.text):
        return False
    if _DECLINES.search(fold(message.text[:200])) or yes_or_no(message.text, None, []) is not None:
        return False
    proposal = proposal_before(tracker)
    return proposal is not None and proposal.data.get("response") not in ADVICE


class EventAdvice(Speaks):
    """ "je ne sais pas lequel choisir", or a reply that reads as nothing: how to
    choose, with the same options."""

    name = "action_event_advice"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        proposal = proposal_before(tracker)
        if proposal is None or not (undecided(tracker) or unread_choice(tracker)):
            return []
        options = [Button(b["title"], b["payload"]) for b in booking_buttons(proposal)]
        # "le plus proche" suggested only where it means one: some distance is known
        said = say(
            self._content,
            "utter_event_advice" if distances_known(proposal) else "utter_event_advice_dates",
            ctx,
            buttons=options,
            custom={"events": proposed_events(proposal)},
        )
        return [kept_offered(said, proposal)]


def distances_known(proposal: BotUttered) -> bool:
    """Some event proposed is in person at a known distance: "le plus proche" means one."""
    offered = proposal.data.get("offered") or []
    return any(isinstance(o, dict) and o.get("km") is not None for o in offered)


def kept_offered(said: BotUttered, proposal: BotUttered) -> BotUttered:
    """`said` offers the same events: where and when they are stays known."""
    if proposal.data.get("offered"):
        said.data["offered"] = proposal.data["offered"]
    return said


def booking_details(event: Any) -> dict[str, Any]:
    """What a booking's confirmation says and books (the `pending` slot)."""
    details = {
        # one booking attempt: its confirmation, retried, books once; a new attempt
        # after a cancellation books again (the key is no longer sender + event)
        "attempt": uuid.uuid4().hex,
        "event_id": event.id,
        "title": event.title,
        "date": french_date(event.starts_at),
        "short_title": short_title(event.title),
        "short_date": short_date(event.starts_at),
        "address": "en ligne"
        if event.online
        else ", ".join(x for x in (event.address, event.commune) if x),
    }
    if not event.online and event.commune:
        # on SMS, a booking asked in a turn short of room names the town alone
        details["town"] = event.commune
    return details


def _when(event: Any) -> str:
    """ "le mardi 12 janvier à 14h00, jusqu'à 16h30"."""
    return f"{french_date(event.starts_at)}, jusqu'à {short_hour(event.ends_at, full=True)}"


def _seats(event: Any) -> str:
    """ " (3 places libres)", " (complet)"."""
    if event.full or event.seats_left <= 0:
        return " (complet)"
    plural = "s" if event.seats_left > 1 else ""
    return f" ({event.seats_left} place{plural} libre{plural})"


def _where(event: Any, *, short: bool = False) -> str:
    if event.online:
        return "en ligne"
    if short:
        return str(event.commune or event.address or "")
    return ", ".join(x for x in (event.address, event.commune) if x)
