"""`POST /webhooks/telegram/webhook`: Telegram's updates to `TelegramHandler`.

Checks `X-Telegram-Bot-Api-Secret-Token` against `AUTONOMIE_TELEGRAM_SECRET` in
constant time (403 otherwise, and for every request when the secret or the token
is unset), checks the fields it reads (`TelegramUpdate`, 400 otherwise), parses
the body with python-telegram-bot (`Update.de_json`) and hands it to
`TelegramHandler` (`channels/telegram.py`). The route is always there; PTB
(about 0.2 s of CPU to import) is imported only when a token is configured.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from channels.base import OnNewMessage
from channels.hooks import ChannelHooks
from channels.http import ErrorDetail
from channels.outputs import ChannelError
from channels.settings import ChannelSettings
from channels.telegram_update import UPDATE_OPENAPI, TelegramUpdate

if TYPE_CHECKING:
    from telegram import Bot

    from channels.telegram import TelegramSender

__all__ = ["TelegramInput"]

log = logging.getLogger(__name__)


def _forbidden(reason: str) -> JSONResponse:
    return JSONResponse({"detail": reason}, status_code=403)


_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "not a Telegram update"},
    403: {"model": ErrorDetail, "description": "bad secret token, or the channel is not set up"},
}


class TelegramInput:
    name = "telegram"

    def __init__(
        self, settings: ChannelSettings, hooks: ChannelHooks | None = None, bot: Bot | None = None
    ) -> None:
        self.settings = settings
        self.sender: TelegramSender | None = None
        token = settings.telegram_token
        if bot is not None or (token is not None and token.get_secret_value()):
            from channels.telegram import TelegramSender, make_bot

            self.sender = TelegramSender(bot or make_bot(settings), hooks)

    def router(self, on_message: OnNewMessage) -> APIRouter:
        sender = self.sender
        handler = None
        if sender is not None:
            from channels.telegram import TelegramHandler

            handler = TelegramHandler(sender, on_message)

        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            yield
            if sender is not None:
                await sender.bot.shutdown()

        router = APIRouter(prefix="/webhooks/telegram", tags=["channels"], lifespan=lifespan)
        secret = self.settings.telegram_secret

        @router.post(
            "/webhook",
            response_class=Response,
            responses={
                200: {"description": "handled (the replies go through the Bot API)"},
                **_REFUSED,
            },
            openapi_extra=UPDATE_OPENAPI,
        )
        async def receive(request: Request) -> Response:
            if handler is None or sender is None or not (secret and secret.get_secret_value()):
                log.warning("Telegram webhook refused: AUTONOMIE_TELEGRAM_SECRET/TOKEN unset")
                return _forbidden("Telegram channel not configured")
            given = request.headers.get("x-telegram-bot-api-secret-token", "")
            if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
                log.warning("Telegram webhook refused: bad or missing secret token")
                return _forbidden("invalid secret token")
            from telegram import Update

            try:
                data = json.loads(await request.body())
                TelegramUpdate.model_validate(data)
                update = Update.de_json(data, sender.bot)
            except ValidationError as exc:  # where, not what: the values may be personal
                log.info("Telegram webhook: not an update: %s", [e["loc"] for e in exc.errors()])
                update = None
            # OverflowError, OSError: a date no clock can hold (datetime.fromtimestamp)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError) as exc:
                log.info("Telegram webhook: unreadable update: %s", exc)
                update = None
            if update is None:
                return JSONResponse({"detail": "not a Telegram update"}, status_code=400)
            try:
                await handler.handle_update(update)
            except ChannelError as exc:  # the Bot API failed: not worth a redelivery
                log.warning("Telegram reply to update %s failed: %s", update.update_id, exc)
            return Response(status_code=200)

        return router
