"""Erase or export everything held on one person (RGPD), and the retention sweep.

The tables that can hold a person's data, and how to find their rows, are
listed once in bot/privacy/registry.py; erase, export and retention go through
it. On the platform: the bookings and immersion requests of the person's
`candidate_ref`, and the stored Idempotency-Key answers that name them. Console
audit entries are kept (accountability) with the sender id replaced by a keyed
pseudonym.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from sqlalchemy.orm import Session, sessionmaker

from bot.platform.errors import PlatformRejected
from bot.privacy.registry import (
    erase_rows,
    export_rows,
    holds_anything,
    last_activity,
    purge_expired,
)
from bot.pseudonym import pseudonym, pseudonym_key
from bot.settings import Settings
from bot.storage.models import utcnow

if TYPE_CHECKING:
    from bot.assistant import Assistant

__all__ = [
    "erase_candidate",
    "erase_inactive",
    "erase_local",
    "export_candidate",
    "inactive_senders",
    "known_sender",
    "months_before",
    "purge_old",
]

log = logging.getLogger(__name__)


def known_sender(sessions: sessionmaker[Session], sender_id: str) -> bool:
    """Anything held locally on this sender (the registry's tables, audit included:
    the conversation is gone already when the erase comes from the chat itself)?"""
    with sessions() as session:
        return holds_anything(session, sender_id)


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
        rows = export_rows(session, sender_id)
    return {
        "tracker": tracker.as_dict() if tracker is not None else None,
        "slots": dict(tracker.slots) if tracker is not None else {},
        **rows,
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
    report.update(await to_thread.run_sync(erase_local, assistant.sessions, sender_id, key))
    return report


def erase_local(sessions: sessionmaker[Session], sender_id: str, key: bytes) -> dict[str, int]:
    """Erases the person's rows of every table of the registry (audit: pseudonymised)."""
    with sessions.begin() as session:
        return erase_rows(session, sender_id, pseudonym(key, sender_id))


def months_before(now: datetime, months: int) -> datetime:
    """The same instant `months` calendar months earlier (day clamped to the month)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def inactive_senders(sessions: sessionmaker[Session], before: datetime) -> list[str]:
    """Senders whose newest row in any table of the registry is older than `before`."""
    with sessions() as session:
        return list(session.scalars(last_activity(before)))


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


def purge_old(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Deletes the rows past their age limit (registry.AGE_LIMITS): old audit entries,
    failed logins, sent outbox messages, expired console sessions."""
    with sessions.begin() as session:
        return purge_expired(session, settings, now or utcnow(), dry_run=dry_run)
