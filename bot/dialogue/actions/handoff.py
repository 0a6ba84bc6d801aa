"""Handing the conversation to a counsellor, and taking it back.

The handoff service (`ctx.services.handoffs`, bot.handoff) keeps the
queue; these actions tell the person, honestly, when someone will answer, and
record the state in the `handoff` slot: "open" (waiting for a counsellor),
"taken" (a counsellor holds it: the policy stays silent), null otherwise.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.sensitive import SensitiveTopics
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker

__all__ = ["FALLBACK_RESPONSES", "ReleaseHandoff", "RequestHandoff", "SensitiveHandoff"]

#: the assistant's last message offered a counsellor because it could not help
FALLBACK_RESPONSES = frozenset({"utter_fallback_handoff", "utter_kb_abstain"})


def last_response(tracker: Tracker) -> str | None:
    """The response name of the assistant's last message before the person's latest one."""
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None
            seen_user = True
        elif seen_user and isinstance(event, BotUttered):
            response = event.data.get("response")
            return response if isinstance(response, str) else None
    return None


async def open_handoff(
    content: Content,
    tracker: Tracker,
    ctx: TurnContext,
    reason: str,
    *,
    topic: str | None = None,
    transmitted: str = "utter_handoff_transmitted",
) -> list[Event]:
    """Opens (once) and tells the person when a counsellor will answer."""
    service: Any = ctx.services.handoffs
    if service is None:
        return [say(content, "utter_handoff_unavailable", ctx)]
    opened = await service.open(
        tracker, ctx.channel, reason, topic=topic, now=ctx.now, platform=ctx.services.platform
    )
    response = transmitted if opened.created else "utter_handoff_already"
    return [
        *set_slots(tracker, handoff=opened.handoff.state),
        say(content, response, ctx, team=opened.team_label, when=opened.when(ctx.now, ctx.channel)),
    ]


class RequestHandoff(Speaks):
    """The person asks for a human (`human_handoff`), or accepts the counsellor offered
    after two misunderstandings or an unanswerable question (reason "fallback")."""

    name = "action_handoff"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        reason = "fallback" if last_response(tracker) in FALLBACK_RESPONSES else "asked"
        return await open_handoff(self._content, tracker, ctx, reason)


class SensitiveHandoff:
    """A sensitive topic (sensitive.yml): a careful answer, and a counsellor."""

    name = "action_handoff_sensitive"

    def __init__(self, content: Content, topics: SensitiveTopics | None = None) -> None:
        self._content = content
        self.topics = topics or SensitiveTopics.load(content.domain)

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        topic = self.topics.match(message.text) if message else None
        if topic is None:
            return []
        events: list[Event] = [say(self._content, topic.response, ctx)]
        held = tracker.get_slot("handoff") == "taken"
        service: Any = ctx.services.handoffs
        if held and service is not None:  # the counsellor holding it sees it flagged
            await service.open(tracker, ctx.channel, "sensitive", topic=topic.name, now=ctx.now)
            return events
        return events + await open_handoff(
            self._content,
            tracker,
            ctx,
            "sensitive",
            topic=topic.name,
            transmitted="utter_sensitive_transmitted",
        )


class ReleaseHandoff(Speaks):
    """The person goes back to the assistant ("/bot", "reprendre avec l'assistant")."""

    name = "action_handoff_release"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        service: Any = ctx.services.handoffs
        released = await service.release_by_candidate(tracker.sender_id) if service else None
        if released is None and not tracker.get_slot("handoff"):
            return [say(self._content, "utter_handoff_not_open", ctx)]
        return [
            *set_slots(tracker, handoff=None),
            say(self._content, "utter_handoff_released", ctx),
        ]
