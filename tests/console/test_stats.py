"""The statistics page, its CSV and JSON: the numbers of the real stack, scoped by team."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from bot.console.charts import STAGE_LABELS
from bot.dialogue.events import UserUttered
from tests.admin.helpers import assistant, future_events
from tests.handoff.helpers import AUTH, Counsellor, login, say, set_slots

TODAY = datetime.now(UTC).date().isoformat()
PERIOD = {"from": TODAY, "to": TODAY}
EMPTY = "Aucune conversation sur cette période."


def _people(client: TestClient) -> None:
    """Inès (Gironde) books and asks for a counsellor; a Telegram user in the Nord;
    someone in Paris (no platform) and someone who never said where they live."""
    (event,) = future_events(client, 1)
    say(client, "web:ines", "bonjour")
    set_slots(
        client, "web:ines", consent=True, departement="33", jobs=["aes", "advf"], oriented=True
    )
    say(client, "web:ines", "/human_handoff")
    portal: Any = client.portal
    portal.call(assistant(client).services.platform.book, event, "web:ines", "k-ines")
    assistant(client).store.append(
        "tg:42", "telegram", [UserUttered(text="salut", channel="telegram")]
    )
    set_slots(client, "tg:42", departement="59", consent=False)
    say(client, "web:paris", "bonjour")
    set_slots(client, "web:paris", departement="75", consent=True)
    say(client, "web:anonyme", "bonjour")


def funnel(html: str) -> dict[str, str]:
    """The funnel table's counts, by stage (the first row of that name on the page)."""
    found = {}
    for stage, label in STAGE_LABELS.items():
        cell = re.search(
            rf'<th scope="row">{re.escape(label)}</th>\s*<td class="num">([^<]+)</td>',
            html.replace("&#39;", "'"),
        )
        assert cell, stage
        found[stage] = cell[1]
    return found


def _page(who: Counsellor, **params: str) -> Any:
    return who.get("/console/stats", params={**PERIOD, **params})


def test_the_funnel_on_the_page_is_the_api_s(client: TestClient) -> None:
    _people(client)
    admin = login(client, "admin33")
    page = _page(admin)
    assert page.status_code == 200, page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    api = client.get("/api/stats", params=PERIOD, headers=AUTH).json()["totals"]
    shown = funnel(page.text)
    assert shown["conversations"] == "4" == str(api["conversations"])
    assert shown["consented"] == "2" and shown["qualified"] == "1" and shown["booked"] == "1"
    assert shown["handed_off"] == "1" and shown["attended"] == "0"
    assert shown["immersion_requested"] == shown["immersion_validated"] == "0"
    text = page.text.replace("&#39;", "'")
    assert "25 %" in text  # qualified: 1 of 4 conversations
    assert '<svg viewBox="0 0 ' in text and 'role="img"' in text
    assert '<title id="funnel-title">' in text and "Conversations : 4" in text
    for heading in ("Par semaine", "Par canal", "Par métier", "Par département"):
        assert heading in text
    assert "accompagnant éducatif et social" in text and "Telegram" in text
    assert "Paris (75)" in text and "Nord (59)" in text
    assert 'href="/console/stats"' in admin.get("/console").text  # in the navigation


def test_a_counsellor_sees_their_departement_and_gets_403_elsewhere(client: TestClient) -> None:
    _people(client)
    nadia = login(client, "nadia")  # Gironde
    page = _page(nadia)
    assert page.status_code == 200
    assert funnel(page.text)["conversations"] == "1" and funnel(page.text)["booked"] == "1"
    assert "Nord (59)" not in page.text and "Telegram" not in page.text
    assert '<option value="59"' not in page.text

    refused = _page(nadia, departement="59")
    assert refused.status_code == 403
    assert "Accès refusé" in refused.text and "Nord (59)" in refused.text
    assert "Gironde (33)" in refused.text and "Telegram" not in refused.text
    as_json = nadia.get("/console/api/stats", params={"departement": "59"})
    assert as_json.status_code == 403 and "Nord (59)" in as_json.json()["detail"]
    assert nadia.get("/console/stats.csv", params={"departement": "59"}).status_code == 403

    mine = nadia.get("/console/api/stats", params=PERIOD).json()
    assert mine["totals"]["conversations"] == 1 and list(mine["by_departement"]) == ["33"]
    assert mine["visible_departements"] == ["33"]
    assert nadia.get("/console/api/stats", params={"departement": "33"}).status_code == 200

    sophie = login(client, "sophie")  # Nord
    nord = funnel(_page(sophie).text)
    assert nord["conversations"] == "1" and nord["booked"] == "0"
    assert _page(sophie, departement="33").status_code == 403


def test_the_national_team_sees_the_departements_without_a_platform(client: TestClient) -> None:
    _people(client)
    camille = login(client, "camille")  # the default team
    counts = camille.get("/console/api/stats", params=PERIOD).json()
    assert counts["totals"]["conversations"] == 2  # Paris and the unknown one
    assert set(counts["by_departement"]) == {"75", "inconnu"}
    assert "33" not in counts["visible_departements"] and "75" in counts["visible_departements"]
    assert _page(camille, departement="75").status_code == 200
    assert _page(camille, departement="33").status_code == 403


def test_an_admin_sees_all_and_filters_by_any_departement(client: TestClient) -> None:
    _people(client)
    admin = login(client, "admin33")
    everything = admin.get("/console/api/stats", params=PERIOD).json()
    api = client.get("/api/stats", params=PERIOD, headers=AUTH).json()
    assert everything["totals"] == api["totals"] and everything["by_job"] == api["by_job"]
    assert everything["visible_departements"] is None
    nord = _page(admin, departement="59")
    assert nord.status_code == 200 and funnel(nord.text)["conversations"] == "1"
    assert 'value="59" selected' in nord.text


def test_an_empty_period_says_so_instead_of_a_chart(client: TestClient) -> None:
    _people(client)
    page = login(client, "nadia").get(
        "/console/stats", params={"from": "2020-01-01", "to": "2020-01-31"}
    )
    assert page.status_code == 200
    assert EMPTY in page.text and "<svg" not in page.text and "Par canal" not in page.text
    typed = login(client, "nadia").get(
        "/console/stats", params={"from": "01/01/2020", "to": "31/01/2020"}
    )
    assert typed.status_code == 200 and EMPTY in typed.text and 'value="2020-01-31"' in typed.text


def test_dates_are_checked_with_a_french_message(client: TestClient) -> None:
    nadia = login(client, "nadia")
    backwards = nadia.get("/console/stats", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 422
    assert "La date de début doit être antérieure" in backwards.text
    assert 'role="alert"' in backwards.text and "<svg" not in backwards.text
    garbage = nadia.get("/console/stats", params={"from": "hier"})
    assert garbage.status_code == 422 and "pas une date valide" in garbage.text
    unknown = nadia.get("/console/stats", params={"departement": "x"})
    assert unknown.status_code == 422 and "Ce département n'existe pas" in unknown.text.replace(
        "&#39;", "'"
    )
    bad = {"from": "2026-02-01", "to": "2026-01-01"}
    assert nadia.get("/console/api/stats", params=bad).status_code == 422
    assert nadia.get("/console/api/stats", params={"to": "demain"}).status_code == 422
    assert nadia.get("/console/api/stats", params={"departement": "x"}).status_code == 422


def test_the_numbers_need_a_login(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/console/stats", follow_redirects=False)
    assert page.status_code == 303 and "/console/login" in page.headers["location"]
    assert client.get("/console/api/stats").status_code == 401  # a script: no redirect
    assert client.get("/console/stats.csv", follow_redirects=False).status_code == 303


def test_the_csv_holds_the_page_s_tables(client: TestClient) -> None:
    _people(client)
    download = login(client, "nadia").get("/console/stats.csv", params=PERIOD)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert f"statistiques-{TODAY}-{TODAY}.csv" in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["rubrique", "valeur", "Conversations"]
    total = dict(zip(rows[0], rows[1], strict=True))
    assert total["rubrique"] == "total" and total["Conversations"] == "1"
    assert total["Inscrites à un événement"] == "1" and total["Présentes à l'événement"] == "0"
    assert ["département", "33"] in [r[:2] for r in rows]
    assert "59" not in [r[1] for r in rows if r[0] == "département"]


def test_reads_and_refusals_are_in_the_audit_log(client: TestClient) -> None:
    _people(client)
    nadia = login(client, "nadia")
    _page(nadia)
    _page(nadia, departement="59")
    nadia.get("/console/api/stats")
    entries = client.app.state.console.audit.recent("33")  # type: ignore[attr-defined]
    mine = [(e.action, e.detail) for e in entries if e.actor == "nadia@example.org"]
    assert ("stats_forbidden", {"departement": "59"}) in mine
    reads = [d for a, d in mine if a == "read_stats"]
    assert {"start": TODAY, "end": TODAY, "departement": None} in reads
    assert any(d.get("format") == "json" for d in reads)
    log = login(client, "admin33").get("/console/audit").text
    assert "read_stats" in log and "stats_forbidden" in log


def test_people_from_a_platform_s_site_count_in_that_platform_s_figures(
    client: TestClient,
) -> None:
    """A person who wrote from the Gironde platform's site and gave no place is the
    Gironde's (as their handoff is); one who gave their own département is that one's."""
    for sender, platform in (("web:site-only", "33"), ("web:own-place", "33"), ("web:x", "99")):
        sent = {"sender": sender, "message": "bonjour", "metadata": {"platform": platform}}
        assert client.post("/webhooks/rest/webhook", json=sent).status_code == 200
    set_slots(client, "web:own-place", departement="59")

    gironde = login(client, "nadia").get("/console/api/stats", params=PERIOD).json()
    assert gironde["totals"]["conversations"] == 1 and list(gironde["by_departement"]) == ["33"]
    nord = login(client, "sophie").get("/console/api/stats", params=PERIOD).json()
    assert nord["totals"]["conversations"] == 1
    national = login(client, "camille").get("/console/api/stats", params=PERIOD).json()
    assert national["by_departement"] == {"inconnu": national["totals"]}  # "99" names none
    assert national["totals"]["conversations"] == 1
