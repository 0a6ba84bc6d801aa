"""GET /api/stats and `autonomie export`: funnel counts and the pseudonymised export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.dialogue.events import UserUttered
from bot.pilotage import EXPORT_FIELDS
from bot.privacy import pseudonym
from bot.settings import Settings, get_settings
from bot.storage.models import utcnow
from platform_server.tables import PlatformEvent
from tests.admin.helpers import AUTH, assistant, future_events
from tests.embedded_platform import PLATFORM_KEY, platform_client
from tests.handoff.helpers import say, set_slots
from tests.platform_fixtures import candidate_ref

TODAY = datetime.now(UTC).date().isoformat()


def _scenario(client: TestClient) -> None:
    (event,) = future_events(client, 1)
    say(client, "web:ines", "bonjour")
    set_slots(
        client,
        "web:ines",
        consent=True,
        departement="33",
        jobs=["aes", "advf"],
        barriers=["mobility"],
        oriented=True,
    )
    say(client, "web:ines", "/human_handoff")
    portal = client.portal
    assert portal is not None
    portal.call(assistant(client).services.platform.book, event, "web:ines", "k-ines")
    assistant(client).store.append(
        "tg:42", "telegram", [UserUttered(text="salut", channel="telegram")]
    )
    set_slots(client, "tg:42", departement="59", consent=False)


def test_who_came_is_counted_once_the_platform_notes_it(client: TestClient) -> None:
    _scenario(client)
    platform, key = platform_client(client.app), {"X-Platform-Key": PLATFORM_KEY}  # type: ignore[arg-type]
    listed = platform.get(
        "/platform/v1/bookings", params={"candidate_ref": candidate_ref("web:ines")}, headers=key
    )
    (booking,) = listed.json()["items"]
    assert booking["attended"] is None
    url = f"/platform/v1/bookings/{booking['id']}/attendance"
    early = platform.put(url, json={"attended": True}, headers=key)
    assert early.status_code == 409 and early.json()["code"] == "event_not_started"
    with assistant(client).sessions.begin() as session:  # the event has taken place
        session.execute(
            update(PlatformEvent)
            .where(PlatformEvent.id == booking["event_id"])
            .values(starts_at=utcnow() - timedelta(hours=3), ends_at=utcnow() - timedelta(hours=1))
        )
    noted = platform.put(url, json={"attended": True}, headers=key)
    assert noted.status_code == 200 and noted.json()["attended"] is True
    stats = client.get("/api/stats", params={"from": TODAY, "to": TODAY}, headers=AUTH).json()
    assert stats["totals"]["attended"] == 1 and stats["by_departement"]["33"]["attended"] == 1
    absent = platform.put(url, json={"attended": False}, headers=key)  # a correction
    assert absent.json()["attended"] is False
    stats = client.get("/api/stats", params={"from": TODAY, "to": TODAY}, headers=AUTH).json()
    assert stats["totals"]["attended"] == 0 and stats["totals"]["booked"] == 1


def test_stats_funnel_and_breakdowns(client: TestClient) -> None:
    _scenario(client)
    stats = client.get("/api/stats", params={"from": TODAY, "to": TODAY}, headers=AUTH)
    assert stats.status_code == 200, stats.text
    body = stats.json()
    totals = body["totals"]
    assert totals["conversations"] == 2 and totals["consented"] == 1
    assert totals["qualified"] == 1 and totals["booked"] == 1 and totals["bookings"] == 1
    assert totals["handed_off"] == 1 and totals["attended"] == 0
    assert body["attended_available"] is True and "Présence" in body["attended_note"]
    assert body["by_departement"]["33"]["booked"] == 1
    assert body["by_departement"]["59"]["conversations"] == 1
    assert body["by_channel"]["telegram"]["conversations"] == 1
    assert body["by_channel"]["rest"]["qualified"] == 1
    assert body["by_job"]["aes"]["qualified"] == body["by_job"]["advf"]["qualified"] == 1
    week = datetime.now(UTC).strftime("%G-W%V")
    assert body["by_week"][week]["conversations"] == 2

    only_59 = client.get("/api/stats", params={"departement": "59"}, headers=AUTH).json()
    assert only_59["totals"]["conversations"] == 1 and only_59["totals"]["booked"] == 0
    old = client.get("/api/stats", params={"from": "2020-01-01", "to": "2020-12-31"}, headers=AUTH)
    assert old.json()["totals"]["conversations"] == 0 and old.json()["by_channel"] == {}


def test_stats_needs_the_token_and_valid_parameters(client: TestClient) -> None:
    assert client.get("/api/stats").status_code == 401
    bad = client.get("/api/stats", params={"from": "2026-02-01", "to": "2026-01-01"}, headers=AUTH)
    assert bad.status_code == 422
    assert client.get("/api/stats", params={"from": "hier"}, headers=AUTH).status_code == 422
    assert client.get("/api/stats", params={"departement": "x"}, headers=AUTH).status_code == 422


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("AUTONOMIE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("AUTONOMIE_EXPORT_SALT", "sel-de-test")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_export_csv_and_json_are_pseudonymised(client: TestClient, cli_env: CliRunner) -> None:
    _scenario(client)
    result = cli_env.invoke(cli, ["export", "--from", TODAY, "--to", TODAY, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "web:ines" not in result.stdout and "tg:42" not in result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == EXPORT_FIELDS and len(rows) == 2
    ines = next(r for r in rows if r["candidate"] == pseudonym(b"sel-de-test", "web:ines"))
    assert ines["departement"] == "33" and ines["jobs"] == "advf;aes"
    assert ines["barriers"] == "mobility" and ines["consent_date"] == TODAY
    assert ines["oriented"] == "true" and ines["bookings"] == "1" and ines["handoff"] == "true"
    assert ines["first_seen_week"] == datetime.now(UTC).strftime("%G-W%V")

    as_json = cli_env.invoke(cli, ["export", "--from", TODAY, "--to", TODAY, "--format", "json"])
    data = json.loads(as_json.stdout)
    assert {r["candidate"] for r in data} == {r["candidate"] for r in rows}
    tg = next(r for r in data if r["channel"] == "telegram")
    assert tg["consent_date"] is None and tg["jobs"] == [] and tg["oriented"] is False


def test_the_export_says_from_which_platform_s_site_a_person_wrote(
    client: TestClient, cli_env: CliRunner
) -> None:
    """Their own département stays empty until they give it; the site's is its own column,
    the one /api/stats counts them under."""
    sent = {"sender": "web:from-site", "message": "bonjour", "metadata": {"platform": "59"}}
    assert client.post("/webhooks/rest/webhook", json=sent).status_code == 200
    result = cli_env.invoke(cli, ["export", "--from", TODAY, "--to", TODAY, "--format", "json"])
    row = next(
        r
        for r in json.loads(result.stdout)
        if r["candidate"] == pseudonym(b"sel-de-test", "web:from-site")
    )
    assert row["departement"] is None and row["site_departement"] == "59"
    stats = client.get("/api/stats", params={"from": TODAY, "to": TODAY}, headers=AUTH).json()
    assert stats["by_departement"]["59"]["conversations"] == 1


def test_export_of_an_empty_period(client: TestClient, cli_env: CliRunner) -> None:
    _scenario(client)
    period = ["--from", "2020-01-01", "--to", "2020-01-31"]
    empty_csv = cli_env.invoke(cli, ["export", *period, "--format", "csv"])
    assert empty_csv.exit_code == 0 and empty_csv.stdout == ",".join(EXPORT_FIELDS) + "\n"
    empty_json = cli_env.invoke(cli, ["export", *period, "--format", "json"])
    assert json.loads(empty_json.stdout) == []
    bad = cli_env.invoke(cli, ["export", *period, "--format", "xml"])
    assert bad.exit_code != 0
