"""Typed settings, read from AUTONOMIE_* environment variables and an optional .env.

This is the only module that reads the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, NonNegativeInt, PositiveFloat, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from vocab.departements import DEPARTEMENT_PATTERN

__all__ = [
    "Settings",
    "environment_with",
    "get_settings",
]


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
    #: single texts whose sentence embedding the serving process remembers (the same
    #: text gets the same row: only CPU is saved, on "oui", "ok", "non merci"...); 0: off.
    encoder_cache: NonNegativeInt = 2048
    #: longest message handled as is; longer ones get a polite reply.
    max_message_chars: int = Field(default=4000, ge=100)
    #: a per-sender lock is given up after this many seconds (a crashed holder).
    lock_lifetime_s: PositiveFloat = 60.0
    #: the background worker's period (bookings retried, reminders, outbox); 0: off.
    worker_interval_s: float = Field(default=30.0, ge=0)
    #: a message still unanswered this many seconds after it came (a crash) is
    #: answered by the worker, its replies pushed on the person's channel.
    inbox_grace_s: PositiveFloat = 60.0
    #: a turn the worker replays may run this long; a turn that overruns it fails.
    turn_budget_s: PositiveFloat = 20.0
    #: a message whose turns failed (raised, overran the budget, or died with their
    #: process) this many times is set aside (a dead letter, listed in the console)
    #: and answered with an apology; it is never replayed on its own.
    inbox_max_failures: int = Field(default=2, ge=1)

    # --- rate limits (bot/ratelimit.py; in Redis when configured; 0: no limit) ---
    #: messages of one sender per minute; more get one polite notice, then silence.
    limit_messages_per_minute: NonNegativeInt = 20
    #: messages per minute from one network address (REST, widget, socket.io: anyone
    #: can make up sender ids there, not addresses). SECURITY.md, "Floods".
    limit_messages_per_ip_minute: NonNegativeInt = 300
    #: bookings one sender may ask for per hour...
    limit_bookings_per_sender_hour: NonNegativeInt = 5
    #: ...one network address (REST, widget, socket.io)...
    limit_bookings_per_ip_hour: NonNegativeInt = 20
    #: ...one address (or one SMS/Telegram sender) for one event: nobody takes its seats...
    limit_bookings_per_event_per_ip_hour: NonNegativeInt = 3
    #: ...and one event from the anonymous channels, all addresses together; over it,
    #: only SMS, WhatsApp and Telegram senders (real numbers, accounts) book it.
    limit_bookings_per_event_hour: NonNegativeInt = 60
    #: the addresses (or networks, a.b.c.d/n) of the reverse proxies in front (HAProxy):
    #: their X-Forwarded-For names the client. Comma-separated; empty: none trusted.
    trusted_proxies: str = ""
    #: POST /model/parse calls per minute per IP address (per API token when one is sent).
    limit_parse_per_minute: NonNegativeInt = 60
    #: console login attempts per IP address per 15 minutes.
    limit_logins_per_ip_15min: NonNegativeInt = 30
    #: password verifications (argon2, 64 MiB each) running at once in one process.
    console_login_parallel: int = Field(default=2, ge=1, le=16)

    # --- channels ---
    #: Telegram Bot API base; the token is appended (a local Bot API server, tests).
    telegram_api_url: str = "https://api.telegram.org/bot"
    #: the sender of outgoing SMS: a Twilio number, or a Messaging Service (preferred).
    twilio_from_number: str | None = None
    twilio_messaging_service_sid: str | None = None
    #: Twilio REST API base, instead of https://api.twilio.com (a proxy, tests).
    twilio_api_url: str | None = None
    #: the WhatsApp sender of outgoing messages ("whatsapp:+33..."), on the same
    #: Twilio account and webhook as SMS; unset: replies only (in the webhook's response).
    twilio_whatsapp_from: str | None = None
    #: an approved WhatsApp template (Twilio Content SID "HX...") with one variable,
    #: {{1}}, the text: used for what is sent more than 24 h after the person's last
    #: message (WhatsApp's session window); unset: such messages are not sent.
    twilio_whatsapp_template_sid: str | None = None
    #: the sites that may embed the widget, per platform (JSON: {"33": ["https://…"],
    #: "*": [...]} where "*" is for platforms without a list); empty: any site.
    widget_origins: dict[str, list[str]] = Field(default_factory=dict)

    # --- platform API (docs/platform-api.md) ---
    #: the national key the assistant sends (X-Platform-Key); the reference platform
    #: accepts it as a national key. Unset with the reference platform: a key per run.
    platform_api_key: SecretStr | None = None
    #: seconds allowed to one platform call (connect/read/write/pool each, and overall).
    platform_timeout_s: PositiveFloat = 5.0
    #: attempts of an idempotent call (GET, DELETE, POST with Idempotency-Key).
    platform_attempts: int = Field(default=3, ge=1, le=10)
    #: the circuit opens after this many consecutive failures...
    platform_breaker_threshold: int = Field(default=5, ge=1)
    #: ...and lets one trial call through after this many seconds.
    platform_breaker_cooldown_s: PositiveFloat = 30.0
    #: default search radius around the person, in km.
    platform_search_radius_km: PositiveFloat = 30.0
    #: the platform may still hold bookings made when candidate_ref was the raw sender
    #: id (before the keyed pseudonyms): an erasure then also erases under the raw id.
    platform_legacy_refs: bool = False
    #: the counsellor team (a platform's département) that takes requests from
    #: départements without a platform; unset: the nearest platform takes them.
    default_team_departement: str | None = Field(default=None, pattern=DEPARTEMENT_PATTERN)

    # --- human handoff and counsellor console ---
    #: the counsellor team of people whose département is unknown or has no platform.
    handoff_default_team: str = Field(default="national", pattern=r"^[0-9A-Za-z_-]{2,16}$")
    #: opening hours told to a candidate when the platform gives none ("lun-ven 09:00-17:00").
    handoff_opening_hours: str = "lun-ven 09:00-17:00"
    #: ...and the usual answer delay, in opening hours.
    handoff_answer_within_hours: int = Field(default=2, ge=0, le=72)
    #: how long a handoff waits for the platform's team and hours before it uses the
    #: defaults above (the candidate is answered either way).
    handoff_platform_lookup_s: float = Field(default=3.0, gt=0, le=30)
    #: a console session ends this many hours after login...
    console_session_hours: PositiveFloat = 10.0
    #: ...or after this many idle minutes.
    console_idle_minutes: PositiveFloat = 120.0

    # --- privacy, pilotage, observability (bot/privacy.py, bot/web/admin.py) ---
    #: candidates inactive for longer than this are erased by `autonomie retention`.
    retention_months: int = Field(default=24, ge=1, le=120)
    #: `autonomie retention` also deletes, whatever the person's activity: the console's
    #: audit entries older than this (days)...
    audit_retention_days: int = Field(default=365, ge=30, le=3650)
    #: ...its failed logins (the typed e-mail and the IP address) older than this...
    login_failure_retention_days: int = Field(default=30, ge=1, le=365)
    #: ...and the outbox's sent or dropped messages older than this (pending ones stay).
    outbox_retention_days: int = Field(default=30, ge=1, le=3650)
    #: the HMAC key of pseudonymised ids (exports, audit entries of erased people).
    #: Unset: the API token, else the application secret (bot/secret.py).
    export_salt: SecretStr | None = None
    #: the application secret (HMAC key of the widget's poll tokens and of the
    #: pseudonyms that name a person on the platform); set it, the same on every
    #: node. Unset: a random key kept in `secret_key_file` (bot/secret.py).
    secret_key: SecretStr | None = None
    secret_key_file: Path = Path("var/secret.key")
    #: the widget's poll token (GET /webhooks/rest/pending) is valid this long.
    poll_token_ttl_s: int = Field(default=900, ge=30, le=86400)
    #: mask phone numbers and e-mail addresses in every log record.
    log_redaction: bool = True

    @property
    def nlu_model_dir(self) -> Path:
        return self.models_dir / "nlu"

    @property
    def kb_index_dir(self) -> Path:
        return self.models_dir / "kb"

    @property
    def encoder_dir(self) -> Path:
        return self.models_dir / "encoder"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def environment_with(values: dict[str, str]) -> dict[str, str]:
    """This process's environment plus `values`: for a child process."""
    return {**os.environ, **values}
