"""Two people whose profile is unknown (no consent yet) still read apart in the
queue: each card quotes the person's latest typed message, cut short and escaped,
as Chatwoot's inbox does; a button's /intent payload is never quoted."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.console.inbox import PREVIEW_CHARS
from bot.settings import Settings
from tests.embedded_platform import assistant_app
from tests.handoff.helpers import login, prepare, say, set_slots


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(assistant_app(settings)) as test_client:
        prepare(test_client)
        yield test_client


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
    login(client, "nadia")
    quotes = _quotes(client.get("/console").text)
    assert "Je cherche un poste de nuit près de Pessac &lt;b&gt;vite&lt;/b&gt;" in quotes
    cut = [q for q in quotes if q.startswith("Je voudrais savoir")]
    assert len(cut) == 1 and cut[0].endswith("…") and len(cut[0]) == PREVIEW_CHARS
    assert len(quotes) == 2  # the third person only pressed buttons: nothing to quote
