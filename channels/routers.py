"""Wiring of every channel: one router for the app, one sender per channel.

`bot/app.py` calls `channel_routers(settings, on_message, get_store)`; the
outbox worker and the counsellor console get `build_senders(settings, hooks)`.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from channels.base import OnNewMessage
from channels.hooks import ChannelHooks, TrackerReader, tracker_view
from channels.outputs import OutputChannel
from channels.settings import ChannelSettings
from channels.telegram_webhook import TelegramInput
from channels.twilio import TwilioInput
from channels.twilio_sender import TwilioSender
from channels.web import WebInput

__all__ = ["build_senders", "channel_routers", "default_hooks"]


def default_hooks(get_store: Callable[[], TrackerReader]) -> ChannelHooks:
    """Hooks reading the conversation's events from the app's tracker store."""
    return ChannelHooks(view=tracker_view(get_store))


def channel_routers(
    settings: ChannelSettings,
    on_message: OnNewMessage,
    get_store: Callable[[], TrackerReader] | None = None,
    *,
    hooks: ChannelHooks | None = None,
) -> APIRouter:
    """The Twilio, Telegram and web widget routes, all calling `on_message`."""
    if hooks is None:
        hooks = default_hooks(get_store) if get_store is not None else ChannelHooks()
    router = APIRouter()
    router.include_router(TwilioInput(settings, hooks).router(on_message))
    router.include_router(TelegramInput(settings, hooks).router(on_message))
    router.include_router(WebInput().router(on_message))
    return router


def build_senders(settings: ChannelSettings, hooks: ChannelHooks) -> dict[str, OutputChannel]:
    """The senders the settings allow, by channel name ("sms", "whatsapp", "telegram").

    Each refuses (`RecipientOptedOut`) to write to a person who opted out.
    The widget has none: the web page only gets replies to what it posts.
    """
    senders: dict[str, OutputChannel] = {}
    sms = TwilioSender.from_settings(settings, hooks.opted_out)
    whatsapp = TwilioSender.whatsapp_from_settings(settings, hooks)
    for twilio in (sms, whatsapp):
        if twilio is not None:
            senders[twilio.name] = twilio
    if settings.telegram_token and settings.telegram_token.get_secret_value():
        from channels.telegram import TelegramSender, make_bot  # PTB: only when configured

        telegram = TelegramSender(make_bot(settings), hooks)
        senders[telegram.name] = telegram
    return senders
