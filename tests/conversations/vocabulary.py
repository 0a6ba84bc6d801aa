"""The simulated candidates' words: many ways of saying each fact, written for
this simulator (not taken from the NLU training data), with SMS spelling,
missing accents and typos applied on top by `style`.

Each bank maps a value to phrasings; `{x}` placeholders are filled by the
candidate model. Keep them varied: a private evaluation uses its own words.
"""

from __future__ import annotations

import random
import re
import unicodedata

__all__ = [
    "ANSWER_JOB",
    "CHILDCARE",
    "CHILDREN",
    "CHOOSE_EVENT",
    "CLOSINGS",
    "CONFIRM",
    "DEP_IN",
    "DIPLOMA",
    "EVENT_QUESTIONS",
    "EXPLICIT_CHILDREN",
    "EXPLICIT_DIPLOMA",
    "EXPLICIT_LICENCE",
    "FACT_WORDS",
    "GREETINGS",
    "JOB_WORDS",
    "LICENCE",
    "MID_QUESTIONS",
    "ONLY_EVENT",
    "OPENINGS",
    "PLACE",
    "PUBLIC_TRANSPORT",
    "RQTH",
    "VEHICLE",
    "WANT_EVENT",
    "in_region",
    "misspell",
    "misspell_short",
    "restyle",
]

GREETINGS = [
    "bonjour",
    "Bonjour",
    "bjr",
    "salut",
    "bonsoir",
    "Bonjour madame, monsieur",
    "hello",
    "coucou",
    "bonjour !",
    "Bonjour, j'ai eu votre numéro par France Travail",
]

#: how people name each job (several words per job, with and without gender)
JOB_WORDS = {
    "aide_soignant": [
        "aide-soignante",
        "aide soignant",
        "aide soignante",
        "AS",
        "aide-soignant",
        "aide soignante en ehpad",
    ],
    "aide_domicile": [
        "aide à domicile",
        "aide a domicile",
        "aide ménagère à domicile",
        "aide à domicile chez les personnes agées",
    ],
    "advf": ["auxiliaire de vie", "ADVF", "auxiliaire de vie aux familles", "assistante de vie"],
    "aes": ["AES", "accompagnant éducatif et social", "accompagnante educative et sociale"],
    "ash": ["ASH", "agent de service hospitalier", "agent d'entretien à l'hôpital"],
    "infirmier": ["infirmière", "infirmier"],
}

#: a whole first message stating a wish; {job} is a job word, {place} a place phrase
OPENINGS = {
    "wish_job": [
        "je cherche du travail comme {job}",
        "je voudrais devenir {job}",
        "jcherche un emploi d'{job}",
        "je veux travailler comme {job}",
        "je souhaite me reconvertir en {job}",
        "ça m'intéresse de devenir {job}",
        "Bonjour, je voudrais être {job}",
        "je recherche un poste d'{job}",
        "je veux me lancer dans le métier d'{job}",
    ],
    "wish_job_place": [
        "je cherche du travail comme {job} {place}",
        "bonjour je voudrais devenir {job}, {place}",
        "je veux travailler comme {job}. {place}",
        "{place} et je cherche un emploi d'{job}",
        "je souhaite devenir {job} {place}",
        "Bonjour, {place}, je voudrais découvrir le métier d'{job}",
    ],
    "experienced": [
        "{job} depuis {n} ans, {place}, je cherche un employeur",
        "je suis {job} avec {n} ans d'expérience, je cherche un poste. {place}",
        "Bonjour, {job} expérimentée, je cherche un CDI, {place}",
        "j'ai {n} ans d'expérience comme {job} et je cherche un nouvel employeur, {place}",
        "{place}, {job} depuis {n} ans, vous connaissez des recruteurs ?",
    ],
    "wish_vague": [
        "je cherche du travail",
        "je cherche un emploi",
        "je voudrais travailler dans l'aide aux personnes",
        "je veux me reconvertir dans le social",
        "je cherche un boulot dans le soin",
        "j'aimerais travailler auprès des personnes agées",
    ],
}

#: place phrases by form; {commune} display name, {cp} postal code, {region}, {dep_name}
PLACE = {
    "name": [
        "j'habite à {commune}",
        "je suis à {commune}",
        "j'habite {commune}",
        "je vis à {commune}",
        "sur {commune}",
        "{commune}",
        "a {commune}",
        "moi c'est {commune}",
    ],
    "name_cp": [
        "j'habite à {commune} {cp}",
        "{commune} {cp}",
        "je suis sur {commune} ({cp})",
        "{cp} {commune}",
        "c'est {commune}, {cp}",
    ],
    "name_cp_region": [
        "c'est {commune} {cp} en {region}",
        "{cp} {commune} région {region}",
        "j'habite {commune} {cp}, {region}",
        "{commune} {cp} dans le {dep_name}",
    ],
    "cp": ["{cp}", "mon code postal c'est {cp}", "cp {cp}", "j'habite dans le {cp}"],
    "near": ["j'habite à côté de {commune}", "pas loin de {commune}", "près de {commune}"],
    "name_dep": [
        "{commune} ({dep})",
        "j'habite {commune} dans le {dep}",
        "{commune}, {dep_name}",
        "je suis à {commune} ({dep_name})",
    ],
    #: the name as typed in haste: lower case, no hyphens, "st" for saint (see candidate)
    "written": ["{commune}", "jsuis sur {commune}", "j'habite {commune}", "{commune} voila"],
    #: the département alone; {dep_in} "en Gironde", "dans le Nord" (DEP_IN)
    "dep": [
        "j'habite {dep_in}",
        "je suis {dep_in}",
        "{dep_in}",
        "dans le {dep}",
        "j'habite dans le {dep}",
        "jsuis dans le {dep}",
        "moi c'est {dep_in}",
        "on est {dep_in}",
        "je vis {dep_in}, je préfère pas dire la ville",
        "c'est {dep_in}",
        "je réside {dep_in}, à la campagne",
    ],
    #: the département by its number, as people say it (session 14; session 15: "le 29")
    "dep_num": [
        "moi c'est le {dep}",
        "on est dans le {dep}",
        "je suis du {dep}",
        "on est du {dep}",
        "jsuis du {dep}",
        "moi je suis du {dep} ",
        "j'habite dans le {dep}",
        "ds le {dep}",
        "département {dep}",
    ],
    #: the area around a city: {area} its feminine adjective, {area_m} the masculine
    "area": [
        "j'habite sur la métropole {area}",
        "dans l'agglo {area}",
        "je suis en banlieue {area}",
        "on vit dans l'agglomération {area}, pas en ville",
        "du côté de la périphérie {area}",
        "dans le {area_m}",
        "je suis dans le coin, secteur {area_m}",
        "banlieue {area} voila",
        "en zone {area}",
    ],
    #: the name misspelt (a letter dropped or swapped, see candidate)
    "typo": ["j'habite à {commune}", "{commune}", "je suis sur {commune}", "jhabite {commune}"],
    #: session 15: the region alone ({in_region} "en Bretagne", "dans les Hauts-de-France")
    "region": [
        "je suis {in_region}",
        "j'habite {in_region}",
        "{region_name}",
        "on vit {in_region}",
        "dans la région {region_name}",
        "moi c'est {in_region}",
        "je cherche {in_region}",
        "ben {in_region} voila",
    ],
}
#: the article a region takes after "dans" (the others take "en")
_REGION_IN = {"Hauts-de-France": "dans les", "Grand Est": "dans le", "Pays de la Loire": "dans les"}


def in_region(name: str) -> str:
    """ "en Bretagne", "dans les Hauts-de-France"."""
    return f"{_REGION_IN.get(name, 'en')} {name}"


#: how people name their département, by its code
DEP_IN = {
    "33": ["en Gironde", "dans la Gironde"],
    "31": ["en Haute-Garonne", "en haute garonne"],
    "59": ["dans le Nord", "dans le nord"],
    "69": ["dans le Rhône", "dans le rhone"],
    "29": ["dans le Finistère", "dans le finistere"],
    "91": ["en Essonne", "dans l'Essonne"],
    "44": ["en Loire-Atlantique", "en loire atlantique"],
    "71": ["en Saône-et-Loire", "en saone et loire"],
    "974": ["à la Réunion", "a la reunion"],
    "26": ["dans la Drôme", "dans la drome"],
    "34": ["dans l'Hérault", "dans l'herault"],
    "51": ["dans la Marne", "dans la marne", "département de la Marne"],
    "01": ["dans l'Ain", "dans l'ain"],
    "62": ["dans le Pas-de-Calais", "dans le pas de calais"],
    "08": ["dans les Ardennes"],
    "54": ["en Meurthe-et-Moselle"],
    "87": ["en Haute-Vienne"],
    "972": ["en Martinique", "à la Martinique"],
    "973": ["en Guyane"],
    "971": ["en Guadeloupe"],
    "42": ["dans la Loire"],
}
#: questions about the events just proposed, before choosing one
EVENT_QUESTIONS = [
    "c'est où ?",
    "c ou ?",
    "ça se passe où ?",
    "c'est à quelle heure ?",
    "le premier c'est où exactement ?",
    "c'est quand exactement ?",
    "ça dure combien de temps ?",
    "c'est en ligne ou en vrai ?",
    "c'est loin de chez moi ?",
    "quelle adresse svp ?",
    "il reste des places ?",
    "ça finit à quelle heure ?",
    "le 2e c'est où ?",
    "c'est a quel endroit ?",
    "ça commence à quelle heure ?",
]
#: after the booking: thanks, and nothing more to say
CLOSINGS = [
    "c'est bon merci",
    "ok merci",
    "merci c'est tout",
    "parfait merci bonne journée",
    "ok merci beaucoup",
    "super merci !",
    "d'accord merci au revoir",
    "c'est noté merci",
]

LICENCE = {
    True: ["oui", "oui j'ai le permis", "j'ai le permis B", "ouais", "oui depuis 10 ans", "yes"],
    False: [
        "non",
        "pas de permis",
        "non je l'ai pas",
        "je n'ai pas le permis",
        "nan",
        "non pas encore",
    ],
}
VEHICLE = {
    "car": ["oui une voiture", "j'ai une voiture", "oui j'ai ma voiture", "une voiture"],
    "two_wheeler": ["un scooter", "j'ai un scooter", "une moto", "j'ai un deux roues"],
    "none": [
        "non",
        "pas de voiture",
        "non j'ai pas de véhicule",
        "non aucun",
        "nan pas de voiture",
    ],
}
PUBLIC_TRANSPORT = {
    True: ["oui", "oui je prends le bus", "oui le tram", "oui il y a le bus pas loin"],
    False: [
        "non",
        "non il n'y a pas de bus chez moi",
        "pas de transports ici",
        "non c'est compliqué",
    ],
}
#: children counts; "{n}" digits, "{w}" French word
CHILDREN = {
    "zero": ["non", "pas d'enfant", "aucun", "je n'ai pas d'enfants", "non aucun enfant", "0"],
    "adult": [
        "ils sont majeurs",
        "mes enfants sont grands, ils sont partis",
        "ils sont adultes maintenant",
    ],
    "some": ["{n}", "j'ai {w} enfants", "oui {n}", "{w} enfants", "oui j'en ai {n}", "{n} enfants"],
    "one": ["1", "un enfant", "oui j'ai une fille", "oui un", "j'ai un fils"],
}
CHILDCARE = {
    False: [
        "oui",
        "oui ma mère les garde",
        "oui ils vont à la crèche",
        "oui mon mari s'en occupe",
        "ils sont à l'école, ça va",
        "oui une nounou",
    ],
    True: [
        "non",
        "non il me faut une solution",
        "non personne pour les garder",
        "non je suis seule avec eux",
    ],
}
DIPLOMA = {
    "none": ["aucun", "non", "pas de diplôme", "non aucun diplôme", "j'ai rien", "aucun diplôme"],
    "bac": ["j'ai le bac", "le bac", "bac", "oui le bac"],
    "cap": ["un CAP", "j'ai un CAP", "CAP"],
    "bac_pro_assp": ["bac pro ASSP", "j'ai un bac pro ASSP", "oui bac pro assp"],
    "brevet": ["le brevet", "juste le brevet", "j'ai que le brevet"],
    "deas": ["j'ai le DEAS", "oui le diplôme d'aide-soignant (DEAS)"],
    "bac+2": ["bac+2", "un BTS", "j'ai un bac+2"],
}
RQTH = {
    True: ["oui", "oui j'ai la RQTH", "oui j'ai une reconnaissance travailleur handicapé"],
    False: ["non", "non pas de RQTH", "non", "nan"],
    None: ["je préfère ne pas répondre", "je préfère pas dire", "passer"],
}
#: facts that read alone, added to another answer
EXPLICIT_LICENCE = {
    True: ["j'ai le permis", "j'ai mon permis B", "j'ai le permis de conduire"],
    False: ["je n'ai pas le permis", "pas de permis", "jai pas le permis", "sans permis"],
}
EXPLICIT_CHILDREN = {
    "zero": ["pas d'enfants", "je n'ai pas d'enfant", "sans enfant"],
    "one": ["j'ai un enfant", "j'ai une fille de 4 ans", "un enfant à charge"],
    "some": ["j'ai {n} enfants", "{w} enfants", "maman de {n} enfants", "{n} enfants à charge"],
}
EXPLICIT_DIPLOMA = {
    "none": ["aucun diplôme", "je n'ai pas de diplôme", "sans diplôme"],
    "bac": ["j'ai le bac", "bac en poche"],
    "cap": ["j'ai un CAP", "titulaire d'un CAP"],
    "bac_pro_assp": ["j'ai un bac pro ASSP", "bac pro assp"],
    "brevet": ["j'ai le brevet", "juste le brevet des collèges"],
    "deas": ["j'ai le DEAS"],
    "bac+2": ["j'ai un BTS", "niveau bac+2"],
}
CONFIRM = [
    "oui",
    "oui merci",
    "ok",
    "d'accord",
    "ouais",
    "oui c'est bon",
    "oui je m'inscris",
    "ok ça marche",
    "Oui",
    "d'acc",
]
#: a proposed event chosen in words rather than clicked, by its rank (1, 2, 3; 0 the last)
CHOOSE_EVENT = {
    1: ["le premier", "la 1ere svp", "je prends le premier", "le 1er", "1", "premier"],
    2: ["le deuxième", "la 2e", "je prends le second", "plutôt le 2eme svp", "2"],
    3: ["le troisième", "la 3e stp", "je choisis le 3eme"],
    0: ["le dernier", "plutôt la dernière"],
}
#: cannot choose among the events proposed
UNDECIDED = [
    "je sais pas lequel choisir",
    "j'hésite, vous me conseillez lequel ?",
    "ils ont l'air bien tous, lequel je prends ?",
    "aidez-moi à choisir svp",
    "jsp lequel prendre",
    "hmm j'ai du mal à choisir",
]
#: a proposed event chosen by a criterion rather than its rank
BY_CRITERION = [
    "le plus proche",
    "celui qui est le plus près de chez moi",
    "le moins loin svp",
    "le plus tôt",
    "le prochain alors",
    "au plus vite, le plus rapide",
    "bon ben le plus proche",
]
#: a yes to a single event proposed, or to several (then the assistant asks which one)
ONLY_EVENT = ["oui", "ok ça m'intéresse", "ouais je veux bien", "oui pourquoi pas", "d'accord"]
ANSWER_JOB = ["{job}", "plutôt {job}", "{job} je pense", "le métier d'{job}"]
WANT_EVENT = [
    "je voudrais m'inscrire à un atelier",
    "vous avez des ateliers près de chez moi ?",
    "je veux m'inscrire à une réunion d'information",
    "c'est quand le prochain atelier ?",
]
#: questions a person asks in the middle of the form, answerable from the fiches
MID_QUESTIONS = [
    "c'est payé pendant la formation ?",
    "combien gagne une aide-soignante ?",
    "c'est quoi une immersion ?",
    "la formation dure combien de temps ?",
    "il faut un diplôme pour être auxiliaire de vie ?",
    "c'est quoi le salaire d'une auxiliaire de vie ?",
    "est-ce qu'il y a des aides pour passer le permis ?",
    "c'est quoi le DEAS ?",
]

#: words that carry a fact: misspelt, they are no longer a fact the NLU can see
FACT_WORDS = (
    "permis",
    "voiture",
    "enfants",
    "enfant",
    "diplôme",
    "diplome",
    "scooter",
    "transports",
    "majeurs",
    "adultes",
    "soignante",
    "soignant",
    "domicile",
    "auxiliaire",
    "hospitalier",
    "educative",
    "éducatif",
    "accompagnant",
    "accompagnante",
    "infirmière",
    "ménagère",
    "brevet",
    "social",
    "sociale",
    "educatif",
    "service",
    "titulaire",
    "assp",
    "niveau",
    "bts",
    "assistante",
    "assistant",
)

_SMS = [
    (r"\bje suis\b", "jsuis"),
    (r"\bj'ai\b", "jai"),
    (r"\bje cherche\b", "jcherche"),
    (r"\bc'est\b", "c"),
    (r"\bbonjour\b", "bjr"),
    (r"\bquoi\b", "koi"),
    (r"\bpas de\b", "pa de"),
    (r"\bd'accord\b", "dac"),
    (r"\bje n'ai pas\b", "jai pas"),
    (r"\bbeaucoup\b", "bcp"),
]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 6 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
    return word[:i] + word[i + 1 :]  # a letter dropped


def misspell_short(name: str, rng: random.Random) -> str:
    """A short name typed in haste: a letter doubled or two neighbours swapped past the
    first letter ("Paau", "Dxa", "Agne")."""
    i = rng.randrange(1, len(name) - 1) if len(name) > 2 else 1
    if rng.random() < 0.5:
        return name[: i + 1] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def misspell(name: str, rng: random.Random) -> str:
    """A commune's name as typed in haste: its longest word with a letter dropped or
    two letters swapped ("Bordeau", "Touluose"); short names are left as they are."""
    words = name.split("-") if "-" in name else name.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 6:
        return name
    i = rng.randrange(2, len(word) - 1)
    if rng.random() < 0.5:
        word = word[:i] + word[i + 1 :]
    else:
        word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    words[longest] = word
    return ("-" if "-" in name else " ").join(words)


def restyle(
    text: str,
    rng: random.Random,
    *,
    sms: bool,
    no_accents: bool,
    typos: float,
    keep: tuple[str, ...] = (),
) -> str:
    """The person's way of writing: SMS spelling, no accents, a typo now and then.

    Words in `keep` (place names, numbers) are never misspelt.
    """
    if sms:
        for pattern, short in _SMS:
            if rng.random() < 0.7:
                text = re.sub(pattern, short, text, flags=re.IGNORECASE)
        if rng.random() < 0.5:
            text = text.lower()
    if no_accents:
        text = _strip_accents(text)
    if typos:
        kept = {_strip_accents(k.lower()) for k in keep for k in k.split()}
        words = text.split(" ")
        text = " ".join(
            _typo(w, rng) if _strip_accents(w.lower()) not in kept and rng.random() < typos else w
            for w in words
        )
    return text
