"""What counts as a question about the wait for a counsellor (the rest is answered
as usual while waiting: a question about a training's length is not the wait)."""

from __future__ import annotations

import pytest

from bot.dialogue.waiting import asks_about_the_wait


@pytest.mark.parametrize(
    "text",
    [
        "ça va être long ?",
        "Ca va etre long?",
        "faut attendre longtemps ?",
        "quelqu'un va me répondre ?",
        "je dois attendre combien de temps ?",
        "combien de temps avant d'avoir une réponse ?",
    ],
)
def test_questions_about_the_wait(text: str) -> None:
    assert asks_about_the_wait(text)


@pytest.mark.parametrize(
    "text",
    [
        "combien de temps dure la formation ?",
        "la formation c'est long ?",
        "elle dure longtemps la formation ?",
        "c'est quand le prochain atelier ?",
        "quand est-ce que je peux commencer",
        "c'est loin ?",
        "/human_handoff",
    ],
)
def test_other_questions_are_not_about_the_wait(text: str) -> None:
    assert not asks_about_the_wait(text)
