"""Session 19's vocabulary for the simulated candidates (`--vocabulary fourth`):
written from scratch before any run against the assistant, by other people than
the first three speak, and never copied into the NLU data, rules or fiches.

The common banks are here; each persona speaks in one register
(`fourth_registers.REGISTERS`: an older person speaking politely, French as a
second language, voice dictation without punctuation, one-word answers,
corrections and hesitations inside the message, a life told at length). The
places, said by a landmark and the commune among others, are in fourth_places.py.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMON"]

JOB_WORDS = {
    "aide_soignant": [
        "aide-soignante",
        "aide-soignante en service de soins",
        "aide-soignante en maison de retraite",
        "aide soignante de nuit",
        "A.S.",
    ],
    "aide_domicile": [
        "aide à domicile",
        "aide ménagère chez les personnes âgées",
        "intervenante à domicile",
        "aide à domicile auprès des anciens",
    ],
    "advf": [
        "assistante de vie",
        "assistante de vie aux familles",
        "auxiliaire de vie à domicile",
        "auxiliaire de vie",
    ],
    "aes": [
        "accompagnante éducative et sociale",
        "AES auprès d'enfants handicapés",
        "accompagnant éducatif",
        "AES",
    ],
    "ash": [
        "agent de service hospitalier",
        "agente d'entretien à l'hôpital",
        "ASH en maison de retraite",
        "ASH",
    ],
}

GREETINGS = [
    "Bonjour",
    "bonjour madame",
    "Bonjour, c'est bien le service pour l'emploi dans les maisons de retraite ?",
    "bonsoir",
    "Bonjour, ma fille m'a dit de vous écrire",
    "bonjour, j'ai eu ce numéro au forum de l'emploi",
    "Bonjour à vous",
    "salut",
]
NOISE_FIRST = ["allô ?", "test", "...", "bonjour ??", "il y a quelqu'un ?", "🙏"]

LICENCE = {
    True: ["oui", "oui, le B", "oui j'ai le permis voiture", "affirmatif", "oui depuis longtemps"],
    False: ["non", "non pas de permis", "non jamais passé", "non, je ne l'ai pas", "pas encore"],
}
VEHICLE = {
    "car": ["oui", "oui une voiture", "oui j'ai ma voiture à moi", "oui la voiture de mon mari"],
    "two_wheeler": ["un scooter", "oui, une mobylette", "j'ai une moto"],
    "none": ["non", "non pas de voiture", "non aucun", "non, je me déplace à pied"],
}
PUBLIC_TRANSPORT = {
    True: ["oui", "oui le bus", "oui le métro", "oui il y a le train", "oui ça va"],
    False: ["non", "non pas chez moi", "non c'est mal desservi", "non, très peu"],
}
CHILDREN = {
    "zero": ["non", "aucun", "non pas d'enfants", "0"],
    "adult": ["ils sont tous partis de la maison", "mes enfants sont grands, ils travaillent"],
    "some": ["{n}", "oui, {w}", "{w} enfants", "j'en ai {n}", "oui {n} enfants"],
    "one": ["1", "oui un seul", "oui, une fille", "un garçon", "oui j'ai un enfant"],
}
CHILDCARE = {
    False: ["oui", "oui c'est organisé", "oui pas de souci", "oui c'est réglé"],
    True: ["non", "non pas encore", "non, pas de solution", "non justement"],
}
DIPLOMA = {
    "none": ["non", "aucun", "rien", "non aucun diplôme"],
    "bac": ["le bac", "oui le baccalauréat", "bac général"],
    "cap": ["CAP", "un CAP", "oui le CAP"],
    "bac_pro_assp": ["bac pro ASSP", "j'ai le bac pro ASSP"],
    "brevet": ["le brevet", "brevet des collèges"],
    "bac+2": ["BTS", "un bac+2", "un BTS"],
}
RQTH = {
    True: ["oui", "oui j'ai la RQTH", "oui j'ai une reconnaissance de handicap"],
    False: ["non", "non pas du tout", "non je ne suis pas concernée"],
    None: ["je préfère ne pas répondre", "je ne veux pas répondre à ça", "sans réponse"],
}

#: a button question answered in a sentence of one's own
WORD_ANSWERS: dict[str, dict[Any, list[str]]] = {
    "driving_licence": {
        True: ["je l'ai eu il y a dix ans", "je conduis, oui", "j'ai mon permis voiture"],
        False: [
            "je l'ai raté deux fois",
            "je n'ai jamais conduit",
            "je suis en train de le passer",
        ],
    },
    "vehicle": {
        "car": ["j'ai une Peugeot", "une petite Citroën", "on a une voiture à la maison"],
        "two_wheeler": ["un scooter 50", "je me déplace en mobylette"],
        "none": ["je prends le bus partout", "pas de moyen de transport perso"],
    },
    "public_transport": {
        True: ["l'arrêt de bus est juste à côté", "le métro est à cinq minutes à pied"],
        False: ["le bus passe deux fois par jour, c'est tout", "il n'y a pas de transports ici"],
    },
    "children": {
        0: ["je n'en ai pas", "pas d'enfant à la maison"],
        1: ["une fille de huit ans", "mon garçon de trois ans"],
        2: ["deux, de six et onze ans", "un garçon et une fille"],
        3: ["trois, tous à l'école primaire", "trois petits"],
    },
    "childcare_needed": {
        False: ["mon mari s'en occupe", "ma voisine les garde", "ils vont à la garderie"],
        True: ["personne ne peut les garder", "je cherche encore une assistante maternelle"],
    },
    "diplomas": {
        "none": ["j'ai quitté l'école en quatrième", "je n'ai pas de diplôme français"],
        "bac": ["j'ai le bac STMG", "bac littéraire"],
        "cap": ["un CAP vente", "CAP agent polyvalent de restauration"],
        "bac_pro_assp": ["bac pro accompagnement soins services à la personne"],
        "brevet": ["seulement le brevet", "le brevet, c'est tout"],
        "bac+2": ["un BTS économie sociale familiale", "un DEUG de lettres"],
    },
    "rqth": {
        True: ["oui je suis reconnue par la MDPH", "j'ai une RQTH depuis deux ans"],
        False: ["non je n'ai pas de handicap", "je ne suis pas concernée par ça"],
    },
}
EXPLICIT_LICENCE = {
    True: ["j'ai le permis B", "je suis titulaire du permis", "permis en poche"],
    False: ["je n'ai pas le permis", "pas de permis de conduire", "sans permis"],
}
EXPLICIT_VEHICLE = {
    "car": ["j'ai une voiture", "véhiculée", "j'ai ma propre voiture"],
    "two_wheeler": ["j'ai un scooter", "je roule en mobylette"],
    "none": ["je n'ai pas de véhicule", "pas de voiture"],
}
EXPLICIT_CHILDREN = {
    "zero": ["je n'ai pas d'enfant", "sans enfants", "pas d'enfants"],
    "one": ["j'ai un enfant", "maman solo d'un garçon", "un enfant à charge"],
    "some": ["j'ai {n} enfants", "mère de {w} enfants", "{w} enfants à charge"],
}
EXPLICIT_DIPLOMA = {
    "none": ["je n'ai pas de diplôme", "aucun diplôme", "sans qualification"],
    "bac": ["j'ai le bac", "titulaire du baccalauréat"],
    "cap": ["j'ai un CAP", "titulaire d'un CAP"],
    "bac_pro_assp": ["j'ai un bac pro ASSP"],
    "brevet": ["j'ai juste le brevet"],
    "bac+2": ["j'ai un BTS", "diplômée d'un bac+2"],
}

CONFIRM = ["oui", "oui merci", "oui c'est ça", "je confirme", "oui inscrivez-moi", "d'accord"]
CONSENT_YES = ["oui", "oui vous pouvez", "j'accepte", "oui bien sûr", "ça me va"]
CONSENT_NO = ["non", "je ne préfère pas", "non, pas de données gardées", "hmm non"]
CONSENT_LATE = [
    "bon, vous pouvez garder mes informations finalement",
    "après réflexion j'accepte que vous gardiez mes infos",
    "c'est bon, gardez mes informations",
]
JOB_CHANGE = [
    "pardon, je préférerais {job} en fait",
    "en y repensant, plutôt {job}",
    "non, ce sera {job}, j'ai réfléchi",
]
CONSENT_WITH_REQUEST = [
    "oui, et qu'est-ce que vous avez comme réunion près de chez moi ?",
    "d'accord, il y a des rencontres avec des employeurs bientôt ?",
]
CHOOSE_EVENT = {
    1: ["la première", "le 1", "celle du début", "la première s'il vous plaît"],
    2: ["la deuxième", "le numéro deux", "la seconde s'il vous plaît"],
    3: ["la troisième", "numéro trois"],
    0: ["la dernière", "celle du bas"],
}
UNDECIDED = [
    "je ne sais pas laquelle choisir, vous pouvez m'aider ?",
    "laquelle serait la mieux pour moi ?",
    "c'est quoi la différence entre les deux ?",
]
BY_CRITERION = ["la plus proche", "celle qui arrive en premier", "la plus près de chez moi"]
ONLY_EVENT = ["oui je veux bien", "oui, ça m'intéresse", "d'accord pour celle-là"]
ANSWER_JOB = ["{job}", "{job} de préférence", "j'aimerais {job}", "ce serait {job}"]
JOB_UNKNOWN = ["je ne sais pas encore", "je n'ai pas d'idée précise", "tout m'intéresse"]
WANT_EVENT = [
    "qu'est-ce que vous pouvez me proposer ?",
    "il y a des dates près de chez moi ?",
    "je voudrais rencontrer des employeurs",
]
#: dates in words
PERIOD = [
    "à partir du premier février",
    "après les fêtes",
    "dans quinze jours",
    "dès la rentrée de septembre",
    "la semaine prochaine",
    "fin du mois",
]
SKIP = ["passons", "je passe"]
CLOSINGS = ["merci bien", "merci madame, bonne journée", "parfait, merci", "merci, au revoir"]
EVENT_QUESTIONS = [
    "c'est à quelle adresse ?",
    "il faut s'habiller comment ?",
    "ça dure toute la journée ?",
    "il y aura des employeurs qui recrutent ?",
    "je dois amener mon CV ?",
]
HESITATIONS = [
    "attendez je réfléchis",
    "pourquoi vous me demandez ça ?",
    "hmm",
    "je ne suis pas sûre",
    "je dois vérifier",
]
REFUSALS = ["je ne veux pas le dire", "ça ne regarde que moi", "pas de réponse"]
FOREIGN = [
    "Hola, busco trabajo de cuidadora",
    "Merhaba, iş arıyorum",
    "Good morning, do you speak English?",
    "Bom dia, eu quero trabalhar",
    "Здравствуйте, ищу работу",
]
REQUEST_QUESTION = [
    "je voudrais m'inscrire à une réunion, c'est ouvert à tout le monde ?",
    "je cherche un stage pour découvrir le métier, on doit payer quelque chose ?",
    "j'aimerais voir des employeurs, c'est possible sans expérience ?",
]
EVENTS_FIRST = [
    "j'aimerais participer à une réunion d'information",
    "est-ce qu'il y a un forum de l'emploi bientôt ?",
    "je voudrais visiter une maison de retraite pour voir le travail",
]
WITH_PLACE = ["{request}, j'habite {place}", "{request} ({place})", "{place}, {request}"]
PLACE_MORE = [
    "{commune} {cp}, c'est {dep_in}",
    "j'habite {commune}, le code postal c'est {cp}",
    "{cp}, {commune}",
]
CORRECTIONS = [
    "excusez-moi, c'est {commune}",
    "erreur de ma part, j'habite {commune} {cp}",
    "je corrige : {cp}",
]
DOUBLE_WRONG = ["non attendez, {commune}", "pardon, plutôt {commune}"]
DOUBLE_BACK = ["non c'est bien {commune} finalement", "je reviens en arrière : {commune}"]
INLINE_CORRECTIONS = [
    "j'ai habité à {wrong} mais maintenant c'est {right}",
    "avant {wrong}, aujourd'hui {right}",
    "{wrong} ah non, {right} pardon",
]
ALL_IN_ONE_JOB = ["je cherche {job}", "je voudrais faire {job}", "métier : {job}"]
JOINS = [", ", ". ", " et ", " ", " / ", ", aussi "]
FACT_WORDS = (
    *("permis", "voiture", "peugeot", "citroën", "scooter", "mobylette", "moto", "véhicule"),
    *("véhiculée", "bus", "métro", "train", "transports", "enfants", "enfant", "fille"),
    *("garçon", "petits", "garderie", "maternelle", "diplôme", "brevet", "bac", "cap", "bts"),
    *("deug", "assp", "rqth", "mdph", "handicap", "aide-soignante", "soignant", "soignante"),
    *("domicile", "auxiliaire", "assistante", "accompagnante", "éducative", "hospitalier"),
    *("agente", "agent", "ash", "aes", "mari", "voisine", "deux", "trois", "quatre", "un"),
)

MID_QUESTIONS = [
    "est-ce qu'on peut faire la formation en alternance ?",
    "combien de temps dure la formation d'aide-soignante ?",
    "on est payé combien au début ?",
    "il y a des aides pour passer le permis ?",
]

#: the banks, named as the simulator asks for them
COMMON: dict[str, Any] = {
    "greetings": GREETINGS,
    "noise_first": NOISE_FIRST,
    **{
        name.lower(): globals()[name]
        for name in (
            *("JOB_WORDS", "PLACE_MORE", "LICENCE", "VEHICLE", "PUBLIC_TRANSPORT", "CHILDREN"),
            *("CHILDCARE", "DIPLOMA", "RQTH", "EXPLICIT_LICENCE", "EXPLICIT_VEHICLE"),
            *("EXPLICIT_CHILDREN", "EXPLICIT_DIPLOMA", "CONFIRM", "CONSENT_YES", "CONSENT_NO"),
            *("CONSENT_LATE", "JOB_CHANGE", "CONSENT_WITH_REQUEST", "CHOOSE_EVENT", "UNDECIDED"),
            *("BY_CRITERION", "ONLY_EVENT", "ANSWER_JOB", "JOB_UNKNOWN", "WANT_EVENT", "PERIOD"),
            *("SKIP", "CLOSINGS", "EVENT_QUESTIONS", "HESITATIONS", "REFUSALS", "FOREIGN"),
            *("REQUEST_QUESTION", "EVENTS_FIRST", "WITH_PLACE", "CORRECTIONS", "DOUBLE_WRONG"),
            *("DOUBLE_BACK", "INLINE_CORRECTIONS", "ALL_IN_ONE_JOB", "JOINS", "FACT_WORDS"),
            *("MID_QUESTIONS", "WORD_ANSWERS"),
        )
    },
    "opening_questions": MID_QUESTIONS,
}
