"""The end of the profile questions: what is known, then the next steps (a fiche, an
immersion, the nearest event), as numbered options of one message on SMS."""

from __future__ import annotations

from bot.dialogue.actions.base import say
from bot.dialogue.actions.proposals import event_button, events_near, where
from bot.dialogue.content import Content
from bot.dialogue.events import Event
from bot.dialogue.formatting import french_date, short_title
from bot.dialogue.profile import describe, next_steps
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.tracker import Tracker
from bot.platform import PlatformError
from channels.messages import Button
from platform_api.models import Event as PlatformEvent

__all__ = ["orientation"]


async def orientation(content: Content, tracker: Tracker, ctx: TurnContext) -> list[Event]:
    """The form is done: what is known, then the next steps (a fiche, an immersion, an
    event near the person)."""
    summary = describe(tracker.slots, content)
    if ctx.channel == "sms":
        return await _sms_orientation(content, tracker, ctx, summary)
    events: list[Event] = [say(content, "utter_orientation", ctx, summary=summary)]
    knowledge = ctx.services.knowledge
    for step in next_steps(tracker.slots, content):
        if step["step"] == "next_event" and tracker.get_slot("proposed"):
            continue  # the events near the person were proposed already
        if step["step"] == "immersion":
            events.append(say(content, "utter_step_immersion", ctx))
        elif step["step"] == "fiche" and knowledge is not None:
            fiche = knowledge.fiche(step["fiche"])
            if fiche is not None:
                events.append(
                    say(
                        content,
                        "utter_step_fiche",
                        ctx,
                        title=fiche.title,
                        fiche=fiche.fiche_id,
                    )
                )
        elif step["step"] == "next_event":
            events += await _next_event(content, tracker, ctx)
    return events


async def _sms_orientation(
    content: Content, tracker: Tracker, ctx: TurnContext, summary: str
) -> list[Event]:
    """On SMS, the next steps are the numbered options of one message (two segments)."""
    knowledge = ctx.services.knowledge
    buttons: list[Button] = []
    for step in next_steps(tracker.slots, content):
        if step["step"] == "immersion":
            buttons.append(Button(content.label("steps", "immersion"), "/book_immersion"))
        elif step["step"] == "fiche" and knowledge is not None:
            fiche = knowledge.fiche(step["fiche"])
            if fiche is not None:
                payload = f'/question{{"fiche": "{fiche.fiche_id}"}}'
                buttons.append(Button(short_title(fiche.title, 40), payload))
        elif step["step"] == "next_event" and not tracker.get_slot("proposed"):
            found = await _events(tracker, ctx)
            buttons += [event_button(e, short=30) for e in found[:1]]
    if not buttons:
        return [say(content, "utter_orientation_summary", ctx, summary=summary)]
    # two segments a turn (the person's question may be answered first): the
    # recap goes before the steps do, then the steps beyond the first two
    before = turn_messages(tracker)
    forms = (
        ("utter_orientation", buttons),
        ("utter_orientation_short", buttons),
        ("utter_orientation_short", buttons[:2]),
    )
    for response, kept in forms:
        said = say(content, response, ctx, summary=summary, buttons=kept)
        if fits_sms([*before, said]):
            break
    return [said]


async def _events(tracker: Tracker, ctx: TurnContext) -> list[PlatformEvent]:
    """The bookable events near the person, for their job first, if the platform answers."""
    place = where(tracker.slots, ctx) if ctx.services.platform is not None else None
    if place is None:
        return []
    try:
        return await events_near(place, tracker.slots, ctx, jobs=tracker.get_slot("jobs"))
    except PlatformError:
        return []


async def _next_event(content: Content, tracker: Tracker, ctx: TurnContext) -> list[Event]:
    """The nearest bookable event for the person's job, if the platform answers."""
    found = await _events(tracker, ctx)
    if not found:
        return []
    event = found[0]
    where_ = "en ligne" if event.online else event.commune
    return [
        say(
            content,
            "utter_step_event",
            ctx,
            title=event.title,
            date=french_date(event.starts_at),
            commune=where_,
            event_id=event.id,
        )
    ]
