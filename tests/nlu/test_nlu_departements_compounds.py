"""Places that are no single commune's exact name: a département named with its article
when a small commune bears that name ("dans la Loire", not the commune La Loire), a
département by its number after "je suis du", a compound name misspelt in one part
("Pont-à-Mousssn": Pont-à-Mousson, not a commune named after its correct part)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from nlu.components.locations import DEPARTEMENT_NUMBER
from nlu.pipeline import NLUPipeline

from .conftest import TODAY


def places(nlu: NLUPipeline, text: str) -> list[dict[str, Any]]:
    return [e for e in nlu.parse(text, today=TODAY).entities if e["entity"] == "location"]


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("nous habitons dans la Marne depuis peu", "51"),
        ("je cherche un poste dans la marne", "51"),
        ("je vis dans la Loire, pres de Roanne", "42"),
        ("on est installés dans la Vienne", "86"),
    ],
)
def test_a_departement_named_with_its_article_is_no_commune_of_that_name(
    nlu: NLUPipeline, text: str, departement: str
) -> None:
    found = places(nlu, text)
    assert departement in [e.get("departement") for e in found]
    # never the commune "La Marne" (44) nor any commune the person did not say
    assert not [e for e in found if e.get("commune") and e.get("departement") == "44"]
    assert not [e for e in found if e.get("departement") != departement and not e.get("commune")]


def test_a_commune_whose_name_has_an_article_is_still_that_commune(nlu: NLUPipeline) -> None:
    found = places(nlu, "j'habite La Marne 44270")
    assert ("La Marne", "44") in [(e.get("commune"), e.get("departement")) for e in found]
    assert {e.get("departement") for e in found} == {"44"}  # never the Marne (51)


@pytest.mark.parametrize(
    ("text", "departement"),
    [("je suis du 35", "35"), ("nous on est du 974", "974"), ("jsuis du 13 moi", "13")],
)
def test_je_suis_du_and_a_number_is_a_departement(
    nlu: NLUPipeline, text: str, departement: str
) -> None:
    assert [e.get("departement") for e in places(nlu, text)] == [departement]
    assert not [e for e in places(nlu, text) if e.get("commune")]


@pytest.mark.parametrize(
    "text",
    [
        "je suis du 14 au 18 en formation",
        "je suis du 22 juin",
        "c'est du 06 45 67 89 12",
        "je suis du 3/09 au 10/09",
        "il est du 92 ans",
    ],
)
def test_a_date_a_phone_or_an_age_after_du_is_no_departement(text: str) -> None:
    assert not list(DEPARTEMENT_NUMBER.finditer(text))


def test_the_departement_number_pattern_is_bounded_on_adversarial_input() -> None:
    for text in ("je suis du " * 4000, "suis du" + " " * 40_000 + "44", "du 4" * 10_000):
        start = time.perf_counter()
        list(DEPARTEMENT_NUMBER.finditer(text))
        assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("text", "commune", "departement"),
    [
        ("j'habite Pont-a-Mousosn", "Pont-à-Mousson", "54"),
        ("je suis sur chalon sur saonne", "Chalon-sur-Saône", "71"),
        ("Boulgne-sur-Mer", "Boulogne-sur-Mer", "62"),
        ("on vit a Charleville-Mezieers", "Charleville-Mézières", "08"),
        ("je suis à Bourg-en-Bresee depuis 2 ans", "Bourg-en-Bresse", "01"),
    ],
)
def test_a_compound_name_misspelt_in_one_part_is_the_compound_commune(
    nlu: NLUPipeline, text: str, commune: str, departement: str
) -> None:
    found = places(nlu, text)
    assert [(e.get("commune"), e.get("departement")) for e in found] == [(commune, departement)]


def test_compound_matching_is_bounded_on_adversarial_input(nlu: NLUPipeline) -> None:
    text = " ".join(["Saint-Lo-sur-Villefrnache-de-la-Saone-en-Bresee"] * 60)
    start = time.perf_counter()
    nlu.parse(text[:1000], today=TODAY)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("text", "commune"),
    [("je vis a paau", "Pau"), ("jhabite a aegn", "Agen"), ("dxa", "Dax")],
)
def test_a_short_town_name_misspelt_after_a_place_cue_or_alone_is_that_town(
    nlu: NLUPipeline, text: str, commune: str
) -> None:
    assert [e.get("commune") for e in places(nlu, text)] == [commune]


@pytest.mark.parametrize("text", ["hemmm", "je suis a hemm", "je vis sans", "il est gapp"])
def test_a_short_french_word_is_never_read_as_a_misspelt_town(nlu: NLUPipeline, text: str) -> None:
    """ "hemm" (a hesitation) is no Hem; a town whose name is a word (Gap, Sens) is not
    guessed from a misspelling."""
    assert not [e for e in places(nlu, text) if e.get("commune") in ("Hem", "Gap", "Sens")]


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("vous etes presents dans l orne ?", "61"),
        ("on habite dans l ain depuis 2 ans", "01"),
        ("je cherche dans l herault", "34"),
        ("departement de l isere", "38"),
    ],
)
def test_a_departement_after_l_typed_without_its_apostrophe(
    nlu: NLUPipeline, text: str, departement: str
) -> None:
    """SMS drop the apostrophe of "dans l'Orne": the département is still named."""
    assert departement in [e.get("departement") for e in places(nlu, text)]
