"""Session 19's places for the simulated candidates (`--vocabulary fourth`): real
communes (La Poste's file, /work/shared/data) none of the first three vocabularies
uses, most in the départements of the demo platforms, some sharing their name with
a commune of another département (Blanquefort 32/33, Langon 33/35, Revel 31/38,
Sainte-Geneviève-des-Bois 45/91); and new ways of saying a place: by a landmark and
the commune ("près de la gare de Bègles", "derrière la mairie"), the commune then
its quarter, a postal code said before the name with "à côté".
Placeholders as in fresh_places.FRESH_PLACE, plus {landmark} (`place_fields`).
"""

from __future__ import annotations

import random

from tests.conversations.personas import PlaceSpec

__all__ = ["FOURTH_DEP_IN", "FOURTH_PLACE", "FOURTH_PLACES", "forms_for", "place_fields"]

_NA, _OC, _HF = "Nouvelle-Aquitaine", "Occitanie", "Hauts-de-France"
_RA, _BR, _IF = "Auvergne-Rhône-Alpes", "Bretagne", "Île-de-France"

FOURTH_PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Bègles", "33130", "33", _NA, "Gironde"),
    PlaceSpec("Villenave-d'Ornon", "33140", "33", _NA, "Gironde"),
    PlaceSpec("Arcachon", "33120", "33", _NA, "Gironde"),
    PlaceSpec("Eysines", "33320", "33", _NA, "Gironde"),
    PlaceSpec("Blanquefort", "33290", "33", _NA, "Gironde", ambiguous=True),
    PlaceSpec("Langon", "33210", "33", _NA, "Gironde", ambiguous=True),
    PlaceSpec("Cugnaux", "31270", "31", _OC, "Haute-Garonne"),
    PlaceSpec("Castanet-Tolosan", "31320", "31", _OC, "Haute-Garonne"),
    PlaceSpec("Plaisance-du-Touch", "31830", "31", _OC, "Haute-Garonne"),
    PlaceSpec("Revel", "31250", "31", _OC, "Haute-Garonne", ambiguous=True),
    PlaceSpec("Cambrai", "59400", "59", _HF, "Nord"),
    PlaceSpec("Maubeuge", "59600", "59", _HF, "Nord"),
    PlaceSpec("Wattrelos", "59150", "59", _HF, "Nord"),
    PlaceSpec("Lambersart", "59130", "59", _HF, "Nord"),
    PlaceSpec("Hazebrouck", "59190", "59", _HF, "Nord"),
    PlaceSpec("Décines-Charpieu", "69150", "69", _RA, "Rhône"),
    PlaceSpec("Meyzieu", "69330", "69", _RA, "Rhône"),
    PlaceSpec("Oullins", "69600", "69", _RA, "Rhône"),
    PlaceSpec("Tarare", "69170", "69", _RA, "Rhône"),
    PlaceSpec("Quimperlé", "29300", "29", _BR, "Finistère"),
    PlaceSpec("Landivisiau", "29400", "29", _BR, "Finistère"),
    PlaceSpec("Guipavas", "29490", "29", _BR, "Finistère"),
    PlaceSpec("Carhaix-Plouguer", "29270", "29", _BR, "Finistère"),
    PlaceSpec("Savigny-sur-Orge", "91600", "91", _IF, "Essonne"),
    PlaceSpec("Brétigny-sur-Orge", "91220", "91", _IF, "Essonne"),
    PlaceSpec("Draveil", "91210", "91", _IF, "Essonne"),
    PlaceSpec("Athis-Mons", "91200", "91", _IF, "Essonne"),
    PlaceSpec("Sainte-Geneviève-des-Bois", "91700", "91", _IF, "Essonne", ambiguous=True),
    # elsewhere: no demo platform in the département
    PlaceSpec("Poitiers", "86000", "86", _NA, "Vienne"),
    PlaceSpec("Besançon", "25000", "25", "Bourgogne-Franche-Comté", "Doubs"),
)

FOURTH_PLACE = {
    "name": [
        "j'habite {commune}",
        "{commune}",
        "je suis de {commune}",
        "à {commune}",
        "moi c'est {commune}",
        "je vis {at}",
    ],
    "name_cp": [
        "{commune} ({cp})",
        "{cp} {commune}",
        "j'habite {commune}, {cp}",
        "{commune} code {cp}",
    ],
    "name_cp_region": ["{commune} {cp} ({region})", "{commune}, {cp}, région {region}"],
    "cp": ["{cp}", "mon code postal est le {cp}", "code postal : {cp}"],
    "near": ["pas loin {of}", "aux alentours {of}", "dans la campagne autour {of}"],
    "name_dep": ["{commune} dans le {dep}", "{commune} ({dep_name})", "{commune}, {dep}"],
    "written": ["{lower}", "jhabite {lower}", "{lower} {dep}"],
    "typo": ["j'habite {commune}", "{commune}", "je suis à {commune}"],
    "dep": ["quelque part {dep_in}", "{dep_in}", "j'habite {dep_in}"],
    "dep_num": ["le {dep}", "j'habite le {dep}", "département {dep}"],
    "region": ["{in_region}", "région {region_name}"],
    "landmark": [
        "près de {landmark} {of}",
        "j'habite à {commune}, à côté de {landmark}",
        "vers {landmark}, à {commune}",
        "{commune}, quartier de {landmark}",
        "derrière {landmark} à {commune}",
    ],
}

FOURTH_DEP_IN = {
    "33": ["en Gironde", "du côté de la Gironde"],
    "31": ["en Haute-Garonne", "vers la Haute Garonne"],
    "59": ["dans le Nord", "dans le département du Nord"],
    "69": ["dans le Rhône", "côté Rhône"],
    "29": ["dans le Finistère", "en Finistère"],
    "91": ["en Essonne", "dans l'Essonne"],
    "86": ["dans la Vienne"],
    "25": ["dans le Doubs"],
}

_LANDMARKS = (
    *("la gare", "la mairie", "l'hôpital", "la piscine", "l'église", "l'école"),
    *("la zone commerciale", "la poste", "la salle des fêtes", "la médiathèque"),
)


def forms_for(place: PlaceSpec) -> tuple[str, ...]:
    """The forms a persona may say this place in."""
    return (
        *("name", "name", "name", "name_cp", "name_cp_region", "cp", "near", "name_dep"),
        *("written", "typo", "dep", "dep_num", "landmark", "landmark", "landmark"),
    )


def place_fields(
    template: str, place: PlaceSpec, commune: str, rng: random.Random
) -> dict[str, str]:
    """The fourth vocabulary's placeholders, drawn only when the template has them."""
    return {"landmark": rng.choice(_LANDMARKS)} if "{landmark}" in template else {}
