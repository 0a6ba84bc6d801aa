"""POST /model/parse: Rasa's NLU HTTP API."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter
from pydantic import BaseModel, Field

from bot.web.dependencies import AssistantDep

router = APIRouter(tags=["nlu"])


class ParseRequest(BaseModel):
    text: str = Field(max_length=20_000, description="the message to parse")


@router.post("/model/parse")
async def parse(body: ParseRequest, assistant: AssistantDep) -> dict[str, Any]:
    """Intent, ranking and entities, exactly Rasa's parse result."""
    interpreter = assistant.processor.interpreter
    # the pipeline never raises and keeps entity offsets in the original text
    result = await to_thread.run_sync(interpreter.parse, body.text)
    data: dict[str, Any] = result.as_dict()
    return data
