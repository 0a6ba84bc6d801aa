"""An answer to the question pending and a question of the person's own in one message
(through REST, checking replies and the tracker): the answer is stored, and the question
is answered about what it asks, not about the topic of the answer before it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, serving, tracker_of

_ids = itertools.count(1)


@pytest.fixture(scope="module")
def client(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with serving(trained_models, tmp_path_factory.mktemp("answer-question")) as test_client:
        yield test_client


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
        ("non, pas de RQTH. et le DEAES c'est quoi ?", False, "aes-metier"),
        ("oui j'ai la RQTH, et une PMSMP c'est quoi ?", True, "pmsmp-principe"),
        ("non je l'ai pas la rqth. et la VAE ça marche comment ?", False, "vae-demarche-duree"),
    ],
)
def test_the_answer_is_kept_and_the_question_after_it_gets_its_own_fiche(
    client: TestClient, message: str, rqth: bool, fiche: str
) -> None:
    sender, post = _at_the_disability_question(client)
    replies = post(message)
    assert _fiches(replies)[:1] == [fiche]  # never the RQTH's, the answer's topic
    assert tracker_of(client, sender)["slots"]["rqth"] is rqth
