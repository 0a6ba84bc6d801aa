"""The operators' STOP / START keywords and the payloads they stand for.

A whole message that is one of these keywords (after upper-casing, dropping
accents and final punctuation) is the person's consent to messages withdrawn or
given back, on every channel: the SMS adapter maps it to the payload before the
bot sees it, and the dialogue reads the same keywords after a STOP, so a widget or
Telegram user who types "Start !" or "UNSTOP" is not locked out either.
"""

from __future__ import annotations

from vocab.text import strip_accents

__all__ = [
    "OPT_IN_KEYWORDS",
    "OPT_IN_PAYLOAD",
    "OPT_OUT_KEYWORDS",
    "OPT_OUT_PAYLOAD",
    "keyword_payload",
]

#: the French operators' STOP/ARRET and Twilio's default sets
OPT_OUT_KEYWORDS = frozenset(
    {"STOP", "ARRET", "STOP SMS", "STOPSMS", "UNSUBSCRIBE", "STOPALL", "CANCEL", "END", "QUIT"}
)
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP"})
OPT_OUT_PAYLOAD = "/opt_out"
OPT_IN_PAYLOAD = "/opt_in"


def _keyword_form(text: str) -> str:
    return " ".join(strip_accents(text).upper().rstrip(" .!").split())


def keyword_payload(text: str) -> str | None:
    """'/opt_out' for STOP, ARRÊT..., '/opt_in' for START, UNSTOP; None otherwise."""
    text = text.strip()
    if len(text) > 32:  # the longest keyword has 9 letters: a longer message is none
        return None
    form = _keyword_form(text)
    if form in OPT_OUT_KEYWORDS:
        return OPT_OUT_PAYLOAD
    if form in OPT_IN_KEYWORDS:
        return OPT_IN_PAYLOAD
    return None
