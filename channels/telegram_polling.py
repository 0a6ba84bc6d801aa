"""Telegram without a webhook: long polling, and registering the webhook.

Polling runs PTB's Application (with its Updater) and feeds every update to
the same `TelegramHandler` as the webhook route. The commands
(`autonomie telegram poll|set-webhook`) are in bot/telegram_cli.py.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from channels.base import OnNewMessage
from channels.hooks import ChannelHooks
from channels.outputs import ChannelError
from channels.settings import ChannelSettings
from channels.telegram import TelegramHandler, TelegramSender, make_bot

__all__ = ["ALLOWED_UPDATES", "WEBHOOK_PATH", "configure_webhook", "run_polling"]

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram/webhook"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


async def run_polling(
    settings: ChannelSettings,
    on_message: OnNewMessage,
    hooks: ChannelHooks | None = None,
    *,
    stop: asyncio.Event,
    poll_timeout_s: int = 10,
) -> None:
    """Receive updates by long polling until `stop` is set."""
    sender = TelegramSender(make_bot(settings), hooks)
    handler = TelegramHandler(sender, on_message)

    async def handle(update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if not isinstance(update, Update):
            return
        try:
            await handler.handle_update(update)
        except ChannelError as exc:
            log.warning("Telegram reply to update %s failed: %s", update.update_id, exc)

    application: Application[Any, Any, Any, Any, Any, Any] = (
        Application.builder().bot(sender.bot).build()
    )
    application.add_handler(TypeHandler(Update, handle))
    async with application:
        updater = application.updater
        assert updater is not None
        await updater.start_polling(timeout=poll_timeout_s, allowed_updates=ALLOWED_UPDATES)
        await application.start()
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await application.stop()


async def configure_webhook(settings: ChannelSettings) -> str:
    """Point Telegram at AUTONOMIE_PUBLIC_URL + the webhook path, with the secret token."""
    assert settings.public_url and settings.telegram_secret
    url = f"{settings.public_url.rstrip('/')}{WEBHOOK_PATH}"
    async with make_bot(settings) as bot:
        await bot.set_webhook(
            url,
            secret_token=settings.telegram_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
        )
    return url
