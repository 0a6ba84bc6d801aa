"""candidate_ref is a keyed pseudonym: the platform never sees a phone number (issue 18).

It used to be the sender id, so an SMS candidate's phone number was stored in
the platform's bookings, immersion requests and idempotency answers, and sent
in its URLs.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from bot.platform.client import PlatformClient
from bot.platform.refs import CandidateRefs
from bot.platform_worker import queue_reminders
from bot.privacy.erasure import erase_local
from bot.secret import app_secret
from bot.settings import Settings
from bot.storage.models import Conversation, OutboxMessage
from bot.storage.outbox import Outbox
from bot.storage.platform_tables import CandidateRef
from platform_api.models import PARIS
from platform_server.tables import (
    PlatformBooking,
    PlatformIdempotencyKey,
    PlatformImmersionRequest,
)
from tests.embedded_platform import InProcessPlatform
from tests.platform_fixtures import PlatformDb, paris_today
from tests.security.leftovers import leftovers

PHONE = "+33612345678"
SENDER = f"sms:{PHONE}"


def _refs(platform_db: PlatformDb, settings: Settings) -> CandidateRefs:
    return CandidateRefs(app_secret(settings), platform_db.sessions)


def test_the_pseudonym_is_keyed_stable_and_not_the_lock_key() -> None:
    one, other = CandidateRefs(b"a" * 32), CandidateRefs(b"b" * 32)
    assert one.ref(SENDER) == one.ref(SENDER) != one.ref("sms:+33612345679")
    assert one.ref(SENDER) != other.ref(SENDER)
    ref = one.ref(SENDER)
    assert ref.startswith("c_") and len(ref) == 34 and PHONE[1:] not in ref
    import hashlib
    import hmac

    lock_key = hmac.new(b"a" * 32, SENDER.encode(), hashlib.sha256).hexdigest()[:32]
    assert lock_key not in ref


async def test_the_platform_holds_no_phone_number_and_reminders_still_reach_the_person(
    platform_db: PlatformDb, platform_settings: Settings, inprocess: InProcessPlatform
) -> None:
    tomorrow = datetime.combine(paris_today() + timedelta(days=1), time(10), PARIS)
    platform_db.add_event("evt_tomorrow", tomorrow)
    with platform_db.sessions.begin() as session:
        session.add(Conversation(sender_id=SENDER, channel="sms"))
    refs = _refs(platform_db, platform_settings)
    async with PlatformClient.from_settings(
        platform_settings, transport=inprocess, refs=refs
    ) as client:
        booking = await client.book("evt_tomorrow", SENDER, "book-1")
        request = await client.request_immersion(
            SENDER, "aes", "Mérignac", departement="33", period_text="en janvier"
        )
        # the assistant sees its sender id; the platform, the pseudonym
        assert booking.candidate_ref == SENDER and request.candidate_ref == SENDER
        assert [b.id for b in await client.bookings(SENDER)] == [booking.id]
        assert [r.id for r in await client.immersion_requests(SENDER)] == [request.id]
        with platform_db.sessions() as session:
            stored = session.scalars(select(PlatformBooking.candidate_ref)).all()
        assert refs.ref(SENDER) in stored
        platform_tables = (PlatformBooking, PlatformImmersionRequest, PlatformIdempotencyKey)
        names = {t.__tablename__ for t in platform_tables}
        engine = platform_db.sessions.kw["bind"]
        hits = [h for h in leftovers(engine, [PHONE, PHONE[1:]]) if h[0] in names]
        assert hits == []

        report = await queue_reminders(client, Outbox(platform_db.sessions), _channel_of)
        assert report.queued == 1
        with platform_db.sessions() as session:
            reminded = session.scalars(select(OutboxMessage.sender_id)).all()
        assert reminded == [SENDER]


def _channel_of(sender_id: str) -> str | None:
    return "sms" if sender_id == SENDER else None


async def test_an_erasure_reaches_the_platform_under_the_pseudonym_and_forgets_it(
    platform_db: PlatformDb, platform_settings: Settings, inprocess: InProcessPlatform
) -> None:
    refs = _refs(platform_db, platform_settings)
    async with PlatformClient.from_settings(
        platform_settings, transport=inprocess, refs=refs
    ) as client:
        await client.book("evt_demo33_000", SENDER, "book-2")
        report = await client.erase_candidate(SENDER)
        assert report["bookings_deleted"] == 1 and report["idempotency_keys_deleted"] == 1
        assert await client.bookings(SENDER, include_past=True, include_cancelled=True) == []
    erase_local(platform_db.sessions, SENDER, b"k")
    with platform_db.sessions() as session:
        assert session.scalars(select(CandidateRef)).all() == []
        assert session.scalars(select(PlatformBooking)).all() == []


async def test_an_erasure_reaches_the_pseudonyms_of_an_earlier_key(
    platform_db: PlatformDb, platform_settings: Settings, inprocess: InProcessPlatform
) -> None:
    """The secret changed: the stored mapping still names the person's old bookings."""
    old = CandidateRefs(b"old-key" * 5, platform_db.sessions)
    async with PlatformClient.from_settings(
        platform_settings, transport=inprocess, refs=old
    ) as client:
        await client.book("evt_demo33_000", SENDER, "book-3")
    new = _refs(platform_db, platform_settings)
    async with PlatformClient.from_settings(
        platform_settings, transport=inprocess, refs=new
    ) as client:
        report = await client.erase_candidate(SENDER)
    assert report["bookings_deleted"] == 1
