"""The background worker: answers the messages a crash left unanswered, retries
queued bookings, queues reminders, and sends the outbox on each person's
channel. Safe with several processes: inbox and outbox rows are claimed one
worker at a time, reminders and notices are deduplicated."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from anyio import to_thread

from bot.dialogue.events import BotUttered
from bot.platform_worker import run_worker_once
from channels.messages import BotMessage, UserMessage
from channels.outputs import ChannelError, OutputChannel, RecipientOptedOut

if TYPE_CHECKING:
    from bot.assistant import Assistant

__all__ = ["WorkerRound", "run_forever", "work_once"]

log = logging.getLogger(__name__)


@dataclass
class WorkerRound:
    recovered: int = 0
    sent: int = 0
    retried: int = 0
    dropped: int = 0
    notices: int = 0
    errors: list[str] = field(default_factory=list)


async def work_once(
    assistant: Assistant, senders: dict[str, OutputChannel], *, now: datetime | None = None
) -> WorkerRound:
    """One round; `now` (default: the clock) dates tomorrow's reminders and what is due."""
    done = WorkerRound()
    done.recovered = await recover_inbox(assistant)
    platform = assistant.services.platform
    if platform is not None:
        report = await run_worker_once(
            assistant.settings, client=platform, sessions=assistant.sessions, now=now
        )
        done.errors += report.errors
        done.notices = report.notices
    due = partial(assistant.outbox.claim_due, now=now)
    for item in await to_thread.run_sync(due):
        message = BotMessage.from_dict(item.payload)
        try:
            if item.channel == "rest":
                pass  # the widget fetches it from the conversation (below)
            elif item.channel not in senders:
                raise ChannelError(f"no sender for {item.channel}", retryable=False)
            else:
                await senders[item.channel].send(item.sender_id, message)
        except RecipientOptedOut as exc:
            await to_thread.run_sync(assistant.outbox.mark_dropped, item.id, str(exc))
            done.dropped += 1
            continue
        except ChannelError as exc:
            mark = assistant.outbox.mark_failed if exc.retryable else assistant.outbox.mark_dropped
            await to_thread.run_sync(mark, item.id, str(exc))
            done.retried += exc.retryable
            done.dropped += not exc.retryable
            continue
        if not item.payload.get("recorded"):
            await _record(assistant, item.sender_id, item.channel, message, item.payload)
        await to_thread.run_sync(assistant.outbox.mark_sent, item.id)
        done.sent += 1
    return done


async def recover_inbox(assistant: Assistant) -> int:
    """Answers the messages left unanswered past the grace period (a crash, a bug).

    Their replies are stored as pushed (proactive): the widget fetches them from
    GET /webhooks/rest/pending (with its poll token), the outbox sends them on the other channels.
    """
    answered = 0
    budget = assistant.settings.turn_budget_s
    # a claim outlives the turn's budget, no more: after a crash mid-recovery the
    # message is claimed again in seconds, not minutes
    claim = partial(assistant.inbox.claim_stale, lease=timedelta(seconds=2 * budget))
    for item in await to_thread.run_sync(claim):
        message = UserMessage(item.sender_id, item.text, item.channel, item.message_id)
        try:
            replies = await asyncio.wait_for(
                assistant.processor.handle(message, recovered=True), budget
            )
        except TimeoutError:  # a turn cut by the budget counted as a failure (the processor)
            log.error("inbox message %s: no answer within %s s", item.message_id, budget)
            continue
        except Exception:  # counted as a failure: set aside when it fails again
            log.exception("could not answer inbox message %s", item.message_id)
            continue
        answered += 1
        if item.channel == "rest":
            continue
        for index, reply in enumerate(replies):
            put = partial(
                assistant.outbox.put,
                item.sender_id,
                item.channel,
                {**reply.as_dict(), "kind": "reply", "recorded": True},  # stored by the turn
                dedupe_key=f"reply:{item.sender_id}:{item.message_id}:{index}",
            )
            await to_thread.run_sync(put)
    await apologise_for_dead_letters(assistant)
    return answered


async def apologise_for_dead_letters(assistant: Assistant) -> int:
    """A message set aside (its turns failed twice) is answered with an apology, once;
    it is never replayed again (a message built to crash a worker stays harmless)."""
    dead = await to_thread.run_sync(assistant.inbox.set_aside)
    for item in dead:
        apology = assistant.domain.render("utter_message_failed", item.channel)
        put = partial(
            assistant.outbox.put,
            item.sender_id,
            item.channel,
            {**apology.as_dict(), "kind": "apology"},
            dedupe_key=f"apology:{item.sender_id}:{item.message_id}",
        )
        await to_thread.run_sync(put)
    return len(dead)


async def _record(
    assistant: Assistant, sender_id: str, channel: str, message: BotMessage, payload: dict[str, Any]
) -> None:
    """What was sent joins the conversation, so a numbered reply maps to its buttons."""
    event = BotUttered.from_message(message, proactive=True, kind=payload.get("kind"))
    async with assistant.locks.lock(sender_id):
        await to_thread.run_sync(assistant.store.append, sender_id, channel, [event])


async def run_forever(
    assistant: Assistant, senders: dict[str, OutputChannel], every_s: float
) -> None:
    """Rounds every `every_s` seconds until cancelled; a failed round is logged, not fatal."""
    while True:
        await asyncio.sleep(every_s)
        try:
            done = await work_once(assistant, senders)
            if done.recovered or done.sent or done.dropped or done.notices:
                log.info("worker: %s", done)
        except Exception:
            log.exception("worker round failed")
