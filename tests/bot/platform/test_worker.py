"""Reminders: one per booking of tomorrow's events, even with two workers at once."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.platform.client import PlatformClient
from bot.platform.pending import PendingBookings
from bot.platform.refs import CandidateRefs
from bot.platform_cli import platform_app
from bot.platform_worker import WorkerReport, run_worker_once
from bot.secret import app_secret
from bot.settings import Settings, get_settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import Conversation, OutboxMessage
from platform_api.models import PARIS
from tests.embedded_platform import InProcessPlatform
from tests.platform_fixtures import NATIONAL_KEY, PlatformDb, free_port, paris_today


async def run_worker_inprocess(settings: Settings) -> WorkerReport:
    """A worker pass whose client reaches the platform server in this process
    (its migrations already applied by the fixtures: Alembic is not thread-safe)."""
    transport = InProcessPlatform(settings.database_url, NATIONAL_KEY, migrate=False)
    engine = make_engine(settings.database_url)
    try:
        sessions = make_session_factory(engine)
        async with PlatformClient.from_settings(
            settings, transport=transport, refs=CandidateRefs(app_secret(settings), sessions)
        ) as client:
            return await run_worker_once(settings, client=client)
    finally:
        engine.dispose()


def talk(platform_db: PlatformDb, **channels: str) -> None:
    with platform_db.sessions.begin() as session:
        for sender, channel in channels.items():
            session.add(Conversation(sender_id=sender, channel=channel))


async def test_reminders_are_queued_once_even_when_two_workers_run_together(
    platform_db: PlatformDb, platform_settings: Settings, inprocess: InProcessPlatform
) -> None:
    tomorrow = datetime.combine(paris_today() + timedelta(days=1), time(10), PARIS)
    platform_db.add_event("evt_tomorrow", tomorrow, title="[DÉMO] Job dating aide à domicile")
    platform_db.add_event("evt_later", tomorrow + timedelta(days=1))
    talk(platform_db, fatou="telegram", paul="twilio", lea="rest")
    refs = CandidateRefs(app_secret(platform_settings), platform_db.sessions)
    async with PlatformClient.from_settings(
        platform_settings, transport=inprocess, refs=refs
    ) as client:
        fatou = await client.book("evt_tomorrow", "fatou", "r1")
        paul = await client.book("evt_tomorrow", "paul", "r2")
        await client.book("evt_later", "fatou", "r3")
        lea = await client.book("evt_tomorrow", "lea", "r4")
        await client.cancel(lea.id)
        await client.book("evt_tomorrow", "stranger", "r5")  # no conversation here

    barrier = threading.Barrier(2)
    reports: list[WorkerReport] = []

    def worker() -> None:
        barrier.wait()
        reports.append(asyncio.run(run_worker_inprocess(platform_settings)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    with platform_db.sessions() as session:
        queued = session.scalars(select(OutboxMessage).order_by(OutboxMessage.sender_id)).all()
    assert [(m.sender_id, m.channel, m.dedupe_key) for m in queued] == [
        ("fatou", "telegram", f"reminder:{fatou.id}"),
        ("paul", "twilio", f"reminder:{paul.id}"),
    ]
    text = queued[0].payload["text"]
    assert text.startswith("Rappel : demain") and "Job dating aide à domicile" in text
    assert "10h00" in text and queued[0].payload["kind"] == "event_reminder"
    assert sorted(r.reminders.queued for r in reports) in ([0, 2], [1, 1])
    assert sum(r.reminders.already_queued for r in reports) == 2
    assert all(r.reminders.no_channel == 1 and not r.errors for r in reports)

    again = await run_worker_inprocess(platform_settings)
    assert again.reminders.queued == 0 and again.reminders.already_queued == 2


async def test_the_worker_survives_a_platform_outage(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    down = platform_settings.model_copy(
        update={
            "platform_url": f"http://127.0.0.1:{free_port()}",
            "platform_attempts": 1,
            "platform_timeout_s": 1.0,
        }
    )
    pending = PendingBookings(platform_db.sessions)
    pending.queue("fatou", "evt_demo33_000", "intent-1")
    report = await run_worker_once(down)
    assert [r.outcome for r in report.bookings] == ["retry_later"]
    assert len(report.errors) == 1 and "reminders" in report.errors[0]
    assert pending.depth() == 1


def test_the_platform_worker_tells_the_candidate_how_a_queued_booking_ended(
    platform_db: PlatformDb, platform_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`autonomie platform worker` makes a booking queued during an outage and queues
    the result for the candidate, on their channel, as `autonomie worker` does."""
    talk(platform_db, **{"sms:+33611111111": "sms", "tg:42": "telegram"})
    platform_db.set_seats("evt_demo33_001", 0)
    pending = PendingBookings(platform_db.sessions)
    pending.queue("sms:+33611111111", "evt_demo33_000", "intent-booked")
    pending.queue("tg:42", "evt_demo33_001", "intent-full")
    monkeypatch.setenv("AUTONOMIE_DATABASE_URL", platform_db.url)
    monkeypatch.setenv("AUTONOMIE_PLATFORM_API_KEY", NATIONAL_KEY)
    monkeypatch.setenv("AUTONOMIE_LOAD_MODELS", "false")
    get_settings.cache_clear()
    try:
        for _ in range(2):  # a second pass tells nobody twice
            result = CliRunner().invoke(platform_app, ["worker"])
            assert result.exit_code == 0, result.output
    finally:
        get_settings.cache_clear()

    with platform_db.sessions() as session:
        stored = session.scalars(select(OutboxMessage).order_by(OutboxMessage.sender_id)).all()
    # the booking's reminder may be due too (the first demo event is close): the
    # result itself is told once, on the candidate's channel
    queued = [m for m in stored if m.payload["kind"] == "booking_result"]
    assert [(m.sender_id, m.channel, m.payload["kind"]) for m in queued] == [
        ("sms:+33611111111", "sms", "booking_result"),
        ("tg:42", "telegram", "booking_result"),
    ]
    event = platform_db.event("evt_demo33_000")
    assert queued[0].payload["text"].startswith("Bonne nouvelle")
    assert event.title in queued[0].payload["text"]
    assert "pas pu faire votre inscription" in queued[1].payload["text"]
    assert pending.depth() == 0
