"""What the assistant needs from the channels to reach a person later (outbox,
counsellor replies, reminders): the `OutputChannel` protocol the adapters
implement, its errors, and the sender-id conventions. The core imports it from
here; no adapter imports the core.

Sender ids carry their channel, so that ids never collide across channels:
`sms:+33612345678` (Twilio, E.164 number), `tg:123456789` (Telegram chat id),
`web:<uuid4>` (the web widget, through the REST channel).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from channels.messages import BotMessage

__all__ = [
    "SMS_PREFIX",
    "TELEGRAM_PREFIX",
    "WEB_PREFIX",
    "WHATSAPP_PREFIX",
    "ChannelError",
    "DeliveryReport",
    "OnDeliveryReport",
    "OptedOut",
    "OutputChannel",
    "RecipientOptedOut",
    "SendResult",
    "channel_of",
    "reserved_sender",
]

SMS_PREFIX = "sms:"
TELEGRAM_PREFIX = "tg:"
WEB_PREFIX = "web:"
#: Twilio's own address form of a WhatsApp user, kept as the sender id.
WHATSAPP_PREFIX = "whatsapp:"


def channel_of(sender_id: str) -> str:
    """The output channel that reaches a sender id: sms, whatsapp, telegram, or rest
    (the widget picks its messages up)."""
    if sender_id.startswith(SMS_PREFIX):
        return "sms"
    if sender_id.startswith(WHATSAPP_PREFIX):
        return "whatsapp"
    if sender_id.startswith(TELEGRAM_PREFIX):
        return "telegram"
    return "rest"


def reserved_sender(sender: str) -> bool:
    """True for ids only a signed channel may use: SMS, WhatsApp and Telegram ones are
    reached through their webhooks alone, so that nobody can speak (or read
    replies) as them from a public channel (REST, socket.io)."""
    return sender.startswith((SMS_PREFIX, TELEGRAM_PREFIX, WHATSAPP_PREFIX))


#: True when the person behind a sender id asked not to receive messages (STOP).
OptedOut = Callable[[str], Awaitable[bool]]


class ChannelError(Exception):
    """A channel could not deliver a message (the platform refused or is unreachable).
    An HTTP request it escapes gets the same JSON 500 as the core's own errors
    (`bot/web/errors.py`)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        #: False when trying again cannot help (blocked bot, invalid number...).
        self.retryable = retryable


class RecipientOptedOut(ChannelError):
    """The person sent STOP: nothing may be sent to them until they send START."""

    def __init__(self, recipient_id: str) -> None:
        super().__init__(f"{recipient_id} has opted out", retryable=False)


@dataclass(frozen=True, slots=True)
class SendResult:
    recipient_id: str
    #: the platform's ids of what was sent (Twilio MessageSid, Telegram message_id).
    provider_ids: tuple[str, ...]


class OutputChannel(Protocol):
    name: str

    async def send(self, recipient_id: str, message: BotMessage) -> SendResult:
        """Deliver one message now; raises `ChannelError` (or `RecipientOptedOut`)."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """A delivery status sent by a platform for a message sent earlier."""

    channel: str
    provider_id: str
    status: str
    recipient_id: str | None = None
    error_code: str | None = None


OnDeliveryReport = Callable[[DeliveryReport], Awaitable[None]]
