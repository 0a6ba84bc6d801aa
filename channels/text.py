"""Rendering helpers shared by the adapters: sources, splitting, canned texts.

The few texts an adapter says on its own are about the channel itself (what it
cannot carry), never about the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = [
    "ONLY_TEXT",
    "ONLY_TEXT_SMS",
    "format_source_date",
    "source_line",
    "split_text",
]

ONLY_TEXT = (
    "Je ne comprends que les messages écrits : je ne peux pas lire les photos, "
    "les messages vocaux, les autocollants ni les fichiers. Pouvez-vous écrire "
    "votre question en quelques mots ?"
)
ONLY_TEXT_SMS = (
    "Je ne comprends que les SMS écrits, pas les photos ni les fichiers. "
    "Pouvez-vous écrire votre question en quelques mots ?"
)

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def format_source_date(value: object, *, short: bool = False) -> str:
    """'2025-03-01' → '01/03/2025' (or '2025' when short); other values as given."""
    text = str(value or "").strip()
    match = _ISO_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    if short or not month:
        return year
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"


def source_line(custom: dict[str, Any] | None, *, short: bool = False) -> str | None:
    """'Source : CNSA, 2025' from `custom.sources`; None without sources. With a
    `publisher`, the short form names the publisher alone and the long form both."""
    sources = (custom or {}).get("sources")
    if not isinstance(sources, list):
        return None
    parts: list[str] = []
    for source in sources[:1] if short else sources[:3]:
        if not isinstance(source, dict) or not str(source.get("title") or "").strip():
            continue
        date = format_source_date(source.get("date"), short=short)
        title = str(source["title"]).strip()
        publisher = str(source.get("publisher") or "").strip()
        if publisher:
            title = publisher if short or publisher == title else f"{publisher}, {title}"
        parts.append(f"{title}, {date}" if date else title)
    if not parts:
        return None
    label = "Sources" if len(parts) > 1 else "Source"
    return f"{label} : {' ; '.join(parts)}"


_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")


def _pieces(text: str, fits: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(separator, piece): sentences, then words, then characters, the largest that fit."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        separator = "\n"
        for sentence in (s.strip() for s in _SENTENCE_END.split(line)):
            if not sentence:
                continue
            if fits(sentence):
                out.append((separator, sentence))
                separator = " "
                continue
            for word in sentence.split():
                if fits(word):
                    out.append((separator, word))
                    separator = " "
                    continue
                chunk = ""
                for ch in word:  # a URL or a run of letters longer than a message
                    if chunk and not fits(chunk + ch):
                        out.append((separator, chunk))
                        separator, chunk = "", ""
                    chunk += ch
                if chunk:
                    out.append((separator, chunk))
                separator = " "
    return out


def split_text(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split `text` into as few chunks as possible, each satisfying `fits`.

    Cuts at line breaks or sentence ends first, then between words; a single
    word longer than a chunk is cut. Line breaks inside a chunk are kept.
    """
    text = text.strip()
    if not text:
        return []
    if fits(text):
        return [text]
    chunks: list[str] = []
    current = ""
    for separator, piece in _pieces(text, fits):
        candidate = f"{current}{separator}{piece}" if current else piece
        if fits(candidate):
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks
