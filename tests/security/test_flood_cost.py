"""What a flood costs the service (issue 18): a button click runs no sentence encoder.

The flood of the bench (`autonomie bench --scenario flood`) is button payloads:
`/book_event{...}` then `/affirm`. Their parse is the payload itself; the sentence
embedding, reused by the knowledge base only, used to be computed for every turn,
on the event loop: every other request waited for an encoder pass per click.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bot.app import build_assistant
from bot.dialogue.interpreter import PayloadInterpreter
from bot.settings import Settings
from channels.messages import UserMessage
from nlu import ParseResult


class CountingEncoder:
    """Payloads read as NLU reads them, the embedding left to compute on demand."""

    def __init__(self) -> None:
        self.encoded = 0

    def parse(self, text: str) -> Any:
        data = PayloadInterpreter().parse(text).as_dict()
        intent = data["intent"]["name"] or "nlu_fallback"

        def embed() -> np.ndarray:
            self.encoded += 1
            return np.zeros(8, dtype=np.float32)

        return ParseResult(text, intent, 1.0, [(intent, 1.0)], data["entities"], _embed=embed)


async def test_button_clicks_run_no_encoder(settings: Settings) -> None:
    interpreter = CountingEncoder()
    assistant = build_assistant(settings, interpreter=interpreter)
    try:
        for text in ("/greet", '/book_event{"event_id": "evt_unknown"}', "/affirm", "/deny"):
            replies = await assistant.processor.handle(UserMessage("web:clicks", text, "rest"))
            assert replies, text
        assert interpreter.encoded == 0
    finally:
        await assistant.aclose()
