"""The same message typed twice (issue 16, bad input): a double tap on "send", or a
phone resending an SMS under a new MessageSid. The copy gets the first copy's
replies again and changes nothing; it is never read as the answer to the question
the first copy led to. A bare yes or no, a number or a button is always read.

Through the signed Twilio webhook, each message under its own MessageSid. The
messages are written for these tests; none of their wording is in the NLU data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.dialogue.copies import COPY_WINDOW, copy_events
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.tracker import Tracker
from tests.conversations.test_bad_input import Phone

OPENING = "bonjour je voudrais travailler comme auxiliaire de vie du côté d'Annecy"


@pytest.fixture
def phone(client: TestClient) -> Phone:
    return Phone(client)


def test_consent_typed_twice_keeps_the_proposals_and_asks_no_commune(phone: Phone) -> None:
    phone.send(OPENING)
    first = phone.send("ok c'est d'accord pour moi")
    assert "Répondez 1" in first  # the events near Annecy, numbered
    again = phone.send("OK  c'est d'accord pour MOI")
    assert again == first
    assert "commune" not in again.lower()
    slots = phone.slots()
    assert slots["commune"] == "Annecy" and slots["consent"] is True


def test_a_choice_typed_twice_keeps_the_confirmation_question(phone: Phone) -> None:
    phone.send(OPENING)
    phone.send("ok c'est d'accord pour moi")
    first = phone.send("je prends celui du vendredi")
    assert "Je vous inscris" in first
    assert phone.send("je prends celui du vendredi") == first
    assert not phone.slots().get("booked")
    done = phone.send("oui")  # the confirmation still waits, and books
    assert "inscrit" in done
    assert phone.slots()["booked"]


def test_a_bare_no_to_two_questions_is_read_twice(phone: Phone) -> None:
    phone.send(OPENING)
    phone.send("ok c'est d'accord pour moi")
    phone.send("je prends celui du vendredi")
    phone.send("oui")  # booked; the form asks about the driving licence
    licence = phone.send("non")
    assert phone.slots()["driving_licence"] is False
    assert phone.send("non") != licence  # the next question's answer, not a copy


def _tracker(text: str, at: datetime, **parse: object) -> Tracker:
    tracker = Tracker("sms:+33600000001", ())
    tracker.update(UserUttered(text=text, parse_data=dict(parse), timestamp=at.timestamp()))
    tracker.update(BotUttered(text="Quel métier vous intéresse ?", timestamp=at.timestamp()))
    return tracker


def test_a_copy_arriving_late_or_a_third_time_is_read() -> None:
    at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    text = "j'habite a Chambery"
    soon, late = at + timedelta(seconds=30), at + COPY_WINDOW + timedelta(seconds=1)
    assert copy_events(_tracker(text, at), text, "m2", "sms", soon) is not None
    assert copy_events(_tracker(text, at), text, "m2", "sms", late) is None
    copied = _tracker(text, at, copy_of="m1")
    assert copy_events(copied, text, "m3", "sms", soon) is None
    assert copy_events(_tracker("12", at), "12", "m2", "sms", soon) is None
