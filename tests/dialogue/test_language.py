"""A message in another language is told, in French, that the assistant answers only
in French; French messages with English words of everyday French are not."""

from __future__ import annotations

import pytest

from vocab.language import foreign_language


@pytest.mark.parametrize(
    "text",
    [
        "Good evening, is this where I apply for a care job?",
        "buenas tardes, quiero trabajar con personas mayores",
        "Hallo, ich habe eine Frage",
        "ciao, cerco lavoro come badante per favore",
        "Olá, preciso de ajuda para trabalho",
    ],
)
def test_another_language_is_recognised(text: str) -> None:
    assert foreign_language(text)


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "ok merci",
        "ok thank you",
        "help me please",
        "please aidez moi",
        "yes !! je suis inscrite",
        "je cherche un job sur Lyon",
        "je suis las de chercher, vous avez des offres ?",
        "Hello, je voudrais des infos sur le job dating de Nantes",
        "au fur et à mesure",
        '/inform{"job": "ash"}',
    ],
)
def test_french_with_everyday_english_words_is_french(text: str) -> None:
    assert not foreign_language(text)
