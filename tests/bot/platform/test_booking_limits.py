"""Bookings are limited per sender, per address and per event; a flood does not stop
other people.

Issue 18: a script filled the 40 seats of an event in 2.4 s from many sender ids; then
the per-event limit, shared by everyone, kept honest candidates from booking for the
hour once a flood had tripped it (24 of 596 booked in the bench). Sender ids are free
on the REST channel, addresses are not: the limits now count addresses there
(SECURITY.md, "Floods").
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.platform_fixtures import PlatformDb

#: what a refused candidate is told, by whom the limit counted
LIMITED = "Vous avez demandé beaucoup d'inscriptions en peu de temps."
ADDRESS_LIMITED = "Beaucoup d'inscriptions ont été demandées depuis votre connexion"
EVENT_LIMITED = "Cet événement reçoit beaucoup d'inscriptions en ligne en ce moment"


def _say(web: TestClient, sender: str, text: str, address: str | None = None) -> str:
    response = web.post(
        "/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        headers={"X-Forwarded-For": address} if address else None,
    )
    assert response.status_code == 200
    return " ".join(r.get("text", "") for r in response.json())


def _book(web: TestClient, sender: str, event: str, address: str | None = None) -> str:
    """What the person is told when they click the date, then "oui"."""
    asked = _say(web, sender, f'/book_event{{"event_id": "{event}"}}', address)
    return asked + " " + _say(web, sender, "/affirm", address)


def _behind_proxy(settings: Settings) -> TestClient:
    """The app as HAProxy reaches it: from 127.0.0.1, the client in X-Forwarded-For."""
    trusting = settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    return TestClient(assistant_app(trusting), client=("127.0.0.1", 50000))


def test_bookings_per_sender_and_per_event_are_limited(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    tight = platform_settings.model_copy(
        update={
            "limit_bookings_per_sender_hour": 2,
            "limit_bookings_per_event_per_ip_hour": 0,
            "limit_bookings_per_event_hour": 3,
        }
    )
    with _behind_proxy(tight) as web:
        assert "inscrit" in _book(web, "web:greedy", "evt_demo33_000")
        assert "inscrit" in _book(web, "web:greedy", "evt_demo33_001")
        # told as they click the date, before any "Je vous inscris à ... ?"
        clicked = _say(web, "web:greedy", '/book_event{"event_id": "evt_demo33_002"}')
        assert LIMITED in clicked and "Je vous inscris" not in clicked
        seats = platform_db.event("evt_demo33_003").seats_left
        answers = [
            _book(web, f"web:script-{i}", "evt_demo33_003", f"198.51.100.{i}") for i in range(5)
        ]
        assert [EVENT_LIMITED in a for a in answers] == [False, False, False, True, True]
        assert platform_db.event("evt_demo33_003").seats_left == seats - 3
        assert "inscrit" in _book(web, "web:someone-else", "evt_demo33_005")


def test_many_sender_ids_from_one_address_count_as_one(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    """New sender ids cost nothing; the address pays: 3 bookings of an event, 7 in all
    (an attempt refused as its date is clicked uses none), and someone at another
    address books that very event."""
    tight = platform_settings.model_copy(update={"limit_bookings_per_ip_hour": 7})
    with _behind_proxy(tight) as web:
        script = "203.0.113.9"
        answers = [_book(web, f"web:s{i}", "evt_demo33_003", script) for i in range(5)]
        assert [ADDRESS_LIMITED in a for a in answers] == [False, False, False, True, True]
        others = [_book(web, f"web:t{i}", f"evt_demo33_00{i}", script) for i in (0, 1, 5, 6, 2)]
        assert [ADDRESS_LIMITED in a for a in others] == [False, False, False, False, True]
        assert "inscrit" in _book(web, "web:honest", "evt_demo33_003", "198.51.100.7")
        # a forged X-Forwarded-For entry left of the proxy's changes nothing
        forged = _book(web, "web:forger", "evt_demo33_006", f"198.51.100.8, {script}")
        assert ADDRESS_LIMITED in forged


def test_a_candidate_refused_by_a_busy_event_is_told_so_and_books_another(
    platform_db: PlatformDb, platform_settings: Settings
) -> None:
    """Past an event's anonymous bookings, a candidate at their own address, who asked
    for one booking, is not told they asked for too many: the event is busy, other
    dates are offered, and they book one of those."""
    tight = platform_settings.model_copy(update={"limit_bookings_per_event_hour": 2})
    with _behind_proxy(tight) as web:
        for i in range(2):
            assert "inscrit" in _book(web, f"web:early-{i}", "evt_demo33_003", f"198.51.100.{i}")
        sender, address = "web:late", "198.51.100.50"
        refused = web.post(
            "/webhooks/rest/webhook",
            json={"sender": sender, "message": '/book_event{"event_id": "evt_demo33_003"}'},
            headers={"X-Forwarded-For": address},
        ).json()
        said = " ".join(r.get("text", "") for r in refused)
        assert EVENT_LIMITED in said and LIMITED not in said
        buttons = [b["payload"] for r in refused for b in r.get("buttons") or []]
        assert buttons == ["/list_events", "/human_handoff"]
        # their own limits are untouched: another date books
        assert "inscrit" in _book(web, sender, "evt_demo33_005", address)


@pytest.fixture
def flood_settings(
    request: pytest.FixtureRequest, platform_db: PlatformDb, platform_settings: Settings
) -> Settings:
    """The limits as each deployment keeps them: in process on the single node
    (SQLite), in Redis on the cluster (PostgreSQL)."""
    if not platform_db.url.startswith("postgresql"):
        return platform_settings
    # a key of its own: the rate-limit keys of other runs sharing this Redis never match
    return platform_settings.model_copy(
        update={
            "redis_url": request.getfixturevalue("redis_url"),
            "secret_key": SecretStr(uuid.uuid4().hex),
        }
    )


def test_under_a_booking_flood_other_candidates_still_book(
    platform_db: PlatformDb, flood_settings: Settings
) -> None:
    """Bookings from 100 sender ids at two addresses (5 each, on a few events), all at
    once; meanwhile 20 other candidates, each at their own address, book (one of them an
    event the flood aims at). Every honest candidate is booked and the flood takes only
    what its two addresses are allowed. Latency under a flood is a benchmark figure
    (`autonomie bench --scenario flood`), never a timed test."""
    flood_events = [f"evt_demo33_{i:03d}" for i in (0, 1, 2, 3)]
    calm_events = [f"evt_demo31_{i:03d}" for i in (0, 1, 2, 3, 5)]
    booked: list[bool] = []

    def flood(n: int) -> None:
        for k in range(5):
            event = flood_events[(n + k) % len(flood_events)]
            _book(web, f"web:flood-{n}", event, f"203.0.113.{1 + n % 2}")

    def candidate(n: int) -> None:
        sender, address = f"web:calm-{n}", f"198.51.100.{10 + n}"
        event = flood_events[0] if n == 7 else calm_events[n % 5]
        _say(web, sender, f'/book_event{{"event_id": "{event}"}}', address)
        booked.append("inscrit" in _say(web, sender, "/affirm", address))

    seats = {e: platform_db.event(e).seats_left for e in flood_events}
    with (
        _behind_proxy(flood_settings) as web,
        ThreadPoolExecutor(8) as pool,
        ThreadPoolExecutor(2) as others,
    ):
        floods = [pool.submit(flood, n) for n in range(100)]
        calm = [others.submit(candidate, n) for n in range(20)]
        for future in calm + floods:
            future.result()
    taken = sum(seats[e] - platform_db.event(e).seats_left for e in flood_events) - 1
    assert booked == [True] * 20
    # two addresses: 3 seats of each event each, 20 bookings each in all
    per_address = flood_settings.limit_bookings_per_event_per_ip_hour * len(flood_events)
    assert taken <= 2 * min(per_address, flood_settings.limit_bookings_per_ip_hour)
