"""One turn: lock the conversation, parse, decide, store, reply."""

from __future__ import annotations

import logging
import re
import uuid
from asyncio import CancelledError
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from anyio import to_thread

from bot.content.domain import Domain
from bot.dialogue.acronyms import job_acronyms
from bot.dialogue.actions.base import say_plain
from bot.dialogue.answers import closes
from bot.dialogue.choice import read_choice, read_follow_up
from bot.dialogue.copies import copy_events
from bot.dialogue.event_questions import advised_choice
from bot.dialogue.events import (
    BotUttered,
    ConversationErased,
    Event,
    SessionStarted,
    UserUttered,
)
from bot.dialogue.frames import framed_core
from bot.dialogue.interpreter import Interpreter
from bot.dialogue.lock import LockStore
from bot.dialogue.names import name_events
from bot.dialogue.numbered import numbered_payload
from bot.dialogue.place_choice import place_choice
from bot.dialogue.policy import Policy
from bot.dialogue.politeness import POLITE_INTENTS, UNREAD_INTENTS, core_span
from bot.dialogue.services import Services, TurnContext
from bot.dialogue.site import site_events
from bot.dialogue.store import DuplicateMessage, TrackerStore
from bot.dialogue.tracker import Tracker
from bot.ratelimit import Limit, countable
from bot.storage.inbox import Inbox, TurnStart
from channels.messages import BotMessage, UserMessage, storable_id

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["MessageProcessor", "TurnListener", "clean_text", "replies_to"]

log = logging.getLogger(__name__)
T = TypeVar("T")
#: told of every stored turn (the tracker and the turn's new events), e.g. the console.
TurnListener = Callable[[Tracker, Sequence[Event]], Awaitable[None]]
# C0 controls but tab and newline, DEL, C1 controls: never meaningful in a
# message, and PostgreSQL cannot store NUL in text. Lone surrogates (a JSON body may
# carry "\ud800") are not text either: no database driver can encode them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def replies_to(tracker: Tracker, message_id: str) -> list[BotMessage]:
    """What the bot answered to a stored message, to send again to a channel that retries.

    Nothing when the answer was pushed (a recovered turn): it has been
    delivered, or will be, outside any reply.
    """
    replies: list[BotMessage] = []
    found = False
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if found:
                break
            found = event.message_id == message_id
        elif found and isinstance(event, BotUttered):
            if event.data.get("proactive"):
                break  # pushed, or a counsellor's message written later
            replies.append(event.message())
    return replies


async def _in_thread(func: Callable[..., T], *args: object) -> T:
    return await to_thread.run_sync(func, *args)


class MessageProcessor:
    def __init__(
        self,
        *,
        domain: Domain,
        store: TrackerStore,
        erase: Callable[[str], object],
        locks: LockStore,
        interpreter: Interpreter,
        policy: Policy,
        services: Services | None = None,
        inbox: Inbox | None = None,
        max_message_chars: int = 4000,
        session_gap: timedelta = timedelta(hours=24),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.domain = domain
        self.store = store
        #: erases everything held locally on a sender (bot.privacy.erasure.erase_local)
        self.erase = erase
        self.locks = locks
        self.interpreter = interpreter
        self.policy = policy
        self.services = services or Services()
        self.inbox = inbox
        self.max_message_chars = max_message_chars
        self.session_gap = session_gap
        self.clock = clock
        self.listeners: list[TurnListener] = []

    async def _over_limit(self, message: UserMessage) -> bool:
        limits = self.services.limits
        if limits is None:
            return False
        windows = [(limits.limits.messages_per_sender, message.sender_id)]
        # anonymous channels: new sender ids are free, addresses are not
        if client := countable(message.client):
            windows.append((limits.limits.messages_per_client, "ip:" + client))
        if message.message_id is not None:
            # a channel's redelivery (Twilio after a timeout, same MessageSid) is counted
            # once: it is the same message, answered by its first replies, never a notice
            seen = Limit("msg-id", 1, limits.limits.messages_per_sender.window_s)
            windows.insert(0, (seen, f"{message.sender_id}|{message.message_id}"))
        refused = await limits.first_refused(windows)  # one Redis round trip
        return refused is not None and not (message.message_id is not None and refused == 0)

    async def _limited(self, message: UserMessage) -> list[BotMessage]:
        """Said once per window: a flood is not answered message by message."""
        limiter = self.services.limits
        notice = Limit("msg-notice", 1, limiter.limits.messages_per_sender.window_s)
        if await limiter.hit(notice, message.sender_id):
            return []
        return [self.domain.render("utter_rate_limited", message.channel)]

    async def handle(self, message: UserMessage, *, recovered: bool = False) -> list[BotMessage]:
        """Handle one message and return the replies, in order.

        Messages of one sender are handled one at a time, in arrival order.
        Each message is written to the inbox as its turn starts and leaves it in
        the transaction that stores the turn, so a crash in between leaves it
        for the worker, which calls this with `recovered` (its replies are then
        pushed, marked proactive). A message already answered (a channel
        retrying) is not handled again: it gets its first replies again when
        they travel in the response (the retry means the response was lost).
        """
        if not storable_id(message.sender_id):
            # every channel refuses such an id; one that did not would fail in the
            # database (PostgreSQL stores no NUL) on every message of that "person"
            log.warning("%s message refused: control characters in its sender id", message.channel)
            return []
        text = clean_text(message.text)
        if not text:
            return [self.domain.render("utter_empty_message", message.channel)]
        if not recovered and await self._over_limit(message):
            return await self._limited(message)
        if message.message_id is None or not storable_id(message.message_id):
            message = replace(message, message_id=uuid.uuid4().hex)
        message_id = message.message_id
        assert message_id is not None
        async with self.locks.lock(message.sender_id):
            tracker, start = await _in_thread(self._begin, message, message_id, text)
            if start is None:
                # Retried: the channel lost our response. A channel whose replies
                # travel in the response gets them again; pushed ones are not repeated.
                if recovered or not message.replies_in_response:
                    return []
                return replies_to(tracker, message_id)
            if start is not TurnStart.RUN:
                return []
            try:
                return await self._turn(message, message_id, text, tracker, recovered)
            except BaseException as exc:  # a bug, or the worker's budget cancelling the turn
                if self.inbox is not None:
                    self._record_failure(message.sender_id, message_id, exc)
                raise

    def _begin(
        self, message: UserMessage, message_id: str, text: str
    ) -> tuple[Tracker, TurnStart | None]:
        """The sender's tracker, and whether the turn runs (one call in the thread pool):
        None when the message is already stored (a retry). Otherwise the message is
        written down as its turn starts (arrival order is the lock's): a message still
        waiting for its turn is not acknowledged to its channel either. A message whose
        turns failed twice is not run again (a dead letter: the worker apologises).
        The tracker read and the message written down are one database transaction."""
        inbox = self.inbox

        def write_down(connection: Connection, tracker: Tracker) -> bool | None:
            if any(
                isinstance(e, UserUttered) and e.message_id == message_id for e in tracker.events
            ):
                return None
            if inbox is None:
                return True
            return inbox.receive(message.sender_id, message.channel, message_id, text, connection)

        tracker, received = self.store.retrieve_then(message.sender_id, write_down)
        if received is None:
            return tracker, None
        if received or inbox is None:
            return tracker, TurnStart.RUN
        # already in the inbox (a redelivery of a message in flight, a recovery)
        return tracker, inbox.resume(message.sender_id, message_id)

    def _record_failure(self, sender_id: str, message_id: str, exc: BaseException) -> None:
        """Counts the failed turn (called while the exception, or the cancellation,
        unwinds: a plain call, brief and rare)."""
        reason = "budget" if isinstance(exc, CancelledError) else type(exc).__name__
        assert self.inbox is not None
        try:
            self.inbox.failed(sender_id, message_id, reason)
        except Exception:
            log.exception("could not count the failed turn of %s", message_id)

    async def _turn(
        self, message: UserMessage, message_id: str, text: str, tracker: Tracker, recovered: bool
    ) -> list[BotMessage]:
        """The turn itself, under the sender's lock, once the message is written down."""
        known = len(tracker.events)
        now = self.clock()
        if tracker.events and now.timestamp() - tracker.events[-1].timestamp > (
            self.session_gap.total_seconds()
        ):
            tracker.update(SessionStarted(timestamp=now.timestamp()))
        ctx = TurnContext(
            channel=message.channel, now=now, services=self.services, client=message.client
        )
        if len(text) > self.max_message_chars:
            tracker.update(self._user_event(message, text[: self.max_message_chars], {}, now))
            tracker.update(
                say_plain(
                    self.domain,
                    "utter_message_too_long",
                    message.channel,
                    length=len(text),
                    max_length=self.max_message_chars,
                )
            )
        elif (copy := copy_events(tracker, text, message_id, message.channel, now)) is not None:
            for event in copy:  # typed twice: the first copy's replies again, nothing read
                tracker.update(event)
        else:
            # "Pour être honnête, oui. Excusez-moi du retard.": the answer inside its frame
            text = framed_core(text) or text
            # "1" typed instead of clicking the first button just offered: that click, as
            # the SMS channel reads its numbered options
            text = numbered_payload(tracker, text, message.channel) or text
            # "celle de la Drôme", "la première": the commune offered that it names
            text = place_choice(tracker, text) or text
            # a pure call: a worker's time budget may give up waiting for it
            parse = await to_thread.run_sync(self.interpreter.parse, text, abandon_on_cancel=True)
            ctx.parse = parse  # its embedding is computed when the knowledge base asks
            parse_data = await self._inside_politeness(text, parse.as_dict())
            entities = list(parse_data.get("entities") or [])
            if more := job_acronyms(text, entities):
                parse_data = {**parse_data, "entities": entities + more}
            if (choice := read_choice(tracker, text, parse_data)) is not None:
                parse_data = choice  # "le premier", "oui": a proposed event, as if clicked
            elif (advice := advised_choice(tracker, text, parse_data)) is not None:
                parse_data = advice  # "j'hésite": the first proposed, put up for booking
            elif (
                follow := read_follow_up(tracker, text, parse_data, self.services.knowledge)
            ) is not None:
                parse_data = follow  # "ok je veux bien en faire une": the request explained
            tracker.update(self._user_event(message, text, parse_data, now))
            for event in name_events(tracker, message.metadata) + site_events(
                tracker, message.metadata
            ):
                tracker.update(event)
            await self.policy.respond(tracker, ctx)
        new_events = tracker.events[known:]
        if recovered:  # nobody waits for a reply: the worker pushes them
            for event in new_events:
                if isinstance(event, BotUttered):
                    event.data.update(proactive=True, recovered=True)
        replies = [e.message() for e in new_events if isinstance(e, BotUttered)]
        if any(isinstance(e, ConversationErased) for e in new_events):
            await _in_thread(self.erase, message.sender_id)
            await self._notify(tracker, new_events)
            erased_at = next(
                i for i, e in enumerate(new_events) if isinstance(e, ConversationErased)
            )
            return [e.message() for e in new_events[erased_at:] if isinstance(e, BotUttered)]
        try:
            await _in_thread(self.store.append, message.sender_id, message.channel, new_events)
        except DuplicateMessage:  # stored meanwhile by another process
            return []
        await self._notify(tracker, new_events)
        return replies

    async def _inside_politeness(self, text: str, parse: dict[str, Any]) -> dict[str, Any]:
        """ "bonjour non", "Bonjour, oui", "2 enfants merci": read as a greeting or a
        thank you, the message is read again without them, and what it says counts."""
        intent = (parse.get("intent") or {}).get("name")
        if closes(text):
            return parse  # "c'est bon merci": thanks; its "c'est bon" answers nothing
        span = core_span(text) if intent in POLITE_INTENTS else None
        if span is None:
            return parse
        start, end = span
        core = await to_thread.run_sync(
            self.interpreter.parse, text[start:end], abandon_on_cancel=True
        )
        data = dict(core.as_dict())
        if (data.get("intent") or {}).get("name") in (*POLITE_INTENTS, *UNREAD_INTENTS, None):
            return parse
        data["text"] = text
        data["entities"] = [
            {**e, "start": int(e.get("start") or 0) + start, "end": int(e.get("end") or 0) + start}
            for e in data.get("entities") or []
        ]
        return data

    async def _notify(self, tracker: Tracker, new_events: Sequence[Event]) -> None:
        """Tells the listeners of a stored turn; a failing listener never fails the turn."""
        for listener in self.listeners:
            try:
                await listener(tracker, new_events)
            except Exception:
                log.exception("turn listener %r failed", listener)

    @staticmethod
    def _user_event(
        message: UserMessage, text: str, parse_data: dict[str, object], now: datetime
    ) -> UserUttered:
        return UserUttered(
            text=text,
            parse_data=parse_data,
            channel=message.channel,
            message_id=message.message_id,
            timestamp=now.timestamp(),
        )
