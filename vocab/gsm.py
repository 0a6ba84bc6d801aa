"""GSM-7, the SMS alphabet: transliteration and segment counting. The SMS channel
sends with it, and the knowledge base checks that each fiche's short answer fits
two segments (`autonomie kb check`), so it stands here, below both.

GSM 03.38 basic alphabet plus its extension table (each extension character
costs two septets: an escape and the character). A message made only of GSM-7
characters fits 160 septets in one SMS, or 153 septets per segment once it is
split; any other character switches the whole message to UCS-2 (70 / 67 UTF-16
units), which is why the SMS channel transliterates first with `to_gsm7`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from vocab.text import strip_accents

#: options this short (three at most) go on one line: "1 Oui  2 Non"
INLINE_OPTIONS_MAX_CHARS = 40

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "gsm7_length",
    "is_gsm7",
    "numbered_options",
    "sms_segments",
    "to_gsm7",
]

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_SEGMENT_SEPTETS = 160
MULTI_SEGMENT_SEPTETS = 153
SINGLE_SEGMENT_UCS2 = 70
MULTI_SEGMENT_UCS2 = 67

_GUILLEMETS_RE = re.compile("«[ \u00a0\u202f]?|[ \u00a0\u202f]?»")
# Explicit replacements, tried before the generic accent stripping.
_REPLACEMENTS: dict[str, str] = {
    "’": "'", "‘": "'", "‚": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
    "…": "...", "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " ",
    "œ": "oe", "Œ": "OE", "ç": "c", "•": "-", "·": "-", "×": "x",
    "°": "o", "²": "2", "³": "3", "½": "1/2", "¼": "1/4",
    "ª": "a", "º": "o", "™": "TM", "©": "(c)", "®": "(R)",
}  # fmt: skip


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension table."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _transliterate_char(ch: str) -> str:
    if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
        return ch
    if ch in _REPLACEMENTS:
        return _REPLACEMENTS[ch]
    stripped = strip_accents(ch)
    if stripped and all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in stripped):
        return stripped
    if unicodedata.category(ch).startswith("Z"):
        return " "
    if unicodedata.category(ch) in {"So", "Sk", "Cf", "Cs", "Co", "Mn"}:
        return ""  # emoji, modifiers, zero-width characters: dropped
    return "?"


def to_gsm7(text: str) -> str:
    """Transliterate `text` to the GSM-7 alphabet (ê→e, ç→c, œ→oe, ’→', …→...).

    French guillemets become straight quotes ("« AGE »" → '"AGE"').
    Characters already in GSM-7 (é, è, à, ù, É, Ç...) are kept; emoji and
    invisible characters are dropped; anything else becomes '?'.
    """
    text = _GUILLEMETS_RE.sub('"', text)
    return "".join(_transliterate_char(ch) for ch in text)


def gsm7_length(text: str) -> int:
    """Septets needed for `text` in GSM-7 (extension characters count 2).

    Raises ValueError if `text` has a character outside GSM-7: transliterate
    it with `to_gsm7` first.
    """
    total = 0
    for ch in text:
        if ch in GSM7_BASIC:
            total += 1
        elif ch in GSM7_EXTENSION:
            total += 2
        else:
            raise ValueError(f"character {ch!r} is not in GSM-7; use to_gsm7() first")
    return total


def _gsm7_segments(text: str) -> int:
    if gsm7_length(text) <= SINGLE_SEGMENT_SEPTETS:
        return 1
    segments, used = 1, 0
    for ch in text:
        cost = 2 if ch in GSM7_EXTENSION else 1
        if used + cost > MULTI_SEGMENT_SEPTETS:  # an escape pair is never split
            segments += 1
            used = 0
        used += cost
    return segments


def _ucs2_segments(text: str) -> int:
    units = len(text.encode("utf-16-le")) // 2
    if units <= SINGLE_SEGMENT_UCS2:
        return 1
    return math.ceil(units / MULTI_SEGMENT_UCS2)


def sms_segments(text: str) -> int:
    """Number of SMS segments `text` takes as sent (GSM-7 if possible, else UCS-2)."""
    if not text:
        return 1
    return _gsm7_segments(text) if is_gsm7(text) else _ucs2_segments(text)


def numbered_options(titles: Sequence[str], first: int = 1) -> str:
    """A message's buttons as an SMS writes them, numbered from `first`: on one line
    when they are few and short ("1 Oui  2 Non"), else one a line and how to answer.
    The SMS channel sends this, and the dialogue measures a turn with it."""
    numbers = [str(first + i) for i in range(len(titles))]
    if len(titles) <= 3 and sum(len(t) for t in titles) <= INLINE_OPTIONS_MAX_CHARS:
        return "  ".join(f"{n} {t}" for n, t in zip(numbers, titles, strict=True))
    lines = [f"{n}. {t}" for n, t in zip(numbers, titles, strict=True)]
    spoken = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} ou {numbers[-1]}"
    return "\n".join([*lines, f"Répondez {spoken}."])
