"""Session 18's vocabulary for the simulated candidates (`--vocabulary third`):
written from scratch before any run against the assistant, from angles the
first two lack, and never copied into the NLU data, rules or fiches.

Each persona speaks in one register (`REGISTERS`), a way of writing kept for
the whole conversation:
- "plain": says their age and situation unprompted ("j'ai 52 ans, au RSA"),
  answers a yes/no question with a fact ("j'ai une clio", "j'ai que le code");
- "story": long messages, a story told around the facts;
- "formal": older people writing letters ("Madame, Monsieur, je me permets..."),
  line breaks, signatures, sometimes in capitals;
- "terse": very short SMS ("wi", "nn", "jsp", "ptet", "bof", "👍");
- "creole_re" / "creole_an": French of La Réunion / the Antilles and Guyane,
  with Créole words ("mi rest", "la marmaille", "an ka rété", "ti-moun").
Combinatorial banks (parts x templates) keep the phrasings in the hundreds.
The places are in third_places.py.
"""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

__all__ = ["REGISTERS", "banks", "third_mid_question", "third_noisy", "third_shorthand"]

REGISTERS = ("plain", "story", "formal", "terse", "creole_re", "creole_an")


def _product(*parts: list[str] | tuple[str, ...], sep: str = " ") -> list[str]:
    return [sep.join(p for p in combo if p) for combo in itertools.product(*parts)]


JOB_WORDS = {
    "aide_soignant": [
        "aide-soignante en hôpital",
        "AS en EHPAD",
        "aide soignant en gériatrie",
        "aide-soignante de jour",
        "aide soignante",
        "aide-soignant",
    ],
    "aide_domicile": [
        "aide à domicile en milieu rural",
        "aide à domicile pour les anciens",
        "aide à domicile",
        "aide a domicile chez les personnes agees",
    ],
    "advf": [
        "assistant de vie aux familles",
        "ADVF (assistante de vie)",
        "auxiliaire de vie à domicile",
        "auxiliaire de vie",
    ],
    "aes": [
        "accompagnant éducatif et social en MAS",
        "accompagnatrice éducative et sociale",
        "AES en IME",
        "AES",
    ],
    "ash": [
        "agent de service en ehpad",
        "ASH dans un hôpital",
        "agente des services hospitaliers",
        "ASH",
    ],
}

# --- openings, from parts --------------------------------------------------

#: a person's age and situation, said unprompted (no fact the assistant keeps)
SITUATIONS = [
    "j'ai 52 ans, je suis au RSA",
    "j'ai 24 ans",
    "j'ai 45 ans et je suis au chômage depuis un an",
    "je suis inscrite à France Travail depuis 6 mois",
    "j'ai été licenciée économique en mars",
    "je suis en fin de contrat",
    "je travaille en caisse depuis 10 ans",
    "je viens d'arriver dans la région",
    "je touche le chômage jusqu'en juin",
    "j'ai 58 ans, on me dit que c'est trop tard",
    "je suis étudiante en psycho mais ça me plaît pas",
    "je fais des ménages chez des particuliers",
    "j'ai 31 ans, je suis en reconversion",
    "je suis intérimaire depuis 3 ans",
]
_WISHES = [
    "je voudrais devenir {job}",
    "je pense au métier d'{job}",
    "on m'a conseillé {job}",
    "je veux me lancer comme {job}",
    "{job}, ça me tenterait bien",
    "je me renseigne pour faire {job}",
]
_PLAIN_WISH_JOB = _product(SITUATIONS, _WISHES, sep=", ") + _product(_WISHES, SITUATIONS, sep=". ")
_PLAIN_WISH_PLACE = [
    *_product(["{place}"], SITUATIONS, _WISHES, sep=", "),
    *_product(SITUATIONS, _WISHES, ["{place}"], sep=". "),
]
_EXPERIENCED = [
    "je fais {job} depuis {n} ans en intérim, je voudrais un poste fixe. {place}",
    "{job} depuis {n} ans, mon contrat se termine, je cherche ailleurs ({place})",
    "après {n} ans comme {job}, je veux changer de structure. {place}",
    "{place}. Je suis {job}, {n} ans de métier, je cherche un employeur sérieux",
    "ça fait {n} ans que je suis {job} et je voudrais bouger, {place}",
    "{job} expérimentée ({n} ans), {place}, qui embauche dans le coin ?",
]
_VAGUE = [
    *_product(
        SITUATIONS,
        [
            "je cherche un métier où on aide les gens",
            "je voudrais faire quelque chose d'utile",
            "j'aimerais m'occuper des personnes âgées mais je sais pas comment",
            "on m'a dit que le secteur du grand âge recrute",
        ],
        sep=", ",
    )
]

_INTRO = [
    "Bonjour, je vous explique ma situation.",
    "Alors voilà, je vais vous raconter un peu.",
    "Bonjour, c'est un peu long mais je vous explique.",
    "Bonjour, je me présente rapidement.",
]
_PAST = [
    "J'ai travaillé vingt ans dans la grande distribution et j'ai été licenciée l'année dernière.",
    "J'ai fait plein de petits boulots, de la restauration surtout, mais rien de stable.",
    "Pendant des années je suis restée à la maison, et maintenant je veux reprendre.",
    "J'ai été vendeuse puis secrétaire, et l'entreprise a fermé.",
    "Je travaillais à l'usine mais je ne supporte plus le travail à la chaîne.",
]
_TRIGGER = [
    "Quand ma grand-mère est tombée malade je me suis occupée d'elle, et j'ai adoré ça.",
    "Ma mère est en EHPAD et en la voyant je me suis dit que je pourrais faire ce métier.",
    "J'ai fait du bénévolat dans une association pour les personnes âgées, ça m'a plu.",
    "Je faisais les courses d'une voisine âgée et ça m'a donné des idées.",
]
_STORY_WISH = [
    "Aujourd'hui je voudrais devenir {job}.",
    "Du coup je me dis que {job} ce serait bien pour moi.",
    "Alors je voudrais me renseigner pour être {job}.",
]
_STORY_PLACE = ["{place}.", "Pour situer : {place}.", "Je précise, {place}."]
_STORY_WISH_JOB = _product(_INTRO, _PAST, _TRIGGER, _STORY_WISH)
_STORY_WISH_PLACE = _product(_INTRO, _PAST, _STORY_WISH, _STORY_PLACE)
_STORY_VAGUE = _product(
    _INTRO,
    _PAST,
    _TRIGGER,
    ["Mais je ne sais pas du tout par où commencer.", "Je ne sais pas quel métier choisir."],
)

_DEAR = ["Madame, Monsieur,", "Bonjour Madame, Monsieur,", "Madame, Monsieur\n", "Madame,"]
_FORMAL_ASK = [
    "je me permets de vous solliciter car je souhaiterais m'orienter vers le métier d'{job}.",
    "je me permets de vous écrire afin d'obtenir des renseignements sur le métier d'{job}.",
    "je souhaiterais exercer la profession d'{job} et je sollicite vos conseils.",
    "ayant entendu parler de votre service, je vous écris car le métier d'{job} m'intéresse.",
]
_FORMAL_END = [
    "Je vous remercie par avance de votre retour.",
    "Dans l'attente de votre réponse, je vous prie d'agréer mes salutations distinguées.",
    "Bien cordialement.",
    "Avec mes remerciements.",
]
_FORMAL_PLACE = ["{place}.", "Pour information : {place}.", "Je réside actuellement : {place}."]
_FORMAL_WISH_JOB = _product(_DEAR, _FORMAL_ASK, _FORMAL_END)
_FORMAL_WISH_PLACE = _product(_DEAR, _FORMAL_ASK, _FORMAL_PLACE, _FORMAL_END)
_FORMAL_EXPERIENCED = _product(
    _DEAR,
    [
        "exerçant le métier d'{job} depuis {n} ans, je souhaite changer d'employeur.",
        "{job} depuis {n} ans, je recherche un nouveau poste.",
    ],
    ["{place}."],
    _FORMAL_END,
)
_FORMAL_VAGUE = _product(
    _DEAR,
    [
        "je me permets de vous écrire car je souhaite me reconvertir dans l'aide aux personnes.",
        "à la recherche d'un emploi, je souhaiterais connaître les métiers de votre secteur.",
    ],
    _FORMAL_END,
)

_TERSE_WISH_JOB = ["{job}", "taf {job}", "cherche {job}", "{job} svp", "boulot {job}", "{job} ?"]
_TERSE_WISH_PLACE = [
    "{job} {place}",
    "{place} {job}",
    "cherche taf {job} {place}",
    "{job} / {place}",
]
_TERSE_EXPERIENCED = ["{job} {n} ans xp {place} cherche employeur", "{job} {n}ans {place} cdi ?"]
_TERSE_VAGUE = ["cherche taf", "du boulot ?", "emploi svp", "taf dans le social ?"]

_CREOLE_RE_WISH = [
    "bonjour, mi voudrait travay comme {job}",
    "mi cherche travail {job}",
    "bonzour, moin la envie fé {job}",
    "bonjour, mi aime bien s'occuper des gramoun, mi voudrait devenir {job}",
]
_CREOLE_AN_WISH = [
    "bonjou, an ka chèché travay {job}",
    "bonjour, mwen vlé fè {job}",
    "an vlé travay kon {job}",
    "bonjour, sé {job} mwen vlé fè",
]


def _openings(wish_job: list[str], wish_place: list[str], experienced: list[str], vague: list[str]):
    return {
        "wish_job": wish_job,
        "wish_job_place": wish_place,
        "experienced": experienced,
        "wish_vague": vague,
    }


# --- answers ---------------------------------------------------------------

LICENCE = {
    True: ["oui je l'ai", "oui bien sûr", "oui permis B", "ben oui", "oui depuis mes 18 ans"],
    False: ["non", "non pas encore", "non je l'ai raté", "non toujours pas", "non hélas"],
}
VEHICLE = {
    "car": ["oui j'ai une voiture", "oui une petite voiture", "oui ma voiture"],
    "two_wheeler": ["oui un scooter", "un 125", "oui une moto"],
    "none": ["non", "non aucun", "non pas de véhicule", "non je suis à pied"],
}
PUBLIC_TRANSPORT = {
    True: ["oui", "oui il y a le bus", "oui le tram", "oui pas de souci"],
    False: ["non", "non pas vraiment", "non aucun bus", "non rien"],
}
CHILDREN = {
    "zero": ["non", "non aucun", "non pas d'enfant", "pas d'enfant non"],
    "adult": ["ils sont grands maintenant, ils ont leur vie", "plus à charge, ils sont adultes"],
    "some": ["{n}", "oui {n}", "j'en ai {w}", "{w} enfants", "oui {w}"],
    "one": ["1", "oui un", "une seule", "oui une fille", "oui un garçon"],
}
CHILDCARE = {
    False: ["oui", "oui c'est bon", "oui pas de problème", "oui c'est prévu"],
    True: ["non", "non pas du tout", "non c'est compliqué", "non j'ai personne"],
}
DIPLOMA = {
    "none": ["non", "aucun", "non aucun diplôme", "pas de diplôme"],
    "bac": ["le bac", "oui le bac", "bac"],
    "cap": ["un CAP", "CAP", "oui un CAP"],
    "bac_pro_assp": ["bac pro ASSP", "oui un bac pro ASSP"],
    "brevet": ["le brevet", "que le brevet"],
    "bac+2": ["un BTS", "bac+2"],
}
RQTH = {
    True: ["oui", "oui j'ai la RQTH", "oui je suis reconnue travailleur handicapé"],
    False: ["non", "non pas concerné", "non"],
    None: ["je ne souhaite pas en parler", "je préfère ne rien dire là-dessus", "joker"],
}

#: a yes/no question answered by a fact ("j'ai une clio"), and regional words
WORD_ANSWERS: dict[str, dict[Any, list[str]]] = {
    "driving_licence": {
        True: [
            "je conduis tous les jours",
            "j'ai eu mon permis à 18 ans",
            "je conduis depuis 20 ans",
            "permis B depuis 2010",
        ],
        False: [
            "j'ai que le code",
            "j'ai eu le code mais pas la conduite",
            "je ne conduis pas",
            "je passe le permis le mois prochain",
        ],
    },
    "vehicle": {
        "car": ["j'ai une clio", "une vieille 206", "j'ai une twingo", "ma bagnole oui"],
        "two_wheeler": ["j'ai un 50 cc", "je roule en scooter", "une moto 125"],
        "none": ["je suis à pied", "je n'ai rien pour me déplacer", "aucun moyen de locomotion"],
    },
    "public_transport": {
        True: [
            "le tram passe en bas de chez moi",
            "il y a une gare à 5 minutes",
            "la ligne de bus s'arrête devant chez moi",
            "le car passe tous les matins",
        ],
        False: [
            "le premier arrêt de bus est à 8 km",
            "ici c'est la campagne, y a rien",
            "pas de bus dans mon village",
        ],
    },
    "children": {
        0: ["j'en ai pas", "pas encore", "aucun enfant"],
        1: ["un ado de 15 ans", "une petite de 4 ans", "mon fils de 10 ans"],
        2: ["mes deux grands sont au collège", "une fille de 12 ans et un garçon de 9", "deux"],
        3: ["trois garçons", "j'en ai trois", "3 enfants de 2, 5 et 8 ans"],
    },
    "childcare_needed": {
        False: [
            "c'est ma mère qui les récupère",
            "ils vont chez la nounou",
            "ils sont au centre aéré le mercredi, ça roule",
        ],
        True: [
            "c'est moi qui les garde toute la journée",
            "je n'ai personne pour les garder",
            "il me faudrait une place en crèche",
        ],
    },
    "diplomas": {
        "none": ["j'ai arrêté l'école sans diplôme", "j'ai rien eu", "pas de diplôme"],
        "bac": ["j'ai eu mon bac en 2005", "bac ES", "bac techno"],
        "cap": ["CAP petite enfance", "un CAP cuisine", "CAP coiffure"],
        "bac_pro_assp": ["bac pro ASSP", "un bac pro accompagnement soins et services"],
        "brevet": ["juste le brevet des collèges", "le brevet"],
        "bac+2": ["un BTS SP3S", "un DUT", "BTS assistante de gestion"],
    },
    "rqth": {
        True: ["oui, j'ai la reconnaissance MDPH", "oui reconnue travailleur handicapé"],
        False: ["non ça ne me concerne pas", "non aucun handicap"],
    },
}
EXPLICIT_LICENCE = {
    True: ["j'ai le permis", "je conduis", "titulaire du permis B"],
    False: ["pas de permis", "je n'ai que le code", "je ne conduis pas"],
}
EXPLICIT_VEHICLE = {
    "car": ["j'ai une voiture", "je suis motorisée", "j'ai une clio"],
    "two_wheeler": ["j'ai un scooter", "je me déplace en moto"],
    "none": ["pas de véhicule", "je n'ai pas de voiture"],
}
EXPLICIT_CHILDREN = {
    "zero": ["pas d'enfant", "sans enfant à charge", "je n'ai pas d'enfants"],
    "one": ["j'ai un enfant", "maman d'un petit garçon", "un enfant de 7 ans"],
    "some": ["j'ai {n} enfants", "maman de {w} enfants", "{n} enfants à la maison"],
}
EXPLICIT_DIPLOMA = {
    "none": ["sans diplôme", "je n'ai aucun diplôme", "pas de diplôme"],
    "bac": ["j'ai le bac", "niveau bac, je l'ai eu"],
    "cap": ["j'ai un CAP", "titulaire d'un CAP"],
    "bac_pro_assp": ["j'ai un bac pro ASSP", "bac pro assp en poche"],
    "brevet": ["j'ai juste le brevet", "brevet des collèges seulement"],
    "bac+2": ["j'ai un BTS", "diplômée d'un bac+2"],
}

CONFIRM = ["oui", "oui je confirme", "c'est bon pour moi", "parfait", "très bien", "ok"]
CONSENT_YES = ["oui", "oui ça me va", "d'accord pour moi", "je suis d'accord", "allez ok"]
#: consent refused at first, then given a turn later
CONSENT_NO = [
    "non je préfère pas",
    "non merci, je ne veux pas que vous gardiez mes infos",
    "pas pour l'instant",
    "non, je n'aime pas qu'on garde mes données",
]
CONSENT_LATE = [
    "bon finalement c'est d'accord, vous pouvez garder mes infos",
    "j'ai réfléchi, j'accepte que vous gardiez mes informations",
    "en fait ok, vous pouvez enregistrer mes informations",
    "finalement je veux bien que vous conserviez mes informations",
]
#: the job changed mid-way ({job} is the new one)
JOB_CHANGE = [
    "finalement je préfère {job}",
    "en fait j'ai changé d'avis, plutôt {job}",
    "attendez, je me suis trompée, c'est {job} que je veux faire",
    "non plutôt {job} finalement, c'est moins dur",
    "j'ai réfléchi, je voudrais plutôt devenir {job}",
    "en fait ce qui m'intéresse c'est {job}",
]
CONSENT_WITH_REQUEST = [
    "oui d'accord, et vous avez des réunions près de chez moi ?",
    "ok, il y a quelque chose bientôt dans mon secteur ?",
]
CHOOSE_EVENT = {
    1: ["je prends la première date", "la première proposition", "le premier me va"],
    2: ["la deuxième date", "la 2ème proposition", "le second me va bien"],
    3: ["la troisième date", "la 3ème"],
    0: ["la dernière date", "la dernière proposition"],
}
UNDECIDED = [
    "lequel vous me conseillez ?",
    "je ne sais pas lequel prendre ?",
    "les deux me vont, lequel est le mieux ?",
]
BY_CRITERION = ["celui qui est le plus près", "le plus tôt possible", "le plus proche de chez moi"]
ONLY_EVENT = ["oui ça me va", "je veux bien", "oui je prends"]
ANSWER_JOB = ["{job}", "{job} je crois", "plutôt {job}", "je pensais à {job}"]
JOB_UNKNOWN = ["je sais pas trop", "aucune idée pour l'instant", "c'est justement ça le problème"]
WANT_EVENT = [
    "vous avez quelque chose à me proposer ?",
    "je peux rencontrer des employeurs ?",
    "c'est quand la prochaine réunion près de chez moi ?",
]
PERIOD = ["le plus vite possible", "en septembre", "d'ici deux mois", "quand vous voulez"]
SKIP = ["on passe", "question suivante"]
CLOSINGS = ["merci beaucoup pour votre aide", "c'est gentil merci", "super, à bientôt", "merci !"]
EVENT_QUESTIONS = [
    "je peux venir avec quelqu'un ?",
    "c'est à combien de km de chez moi ?",
    "y a un bus pour y aller ?",
    "ça commence à quelle heure et ça finit quand ?",
    "il faut apporter quoi ?",
    "c'est où exactement ? et c'est long ?",
]
HESITATIONS = [
    "c'est-à-dire ?",
    "je comprends pas la question",
    "euh",
    "faut que je demande à mon mari",
    "je vous redis ça",
    "ça change quoi ?",
]
REFUSALS = ["ça c'est ma vie privée", "je vois pas le rapport", "secret", "je ne dirai pas"]
FOREIGN = [
    "Dzień dobry, szukam pracy",
    "Bună ziua, caut de lucru",
    "olá, procuro trabalho como cuidadora",
    "hello, I need work, I live in France",
    "ciao, sto cercando lavoro",
    "السلام عليكم، أبحث عن عمل",
]
REQUEST_QUESTION = [
    "je voudrais aller à une réunion d'information, c'est gratuit ? et ça dure combien ?",
    "inscrivez-moi à un atelier, mais il faut le permis pour faire ce métier ?",
    "je veux rencontrer des employeurs, ils embauchent sans diplôme ?",
    "je voudrais essayer le métier en vrai, je serai payée pendant l'essai ?",
]
EVENTS_FIRST = [
    "je voudrais rencontrer des recruteurs du secteur",
    "vous faites des réunions pour présenter les métiers ?",
    "il y a des portes ouvertes dans les ehpad ?",
    "je veux m'inscrire à la prochaine session découverte",
]
WITH_PLACE = ["{request}, {place}", "{place} : {request}", "{request}. {place}"]
PLACE_MORE = [
    "j'habite au {cp} {commune}",
    "{commune} ({cp}) {dep_in}",
    "commune de {commune}, {cp}",
    "{cp} {commune} en {region}",
]
CORRECTIONS = [
    "pardon je me suis trompée, j'habite à {commune}",
    "non c'est {commune} ({cp}), excusez-moi",
    "rectification : {cp}",
]
DOUBLE_WRONG = ["ah non, {commune} en fait", "zut, je voulais dire {commune}"]
DOUBLE_BACK = ["non non, c'était bien {commune}", "oubliez, c'est {commune}"]
INLINE_CORRECTIONS = [
    "je suis originaire de {wrong} mais j'habite à {right} maintenant",
    "j'ai grandi à {wrong}, aujourd'hui je vis à {right}",
    "je travaillais à {wrong} mais j'habite {right}",
]
ALL_IN_ONE_JOB = ["je voudrais devenir {job}", "mon projet : {job}", "{job} ça m'intéresse"]
JOINS = [", ", ". ", " et ", " ; ", "\n", ", et puis "]
FACT_WORDS = (
    *("permis", "code", "conduis", "conduire", "voiture", "clio", "twingo", "bagnole"),
    *("scooter", "moto", "véhicule", "motorisée", "tram", "bus", "gare", "car", "ligne"),
    *("enfants", "enfant", "fille", "fils", "garçon", "garçons", "ado", "petite", "petit"),
    *("nounou", "crèche", "garder", "garde", "diplôme", "diplômée", "brevet", "bac"),
    *("cap", "bts", "assp", "titulaire", "soignante", "soignant", "domicile", "auxiliaire"),
    *("hospitaliers", "hospitalier", "éducative", "éducatif", "accompagnatrice"),
    *("accompagnant", "agente", "agent", "service", "services", "assistante", "assistant"),
    *("marmaille", "marmailles", "ti-moun", "zenfants", "minots", "drôles", "gosses"),
    *("rqth", "mdph", "handicapé", "reconnue"),
)

# --- questions asked mid-form: one, or two in one message ------------------

_QUESTIONS = {
    "age": ("à 55 ans c'est pas trop tard pour se former ?", "y a un âge limite pour {job} ?"),
    "horaires": ("on travaille le week-end en {job} ?", "les horaires d'un {job} c'est comment ?"),
    "physique": ("c'est dur physiquement d'être {job} ?", "faut porter les gens en {job} ?"),
    "formation": ("la formation d'{job} dure combien ?", "on peut se former à distance ?"),
    "paye": ("c'est payé pendant la formation ?", "{job} ça gagne combien ?"),
    "immersion": ("c'est quoi une immersion ?", "on peut essayer le métier avant ?"),
    "permis": ("faut le permis pour être {job} ?", "y a des aides pour payer le permis ?"),
    "vae": ("c'est quoi la VAE ?", "je peux faire valider mes années de travail ?"),
}
_FORMAL_QUESTIONS = (
    "Pourriez-vous m'indiquer la durée de la formation d'{job} ?",
    "Je souhaiterais savoir si la formation est rémunérée.",
    "Pourriez-vous me préciser le salaire d'un {job} débutant ?",
)
_NAMES = {
    "aide_soignant": ("aide-soignant", "aide soignante"),
    "aide_domicile": ("aide à domicile",),
    "advf": ("auxiliaire de vie", "ADVF"),
    "aes": ("AES", "accompagnant éducatif et social"),
    "ash": ("ASH",),
}


def third_mid_question(rng: random.Random, job: str | None) -> str:
    """One question from parts, or two in one message ("c'est payé ? et ça dure ?")."""
    name = rng.choice(_NAMES[job or rng.choice(sorted(_NAMES))])
    if rng.random() < 0.15:
        return rng.choice(_FORMAL_QUESTIONS).format(job=name)
    first, second = rng.sample(sorted(_QUESTIONS), 2)
    text = rng.choice(_QUESTIONS[first]).format(job=name)
    if rng.random() < 0.35:
        other = rng.choice(_QUESTIONS[second]).format(job=name)
        text = f"{text} {rng.choice(['et', 'et aussi', 'autre chose :'])} {other}"
    return text


MID_QUESTIONS = [
    "au fait, c'est payé une immersion ? et ça dure combien de temps ?",
    "question bête : il faut savoir bien écrire pour la formation ?",
    "c'est quoi la différence entre aide-soignante et auxiliaire de vie ?",
    "et on peut travailler à temps partiel ?",
]

# --- the register's marks around a message, and its shorthand --------------

_AROUND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "plain": (("alors ", "oui alors ", "bon ", ""), (" voilà", " merci", "")),
    "story": (
        ("Alors je vous explique. ", "Pour tout vous dire, ", "Bon, c'est compliqué mais "),
        (
            " Désolée si je ne suis pas très claire.",
            " Ma conseillère m'a dit de vous écrire, voilà.",
            " Je sais pas si c'est ce que vous demandez.",
            " Merci de prendre le temps de me lire.",
        ),
    ),
    "formal": (
        ("Madame, Monsieur, ", "Bonjour, ", "Madame,\n"),
        (
            " Cordialement.",
            "\nBien cordialement,\nMme Lefèvre",
            " Respectueusement.",
            "\nCordialement",
        ),
    ),
    "terse": (("", ""), ("", " .", " 👍")),
    "creole_re": (("bonjour ", "alors ", "ben "), (" lé bon", " merci", " voilà", " mi pense")),
    "creole_an": (("bonjou ", "alors ", "ében "), (" mèsi", " voilà", " wi", "")),
}


def third_noisy(register: str):  # type: ignore[no-untyped-def]
    before, after = _AROUND[register]

    def noisy(text: str, rng: random.Random) -> str:
        if register == "terse":
            return text.rstrip(" ?!.").lower() + rng.choice(after)
        if register == "formal" and rng.random() < 0.25:
            return (rng.choice(before) + text + rng.choice(after)).upper()  # caps lock on
        return rng.choice(before) + text + rng.choice(after)

    return noisy


_TERSE_SHORT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\boui\b", ("wi", "ui", "ouep", "oui")),
    (r"\bnon\b", ("nn", "non", "no")),
    (r"\bje ne sais pas\b", ("jsp",)),
    (r"\bpeut-être\b", ("ptet", "ptêtre")),
    (r"\bd'accord\b", ("dac", "ok")),
    (r"\bs'il vous pla[iî]t\b", ("svp", "stp")),
    (r"\bquelque chose\b", ("qqch",)),
    (r"\bpourquoi\b", ("pk", "pq")),
    (r"\bbeaucoup\b", ("bcp",)),
    (r"\baujourd'hui\b", ("ajd",)),
    (r"\bje suis\b", ("chui", "jsuis")),
    (r"\bj'ai\b", ("jai", "g")),
    (r"\bc'est\b", ("c", "cé")),
    (r"\bqu'est-ce que\b", ("kesk",)),
)


def third_shorthand(text: str, rng: random.Random, rate: float = 0.5) -> str:
    for pattern, shorts in _TERSE_SHORT:
        if rng.random() < rate:
            text = re.sub(pattern, rng.choice(shorts), text, flags=re.IGNORECASE)
    return text


# --- the banks, by register ------------------------------------------------

_COMMON: dict[str, Any] = {
    "greetings": [
        "Bonjour,",
        "bonjour bonjour",
        "Bonjour, je viens de voir votre affiche à la mairie",
        "bonjour je vous contacte de la part de la mission locale",
        "Bonjour, une amie m'a donné votre numéro",
        "bonjour, je suis nouvelle dans le coin",
        "allo bonjour",
        "Bonjour à toute l'équipe",
    ],
    "noise_first": ["?", "bonjour ?", "vous êtes un robot ?", "c'est ici pour le travail ?", "re"],
    "openings": _openings(_PLAIN_WISH_JOB, _PLAIN_WISH_PLACE, _EXPERIENCED, _VAGUE),
    "opening_questions": MID_QUESTIONS,
    # the other banks are this module's constants of the same name, in lower case
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
}

_OVERRIDES: dict[str, dict[str, Any]] = {
    "plain": {},
    "story": {
        "openings": _openings(_STORY_WISH_JOB, _STORY_WISH_PLACE, _EXPERIENCED, _STORY_VAGUE),
        "hesitations": [
            "alors là, c'est compliqué, il faudrait que je vous explique toute ma vie",
            "je ne sais pas trop, ça dépend des semaines",
        ],
    },
    "formal": {
        "greetings": ["Madame, Monsieur, bonjour.", "Bonjour Madame, Monsieur,", "Bonsoir Madame,"],
        "openings": _openings(
            _FORMAL_WISH_JOB, _FORMAL_WISH_PLACE, _FORMAL_EXPERIENCED, _FORMAL_VAGUE
        ),
        "licence": {
            True: ["Oui, je suis titulaire du permis B.", "Oui, tout à fait."],
            False: ["Non, je ne suis pas titulaire du permis de conduire.", "Non, hélas."],
        },
        "vehicle": {
            "car": ["Oui, je possède un véhicule personnel.", "Oui, une automobile."],
            "two_wheeler": ["Je possède un scooter."],
            "none": ["Non, je ne possède pas de véhicule.", "Non, aucun."],
        },
        "children": {
            **CHILDREN,
            "adult": [
                "Je n'ai plus d'enfant à charge, ils sont adultes.",
                "Mes enfants sont majeurs.",
            ],
        },
        "consent_yes": ["Oui, j'accepte.", "C'est entendu.", "Oui, je vous donne mon accord."],
        "confirm": ["Oui, je vous remercie.", "C'est parfait, merci.", "Oui, je confirme."],
        "closings": ["Je vous remercie infiniment.", "Merci beaucoup, bonne journée à vous."],
    },
    "terse": {
        "greetings": ["slt", "bjr", "yo", "cc", "hey"],
        "openings": _openings(_TERSE_WISH_JOB, _TERSE_WISH_PLACE, _TERSE_EXPERIENCED, _TERSE_VAGUE),
        "licence": {True: ["wi", "oui", "ouep", "ui"], False: ["nn", "non", "nan", "no"]},
        "vehicle": {
            "car": ["voiture", "wi voiture"],
            "two_wheeler": ["scoot"],
            "none": ["nn", "rien"],
        },
        "public_transport": {True: ["wi", "bus", "ouep"], False: ["nn", "nan", "rien"]},
        "childcare": {False: ["wi", "ouep", "c bon"], True: ["nn", "non", "personne"]},
        "rqth": {True: ["wi"], False: ["nn", "non"], None: ["passe", "jsp"]},
        "consent_yes": ["ok", "wi", "vas y", "oki"],
        "confirm": ["ok", "👍", "go", "wi", "oki"],
        "hesitations": ["jsp", "bof", "ptet", "mouais", "euh", "?"],
        "closings": ["merci", "mrc", "👍"],
        "choose_event": {1: ["1er"], 2: ["2e", "le 2"], 3: ["3e"], 0: ["dernier"]},
    },
    "creole_re": {
        "greetings": ["bonzour", "bonjour la famille", "salut zot", "bonjour"],
        "openings": _openings(
            _CREOLE_RE_WISH,
            [t + ", {place}" for t in _CREOLE_RE_WISH] + ["{place}, " + _CREOLE_RE_WISH[1]],
            _EXPERIENCED,
            ["mi cherche travail", "bonjour, mi sait pas quoi faire comme travail"],
        ),
        "children": {
            **CHILDREN,
            "some": ["{n} marmailles", "mi na {n} marmailles", "{w} zenfants"],
            "one": ["un marmaille", "un seul zenfant"],
        },
        "explicit_children": {
            **EXPLICIT_CHILDREN,
            "some": ["mi na {n} marmailles", "{n} marmailles à la case"],
        },
        "licence": {True: ["oui lé bon", "oui mi na le permis"], False: ["non mi na pas", "non"]},
        "consent_yes": ["oui lé bon", "oui", "ok lé bon"],
    },
    "creole_an": {
        "greetings": ["bonjou", "bonjour", "bonjou tout moun"],
        "openings": _openings(
            _CREOLE_AN_WISH,
            [t + ", {place}" for t in _CREOLE_AN_WISH] + ["{place}, " + _CREOLE_AN_WISH[0]],
            _EXPERIENCED,
            ["an ka chèché travay", "bonjou, an pa sav ki travay fè"],
        ),
        "children": {
            **CHILDREN,
            "some": ["{n} ti-moun", "an ni {n} ti-moun", "{n} zenfants"],
            "one": ["an ni on ti-moun", "un ti-moun"],
        },
        "explicit_children": {**EXPLICIT_CHILDREN, "some": ["an ni {n} ti-moun", "{n} ti-moun"]},
        "licence": {True: ["wi", "wi j'ai mon permis"], False: ["non", "non pa de permis"]},
        "consent_yes": ["wi", "wi dakò", "dakò"],
    },
}


def banks(register: str) -> dict[str, Any]:
    """The banks a persona of this register speaks."""
    return {**_COMMON, **_OVERRIDES[register]}
