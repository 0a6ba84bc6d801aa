"""POST /model/parse: Rasa's NLU HTTP API."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from bot.ratelimit import address_key
from bot.web.dependencies import AssistantDep
from channels.http import RasaRoute, documented

router = APIRouter(tags=["nlu"], route_class=RasaRoute)
#: a caller with the API token gets this many times the anonymous limit
TOKEN_FACTOR = 10
#: a word or one punctuation sign: one token per match, linear in the text.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def text_tokens(text: str) -> list[list[int]]:
    """Rasa's `text_tokens`: the [start, end) offsets of each token of the text."""
    return [[m.start(), m.end()] for m in _TOKEN.finditer(text)]


class ParseRequest(BaseModel):
    text: str = Field(max_length=20_000, description="the message to parse")


def _caller(request: Request, token: str) -> tuple[str, int]:
    """(identity, limit factor): the API token's holder, else the client's address."""
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if token and given and secrets.compare_digest(given.encode(), token.encode()):
        return "key:" + hashlib.sha256(token.encode()).hexdigest()[:16], TOKEN_FACTOR
    return "ip:" + (address_key(request.client.host) if request.client else "?"), 1


@router.post("/model/parse", responses=documented(422, 429))
async def parse(body: ParseRequest, request: Request, assistant: AssistantDep) -> dict[str, Any]:
    """Intent, ranking and entities, exactly Rasa's parse result.

    Texts are read up to AUTONOMIE_MAX_MESSAGE_CHARS, as messages are; calls are
    limited per IP address, or per API token (Bearer AUTONOMIE_API_TOKEN).
    """
    settings = assistant.settings
    if len(body.text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"text longer than {settings.max_message_chars} characters",
        )
    limiter = assistant.services.limits
    if limiter is not None:
        token = settings.api_token.get_secret_value() if settings.api_token else ""
        identity, factor = _caller(request, token)
        base = limiter.limits.parse_per_client
        wait = await limiter.hit(base.scaled(factor), identity)
        if wait:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many requests",
                headers={"Retry-After": str(math.ceil(wait))},
            )
    interpreter = assistant.processor.interpreter
    # the pipeline never raises and keeps entity offsets in the original text
    result = await to_thread.run_sync(interpreter.parse, body.text)
    data: dict[str, Any] = result.as_dict()
    data["text_tokens"] = text_tokens(body.text)
    return data
