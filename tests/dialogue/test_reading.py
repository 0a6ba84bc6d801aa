"""Reading a message as people write it: politeness around an answer, a question
without its "?", a job acronym in lower case, a yes or a no after a greeting."""

from __future__ import annotations

import pytest

from bot.dialogue.acronyms import job_acronyms
from bot.dialogue.answers import yes_or_no
from bot.dialogue.intents import asks, question_start
from bot.dialogue.politeness import core_span


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("bonjour non", "non"),
        ("Bonjour, oui", "oui"),
        ("3 enfants merci beaucoup 🙂", "3 enfants"),
        ("slt jhabite a Douai bonne journée", "jhabite a Douai"),
        ("merci", None),
        ("bonjour", None),
        ("bien", None),
    ],
)
def test_the_core_of_a_polite_message(text: str, core: str | None) -> None:
    span = core_span(text)
    assert (text[span[0] : span[1]] if span else None) == core


@pytest.mark.parametrize(
    "text",
    [
        "c quoi le metier d'as",
        "le métier d'AES c'est comment",
        "j'ai un CAP, et combien on gagne",
        "comment on fait une VAE",
        "la formation dure combien de temps",
    ],
)
def test_a_question_without_its_question_mark(text: str) -> None:
    assert asks(text)


@pytest.mark.parametrize(
    "text",
    [
        "quand vous voulez",
        "il me faut une solution de garde",
        "oui il y a le bus pas loin",
        "je sais pas comment dire",
        "j'habite à Lille",
        '/inform{"location": "Lille"}',
    ],
)
def test_answers_are_no_questions(text: str) -> None:
    assert not asks(text)


def test_the_question_of_a_message_starts_after_its_facts() -> None:
    text = "j'ai un CAP, et combien on gagne"
    assert text[question_start(text) or 0 :].strip() == "combien on gagne"


def test_a_lower_case_acronym_after_a_job_word_is_a_job() -> None:
    found = job_acronyms("c quoi le metier d'as", [])
    assert [(e["value"], e["start"]) for e in found] == [("aide_soignant", 19)]
    assert job_acronyms("tu as le permis ?", []) == []
    taken = [{"entity": "job", "value": "ash", "start": 19, "end": 22}]
    assert job_acronyms("c quoi le metier d'ash", taken) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [("re non", False), ("bonjour, oui", True), ("euh bjr non merci", False), ("rien", None)],
)
def test_a_yes_or_a_no_after_a_greeting(text: str, said: bool | None) -> None:
    assert yes_or_no(text, None, []) is said
