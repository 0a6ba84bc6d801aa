"""What the dialogue needs from NLU, and a payload-only interpreter.

The real interpreter is `nlu.NLUPipeline`; anything with
`parse(text) -> ParseResult` plugs in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from vocab.payloads import parse_payload

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


class PayloadInterpreter:
    """Understands Rasa button payloads (`/intent{"entity": "value"}`) and nothing else."""

    def parse(self, text: str) -> Parse:
        payload = parse_payload(text)
        intent: dict[str, Any] = {"name": None, "confidence": 0.0}
        entities: list[dict[str, Any]] = []
        if payload is not None:
            intent = {"name": payload.intent, "confidence": 1.0}
            entities = [
                {
                    "entity": str(k),
                    "value": v,
                    "start": 0,
                    "end": len(text),
                    "confidence_entity": 1.0,
                    "extractor": "payload",
                }
                for k, v in payload.values.items()
            ]
        return Parse(
            {
                "text": text,
                "intent": intent,
                "intent_ranking": [intent] if payload is not None else [],
                "entities": entities,
            }
        )
