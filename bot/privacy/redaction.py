"""Log redaction: sender ids, platform pseudonyms (candidate_ref), phone numbers (French
and E.164), e-mail addresses and Telegram bot tokens are masked. A sender id is the
bearer secret of its conversation (the widget's id, a phone number, a Telegram id):
only its channel stays, "web:[id]".

Every record goes through here, the access log included: the patterns are linear
(an address starts where no address character precedes it, and is taken
possessively) and a logged text is cut at MAX_LOGGED_CHARS first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["RedactingFilter", "install_log_redaction", "redact"]

# an address, its @ plain or URL-encoded (%40, in a query string)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++(?:@|%40)[\w-]++(?:\.[\w-]++)+")
# E.164 (+33 6 12 34 56 78, +447911123456, URL-encoded: %2B33612345678, with the
# international prefix 00: 0033 6...) and French national (06 12 34 56 78, 06.12...);
# digits grouped by spaces, no-break spaces (a French keyboard's), dots or dashes, and in a
# query string or a form by "+" or "%20" (a console search "?q=06+12+34+56+78")
_SEP = r"(?:[ .+\-\u00a0\u202f]|%20)"
_E164 = re.compile(rf"(?<![\w+%])(?:\+|%2[Bb]|00)[1-9](?:{_SEP}?\d){{7,14}}(?!\d)")
_FRENCH = re.compile(rf"(?:(?<=%20)|(?<![\w%]))0[1-9](?:{_SEP}?\d{{2}}){{4}}(?!\d)")
# the French way with the trunk zero kept in brackets: +33 (0)6 12 34 56 78
_TRUNK = re.compile(r"(?<![\w+%])(?:\+|%2[Bb]|00)33\s?\(0\)\s?[1-9](?:[ .\-]?\d{2}){4}(?!\d)")
# what a counsellor searched the console for (a name, a number): "/console?q=Dupuis"
_SEARCH = re.compile(r"([?&]q=)[^&\s\"#]++")
SEARCH_MASK = r"\1[recherche]"
# web:…, tg:…, sms:…, whatsapp:…, plain or URL-encoded (web%3A… in a query string)
_SENDER = re.compile(r"(?<![\w-])(web|tg|sms|whatsapp)(:|%3[Aa])[^\s\"'&,;:/?#=()<>\[\]]++")
SENDER_MASK = r"\1\2[id]"
# a platform candidate_ref (bot/platform/refs.py): a pseudonym, but one the key links back
_REF = re.compile(r"(?<![0-9A-Za-z_])c_[0-9a-f]{32}(?![0-9A-Za-z_])")
REF_MASK = "c_[ref]"
# a Telegram Bot API token in a URL (httpx logs every call: .../bot<id>:<secret>/sendMessage)
_BOT_TOKEN = re.compile(r"/bot\d{1,20}:[A-Za-z0-9_-]{1,200}")
BOT_TOKEN_MASK = "/bot[token]"
#: libraries whose DEBUG records carry message contents and chat ids in clear
#: (python-telegram-bot logs each call's parameters): never below INFO
_CHATTY = ("telegram", "httpcore", "hpack")
EMAIL_MASK = "[email]"
PHONE_MASK = "[téléphone]"
#: a longer logged text is cut (a 60 KB URL in the access log, a pasted document).
MAX_LOGGED_CHARS = 4000
_LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "bot", "httpx")


def redact(text: str, limit: int | None = MAX_LOGGED_CHARS) -> str:
    """``text`` with its phone numbers and e-mail addresses masked, cut at ``limit``."""
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}…[{len(text) - limit} more characters]"
    text = _SENDER.sub(SENDER_MASK, text)
    text = _REF.sub(REF_MASK, text)
    text = _BOT_TOKEN.sub(BOT_TOKEN_MASK, text)
    text = _SEARCH.sub(SEARCH_MASK, text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _TRUNK.sub(PHONE_MASK, text)
    text = _E164.sub(PHONE_MASK, text)
    return _FRENCH.sub(PHONE_MASK, text)


def _redact_arg(value: Any) -> Any:
    """A logging argument with its identifiers masked; numbers stay numbers (%d)."""
    if value is None or isinstance(value, int | float):
        return value
    return redact(value if isinstance(value, str) else str(value))


class RedactingFilter(logging.Filter):
    """Masks the record's template, arguments and exception text; never drops one.

    The arguments keep their number and order: formatters such as uvicorn's
    access log unpack them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_autonomie_redacted", False):
            return True
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, limit=None)  # a whole traceback
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
    for name in _CHATTY:
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redacting.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = redacting
    return redacting
