"""The handoff service: opened by the dialogue, worked from the console.

State changes of the conversation are events appended through the
TrackerStore under the sender's lock (`SlotSet("handoff", ...)`, counsellor
messages as `BotUttered` with `data.counsellor`), so the tracker stays the fold
of its events. The handoff rows hold the queue: who waits, who holds it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from anyio import to_thread

from bot.content.domain import Domain
from bot.dialogue.events import BotUttered, ConversationErased, Event, SlotSet
from bot.dialogue.lock import LockStore
from bot.dialogue.site import SITE_SLOT
from bot.dialogue.store import TrackerStore
from bot.dialogue.tracker import Tracker
from bot.handoff.delivery import Delivery, DeliveryOutcome, channel_of
from bot.handoff.hours import Expectation, expectation, parse_hours, team_label
from bot.handoff.hub import ALL_TEAMS, Hub
from bot.handoff.store import HandoffStore, NewHandoff
from bot.handoff.tables import Handoff
from bot.platform.errors import PlatformError
from bot.settings import Settings
from bot.storage.models import utcnow
from channels.messages import BotMessage
from platform_api.models import OpeningHours
from vocab.departements import departement_name

__all__ = ["HANDOFF_SLOT", "Actor", "HandoffService", "Opened", "Outcome"]

log = logging.getLogger(__name__)

HANDOFF_SLOT = "handoff"
#: the profile slots copied into the handoff when it opens
PROFILE_SLOTS = (
    "commune", "postal_code", "departement", "jobs", "diplomas", "driving_licence", "vehicle",
    "public_transport", "children", "childcare_needed", "rqth", "barriers",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Actor:
    """A counsellor acting from the console."""

    id: int
    name: str
    role: str = "counsellor"

    @property
    def admin(self) -> bool:
        return self.role == "platform_admin"


@dataclass(frozen=True, slots=True)
class Opened:
    handoff: Handoff
    created: bool
    team_label: str
    expectation: Expectation

    def when(self, now: datetime, channel: str) -> str:
        return self.expectation.when(now, sms=channel == "sms")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a console action, told to the counsellor."""

    status: Literal["ok", "taken_by_other", "not_active", "opted_out", "failed"]
    holder: str | None = None
    delivery: DeliveryOutcome | None = None


class HandoffService:
    def __init__(
        self,
        settings: Settings,
        handoffs: HandoffStore,
        store: TrackerStore,
        locks: LockStore,
        hub: Hub,
        domain: Domain,
        delivery: Delivery | None = None,
    ) -> None:
        self.settings = settings
        self.handoffs = handoffs
        self.store = store
        self.locks = locks
        self.hub = hub
        self.domain = domain
        self.delivery = delivery or Delivery()
        #: a PlatformClient (set by the app) for teams, hours, immersion requests
        self.platform: Any = None
        self.default_hours: OpeningHours = parse_hours(settings.handoff_opening_hours)

    async def start(self) -> None:
        await self.hub.start()

    async def aclose(self) -> None:
        await self.hub.aclose()

    # --- opened by the dialogue (actions) ---

    async def open(
        self,
        tracker: Tracker,
        channel: str,
        reason: str,
        *,
        topic: str | None = None,
        now: datetime | None = None,
        platform: Any = None,
    ) -> Opened:
        """Puts the conversation in its team's queue (once) and says when to expect an answer.

        The caller appends `SlotSet("handoff", "open")` to the turn."""
        now = now or utcnow()
        departement = tracker.get_slot("departement")
        # the person's own département, else the platform whose site they wrote from
        site = tracker.get_slot(SITE_SLOT)
        where = departement or (site if departement_name(site) else None)
        team, hours, within, known = await self._team(where, platform or self.platform)
        expected = expectation(hours, within, now, where or team)
        profile = {k: tracker.get_slot(k) for k in PROFILE_SLOTS if tracker.get_slot(k) is not None}
        new = NewHandoff(
            sender_id=tracker.sender_id,
            channel=channel,
            departement=departement,
            team=team,
            reason=reason,
            topic=topic,
            profile=profile,
            expected_answer_at=expected.expected_at,
        )
        handoff, created = await to_thread.run_sync(self.handoffs.open, new)
        await self.publish_queue(handoff, "opened" if created else "updated")
        return Opened(handoff, created, team_label(handoff.team, known), expected)

    async def _team(
        self, departement: str | None, platform: Any
    ) -> tuple[str, OpeningHours, int, bool]:
        """(team, opening hours, answer delay, the team is a known platform)."""
        default = self.settings.handoff_default_team
        within = self.settings.handoff_answer_within_hours
        if platform is None:  # no platform API: the département's own team, default hours
            return departement or default, self.default_hours, within, bool(departement)
        try:
            found = await asyncio.wait_for(
                platform.team_for(departement), self.settings.handoff_platform_lookup_s
            )
        except (PlatformError, TimeoutError) as exc:
            log.warning(
                "platform lookup for %s failed (%s): default team and hours", departement, exc
            )
            return departement or default, self.default_hours, within, bool(departement)
        if found is None:
            return default, self.default_hours, within, False
        return found.departement, found.opening_hours, found.answer_within_hours, True

    # --- notifications ---

    async def publish_queue(self, handoff: Handoff, change: str) -> None:
        count = await to_thread.run_sync(self.handoffs.count_open, handoff.team)
        await self._publish(
            {
                "type": "queue",
                "change": change,
                "team": handoff.team,
                "sender_id": handoff.sender_id,
                "conversation_id": handoff.conversation_id,
                "reason": handoff.reason,
                "open_count": count,
            }
        )

    async def _publish(self, event: dict[str, Any]) -> None:
        try:
            await self.hub.publish(event)
        except Exception:  # the console refreshes on reconnect; never fail a turn for it
            log.exception("console notification lost")

    async def on_turn(self, tracker: Tracker, events: Sequence[Event]) -> None:
        """Processor listener: a stored turn of a conversation in the queue."""
        if any(isinstance(e, ConversationErased) for e in events):
            await self._publish({"type": "queue", "change": "erased", "team": ALL_TEAMS})
            return
        touched = any(isinstance(e, SlotSet) and e.name == HANDOFF_SLOT for e in events)
        if not (tracker.get_slot(HANDOFF_SLOT) or touched):
            return
        handoff = await to_thread.run_sync(self.handoffs.latest, tracker.sender_id)
        if handoff is not None:
            await self._publish(
                {
                    "type": "conversation",
                    "team": handoff.team,
                    "sender_id": handoff.sender_id,
                    "conversation_id": handoff.conversation_id,
                }
            )

    # --- worked from the console ---

    async def take(self, handoff: Handoff, actor: Actor) -> Outcome:
        async with self.locks.lock(handoff.sender_id):
            outcome = await self._take_locked(handoff, actor)
        if outcome.status == "ok":
            await self.publish_queue(handoff, "taken")
        return outcome

    async def _take_locked(self, handoff: Handoff, actor: Actor) -> Outcome:
        won, current = await to_thread.run_sync(
            self.handoffs.take, handoff.id, actor.id, actor.name
        )
        if not won:
            if current is not None and current.state == "taken" and current.taken_by == actor.id:
                return Outcome("ok")  # already mine
            if current is not None and current.state == "taken":
                return Outcome("taken_by_other", current.taken_by_name)
            return Outcome("not_active")
        await self._append(handoff, [SlotSet(name=HANDOFF_SLOT, value="taken")])
        return Outcome("ok")

    async def assign(self, handoff: Handoff, actor: Actor, to: Actor) -> Outcome:
        """Hands the conversation to a colleague of the team (the holder or an admin)."""
        async with self.locks.lock(handoff.sender_id):
            held_by = None if actor.admin else actor.id
            done, was_open = await to_thread.run_sync(
                lambda: self.handoffs.assign(handoff.id, to.id, to.name, held_by=held_by)
            )
            if not done:
                current = await to_thread.run_sync(self.handoffs.get, handoff.id)
                if current is not None and current.state == "taken":
                    return Outcome("taken_by_other", current.taken_by_name)
                return Outcome("not_active")
            if was_open:
                await self._append(handoff, [SlotSet(name=HANDOFF_SLOT, value="taken")])
        await self.publish_queue(handoff, "taken")
        return Outcome("ok")

    async def reply(self, handoff: Handoff, actor: Actor, text: str) -> Outcome:
        """Sends a counsellor's message; takes the conversation first if it is open."""
        sender = handoff.sender_id
        async with self.locks.lock(sender):
            tracker = await to_thread.run_sync(self.store.retrieve, sender)
            if tracker.get_slot("opted_out"):
                return Outcome("opted_out")
            current = await to_thread.run_sync(self.handoffs.active, sender)
            if current is None or current.id != handoff.id:
                return Outcome("not_active")
            if current.state == "open" or current.taken_by != actor.id:
                taken = await self._take_locked(current, actor)
                if taken.status != "ok":
                    return taken
            message = BotMessage(text=signed(text, actor.name, channel_of(sender)))
            delivery = await self.delivery.send(sender, message, f"counsellor:{uuid.uuid4()}")
            if delivery.status == "opted_out":
                return Outcome("opted_out", delivery=delivery)
            if delivery.status == "failed":
                return Outcome("failed", delivery=delivery)
            data = {
                "counsellor": actor.name,
                "counsellor_role": role_label(actor, handoff.team),
                "counsellor_id": actor.id,
                "proactive": True,
                "delivery": delivery.status,
            }
            await self._append(handoff, [BotUttered(text=message.text, data=data)])
        await self.publish_queue(handoff, "message")
        return Outcome("ok", delivery=delivery)

    async def finish(self, handoff: Handoff, actor: Actor, state: str) -> Outcome:
        """Hand back to the assistant (`handed_back`, the person is told) or close."""
        sender = handoff.sender_id
        async with self.locks.lock(sender):
            held_by = None if actor.admin else actor.id
            done = await to_thread.run_sync(
                lambda: self.handoffs.finish(handoff.id, state, actor.name, held_by=held_by)
            )
            if not done:
                current = await to_thread.run_sync(self.handoffs.get, handoff.id)
                if current is not None and current.state == "taken":
                    return Outcome("taken_by_other", current.taken_by_name)
                return Outcome("not_active")
            events: list[Event] = [SlotSet(name=HANDOFF_SLOT, value=None)]
            delivery = None
            tracker = await to_thread.run_sync(self.store.retrieve, sender)
            if state == "handed_back" and not tracker.get_slot("opted_out"):
                message = self.domain.render("utter_handoff_returned", channel_of(sender))
                delivery = await self.delivery.send(sender, message, f"returned:{handoff.id}")
                if delivery.delivered_or_kept:
                    data = {"response": "utter_handoff_returned", "proactive": True}
                    events.append(BotUttered.from_message(message, **data))
            await self._append(handoff, events)
        await self.publish_queue(handoff, state)
        return Outcome("ok", delivery=delivery)

    async def release_by_candidate(self, sender_id: str) -> Handoff | None:
        """The person went back to the assistant ("/bot"): the action appends the SlotSet."""
        current = await to_thread.run_sync(self.handoffs.active, sender_id)
        if current is None:
            return None
        await to_thread.run_sync(
            lambda: self.handoffs.finish(current.id, "handed_back", "la personne")
        )
        await self.publish_queue(current, "handed_back")
        return current

    async def _append(self, handoff: Handoff, events: list[Event]) -> None:
        """Appends events to the conversation (the caller holds the sender's lock)."""
        await to_thread.run_sync(self.store.append, handoff.sender_id, handoff.channel, events)


def role_label(actor: Actor, team: str) -> str:
    """How the person sees who writes: 'Conseiller de la plateforme de Gironde'."""
    role = "Responsable" if actor.admin else "Conseiller"
    return f"{role} {team_label(team)}"


def signed(text: str, name: str, channel: str) -> str:
    """The counsellor's message, signed with their first name."""
    dash = "-" if channel == "sms" else "—"
    return f"{text.strip()}\n{dash} {name}, de la plateforme"
