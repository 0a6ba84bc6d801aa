"""The queue as counsellors read it, after Chatwoot's inbox: who (first name or
initials), channel, waiting time, the candidate's summary, their last message,
unread messages;
the views "mine / unassigned / all" and a search over people and messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.names import FIRST_NAME_SLOT
from bot.dialogue.profile import describe
from bot.handoff.tables import Handoff
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["VIEWS", "Row", "View", "filter_rows", "person", "rows_for"]

View = Literal["all", "mine", "unassigned"]
VIEWS: dict[str, str] = {"all": "Toutes", "mine": "Les miennes", "unassigned": "Non assignées"}
MAX_QUERY = 100
PREVIEW_CHARS = 90


@dataclass(frozen=True)
class Row:
    handoff: Handoff
    name: str  # the first name the channel gave, else "Personne …7f3a"
    initials: str
    summary: str
    #: the person's latest typed message, cut to PREVIEW_CHARS ("" if none)
    last_said: str
    unread: int
    late: bool
    labels: tuple[str, ...]
    #: folded text searched by the search box (profile, summary, messages)
    haystack: str


def person(handoff: Handoff, first_name: object = None) -> tuple[str, str]:
    """(name shown, initials) of the person waiting: the first name their channel
    gave (the conversation's `first_name` slot), else the end of their id."""
    first = first_name.strip() if isinstance(first_name, str) else ""
    if first:
        return first, first[:1].upper()
    tail = handoff.sender_id.rpartition(":")[2][-4:]
    return f"Personne …{tail}", tail[:2].upper()


def _preview(events: Sequence[Any]) -> str:
    """The person's latest typed message (not a button's /intent payload), cut short:
    two people with the same unknown profile still read apart, as in Chatwoot. The
    request for a counsellor itself ("je veux parler à quelqu'un") says less than
    what came before it: an earlier message is quoted when there is one."""
    typed = [e for e in events if isinstance(e, UserUttered) and not is_payload(e.text)]
    if not typed:
        return ""
    told = [e for e in typed if e.intent_name != "human_handoff"]
    text = " ".join((told or typed)[-1].text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _unread(events: Sequence[Any], since: datetime) -> int:
    """Messages of the person after the team's last reply (or the request)."""
    count, start = 0, since.timestamp()
    for event in events:
        if isinstance(event, BotUttered) and event.data.get("counsellor"):
            count = 0
        elif isinstance(event, UserUttered) and event.timestamp >= start:
            count += 1
    return count


def rows_for(
    handoffs: Iterable[Handoff],
    store: Any,
    content: Content,
    now: datetime,
    labels: dict[int, list[str]] | None = None,
) -> list[Row]:
    rows = []
    for handoff in handoffs:
        tracker = store.retrieve(handoff.sender_id)
        events = tracker.events
        name, initials = person(handoff, tracker.get_slot(FIRST_NAME_SLOT))
        summary = describe(handoff.profile, content) or "Profil inconnu"
        said = " ".join(e.text for e in events if isinstance(e, UserUttered))
        due = handoff.expected_answer_at
        tags = tuple((labels or {}).get(handoff.conversation_id, ()))
        rows.append(
            Row(
                handoff=handoff,
                name=name,
                initials=initials,
                summary=summary,
                last_said=_preview(events),
                unread=_unread(events, handoff.created_at),
                late=handoff.state == "open" and due is not None and now > due,
                labels=tags,
                haystack=fold(f"{name} {handoff.sender_id} {summary} {' '.join(tags)} {said}"),
            )
        )
    return rows


def filter_rows(rows: Sequence[Row], view: str, user_id: int, query: str = "") -> list[Row]:
    """The rows of a view ("mine": held by me; "unassigned": nobody holds them)."""
    if view == "mine":
        rows = [r for r in rows if r.handoff.taken_by == user_id]
    elif view == "unassigned":
        rows = [r for r in rows if r.handoff.state == "open"]
    words = fold(query[:MAX_QUERY]).split()
    return [r for r in rows if all(w in r.haystack for w in words)]
