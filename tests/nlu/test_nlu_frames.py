"""A request to be told about something is read as a question, whatever the something
(nlu/frames.py): "parlez-moi de l'apprentissage" opened a handoff before."""

from __future__ import annotations

import numpy as np
import pytest

from nlu.embeddings import OnnxEncoder
from nlu.frames import reframe, with_where
from nlu.pipeline import NLUPipeline
from nlu.text import clean_for_embedding


@pytest.mark.parametrize(
    "text",
    [
        "parlez-moi de l'apprentissage",
        "renseignez-moi sur la POEC",
        "parle moi du DEAES",
        "pourriez-vous me présenter le bac pro ASSP ?",
        "j'aimerais en savoir plus sur la VAE",
        "dites-m'en plus sur le métier d'ASH",
    ],
)
def test_a_request_to_be_told_is_a_question(nlu: NLUPipeline, text: str) -> None:
    assert nlu.parse(text).intent == "question"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("je voudrais parler à un conseiller", "human_handoff"),
        ("expliquez-moi comment ça marche", "help"),
        ("raconte-moi une blague", "out_of_scope"),
    ],
)
def test_other_requests_are_not_reframed(nlu: NLUPipeline, text: str, intent: str) -> None:
    assert reframe(text) == text
    assert nlu.parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("parlez-moi de l'apprentissage", "c'est quoi l'apprentissage"),
        ("parle moi du DEAES", "c'est quoi le DEAES"),
        ("bonjour, pouvez-vous me parler des formations ?", "bonjour, c'est quoi les formations ?"),
        ("je voudrais des infos sur la VAE", "c'est quoi la VAE"),
        ("parlez-moi de vous", "parlez-moi de vous"),
    ],
)
def test_the_frame_becomes_the_question_it_asks(text: str, question: str) -> None:
    assert reframe(text) == question


def test_retrieval_gets_the_message_as_written(nlu: NLUPipeline, encoder: OnnxEncoder) -> None:
    text = "parlez-moi de l'apprentissage"
    written = encoder.encode([clean_for_embedding(text)])[0]
    embedding = nlu.parse(text).embedding
    assert embedding is not None
    assert np.array_equal(embedding, written)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("la formation c'est ou", "question"),  # was affirm .68
        ("c'est ou ?", "question"),  # was bot_challenge .66
        ("on s'inscrit ou ?", "question"),  # was bot_challenge .43
    ],
)
def test_where_without_its_accent_is_still_where(nlu: NLUPipeline, text: str, intent: str) -> None:
    assert nlu.parse(text).intent == intent


@pytest.mark.parametrize("text", ["ca rembourse le permis ?", "ca commence quand la formation"])
def test_ca_without_its_cedilla_is_still_ca(nlu: NLUPipeline, text: str) -> None:
    # "ca" is no French word: the encoder read these as out of scope (.89, .37)
    assert clean_for_embedding("ca va") == "ça va"
    assert nlu.parse(text).intent == "question"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("vous etes ou ?", "vous etes où ?"),
        ("Ou est la salle", "Où est la salle"),
        ("par ou je passe", "par où je passe"),
        ("oui ou non ?", "oui ou non ?"),
        ("ou alors demain", "ou alors demain"),
        ("AES ou ADVF", "AES ou ADVF"),
    ],
)
def test_only_the_interrogative_ou_gets_its_accent(text: str, read: str) -> None:
    assert with_where(text) == read
