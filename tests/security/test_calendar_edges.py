"""Dates at the calendar's edges, wherever a client names a day or a moment (issue 18).

Found by the session-11 attack review: `to=9999-12-31` (the statistics of the admin API
and of the console), `week=9999-W52` (the team's week), an events search up to
9999-12-31 and a bookings or immersion-request search from 0001-01-01T00:00+14:00 all
made the server add a day, a week or a time zone to a date Python cannot go past: an
OverflowError, answered 500 (and logged as an error) at every try. A date that far is
now refused as a bad parameter (422), or for the week page read as this week, and
every date the calendar can hold near it still works.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from tests.embedded_platform import PLATFORM_KEY, assistant_app, platform_client
from tests.handoff.helpers import AUTH, login, prepare

LAST_DAY = "9999-12-31"
FIRST_MOMENT = "0001-01-01T00:00:00+14:00"
LAST_MOMENT = "9999-12-31T23:59:59-14:00"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(settings), raise_server_exceptions=False) as test_client:
        prepare(test_client)
        yield test_client


def test_statistics_far_dates_are_refused_not_a_crash(client: TestClient) -> None:
    assert client.get("/api/stats", params={"to": LAST_DAY}, headers=AUTH).status_code == 422
    assert client.get("/api/stats", params={"from": "0001-01-01"}, headers=AUTH).status_code == 422
    # a date the calendar holds easily is still read
    ok = client.get("/api/stats", params={"from": "2000-01-01", "to": "2100-12-31"}, headers=AUTH)
    assert ok.status_code == 200 and ok.json()["to"] == "2100-12-31"

    agnes = login(client, "admin33")
    assert agnes.get("/console/api/stats", params={"to": LAST_DAY}).status_code == 422
    assert agnes.get("/console/stats.csv", params={"to": LAST_DAY}).status_code == 422
    page = agnes.get("/console/stats", params={"to": "31/12/9999"})
    assert page.status_code == 422
    assert "La date de fin n'est pas une date valide" in html.unescape(page.text)


def test_the_week_of_a_far_year_is_this_week(client: TestClient) -> None:
    nadia = login(client, "nadia")
    this_week = nadia.get("/console/week")
    assert this_week.status_code == 200
    for week in ("9999-W52", "0001-W01"):
        page = nadia.get("/console/week", params={"week": week})
        assert page.status_code == 200, week
        assert _shown_week(page.text) == _shown_week(this_week.text), week


def _shown_week(page: str) -> str:
    """The week the page shows ("semaine 49 (30/11 – 06/12/2026)")."""
    shown = re.search(r"<strong>(semaine \d+ \([^<]+\))</strong>", page)
    assert shown, page[:200]
    return shown[1]


def test_platform_searches_at_the_calendar_edges(client: TestClient) -> None:
    platform = platform_client(client.app)  # type: ignore[arg-type]
    key = {"X-Platform-Key": PLATFORM_KEY}
    refused = [
        ("/platform/v1/events", {"date_to": LAST_DAY}),
        ("/platform/v1/events", {"date_from": "0001-01-01"}),
        ("/platform/v1/bookings", {"created_from": FIRST_MOMENT}),
        ("/platform/v1/bookings", {"starts_before": FIRST_MOMENT}),
        ("/platform/v1/bookings", {"created_before": LAST_MOMENT}),
        ("/platform/v1/immersion-requests", {"created_from": FIRST_MOMENT}),
        ("/platform/v1/immersion-requests", {"created_before": LAST_MOMENT}),
    ]
    for path, params in refused:
        response = platform.get(path, params=params, headers=key)
        assert response.status_code == 422, (path, params, response.status_code)
    far = {"date_from": "2000-01-01", "date_to": "2999-12-31"}
    assert platform.get("/platform/v1/events", params=far, headers=key).json()["items"]
    moments = {"created_from": "2000-01-01T00:00:00+14:00", "created_before": "2999-01-01T00:00Z"}
    assert platform.get("/platform/v1/bookings", params=moments, headers=key).status_code == 200
