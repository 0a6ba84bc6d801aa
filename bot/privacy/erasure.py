"""Erase or export everything held on one person (RGPD), and the retention sweep.

What is held on a sender: the conversation and its events, the candidate row
(and channel identities), queued outgoing messages, handoffs and counsellors'
notes, unanswered and set-aside (dead-letter) messages, pending bookings,
and on the platform the bookings and immersion
requests whose `candidate_ref` is the sender id. Console audit entries are
kept (accountability) but their sender id is replaced by a keyed pseudonym.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from sqlalchemy import delete, func, select, union_all
from sqlalchemy.orm import Session, sessionmaker

from bot.console.tables import AuditEntry
from bot.handoff.tables import Handoff, HandoffNote
from bot.platform.errors import PlatformRejected
from bot.platform.tables import PendingBooking
from bot.pseudonym import pseudonym, pseudonym_key
from bot.storage.models import (
    Candidate,
    Conversation,
    ConversationEvent,
    DeadLetter,
    InboxMessage,
    OutboxMessage,
    utcnow,
)

if TYPE_CHECKING:
    from bot.assistant import Assistant

__all__ = [
    "erase_candidate",
    "erase_inactive",
    "export_candidate",
    "inactive_senders",
    "known_sender",
    "months_before",
]

log = logging.getLogger(__name__)


def _row(obj: Any, *exclude: str) -> dict[str, Any]:
    """A table row as a JSON-ready dict."""
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in exclude:
            continue
        value = getattr(obj, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def known_sender(sessions: sessionmaker[Session], sender_id: str) -> bool:
    """Anything held locally on this sender?"""
    probes = [
        select(Conversation.id).where(Conversation.sender_id == sender_id),
        select(Candidate.id).where(Candidate.sender_id == sender_id),
        select(OutboxMessage.id).where(OutboxMessage.sender_id == sender_id),
        select(InboxMessage.id).where(InboxMessage.sender_id == sender_id),
        select(DeadLetter.id).where(DeadLetter.sender_id == sender_id),
        select(Handoff.id).where(Handoff.sender_id == sender_id),
        select(PendingBooking.id).where(PendingBooking.candidate_ref == sender_id),
        # the conversation is gone already when the erase comes from the chat itself
        select(AuditEntry.id).where(AuditEntry.sender_id == sender_id),
    ]
    with sessions() as session:
        return any(session.scalar(probe.limit(1)) is not None for probe in probes)


async def _platform_data(assistant: Assistant, sender_id: str) -> dict[str, list[Any]]:
    platform = assistant.services.platform
    if platform is None:
        return {"bookings": [], "immersion_requests": []}
    bookings = await platform.bookings(sender_id, include_past=True, include_cancelled=True)
    requests = await platform.immersion_requests(sender_id)
    return {
        "bookings": [b.model_dump(mode="json") for b in bookings],
        "immersion_requests": [r.model_dump(mode="json") for r in requests],
    }


async def export_candidate(assistant: Assistant, sender_id: str) -> dict[str, Any] | None:
    """Everything held on the sender as JSON-ready data; None when nothing is held."""
    platform = await _platform_data(assistant, sender_id)
    local = await to_thread.run_sync(_local_export, assistant, sender_id)
    if local is None and not any(platform.values()):
        return None
    return {
        "sender_id": sender_id,
        "exported_at": utcnow().isoformat(),
        **(local or {}),
        **platform,
    }


def _local_export(assistant: Assistant, sender_id: str) -> dict[str, Any] | None:
    if not known_sender(assistant.sessions, sender_id):
        return None
    tracker = assistant.store.retrieve(sender_id) if assistant.store.exists(sender_id) else None
    with assistant.sessions() as session:
        candidate = session.scalar(select(Candidate).where(Candidate.sender_id == sender_id))
        conversation = session.scalar(
            select(Conversation).where(Conversation.sender_id == sender_id)
        )
        handoffs = session.scalars(
            select(Handoff).where(Handoff.sender_id == sender_id).order_by(Handoff.id)
        ).all()
        notes = (
            session.scalars(
                select(HandoffNote)
                .where(HandoffNote.conversation_id == conversation.id)
                .order_by(HandoffNote.id)
            ).all()
            if conversation is not None
            else []
        )
        outbox = session.scalars(
            select(OutboxMessage).where(OutboxMessage.sender_id == sender_id)
        ).all()
        inbox = session.scalars(
            select(InboxMessage).where(InboxMessage.sender_id == sender_id)
        ).all()
        dead = session.scalars(select(DeadLetter).where(DeadLetter.sender_id == sender_id)).all()
        pending = session.scalars(
            select(PendingBooking).where(PendingBooking.candidate_ref == sender_id)
        ).all()
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.sender_id == sender_id).order_by(AuditEntry.id)
        ).all()
        return {
            "conversation": _row(conversation) if conversation else None,
            "tracker": tracker.as_dict() if tracker is not None else None,
            "slots": dict(tracker.slots) if tracker is not None else {},
            "candidate": _row(candidate) if candidate else None,
            "handoffs": [_row(h) for h in handoffs],
            "handoff_notes": [_row(n) for n in notes],
            "outbox": [_row(m) for m in outbox],
            "unanswered_messages": [_row(m) for m in inbox],
            "set_aside_messages": [_row(m) for m in dead],
            "pending_bookings": [_row(p) for p in pending],
            "console_access_log": [_row(a, "ip") for a in audit],
        }


async def erase_candidate(assistant: Assistant, sender_id: str) -> dict[str, Any] | None:
    """Erases everything held on the sender; None (nothing touched) for an unknown sender.

    The platform goes first: if it is unreachable, PlatformError propagates and
    nothing local is erased, so that the erasure can simply be retried.
    """
    platform = assistant.services.platform
    held = await _platform_data(assistant, sender_id)
    local_known = await to_thread.run_sync(known_sender, assistant.sessions, sender_id)
    if not local_known and not any(held.values()):
        return None
    report: dict[str, Any] = {"sender_id": sender_id, "cancelled_bookings": 0}
    if platform is not None:
        for booking in held["bookings"]:
            if booking["status"] != "confirmed":
                continue
            try:
                await platform.cancel(booking["id"])
                report["cancelled_bookings"] += 1
            except PlatformRejected as exc:  # already started, or gone: the erase deletes it
                log.info("booking %s not cancelled: %s", booking["id"], exc.code)
        try:
            report["platform"] = await platform.erase_candidate(sender_id)
        except PlatformRejected as exc:  # a platform without the erase endpoint
            report["platform"] = {"error": exc.code, "status": exc.status}
    key = pseudonym_key(assistant.settings)
    report.update(await to_thread.run_sync(_erase_local, assistant.sessions, sender_id, key))
    return report


def _erase_local(sessions: sessionmaker[Session], sender_id: str, key: bytes) -> dict[str, int]:
    alias = pseudonym(key, sender_id)
    with sessions.begin() as session:
        conversation_ids = select(Conversation.id).where(Conversation.sender_id == sender_id)
        counts = {
            "handoff_notes": session.execute(
                delete(HandoffNote).where(HandoffNote.conversation_id.in_(conversation_ids))
            ),
            "handoffs": session.execute(delete(Handoff).where(Handoff.sender_id == sender_id)),
            "events": session.execute(
                delete(ConversationEvent).where(
                    ConversationEvent.conversation_id.in_(conversation_ids)
                )
            ),
            "conversations": session.execute(
                delete(Conversation).where(Conversation.sender_id == sender_id)
            ),
            "candidates": session.execute(
                delete(Candidate).where(Candidate.sender_id == sender_id)
            ),
            "outbox": session.execute(
                delete(OutboxMessage).where(OutboxMessage.sender_id == sender_id)
            ),
            "pending_bookings": session.execute(
                delete(PendingBooking).where(PendingBooking.candidate_ref == sender_id)
            ),
            "unanswered_messages": session.execute(
                delete(InboxMessage).where(InboxMessage.sender_id == sender_id)
            ),
            "dead_letters": session.execute(
                delete(DeadLetter).where(DeadLetter.sender_id == sender_id)
            ),
        }
        result = {name: int(r.rowcount or 0) for name, r in counts.items()}  # type: ignore[attr-defined]
        entries = session.scalars(select(AuditEntry).where(AuditEntry.sender_id == sender_id)).all()
        for entry in entries:
            entry.sender_id = alias
            entry.detail = _scrub(entry.detail, sender_id, alias)
        result["audit_entries_pseudonymised"] = len(entries)
    return result


def _scrub(value: Any, sender_id: str, alias: str) -> Any:
    if isinstance(value, str):
        return value.replace(sender_id, alias)
    if isinstance(value, dict):
        return {k: _scrub(v, sender_id, alias) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, sender_id, alias) for v in value]
    return value


def months_before(now: datetime, months: int) -> datetime:
    """The same instant `months` calendar months earlier (day clamped to the month)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def inactive_senders(sessions: sessionmaker[Session], before: datetime) -> list[str]:
    """Senders whose last activity (last event, else creation) is before `before`."""
    last_event = (
        select(
            Conversation.sender_id.label("sender_id"),
            func.coalesce(func.max(ConversationEvent.created_at), Conversation.created_at).label(
                "at"
            ),
        )
        .outerjoin(ConversationEvent, ConversationEvent.conversation_id == Conversation.id)
        .group_by(Conversation.id, Conversation.sender_id, Conversation.created_at)
    )
    lone = select(
        Candidate.sender_id.label("sender_id"),
        func.coalesce(Candidate.updated_at, Candidate.created_at).label("at"),
    ).where(~select(Conversation.id).where(Conversation.sender_id == Candidate.sender_id).exists())
    activity = union_all(last_event, lone).subquery()
    query = (
        select(activity.c.sender_id)
        .group_by(activity.c.sender_id)
        .having(func.max(activity.c.at) < before)
        .order_by(activity.c.sender_id)
    )
    with sessions() as session:
        return list(session.scalars(query))


async def erase_inactive(
    assistant: Assistant, months: int, *, now: datetime | None = None
) -> list[str]:
    """Erases every sender inactive for more than `months`; returns their ids."""
    cutoff = months_before(now or utcnow(), months)
    senders = await to_thread.run_sync(inactive_senders, assistant.sessions, cutoff)
    erased: list[str] = []
    for sender_id in senders:
        if await erase_candidate(assistant, sender_id) is not None:
            erased.append(sender_id)
    return erased
