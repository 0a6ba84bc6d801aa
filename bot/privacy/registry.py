"""Where a person's data is held: the one list that erase, export and retention use.

Every table of the assistant's metadata is either listed in `HOLDINGS` (it can
hold a sender id, a phone number, a name or a message text, and says how to
find a person's rows) or in `NOTHING_PERSONAL` with the reason it holds no
candidate's data. `tests/security/test_erasure_registry.py` fails on a table
in neither, so a new table cannot be added without a decision.

The first name a channel gives (Telegram, WhatsApp's profile name, the widget's host
page: bot/dialogue/names.py) is the conversation's `first_name` slot: it is held in
`conversation_events.data`, exported, erased and swept with the person's events.

Outside the database: the platform's tables (erased through
`DELETE /v1/candidates/{ref}`, listed in `platform_server.candidates`), Redis
(lock keys are an HMAC of the sender, rate-limit keys a hash, both expire),
the logs (sender ids, phone numbers and e-mail addresses masked by
bot/privacy/redaction.py) and the widget's browser storage (cleared by the
widget on an erasure). `OTHER_STORES` says so, for the documentation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, Table, delete, func, select, union_all
from sqlalchemy.orm import Session

from bot.console.tables import (
    AuditEntry,
    CannedReply,
    ConsoleSession,
    ConversationLabel,
    Counsellor,
)
from bot.handoff.tables import Handoff, HandoffNote
from bot.settings import Settings
from bot.storage.models import (
    Base,
    Candidate,
    ChannelIdentity,
    Conversation,
    ConversationEvent,
    DeadLetter,
    InboxMessage,
    OutboxMessage,
)
from bot.storage.platform_tables import CandidateRef, PendingBooking

__all__ = [
    "AGE_LIMITS",
    "HOLDINGS",
    "NOTHING_PERSONAL",
    "OTHER_STORES",
    "AgeLimit",
    "Holding",
    "erase_rows",
    "export_rows",
    "holds_anything",
    "last_activity",
    "purge_expired",
]


@dataclass(frozen=True, slots=True)
class Holding:
    """A table that can hold something identifying a person."""

    table: Table
    #: its name in an export
    section: str
    #: its name in an erasure report (how many rows were erased or pseudonymised)
    counted_as: str
    #: the columns that can hold a sender id, phone number, name or message text
    personal: tuple[str, ...]
    #: the column holding the sender id; None when the rows belong to a parent's
    person: str | None = None
    #: (parent holding's table name, foreign-key column): the person's rows are those
    #: of the person's parent rows
    parent: tuple[str, str] | None = None
    #: erased: the rows are deleted; pseudonymised: kept, the sender id replaced by a
    #: keyed pseudonym everywhere in the `personal` columns (accountability)
    on_erase: Literal["delete", "pseudonymise"] = "delete"
    #: when the row was written: the person's activity for the retention sweep
    written_at: str | None = None
    #: an export gives the one row (or null) instead of a list
    single: bool = False


def _t(model: Any) -> Table:
    table: Table = model.__table__
    return table


#: children before their parents (their rows are found through the parent's).
HOLDINGS: tuple[Holding, ...] = (
    Holding(
        _t(ConversationEvent),
        "events",
        "events",
        ("data", "message_id"),
        parent=("conversations", "conversation_id"),
        written_at="created_at",
    ),
    Holding(
        _t(HandoffNote),
        "handoff_notes",
        "handoff_notes",
        ("text",),
        parent=("conversations", "conversation_id"),
        written_at="created_at",
    ),
    Holding(
        _t(ConversationLabel),
        "conversation_labels",
        "conversation_labels",
        ("label",),
        parent=("conversations", "conversation_id"),
    ),
    Holding(
        _t(Handoff),
        "handoffs",
        "handoffs",
        ("sender_id", "profile"),
        "sender_id",
        written_at="created_at",
    ),
    Holding(
        _t(Conversation),
        "conversation",
        "conversations",
        ("sender_id",),
        "sender_id",
        written_at="created_at",
        single=True,
    ),
    Holding(
        _t(ChannelIdentity),
        "channel_identities",
        "channel_identities",
        ("external_id",),
        parent=("candidates", "candidate_id"),
    ),
    Holding(
        _t(Candidate),
        "candidate",
        "candidates",
        ("sender_id", "profile", "consent_text"),
        "sender_id",
        written_at="updated_at",
        single=True,
    ),
    Holding(
        _t(OutboxMessage),
        "outbox",
        "outbox",
        ("sender_id", "payload", "dedupe_key", "last_error"),
        "sender_id",
        written_at="created_at",
    ),
    Holding(
        _t(InboxMessage),
        "unanswered_messages",
        "unanswered_messages",
        ("sender_id", "text", "message_id"),
        "sender_id",
        written_at="received_at",
    ),
    Holding(
        _t(DeadLetter),
        "set_aside_messages",
        "dead_letters",
        ("sender_id", "text", "message_id"),
        "sender_id",
        written_at="received_at",
    ),
    Holding(
        _t(PendingBooking),
        "pending_bookings",
        "pending_bookings",
        ("candidate_ref", "last_error"),
        "candidate_ref",
        written_at="created_at",
    ),
    Holding(
        _t(CandidateRef),
        "candidate_refs",
        "candidate_refs",
        ("sender_id", "ref"),
        "sender_id",
        written_at="created_at",
    ),
    Holding(
        _t(AuditEntry),
        "console_access_log",
        "audit_entries_pseudonymised",
        ("sender_id", "detail"),
        "sender_id",
        on_erase="pseudonymise",
    ),
)

#: the tables that hold no candidate's data, and why.
NOTHING_PERSONAL: dict[str, str] = {
    _t(Counsellor).name: "staff accounts (e-mail, first name), managed with `autonomie console`",
    _t(ConsoleSession).name: "a login's token hash and expiry, no candidate data",
    _t(CannedReply).name: "a team's ready-made answers, written by counsellors",
}

#: stores outside the database, and how a person's data leaves them.
OTHER_STORES: dict[str, str] = {
    "platform": "DELETE /v1/candidates/{ref}: bookings, immersion requests, idempotency keys",
    "redis": "no sender id in clear: lock keys are an HMAC, rate-limit keys a hash; they expire",
    "logs": "sender ids, phone numbers and e-mail addresses masked (bot/privacy/redaction.py)",
    "browser": "the widget clears its transcript and id from localStorage on an erasure",
}


@dataclass(frozen=True, slots=True)
class AgeLimit:
    """Rows deleted once older than a setting, whoever they concern."""

    table: Table
    #: its name in the retention report
    name: str
    #: the row's date
    column: str
    #: the Settings field giving the age in days; None: as soon as the date is past
    setting: str | None
    #: which rows of the table (None: all)
    only: Callable[[Table], ColumnElement[bool]] | None = None


#: tables that would grow without bound; `autonomie retention` applies these.
AGE_LIMITS: tuple[AgeLimit, ...] = (
    AgeLimit(
        _t(AuditEntry),
        "console_login_failures",
        "at",
        "login_failure_retention_days",
        lambda t: t.c.action == "login_failed",
    ),
    AgeLimit(
        _t(AuditEntry),
        "console_audit",
        "at",
        "audit_retention_days",
        lambda t: t.c.action != "login_failed",
    ),
    AgeLimit(
        _t(OutboxMessage),
        "outbox_sent",
        "created_at",
        "outbox_retention_days",
        lambda t: t.c.status != "pending",
    ),
    AgeLimit(_t(ConsoleSession), "console_sessions_expired", "expires_at", None),
)

_BY_NAME = {h.table.name: h for h in HOLDINGS}


def _rows_of(holding: Holding, sender_id: str) -> ColumnElement[bool]:
    """The condition selecting the person's rows of `holding`."""
    if holding.person is not None:
        return holding.table.c[holding.person] == sender_id
    assert holding.parent is not None
    parent = _BY_NAME[holding.parent[0]]
    ids = select(parent.table.c.id).where(_rows_of(parent, sender_id))
    return holding.table.c[holding.parent[1]].in_(ids.scalar_subquery())


def holds_anything(session: Session, sender_id: str) -> bool:
    """Is any row of the registry the person's?"""
    return any(
        session.scalar(select(h.table.c[h.person]).where(_rows_of(h, sender_id)).limit(1))
        is not None
        for h in HOLDINGS
        if h.person is not None
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def export_rows(session: Session, sender_id: str) -> dict[str, Any]:
    """Every row held on the person, by section (JSON-ready)."""
    out: dict[str, Any] = {}
    for holding in HOLDINGS:
        table = holding.table
        rows = [
            {k: _plain(v) for k, v in row.items() if k != "ip"}
            for row in session.execute(
                select(table).where(_rows_of(holding, sender_id)).order_by(table.c.id)
            ).mappings()
        ]
        out[holding.section] = (rows[0] if rows else None) if holding.single else rows
    return out


def _scrub(value: Any, sender_id: str, alias: str) -> Any:
    if isinstance(value, str):
        return value.replace(sender_id, alias)
    if isinstance(value, dict):
        return {k: _scrub(v, sender_id, alias) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, sender_id, alias) for v in value]
    return value


def erase_rows(session: Session, sender_id: str, alias: str) -> dict[str, int]:
    """Deletes (or pseudonymises with `alias`) every row held on the person; counts."""
    counts: dict[str, int] = {}
    for holding in HOLDINGS:
        table = holding.table
        where = _rows_of(holding, sender_id)
        if holding.on_erase == "delete":
            result = session.execute(delete(table).where(where))
            counts[holding.counted_as] = int(result.rowcount or 0)  # type: ignore[attr-defined]
            continue
        rows = session.execute(select(table).where(where)).mappings().all()
        for row in rows:
            values = {c: _scrub(row[c], sender_id, alias) for c in holding.personal}
            session.execute(table.update().where(table.c.id == row["id"]).values(**values))
        counts[holding.counted_as] = len(rows)
    return counts


def _activity(holding: Holding) -> Select[Any] | None:
    """(sender id, when written) of every row of `holding` that marks activity."""
    if holding.written_at is None or holding.on_erase != "delete":
        return None
    table = holding.table
    at = table.c[holding.written_at].label("at")
    if holding.person is not None:
        return select(table.c[holding.person].label("sender_id"), at)
    assert holding.parent is not None
    parent = _BY_NAME[holding.parent[0]]
    assert parent.person is not None
    return select(parent.table.c[parent.person].label("sender_id"), at).join(
        parent.table, table.c[holding.parent[1]] == parent.table.c.id
    )


def last_activity(before: datetime) -> Select[Any]:
    """The senders whose newest row anywhere in the registry was written before `before`."""
    parts = [q for q in (_activity(h) for h in HOLDINGS) if q is not None]
    activity = union_all(*parts).subquery()
    return (
        select(activity.c.sender_id)
        .group_by(activity.c.sender_id)
        .having(func.max(activity.c.at) < before)
        .order_by(activity.c.sender_id)
    )


def purge_expired(
    session: Session, settings: Settings, now: datetime, *, dry_run: bool = False
) -> dict[str, int]:
    """Deletes (or only counts) the rows past their AGE_LIMITS; how many, by name."""
    counts: dict[str, int] = {}
    for limit in AGE_LIMITS:
        days = 0 if limit.setting is None else int(getattr(settings, limit.setting))
        where = limit.table.c[limit.column] < now - timedelta(days=days)
        if limit.only is not None:
            where = where & limit.only(limit.table)
        if dry_run:
            found = session.scalar(select(func.count()).select_from(limit.table).where(where))
            counts[limit.name] = int(found or 0)
        else:
            result = session.execute(delete(limit.table).where(where))
            counts[limit.name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return counts


def metadata_tables() -> set[str]:
    """Every table of the assistant's metadata."""
    return set(Base.metadata.tables)
