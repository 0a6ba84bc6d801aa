"""More of the simulated candidates' words, made generatively: questions from
parts (subject x template x spelling), politeness and noise around a message,
hesitations, refusals, other languages, inline corrections, and the SMS
shorthand people really type ("jsuis", "pr", "ds", "bcp", "qd", "cb").

Written for the simulator only, never copied into the NLU data or rules: the
point is to meet the assistant with words it was not tuned on.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "EXPLICIT_VEHICLE",
    "FOREIGN",
    "HESITATIONS",
    "REFUSALS",
    "mid_question",
    "noisy",
    "sms_shorthand",
]

#: (pattern, replacements): SMS shorthand, each applied with some chance
_SHORTHAND: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bje suis\b", ("jsuis", "chui", "jsui")),
    (r"\bj'ai\b", ("jai", "g")),
    (r"\bje cherche\b", ("jcherche",)),
    (r"\bj'habite\b", ("jhabite", "jabite")),
    (r"\bc'est\b", ("c", "cé", "c'est")),
    (r"\bpour\b", ("pr", "pour")),
    (r"\bdans\b", ("ds",)),
    (r"\bbeaucoup\b", ("bcp",)),
    (r"\bs'il vous pla[iî]t\b", ("svp", "stp")),
    (r"\bquand\b", ("qd", "kan")),
    (r"\bcombien\b", ("cb", "combien")),
    (r"\bquoi\b", ("koi",)),
    (r"\bque\b", ("ke",)),
    (r"\bqu'est-ce que\b", ("keske", "kesk")),
    (r"\bje sais pas\b", ("jsp", "jsais pas", "chai pas")),
    (r"\bil y a\b", ("ya", "y a")),
    (r"\bvous\b", ("vs",)),
    (r"\baujourd'hui\b", ("ajd", "auj")),
    (r"\btoujours\b", ("tjrs", "tjs")),
    (r"\bpendant\b", ("pdt",)),
    (r"\bje voudrais\b", ("jvoudrais", "je voudrai")),
    (r"\bje veux\b", ("jveux", "je ve")),
    (r"\bje n'ai pas\b", ("jai pas", "j'ai pas")),
    (r"\bd'accord\b", ("dac", "dacc", "ok")),
    (r"\bbonjour\b", ("bjr", "bonjours", "slt")),
    (r"\bmerci\b", ("mrc", "merci", "mci")),
    (r"\bpas de\b", ("pa de",)),
    (r"\bmaintenant\b", ("mtn",)),
)


def sms_shorthand(text: str, rng: random.Random, rate: float = 0.6) -> str:
    for pattern, shorts in _SHORTHAND:
        if rng.random() < rate:
            text = re.sub(pattern, rng.choice(shorts), text, flags=re.IGNORECASE)
    return text


_BEFORE = ("bonjour ", "bjr ", "alors ", "euh ", "ben ", "bah ", "re ", "Bonjour, ", "hmm ")
_AFTER = (
    " merci",
    " svp",
    " 🙂",
    " 😊",
    " !",
    "...",
    " merci beaucoup",
    " bonne journée",
    " 👍",
    " !!",
    " merci d'avance",
)


def noisy(text: str, rng: random.Random) -> str:
    """Politeness and noise around a message, never inside a fact."""
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(_BEFORE) + text
    if roll < 0.8:
        return text + rng.choice(_AFTER)
    return rng.choice(_BEFORE) + text + rng.choice(_AFTER)


#: no fact in these: the question stays open
HESITATIONS = [
    "je sais pas",
    "euh je sais pas trop",
    "peut-être",
    "bof",
    "hmm je réfléchis",
    "je ne sais pas",
    "ça dépend",
    "pourquoi vous demandez ça ?",
]
REFUSALS = [
    "non, je préfère ne pas répondre",
    "non merci, je préfère ne pas vous le dire",
    "c'est personnel",
    "non je veux pas en parler",
    "je préfère ne pas répondre",
    "je préfère pas le dire",
    "ça ne vous regarde pas",
    "je ne souhaite pas répondre",
    "pas envie de répondre à ça",
]
#: a message in another language (nothing to store; a polite answer in French)
FOREIGN = [
    "hello, do you speak English?",
    "Hi, I am looking for a job",
    "hola, busco trabajo",
    "buenos días, necesito ayuda",
    "Guten Tag, ich suche Arbeit",
    "hello can you help me please",
]

EXPLICIT_VEHICLE = {
    "car": ["j'ai une voiture", "avec ma voiture", "véhiculée", "voiture oui"],
    "two_wheeler": ["j'ai un scooter", "je me déplace en scooter", "j'ai une moto"],
    "none": ["pas de voiture", "je n'ai pas de véhicule", "sans voiture"],
}

# --- questions asked in the middle of the form, from parts -----------------

_JOB_NAMES = {
    "aide_soignant": ("aide-soignante", "aide soignant", "as", "AS"),
    "aide_domicile": ("aide à domicile", "aide a domicile"),
    "advf": ("auxiliaire de vie", "advf", "ADVF"),
    "aes": ("AES", "aes", "accompagnant éducatif et social"),
    "ash": ("ASH", "ash", "agent de service hospitalier"),
}
_QUESTIONS = {
    "metier": (
        "c'est quoi le métier d'{job} ?",
        "c quoi le metier d'{job}",
        "le métier d'{job} ça consiste en quoi ?",
        "{job} ça fait quoi au quotidien ?",
        "en quoi consiste le travail d'{job} ?",
        "c'est quoi exactement le travail d'{job} ?",
    ),
    "salaire": (
        "combien on gagne ?",
        "combien gagne une {job} ?",
        "c'est quoi le salaire d'{job} ?",
        "le salaire c'est combien ?",
        "ça paye combien {job} ?",
        "on est payé combien ?",
    ),
    "immersion": (
        "c'est quoi une immersion ?",
        "une immersion c'est quoi exactement ?",
        "ça consiste en quoi une immersion ?",
        "c'est quoi une immersion professionnelle ?",
    ),
    "formation": (
        "la formation dure combien de temps ?",
        "combien de temps dure la formation d'{job} ?",
        "elle dure combien de temps la formation ?",
        "c'est payé pendant la formation ?",
        "on est payé pendant la formation ?",
    ),
    "diplome": (
        "il faut un diplôme pour être {job} ?",
        "faut quel diplôme pour devenir {job} ?",
        "on peut devenir {job} sans diplôme ?",
    ),
    "permis": (
        "est-ce qu'il y a des aides pour passer le permis ?",
        "y a des aides pour le permis ?",
    ),
    "vae": ("c'est quoi la VAE ?", "comment on fait une VAE ?"),
}


_INTERROGATIVE = re.compile(r"\b(?:quoi|comment|combien|quel|quelle|pourquoi|consiste)\b")


def mid_question(rng: random.Random, job: str | None) -> str:
    """A question about the métiers, in words drawn from parts."""
    topic = rng.choice(sorted(_QUESTIONS))
    template = rng.choice(_QUESTIONS[topic])
    name = rng.choice(_JOB_NAMES[job or rng.choice(sorted(_JOB_NAMES))])
    text = template.format(job=name)
    if rng.random() < 0.3:
        # "?" dropped only where a word says it is a question: "c payé pendant la
        # formation" without its "?" may as well be a statement
        marks = ["?", " ??", " ?!"] + ([""] if _INTERROGATIVE.search(text) else [])
        text = text.replace(" ?", "?").replace("?", rng.choice(marks))
    return text
