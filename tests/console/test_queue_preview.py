"""Two people whose profile is unknown (no consent yet) still read apart in the
queue: each card quotes the person's latest typed message, cut short and escaped,
as Chatwoot's inbox does; a button's /intent payload is never quoted, and the request
for a counsellor gives way to what the person said before it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.console.inbox import PREVIEW_CHARS
from bot.dialogue.events import UserUttered
from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import login, prepare, say, set_slots


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(settings)) as test_client:
        prepare(test_client)
        yield test_client


def _intent(name: str) -> dict[str, Any]:
    return {"intent": {"name": name, "confidence": 0.99}}


def _quotes(page: str) -> list[str]:
    return re.findall(r'<p class="said small">.{0,80}?</span>« (.{0,400}?) »</p>', page)


def test_each_card_quotes_the_persons_last_message(client: TestClient) -> None:
    long = "Je voudrais savoir " + "si le permis est obligatoire pour travailler " * 4 + "?"
    for sender, text in (
        ("web:pv01-a", "Je cherche un poste de nuit près de Pessac <b>vite</b>"),
        ("web:pv02-b", long),
        ("web:pv03-c", "/human_handoff"),
    ):
        set_slots(client, sender, departement="33")
        say(client, sender, text)
        say(client, sender, "/human_handoff")
    asked = UserUttered(
        text="Y a-t-il une formation AES à Mérignac ?", parse_data=_intent("question")
    )
    help_me = UserUttered(text="je veux parler à quelqu'un", parse_data=_intent("human_handoff"))
    for sender, events in (("web:pv04-d", [asked, help_me]), ("web:pv05-e", [help_me])):
        set_slots(client, sender, departement="33")
        app: Any = client.app
        app.state.assistant.store.append(sender, "rest", events)
        say(client, sender, "/human_handoff")
    login(client, "nadia")
    quotes = _quotes(client.get("/console").text)
    # the request for a counsellor says less than the question before it
    assert quotes.count(asked.text) == 1 and quotes.count(help_me.text.replace("'", "&#39;")) == 1
    assert "Je cherche un poste de nuit près de Pessac &lt;b&gt;vite&lt;/b&gt;" in quotes
    cut = [q for q in quotes if q.startswith("Je voudrais savoir")]
    assert len(cut) == 1 and cut[0].endswith("…") and len(cut[0]) == PREVIEW_CHARS
    assert len(quotes) == 4  # the third person only pressed buttons: nothing to quote
