"""A simulated candidate on SMS: signed Twilio webhooks, TwiML replies, numbered options.

The candidate model reads replies as the REST channel gives them (text and
buttons); on SMS the person sees only the SMS bodies. The poster sends each
message as Twilio does (form fields, `X-Twilio-Signature` for the public
URL), answers a button by its option number when it was offered in the last
turn (as a person does on a phone), and gives back the same turn's bot
messages, read from the tracker, with the SMS bodies that were actually sent.
"""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from channels.hooks import is_link
from tests.conversations.simulator import RETRY_TAKEN_TWICE, Post
from vocab.payloads import is_payload

__all__ = ["TWILIO_TOKEN", "WEBHOOK", "sms_poster"]

TWILIO_TOKEN = "simulator-twilio-token"
WEBHOOK = "/webhooks/twilio/webhook"
_sids = itertools.count(1)


def sms_poster(
    client: TestClient,
    tracker: Callable[[str], dict[str, Any]],
    public_url: str,
    number: int,
    retries: float = 0.0,
    rng: random.Random | None = None,
) -> tuple[str, Post]:
    """(sender id, post) for one SMS candidate whose phone number is made from `number`.

    With `retries`, Twilio now and then delivers a message twice (same
    MessageSid, as after a timeout): the second delivery must change nothing
    (no second user message in the tracker) and say nothing new."""
    phone = f"+3367{number:07d}"
    sender = f"sms:{phone}"
    options: list[str] = []
    validator = RequestValidator(TWILIO_TOKEN)

    def post(_sender: str, message: str) -> tuple[int, list[dict[str, Any]], list[str] | None]:
        body = message
        if is_payload(message) and message in options:
            body = str(options.index(message) + 1)  # the person types the option's number
        params = {
            "MessageSid": f"SM{next(_sids):032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": phone,
            "To": "+33700000000",
            "Body": body,
            "NumMedia": "0",
        }
        signature = validator.compute_signature(f"{public_url}{WEBHOOK}", params)
        response = client.post(WEBHOOK, data=params, headers={"X-Twilio-Signature": signature})
        if response.status_code != 200:
            return response.status_code, [], None
        bodies = [m.text or "" for m in ET.fromstring(response.text).findall("Message")]
        events = tracker(sender).get("events") or []
        if rng is not None and rng.random() < retries:
            again = client.post(WEBHOOK, data=params, headers={"X-Twilio-Signature": signature})
            resent = [m.text or "" for m in ET.fromstring(again.text).findall("Message")]
            after = tracker(sender).get("events") or []
            if _users(after) != _users(events) or (resent and resent != bodies):
                return RETRY_TAKEN_TWICE, [], None
        replies = _last_turn(events)
        options[:] = [
            b["payload"]
            for r in replies
            for b in r.get("buttons") or []
            if not is_link(b["payload"])
        ]
        return 200, replies, bodies

    return sender, post


def _users(events: list[dict[str, Any]]) -> int:
    return sum(1 for event in events if event.get("event") == "user")


def _last_turn(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot messages since the person's latest message, as the REST channel gives them."""
    replies: list[dict[str, Any]] = []
    for event in events:
        if event.get("event") == "user":
            replies = []
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            reply: dict[str, Any] = {"text": event.get("text")}
            if data.get("buttons"):
                reply["buttons"] = data["buttons"]
            if data.get("custom"):
                reply["custom"] = data["custom"]
            replies.append(reply)
    return replies
