"""Messages whose form says they ask nothing (keyboard runs, markup, another script,
English sentences) are out of scope before the classifier ranks them; French
messages, even with an English word or an elongated word, are not."""

from __future__ import annotations

import time

import pytest

from nlu.noise import reads_as_noise
from nlu.pipeline import NLUPipeline


@pytest.mark.parametrize(
    "text",
    [
        "zzzzzzzz",
        "mlkjhgf",
        "<div onclick='x()'></div>",
        "<img src=x onerror=alert(2)>",
        "select nom, prenom from candidats where 1=1",
        "DELETE FROM comptes;",
        "could you tell me where the station is",
        "Is there anyone who can do this for me?",
        "Привет, как дела",
        "你好",
    ],
)
def test_noise_is_recognised(text: str) -> None:
    assert reads_as_noise(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok thank you",
        "hello",
        "ouiiiiii",
        "nnnnon",
        "pfff",
        "mdr",
        "je cherche un job, any idea ?",
        "bonjour <b>urgent</b> je cherche une formation d'aide-soignante",
        "Is it possible de faire une immersion en ehpad ?",
        "AES à Évry",
        "select ma formation, je voudrais des infos",
        "update : j'ai trouvé une place en crèche",
        "",
        "🙂",
    ],
)
def test_french_and_short_answers_are_no_noise(text: str) -> None:
    assert not reads_as_noise(text)


def test_noise_is_answered_out_of_scope_and_french_still_read(nlu: NLUPipeline) -> None:
    for text in ("wwwwwwww", "<p><br/></p>", "what do you do for a living"):
        assert nlu.parse(text).intent == "out_of_scope", text
    # "help" and "please" are everyday words in French messages: a request for help
    assert nlu.parse("help me please").intent == "help"
    batch = nlu.parse_batch(["where can I find the bus", "je voudrais m'inscrire à l'atelier"])
    assert batch[0].intent == "out_of_scope"
    assert batch[1].intent != "out_of_scope"


def test_adversarial_input_is_read_in_bounded_time() -> None:
    started = time.perf_counter()
    for text in ("<" * 200_000, "<a" * 100_000, "a" * 200_000, "the " * 50_000, "é" * 100_000):
        reads_as_noise(text)
    assert time.perf_counter() - started < 1.0


def test_what_parsing_reads_as_noise_is_not_taught_to_the_classifier() -> None:
    """Emoji, key runs and other languages are answered out_of_scope before the classifier:
    training it on them only taught it that a short message it did not know is out of scope."""
    from nlu.intent import IntentConfig
    from nlu.training_data import parse_training_yaml

    rows = {
        "greet": ["bonjour", "salut", "bonsoir", "coucou à vous", "hello"],
        "out_of_scope": ["la météo demain", "une recette de crêpes", "le score du match",
                         "🤣🤣🤣", "hhhhhhh", "What time is it?", "😴"],
    }  # fmt: skip
    body = "".join(
        f"- intent: {name}\n  examples: |\n" + "".join(f"    - {t}\n" for t in texts)
        for name, texts in rows.items()
    )
    data = parse_training_yaml(f'version: "3.1"\nnlu:\n{body}')
    config = IntentConfig(features="lexical", out_of_domain=False)
    model = NLUPipeline.train(data, None, config=config)
    assert model.metadata["examples"] == 8  # the 4 noise rows left out
    assert model.parse("😴").intent == "out_of_scope"
    assert model.parse("hhhhhhh").intent == "out_of_scope"
    assert model.parse("bonjour à vous").intent == "greet"
