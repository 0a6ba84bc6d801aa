"""What the assistant's turn asks, read from its words and buttons, as the
simulated candidate recognises it; and one message of the candidate (`Turn`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Turn", "fold", "topic_of"]


def fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    return "".join(c for c in plain if not unicodedata.combining(c))


# What a question is about, from its words; the first that matches wins.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("consent", r"24 mois|garde votre commune|conserver vos informations"),
        (
            "confirm_booking",
            r"je vous inscris|confirmez[- ]vous|voulez-vous vous inscrire a|vous y inscri",
        ),
        ("skip_offer", r"passer cette question|on passe (a la suite|cette question)"),
        ("period", r"quelle periode|quand seriez-vous disponible|a partir de quand"),
        ("job", r"quel metier|quel travail|metier vous interesse|dans quel metier"),
        ("place", r"commune|code postal|ou habitez|quelle ville|ou cherchez"),
        ("licence", r"permis"),
        ("vehicle", r"vehicule|voiture|deux-roues"),
        ("transport", r"transports? en commun|bus|tram"),
        (
            "childcare",
            r"garde(s|r)? (quand|pendant|vos)|solution de garde|sont-ils gardes|garde de vos",
        ),
        ("children", r"enfants?"),
        ("diploma", r"diplome"),
        ("rqth", r"rqth|travailleur handicape"),
    )
)


#: recognised anywhere in the message, not only in its question sentence
_WHOLE = frozenset({"consent", "confirm_booking", "skip_offer"})


def topic_of(replies: list[dict[str, Any]]) -> str | None:
    """What the assistant's turn waits for, from its last message that asks."""
    payloads = [b["payload"] for r in replies for b in r.get("buttons") or []]
    for reply in reversed(replies):
        text = fold(reply.get("text") or "")
        # "Ma question sur votre commune vous attend": the question put twice, still open
        waits = "vous attend" in text
        if "?" not in text and not reply.get("buttons") and not waits:
            continue
        question = text[text.rfind(".", 0, max(text.rfind("?"), 0)) + 1 :] if "?" in text else text
        for name, pattern in _TOPICS:
            if (name in _WHOLE or "?" in text or waits) and pattern.search(
                question if name not in _WHOLE else text
            ):
                return name
        if any(p.startswith("/book_event") for p in payloads):
            return "events"
        if any('"location"' in p for p in payloads):
            return "place_choice"
        if "?" in text:
            return "other"
    if any(p.startswith("/book_event") for p in payloads):
        return "events"
    return None


@dataclass
class Turn:
    text: str
    #: the facts this message states (slot -> value), for the lost-fact check
    facts: dict[str, Any] = field(default_factory=dict)
    asks: bool = False  # carries a question that must be answered
