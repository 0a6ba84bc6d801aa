"""What the adapters read of the settings: the channels' own names. `bot.settings.Settings`
(the one reader of the environment) has them all; an adapter is given it as this
protocol and never imports the core's settings."""

from __future__ import annotations

from typing import Protocol

from pydantic import SecretStr

__all__ = ["ChannelSettings"]


class ChannelSettings(Protocol):
    """The AUTONOMIE_* values of the channels (docs/interfaces.md and bot/settings.py)."""

    public_url: str | None
    telegram_token: SecretStr | None
    telegram_secret: SecretStr | None
    telegram_api_url: str
    twilio_account_sid: str | None
    twilio_auth_token: SecretStr | None
    twilio_from_number: str | None
    twilio_messaging_service_sid: str | None
    twilio_api_url: str | None
    twilio_whatsapp_from: str | None
    twilio_whatsapp_template_sid: str | None
