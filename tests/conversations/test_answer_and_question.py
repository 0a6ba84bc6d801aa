"""An answer to the question pending and a question of the person's own in one message
(through REST, checking replies and the tracker): the answer is stored, and the question
is answered about what it asks, not about the topic of the answer before it."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, tracker_of

_ids = itertools.count(1)


def _fiches(replies: list[dict[str, Any]]) -> list[str]:
    return [str((r.get("custom") or {}).get("fiche")) for r in replies if r.get("custom")]


def _at_the_disability_question(client: TestClient) -> tuple[str, Any]:
    sender = f"answer-question-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais devenir ASH vers Tourcoing, j'ai le permis, une voiture, aucun enfant")
    post("oui")
    post("non merci")  # the events declined: the form goes on
    asked = post("cap")  # the diploma
    assert "RQTH" in asked[-1]["text"]
    return sender, post


@pytest.mark.parametrize(
    ("message", "rqth", "fiche"),
    [
        ("non, pas de RQTH. et le DEAES c'est quoi ?", False, "aes-"),
        ("oui j'ai la RQTH, et une PMSMP c'est quoi ?", True, "pmsmp-"),
        ("non je l'ai pas la rqth. et la VAE ça marche comment ?", False, "vae-"),
    ],
)
def test_the_answer_is_kept_and_the_question_after_it_gets_its_own_fiche(
    client: TestClient, message: str, rqth: bool, fiche: str
) -> None:
    sender, post = _at_the_disability_question(client)
    replies = post(message)
    fiches = _fiches(replies)
    assert fiches and fiches[0].startswith(fiche)  # never the RQTH's, the answer's topic
    assert tracker_of(client, sender)["slots"]["rqth"] is rqth


def test_a_place_then_a_question_about_immersions_is_no_immersion_request(
    client: TestClient,
) -> None:
    """What an immersion is, asked beside the place: answered, the place asked (Massy is
    two communes), then the events near it: no immersion request, no period question."""
    sender = f"answer-question-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais devenir auxiliaire de vie")
    post("oui")
    replies = post("jsuis sur massy, ca sert a quoi une immersion ? merci")
    assert _fiches(replies)[:1] and _fiches(replies)[0].startswith("pmsmp-")
    essonne = next(
        b["payload"] for r in replies for b in r.get("buttons") or [] if "(91" in b["title"]
    )
    replies = post(essonne)
    assert all("disponible" not in (r.get("text") or "") for r in replies)
    assert any(
        b["payload"].startswith("/book_event") for r in replies for b in r.get("buttons") or []
    )
    assert tracker_of(client, sender)["slots"]["commune"] == "Massy"
