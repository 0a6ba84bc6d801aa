"""Rasa's REST channel: POST /webhooks/rest/webhook, replies collected in the response.

`GET /webhooks/rest/pending?after=<timestamp>` with `Authorization: Bearer
<poll token>`: what a counsellor (or the assistant, on hand-back) wrote to a
REST/widget conversation since `after`; the widget polls it, as it only gets
replies to what it posts. The sender id is the conversation's bearer secret:
it travels in request bodies only, never in a URL (URLs end up in access logs
and proxies' logs). The poll names its conversation by a short-lived token,
`POST /webhooks/rest/token {"sender"}` → `{"token", "expires_at"}`: an HMAC of
the sender and an expiry under the application secret, good for reading that
conversation's pushed messages and nothing else. sms: and tg: ids are refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from pydantic import BaseModel, Field, field_validator

from channels.base import OnNewMessage, client_metadata
from channels.http import RasaRoute, documented
from channels.messages import BotMessage, UserMessage, storable_id
from channels.outputs import reserved_sender

__all__ = ["OnPending", "PollTokens", "RestInput", "RestMessage"]

#: (sender id, after) → the messages pushed to that conversation since `after`.
OnPending = Callable[[str, float], Awaitable[list[BotMessage]]]


class TokenRequest(BaseModel):
    sender: str = Field(min_length=1, max_length=128, description="the conversation's id")

    @field_validator("sender")
    @classmethod
    def _not_a_signed_channel(cls, sender: str) -> str:
        if reserved_sender(sender):
            raise ValueError("sender ids starting with sms: or tg: belong to their channels")
        if not storable_id(sender):
            raise ValueError("a sender id has no control characters")
        return sender


class RestMessage(TokenRequest):
    message: str = Field(description="the user's text, or a button payload such as /affirm")
    message_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description=(
            "the client's id for this message: a retry with the same id is not handled "
            "twice and gets the first replies again"
        ),
    )

    metadata: dict[str, Any] | None = Field(
        default=None,
        description=(
            "Rasa's message metadata; only `first_name` (a host page that knows the "
            "person, shown to counsellors) and `platform` (the département code of the "
            "platform whose site hosts the widget: its counsellors answer a person whose "
            "own département is unknown) are read"
        ),
    )

    @field_validator("message_id")
    @classmethod
    def _printable(cls, message_id: str | None) -> str | None:
        if message_id is not None and not storable_id(message_id):
            raise ValueError("a message id has no control characters")
        return message_id

    @field_validator("sender", "message", "message_id", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: object) -> object:
        """A bare number ("33600" sent unquoted) is text too."""
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PollTokens:
    """`v1.<expiry>.<sender, base64url>.<HMAC-SHA256>`: bound to one sender, dated."""

    VERSION = "v1"
    MAX_CHARS = 400

    def __init__(
        self, key: bytes, ttl_s: float = 900, clock: Callable[[], float] = time.time
    ) -> None:
        if not key:
            raise ValueError("a poll token needs a key")
        self._key = key
        self.ttl_s = ttl_s
        self._clock = clock

    def _mac(self, expiry: str, sender: str) -> str:
        message = f"rest-poll|{self.VERSION}|{expiry}|{sender}".encode()
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def issue(self, sender: str) -> tuple[str, int]:
        """A token for `sender` and its expiry (Unix seconds)."""
        expiry = str(int(self._clock() + self.ttl_s))
        payload = _b64(sender.encode())
        return f"{self.VERSION}.{expiry}.{payload}.{self._mac(expiry, sender)}", int(expiry)

    def sender_of(self, token: str) -> str | None:
        """The sender a valid, unexpired token was issued for; None otherwise."""
        if len(token) > self.MAX_CHARS:
            return None
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != self.VERSION or not parts[1].isdigit():
            return None
        try:
            sender = _unb64(parts[2]).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        if not hmac.compare_digest(parts[3], self._mac(parts[1], sender)):
            return None
        if int(parts[1]) < self._clock():
            return None
        return sender


def _bearer(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class RestInput:
    name = "rest"

    def router(
        self,
        on_message: OnNewMessage,
        on_pending: OnPending | None = None,
        tokens: PollTokens | None = None,
    ) -> APIRouter:
        router = APIRouter(prefix="/webhooks/rest", tags=["channels"])
        rasa = APIRouter(route_class=RasaRoute)  # errors in Rasa's server's shape

        @rasa.post("/webhook", responses=documented(400, 413, 422))
        async def receive(body: RestMessage, request: Request) -> list[dict[str, Any]]:
            replies = await on_message(
                UserMessage(
                    sender_id=body.sender,
                    text=body.message,
                    channel=self.name,
                    message_id=body.message_id,
                    metadata=client_metadata(body.metadata),
                    client=request.client.host if request.client else None,
                )
            )
            return [{"recipient_id": body.sender, **reply.as_dict()} for reply in replies]

        router.include_router(rasa)

        if on_pending is not None:
            if tokens is None:
                raise ValueError("the pending poll needs PollTokens")
            signer = tokens

            @router.post("/token")
            async def token(body: TokenRequest) -> dict[str, Any]:
                """A short-lived token naming this conversation for `GET /pending`, so
                that the sender id never travels in a URL."""
                value, expires_at = signer.issue(body.sender)
                return {"token": value, "expires_at": expires_at, "expires_in": signer.ttl_s}

            @router.get(
                "/pending",
                responses={401: {"description": "No poll token, or an expired or forged one"}},
            )
            async def pending(
                after: Annotated[float, Query(ge=0)] = 0.0,
                authorization: Annotated[str | None, Header(max_length=500)] = None,
            ) -> list[dict[str, Any]]:
                """Messages written to the conversation outside a reply (counsellor,
                hand-back), after `after` (a timestamp from a previous answer), in the
                REST channel's shape. `Authorization: Bearer <token from POST /token>`."""
                bearer = _bearer(authorization)
                sender = signer.sender_of(bearer) if bearer else None
                if sender is None:
                    raise HTTPException(
                        status.HTTP_401_UNAUTHORIZED,
                        "a valid poll token is needed (POST /webhooks/rest/token)",
                        headers={"WWW-Authenticate": "Bearer"},
                    )
                messages = await on_pending(sender, after)
                return [{"recipient_id": sender, **m.as_dict()} for m in messages]

        return router
