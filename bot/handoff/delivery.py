"""Delivers a counsellor's message on the candidate's own channel.

SMS and Telegram go out now through the channels' `OutputChannel` senders
(built once by the composition root, bot/app.py); when the channel is down the
message waits in the outbox. The web widget and the REST channel only get
replies to what they post: their messages are stored in the conversation and
picked up by `GET /webhooks/rest/pending` (`pushed_since`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from anyio import to_thread

from bot.dialogue.events import BotUttered, Event
from bot.storage.outbox import Outbox
from channels.messages import BotMessage
from channels.outputs import ChannelError, OutputChannel, RecipientOptedOut, channel_of

__all__ = ["Delivery", "DeliveryOutcome", "channel_of", "pushed_since"]

log = logging.getLogger(__name__)

Status = Literal["sent", "pickup", "queued", "opted_out", "failed"]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    status: Status
    detail: str = ""

    @property
    def delivered_or_kept(self) -> bool:
        return self.status in ("sent", "pickup", "queued")


class Delivery:
    def __init__(
        self, senders: Mapping[str, OutputChannel] | None = None, outbox: Outbox | None = None
    ) -> None:
        self.senders: dict[str, OutputChannel] = dict(senders or {})
        self.outbox = outbox

    async def send(self, sender_id: str, message: BotMessage, dedupe_key: str) -> DeliveryOutcome:
        channel = channel_of(sender_id)
        if channel == "rest":
            return DeliveryOutcome("pickup")
        sender = self.senders.get(channel)
        if sender is None:
            return DeliveryOutcome("failed", f"le canal {channel} n'est pas configuré")
        try:
            await sender.send(sender_id, message)
        except RecipientOptedOut:
            return DeliveryOutcome("opted_out")
        except ChannelError as exc:
            if not exc.retryable or self.outbox is None:
                return DeliveryOutcome("failed", str(exc))
            log.warning("counsellor message queued (%s): %s", channel, exc)  # no sender id
            payload = {"kind": "counsellor_message", **message.as_dict()}
            await to_thread.run_sync(
                lambda: self.outbox.put(sender_id, channel, payload, dedupe_key=dedupe_key)  # type: ignore[union-attr]
            )
            return DeliveryOutcome("queued", str(exc))
        return DeliveryOutcome("sent")


def pushed_since(events: Iterable[Event], after: float) -> list[BotMessage]:
    """Messages written to the conversation outside a reply (a counsellor, the
    assistant on hand-back, the worker) after `after`, a timestamp from a previous
    answer; each carries its timestamp and who speaks in `custom`."""
    found = []
    for event in events:
        if (
            isinstance(event, BotUttered)
            and event.data.get("proactive")
            and event.timestamp > after
        ):
            custom: dict[str, Any] = {"timestamp": event.timestamp}
            for key in ("counsellor", "counsellor_role"):  # who speaks, shown by the widget
                if event.data.get(key):
                    custom[key] = event.data[key]
            message = event.message()
            found.append(replace(message, custom={**(message.custom or {}), **custom}))
    return found
