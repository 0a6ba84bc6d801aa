"""What adapters may know about a conversation, through callbacks the app provides.

Adapters never read storage themselves: the app hands them `ChannelHooks`. The
default view (`tracker_view`) reads the conversation's events in the tracker
contract's shape (`{"event": "user" | "bot", ...}`), so nothing here depends on
the dialogue core's classes:

- the buttons of the bot's last turn (SMS numbered replies map back to them);
- every payload ever offered (Telegram buttons whose payload is too long for
  `callback_data` are sent as a hash and found back here);
- whether the person opted out: the bot's `opted_out` slot once the bot has
  set it; before that, the latest user message with intent `opt_out` or
  `opt_in` decides. Events are the source of truth, no extra table.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from anyio import to_thread

from channels.outputs import DeliveryReport, OnDeliveryReport
from vocab.payloads import payload_intent

__all__ = [
    "ChannelHooks",
    "ConversationView",
    "RecentIds",
    "TrackerReader",
    "is_link",
    "payload_token",
    "tracker_view",
    "view_from_events",
]

log = logging.getLogger(__name__)

OPT_OUT_INTENT = "opt_out"
OPT_IN_INTENT = "opt_in"


@dataclass(frozen=True, slots=True)
class ConversationView:
    opted_out: bool = False
    #: payloads of the buttons of the bot's last turn, numbered from 1 in this order.
    options: tuple[str, ...] = ()
    #: every payload offered so far, newest first.
    payloads: tuple[str, ...] = ()
    #: when the person last wrote (epoch seconds); None if never.
    last_user_at: float | None = None

    def find_payload(self, token: str) -> str | None:
        """The offered payload whose `payload_token` is `token`."""
        return next((p for p in self.payloads if payload_token(p) == token), None)


ConversationLookup = Callable[[str], Awaitable[ConversationView]]


async def _empty_view(_sender_id: str) -> ConversationView:
    return ConversationView()


async def log_delivery_report(report: DeliveryReport) -> None:
    log.info(
        "delivery %s %s: %s%s",
        report.channel,
        report.provider_id,
        report.status,
        f" (error {report.error_code})" if report.error_code else "",
    )


@dataclass(frozen=True)
class ChannelHooks:
    """The app's answers to what adapters may ask; safe defaults for a bare router."""

    view: ConversationLookup = field(default=_empty_view)
    on_delivery_report: OnDeliveryReport = field(default=log_delivery_report)

    async def opted_out(self, sender_id: str) -> bool:
        return (await self.view(sender_id)).opted_out


def payload_token(payload: str) -> str:
    """A short, stable stand-in for a payload (Telegram callback_data is ≤ 64 bytes)."""
    return "#" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def is_link(payload: str) -> bool:
    """A button that opens a page rather than answering the bot."""
    return payload.startswith(("https://", "http://"))


def _intent(event: dict[str, Any]) -> str | None:
    text = event.get("text")  # a payload names its intent, whatever the NLU made of it
    named = payload_intent(text) if isinstance(text, str) else None
    if named is not None:
        return named
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") if isinstance(parse, dict) else None
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


def _buttons(event: dict[str, Any]) -> list[str]:
    data = event.get("data") or {}
    buttons = data.get("buttons") if isinstance(data, dict) else None
    return [
        b["payload"]
        for b in buttons or ()
        if isinstance(b, dict) and isinstance(b.get("payload"), str) and not is_link(b["payload"])
    ]


def view_from_events(
    events: Iterable[dict[str, Any]], slots: dict[str, Any] | None = None
) -> ConversationView:
    """Folds tracker events (the contract's dict shape) into what adapters need."""
    opted_out = False
    options: list[str] = []
    payloads: list[str] = []
    last_user_at: float | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            options = []
            stamp = event.get("timestamp")
            if isinstance(stamp, int | float):
                last_user_at = float(stamp)
            intent = _intent(event)
            if intent == OPT_OUT_INTENT:
                opted_out = True
            elif intent == OPT_IN_INTENT:
                opted_out = False
        elif kind == "bot":
            offered = _buttons(event)
            options.extend(offered)
            payloads.extend(offered)
    unique = tuple(dict.fromkeys(reversed(payloads)))
    decided = (slots or {}).get("opted_out")
    if isinstance(decided, bool):  # the bot's own record wins
        opted_out = decided
    return ConversationView(
        opted_out=opted_out, options=tuple(options), payloads=unique, last_user_at=last_user_at
    )


class _Tracker(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class TrackerReader(Protocol):
    """What the view needs from the app's TrackerStore."""

    def retrieve(self, sender_id: str) -> _Tracker: ...


def tracker_view(get_store: Callable[[], TrackerReader]) -> ConversationLookup:
    """A view reading the conversation from the tracker store, in a worker thread.

    `get_store` is called per lookup: the store is built in the app's lifespan,
    after the routes.
    """

    async def view(sender_id: str) -> ConversationView:
        tracker = (await to_thread.run_sync(get_store().retrieve, sender_id)).as_dict()
        return view_from_events(tracker.get("events") or (), tracker.get("slots"))

    return view


class RecentIds:
    """A bounded memory of message ids, for replies made by the channel itself.

    The bot drops a redelivered message for good (its id is stored with the
    conversation); the few replies an adapter makes on its own (media, unknown
    content) are deduplicated here, per process.
    """

    def __init__(self, size: int = 10_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def seen(self, key: str) -> bool:
        """True if `key` was seen before; remembers it either way."""
        if key in self._ids:
            self._ids.move_to_end(key)
            return True
        self._ids[key] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return False
