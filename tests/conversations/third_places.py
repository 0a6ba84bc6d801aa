"""Session 18's places for the simulated candidates (`--vocabulary third`): real
communes (La Poste's file, /work/shared/data) not used by the first two
vocabularies: Corsica (départements 2A and 2B, postal codes 20xxx), a city said
with its arrondissement ("Lyon 8e"), merged communes said by their former name
("Evry", "Cherbourg"), overseas communes several of which share a name with a
commune elsewhere, names shared inside one département's neighbours; and new
ways of saying a place: a street address, "originaire de X mais j'habite Y",
capitals, a postal code with a space ("33 170"), "je reste à" (lives at).
Placeholders as in fresh_places.FRESH_PLACE, plus those of `place_fields`.
"""

from __future__ import annotations

import random

from tests.conversations.personas import PlaceSpec

__all__ = ["THIRD_DEP_IN", "THIRD_PLACE", "THIRD_PLACES", "forms_for", "place_fields"]

THIRD_PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Gradignan", "33170", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Saint-Médard-en-Jalles", "33160", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Balma", "31130", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Ramonville-Saint-Agne", "31520", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Saint-Gaudens", "31800", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Valenciennes", "59300", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Armentières", "59280", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Dunkerque", "59140", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Vaulx-en-Velin", "69120", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Givors", "69700", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Lyon", "69008", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Concarneau", "29900", "29", "Bretagne", "Finistère"),
    PlaceSpec("Douarnenez", "29100", "29", "Bretagne", "Finistère"),
    PlaceSpec("Corbeil-Essonnes", "91100", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Étampes", "91150", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Évry-Courcouronnes", "91000", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Grigny", "91350", "91", "Île-de-France", "Essonne", ambiguous=True),
    PlaceSpec("Angers", "49000", "49", "Pays de la Loire", "Maine-et-Loire"),
    PlaceSpec("Perpignan", "66000", "66", "Occitanie", "Pyrénées-Orientales"),
    PlaceSpec("Ajaccio", "20000", "2A", "Corse", "Corse-du-Sud"),
    PlaceSpec("Bastia", "20200", "2B", "Corse", "Haute-Corse"),
    PlaceSpec("Cherbourg-en-Cotentin", "50100", "50", "Normandie", "Manche"),
    PlaceSpec("Saint-Martin-d'Hères", "38400", "38", "Auvergne-Rhône-Alpes", "Isère"),
    PlaceSpec("Saint-Benoît", "97470", "974", "La Réunion", "La Réunion", ambiguous=True),
    PlaceSpec("Saint-André", "97440", "974", "La Réunion", "La Réunion", ambiguous=True),
    PlaceSpec("Saint-Joseph", "97480", "974", "La Réunion", "La Réunion", ambiguous=True),
    PlaceSpec("Sainte-Anne", "97180", "971", "Guadeloupe", "Guadeloupe", ambiguous=True),
    PlaceSpec("Baie-Mahault", "97122", "971", "Guadeloupe", "Guadeloupe"),
    PlaceSpec("Le Moule", "97160", "971", "Guadeloupe", "Guadeloupe"),
    PlaceSpec("Schœlcher", "97233", "972", "Martinique", "Martinique"),
    PlaceSpec("Le François", "97240", "972", "Martinique", "Martinique"),
    PlaceSpec("Matoury", "97351", "973", "Guyane", "Guyane"),
    PlaceSpec("Saint-Laurent-du-Maroni", "97320", "973", "Guyane", "Guyane"),
)
#: merged communes, as people still name them (the former commune's name)
FORMER = {"Évry-Courcouronnes": ("Evry", "Évry"), "Cherbourg-en-Cotentin": ("Cherbourg",)}
#: a city said with its arrondissement
ARRONDISSEMENTS = frozenset({"Lyon"})
OVERSEAS = frozenset({"971", "972", "973", "974", "976"})

THIRD_PLACE = {
    "name": [
        "je réside à {commune}",
        "chez moi c'est {commune}",
        "j'habite sur {commune} depuis peu",
        "domiciliée à {commune}",
        "je reste {at}",
        "je vis {at} depuis toujours",
        "{upper}",
        "mon adresse c'est {commune}",
    ],
    "name_cp": [
        "{commune} {cp_spaced}",
        "{cp} {upper}",
        "{commune} cp:{cp}",
        "{commune}, code postale {cp}",
        "je reste {at} ({cp})",
    ],
    "name_cp_region": ["{commune} {cp}, {region}", "{at} ({cp}) en {region}"],
    "cp": ["{cp_spaced}", "code postale {cp}", "cp:{cp}", "le {cp} c'est chez moi"],
    "near": [
        "à deux pas {of}",
        "dans un village à côté {of}",
        "à 15 km {of}",
        "limite {commune}",
        "en périphérie {of}",
    ],
    "name_dep": [
        "{at}, dans le {dep}",
        "{commune} - {dep}",
        "{commune}, département {dep}",
        "{upper} ({dep})",
    ],
    "written": ["{lower}", "{upper}", "jreste {at}", "{lower} ds le {dep}"],
    "typo": ["je réside à {commune}", "{commune}", "chez moi c {commune}"],
    "dep": ["{dep_in} mais je bouge facilement", "partout {dep_in}", "je suis {dep_in}"],
    "dep_num": ["dans le {dep} moi", "c'est dans le {dep}", "le {dep} svp"],
    "region": ["{in_region}", "je cherche sur toute la région {region_name}"],
    "address": [
        "{street}, {cp} {commune}",
        "j'habite {street} à {commune}",
        "{street} {cp} {upper}",
        "mon adresse : {street}, {commune} {cp}",
    ],
    "origin": [
        "originaire de {other} mais j'habite {at}",
        "je viens de {other} mais maintenant je vis {at}",
        "je suis née à {other}, j'habite {at} depuis 10 ans",
    ],
    "former": ["j'habite à {said}", "{said} {cp}", "{said}", "je suis sur {said}"],
    "arr": ["{commune} {arr}", "j'habite {commune} {arr} arrondissement", "{commune} {arr}, {cp}"],
}

THIRD_DEP_IN = {
    "33": ["en Gironde"],
    "31": ["en Haute-Garonne"],
    "59": ["dans le Nord"],
    "69": ["dans le Rhône"],
    "29": ["dans le Finistère"],
    "91": ["en Essonne"],
    "49": ["dans le Maine-et-Loire", "en Maine-et-Loire"],
    "66": ["dans les Pyrénées-Orientales"],
    "2A": ["en Corse-du-Sud", "en Corse du sud"],
    "2B": ["en Haute-Corse"],
    "50": ["dans la Manche"],
    "38": ["en Isère", "en isere"],
    "974": ["à la Réunion", "à La Réunion"],
    "971": ["en Guadeloupe"],
    "972": ["en Martinique"],
    "973": ["en Guyane"],
}

_STREETS = (
    *("rue des Lilas", "avenue Jean Jaurès", "rue du Stade", "allée des Érables"),
    *("chemin des Vignes", "impasse des Roses", "rue de Paris", "boulevard Victor Hugo"),
    *("résidence les Tilleuls bât C", "lotissement les Mimosas"),
)
_OTHERS = ("Nancy", "Metz", "Orléans", "Tours", "Dijon", "Poitiers", "Amiens", "Caen")


def forms_for(place: PlaceSpec) -> tuple[str, ...]:
    """The forms a persona may say this place in."""
    forms = [
        *("name", "name", "name", "name_cp", "name_cp_region", "cp", "near", "name_dep"),
        *("written", "typo", "dep", "dep_num", "address", "origin"),
    ]
    if place.commune in FORMER:
        forms += ["former", "former"]
    if place.commune in ARRONDISSEMENTS:
        forms += ["arr", "arr"]
    return tuple(forms)


def place_fields(
    template: str, place: PlaceSpec, commune: str, rng: random.Random
) -> dict[str, str]:
    """The third vocabulary's placeholders, drawn only when the template has them
    (`commune` is the name as the person types it)."""
    cp = place.postal_code
    fields = {"cp_spaced": f"{cp[:2]} {cp[2:]}", "upper": commune.upper(), "arr": ""}
    if "{arr}" in template:
        n = int(cp[-2:])
        fields["arr"] = rng.choice([f"{n}e", f"{n}ème", f"{n}eme"])
    if "{street}" in template:
        fields["street"] = f"{rng.randrange(1, 120)} {rng.choice(_STREETS)}"
    if "{other}" in template:
        fields["other"] = rng.choice(_OTHERS)
    if "{said}" in template:
        fields["said"] = rng.choice(FORMER.get(place.commune, (commune,)))
    return fields
