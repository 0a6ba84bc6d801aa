"""La Poste communes: lookups by name and postal code, coordinates, nice names."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.geo import Communes, departement_of_insee, nice_name
from vocab.geo import haversine_km


def test_lookup_by_any_spelling(communes: Communes) -> None:
    for spelling in ("Saint-Étienne", "st etienne", "ST-ETIENNE", "saint etienne"):
        found = communes.lookup(spelling)
        assert found and found[0].name == "Saint-Étienne" and found[0].departement == "42"


def test_names_are_shown_as_people_write_them(communes: Communes) -> None:
    """La Poste's names have no accents; the INSEE's COG gives them back, and the
    population."""
    assert [c.name for c in communes.lookup("REZE")] == ["Rezé"]
    assert communes.lookup("l hay les roses")[0].name == "L'Haÿ-les-Roses"
    assert [c.name for c in communes.by_postal_code("33700")] == ["Mérignac"]
    assert (communes.lookup("Nantes")[0].population or 0) > 300_000
    assert communes.lookup("Paris 15")[0].name == "Paris 15"  # not in the COG: La Poste's


def test_without_the_cog_file_names_are_la_postes(tmp_path: Path) -> None:
    from nlu.geo import default_csv_path

    plain = Communes.from_csv(default_csv_path(), cog=tmp_path / "absent.csv")
    assert plain.lookup("Rezé")[0].name == "Reze" and plain.lookup("Rezé")[0].population is None


def test_name_in_several_departements_lists_them_most_prominent_first(communes: Communes) -> None:
    found = communes.lookup("Mérignac")
    assert [c.departement for c in found] == ["33", "16", "17"]
    assert found[0].postal_code == "33700"


def test_postal_codes(communes: Communes) -> None:
    assert [c.name for c in communes.by_postal_code("33600")] == ["Pessac"]
    assert communes.is_valid_postal_code("75015")
    assert not communes.is_valid_postal_code("12345")
    assert communes.by_postal_code("12345") == []
    assert len(communes.by_postal_code("16200")) > 5  # a rural code shared by many communes


def test_arrondissements_corsica_and_overseas(communes: Communes) -> None:
    assert communes.lookup("Paris 15e")[0].postal_code == "75015"
    assert communes.lookup("Lyon 3ème")[0].postal_code == "69003"
    paris = communes.lookup("Paris")[0]
    assert paris.departement == "75" and paris.postal_code is None and len(paris.postal_codes) >= 20
    assert communes.lookup("Ajaccio")[0].departement == "2A"
    assert communes.lookup("Bastia")[0].departement == "2B"
    assert communes.lookup("Fort-de-France")[0].departement == "972"
    assert communes.lookup("Mamoudzou")[0].departement == "976"
    assert departement_of_insee("97411") == "974"


def test_coordinates_and_distance(communes: Communes) -> None:
    lat, lon = communes.coordinates(postal_code="75015") or (0.0, 0.0)
    assert 48.8 < lat < 48.9 and 2.2 < lon < 2.4
    assert communes.coordinates(postal_code="12345") is None
    lille = communes.coordinates(name="Lille")
    roubaix = communes.coordinates(name="Roubaix")
    assert lille and roubaix
    assert 5 < haversine_km(*lille, *roubaix) < 20


def test_nice_names() -> None:
    assert nice_name("L HAY LES ROSES") == "L'Hay-les-Roses"
    assert nice_name("LA ROCHE SUR YON") == "La Roche-sur-Yon"
    assert nice_name("VILLENEUVE D ASCQ") == "Villeneuve-d'Ascq"
    assert nice_name("LYON 03") == "Lyon 3"


def test_the_cache_gives_back_every_commune(communes: Communes, tmp_path: Path) -> None:
    # its load time is a benchmark figure (`autonomie bench`: cold start), not a test
    communes.save(tmp_path / "communes.pkl")
    loaded = Communes.load(tmp_path / "communes.pkl")
    assert len(loaded) == len(communes)
    assert loaded.lookup("Pessac")[0].postal_code == "33600"


def test_a_misspelt_name_is_read_as_the_commune_one_edit_a_word_away(communes: Communes) -> None:
    assert communes.fuzzy_key("valencinenes") == "valenciennes"  # two letters swapped
    assert communes.fuzzy_key("gueeret") == "gueret"  # a letter doubled
    assert communes.fuzzy_key("romasn sur iesre") == "romans sur isere"  # one edit a word
    assert communes.fuzzy_key("marseile") == "marseille"  # the most prominent of the near ones
    assert communes.fuzzy_key("colmar") is None  # an exact name is not "misspelt"
    assert communes.fuzzy_key("travial") is None  # far from every commune
    assert communes.fuzzy_key("rouenn sur mer") is None  # each word must be near
    assert communes.fuzzy_key("lile") is None  # too short to guess


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("paau", "pau"), ("dxa", "dax"), ("aegn", "agen"), ("rrimo", None), ("albbi", "albi")],
)
def test_a_short_town_name_is_read_through_a_doubled_or_swapped_letter(
    communes: Communes, typed: str, meant: str | None
) -> None:
    """Pau, Dax, Agen, Albi: a letter doubled or two neighbours swapped (past the first
    letter, which is never wrong); "rrimo" is two slips from Riom: nothing."""
    assert communes.fuzzy_key(typed) == meant


@pytest.mark.parametrize("typed", ["alez", "sen", "dac", "agn", "paux"])
def test_a_short_word_one_letter_changed_or_dropped_is_no_town(
    communes: Communes, typed: str
) -> None:
    """A changed or dropped letter in a name of four letters or fewer lands on too many
    words ("alez" is no Alès, "sen" no Sens); only big towns' names are guessed at all."""
    assert communes.fuzzy_key(typed) is None


def test_the_communes_near_a_shared_position(communes: Communes) -> None:
    near = communes.near(44.8378, -0.5792)  # Bordeaux, place de la Comédie
    assert near[0].name == "Bordeaux" and 1 < len(near) <= 4
    assert all(c.departement == "33" for c in near)
    reunion = communes.near(-20.8821, 55.4507)  # Saint-Denis de La Réunion
    assert reunion and reunion[0].departement == "974"
    assert communes.near(40.0, -30.0) == []  # mid-Atlantic: no commune is near


def test_a_bare_name_may_mean_a_bigger_town_that_continues_it_never_a_village(
    communes: Communes,
) -> None:
    """'Villefranche' (a village of the Gers) may mean Villefranche-sur-Saône, the
    biggest first; 'Muret' (26,000 inhabitants) is not Muret-le-Château (350)."""
    longer = [c.name for c in communes.longer_names("Villefranche", limit=6)]
    assert longer[0] == "Villefranche-sur-Saône" and "Villefranche-de-Rouergue" in longer
    assert communes.longer_names("Muret", limit=6) == []
    assert [c.name for c in communes.longer_names("Aix", limit=2)] == [
        "Aix-en-Provence",
        "Aix-les-Bains",
    ]


def test_a_far_bigger_commune_one_letter_away_or_continuing_the_name(communes: Communes) -> None:
    """A hamlet's exact name is no proof of where a person lives: "Bourdeaux" (Drôme)
    is one letter from Bordeaux, "Évry" (Yonne) is continued by Évry-Courcouronnes;
    a town as big as its neighbours by name (Sens, Lens; Valence) has no rival."""
    assert [c.name for c in communes.far_bigger("bourdeaux")] == ["Bordeaux"]
    assert [c.name for c in communes.far_bigger("Evry")] == ["Évry-Courcouronnes"]
    for name in ("Sens", "Lens", "Valence", "Muret", "Nantes"):
        assert communes.far_bigger(name) == []
