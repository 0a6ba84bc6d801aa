"""Session 17's places for the simulated candidates (`--vocabulary new`): communes
whose name starts with an article (said "au Mans", "aux Herbiers", "du Havre"),
overseas communes, names that several communes share, a postal code shared by
communes, and new ways of saying each form of place. Real communes and codes
(La Poste's file, /work/shared/data). Placeholders as in vocabulary.PLACE, plus
{at} ("au Mans", "à Blagnac"), {of} ("du Mans", "de Blagnac"), {lower}
(lower case, no hyphen).
"""

from __future__ import annotations

from tests.conversations.personas import PlaceSpec

__all__ = ["FRESH_DEP_IN", "FRESH_PLACE", "FRESH_PLACES", "at_place", "of_place"]

FRESH_PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Le Mans", "72000", "72", "Pays de la Loire", "Sarthe"),
    PlaceSpec("La Rochelle", "17000", "17", "Nouvelle-Aquitaine", "Charente-Maritime", True),
    PlaceSpec("Le Havre", "76600", "76", "Normandie", "Seine-Maritime"),
    PlaceSpec("Les Herbiers", "85500", "85", "Pays de la Loire", "Vendée"),
    PlaceSpec("La Ciotat", "13600", "13", "Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône"),
    PlaceSpec("Le Bouscat", "33110", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Le Haillan", "33185", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Lormont", "33310", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Cenon", "33150", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Les Ulis", "91940", "91", "Île-de-France", "Essonne"),
    PlaceSpec("L'Union", "31240", "31", "Occitanie", "Haute-Garonne", shared_code=True),
    PlaceSpec("Blagnac", "31700", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Tournefeuille", "31170", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("La Madeleine", "59110", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Villeneuve-d'Ascq", "59650", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Rillieux-la-Pape", "69140", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Caluire-et-Cuire", "69300", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Landerneau", "29800", "29", "Bretagne", "Finistère"),
    PlaceSpec("Le Relecq-Kerhuon", "29480", "29", "Bretagne", "Finistère"),
    PlaceSpec("Montreuil", "93100", "93", "Île-de-France", "Seine-Saint-Denis", True),
    PlaceSpec("Kourou", "97310", "973", "Guyane", "Guyane"),
    PlaceSpec("Le Lamentin", "97232", "972", "Martinique", "Martinique"),
    PlaceSpec("Les Abymes", "97139", "971", "Guadeloupe", "Guadeloupe"),
    PlaceSpec("Le Gosier", "97190", "971", "Guadeloupe", "Guadeloupe"),
    PlaceSpec("Saint-Paul", "97460", "974", "La Réunion", "La Réunion", True),
    PlaceSpec("Saint-Louis", "97450", "974", "La Réunion", "La Réunion", True),
    PlaceSpec("Le Port", "97420", "974", "La Réunion", "La Réunion", True),
    PlaceSpec("Mamoudzou", "97600", "976", "Mayotte", "Mayotte"),
)

_ARTICLE_AT = {"le": "au", "les": "aux"}
_ARTICLE_OF = {"le": "du", "les": "des"}


def _split(commune: str) -> tuple[str, str]:
    head, _, rest = commune.partition(" ")
    return (head.lower(), rest) if head.lower() in ("le", "les") and rest else ("", commune)


def at_place(commune: str) -> str:
    """ "au Mans", "aux Herbiers", "à La Rochelle", "à Blagnac"."""
    article, rest = _split(commune)
    return f"{_ARTICLE_AT[article]} {rest}" if article else f"à {commune}"


def of_place(commune: str) -> str:
    """ "du Havre", "des Abymes", "de La Ciotat", "d'Ascq"-style elision before a vowel."""
    article, rest = _split(commune)
    if article:
        return f"{_ARTICLE_OF[article]} {rest}"
    return f"d'{commune}" if commune[0].lower() in "aeiouy" else f"de {commune}"


#: place phrases by form, in new words
FRESH_PLACE = {
    "name": [
        "j'habite {at}",
        "je vis {at}",
        "je suis {of}",
        "je loge {at}",
        "on habite {at} avec les enfants",
        "{commune}",
        "ma ville : {commune}",
        "je viens {of}, j'y habite",
        "{at}",
    ],
    "name_cp": [
        "{commune} {cp}",
        "{cp} - {commune}",
        "{commune} (cp {cp})",
        "j'habite {at}, {cp}",
        "{commune}, code postal {cp}",
        "{at} dans le {cp}",
    ],
    "name_cp_region": [
        "{commune} {cp} en {region}",
        "j'habite {at} ({cp}), région {region}",
        "{commune} {cp} {dep_name}",
        "{cp} {commune}, {dep_in}",
    ],
    "cp": [
        "code postal : {cp}",
        "CP {cp}",
        "c'est le {cp}",
        "{cp} voilà",
        "mon code postal est {cp}",
    ],
    "near": [
        "à côté {of}",
        "vers {commune}",
        "dans les environs {of}",
        "à 10 minutes {of}",
        "aux alentours {of}",
        "tout près {of}",
    ],
    "name_dep": [
        "{commune} dans le {dep}",
        "j'habite {at}, {dep_in}",
        "{commune} ({dep_name})",
        "{commune} {dep}",
    ],
    "written": ["{lower}", "jvis {at}", "jhabite {lower}", "{lower} !"],
    "typo": ["j'habite {commune}", "{commune}", "ville {commune}"],
    "dep": [
        "quelque part {dep_in}",
        "{dep_in}, dans un petit village",
        "je reste {dep_in}",
        "secteur {dep_name}",
    ],
    "dep_num": [
        "le {dep}",
        "je suis dans le {dep}",
        "département {dep}",
        "c'est le {dep} chez moi",
    ],
    "region": ["{in_region}", "j'habite {in_region}", "région {region_name}"],
}

#: how people name the new places' départements
FRESH_DEP_IN = {
    "72": ["dans la Sarthe", "en Sarthe"],
    "17": ["en Charente-Maritime", "en charente maritime"],
    "76": ["en Seine-Maritime"],
    "85": ["en Vendée", "en vendee"],
    "13": ["dans les Bouches-du-Rhône", "dans le 13"],
    "33": ["en Gironde"],
    "91": ["en Essonne"],
    "31": ["en Haute-Garonne"],
    "59": ["dans le Nord"],
    "69": ["dans le Rhône"],
    "29": ["dans le Finistère"],
    "93": ["en Seine-Saint-Denis", "dans le 93"],
    "973": ["en Guyane"],
    "972": ["en Martinique", "à la Martinique"],
    "971": ["en Guadeloupe"],
    "974": ["à La Réunion", "à la reunion"],
    "976": ["à Mayotte"],
}
