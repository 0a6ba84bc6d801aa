"""SMS rendering and reading: GSM-7 text, numbered options (the operators'
keywords are `vocab.keywords`).

`render_sms` turns a turn's bot messages into SMS bodies: buttons become
numbered options, numbered across the whole turn in order (the same order
`ConversationView.options` keeps, so a reply "2" maps back to the 2nd payload);
text is transliterated to GSM-7 (`vocab.gsm`) so that one SMS
holds 160 characters rather than 70; a body longer than `max_segments`
segments is split at sentence, then word, boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from channels.hooks import is_link
from channels.messages import BotMessage
from channels.text import source_line, split_text
from vocab.gsm import numbered_options, sms_segments, to_gsm7

__all__ = [
    "parse_choice",
    "plain_text",
    "render_sms",
    "render_whatsapp",
    "sms_text",
]

_PART_SUFFIX_RESERVE = 8  # " (10/12)"
_CHOICE = re.compile(r"^\s*+(?:n°|no|#)?\s*+(\d{1,2})\s*+[.)]?\s*+$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


def parse_choice(text: str) -> int | None:
    """The option number of a reply such as '2', ' 2 ', '2.' or '2)'; None otherwise."""
    match = _CHOICE.match(text)
    return int(match[1]) if match else None


def sms_text(text: str, *, collapse_spaces: bool = True) -> str:
    """GSM-7 when nothing is lost (ê→e, ’→', emoji dropped); else the text for UCS-2."""
    gsm = to_gsm7(text)
    if gsm.count("?") > text.count("?"):  # letters with no GSM-7 form: keep them
        gsm = "".join(c for c in text if unicodedata.category(c) not in {"So", "Cs", "Co"})
    if not collapse_spaces:
        return gsm.strip()
    lines = (_SPACES.sub(" ", line).strip() for line in gsm.splitlines())
    return "\n".join(line for line in lines if line)


def _blocks(
    messages: Sequence[BotMessage], convert: Callable[..., str] = sms_text
) -> list[tuple[str, str]]:
    """(text, options) per message, options numbered across the turn.

    `convert` fits the text to the channel (GSM-7 for SMS)."""
    blocks: list[tuple[str, str]] = []
    number = 1
    for message in messages:
        parts = [message.text or ""]
        source = source_line(message.custom, short=True)
        if source and "source" not in (message.text or "").lower():
            parts.append(source)
        links = [b for b in message.buttons if is_link(b.payload)]
        parts.extend(f"{b.title} : {b.payload}" for b in links)
        choices = [b.title for b in message.buttons if not is_link(b.payload)]
        options = numbered_options(choices, number) if choices else ""
        number += len(choices)
        text = convert("\n".join(p for p in parts if p))
        options = convert(options, collapse_spaces=False)
        if text or options:
            blocks.append((text, options))
    return blocks


def _segments_fit(max_segments: int, reserve: int) -> Callable[[str], bool]:
    def fits(body: str) -> bool:
        return sms_segments(body + " " * reserve) <= max_segments

    return fits


def _pack(blocks: list[tuple[str, str]], fits: Callable[[str], bool]) -> list[str]:
    bodies: list[str] = []
    for text, options in blocks:
        chunks = split_text(text, fits)
        if options:
            if chunks and fits(f"{chunks[-1]}\n{options}"):
                chunks[-1] = f"{chunks[-1]}\n{options}"
            else:
                chunks.extend(split_text(options, fits))
        for chunk in chunks:  # a short message joins the previous one when both fit
            if bodies and fits(f"{bodies[-1]}\n{chunk}"):
                bodies[-1] = f"{bodies[-1]}\n{chunk}"
            else:
                bodies.append(chunk)
    return bodies


def render_sms(messages: Sequence[BotMessage], *, max_segments: int = 2) -> list[str]:
    """The SMS bodies for a turn, in order; each takes at most `max_segments` segments.

    When a turn needs several SMS, each ends with its rank, " (1/3)", since
    separate SMS may arrive out of order.
    """
    blocks = _blocks(messages)
    bodies = _pack(blocks, _segments_fit(max_segments, reserve=0))
    if len(bodies) <= 1:
        return bodies
    bodies = _pack(blocks, _segments_fit(max_segments, reserve=_PART_SUFFIX_RESERVE))
    total = len(bodies)
    return [f"{body} ({rank}/{total})" for rank, body in enumerate(bodies, start=1)]


def plain_text(text: str, *, collapse_spaces: bool = True) -> str:
    """The text as it is (accents, emoji), spaces tidied: for channels that carry Unicode."""
    if not collapse_spaces:
        return text.strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def render_whatsapp(messages: Sequence[BotMessage], *, max_chars: int = 1600) -> list[str]:
    """WhatsApp bodies for a turn: Unicode kept, buttons as the same numbered options
    as SMS (no interactive buttons outside approved templates), few messages of at
    most `max_chars` (Twilio's limit for one WhatsApp message)."""
    return _pack(_blocks(messages, plain_text), lambda body: len(body) <= max_chars)
