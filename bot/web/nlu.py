"""POST /model/parse: Rasa's NLU HTTP API."""

from __future__ import annotations

import re
from typing import Any

from anyio import to_thread
from fastapi import APIRouter
from pydantic import BaseModel, Field

from bot.web.dependencies import AssistantDep

router = APIRouter(tags=["nlu"])

#: a word or one punctuation sign: one token per match, linear in the text.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def text_tokens(text: str) -> list[list[int]]:
    """Rasa's `text_tokens`: the [start, end) offsets of each token of the text."""
    return [[m.start(), m.end()] for m in _TOKEN.finditer(text)]


class ParseRequest(BaseModel):
    text: str = Field(max_length=20_000, description="the message to parse")


@router.post("/model/parse")
async def parse(body: ParseRequest, assistant: AssistantDep) -> dict[str, Any]:
    """Intent, ranking and entities, exactly Rasa's parse result."""
    interpreter = assistant.processor.interpreter
    # the pipeline never raises and keeps entity offsets in the original text
    result = await to_thread.run_sync(interpreter.parse, body.text)
    data: dict[str, Any] = result.as_dict()
    data["text_tokens"] = text_tokens(body.text)
    return data
