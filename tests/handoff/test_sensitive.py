"""Sensitive topics: a careful answer, the right numbers, and a counsellor."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.content.domain import Domain
from bot.dialogue.sensitive import SensitiveTopics
from tests.handoff.helpers import AUTH, conversation_id, login, say, set_slots, texts


@pytest.fixture(scope="module")
def topics() -> SensitiveTopics:
    return SensitiveTopics.load(Domain.load())


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("je veux mourir", "distress"),
        ("J'ai des idées noires en ce moment", "distress"),
        ("je pense au suicide", "distress"),
        ("mon mari me frappe", "violence"),
        ("je subis des violences conjugales", "violence"),
        ("je me fais harceler par mon chef", "harassment"),
        ("Je suis en fauteuil roulant, je peux travailler ?", "disability"),
        ("j'ai un handicap lourd", "disability"),
        ("je suis malentendante", "disability"),
    ],
)
def test_sensitive_messages_are_recognised(topics: SensitiveTopics, text: str, topic: str) -> None:
    found = topics.match(text)
    assert found is not None and found.name == topic


@pytest.mark.parametrize(
    "text",
    [
        "comment devenir aide-soignant ?",
        "peut-on travailler avec des personnes en situation de handicap ?",
        "c'est quoi la RQTH ?",
        "je cherche un travail dans un foyer pour personnes handicapées",
        "/human_handoff",
        "quelle formation pour accompagner la fin de vie ?",
    ],
)
def test_ordinary_questions_are_not(topics: SensitiveTopics, text: str) -> None:
    assert topics.match(text) is None


def test_distress_gives_3114_and_goes_to_a_counsellor(client: TestClient) -> None:
    set_slots(client, "web:sad", departement="33")
    replies = texts(say(client, "web:sad", "je n'ai plus envie de vivre"))
    assert "assistant automatique" in replies[0]  # a first message: who is speaking
    assert "3114" in replies[1] and "24h/24" in replies[1]
    assert replies[2].startswith("Je transmets notre échange à un conseiller de la plateforme")
    assert len(replies) == 3  # nothing else: no form question, no "not understood"
    rows = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    assert [(h["reason"], h["topic"]) for h in rows] == [("sensitive", "distress")]
    queue = login(client, "nadia").get("/console").text
    assert "Sujet sensible" in queue and "détresse" in queue


def test_distress_while_a_counsellor_holds_still_gets_the_numbers(client: TestClient) -> None:
    set_slots(client, "web:held", departement="33")
    say(client, "web:held", "/human_handoff")
    nadia = login(client, "nadia")
    nadia.post(f"/console/conversations/{conversation_id(client, 'web:held')}/take")
    assert say(client, "web:held", "merci de votre aide") == []
    replies = texts(say(client, "web:held", "en fait je veux me suicider"))
    assert len(replies) == 1 and "3114" in replies[0]
    rows = client.get("/api/handoffs", params={"status": "taken"}, headers=AUTH).json()
    assert [(h["reason"], h["topic"]) for h in rows] == [("sensitive", "distress")]


def test_violence_gives_the_emergency_numbers(client: TestClient) -> None:
    replies = texts(say(client, "web:hurt", "mon conjoint me bat"))
    assert "17" in replies[1] and "3919" in replies[1]  # after the assistant's intro


def test_disability_goes_on_with_the_conversation(client: TestClient) -> None:
    replies = say(client, "web:chair", "je suis en fauteuil, je peux être aide-soignante ?")
    said = texts(replies)
    assert any("aménagements" in t for t in said)
    assert any(t.startswith("Je transmets") for t in said)
    rows = client.get("/api/handoffs", params={"status": "open"}, headers=AUTH).json()
    assert [(h["reason"], h["topic"]) for h in rows] == [("sensitive", "disability")]
