"""The registers and places of session 20's vocabulary (`--vocabulary fifth`), one
register a persona, kept for the whole conversation; written before any run:

- "phonetic": very short SMS in phonetic spelling ("jhabite", "g pa le permi");
- "parent": a father or mother writing for a grown-up child ("ma fille a 19 ans,
  elle..."), the facts said in the third person;
- "ahead": facts given before they are asked, and corrected ("non pardon c 33700");
- "asker": asks what a word of the assistant means ("c quoi la rqth", "c koi ?");
- "changer": out of work, retired, or leaving another trade, saying so.
"""

from __future__ import annotations

import random
import re
from typing import Any

from tests.conversations.fifth_words import COMMON
from tests.conversations.personas import PlaceSpec

__all__ = [
    "FIFTH_DEP_IN",
    "FIFTH_PLACE",
    "FIFTH_PLACES",
    "REGISTERS",
    "banks",
    "fifth_mid_question",
    "fifth_noisy",
    "fifth_shorthand",
]

REGISTERS = ("phonetic", "parent", "ahead", "asker", "changer")

_NA, _OC, _HF, _RA = "Nouvelle-Aquitaine", "Occitanie", "Hauts-de-France", "Auvergne-Rhône-Alpes"
#: real communes (La Poste's file) none of the first four vocabularies uses
FIFTH_PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Bruges", "33520", "33", _NA, "Gironde"),
    PlaceSpec("Saint-Médard-en-Jalles", "33160", "33", _NA, "Gironde"),
    PlaceSpec("L'Union", "31240", "31", _OC, "Haute-Garonne"),
    PlaceSpec("Loos", "59120", "59", _HF, "Nord"),
    PlaceSpec("Halluin", "59250", "59", _HF, "Nord"),
    PlaceSpec("Denain", "59220", "59", _HF, "Nord"),
    PlaceSpec("Brignais", "69530", "69", _RA, "Rhône"),
    PlaceSpec("Saint-Priest", "69800", "69", _RA, "Rhône", ambiguous=True),
    PlaceSpec("Plouzané", "29280", "29", "Bretagne", "Finistère"),
    PlaceSpec("Châteaulin", "29150", "29", "Bretagne", "Finistère"),
    PlaceSpec("Ris-Orangis", "91130", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Viry-Châtillon", "91170", "91", "Île-de-France", "Essonne"),
    # elsewhere: no demo platform in the département
    PlaceSpec("Angoulême", "16000", "16", _NA, "Charente"),
    PlaceSpec("Périgueux", "24000", "24", _NA, "Dordogne"),
)
FIFTH_PLACE = {
    "name": ["{commune}", "a {commune}", "sur {commune}", "jhabite {commune}", "vers {commune}"],
    "name_cp": ["{commune} {cp}", "{cp} {commune}", "{commune} cp {cp}"],
    "name_cp_region": ["{commune} {cp} {region}"],
    "cp": ["{cp}", "cp {cp}", "c {cp}", "dans le {cp}"],
    "near": ["a coté {of}", "pres {of}", "vers {commune} pas loin"],
    "name_dep": ["{commune} {dep}", "{commune} ({dep})"],
    "written": ["{lower}", "jhabite {lower}", "{lower} voila"],
    "typo": ["{commune}", "jhabite {commune}", "a {commune}"],
    "dep": ["{dep_in}", "quelque part {dep_in}"],
    "dep_num": ["le {dep}", "dans le {dep}", "ds le {dep}"],
    "region": ["{in_region}", "region {region_name}"],
}
FIFTH_DEP_IN = {
    "33": ["en gironde"],
    "31": ["en haute garonne"],
    "59": ["dans le nord"],
    "69": ["dans le rhone"],
    "29": ["dans le finistere"],
    "91": ["en essonne"],
    "16": ["en charente"],
    "24": ["en dordogne"],
}
FORMS = (
    *("name", "name", "name", "name_cp", "name_cp", "cp", "cp", "near", "name_dep"),
    *("written", "typo", "dep_num"),
)


_KINDS = ("wish_job", "wish_job_place", "experienced", "wish_vague")


def _openings(*banks: list[str]) -> dict[str, list[str]]:
    """The opening banks in the order of _KINDS."""
    return dict(zip(_KINDS, banks, strict=True))


_OPENINGS = {
    "phonetic": _openings(
        ["jveu etre {job}", "jcherche taf {job}", "slt je veu faire {job}", "{job} c possible ?"],
        ["{place} jcherche {job}", "slt {job} {place}", "jveu faire {job} {place}"],
        ["{job} depuis {n} an jcherche otre chose {place}"],
        ["jcherche du taf", "jveu bosser ds le social", "slt g besoin d'un taf"],
    ),
    "parent": _openings(
        [
            "bonjour je vous ecris pour ma fille, elle a 19 ans et voudrait devenir {job}",
            "bonjour, mon fils de 20 ans aimerait travailler comme {job}",
            "ma fille a 18 ans, elle veut faire {job}, vous pouvez l'aider ?",
        ],
        [
            "bonjour, c'est pour mon fils, il veut etre {job}. {place}",
            "ma fille 22 ans cherche un poste d'{job}. {place}",
        ],
        ["bonjour, ma fille est {job} depuis {n} ans et cherche ailleurs. {place}"],
        [
            "bonjour, mon fils a 19 ans et ne sait pas quoi faire, il aime aider les gens",
            "ma fille cherche du travail, elle a arreté ses etudes",
        ],
    ),
    "ahead": _openings(
        ["{job}", "je veux etre {job}", "pour {job}"],
        ["{job} {place}", "{place}, {job}", "{place} / {job}"],
        ["{job} {n} ans d'experience {place}"],
        ["jcherche du travail", "je veux bosser"],
    ),
    "asker": _openings(
        ["bonjour je voudrais devenir {job}", "{job} ça m'interesse", "comment devenir {job}"],
        ["{job} {place}", "je cherche {job} {place}"],
        ["{job} depuis {n} ans, {place}"],
        ["je cherche un travail", "je sais pas quel metier"],
    ),
    "changer": _openings(
        [
            "jsui au chomage depuis 8 mois, je pense a {job}",
            "retraitée depuis peu, je veux me rendre utile comme {job}",
            "j'etais caissiere pendant 15 ans, je veux changer pour {job}",
            "licencié economique, on m'a parlé du metier de {job}",
        ],
        [
            "sans emploi, {place}, le metier d'{job} me tente",
            "je quitte la restauration pour {job}. {place}",
        ],
        ["{job} {n} ans puis arret, je veux reprendre. {place}"],
        [
            "sans emploi depuis un moment, je cherche une idée de metier",
            "je suis a la retraite mais je veux travailler un peu",
            "ancien chauffeur routier, je veux faire autre chose",
        ],
    ),
}
#: the assistant's own words, asked back: by the topic of the question just put
_WHAT_IS = {
    "rqth": ["c quoi la rqth", "rqth ?? c koi", "c'est quoi ça la rqth", "c quoi ?"],
    "diploma": ["c quoi un diplome d'etat", "quel diplome ? c quoi le deas", "c koi ?"],
    "childcare": ["c quoi une solution de garde", "ça veut dire quoi ?"],
    "transport": ["transports en commun c'est quoi exactement", "c koi ?"],
    "vehicle": ["c quoi un deux roues", "ça veut dire quoi ?"],
    "licence": ["quel permis ? c quoi le permis b", "c quoi ?"],
}
_THIRD_PERSON = {
    "licence": {
        True: ["oui elle l'a", "oui il a le permis", "oui elle a son permis"],
        False: ["non elle l'a pas", "non il a pas le permis", "non pas encore, il le passe"],
    },
    "vehicle": {
        "car": ["oui elle a une voiture", "oui il a sa voiture"],
        "two_wheeler": ["il a un scooter", "elle a une moto"],
        "none": ["non elle a pas de voiture", "non aucun"],
    },
    "children": {
        **COMMON["children"],
        "zero": ["non elle a pas d'enfant", "non il n'a pas d'enfants", "non"],
        "some": ["elle en a {n}", "{n}"],
        "one": ["oui elle a un bébé", "1"],
    },
    "explicit_licence": {
        True: ["elle a le permis", "il a son permis"],
        False: ["elle a pas le permis", "il n'a pas le permis"],
    },
    "explicit_children": {
        **COMMON["explicit_children"],
        "zero": ["elle a pas d'enfant", "il n'a pas d'enfant"],
    },
    "diploma": {
        **COMMON["diploma"],
        "none": ["non il a rien eu", "aucun diplome", "elle a pas de diplome"],
        "bac": ["elle a eu le bac", "il a le bac"],
        "brevet": ["il a juste le brevet", "le brevet"],
    },
}

_OVERRIDES: dict[str, dict[str, Any]] = {
    "phonetic": {"openings": _OPENINGS["phonetic"], "what_is": _WHAT_IS},
    "parent": {"openings": _OPENINGS["parent"], **_THIRD_PERSON},
    "ahead": {"openings": _OPENINGS["ahead"]},
    "asker": {"openings": _OPENINGS["asker"], "what_is": _WHAT_IS},
    "changer": {"openings": _OPENINGS["changer"]},
}


def banks(register: str) -> dict[str, Any]:
    """The banks a persona of this register speaks."""
    return {**COMMON, **_OVERRIDES[register]}


_QUESTIONS = (
    "on peut etre {job} sans le permis",
    "faut le bac pour etre {job}",
    "{job} c'est payé combien",
    "on peut devenir {job} a plus de 50 ans",
    "c quoi la formation pour {job}",
)
_NAMES = {
    "aide_soignant": ("aide soignante",),
    "aide_domicile": ("aide a domicile",),
    "advf": ("auxiliaire de vie",),
    "aes": ("AES",),
    "ash": ("ASH",),
}


def fifth_mid_question(rng: random.Random, job: str | None) -> str:
    name = rng.choice(_NAMES[job or rng.choice(sorted(_NAMES))])
    return rng.choice(_QUESTIONS).format(job=name)


_AROUND = {
    "phonetic": (("",), ("", " mrc", " stp")),
    "parent": (("", "bonjour, "), ("", " merci pour elle", " merci")),
    "ahead": (("",), ("", " voila")),
    "asker": (("", "euh "), ("",)),
    "changer": (("", "alors "), ("", " merci")),
}


def fifth_noisy(register: str):  # type: ignore[no-untyped-def]
    before, after = _AROUND[register]

    def noisy(text: str, rng: random.Random) -> str:
        text = rng.choice(before) + text + rng.choice(after)
        if register == "phonetic":
            text = fifth_shorthand(text.lower(), rng, 0.8)
        return text

    return noisy


_PHONETIC: tuple[tuple[str, str], ...] = (
    (r"\bj'habite\b", "jhabite"),
    (r"\bj'ai pas\b", "g pa"),
    (r"\bj'ai\b", "g"),
    (r"\bje suis\b", "jsui"),
    (r"\bc'est\b", "c"),
    (r"\bquoi\b", "koi"),
    (r"\bpermis\b", "permi"),
    (r"\bquand\b", "kan"),
    (r"\bje veux\b", "jveu"),
    (r"\bil y a\b", "ya"),
    (r"\bje sais pas\b", "jsp"),
    (r"\bd'accord\b", "dac"),
    (r"\bmerci\b", "mrc"),
    (r"\baussi\b", "ossi"),
    (r"\bbeaucoup\b", "bcp"),
)


def fifth_shorthand(text: str, rng: random.Random, rate: float = 0.5) -> str:
    for pattern, short in _PHONETIC:
        if rng.random() < rate:
            text = re.sub(pattern, short, text[:500], flags=re.IGNORECASE)
    return text
