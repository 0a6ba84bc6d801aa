"""Button payloads, Rasa's syntax: ``/intent`` or ``/intent{"entity": "value"}``.

Buttons carry them, channels map keywords and numbered replies to them, the NLU
turns them into an intent and entities, the console shows them as the button's
title: all read them with `parse_payload` or `payload_intent`, and tell one from a
typed message with `is_payload`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_PAYLOAD_CHARS", "Payload", "is_payload", "parse_payload", "payload_intent"]

MAX_PAYLOAD_CHARS = 2000
_PAYLOAD = re.compile(
    r"^\s*/(?P<intent>[A-Za-z_][\w\-.]*)(?:@[0-9.]+)?(?P<entities>\{.*\})?\s*$", re.DOTALL
)


def is_payload(text: str) -> bool:
    """True when a message is a payload (a button pressed, or a keyword or numbered
    reply a channel mapped to one), not words the person typed: what reads typed
    text (facts, questions, politeness...) leaves it alone."""
    return text.startswith("/")


@dataclass(frozen=True, slots=True)
class Payload:
    intent: str
    values: dict[str, Any] = field(default_factory=dict)  # {} if absent or malformed
    start: int = 0  # where the JSON block stands in the text
    end: int = 0


def parse_payload(text: str) -> Payload | None:
    """The payload `text` is, or None (plain text, or longer than MAX_PAYLOAD_CHARS).

    A malformed JSON block, or one that is not an object, counts as no values."""
    if len(text) > MAX_PAYLOAD_CHARS:
        return None
    match = _PAYLOAD.match(text)
    if match is None:
        return None
    values: Any = {}
    block = match.group("entities")
    if block:
        try:
            values = json.loads(block)
        except json.JSONDecodeError:
            values = {}
    if not isinstance(values, dict):
        values = {}
    return Payload(match.group("intent"), values, match.start("entities"), match.end("entities"))


def payload_intent(text: str) -> str | None:
    """The intent a payload names ("/book_event{...}" → "book_event"), else None."""
    payload = parse_payload(text)
    return payload.intent if payload is not None else None
