"""Bookings are limited per sender and per event; a flood does not stop other people.

Issue 18: a script filled the 40 seats of an event in 2.4 s from many sender ids.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.platform_fixtures import PlatformDb

LIMITED = "Vous avez demandé beaucoup d'inscriptions en peu de temps."


def _say(web: TestClient, sender: str, text: str) -> str:
    response = web.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert response.status_code == 200
    return " ".join(r.get("text", "") for r in response.json())


def _book(web: TestClient, sender: str, event: str) -> str:
    _say(web, sender, f'/book_event{{"event_id": "{event}"}}')
    return _say(web, sender, "/affirm")


def test_bookings_per_sender_and_per_event_are_limited(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    tight = platform_settings.model_copy(
        update={"limit_bookings_per_sender_hour": 2, "limit_bookings_per_event_hour": 3}
    )
    with TestClient(assistant_app(tight)) as web:
        assert "inscrit" in _book(web, "web:greedy", "evt_demo33_000")
        assert "inscrit" in _book(web, "web:greedy", "evt_demo33_001")
        assert LIMITED in _book(web, "web:greedy", "evt_demo33_002")
        seats = platform_db.event("evt_demo33_003").seats_left
        answers = [_book(web, f"web:script-{i}", "evt_demo33_003") for i in range(5)]
        assert [LIMITED in a for a in answers] == [False, False, False, True, True]
        assert platform_db.event("evt_demo33_003").seats_left == seats - 3
        assert "inscrit" in _book(web, "web:someone-else", "evt_demo33_005")


def test_under_a_booking_flood_other_candidates_still_book_quickly(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    """Bookings at 1,000 a minute from 100 senders (5 each, on a few events) for 30 s;
    meanwhile 20 other candidates book their own event and are answered quickly."""
    flood_events = [f"evt_demo33_{i:03d}" for i in (0, 1, 2, 3)]
    calm_events = [f"evt_demo31_{i:03d}" for i in (0, 1, 2, 3, 5)]
    timings: list[float] = []
    booked: list[bool] = []
    start = time.perf_counter() + 0.5
    period = 60 / 1000  # one booking every 60 ms

    def flood(n: int) -> None:
        for k in range(5):
            time.sleep(max(0.0, start + (k * 100 + n) * period - time.perf_counter()))
            _book(web, f"web:flood-{n}", flood_events[(n + k) % len(flood_events)])

    def candidate(n: int) -> None:
        time.sleep(max(0.0, start + 1.4 * n - time.perf_counter()))
        started = time.perf_counter()
        _say(web, f"web:calm-{n}", f'/book_event{{"event_id": "{calm_events[n % 5]}"}}')
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        answer = _say(web, f"web:calm-{n}", "/affirm")
        timings.append(time.perf_counter() - started)
        booked.append("inscrit" in answer)

    seats = {e: platform_db.event(e).seats_left for e in flood_events}
    with (
        TestClient(assistant_app(platform_settings)) as web,
        ThreadPoolExecutor(100) as pool,
        ThreadPoolExecutor(1) as others,
    ):
        floods = [pool.submit(flood, n) for n in range(100)]
        calm = [others.submit(candidate, n) for n in range(20)]
        for future in calm + floods:
            future.result()
        elapsed = time.perf_counter() - start
    p95 = statistics.quantiles(timings, n=20)[-1]
    taken = sum(seats[e] - platform_db.event(e).seats_left for e in flood_events)
    print(
        f"flood: 500 bookings in {elapsed:.1f} s, {taken} seats taken; "
        f"calm candidates' p95 {p95 * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )
    assert all(booked) and len(booked) == 20
    assert taken <= platform_settings.limit_bookings_per_event_hour * len(flood_events)
    # aim: 500 ms on 2 idle cores (printed above); the bound leaves room for a machine
    # shared with other jobs (2.6 s measured at a load average of 17 on 2 cores)
    assert p95 < 5.0
