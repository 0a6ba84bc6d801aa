"""Capacity under contention, against a real uvicorn server, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from platform_server.app import create_app as create_platform_server
from platform_server.settings import PlatformSettings
from platform_server.tables import PlatformBooking
from tests.platform_fixtures import NATIONAL_KEY, PlatformDb, serve

HEADERS = {"X-Platform-Key": NATIONAL_KEY}


def _storm(base_url: str, bodies: list[tuple[str, str, str]]) -> list[httpx.Response]:
    """Sends every (event, candidate, idempotency key) at once, one thread each."""
    barrier = threading.Barrier(len(bodies))

    def send(body: tuple[str, str, str]) -> httpx.Response:
        event_id, candidate, idem = body
        with httpx.Client(base_url=base_url, timeout=60) as client:
            barrier.wait()
            return client.post(
                "/platform/v1/bookings",
                json={"event_id": event_id, "candidate_ref": candidate},
                headers={**HEADERS, "Idempotency-Key": idem},
            )

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(send, bodies))


def _bookings(platform_db: PlatformDb, event_id: str) -> int:
    with platform_db.sessions() as session:
        count = session.scalar(
            select(func.count(PlatformBooking.id)).where(
                PlatformBooking.event_id == event_id, PlatformBooking.status == "confirmed"
            )
        )
    return count or 0


def test_fifty_people_want_the_last_seat_exactly_one_gets_it(
    platform_db: PlatformDb, server_settings: PlatformSettings
) -> None:
    platform_db.set_seats("evt_demo33_000", 1)
    with serve(create_platform_server(server_settings)) as url:
        answers = _storm(url, [("evt_demo33_000", f"person-{i}", f"k-{i}") for i in range(50)])
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: 1, 409: 49}, statuses
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"event_full"}
    assert platform_db.event("evt_demo33_000").seats_left == 0
    assert _bookings(platform_db, "evt_demo33_000") == 1


def test_one_person_clicking_many_times_gets_one_seat(
    platform_db: PlatformDb, server_settings: PlatformSettings
) -> None:
    seats = platform_db.event("evt_demo33_001").seats_left
    with serve(create_platform_server(server_settings)) as url:
        # twenty different keys (twenty separate intents): one booking, the rest refused
        distinct = _storm(url, [("evt_demo33_001", "fatou", f"tap-{i}") for i in range(20)])
        # twenty retries of one intent: the same booking twenty times
        same = _storm(url, [("evt_demo33_002", "paul", "one-intent")] * 20)
    assert Counter(a.status_code for a in distinct) == {201: 1, 409: 20 - 1}
    assert {a.json()["code"] for a in distinct if a.status_code == 409} == {"already_booked"}
    assert platform_db.event("evt_demo33_001").seats_left == seats - 1
    assert _bookings(platform_db, "evt_demo33_001") == 1

    assert {a.status_code for a in same} == {201}
    assert len({a.json()["id"] for a in same}) == 1
    assert _bookings(platform_db, "evt_demo33_002") == 1
