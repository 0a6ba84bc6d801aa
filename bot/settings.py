"""Typed settings, read from AUTONOMIE_* environment variables and an optional .env.

This is the only module that reads the environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AUTONOMIE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- the contract's names (docs/interfaces.md) ---
    database_url: str = "sqlite:///./var/autonomie.db"
    api_token: SecretStr | None = None
    platform_url: str | None = None
    telegram_token: SecretStr | None = None
    telegram_secret: SecretStr | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    public_url: str | None = None
    redis_url: str | None = None

    # --- ours ---
    models_dir: Path = Path("models")
    #: load NLU and knowledge models at start; off for tests of the bare core.
    load_models: bool = True
    #: longest message handled as is; longer ones get a polite reply.
    max_message_chars: int = Field(default=4000, ge=100)
    #: a per-sender lock is given up after this many seconds (a crashed holder).
    lock_lifetime_s: float = Field(default=60.0, gt=0)

    # --- channels ---
    #: Telegram Bot API base; the token is appended (a local Bot API server, tests).
    telegram_api_url: str = "https://api.telegram.org/bot"
    #: the sender of outgoing SMS: a Twilio number, or a Messaging Service (preferred).
    twilio_from_number: str | None = None
    twilio_messaging_service_sid: str | None = None
    #: Twilio REST API base, instead of https://api.twilio.com (a proxy, tests).
    twilio_api_url: str | None = None

    @property
    def nlu_model_dir(self) -> Path:
        return self.models_dir / "nlu"

    @property
    def kb_index_dir(self) -> Path:
        return self.models_dir / "kb"


@lru_cache
def get_settings() -> Settings:
    return Settings()
