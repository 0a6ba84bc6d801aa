"""Bookings asked while the platform is down: queued, retried, booked exactly once."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select, update

from bot.platform.client import PlatformClient
from bot.platform.pending import PendingBookings, book_or_queue, retry_pending_bookings
from bot.settings import Settings
from bot.storage.models import utcnow
from bot.storage.platform_tables import PendingBooking
from platform_server.app import create_app as create_platform_server
from platform_server.settings import PlatformSettings
from platform_server.tables import PlatformBooking
from tests.embedded_platform import InProcessPlatform
from tests.platform_fixtures import PlatformDb, candidate_ref, free_port, serve


def remote(settings: Settings, port: int, **overrides: object) -> Settings:
    return settings.model_copy(
        update={
            "platform_url": f"http://127.0.0.1:{port}",
            "platform_timeout_s": 1.0,
            "platform_attempts": 2,
            "platform_breaker_threshold": 20,
            **overrides,
        }
    )


def confirmed(platform_db: PlatformDb, event_id: str, who: str) -> list[str]:
    with platform_db.sessions() as session:
        return list(
            session.scalars(
                select(PlatformBooking.id).where(
                    PlatformBooking.event_id == event_id,
                    PlatformBooking.candidate_ref == candidate_ref(who),
                    PlatformBooking.status == "confirmed",
                )
            )
        )


def make_due(platform_db: PlatformDb) -> None:
    with platform_db.sessions.begin() as session:
        session.execute(update(PendingBooking).values(next_attempt_at=utcnow()))


async def test_queued_while_down_then_booked_once_when_the_platform_returns(
    platform_db: PlatformDb, platform_settings: Settings, server_settings: PlatformSettings
) -> None:
    port = free_port()  # nothing listens there yet: the platform is down
    pending = PendingBookings(platform_db.sessions)
    seats = platform_db.event("evt_demo33_000").seats_left
    async with PlatformClient.from_settings(remote(platform_settings, port)) as client:
        outcome = await book_or_queue(client, pending, "evt_demo33_000", "fatou", "intent-1")
        assert outcome.status == "queued" and outcome.booking is None
        assert pending.waiting_for("fatou")[0].event_id == "evt_demo33_000"
        # the same intent queued again (the person insists) stays one request
        assert not pending.queue("fatou", "evt_demo33_000", "intent-1")
        full = await book_or_queue(client, pending, "evt_demo33_017", "fatou", "intent-2")
        assert full.status == "queued"

        still_down = await retry_pending_bookings(pending, client)
        assert [r.outcome for r in still_down] == ["retry_later", "retry_later"]
        assert {r.code for r in still_down} == {"connection"}
        assert await retry_pending_bookings(pending, client) == []  # backing off
        assert pending.depth() == 2

        with serve(create_platform_server(server_settings), port=port):
            make_due(platform_db)
            results = {r.item.event_id: r for r in await retry_pending_bookings(pending, client)}
            make_due(platform_db)
            assert await retry_pending_bookings(pending, client) == []  # done, not resent

    assert results["evt_demo33_000"].outcome == "booked"
    booking = results["evt_demo33_000"].booking
    assert booking is not None and booking.candidate_ref == "fatou"
    assert results["evt_demo33_017"].outcome == "rejected"
    assert results["evt_demo33_017"].code == "event_full"  # the dialogue can say why
    assert confirmed(platform_db, "evt_demo33_000", "fatou") == [booking.id]
    assert platform_db.event("evt_demo33_000").seats_left == seats - 1
    assert pending.status("intent-1") == "booked" and pending.status("intent-2") == "rejected"
    assert pending.depth() == 0


class LosesAnswers(httpx.AsyncBaseTransport):
    """The platform does the work, then the answer is lost on the way back."""

    def __init__(self, inner: httpx.AsyncBaseTransport, lose: int) -> None:
        self.inner = inner
        self.lose = lose

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and self.lose > 0:
            self.lose -= 1
            await response.aread()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


async def test_a_lost_answer_neither_loses_nor_doubles_the_booking(
    platform_db: PlatformDb, platform_settings: Settings, inprocess: InProcessPlatform
) -> None:
    seats = platform_db.event("evt_demo33_001").seats_left
    pending = PendingBookings(platform_db.sessions)

    one_shot = platform_settings.model_copy(update={"platform_attempts": 1})
    transport = LosesAnswers(inprocess, lose=1)
    async with PlatformClient.from_settings(one_shot, transport=transport) as c:
        outcome = await book_or_queue(c, pending, "evt_demo33_001", "fatou", "intent-9")
        assert outcome.status == "queued"  # the client could not know it was booked
        assert len(confirmed(platform_db, "evt_demo33_001", "fatou")) == 1
        (result,) = await retry_pending_bookings(pending, c)
    assert result.outcome == "booked" and result.booking is not None
    assert confirmed(platform_db, "evt_demo33_001", "fatou") == [result.booking.id]
    assert platform_db.event("evt_demo33_001").seats_left == seats - 1

    # with retries in the client, the same happens within one call
    transport = LosesAnswers(inprocess, lose=2)
    async with PlatformClient.from_settings(platform_settings, transport=transport) as client:
        booking = await client.book("evt_demo33_002", "paul", "intent-10")
    assert confirmed(platform_db, "evt_demo33_002", "paul") == [booking.id]
    with platform_db.sessions() as session:
        total = session.scalar(select(func.count(PlatformBooking.id)))
    assert total == 2
