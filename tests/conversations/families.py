"""Session 12's phrasing families for the simulated candidates, written before
looking at any failure (the point is to meet the assistant with words it was
not tuned on): answers in words to button questions as people really put them,
a commune with its postal code among other words (region, "vers", brackets), a
request and a question in one opening message, and the same message typed twice.

Drawn last in `personas.generate`, so that older personas keep their draws.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PLACE_MORE", "REQUEST_QUESTION", "WORD_ANSWERS"]

#: answers in words to a question that has buttons: slot -> value -> phrasings
WORD_ANSWERS: dict[str, dict[Any, list[str]]] = {
    "driving_licence": {
        True: [
            "oui oui j'ai mon permis",
            "permis B oui",
            "bien sûr j'ai le permis",
            "oui je l'ai eu l'an dernier",
            "ah oui le permis je l'ai",
        ],
        False: [
            "toujours pas de permis",
            "non j'ai raté l'examen",
            "non je ne conduis pas",
            "le permis non",
            "hélas non, pas de permis",
        ],
    },
    "vehicle": {
        "car": ["j'ai une petite voiture", "oui j'ai une clio", "oui je suis véhiculée"],
        "two_wheeler": ["oui un scooter 125", "je roule en scooter", "oui une moto"],
        "none": ["non pas de voiture pour l'instant", "non je n'ai pas de véhicule à moi"],
    },
    "public_transport": {
        True: [
            "oui le bus passe devant chez moi",
            "oui je prends les transports",
            "il y a un arrêt de bus pas loin oui",
        ],
        False: [
            "non, aucun bus dans mon village",
            "non les transports c'est pas pratique chez moi",
            "non pas de bus",
        ],
    },
    "children": {
        0: ["non je n'en ai pas", "zéro", "pas d'enfants non", "non, pas encore d'enfants"],
        1: ["j'ai un petit garçon", "une fille", "oui un seul", "un petit de 3 ans"],
        2: ["deux", "2 garçons", "oui deux enfants", "j'en ai deux"],
        3: ["trois", "3 enfants", "oui trois", "j'en ai trois"],
    },
    "childcare_needed": {
        False: ["oui c'est réglé", "oui la grand-mère les garde", "oui ils sont à la cantine"],
        True: ["non pas encore", "non j'ai besoin d'une solution", "non personne"],
    },
    "diplomas": {
        "none": ["rien du tout", "aucun diplome", "non j'ai pas de diplome"],
        "bac": ["bac général", "oui j'ai eu mon bac", "le bac seulement"],
        "cap": ["un cap", "oui un CAP", "j'ai mon CAP"],
        "bac_pro_assp": ["bac pro assp", "un bac pro ASSP oui"],
        "brevet": ["brevet des collèges", "seulement le brevet"],
        "bac+2": ["un bts", "bac+2 oui", "j'ai un BTS"],
    },
    "rqth": {
        True: ["oui je suis reconnue travailleur handicapé", "oui j'ai une RQTH"],
        False: ["non pas concerné", "non je ne suis pas concernée", "non aucune"],
    },
}

#: a commune with its postal code among other words; same placeholders as vocabulary.PLACE
PLACE_MORE = [
    "{cp} {commune} ({region})",
    "je suis de {commune} ({cp}) en {region}",
    "vers {commune} {cp}",
    "j'habite {commune} ({cp}), {dep_name}",
    "{commune} {cp} voilà",
    "ma ville c'est {commune}, code postal {cp}",
]

#: an opening that asks for an action and asks a question in the same message
REQUEST_QUESTION = [
    "je voudrais m'inscrire à un atelier, mais c'est gratuit ?",
    "je veux faire une immersion, mais c'est payé ?",
    "je voudrais m'inscrire à une réunion d'info, ça dure combien de temps ?",
    "je veux m'inscrire à un job dating mais ça se passe comment ?",
    "je voudrais découvrir le métier, c'est quoi une immersion ?",
    "inscrivez-moi à un atelier svp, il faut un diplôme pour y aller ?",
]
