"""RGPD: erase and export one person's data, retention, pseudonyms, log redaction."""

from bot.privacy.erasure import (
    erase_candidate,
    erase_inactive,
    export_candidate,
    inactive_senders,
    known_sender,
)
from bot.privacy.redaction import RedactingFilter, install_log_redaction, redact
from bot.pseudonym import pseudonym, pseudonym_key

__all__ = [
    "RedactingFilter",
    "erase_candidate",
    "erase_inactive",
    "export_candidate",
    "inactive_senders",
    "install_log_redaction",
    "known_sender",
    "pseudonym",
    "pseudonym_key",
    "redact",
]
