"""Delivers a counsellor's message on the candidate's own channel.

SMS and Telegram go out now through the channels' `OutputChannel` senders
(`channels.routers.build_senders`); when the channel is down the
message waits in the outbox. The web widget and the REST channel only get
replies to what they post: their messages are stored in the conversation and
picked up by `GET /webhooks/rest/pending`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from anyio import to_thread

from bot.messages import BotMessage
from bot.storage.outbox import Outbox
from channels.base import ChannelError, OutputChannel, RecipientOptedOut, channel_of

__all__ = ["Delivery", "DeliveryOutcome", "channel_of"]

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
            log.warning("counsellor message to %s queued: %s", sender_id, exc)
            payload = {"kind": "counsellor_message", **message.as_dict()}
            await to_thread.run_sync(
                lambda: self.outbox.put(sender_id, channel, payload, dedupe_key=dedupe_key)  # type: ignore[union-attr]
            )
            return DeliveryOutcome("queued", str(exc))
        return DeliveryOutcome("sent")
