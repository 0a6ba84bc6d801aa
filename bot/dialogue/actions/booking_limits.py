"""A booking refused by a rate limit (bot.ratelimit, SECURITY.md "Floods"), told why."""

from __future__ import annotations

from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker
from channels.outputs import reserved_sender

__all__ = ["refused_booking"]


async def refused_booking(
    tracker: Tracker, ctx: TurnContext, event_id: str, *, count: bool
) -> str | None:
    """The response saying which limit refuses this person a booking of `event_id`
    (theirs, their connection's, the event's), or None. `count`: the booking itself
    (counted); otherwise a look before the event is proposed (nothing counted)."""
    limits = ctx.services.limits
    if limits is None:
        return None
    sender = tracker.sender_id
    check = limits.booking_refused if count else limits.booking_blocked
    refused = await check(sender, event_id, ctx.client, signed=reserved_sender(sender))
    return f"utter_booking_limited_{refused}" if refused else None
