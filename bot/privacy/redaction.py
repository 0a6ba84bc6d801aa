"""Log redaction: phone numbers (French and E.164) and e-mail addresses are masked."""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = ["RedactingFilter", "install_log_redaction", "redact"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# E.164 (+33 6 12 34 56 78, +447911123456) and French national (06 12 34 56 78, 06.12...)
_E164 = re.compile(r"(?<![\w+])\+[1-9](?:[ .\-]?\d){7,14}(?!\d)")
_FRENCH = re.compile(r"(?<![\w+])0[1-9](?:[ .\-]?\d{2}){4}(?!\d)")
EMAIL_MASK = "[email]"
PHONE_MASK = "[téléphone]"
_LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "autonomie_bot", "httpx")


def redact(text: str) -> str:
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _E164.sub(PHONE_MASK, text)
    return _FRENCH.sub(PHONE_MASK, text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (formatted once) and exception text; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_autonomie_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it to the handler to report
            return True
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record._autonomie_redacted = True
        return True


_installed: RedactingFilter | None = None


def install_log_redaction() -> RedactingFilter:
    """Installs one filter on the usual loggers, their handlers, and every new record
    (a record factory), so that records of any logger are masked. Idempotent."""
    global _installed
    if _installed is not None:
        return _installed
    redacting = RedactingFilter()
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        logger.addFilter(redacting)
        for handler in logger.handlers:
            handler.addFilter(redacting)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redacting.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = redacting
    return redacting
