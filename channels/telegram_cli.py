"""`autonomie telegram poll` and `autonomie telegram set-webhook`.

Polling runs PTB's Application (with its Updater) and feeds every update to
the same `TelegramHandler` as the webhook route.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TYPE_CHECKING, Any

import typer
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.settings import Settings, get_settings
from channels.base import ChannelError, OnNewMessage
from channels.hooks import ChannelHooks
from channels.telegram import TelegramHandler, TelegramSender, make_bot

if TYPE_CHECKING:
    from bot.assistant import Assistant

__all__ = ["ALLOWED_UPDATES", "WEBHOOK_PATH", "configure_webhook", "run_polling", "telegram_app"]

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram/webhook"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]

telegram_app = typer.Typer(help="Telegram channel.", no_args_is_help=True)


def _require(settings: Settings, *names: str) -> None:
    missing = [n for n in names if not getattr(settings, n)]
    if missing:
        env = ", ".join(f"AUTONOMIE_{n.upper()}" for n in missing)
        raise typer.BadParameter(f"set {env} first")


async def run_polling(
    settings: Settings,
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


async def configure_webhook(settings: Settings) -> str:
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


@telegram_app.command("poll")
def poll() -> None:
    """Talk on Telegram by polling (no public URL needed); Ctrl-C stops."""
    settings = get_settings()
    _require(settings, "telegram_token")
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its URLs carry the bot token
    asyncio.run(_poll(settings))


async def _poll(settings: Settings) -> None:
    from bot.assistant import build_assistant
    from bot.platform.cli import platform_or_exit

    with platform_or_exit(settings) as pointed:
        await _poll_with(pointed, build_assistant(pointed))


async def _poll_with(settings: Settings, assistant: Assistant) -> None:
    from channels.routers import default_hooks

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    typer.echo("Telegram : en écoute (Ctrl-C pour arrêter).")
    try:
        hooks = default_hooks(lambda: assistant.store)
        await run_polling(settings, assistant.processor.handle, hooks, stop=stop)
    finally:
        await assistant.aclose()


@telegram_app.command("set-webhook")
def set_webhook() -> None:
    """Register the webhook (AUTONOMIE_PUBLIC_URL + path) with its secret token."""
    settings = get_settings()
    _require(settings, "telegram_token", "telegram_secret", "public_url")
    url = asyncio.run(configure_webhook(settings))
    typer.echo(f"webhook set: {url}")
