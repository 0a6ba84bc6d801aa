"""Rasa button payloads: ``/intent`` or ``/intent{"entity": "value"}`` bypass the classifier."""

from __future__ import annotations

import json
import re
from collections.abc import Container
from typing import Any

__all__ = ["EXTRACTOR", "parse_payload"]

EXTRACTOR = "RegexMessageHandler"
_PAYLOAD = re.compile(
    r"^\s*/(?P<intent>[A-Za-z_][\w\-.]*)(?:@[0-9.]+)?(?P<entities>\{.*\})?\s*$", re.DOTALL
)


def parse_payload(
    text: str, known_intents: Container[str]
) -> tuple[str, list[dict[str, Any]]] | None:
    """``(intent, entities)`` for a payload naming a known intent, else None.

    Entities carry ``start``/``end`` of the JSON block as Rasa does; a malformed
    JSON block is ignored (the intent still counts). A list value gives one
    entity per item.
    """
    if len(text) > 2000:
        return None
    match = _PAYLOAD.match(text)
    if match is None or match.group("intent") not in known_intents:
        return None
    entities: list[dict[str, Any]] = []
    block = match.group("entities")
    if block:
        try:
            values = json.loads(block)
        except json.JSONDecodeError:
            values = {}
        if isinstance(values, dict):
            start, end = match.start("entities"), match.end("entities")
            for name, value in values.items():
                for item in value if isinstance(value, list) else [value]:
                    entities.append(
                        {
                            "entity": str(name),
                            "start": start,
                            "end": end,
                            "confidence_entity": 1.0,
                            "value": item,
                            "extractor": EXTRACTOR,
                        }
                    )
    return match.group("intent"), entities
