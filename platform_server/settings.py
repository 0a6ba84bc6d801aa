"""The platform server's settings, from AUTONOMIE_PLATFORM_* variables (and .env).

- `AUTONOMIE_PLATFORM_DATABASE_URL`: its database; unset, the assistant's
  `AUTONOMIE_DATABASE_URL` (one database for both, the default and how every
  database made before the split is laid out), else a SQLite file under ./var/.
- `AUTONOMIE_PLATFORM_API_KEY`: a national key it accepts, besides the keys
  stored in its database (`autonomie platform create-key`); the same variable
  the assistant sends.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PlatformSettings"]


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AUTONOMIE_PLATFORM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    database_url: str = Field(
        default="sqlite:///./var/autonomie.db",
        validation_alias=AliasChoices(
            "AUTONOMIE_PLATFORM_DATABASE_URL", "AUTONOMIE_DATABASE_URL", "database_url"
        ),
    )
    api_key: SecretStr | None = None
