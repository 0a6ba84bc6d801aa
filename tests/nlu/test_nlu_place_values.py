"""What a candidate's words are read as when they are not written the way the files
write them: a misspelt commune's value is the commune meant, a town's name without its
final "s" is still that town, a compound name typed without its hyphen keeps its
typo-tolerance, a département is not cut into a commune "Le Val" and a word after it,
"la semaine pro" is a date, "une petite de 4 ans" a child (issue 20, entities)."""

from __future__ import annotations

from typing import Any

import pytest

from nlu.evaluate import evaluate_pipeline
from nlu.pipeline import NLUPipeline
from nlu.training_data import load_training_data

from .conftest import NLU_DIR, TODAY


def found(nlu: NLUPipeline, text: str, kind: str) -> list[dict[str, Any]]:
    return [e for e in nlu.parse(text, today=TODAY).entities if e["entity"] == kind]


@pytest.mark.parametrize(
    ("text", "value", "departement"),
    [
        ("je vis à Grenoblle", "Grenoble", "38"),
        ("jhabite a perpignann", "Perpignan", "66"),
        ("je suis sur poitier", "Poitiers", "86"),  # "poitier" is a French word
        ("on vit a versaille", "Versailles", "78"),
        ("j'habite charlevile mezieres", "Charleville-Mézières", "08"),
        ("je suis a clermond ferrand", "Clermont-Ferrand", "63"),  # no hyphen, no particle
    ],
)
def test_a_misspelt_commune_is_valued_as_the_commune_meant(
    nlu: NLUPipeline, text: str, value: str, departement: str
) -> None:
    places = found(nlu, text, "location")
    assert [(e["value"], e["departement"]) for e in places] == [(value, departement)]


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("on vit dans le Val de Marne", "Val-de-Marne", "94"),
        ("je suis dans le val d oise", "Val-d'Oise", "95"),
        ("je vis à la Réunion", "La Réunion", "974"),
        ("j'habite en seine saint denis", "Seine-Saint-Denis", "93"),
    ],
)
def test_a_departement_is_valued_by_its_name_and_never_cut_into_a_commune(
    nlu: NLUPipeline, text: str, value: str, code: str
) -> None:
    places = found(nlu, text, "location")
    assert [(e["value"], e["departement"], e["commune"]) for e in places] == [(value, code, None)]


def test_sms_pro_is_next(nlu: NLUPipeline) -> None:
    # TODAY is Monday 5 January 2026
    assert [e["value"] for e in found(nlu, "je peux venir la semaine pro", "date")] == [
        "la semaine pro"
    ]
    (monday,) = found(nlu, "dispo lundi pro", "date")
    assert monday["date"] == "2026-01-12"  # next week's, not today
    assert not found(nlu, "je suis pro", "date")


def test_a_child_told_by_its_age_is_one_child(nlu: NLUPipeline) -> None:
    assert [e["value"] for e in found(nlu, "j'ai une petite de 4 ans", "children")] == ["1"]
    for text in ("je suis un petit peu perdu", "j'ai un petit boulot"):
        assert not found(nlu, text, "children"), text


@pytest.mark.parametrize(
    "text", ["je suis a la recherche d'un emploi", "je suis pro", "j'habite seule"]
)
def test_ordinary_words_after_a_place_cue_stay_words(nlu: NLUPipeline, text: str) -> None:
    assert not found(nlu, text, "location"), text


@pytest.mark.parametrize("name", ["entities_s19.yml", "entities_s19b.yml"])
def test_session_19_held_out_entities_keep_their_figures(nlu: NLUPipeline, name: str) -> None:
    report = evaluate_pipeline(nlu, load_training_data(NLU_DIR / "data" / "dev" / name))
    entities = report["entities"]
    assert entities["location.commune"]["f1"] >= 0.95, entities["location.commune"]
    for kind in ("location.departement", "location.postal_code", "date", "children", "job"):
        assert entities[kind]["f1"] >= 0.95, (kind, entities[kind])
    assert entities["micro avg"]["precision"] >= 0.97


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("j'ai eu mon bac professionnel ASSP l'an dernier", "bac_pro_assp"),
        ("titulaire d'un bac professionnel SAPAT", "bac_pro_sapat"),
        ("moi c'est un bac professionnel vente", "bac"),
        # the longest form holds "services à la personne", a phrase ignored on its own
        ("bac pro accompagnement soins et services à la personne en 2020", "bac_pro_assp"),
    ],
)
def test_bac_professionnel_written_out_is_one_diploma(
    nlu: NLUPipeline, text: str, value: str
) -> None:
    # "bac professionnel ASSP" was two diplomas, the bac and the bac pro ASSP
    assert [e["value"] for e in found(nlu, text, "diploma")] == [value]
