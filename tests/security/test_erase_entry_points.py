"""An erasure asked in the chat erases everywhere, whatever the entry point (issue 18).

Telegram polling and the terminal chat build the assistant without the web app:
the erase-everywhere listener used to be wired in the app only, so an erase
from there left the console's audit entries with the raw sender id.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.app import build_assistant
from bot.console.audit import AuditLog
from bot.console.tables import AuditEntry
from bot.settings import Settings
from channels.messages import UserMessage
from platform_server.seed import seed_demo
from tests.embedded_platform import InProcessPlatform, pointed

SENDER = "tg:424242"


async def test_an_erase_from_telegram_polling_reaches_the_platform_and_the_audit(
    settings: Settings,
) -> None:
    """The processor erases the local rows itself; the platform's (bookings, the person's
    record) only the listener the composition root wires erases."""
    assistant = build_assistant(  # what `autonomie telegram poll` does
        pointed(settings), platform_transport=InProcessPlatform(settings.database_url)
    )
    try:
        platform = assistant.services.platform
        assert platform is not None
        seed_demo(assistant.sessions, date.today())
        event = next(e for e in await platform.search_events(44.84, -0.58, radius_km=50))
        await platform.book(event.id, SENDER, f"{SENDER}:{event.id}")
        await assistant.processor.handle(UserMessage(SENDER, "bonjour", "telegram"))
        AuditLog(assistant.sessions).record("read_conversation", actor="nadia", sender_id=SENDER)
        await assistant.processor.handle(UserMessage(SENDER, "/delete_data", "telegram"))
        replies = await assistant.processor.handle(UserMessage(SENDER, "/affirm", "telegram"))
        assert any("effacé" in (r.text or "") for r in replies)
        with assistant.sessions() as session:
            held = session.scalars(select(AuditEntry.sender_id)).all()
        assert held and SENDER not in held
        assert await platform.bookings(SENDER) == []
    finally:
        await assistant.aclose()


async def test_an_erase_from_the_console_or_the_api_deletes_dead_letters(
    settings: Settings,
) -> None:
    """A message set aside (dead letter) keeps its text; the admin API, the console and
    the retention job erase through erase_candidate, which left it behind."""
    from bot.privacy import erase_candidate, export_candidate
    from bot.storage.models import DeadLetter, utcnow

    sender = "sms:+33612345678"
    assistant = build_assistant(settings)
    try:
        with assistant.sessions.begin() as session:
            session.add(
                DeadLetter(
                    sender_id=sender,
                    channel="sms",
                    message_id="SM1",
                    text="Je suis Fatou Diallo",
                    reason="budget",
                    failures=2,
                    received_at=utcnow(),
                )
            )
        exported = await export_candidate(assistant, sender)
        assert exported is not None and exported["set_aside_messages"][0]["text"]
        report = await erase_candidate(assistant, sender)
        assert report is not None and report["dead_letters"] == 1
        with assistant.sessions() as session:
            assert session.scalars(select(DeadLetter)).all() == []
    finally:
        await assistant.aclose()
