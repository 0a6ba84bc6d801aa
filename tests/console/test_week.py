"""The team's week: conversations, handoffs answered in time or late, bookings, and
the questions the assistant declined, for the counsellor's own platform only."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from bot.dialogue.events import BotUttered, UserUttered
from bot.handoff.tables import Handoff
from bot.storage.models import utcnow
from platform_api.models import PARIS
from platform_server.tables import PlatformEvent
from tests.embedded_platform import PLATFORM_KEY, platform_client
from tests.handoff.helpers import conversation_id, login, say, set_slots

DECLINED = "Combien de places à l'IFAS de Quimper cette année ?"


def _row(html: str, label: str) -> list[int]:
    """The numbers of a table's column `label`, a day per row (7 days, then the total)."""
    for table in html.split("<table")[1:]:
        head = re.findall(r'<th scope="col"[^>]{0,40}>([^<]{1,40})</th>', table)
        if label in head:
            column = head.index(label) - 1  # the first column names the day
            rows = re.findall(r"<tr><th scope=\"row\">[^<]{1,20}</th>(.*?)</tr>", table, re.S)
            cells = [re.findall(r'<td class="num">(\d+)</td>', row) for row in rows]
            return [int(row[column]) for row in cells]
    raise AssertionError(label)


def _event(client: TestClient, departement: str) -> str:
    app: Any = client.app
    with app.state.assistant.sessions() as session:
        return str(
            session.scalar(
                select(PlatformEvent.id)
                .where(PlatformEvent.departement == departement)
                .where(PlatformEvent.starts_at > utcnow(), PlatformEvent.seats_left > 5)
                .limit(1)
            )
        )


def test_the_week_of_a_platform(client: TestClient) -> None:
    app: Any = client.app
    for sender in ("web:in-time", "web:late", "web:waiting"):
        set_slots(client, sender, departement="33")
        say(client, sender, "/human_handoff")
    set_slots(client, "web:lille", departement="59")
    say(client, "web:lille", "/human_handoff")  # another platform's: not counted
    nadia = login(client, "nadia")
    assert nadia.post(f"/console/conversations/{conversation_id(client, 'web:in-time')}/take")
    with app.state.assistant.sessions.begin() as session:  # this one's deadline has passed
        session.execute(
            update(Handoff)
            .where(Handoff.sender_id == "web:late")
            .values(expected_answer_at=utcnow() - timedelta(minutes=5))
        )
    set_slots(client, "web:booker", departement="33")
    say(client, "web:booker", f'/book_event{{"event_id": "{_event(client, "33")}"}}')
    assert "C'est fait" in say(client, "web:booker", "/affirm")[0]["text"]
    for sender in ("web:in-time", "web:booker"):  # asked twice by two people: listed once
        app.state.assistant.store.append(
            sender,
            "rest",
            [
                UserUttered(text=DECLINED),
                BotUttered(
                    text="Je n'ai pas d'information fiable.", data={"response": "utter_kb_abstain"}
                ),
            ],
        )

    page = nadia.get("/console/week")
    assert page.status_code == 200
    html = page.text
    assert _row(html, "Demandes")[-1] == 3
    assert _row(html, "À temps")[-1] == 1
    assert _row(html, "En retard")[-1] == 1
    assert _row(html, "En attente")[-1] == 1
    assert _row(html, "Conversations")[-1] == 4  # the Lille person is not Gironde's
    assert _row(html, "Inscriptions")[-1] == 1
    assert "Combien de places à l&#39;IFAS de Quimper cette année ?" in html
    assert "(2 fois)" in html

    sophie = login(client, "sophie")  # the Nord's team sees its own week
    theirs = sophie.get("/console/week").text
    assert _row(theirs, "Demandes")[-1] == 1 and "Quimper" not in theirs
    last_week = nadia.get("/console/week", params={"week": "2020-W01"}).text
    assert _row(last_week, "Demandes")[-1] == 0


def test_no_shows_of_the_week_s_events(client: TestClient) -> None:
    """Who came to the events held this week, who did not (as the platform noted it
    afterwards), and whose presence is not noted yet; another platform's are not shown."""
    app: Any = client.app
    gironde, nord = _event(client, "33"), _event(client, "59")
    people = {"web:came": gironde, "web:absent": gironde, "web:unnoted": gironde, "web:lille": nord}
    portal = client.portal
    assert portal is not None
    booked = {
        sender: portal.call(app.state.assistant.services.platform.book, event, sender, sender)
        for sender, event in people.items()
    }
    held = utcnow() - timedelta(hours=2)
    with app.state.assistant.sessions.begin() as session:  # both events have taken place
        session.execute(
            update(PlatformEvent)
            .where(PlatformEvent.id.in_([gironde, nord]))
            .values(starts_at=held, ends_at=held + timedelta(hours=1))
        )
    platform, key = platform_client(app), {"X-Platform-Key": PLATFORM_KEY}
    for sender, came in (("web:came", True), ("web:absent", False), ("web:lille", False)):
        url = f"/platform/v1/bookings/{booked[sender].id}/attendance"
        assert platform.put(url, json={"attended": came}, headers=key).status_code == 200

    week = held.astimezone(PARIS).strftime("%G-W%V")
    html = login(client, "nadia").get("/console/week", params={"week": week}).text
    assert (_row(html, "Venues")[-1], _row(html, "Absentes")[-1]) == (1, 1)
    assert _row(html, "Non notée")[-1] == 1
    day = held.astimezone(PARIS).weekday()
    assert _row(html, "Absentes")[day] == 1  # on the day of the event
    assert "non mesurées" not in html


def test_a_person_from_the_platform_s_site_is_in_its_week(client: TestClient) -> None:
    """Written from the Gironde platform's site, no place given: the Gironde's week,
    as their handoff is the Gironde counsellors'; not the national team's."""
    sent = {"sender": "web:from-site", "message": "/human_handoff", "metadata": {"platform": "33"}}
    assert client.post("/webhooks/rest/webhook", json=sent).status_code == 200
    gironde = login(client, "nadia").get("/console/week").text
    assert _row(gironde, "Conversations")[-1] == 1 and _row(gironde, "Demandes")[-1] == 1
    national = login(client, "camille").get("/console/week").text
    assert _row(national, "Conversations")[-1] == 0 and _row(national, "Demandes")[-1] == 0
