"""A greeting in the middle of a conversation: people start many SMS with
"Bonjour". Wrapped in it, a typed command is still that command ("pourquoi vous
demandez ça ?" explains the question, "merci c'est tout" pauses the questions),
and a hello alone never introduces the assistant a second time with its own
question beside the one waiting."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, tracker_of

_ids = itertools.count(8000)


def _in_form(client: TestClient) -> tuple[Any, str, str]:
    """A person in the profile questions: (post, sender, the question waiting)."""
    sender = f"polite-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais devenir aide-soignante à Roubaix")
    post("oui")
    asked = post("non merci")[-1]["text"]  # the events declined: the next question
    assert asked.rstrip().endswith("?")
    return post, sender, asked


def _texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize(
    "why", ["Bonjour, pourquoi vs demandez ca ?", "bonsoir pourquoi vous me demandez ça"]
)
def test_why_asked_after_a_hello_is_explained(client: TestClient, why: str) -> None:
    post, _, _ = _in_form(client)
    replies = post(why)
    said = _texts(replies)
    assert "servent à vous proposer" in said, said
    assert not any((r.get("custom") or {}).get("fiche") for r in replies), said
    assert "Que cherchez-vous" not in said


def test_thanks_that_is_all_after_a_hello_pauses_the_questions(client: TestClient) -> None:
    post, sender, asked = _in_form(client)
    said = _texts(post("bonjour merci c'est tout"))
    assert asked not in said and "Que cherchez-vous" not in said, said
    assert tracker_of(client, sender)["slots"].get("form_paused")


def test_a_hello_in_the_middle_is_not_a_second_introduction(client: TestClient) -> None:
    post, _, _ = _in_form(client)
    said = _texts(post("bonjour"))
    assert "assistant automatique" not in said and "Que cherchez-vous" not in said, said
    assert said.count("?") == 1, said
