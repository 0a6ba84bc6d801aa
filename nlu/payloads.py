"""Rasa button payloads: ``/intent`` or ``/intent{"entity": "value"}`` bypass the classifier."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from vocab.payloads import parse_payload as read_payload

__all__ = ["EXTRACTOR", "parse_payload"]

EXTRACTOR = "RegexMessageHandler"


def parse_payload(
    text: str, known_intents: Container[str]
) -> tuple[str, list[dict[str, Any]]] | None:
    """``(intent, entities)`` for a payload naming a known intent, else None.

    Entities carry ``start``/``end`` of the JSON block as Rasa does; a malformed
    JSON block is ignored (the intent still counts). A list value gives one
    entity per item.
    """
    payload = read_payload(text)
    if payload is None or payload.intent not in known_intents:
        return None
    entities = [
        {
            "entity": str(name),
            "start": payload.start,
            "end": payload.end,
            "confidence_entity": 1.0,
            "value": item,
            "extractor": EXTRACTOR,
        }
        for name, value in payload.values.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return payload.intent, entities
