"""A follow-up that changes only the job of the question just answered: after the pay
of a home help, "et pour aide-soignante ?", "et en tant qu'AES ?" or "pareil pour une
ASH" ask the pay of that other job. Read alone, such a message names a job and nothing
else, and the knowledge base would describe the job; the question it leans on is the
person's previous one."""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.events import UserUttered
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker
from vocab.text import fold

__all__ = ["job_switch"]

#: at most this many words: a longer message says what it asks itself
MAX_WORDS = 7
#: follow-ups of this kind in a row that still lean on the question before them
MAX_CHAIN = 3
#: how a follow-up opens (folded text, bounded)
_OPENS = re.compile(r"(?:et|pour|pareil|idem|meme|comme|en tant qu|si c'?est)\b")
#: the words such a follow-up may hold besides the job (folded)
_FILLER = frozenset(
    [
        "et",
        "pour",
        "pareil",
        "idem",
        "meme",
        "chose",
        "question",
        "comme",
        "en",
        "tant",
        "que",
        "qu",
        "si",
        "c",
        "est",
        "ce",
        "alors",
        "aussi",
        "ca",
        "dans",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "d",
        "de",
        "du",
        "cas",
        "metier",
        "metiers",
        "poste",
    ]
)
_WORD = re.compile(r"[a-z]+")


def job_switch(tracker: Tracker) -> tuple[str, list[str]] | None:
    """(query, jobs) for the knowledge base when the person's message asks the question
    answered just before of another job: the previous question with the new job in
    place of the one it named (or added to it). None for any other message, and for
    one that may answer a question pending ("pour aide-soignante" to "quel métier ?")
    unless it ends with a question mark."""
    message = tracker.latest_message
    if message is None or not _answered_just_before(tracker):
        return None
    text = message.text.strip()
    pending = tracker.get_slot("expecting") or tracker.get_slot("requested_slot")
    if pending and not text.endswith("?"):
        return None
    if not _elliptical(message):
        return None
    previous = _question_leaned_on(tracker)
    if previous is None:
        return None
    entities = message.parse_data.get("entities") or []
    jobs = _jobs(entities)
    before = previous.parse_data.get("entities") or []
    surface = " ".join(str(e.get("text") or "") for e in entities).strip()
    spans = sorted(
        (span for e in before if e.get("entity") == "job" and (span := _span(e)) is not None),
        reverse=True,
    )
    if not spans:
        return f"{previous.text} {surface}", jobs
    query = previous.text
    for start, end in spans:
        query = query[:start] + surface + query[end:]
    return query, jobs


def _answered_just_before(tracker: Tracker) -> bool:
    """The assistant's previous turn answered a question from a fiche."""
    return any(m.data.get("response") == "utter_answer" for m in previous_turn_messages(tracker))


def _elliptical(message: UserUttered) -> bool:
    """The message names a job and nothing else but a follow-up's words: "et pour
    aide-soignante ?", "pareil en tant qu'AES", "une ASH ?"."""
    text = message.text.strip()
    entities = message.parse_data.get("entities") or []
    if not _jobs(entities) or any(e.get("entity") != "job" for e in entities):
        return False
    if len(text.split()) > MAX_WORDS:
        return False
    words = _WORD.findall(fold(_without_spans(text, entities)))
    if any(word not in _FILLER for word in words):
        return False
    return bool(_OPENS.match(fold(text))) or text.endswith("?")


def _question_leaned_on(tracker: Tracker) -> UserUttered | None:
    """The person's question before the latest message, over the follow-ups of the
    same kind in between ("combien gagne une ADVF ?", "et une AES ?", "et une ASH ?")."""
    said = [e for e in tracker.events if isinstance(e, UserUttered)][-2 - MAX_CHAIN : -1]
    for message in reversed(said):
        if not _elliptical(message):
            return message
    return None


def _jobs(entities: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(e["value"]) for e in entities if e.get("entity") == "job"))


def _span(entity: dict[str, Any]) -> tuple[int, int] | None:
    start, end = entity.get("start"), entity.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _without_spans(text: str, entities: list[dict[str, Any]]) -> str:
    """The text with the entities' spans blanked out."""
    for entity in entities:
        if (span := _span(entity)) is not None:
            text = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
    return text
