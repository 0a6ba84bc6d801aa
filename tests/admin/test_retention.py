"""Retention: candidates inactive for longer than retention_months are erased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.privacy.erasure import erase_inactive, months_before
from bot.settings import Settings, get_settings
from bot.storage.models import Candidate, Conversation, ConversationEvent
from tests.admin.helpers import assistant, count
from tests.handoff.helpers import say


def _age(client: TestClient, sender: str, days: int) -> None:
    then = datetime.now(UTC) - timedelta(days=days)
    with assistant(client).sessions.begin() as session:
        ids = session.query(Conversation.id).filter(Conversation.sender_id == sender)
        session.execute(
            update(ConversationEvent)
            .where(ConversationEvent.conversation_id.in_(ids.scalar_subquery()))
            .values(created_at=then)
        )
        session.execute(
            update(Conversation).where(Conversation.sender_id == sender).values(created_at=then)
        )


def test_months_before_clamps_the_day() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 11, 23, tzinfo=UTC), 24) == datetime(
        2024, 11, 23, tzinfo=UTC
    )


def test_inactive_candidates_are_erased_and_active_ones_kept(client: TestClient) -> None:
    for sender in ("web:old", "web:recent", "web:borderline"):
        say(client, sender, "bonjour")
    _age(client, "web:old", 25 * 31)
    _age(client, "web:borderline", 23 * 30)
    with assistant(client).sessions.begin() as session:  # a lone, old candidate row
        old = datetime.now(UTC) - timedelta(days=900)
        session.add(Candidate(sender_id="sms:lone", created_at=old, updated_at=old))
    portal = client.portal
    assert portal is not None
    erased = portal.call(erase_inactive, assistant(client), 24)
    assert sorted(erased) == ["sms:lone", "web:old"]
    with assistant(client).sessions() as session:
        left = set(session.scalars(select(Conversation.sender_id)))
    assert left == {"web:recent", "web:borderline"}
    assert count(client, Candidate, Candidate.sender_id == "sms:lone") == 0


def test_retention_command(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    say(client, "web:old", "bonjour")
    say(client, "web:new", "bonjour")
    _age(client, "web:old", 400)
    monkeypatch.setenv("AUTONOMIE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("AUTONOMIE_API_TOKEN", "test-token")
    get_settings.cache_clear()
    try:
        dry = CliRunner().invoke(cli, ["retention", "--months", "12", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "would erase 1 candidate" in dry.output
        done = CliRunner().invoke(cli, ["retention", "--months", "12"])
        assert done.exit_code == 0, done.output
        assert "erased 1 candidate(s) inactive for more than 12 months" in done.output
        kept = CliRunner().invoke(cli, ["retention"])  # default: 24 months
        assert "erased 0 candidate" in kept.output
    finally:
        get_settings.cache_clear()
    assert count(client, Conversation) == 1


def test_retention_deletes_old_audit_entries_failed_logins_and_sent_messages(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """These tables grew without bound (issue 18): the audit log, the failed logins
    (typed e-mails and IP addresses) and every message ever sent."""
    from bot.console.tables import AuditEntry, ConsoleSession, Counsellor
    from bot.storage.models import OutboxMessage

    now = datetime.now(UTC)

    def ago(days: int) -> datetime:
        return now - timedelta(days=days)

    with assistant(client).sessions.begin() as session:
        session.execute(delete(AuditEntry))
        session.add_all(
            [
                AuditEntry(at=ago(400), actor="nadia", action="read_conversation", detail={}),
                AuditEntry(at=ago(300), actor="nadia", action="read_conversation", detail={}),
                AuditEntry(at=ago(40), actor="x@example.org", action="login_failed", ip="1.2.3.4"),
                AuditEntry(at=ago(2), actor="y@example.org", action="login_failed", ip="1.2.3.4"),
            ]
        )
        someone = session.scalars(select(Counsellor.id)).first()
        assert someone is not None
        session.add(
            ConsoleSession(id="old", counsellor_id=someone, csrf_token="x", expires_at=ago(1))
        )
        for days, status in ((40, "sent"), (40, "dropped"), (40, "pending"), (5, "sent")):
            session.add(
                OutboxMessage(
                    sender_id=f"web:{status}{days}",
                    channel="rest",
                    payload={"text": "rappel"},
                    status=status,
                    created_at=ago(days),
                )
            )
    monkeypatch.setenv("AUTONOMIE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("AUTONOMIE_API_TOKEN", "test-token")
    get_settings.cache_clear()
    try:
        dry = CliRunner().invoke(cli, ["retention", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "would delete old rows: console_login_failures 1, console_audit 1" in dry.output
        assert "outbox_sent 2, console_sessions_expired 1" in dry.output
        done = CliRunner().invoke(cli, ["retention"])
        assert done.exit_code == 0, done.output
        assert "deleted old rows: console_login_failures 1, console_audit 1" in done.output
    finally:
        get_settings.cache_clear()
    with assistant(client).sessions() as session:
        kept = session.execute(select(AuditEntry.action, AuditEntry.actor)).all()
        outbox = set(session.scalars(select(OutboxMessage.sender_id)))
        expired = session.scalar(
            select(func.count()).select_from(ConsoleSession).where(ConsoleSession.expires_at < now)
        )
    assert sorted(kept) == [("login_failed", "y@example.org"), ("read_conversation", "nadia")]
    assert outbox == {"web:pending40", "web:sent5"}
    assert expired == 0
