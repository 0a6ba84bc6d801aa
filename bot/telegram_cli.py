"""`autonomie telegram poll` and `autonomie telegram set-webhook`: the Telegram
entry points, on the composition root (`bot.app.build_assistant`) like every other."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import typer

from bot.app import build_assistant, poll_telegram, set_telegram_webhook
from bot.assistant import Assistant
from bot.settings import Settings, get_settings

__all__ = ["telegram_app"]

telegram_app = typer.Typer(help="Telegram channel.", no_args_is_help=True)


def _require(settings: Settings, *names: str) -> None:
    missing = [n for n in names if not getattr(settings, n)]
    if missing:
        env = ", ".join(f"AUTONOMIE_{n.upper()}" for n in missing)
        raise typer.BadParameter(f"set {env} first")


@telegram_app.command("poll")
def poll() -> None:
    """Talk on Telegram by polling (no public URL needed); Ctrl-C stops."""
    settings = get_settings()
    _require(settings, "telegram_token")
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its URLs carry the bot token
    asyncio.run(_poll(settings))


async def _poll(settings: Settings) -> None:
    from bot.platform.cli import platform_or_exit

    with platform_or_exit(settings) as pointed:
        await _poll_with(pointed, build_assistant(pointed))


async def _poll_with(settings: Settings, assistant: Assistant) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    typer.echo("Telegram : en écoute (Ctrl-C pour arrêter).")
    try:
        await poll_telegram(settings, assistant, stop)
    finally:
        await assistant.aclose()


@telegram_app.command("set-webhook")
def set_webhook() -> None:
    """Register the webhook (AUTONOMIE_PUBLIC_URL + path) with its secret token."""
    settings = get_settings()
    _require(settings, "telegram_token", "telegram_secret", "public_url")
    url = asyncio.run(set_telegram_webhook(settings))
    typer.echo(f"webhook set: {url}")
