"""Reading a message as people write it: politeness around an answer, a question
without its "?", a job acronym in lower case, a yes or a no after a greeting."""

from __future__ import annotations

import pytest

from bot.dialogue.acronyms import job_acronyms
from bot.dialogue.answers import yes_or_no
from bot.dialogue.politeness import core_span
from bot.dialogue.questions import asks, question_start


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
        "le salaire c'est cb",
        "ca paye cb une aes",
        "et une ash elle gagne combien en debut de carriere",
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
        "je paie par cb",
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


@pytest.mark.parametrize(
    ("text", "count", "position"),
    [
        ("le premier", 3, 1),
        ("je prends la 2e svp", 3, 2),
        ("plutôt le dernier", 3, 3),
        ("la troisième", 2, None),  # only two were proposed
        ("3", 3, 3),
        ("le premier janvier", 3, None),  # a date, not a rank
        ("le 1 ou le 2", 3, None),  # two ranks: no choice
        ("j'ai le permis", 3, None),
    ],
)
def test_a_rank_typed_among_proposed_events(text: str, count: int, position: int | None) -> None:
    from bot.dialogue.choice import _position

    assert _position(text, count) == position


def test_reading_a_rank_stays_fast_on_adversarial_input() -> None:
    import time

    from bot.dialogue.choice import _position

    for text in ("le " * 5000, "1" * 10000, "premier-" * 3000, "'" * 20000):
        started = time.thread_time()  # CPU time: the load of the machine does not count
        assert _position(text, 3) is None
        assert time.thread_time() - started < 0.25


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("c'est Liévin pas Lens", ["Liévin"]),
        ("pas à Lens mais à Liévin", ["Liévin"]),
        ("Liévin et non Lens", ["Liévin"]),
        ("pas loin de Douai", ["Douai"]),
        ("j'habite Lens", ["Lens"]),
    ],
)
def test_a_place_named_to_be_denied_is_not_the_person_s(text: str, kept: list[str]) -> None:
    from bot.dialogue.facts import _unnegated

    places = ("Liévin", "Lens", "Douai")
    entities = [
        {"entity": "location", "value": p, "start": text.find(p), "end": text.find(p) + len(p)}
        for p in places
        if p in text
    ]
    assert [e["value"] for e in _unnegated(text, entities, None)] == kept


def test_denied_places_are_read_fast_on_adversarial_input() -> None:
    import time

    from bot.dialogue.facts import _unnegated

    for text in ("pas " * 5000 + "Lens", " " * 5000 + "et pas Lens" + " " * 5000 + "mais"):
        start = text.find("Lens")
        started = time.thread_time()
        _unnegated(text, [{"entity": "location", "value": "Lens", "start": start}], None)
        assert time.thread_time() - started < 0.25


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("👍", True),
        ("👍🏼", True),
        ("✅", True),
        ("👎", False),
        ("c'est-à-dire ?", None),
        ("comment ça ?", None),
        ("hein ?", None),
        ("jsp", None),
        ("pardon oui", True),
    ],
)
def test_emoji_answers_and_requests_for_meaning(text: str, said: bool | None) -> None:
    # the NLU's intent is the one it gives such messages: a yes
    assert yes_or_no(text, "affirm", []) is said


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("je m'appelle Sonia", True),
        ("Bonjour, mon nom est Diallo !", True),
        ("je m'appelle Sonia et je cherche du travail", False),
        ("moi c'est Muret", False),
        ("je m'appelle" + " x" * 5000, False),
    ],
)
def test_a_message_that_only_gives_a_name(text: str, greets: bool) -> None:
    from bot.dialogue.events import UserUttered
    from bot.dialogue.intents import effective_intent

    message = UserUttered(
        text=text, parse_data={"intent": {"name": "out_of_scope"}, "entities": []}
    )
    assert (effective_intent(message) == "greet") is greets


@pytest.mark.parametrize(
    ("text", "diploma"),
    [
        ("aide-soignante diplômée depuis 2012", "deas"),
        ("je suis diplômé d'état, aide soignant", "deas"),
        ("aide-soignante pas diplômée", None),
        ("aide soignante sans diplôme", None),
        ("diplômée " * 3000, "deas"),  # long input: its start is read
    ],
)
def test_a_diploma_said_beside_a_job_is_the_job_s(text: str, diploma: str | None) -> None:
    from bot.dialogue.denials import job_diploma

    found = job_diploma(text, {"aide_soignant"})
    assert [e["value"] for e in found.get("diploma", [])] == ([diploma] if diploma else [])


def test_the_words_after_a_correction_inside_a_message() -> None:
    from bot.dialogue.denials import after_self_correction

    text = "à Massy, non je me trompe, morlaix"
    assert after_self_correction(text, [{"entity": "location", "start": 2, "end": 7}]) == "morlaix"
    both = [{"entity": "location", "start": 2, "end": 7}, {"entity": "location", "start": 27}]
    assert after_self_correction(text, both) == both[1:]
    places = [{"entity": "location", "start": 0, "end": 5}, {"entity": "location", "start": 21}]
    for said in ("Lille, en fait non à Roubaix", "Lille, non en fait à Roubaix"):
        assert after_self_correction(said, places) == places[1:]
    import time

    long = "Lens pardon " + "pardon " * 3000 + " " * 5000
    started = time.thread_time()
    after_self_correction(long, [{"entity": "location", "start": 0, "end": 4}])
    assert time.thread_time() - started < 0.25


@pytest.mark.parametrize(
    ("text", "taken_back"),
    [
        ("j'ai le permis, enfin non je l'ai pas", True),
        ("une voiture... euh non pardon", True),
        ("pas de voiture non plus", False),
        ("j'ai le permis en fait", False),
    ],
)
def test_a_fact_taken_back_right_after_it_is_said(text: str, taken_back: bool) -> None:
    from bot.dialogue.denials import withdrawn

    end = text.index("permis") + len("permis") if "permis" in text else text.index("voiture") + 7
    assert withdrawn(text, end) is taken_back


@pytest.mark.parametrize(
    ("text", "count"),
    [("2 enfants, enfin 3", "3"), ("deux enfants... non pardon trois", "trois")],
)
def test_a_count_corrected_right_after_it(text: str, count: str) -> None:
    from bot.dialogue.denials import recount

    assert recount(text, text.index("enfants") + 7) == count
    assert recount("2 enfants, enfin 3 ans et 5 ans", 9) is None  # their ages


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("aide soignante", "inform"),  # answering "quel métier ?"
        ("la formation d'aide soignante quand", "question"),
        ("aide soignante quel salaire", "question"),
    ],
)
def test_a_job_named_with_a_question_word_stays_a_question(text: str, intent: str) -> None:
    """A job read as a question without its mark is the answer to "quel métier ?"
    unless a question word comes with it (the whole list: "quand", "quel" too)."""
    from bot.dialogue.events import UserUttered
    from bot.dialogue.intents import effective_intent

    job = {"entity": "job", "value": "aide_soignant", "start": 0, "end": len(text)}
    message = UserUttered(text=text, parse_data={"intent": {"name": "question"}, "entities": [job]})
    assert effective_intent(message) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bon ben oubliez, c'est pas grave", "out_of_scope"),  # vague: never unsubscribed
        ("non mais on s'en fiche", "out_of_scope"),
        ("je ne souhaite pas répondre", "out_of_scope"),
        ("Stop svp", "opt_out"),
        ("je veux plus recevoir vos textos", "opt_out"),
        ("retirez-moi de vos envois", "opt_out"),
        ("ne m'appelez plus", "opt_out"),
    ],
)
def test_an_opt_out_needs_a_word_of_stopping_or_of_the_messages(text: str, intent: str) -> None:
    """Unsubscribing a person is not undone by a reply: an opt-out the NLU reads in a
    vague phrase is taken as not understood unless it names stopping or the messages."""
    from bot.dialogue.events import UserUttered
    from bot.dialogue.intents import effective_intent

    message = UserUttered(text=text, parse_data={"intent": {"name": "opt_out"}, "entities": []})
    assert (effective_intent(message) or "opt_out") == intent
