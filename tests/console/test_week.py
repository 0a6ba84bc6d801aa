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
from platform_server.tables import PlatformEvent
from tests.handoff.helpers import conversation_id, login, say, set_slots

DECLINED = "Combien de places à l'IFAS de Quimper cette année ?"


def _row(html: str, label: str) -> list[int]:
    """The numbers of a table row (7 days, then the total)."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, label
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', match[1])]


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
