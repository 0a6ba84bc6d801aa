"""Session 20's vocabulary for the simulated candidates (`--vocabulary fifth`):
written from scratch before any run against the assistant, for people the first
four do not model, and never copied into the NLU data, rules or fiches.

The common banks are here; each persona speaks in one register
(`fifth_registers.REGISTERS`: phonetic SMS, a parent writing for a grown-up child,
facts given before they are asked and corrected, "c quoi ?" about the assistant's
own words, people out of work, retired or changing careers). The places, new
communes said in SMS spelling too, are in fifth_registers.py.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMON"]

JOB_WORDS = {
    "aide_soignant": ["aide soignante", "aide-soignante", "aide soignant", "AS"],
    "aide_domicile": ["aide a domicile", "aide à domicile", "aide à dom", "aide menagere"],
    "advf": ["auxiliaire de vie", "assistante de vie", "ADVF", "auxi de vie"],
    "aes": ["AES", "accompagnante educative et sociale", "accompagnant éducatif et social"],
    "ash": ["ASH", "agent de service hospitalier", "agent d'entretien en ehpad"],
}

GREETINGS = ["slt", "bjr", "bonjour", "cc", "bonjour ya quelqu'un", "bsr"]
NOISE_FIRST = ["??", "allo", "ok", "hey", "👀", "bonjour."]

LICENCE = {
    True: ["oui", "wi", "oui je l'ai", "oui g le permis", "ya", "oui permis b"],
    False: ["non", "nn", "pa de permis", "non je l'ai pas", "nan pas encore", "non jamais eu"],
}
VEHICLE = {
    "car": ["oui", "une voiture", "oui une caisse", "oui g une voiture", "ma voiture oui"],
    "two_wheeler": ["un scoot", "scooter", "une moto oui"],
    "none": ["non", "nn", "pa de voiture", "non rien", "aucun vehicule"],
}
PUBLIC_TRANSPORT = {
    True: ["oui", "wi", "oui le bus passe", "ya le tram", "oui pas de souci"],
    False: ["non", "nn", "pas de bus ici", "non ça passe pas chez moi", "quasi rien"],
}
CHILDREN = {
    "zero": ["non", "0", "pas d'enfant", "aucun", "nn pas d'enfants"],
    "adult": ["ils sont grands", "mes enfants ont plus de 20 ans", "ils sont partis de la maison"],
    "some": ["{n}", "oui {n}", "{n} gosses", "{w}", "j'en ai {n}", "{n} enfants oui"],
    "one": ["1", "un seul", "oui une fille", "un petit garçon", "oui 1"],
}
CHILDCARE = {
    False: ["oui", "oui c géré", "oui ma soeur les garde", "oui la creche", "c'est bon oui"],
    True: ["non", "nn", "non c le probleme", "pas de solution pour l'instant"],
}
DIPLOMA = {
    "none": ["non", "rien", "aucun", "pa de diplome", "nn aucun"],
    "bac": ["bac", "le bac", "oui le bac", "bac techno"],
    "cap": ["cap", "un cap", "oui un CAP"],
    "bac_pro_assp": ["bac pro assp", "un bac pro ASSP"],
    "brevet": ["brevet", "le brevet", "juste le brevet"],
    "bac+2": ["bts", "bac+2", "un BTS"],
}
RQTH = {
    True: ["oui", "oui j'ai la rqth", "wi rqth"],
    False: ["non", "nn", "non pas concerné"],
    None: ["je prefere pas dire", "passer", "pas envie de repondre"],
}

#: a button question answered in a short sentence of one's own
WORD_ANSWERS: dict[str, dict[Any, list[str]]] = {
    "driving_licence": {
        True: ["g le permis", "je conduis", "permis ok"],
        False: ["g pa le permi", "je conduis pas", "pas de permis pour l'instant"],
    },
    "vehicle": {
        "car": ["g une clio", "j'ai une vieille 206"],
        "two_wheeler": ["un scoot 125", "je roule en scooter"],
        "none": ["je me deplace a pied", "pas de vehicule"],
    },
    "public_transport": {
        True: ["le bus est en bas de chez moi", "ya une gare a 5 min"],
        False: ["aucun bus ici", "le car passe une fois par jour"],
    },
    "children": {
        0: ["pas d'enfant", "aucun enfant"],
        1: ["une fille de 6 ans", "un fils de 2 ans"],
        2: ["2 garçons", "deux filles"],
        3: ["3, ils sont petits", "trois enfants"],
    },
    "childcare_needed": {
        False: ["ma mere s'en occupe", "ils sont a la cantine et au centre aéré"],
        True: ["personne pour les garder", "je suis toute seule avec eux"],
    },
    "diplomas": {
        "none": ["g arreté l'ecole en 3eme", "pas de diplome"],
        "bac": ["g le bac", "bac pro commerce"],
        "cap": ["cap petite enfance", "un cap coiffure"],
        "bac_pro_assp": ["bac pro accompagnement soins et services a la personne"],
        "brevet": ["juste le brevet", "que le brevet"],
        "bac+2": ["un bts compta", "un bts"],
    },
    "rqth": {
        True: ["reconnu handicapé oui", "j'ai un dossier mdph accepté"],
        False: ["pas de handicap", "non c pas mon cas"],
    },
}
EXPLICIT_LICENCE = {
    True: ["g le permis", "j'ai le permis", "permis b ok"],
    False: ["g pa le permi", "pas de permis", "j'ai pas le permis"],
}
EXPLICIT_VEHICLE = {
    "car": ["g une voiture", "j'ai une voiture", "vehiculé"],
    "two_wheeler": ["g un scooter", "j'ai un scoot"],
    "none": ["pas de voiture", "pas de vehicule"],
}
EXPLICIT_CHILDREN = {
    "zero": ["pas d'enfant", "sans enfant", "0 enfant"],
    "one": ["1 enfant", "j'ai un enfant", "une fille a charge"],
    "some": ["{n} enfants", "j'ai {n} enfants", "{w} enfants a charge"],
}
EXPLICIT_DIPLOMA = {
    "none": ["pas de diplome", "aucun diplome", "sans diplome"],
    "bac": ["g le bac", "j'ai le bac"],
    "cap": ["j'ai un cap", "titulaire cap"],
    "bac_pro_assp": ["j'ai le bac pro assp", "bac pro assp"],
    "brevet": ["juste le brevet", "j'ai le brevet"],
    "bac+2": ["j'ai un bts", "bac+2"],
}

CONFIRM = ["oui", "wi", "ok", "oui go", "c bon", "oui inscris moi", "vas y"]
CONSENT_YES = ["oui", "ok", "wi", "oui pas de souci", "ok ça marche"]
CONSENT_NO = ["non", "nn", "non merci", "je prefere pas"]
CONSENT_LATE = ["bon ok vous pouvez garder mes infos", "c bon gardez les", "ok finalement oui"]
JOB_CHANGE = ["en fait plutot {job}", "non attendez, {job} plutot", "je prefere {job} finalement"]
CONSENT_WITH_REQUEST = ["oui et ya quoi pres de chez moi", "ok, vous avez des dates ?"]
CHOOSE_EVENT = {
    1: ["le 1", "1er", "la 1ere", "celle du haut"],
    2: ["le 2", "2eme", "la deuxieme"],
    3: ["le 3", "3eme"],
    0: ["la derniere", "le dernier"],
}
UNDECIDED = ["jsp lequel", "lequel vous me conseillez", "j'hesite entre les 2"]
BY_CRITERION = ["le + proche", "le plus tot", "le moins loin"]
ONLY_EVENT = ["oui", "ok", "ok go", "oui celui la"]
ANSWER_JOB = ["{job}", "{job} plutot", "{job} je crois", "bah {job}"]
JOB_UNKNOWN = ["jsp", "je sais pas trop", "aucune idée", "n'importe"]
WANT_EVENT = ["vous avez quoi", "ya des dates ?", "je peux m'inscrire a quoi"]
PERIOD = ["tt de suite", "asap", "le mois pro", "apres l'ete", "en avril"]
SKIP = ["passe", "suivant"]
CLOSINGS = ["merci", "ok merci", "top merci", "mrc", "super bonne journée"]
EVENT_QUESTIONS = ["c ou", "c a quelle heure", "c'est ou exactement", "ça dure lgtps ?"]
HESITATIONS = ["hein", "jsp", "pk", "att", "euh"]
REFUSALS = ["pk vous voulez savoir", "ça vous regarde pas", "pas envie de dire"]
FOREIGN = ["Hello I need a job", "Salam, je parle un peu francais", "Buenos dias, trabajo?"]
REQUEST_QUESTION = [
    "je veux voir des employeurs, c gratuit ?",
    "je voudrais un stage pour essayer, ya un age limite ?",
]
EVENTS_FIRST = [
    "vous avez des forums emploi",
    "je veux aller a une reunion info",
    "ya des job dating",
]
WITH_PLACE = ["{request} {place}", "{place}. {request}", "{request}, {place}"]
PLACE_MORE = ["{commune} {cp}", "{cp} {commune}", "jhabite {commune} ({cp})"]
CORRECTIONS = [
    "non pardon c {cp}",
    "oups je me suis trompée, c {commune}",
    "erreur, c'est {commune} {cp}",
    "non non, {cp}",
]
DOUBLE_WRONG = ["ah non {commune}", "attendez c {commune}"]
DOUBLE_BACK = ["non non c bien {commune}", "laissez tomber, {commune} c'était bon"]
INLINE_CORRECTIONS = ["{wrong} non {right}", "{wrong}, pardon {right}", "{wrong} euh {right}"]
ALL_IN_ONE_JOB = ["{job}", "je veux faire {job}", "taf {job}"]
JOINS = [" ", ", ", ". ", " + ", " et "]
FACT_WORDS = (
    *("permis", "permi", "voiture", "clio", "206", "scoot", "scooter", "moto", "vehicule"),
    *("vehiculé", "bus", "tram", "gare", "car", "enfants", "enfant", "fille", "fils"),
    *("garçon", "garçons", "filles", "gosses", "petits", "creche", "cantine", "diplome", "brevet"),
    *("bac", "cap", "bts", "assp", "rqth", "mdph", "handicap", "handicapé", "soignante"),
    *("soignant", "domicile", "auxiliaire", "auxi", "assistante", "accompagnante", "ehpad"),
    *("hospitalier", "agent", "ash", "aes", "advf", "soeur", "mere", "deux", "trois", "un"),
)

#: questions in the middle of the form, some without their "?"
MID_QUESTIONS = [
    "on peut bosser sans le permis",
    "faut il un diplome pour commencer",
    "c payé la formation ?",
    "on peut faire ça a 55 ans",
    "la formation c'est combien de temps",
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
