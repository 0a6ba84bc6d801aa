"""Keyed pseudonyms: HMAC-SHA256 of a sender id, never reversible without the key."""

from __future__ import annotations

import hashlib
import hmac

from bot.secret import app_secret
from bot.settings import Settings

__all__ = ["pseudonym", "pseudonym_key"]


def pseudonym_key(settings: Settings) -> bytes:
    """AUTONOMIE_EXPORT_SALT, else the API token, else the application secret.

    Never a key of the process alone: the audit entries of a person erased by
    `autonomie erase` or `retention` must carry the same pseudonym as those the
    server pseudonymised, and an export's ids must stay linkable across runs.
    """
    for secret in (settings.export_salt, settings.api_token):
        if secret is not None and secret.get_secret_value():
            return secret.get_secret_value().encode()
    return app_secret(settings)


def pseudonym(key: bytes, sender_id: str, *, length: int = 32) -> str:
    """`p_` and the first `length` hex digits of HMAC-SHA256(key, sender_id)."""
    return "p_" + hmac.new(key, sender_id.encode(), hashlib.sha256).hexdigest()[:length]
