"""A handoff end to end through the REST channel: ask, queue, take over, silence,
reply, hand back, the assistant again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from bot.dialogue.events import event_from_dict
from bot.dialogue.tracker import Tracker
from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import (
    AUTH,
    conversation_id,
    login,
    prepare,
    say,
    set_slots,
    texts,
    tracker,
)
from tests.pending import poll_pending

SENDER = "web:5b0e7c1e-6a86-4a5e-9f55-1c4f8f1a2d10"


def test_round_trip_through_the_rest_channel(client: TestClient) -> None:
    set_slots(client, SENDER, departement="33", commune="Mérignac", jobs=["aide_soignant"])
    answer = texts(say(client, SENDER, "/human_handoff"))[-1]
    assert answer.startswith("Bien sûr. Je transmets notre échange à un conseiller")
    assert "plateforme de Gironde" in answer and "il vous répond ici" in answer
    assert "9h–12h30 et 13h30–17h30" in answer  # the platform's own opening hours
    assert tracker(client, SENDER)["slots"]["handoff"] == "open"

    # the queue of Gironde shows it; Nord's does not
    nadia = login(client, "nadia")
    queue = nadia.get("/console")
    assert queue.status_code == 200 and "Demande un conseiller" in queue.text
    assert "…2d10" in queue.text and "Mérignac" in queue.text
    sophie = login(client, "sophie")
    assert "…2d10" not in sophie.get("/console").text

    # Nadia takes over: the assistant is silent
    cid = conversation_id(client, SENDER)
    taken = nadia.post(f"/console/conversations/{cid}/take")
    assert taken.status_code == 303 and "flash=taken" in taken.headers["location"]
    assert tracker(client, SENDER)["slots"]["handoff"] == "taken"
    assert say(client, SENDER, "Bonjour, vous êtes là ?") == []
    assert say(client, SENDER, "/help") == []
    page = nadia.get(f"/console/conversations/{cid}")
    assert "Bonjour, vous êtes là ?" in page.text

    # her reply reaches the candidate's conversation, signed
    sent = nadia.post(f"/console/conversations/{cid}/reply", {"text": "Bonjour, je suis là."})
    assert sent.status_code == 303 and "flash=pickup" in sent.headers["location"]
    pending = poll_pending(client, SENDER).json()
    assert [m["text"] for m in pending] == ["Bonjour, je suis là.\n— Nadia, de la plateforme"]
    assert pending[0]["custom"]["counsellor"] == "Nadia"
    later = poll_pending(client, SENDER, after=pending[0]["custom"]["timestamp"])
    assert later.json() == []
    events = tracker(client, SENDER)["events"]
    mine = [e for e in events if e["event"] == "bot" and e["data"].get("counsellor")]
    assert len(mine) == 1 and mine[0]["data"]["counsellor"] == "Nadia"

    # hand back: the person is told, and the assistant answers again
    back = nadia.post(f"/console/conversations/{cid}/hand-back")
    assert back.status_code == 303
    pending = poll_pending(client, SENDER).json()
    assert "assistant automatique" in pending[-1]["text"]
    assert tracker(client, SENDER)["slots"]["handoff"] is None
    assert "Je peux répondre" in texts(say(client, SENDER, "/help"))[0]

    # the tracker is still the fold of its events
    body = tracker(client, SENDER)
    slot_names = list(body["slots"])
    rebuilt = Tracker.from_events(SENDER, map(event_from_dict, body["events"]), slot_names)
    assert rebuilt.slots == body["slots"]

    handed = client.get("/api/handoffs", params={"status": "handed_back"}, headers=AUTH).json()
    assert [(h["sender_id"], h["taken_by"], h["team"]) for h in handed] == [(SENDER, "Nadia", "33")]


def test_a_second_request_says_it_is_already_transmitted(client: TestClient) -> None:
    set_slots(client, "web:twice", departement="33")
    say(client, "web:twice", "/human_handoff")
    again = texts(say(client, "web:twice", "/human_handoff"))
    assert again[0].startswith("Votre demande est déjà transmise")
    open_ = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    assert [h["sender_id"] for h in open_] == ["web:twice"]


def test_asking_about_the_wait_is_told_when_a_counsellor_answers(client: TestClient) -> None:
    """ "c'est long ?" while a counsellor is awaited was read as "are you a robot?";
    "il arrive quand le conseiller ?" as a request for events: both get when."""
    set_slots(client, "web:wait", departement="33")
    say(client, "web:wait", "/human_handoff")
    for asked in ("c'est long ?", "il arrive quand le conseiller ?", "toujours personne ?"):
        told = " ".join(texts(say(client, "web:wait", asked)))
        assert told.startswith("Votre demande est déjà transmise") and "Il vous répond" in told
        assert "assistant automatique" not in told and "book_event" not in told


def test_the_answer_time_is_honest_when_the_platform_is_closed(client: TestClient) -> None:
    app: Any = client.app
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    app.state.assistant.processor.clock = lambda: saturday
    set_slots(client, "web:weekend", departement="33")
    answer = texts(say(client, "web:weekend", "/human_handoff"))[-1]
    assert "dès la réouverture, lundi à 9h" in answer
    handoff = app.state.console.handoffs.active("web:weekend")
    # Monday 9:00 Paris + the platform's 4 hours of opening time, its lunch break
    # (12:30-13:30) left out: 14:00 Paris, 13:00 UTC
    assert handoff.expected_answer_at == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def test_the_answer_time_skips_the_platform_s_public_holidays(client: TestClient) -> None:
    """Thursday 30 April 2026 after closing: Friday 1 May is a public holiday, so the
    platform reopens on Monday, and the deadline on the console counts from there."""
    app: Any = client.app
    thursday_evening = datetime(2026, 4, 30, 16, 0, tzinfo=UTC)  # 18:00 in Paris
    app.state.assistant.processor.clock = lambda: thursday_evening
    set_slots(client, "web:mayday", departement="33")
    answer = texts(say(client, "web:mayday", "/human_handoff"))[-1]
    assert "dès la réouverture, lundi à 9h" in answer
    handoff = app.state.console.handoffs.active("web:mayday")
    # Monday 4 May 9:00 Paris + 4 hours of opening time less the lunch break: 14:00
    # Paris (summer time), 12:00 UTC
    assert handoff.expected_answer_at == datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    queue = login(client, "nadia").get("/console").text
    assert "04/05 14:00" in queue  # (late by now: the test runs after that date)


def test_people_without_a_platform_go_to_the_national_team(client: TestClient) -> None:
    set_slots(client, "web:landes", departement="40")
    landes = texts(say(client, "web:landes", "/human_handoff"))[-1]
    say(client, "web:nowhere", "/human_handoff")
    assert "plateforme des métiers de l'autonomie" in landes
    assert "lun–ven 9h–17h" in landes  # the default hours of the settings
    rows = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    teams = {h["sender_id"]: (h["departement"], h["team"]) for h in rows}
    assert teams == {"web:landes": ("40", "national"), "web:nowhere": (None, "national")}
    camille = login(client, "camille")
    queue = camille.get("/console").text
    assert "…ndes" in queue and "…here" in queue


def test_accepting_the_counsellor_after_misunderstandings_is_a_fallback(
    client: TestClient,
) -> None:
    say(client, "web:lost", "blabla")
    offer = say(client, "web:lost", "gnagna")
    assert "/human_handoff" in [b["payload"] for b in offer[-1].get("buttons", [])]
    say(client, "web:lost", "/human_handoff")
    rows = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    assert [h["reason"] for h in rows] == ["fallback"]


def test_the_person_can_go_back_to_the_assistant(client: TestClient) -> None:
    set_slots(client, "web:back", departement="33")
    say(client, "web:back", "/human_handoff")
    nadia = login(client, "nadia")
    cid = conversation_id(client, "web:back")
    nadia.post(f"/console/conversations/{cid}/take")
    released = texts(say(client, "web:back", "reprendre avec l'assistant"))
    assert released and "je reprends la conversation" in released[0]
    assert tracker(client, "web:back")["slots"]["handoff"] is None
    rows = client.get("/api/handoffs", params={"status": "handed_back"}, headers=AUTH).json()
    assert [h["sender_id"] for h in rows] == ["web:back"]
    assert "Je peux répondre" in texts(say(client, "web:back", "/help"))[0]
    assert "assistant automatique" in texts(say(client, "web:back", "/bot"))[0]


def test_a_slow_platform_never_holds_the_handoff_back(settings: Settings) -> None:
    """The platform does not answer within the lookup budget: the person is still
    transmitted at once, to their département's queue, with the default hours."""
    hurried = settings.model_copy(update={"handoff_platform_lookup_s": 1e-6})
    with TestClient(assistant_app(hurried)) as slow:
        prepare(slow)
        set_slots(slow, "web:slow", departement="33")
        answer = texts(say(slow, "web:slow", "/human_handoff"))[-1]
        assert answer.startswith("Bien sûr. Je transmets notre échange à un conseiller")
        assert "lun–ven 9h–17h" in answer and "12h30" not in answer  # the default hours
        assert tracker(slow, "web:slow")["slots"]["handoff"] == "open"
        rows = slow.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
        assert [(h["sender_id"], h["departement"]) for h in rows] == [("web:slow", "33")]
