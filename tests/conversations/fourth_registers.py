"""The registers of session 19's vocabulary (`--vocabulary fourth`), one a persona,
kept for the whole conversation; written before any run against the assistant:

- "senior": an older person writing politely, in full sentences, with their age;
- "fle": French as a second language (articles and agreements missing, "moi pas");
- "dictation": voice dictation, no punctuation nor capitals, "euh" transcribed;
- "minimal": one word an answer, the job alone, the commune alone;
- "hesitant": corrections and hesitations inside the message ("non... si, je l'ai");
- "life": a life told at length, with numbers that are no facts (years, ages, hours).
"""

from __future__ import annotations

import random
import re
from typing import Any

from tests.conversations.fourth_words import COMMON, EXPLICIT_CHILDREN

__all__ = ["REGISTERS", "banks", "fourth_mid_question", "fourth_noisy", "fourth_shorthand"]

REGISTERS = ("senior", "fle", "dictation", "minimal", "hesitant", "life")


def _openings(job: list[str], place: list[str], experienced: list[str], vague: list[str]):
    return {
        "wish_job": job,
        "wish_job_place": place,
        "experienced": experienced,
        "wish_vague": vague,
    }


_SENIOR = _openings(
    [
        "Bonjour Madame, Monsieur. J'ai 59 ans et je voudrais savoir si je peux devenir {job}.",
        "Bonjour. Je suis retraitée depuis peu et j'aimerais travailler comme {job} à mi-temps.",
        "Bonjour, à mon âge, 57 ans, est-ce raisonnable de commencer comme {job} ? J'en ai envie.",
        "Bonjour. Je souhaite me reconvertir et le métier de {job} me plaît beaucoup.",
    ],
    [
        "Bonjour Madame. J'habite {place} et je voudrais devenir {job}, j'ai 56 ans.",
        "Bonjour, je me présente : 61 ans, {place}, et je voudrais travailler comme {job}.",
        "Bonjour. Le métier de {job} m'intéresse. Je demeure {place}.",
    ],
    [
        "Bonjour. J'exerce comme {job} depuis {n} ans et je cherche un nouvel employeur. {place}.",
        "Bonjour, {job} depuis {n} ans, je voudrais changer d'établissement. J'habite {place}.",
    ],
    [
        "Bonjour. J'ai 58 ans, je cherche un travail utile auprès des personnes âgées.",
        "Bonjour Madame, je cherche un emploi, on m'a parlé de votre service.",
    ],
)
_FLE = _openings(
    [
        "bonjour, je cherche travail {job}",
        "bonjour madame, moi je veux travailler {job} s'il vous plaît",
        "je suis arrivée en France depuis 2 ans, je cherche travail comme {job}",
        "bonjour je veux faire la formation pour {job}",
        "bonjour, c'est possible moi devenir {job} ?",
    ],
    [
        "bonjour, je cherche travail {job}, {place}",
        "{place}. moi je veux travailler {job}",
        "bonjour madame je habite {place}, je veux être {job}",
    ],
    [
        "je suis {job} dans mon pays {n} ans, maintenant en France je cherche travail, {place}",
        "j'ai travaillé {job} {n} ans, je cherche patron, {place}",
    ],
    [
        "bonjour je cherche travail, n'importe quoi",
        "bonjour, je veux travailler avec les personnes âgées, comment faire ?",
    ],
)
_DICTATION = _openings(
    [
        "oui bonjour alors voilà je voudrais travailler comme {job} est-ce que vous pouvez m'aider",
        "bonjour euh je suis intéressée par le métier de {job} voilà",
        "bonjour je vous envoie un message parce que je veux devenir {job}",
    ],
    [
        "bonjour je m'appelle Nadia j'habite {place} et je voudrais devenir {job}",
        "oui bonjour euh je cherche du travail comme {job} {place} merci",
        "bonjour alors moi c'est pour {job} je suis {place}",
    ],
    [
        "bonjour je suis {job} depuis {n} ans je cherche un autre employeur {place}",
        "alors voilà ça fait {n} ans que je suis {job} je voudrais changer {place}",
    ],
    [
        "bonjour je cherche du travail dans l'aide aux personnes mais je sais pas quoi",
        "oui bonjour euh je voudrais des informations pour travailler",
    ],
)
_MINIMAL = _openings(
    ["{job}", "{job} svp", "emploi {job}", "infos {job}"],
    ["{job} {place}", "{place} {job}", "{job}, {place}"],
    ["{job} {n} ans {place}", "{job} exp {n} ans, {place}"],
    ["travail", "emploi ?", "infos"],
)
_HESITANT = _openings(
    [
        "bonjour, je voudrais... euh... devenir {job}, enfin je crois",
        "bonjour, je pensais à aide à domicile, non en fait plutôt {job}",
        "euh bonjour, je ne sais pas trop comment dire, je voudrais être {job}",
    ],
    [
        "bonjour, je suis {place}, et je voudrais, euh, faire {job}",
        "bonjour, {job}, enfin si c'est possible, {place}",
    ],
    [
        "bonjour, je suis {job}, enfin depuis {n} ans, et je voudrais changer, {place}",
    ],
    [
        "bonjour, euh, je cherche quelque chose, mais je ne sais pas quoi exactement",
        "je sais pas trop par où commencer, désolée",
    ],
)
_LIFE_PAST = [
    "J'ai commencé à travailler à 16 ans dans une boulangerie.",
    "J'ai été caissière pendant 12 ans, 35 heures par semaine.",
    "Depuis 2019 je fais quelques heures de ménage chez des particuliers.",
    "J'ai élevé mes enfants pendant 10 ans, puis j'ai fait de l'intérim.",
]
_LIFE_WHY = [
    "Mon père a eu besoin d'aide à la fin de sa vie et je me suis occupée de lui.",
    "Une amie travaille en maison de retraite et elle m'en parle tout le temps.",
    "Je veux un métier qui a du sens.",
]
_LIFE = _openings(
    [f"Bonjour. {p} {w} Je voudrais devenir {{job}}." for p in _LIFE_PAST for w in _LIFE_WHY],
    [f"Bonjour. {p} J'habite {{place}}. Je voudrais devenir {{job}}." for p in _LIFE_PAST],
    [
        "Bonjour. Je suis {job} depuis {n} ans, j'ai fait trois structures, "
        "et là je cherche autre chose. J'habite {place}."
    ],
    [f"Bonjour. {p} {w} Mais je ne sais pas quel métier." for p in _LIFE_PAST for w in _LIFE_WHY],
)

_OVERRIDES: dict[str, dict[str, Any]] = {
    "senior": {
        "openings": _SENIOR,
        "greetings": ["Bonjour Madame, Monsieur.", "Bonjour, je vous écris pour un renseignement."],
        "licence": {
            True: ["Oui, je conduis depuis 1985.", "Oui, bien entendu."],
            False: ["Non, je n'ai jamais passé le permis.", "Non, malheureusement."],
        },
        "vehicle": {
            "car": ["Oui, j'ai une voiture.", "Oui, une vieille voiture mais elle roule."],
            "two_wheeler": ["J'ai un scooter."],
            "none": ["Non, je n'ai plus de voiture.", "Non."],
        },
        "children": {
            **COMMON["children"],
            "adult": ["Mes enfants sont grands, ils ont quitté la maison.", "Ils sont adultes."],
            "some": ["J'ai {w} enfants à la maison.", "Oui, {w}."],
        },
        "consent_yes": ["Oui, je vous en prie.", "Oui, c'est d'accord.", "Volontiers."],
        "confirm": ["Oui, s'il vous plaît.", "Oui, je confirme, merci.", "Très bien."],
        "closings": ["Je vous remercie de votre amabilité.", "Merci beaucoup, bonne soirée."],
    },
    "fle": {
        "openings": _FLE,
        "licence": {True: ["oui j'ai permis", "oui permis B"], False: ["non pas permis"]},
        "vehicle": {
            "car": ["oui j'ai voiture"],
            "two_wheeler": ["oui scooter"],
            "none": ["non pas voiture", "non moi pas voiture"],
        },
        "children": {
            **COMMON["children"],
            "zero": ["non pas enfant", "non j'ai pas"],
            "some": ["{n} enfant", "oui j'ai {n} enfant", "{w} enfants petits"],
            "one": ["un enfant", "oui 1 enfant"],
        },
        "explicit_children": {**EXPLICIT_CHILDREN, "some": ["j'ai {n} enfant", "{n} enfant"]},
        "childcare": {False: ["oui mon mari il garde", "oui c'est bon"], True: ["non personne"]},
        "diploma": {
            **COMMON["diploma"],
            "none": ["pas diplôme en France", "non pas diplome"],
            "bac": ["j'ai bac"],
        },
        "consent_yes": ["oui d'accord", "oui ok", "oui madame"],
        "hesitations": ["je comprends pas", "c'est quoi ?", "pardon ?"],
        "period": ["maintenant", "mois prochain", "février"],
    },
    "dictation": {
        "openings": _DICTATION,
        "consent_yes": ["oui d'accord pas de problème", "oui oui allez-y"],
        "closings": ["merci beaucoup au revoir", "ok merci bonne journée"],
    },
    "minimal": {
        "openings": _MINIMAL,
        "greetings": ["bjr", "bonjour", "hello"],
        "licence": {True: ["oui", "ouais", "yes"], False: ["non", "nan"]},
        "vehicle": {"car": ["voiture", "oui"], "two_wheeler": ["scooter"], "none": ["non"]},
        "public_transport": {True: ["oui", "ouais"], False: ["non", "nan"]},
        "children": {
            "zero": ["0", "non"],
            "adult": ["majeurs"],
            "some": ["{n}", "{w}"],
            "one": ["1", "un"],
        },
        "childcare": {False: ["oui", "ok"], True: ["non"]},
        "diploma": {
            "none": ["non", "rien"],
            "bac": ["bac"],
            "cap": ["cap"],
            "bac_pro_assp": ["assp"],
            "brevet": ["brevet"],
            "bac+2": ["bts"],
        },
        "rqth": {True: ["oui"], False: ["non"], None: ["passe"]},
        "consent_yes": ["ok", "oui"],
        "confirm": ["ok", "oui"],
        "closings": ["merci", "ok merci"],
        "hesitations": ["?", "hein", "pk ?"],
    },
    "hesitant": {
        "openings": _HESITANT,
        "licence": {
            True: ["non... si, pardon, je l'ai", "euh oui, oui je l'ai"],
            False: ["oui, enfin non, j'ai seulement le code", "euh... non"],
        },
        "vehicle": {
            "car": ["non enfin si, j'ai une voiture", "euh oui une voiture"],
            "two_wheeler": ["euh un scooter, oui"],
            "none": ["oui... ah non, je l'ai vendue, plus de voiture", "euh non"],
        },
        "children": {
            **COMMON["children"],
            "some": ["euh {w}, oui {w}", "attendez... {n}", "{n}, voilà"],
            "zero": ["euh non, aucun", "non non"],
        },
        "diploma": {
            **COMMON["diploma"],
            "brevet": ["le bac, ah non pardon, le brevet seulement"],
            "cap": ["un BEP... non, un CAP"],
            "none": ["euh... rien, aucun diplôme"],
        },
        "consent_yes": ["euh oui d'accord", "oui... oui ok"],
        "confirm": ["oui... oui c'est bon", "euh oui"],
    },
    "life": {
        "openings": _LIFE,
        "children": {
            **COMMON["children"],
            "some": [
                "J'ai {w} enfants, le plus grand a 14 ans.",
                "{w}, ils vont à l'école à 8h30.",
            ],
            "one": ["Un seul, il a 7 ans et il est en CE1."],
        },
        "hesitations": ["C'est un peu compliqué, ça dépend des périodes, je vous explique après."],
    },
}


def banks(register: str) -> dict[str, Any]:
    """The banks a persona of this register speaks."""
    return {**COMMON, **_OVERRIDES[register]}


_QUESTIONS = (
    "on peut faire la formation de {job} en alternance ?",
    "{job}, on travaille la nuit ?",
    "est-ce qu'il faut la nationalité française pour être {job} ?",
    "mon diplôme de mon pays est reconnu pour {job} ?",
    "à temps partiel c'est possible comme {job} ?",
    "combien on gagne comme {job} en début de carrière ?",
    "il faut un diplôme pour commencer comme {job} ?",
    "comment se passe une immersion en entreprise ?",
    "la formation est prise en charge par France Travail ?",
)
_NAMES = {
    "aide_soignant": ("aide-soignante", "aide soignant"),
    "aide_domicile": ("aide à domicile",),
    "advf": ("assistante de vie", "auxiliaire de vie"),
    "aes": ("AES",),
    "ash": ("agent de service hospitalier", "ASH"),
}


def fourth_mid_question(rng: random.Random, job: str | None) -> str:
    name = rng.choice(_NAMES[job or rng.choice(sorted(_NAMES))])
    return rng.choice(_QUESTIONS).format(job=name)


_ASKS = re.compile(r"\b(?:est-ce|combien|comment|quoi|quel|quelle|pourquoi|ou)\b")
_AROUND = {
    "senior": (("", "Bonjour, "), ("", " Merci.", " Cordialement.")),
    "fle": (("", "madame ", "bonjour "), ("", " merci", " s'il vous plaît")),
    "dictation": (("", "oui ", "alors "), ("", " voilà", " merci")),
    "minimal": (("",), ("",)),
    "hesitant": (("", "euh ", "alors... "), ("", "...", " je crois")),
    "life": (("", "Alors voilà. "), ("", " Voilà, je vous ai tout dit.")),
}


def fourth_noisy(register: str):  # type: ignore[no-untyped-def]
    before, after = _AROUND[register]

    def noisy(text: str, rng: random.Random) -> str:
        text = rng.choice(before) + text + rng.choice(after)
        if register == "dictation":
            # no punctuation nor capitals; a "?" stays where no word says it asks
            mark = "" if _ASKS.search(text.lower()) or "?" not in text else " ?"
            text = re.sub(r"[,.;:!?]", "", text[:500]).lower().strip() + mark
        return text

    return noisy


_SHORT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bqu'est-ce que\b", ("kesque",)),
    (r"\bje ne sais pas\b", ("chépa", "je sais pas")),
    (r"\brendez-vous\b", ("rdv",)),
    (r"\bquelque chose\b", ("qqc",)),
    (r"\bs'il vous pla[iî]t\b", ("svp", "svpl")),
    (r"\bpourquoi\b", ("pkoi",)),
    (r"\bd'accord\b", ("dak", "d'ac")),
    (r"\bmerci\b", ("mci", "merci")),
    (r"\btravail\b", ("taff", "travail")),
    (r"\bvoiture\b", ("voit", "voiture")),
)


def fourth_shorthand(text: str, rng: random.Random, rate: float = 0.5) -> str:
    for pattern, shorts in _SHORT:
        if rng.random() < rate:
            text = re.sub(pattern, rng.choice(shorts), text[:500], flags=re.IGNORECASE)
    return text
