"""Entity extraction on French SMS-style messages: canonical values, negation, dates, communes."""

from __future__ import annotations

from typing import Any

import pytest

from nlu.pipeline import NLUPipeline
from nlu.training_data import load_training_data

from .conftest import TODAY, TRAIN_FILE


def entities(nlu: NLUPipeline, text: str) -> list[dict[str, Any]]:
    result = nlu.parse(text, today=TODAY)
    for ent in result.entities:
        assert text[ent["start"] : ent["end"]] == ent["text"]
    return result.entities


def values(nlu: NLUPipeline, text: str, entity: str) -> list[Any]:
    return [e["value"] for e in entities(nlu, text) if e["entity"] == entity]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("je cherche comme auxiliaire de vie", "job", "advf"),
        ("j'ai été AMP pendant 5 ans", "job", "aes"),
        ("je veux devenir aide-soignante", "job", "aide_soignant"),
        ("j'ai le CAP petite enfance", "diploma", "cap_aepe"),
        ("j'ai aucun diplôme", "diploma", "none"),
        ("j'ai un bac+2", "diploma", "bac+2"),
        ("je voudrais une info collective", "event_type", "information_collective"),
        ("plutôt en maison de retraite", "workplace", "ehpad"),
        ("j'ai pas le permis", "driving_licence", "false"),
        ("sans permis", "driving_licence", "false"),
        ("pa de permis", "driving_licence", "false"),
        ("j'ai le permis", "driving_licence", "true"),
        ("permis B", "driving_licence", "true"),
        ("pa de voiture", "vehicle", "none"),
        ("j'ai une voiture", "vehicle", "car"),
        ("j'ai un scooter", "vehicle", "two_wheeler"),
        ("je prends le bus", "public_transport", "true"),
        ("pas de bus chez moi", "public_transport", "false"),
        ("j'ai 2 enfants", "children", "2"),
        ("deux enfants", "children", "2"),
        ("j'en ai 3", "children", "3"),
        ("pas d'enfant", "children", "0"),
    ],
)
def test_canonical_values(nlu: NLUPipeline, text: str, entity: str, value: str) -> None:
    assert values(nlu, text, entity) == [value]


def test_lowercase_as_is_not_the_acronym(nlu: NLUPipeline) -> None:
    assert values(nlu, "t'as quel âge ?", "job") == []
    assert values(nlu, "je suis AS en EHPAD", "job") == ["aide_soignant"]


def test_a_question_about_the_licence_is_not_a_fact(nlu: NLUPipeline) -> None:
    assert values(nlu, "faut-il le permis pour être aide à domicile ?", "driving_licence") == []


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("mardi prochain", {"date": "2026-01-06"}),
        ("le 12/01", {"date": "2026-01-12"}),
        ("en janvier", {"date_from": "2026-01-01", "date_to": "2026-01-31"}),
        ("demain", {"date": "2026-01-06"}),
        ("la semaine prochaine", {"date_from": "2026-01-12", "date_to": "2026-01-18"}),
        ("dans huit jours", {"date": "2026-01-13"}),  # number words are the rules' own
    ],
)
def test_dates_keep_the_text_and_resolve_against_today(
    nlu: NLUPipeline, text: str, extra: dict[str, str]
) -> None:
    dates = [e for e in entities(nlu, f"c'est possible {text} ?") if e["entity"] == "date"]
    assert len(dates) == 1
    assert dates[0]["value"] == text
    assert {k: dates[0].get(k) for k in extra} == extra


def location(nlu: NLUPipeline, text: str) -> dict[str, Any]:
    found = [e for e in entities(nlu, text) if e["entity"] == "location"]
    assert len(found) == 1, found
    return found[0]


def test_commune_with_candidates_in_other_departements(nlu: NLUPipeline) -> None:
    loc = location(nlu, "j'habite à Mérignac")
    assert (loc["value"], loc["commune"], loc["postal_code"], loc["departement"]) == (
        "Mérignac",
        "Mérignac",
        "33700",
        "33",
    )
    assert {c["departement"] for c in loc["candidates"]} == {"33", "16", "17"}


@pytest.mark.parametrize(
    ("text", "commune", "postal_code", "departement"),
    [
        ("je suis a st etienne", "Saint-Étienne", None, "42"),
        ("j'habite Paris 15e", "Paris", "75015", "75"),  # an arrondissement is its city
        ("mon code postal c'est 33600", "Pessac", "33600", "33"),
        ("je vis à Ajaccio", "Ajaccio", None, "2A"),
        ("je suis à Fort-de-France", "Fort-de-France", None, "972"),
        ("Lyon 8", "Lyon", "69008", "69"),
    ],
)
def test_communes(
    nlu: NLUPipeline, text: str, commune: str, postal_code: str | None, departement: str
) -> None:
    loc = location(nlu, text)
    assert (loc["commune"], loc["postal_code"], loc["departement"]) == (
        commune,
        postal_code,
        departement,
    )
    assert loc["valid"] is True


def test_unknown_postal_code_is_flagged(nlu: NLUPipeline) -> None:
    loc = location(nlu, "j'habite au 12345")
    assert loc["valid"] is False and loc["postal_code"] == "12345" and loc["commune"] is None


def test_departement_name(nlu: NLUPipeline) -> None:
    assert location(nlu, "y a des ateliers dans le Finistère ?")["departement"] == "29"


@pytest.mark.parametrize(
    "text",
    [
        "je cherche à vivre de mon travail",
        "j'aime bien le plan de formation",
        "oui",
        "il y a eu un problème",
        "je mens pas",
        "je voudrais aller vers le soin",
        "j'espère avoir une réponse",
    ],
)
def test_communes_that_are_ordinary_words_do_not_fire(nlu: NLUPipeline, text: str) -> None:
    assert values(nlu, text, "location") == []


@pytest.mark.parametrize(
    ("text", "commune", "departement"),
    [
        ("je cherche du travail comme aide a domicile sur valence", "Valence", "26"),
        ("un emploi d'ash vers limoges svp", "Limoges", "87"),
        ("moi je suis sur quimper", "Quimper", "29"),
        ("tours", "Tours", "37"),
    ],
)
def test_a_big_town_named_in_lower_case_after_a_preposition(
    nlu: NLUPipeline, text: str, commune: str, departement: str
) -> None:
    """Its name is an ordinary word too (valence, limoges, quimper, tours), but a town
    of 20,000 people or more after "sur"/"à"/"vers", or alone, is the town."""
    loc = location(nlu, text)
    assert (loc["commune"], loc["departement"]) == (commune, departement)


@pytest.mark.parametrize(
    ("text", "commune", "departement"),
    [
        ("cognac (16) jsuis dispo des lundi", "Cognac", "16"),
        ("sens (89), je voudrais un stage", "Sens", "89"),
        ("mon adresse c'est grasse ds le 06, pas de voiture", "Grasse", "06"),
    ],
)
def test_a_lower_case_commune_beside_its_departement_number(
    nlu: NLUPipeline, text: str, commune: str, departement: str
) -> None:
    """No cue before it and other words after it, but its département's number in
    brackets or after "ds le" places it."""
    found = [e for e in entities(nlu, text) if e["entity"] == "location" and e["commune"]]
    assert [(e["commune"], e["departement"]) for e in found] == [(commune, departement)]


@pytest.mark.parametrize(
    "text",
    ["mon fils (12) a de l'asthme", "j'ai deux enfants (12 ans et 8 ans)", "je passe (20) minutes"],
)
def test_a_number_in_brackets_alone_is_no_place(nlu: NLUPipeline, text: str) -> None:
    assert values(nlu, text, "location") == []


@pytest.mark.parametrize(
    "text",
    [
        "il existe une aide à la garde des enfants ?",  # La Garde (Var): an article
        "je veux un travail qui a sens pour moi",  # Sens (Yonne): a word of the domain
        "je travaille à la fontaine du village",  # not right after the preposition
    ],
)
def test_a_big_towns_name_used_as_a_word_is_no_place(nlu: NLUPipeline, text: str) -> None:
    assert values(nlu, text, "location") == []


def test_few_false_locations_on_training_sentences(nlu: NLUPipeline) -> None:
    data = load_training_data(TRAIN_FILE)
    without = [e for e in data.examples if not any(a.entity == "location" for a in e.entities)]
    false = [
        e.text for e in without if any(c.entity == "location" for c in nlu.entities.extract(e.text))
    ]
    assert len(false) <= 0.01 * len(without), false


def test_the_sms_of_the_issue(nlu: NLUPipeline) -> None:
    text = (
        "jcherche 1 taf comme auxiliaire de vie, jsuis a roubaix jai le permis mais pa de voiture"
    )
    result = nlu.parse(text)
    assert result.intent == "want_job"
    found = {e["entity"]: e for e in result.entities}
    assert set(found) == {"job", "location", "driving_licence", "vehicle"}
    assert found["job"]["value"] == "advf"
    assert (found["location"]["commune"], found["location"]["departement"]) == ("Roubaix", "59")
    assert found["driving_licence"]["value"] == "true"
    assert found["vehicle"]["value"] == "none"
    for ent in result.entities:
        assert text[ent["start"] : ent["end"]] == ent["text"]


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        ("Valencinenes", "Valenciennes"),
        ("guééret", "Guéret"),
        ("Monnt-de-Marsn", "Mont-de-Marsan"),
        ("j'habite à Certeil, je cherche du travail", "Créteil"),
    ],
)
def test_a_misspelt_bare_commune_still_resolves(nlu: NLUPipeline, text: str, commune: str) -> None:
    found = [e for e in entities(nlu, text) if e["entity"] == "location"]
    assert [e.get("commune") for e in found] == [commune]
    assert nlu.parse(text).intent in {"inform", "want_job"}


@pytest.mark.parametrize(
    "text",
    ["coucou", "passez une bonne soirée", "je suis prête à travailler", "remerciements sincères"],
)
def test_ordinary_words_are_not_read_as_misspelt_communes(nlu: NLUPipeline, text: str) -> None:
    assert not [e for e in entities(nlu, text) if e["entity"] == "location"]


def test_only_a_word_after_a_place_cue_is_looked_up_as_a_misspelt_name(
    nlu: NLUPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The French dictionary tells a misspelt name from a word only after a place cue
    ("j'habite toulous"): a question with no cue costs no dictionary probe per word."""
    import nlu.components.gazetteer as gazetteer

    probed: list[str] = []

    def probe(word: str) -> bool:
        probed.append(word)
        return is_french_word(word)

    is_french_word = gazetteer.is_french_word
    monkeypatch.setattr(gazetteer, "is_french_word", probe)
    entities(nlu, "combien de temps dure la formation et quel est le salaire ensuite")
    assert probed == []
    found = entities(nlu, "bonjour, j'habite toulous et je cherche un emploi")
    assert "toulous" in probed
    assert [e.get("commune") for e in found if e["entity"] == "location"] == ["Toulouse"]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("je cherche une formation d'assitante de vie", "job", "advf"),
        ("je voudrais devenir aide soigante", "job", "aide_soignant"),
        ("auxilaire de vie depuis 3 ans", "job", "advf"),
        ("accompagnante educative et socail", "job", "aes"),
        ("agent de servise hospitalier", "job", "ash"),
        ("j'ai le diplome d'aide soignnate", "diploma", "deas"),
        ("je veux aller au job datting", "event_type", "job_dating"),
    ],
)
def test_a_word_misspelt_by_one_letter_still_names_it(
    nlu: NLUPipeline, text: str, entity: str, value: str
) -> None:
    assert values(nlu, text, entity) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Le Mans, quartier des Sablons",  # a name, not "salons" misspelt
        "les soigants sont gentils",  # no job phrase around the word
    ],
)
def test_a_name_or_a_lone_word_is_no_misspelt_job(nlu: NLUPipeline, text: str) -> None:
    found = [e["entity"] for e in entities(nlu, text)]
    assert "job" not in found and "event_type" not in found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("oui j'ai une clio", "car"),
        ("oui g une 208", "car"),
        ("je roule en twingo", "car"),
        ("ma petite C3", "car"),
        ("j'ai plus ma clio", "none"),
    ],
)
def test_a_car_said_by_its_make_or_model(nlu: NLUPipeline, text: str, value: str) -> None:
    assert values(nlu, text, "vehicle") == [value]


def test_a_car_makes_name_as_a_word_is_no_car(nlu: NLUPipeline) -> None:
    assert values(nlu, "le week-end je joue au golf", "vehicle") == []


@pytest.mark.parametrize(
    ("text", "commune", "departement"),
    [("vienne ds le 38", "Vienne", "38"), ("j'suis sur vienne dans le 38", "Vienne", "38")],
)
def test_a_commune_named_like_a_departement_beside_another_departements_number(
    nlu: NLUPipeline, text: str, commune: str, departement: str
) -> None:
    """Vienne is a département (86) and a town of Isère: "dans le 38" says which."""
    found = [e for e in entities(nlu, text) if e["entity"] == "location" and e["commune"]]
    assert [(e["commune"], e["departement"]) for e in found] == [(commune, departement)]


@pytest.mark.parametrize(
    "text", ["oups non, nantes", "en fait c'est nantes", "pardon, plutot nantes", "moi c nantes"]
)
def test_a_big_town_in_lower_case_named_last_after_a_correction(
    nlu: NLUPipeline, text: str
) -> None:
    """Nantes is a word too: after a correction or "c'est" (or its SMS form "c"), ending
    the message, the town."""
    found = [e for e in entities(nlu, text) if e["entity"] == "location"]
    assert [e["commune"] for e in found] == ["Nantes"]


@pytest.mark.parametrize("text", ["non en fait aucun", "c'est nantes qui recrute le plus ?"])
def test_a_correction_before_a_word_that_ends_nothing_is_no_place(
    nlu: NLUPipeline, text: str
) -> None:
    assert values(nlu, text, "location") == []
