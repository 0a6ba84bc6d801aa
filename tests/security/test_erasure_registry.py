"""The erasure registry (bot/privacy/registry.py) covers every table (issue 18).

A table added to the metadata without saying whether it holds a person's data
fails here; a row of the person in every table of the registry is exported,
then erased with nothing identifying left in any column of the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import platform_server.tables as platform_tables
from bot.console.tables import AuditEntry, ConversationLabel
from bot.dialogue.events import UserUttered
from bot.handoff.tables import Handoff, HandoffNote
from bot.privacy.erasure import erase_local, export_candidate, inactive_senders
from bot.privacy.registry import HOLDINGS, NOTHING_PERSONAL, metadata_tables
from bot.pseudonym import pseudonym
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory, upgrade
from bot.storage.models import (
    Candidate,
    ChannelIdentity,
    Conversation,
    ConversationEvent,
    DeadLetter,
    InboxMessage,
    OutboxMessage,
)
from bot.storage.platform_tables import CandidateRef, PendingBooking
from platform_server.candidates import ERASED
from platform_server.candidates import NOTHING_PERSONAL as PLATFORM_NOTHING
from tests.security.leftovers import leftovers

PHONE = "+33612345678"
SENDER = f"sms:{PHONE}"
NAME = "Fatou Diallo"
OTHER = "sms:+33699999999"
KEY = b"k" * 32


def test_every_table_of_the_assistant_is_in_the_registry_or_declared_impersonal() -> None:
    held = [h.table.name for h in HOLDINGS]
    assert len(held) == len(set(held)), "a table is listed twice"
    tables = metadata_tables()
    undecided = tables - set(held) - set(NOTHING_PERSONAL)
    assert not undecided, f"say whether these hold a person's data: {sorted(undecided)}"
    assert not set(held) & set(NOTHING_PERSONAL)
    assert set(held) | set(NOTHING_PERSONAL) <= tables  # no stale entry


def test_every_table_of_the_platform_is_erased_or_declared_impersonal() -> None:
    tables = set(platform_tables.Base.metadata.tables)
    assert tables == set(ERASED) | set(PLATFORM_NOTHING)
    assert not set(ERASED) & set(PLATFORM_NOTHING)


def test_each_holding_names_real_columns_and_comes_before_its_parent() -> None:
    order = [h.table.name for h in HOLDINGS]
    for holding in HOLDINGS:
        columns = set(holding.table.c.keys())
        assert set(holding.personal) <= columns, holding.section
        assert (holding.person is None) != (holding.parent is None), holding.section
        if holding.person is not None:
            assert holding.person in columns
        if holding.parent is not None:
            parent, key = holding.parent
            assert key in columns
            assert order.index(holding.table.name) < order.index(parent), holding.section
        if holding.written_at is not None:
            assert holding.written_at in columns


def _seed(sender: str, at: datetime, name: str = "Awa Kone") -> Callable[[Any], None]:
    """One row of `sender` in every table of the registry."""

    phone = sender.removeprefix("sms:")

    def seed(session: Any) -> None:
        conversation = Conversation(sender_id=sender, channel="sms", created_at=at)
        candidate = Candidate(sender_id=sender, profile={"nom": name}, updated_at=at, created_at=at)
        session.add_all([conversation, candidate])
        session.flush()
        rows: dict[str, Any] = {
            "conversation_events": ConversationEvent(
                conversation_id=conversation.id,
                seq=0,
                type_name="user",
                created_at=at,
                data=UserUttered(text=f"je suis {name}, mon numéro {phone}").as_dict(),
            ),
            "handoff_notes": HandoffNote(
                conversation_id=conversation.id,
                team="33",
                author_name="Nadia",
                text=f"rappeler {name}",
                created_at=at,
            ),
            "conversation_labels": ConversationLabel(
                conversation_id=conversation.id, team="33", label="à rappeler", created_by="Nadia"
            ),
            "handoffs": Handoff(
                conversation_id=conversation.id,
                sender_id=sender,
                channel="sms",
                team="33",
                reason="asked",
                profile={"nom": name},
                created_at=at,
            ),
            "channel_identities": ChannelIdentity(
                candidate_id=candidate.id, channel="sms", external_id=phone
            ),
            "outbox": OutboxMessage(
                sender_id=sender, channel="sms", payload={"text": f"Bonjour {name}"}, created_at=at
            ),
            "inbox": InboxMessage(
                sender_id=sender, channel="sms", message_id="SM1", text=name, received_at=at
            ),
            "dead_letters": DeadLetter(
                sender_id=sender,
                channel="sms",
                message_id="SM2",
                text=name,
                reason="budget",
                failures=2,
                received_at=at,
            ),
            "pending_bookings": PendingBooking(
                idempotency_key=f"book-{sender}-1",
                candidate_ref=sender,
                event_id="evt",
                created_at=at,
            ),
            "candidate_refs": CandidateRef(ref=f"c_{sender[-8:]}", sender_id=sender, created_at=at),
            "console_audit": AuditEntry(
                actor="nadia",
                action="read_conversation",
                sender_id=sender,
                detail={"about": sender},
            ),
        }
        covered = {"conversations", "candidates", *rows}
        assert covered == {h.table.name for h in HOLDINGS}, "seed a row in every holding"
        session.add_all(rows.values())

    return seed


def _assistant(settings: Settings) -> Any:
    from bot.app import build_assistant

    return build_assistant(settings.model_copy(update={"platform_url": None}))


async def test_a_person_seeded_in_every_holding_is_exported_then_erased(
    settings: Settings,
) -> None:
    assistant = _assistant(settings)
    try:
        now = datetime.now(UTC)
        with assistant.sessions.begin() as session:
            _seed(SENDER, now, NAME)(session)
        with assistant.sessions.begin() as session:
            _seed(OTHER, now)(session)
        exported = await export_candidate(assistant, SENDER)
        assert exported is not None
        for holding in HOLDINGS:
            assert exported[holding.section], f"{holding.section} is missing from the export"
        assert OTHER not in str(exported)

        report = erase_local(assistant.sessions, SENDER, KEY)
        assert report["audit_entries_pseudonymised"] == 1
        assert leftovers(assistant.engine, [SENDER, PHONE, PHONE[1:], NAME]) == []
        assert ("console_audit", "sender_id", pseudonym(KEY, SENDER)) in leftovers(
            assistant.engine, [pseudonym(KEY, SENDER)]
        )
        # the other person is untouched
        assert await export_candidate(assistant, OTHER) is not None
    finally:
        await assistant.aclose()


def test_retention_sees_the_activity_of_every_holding(database_url: str) -> None:
    """A sender known only from a dead letter (or any other holding) is found when old,
    and kept while any of their rows is recent."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        sessions = make_session_factory(engine)
        old = datetime.now(UTC) - timedelta(days=800)
        with sessions.begin() as session:
            _seed("sms:+33600000001", old)(session)
            session.add(
                DeadLetter(
                    sender_id="sms:+33600000002",
                    channel="sms",
                    message_id="x",
                    text="x",
                    reason="budget",
                    failures=2,
                    received_at=old,
                )
            )
            _seed("sms:+33600000003", old)(session)
            session.add(
                InboxMessage(sender_id="sms:+33600000003", channel="sms", message_id="y", text="y")
            )
        cutoff = datetime.now(UTC) - timedelta(days=700)
        assert inactive_senders(sessions, cutoff) == ["sms:+33600000001", "sms:+33600000002"]
    finally:
        engine.dispose()
