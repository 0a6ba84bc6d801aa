"""Replies to proposed events that are not choices: a goodbye is a goodbye, and a
French word is never "mended" into a key word of a choice or of a question."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster

_ids = itertools.count(5000)


def _proposed(client: TestClient) -> tuple[Any, list[str]]:
    """A candidate to whom events were just proposed: (post, the booking payloads)."""
    post = rest_poster(client, f"after-proposals-{next(_ids)}")
    post("bonjour, je cherche à devenir aide à domicile sur Roubaix")
    replies = post("d'accord")
    books = [
        b["payload"]
        for r in replies
        for b in r.get("buttons") or []
        if b["payload"].startswith("/book_event")
    ]
    assert len(books) > 1
    return post, books


def _text(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize("farewell", ["merci, à la prochaine", "ok super a la prochaine fois !"])
def test_thanks_and_goodbye_after_the_proposals_books_nothing(
    client: TestClient, farewell: str
) -> None:
    """ "à la prochaine" was read as "the soonest event": the person who took leave was
    asked to confirm a booking. A goodbye gets a goodbye."""
    post, _ = _proposed(client)
    replies = post(farewell)
    assert "inscris" not in _text(replies)
    assert "revoir" in _text(replies)


def test_the_next_one_asked_for_is_still_booked(client: TestClient) -> None:
    post, _ = _proposed(client)
    assert "Je vous inscris" in _text(post("inscrivez-moi à la prochaine"))


def test_a_french_word_near_a_choice_word_is_not_read_as_it(client: TestClient) -> None:
    """ "le plus vide" (the emptiest) was mended into "le plus vite" and the soonest event
    put up for booking: a word of its own is no typo. The person is helped to choose."""
    post, books = _proposed(client)
    replies = post("je prendrais celui qui est le plus vide")
    assert "inscris" not in _text(replies)
    assert [b["payload"] for r in replies for b in r.get("buttons") or []] == books


def test_the_link_of_an_online_event_is_a_question_about_the_events(client: TestClient) -> None:
    post, books = _proposed(client)
    replies = post("quel lien ?")
    assert "en ligne" in replies[-1]["text"]
    assert [b["payload"] for b in replies[-1].get("buttons") or []] == books


def test_a_person_who_cannot_choose_is_advised_one_and_booked_on_a_yes(
    client: TestClient,
) -> None:
    """ "lequel vous me conseillez ?" got how to choose and the same options again, then a
    choice, then the confirmation: a turn more than needed. A counsellor recommends one:
    the first (ranked by the job wanted, distance, date), with why, put up for booking."""
    post, _ = _proposed(client)
    replies = post("je n'arrive pas à me décider, lequel vous me conseillez ?")
    assert "Je vous conseille le premier" in replies[0]["text"]
    assert "Je vous inscris" in replies[-1]["text"]
    assert not any((r.get("custom") or {}).get("fiche") for r in replies)  # no aside answer
    assert "inscrit" in _text(post("oui"))


def test_the_advised_event_declined_the_others_are_offered(client: TestClient) -> None:
    post, books = _proposed(client)
    post("j'hésite entre les deux, aidez-moi à choisir")
    replies = post("non merci")
    assert [b["payload"] for r in replies for b in r.get("buttons") or []] == books[1:]


@pytest.mark.parametrize("reply", ["le deuxième, merci beaucoup !", "la 1ere svp, bonne soirée 🙂"])
def test_a_choice_wrapped_in_thanks_or_a_goodbye_is_the_choice(
    client: TestClient, reply: str
) -> None:
    """Read as thanks or as a goodbye, the choice was lost (the proposals asked again,
    or the conversation closed)."""
    post, _ = _proposed(client)
    replies = post(reply)
    assert "Je vous inscris" in _text(replies)
    assert [b["payload"] for r in replies for b in r.get("buttons") or []] == ["/affirm", "/deny"]
    assert "revoir" not in _text(replies)
    confirmed = post("oui")
    assert "C'est fait" in _text(confirmed)


def test_a_question_typed_without_its_mark_is_answered_in_the_middle_of_the_form(
    client: TestClient,
) -> None:
    """ "faut quel diplome pour…" (no "?") to a profile question was taken for a failed
    answer and the question put again; it asks which diploma a job needs."""
    post = rest_poster(client, f"after-proposals-{next(_ids)}")
    post("bonjour, je cherche à devenir aide à domicile sur Roubaix")
    post("oui")
    asked = post("non merci")  # the events declined: the licence question
    replies = post("il faut quel niveau d'études pour devenir aide soignant")
    assert any((r.get("custom") or {}).get("fiche") for r in replies)
    assert "reformule" not in _text(replies).lower()
    assert replies[-1]["text"].endswith(asked[-1]["text"])
