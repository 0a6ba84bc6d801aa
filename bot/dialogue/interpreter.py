"""What the dialogue needs from NLU, and a payload-only interpreter.

The real interpreter is `nlu.NLUPipeline`; anything with
`parse(text) -> ParseResult` plugs in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["Interpreter", "Parse", "ParseResult", "PayloadInterpreter"]


class ParseResult(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class Interpreter(Protocol):
    def parse(self, text: str) -> ParseResult: ...


@dataclass(frozen=True, slots=True)
class Parse:
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return self.data


_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


class PayloadInterpreter:
    """Understands Rasa button payloads (`/intent{"entity": "value"}`) and nothing else."""

    def parse(self, text: str) -> Parse:
        match = _PAYLOAD.match(text.strip())
        intent: dict[str, Any] = {"name": None, "confidence": 0.0}
        entities: list[dict[str, Any]] = []
        if match:
            intent = {"name": match["intent"], "confidence": 1.0}
            try:
                values = json.loads(match["entities"] or "{}")
            except json.JSONDecodeError:
                values = {}
            if isinstance(values, dict):
                entities = [
                    {
                        "entity": str(k),
                        "value": v,
                        "start": 0,
                        "end": len(text),
                        "confidence_entity": 1.0,
                        "extractor": "payload",
                    }
                    for k, v in values.items()
                ]
        return Parse(
            {
                "text": text,
                "intent": intent,
                "intent_ranking": [intent] if match else [],
                "entities": entities,
            }
        )
