"""Session 17's vocabulary for the simulated candidates (`--vocabulary new`): every
fact said again in other words, written from scratch for this layer, before any
run against the assistant, and never copied into the NLU data, rules or fiches.

Same shapes as the older banks (tests/conversations/vocabulary.py, variation.py,
families.py, asides.py, requests.py), so the candidate model can speak either;
the new places (a commune behind its article, overseas, names shared by several
communes) are in fresh_places.py.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "ANSWER_JOB",
    "BANKS",
    "CHILDREN",
    "JOB_WORDS",
    "OPENINGS",
    "fresh_mid_question",
    "fresh_noisy",
    "fresh_shorthand",
]

GREETINGS = [
    "bonjour à vous",
    "Bonjour, je me permets de vous écrire",
    "slt",
    "bonjour, on m'a donné ce numéro",
    "Bonsoir",
    "hello",
    "bonjour, c'est pour un renseignement",
    "coucou 🙂",
    "bjr, vous répondez par sms ?",
    "Madame, Monsieur, bonjour",
    "yo",
    "Bonjour, ma conseillère m'a dit de vous contacter",
]
NOISE_FIRST = ["...", "allô", "y a quelqu'un ?", "👍", "hé", "test", "ok"]

JOB_WORDS = {
    "aide_soignant": [
        "aide soignante de nuit",
        "aide-soignant à l'hôpital",
        "aide soignante en maison de retraite",
        "aide-soignant",
        "aide soignant",
    ],
    "aide_domicile": [
        "aide au domicile",
        "intervenante à domicile",
        "aide à domicile",
        "aide a domicile aupres des personnes agees",
    ],
    "advf": [
        "assistante de vie aux familles",
        "ADVF",
        "auxiliaire de vie",
        "auxilliaire de vie",
    ],
    "aes": [
        "accompagnante éducative et sociale",
        "accompagnant éducatif et social",
        "AES en foyer",
        "AES",
    ],
    "ash": [
        "agent des services hospitaliers",
        "ASH en ehpad",
        "ASH",
        "agente de service hospitalier",
    ],
}

OPENINGS = {
    "wish_job": [
        "ça me plairait de bosser comme {job}",
        "je voudrais me former pour être {job}",
        "mon projet c'est {job}",
        "j'aimerais faire {job}, comment on s'y prend ?",
        "je suis en reconversion, je vise {job}",
        "ma conseillère m'a parlé du métier d'{job}, ça m'intéresse",
        "je cherche une place d'{job}",
        "{job}, c'est ce que je veux faire",
    ],
    "wish_job_place": [
        "{place}, j'aimerais devenir {job}",
        "je vise un poste d'{job}, {place}",
        "bonjour, {place} et le métier d'{job} me tente",
        "reconversion {job} svp, {place}",
        "{job} c'est mon objectif. {place}",
        "je voudrais commencer comme {job} {place}",
    ],
    "experienced": [
        "{n} ans comme {job}, {place}, je change de structure",
        "{job} en poste depuis {n} ans, je veux changer d'employeur, {place}",
        "j'ai fait {job} pendant {n} ans, je cherche un nouveau poste {place}",
        "{place} : {job} avec de l'expérience, qui recrute ?",
    ],
    "wish_vague": [
        "je voudrais changer de métier",
        "j'ai envie d'un travail utile aux autres",
        "je sais pas trop quoi faire, je cherche une voie",
        "je suis au chômage et je cherche une piste",
        "je voudrais aider les personnes âgées",
        "on m'a dit que ça recrute dans l'aide à la personne",
    ],
}

LICENCE = {
    True: ["oui je l'ai", "permis ok", "oui, le B", "affirmatif", "oui depuis longtemps", "yep"],
    False: ["non pas de permis", "je l'ai pas", "non, jamais passé", "nope", "pas encore eu"],
}
VEHICLE = {
    "car": ["oui une auto", "j'ai ma propre voiture", "une vieille voiture oui", "oui véhiculée"],
    "two_wheeler": ["un scoot", "j'ai une moto oui", "oui mon scooter", "deux-roues"],
    "none": ["aucun véhicule", "non je me déplace à pied", "non rien", "pas de véhicule"],
}
PUBLIC_TRANSPORT = {
    True: ["oui le bus", "oui, y a le métro", "le car passe pas loin", "oui j'ai un abonnement"],
    False: ["non pas de transport", "non je suis à la campagne", "aucun bus", "non rien du tout"],
}
#: "{n}" digits, "{w}" French word; ages are said, never counted
CHILDREN = {
    "zero": ["pas d'enfant", "non aucun", "zéro enfant", "non je n'ai pas d'enfants", "aucun"],
    "adult": [
        "ils ont plus de 20 ans",
        "mes enfants travaillent déjà",
        "ils sont grands et partis de la maison",
    ],
    "some": [
        "{w}, le plus jeune a 4 ans",
        "j'en ai {n}",
        "{n} gamins",
        "oui {w} enfants",
        "{n}, le grand est au collège",
        "{w} petits",
    ],
    "one": ["un seul", "oui une fille de 6 ans", "un garçon de 2 ans", "j'en ai un", "un bébé"],
}
CHILDCARE = {
    False: [
        "oui c'est organisé",
        "leur père les garde",
        "ils vont à la garderie",
        "oui, ma soeur me dépanne",
        "pas de souci pour la garde",
    ],
    True: [
        "non justement",
        "pas de solution pour l'instant",
        "non, c'est bien le problème",
        "non je galère pour ça",
    ],
}
DIPLOMA = {
    "none": ["aucun diplome", "non rien", "j'ai rien eu comme diplôme", "pas de diplôme du tout"],
    "bac": ["bac L", "j'ai eu le bac", "bac général oui", "le baccalauréat"],
    "cap": ["un CAP vente", "CAP oui", "j'ai le CAP"],
    "bac_pro_assp": ["bac pro ASSP", "bac professionnel ASSP", "j'ai le bac pro assp"],
    "brevet": ["brevet seulement", "le brevet des colleges", "juste mon brevet"],
    "bac+2": ["BTS", "un bac+2", "j'ai un BTS compta"],
}
RQTH = {
    True: ["oui je l'ai", "oui reconnue travailleuse handicapée", "oui RQTH"],
    False: ["non", "pas concernée", "non pas du tout", "nan"],
    None: ["je ne préfère pas le dire", "joker", "pas envie de répondre"],
}
EXPLICIT_LICENCE = {
    True: ["permis B en poche", "j'ai mon permis", "j'ai le permis depuis 5 ans"],
    False: ["pas le permis", "j'ai pas mon permis", "je n'ai pas de permis de conduire"],
}
EXPLICIT_VEHICLE = {
    "car": ["j'ai ma voiture", "je suis véhiculé", "j'ai une auto"],
    "two_wheeler": ["j'ai un scooter", "je roule en moto"],
    "none": ["aucun véhicule", "je n'ai pas de voiture"],
}
EXPLICIT_CHILDREN = {
    "zero": ["sans enfants", "pas d'enfant à charge", "je n'ai pas d'enfants"],
    "one": ["j'ai un fils de 8 ans", "un enfant de 3 ans", "maman d'une petite fille"],
    "some": ["{n} enfants de 5 à 12 ans", "j'ai {w} enfants", "papa de {n} enfants"],
}
EXPLICIT_DIPLOMA = {
    "none": ["pas de diplôme", "aucun diplome", "je n'ai aucun diplôme"],
    "bac": ["j'ai le bac", "bachelière"],
    "cap": ["j'ai un CAP", "CAP en poche"],
    "bac_pro_assp": ["j'ai un bac pro ASSP", "diplômée d'un bac pro assp"],
    "brevet": ["seulement le brevet", "j'ai le brevet"],
    "bac+2": ["j'ai un bac+2", "niveau BTS"],
}
CONFIRM = ["oui svp", "c'est parfait", "go", "oui inscrivez-moi", "ça me va", "oui volontiers"]
CONSENT_YES = ["oui j'accepte", "ok pour moi", "oui pas de problème", "j'accepte", "c'est ok"]
CONSENT_WITH_REQUEST = [
    "j'accepte. vous avez quelque chose près de chez moi ?",
    "oui. y a un atelier bientôt ?",
    "d'accord, et il y a des réunions d'information ?",
]
CHOOSE_EVENT = {
    1: ["celui du haut", "le 1", "je veux le premier", "n°1"],
    2: ["le 2", "le deuxième svp", "n°2", "celui du milieu"],
    3: ["le 3", "le troisième", "n°3"],
    0: ["le tout dernier", "celui du bas"],
}
UNDECIDED = ["lequel est le mieux ?", "vous conseillez quoi ?", "je suis perdue, lequel ?"]
UNDECIDED_ASKING = [
    "je sais pas, lequel est gratuit ?",
    "j'hésite : il faut ramener quelque chose ?",
]
BY_CRITERION = ["le plus près", "celui qui est le plus tôt", "le plus rapproché de chez moi"]
ONLY_EVENT = ["ça m'intéresse", "oui je veux bien y aller", "ok je prends", "parfait"]
ANSWER_JOB = ["{job}", "je dirais {job}", "{job} plutôt", "ce serait {job}"]
JOB_UNKNOWN = ["aucune idée", "je ne sais pas encore", "j'hésite encore", "pas sûre"]
WANT_EVENT = [
    "vous avez quelque chose à me proposer près de chez moi ?",
    "je veux bien aller à une réunion",
    "comment on participe à un atelier ?",
]
PERIOD = ["au printemps", "dans un mois", "tout de suite", "après les vacances"]
SKIP = ["passons", "suivant"]
CLOSINGS = ["top merci", "merci bcp", "ça marche, bonne soirée", "génial merci", "ok c'est noté"]
EVENT_QUESTIONS = [
    "c'est à quelle adresse ?",
    "ça dure combien ?",
    "faut venir à quelle heure ?",
    "c'est en visio ?",
    "c'est gratuit ?",
    "y a un parking ?",
]
HESITATIONS = ["bonne question", "je ne suis pas sûre", "aucune idée", "je vois pas", "jsp"]
REFUSALS = [
    "je ne réponds pas à ça",
    "pas vos affaires",
    "je garde ça pour moi",
    "je préfère garder ça privé",
]
FOREIGN = [
    "good morning, is there someone who speaks english?",
    "bom dia, procuro emprego",
    "salve, cerco lavoro",
    "hi! looking for work as a carer",
    "merhaba, iş arıyorum",
]
REQUEST_QUESTION = [
    "je veux m'inscrire à une réunion, faut s'inscrire à France Travail avant ?",
    "je voudrais faire un stage d'observation, c'est rémunéré ?",
    "inscrivez-moi à un atelier, ça dure longtemps ?",
    "je veux participer à un forum, il faut venir avec un CV ?",
]
EVENTS_FIRST = [
    "vous organisez des rencontres avec des employeurs ?",
    "je voudrais une date pour une réunion d'information",
    "comment on s'inscrit à vos ateliers ?",
    "il y a un forum de l'emploi bientôt ?",
    "je veux voir des recruteurs",
]
WITH_PLACE = ["{request} {place}", "{place}. {request}", "{request} ({place})"]
PLACE_MORE = [
    "{commune} {cp}, {region}",
    "je réside à {commune} ({cp})",
    "{cp}, {commune}, {dep_name}",
    "ville {commune}, cp {cp}",
]
CORRECTIONS = [
    "oups, c'est {commune} pas l'autre",
    "erreur de ma part : {commune} {cp}",
    "je corrige : code postal {cp}",
]
DOUBLE_WRONG = ["attendez non, {commune}", "pardon je voulais dire {commune}"]
DOUBLE_BACK = ["ah non c'était bon, {commune}", "laissez tomber, c'est {commune} en vrai"]
INLINE_CORRECTIONS = [
    "{wrong}, ah non pardon {right}",
    "j'habitais {wrong} mais maintenant c'est {right}",
    "{wrong} non je veux dire {right}",
]
ALL_IN_ONE_JOB = ["je voudrais être {job}", "projet {job}", "je vise {job}"]
JOINS = [", ", " ; ", " / ", " - ", " et ", ". "]
FACT_WORDS = (
    "permis",
    "voiture",
    "auto",
    "enfants",
    "enfant",
    "gamins",
    "fille",
    "fils",
    "garçon",
    "diplôme",
    "diplome",
    "scooter",
    "moto",
    "véhicule",
    "soignante",
    "soignant",
    "domicile",
    "auxiliaire",
    "auxilliaire",
    "hospitalier",
    "hospitaliers",
    "éducative",
    "éducatif",
    "accompagnante",
    "accompagnant",
    "brevet",
    "baccalauréat",
    "bachelière",
    "professionnel",
    "assp",
    "agente",
    "agent",
    "services",
    "service",
    "garderie",
    "solution",
)

_MID_PARTS = {
    "metier": ("{job}, c'est quoi le boulot au juste ?", "une journée type d'{job} ça donne quoi"),
    "salaire": ("{job} ça gagne combien en debutant ?", "le salaire d'un {job} ?"),
    "formation": ("pour devenir {job} on se forme où ?", "la formation d'{job} est longue ?"),
    "immersion": ("une immersion ça sert à quoi ?", "je peux essayer le métier avant ?"),
    "aides": ("y a des aides pour se former ?", "la formation est financée ?"),
    "vae": ("je peux faire valider mon expérience ?", "la VAE ça marche comment ?"),
}
_JOB_NAMES = {
    "aide_soignant": ("aide-soignant", "aide soignante"),
    "aide_domicile": ("aide à domicile",),
    "advf": ("auxiliaire de vie", "ADVF"),
    "aes": ("AES",),
    "ash": ("ASH",),
}


def fresh_mid_question(rng: random.Random, job: str | None) -> str:
    topic = rng.choice(sorted(_MID_PARTS))
    name = rng.choice(_JOB_NAMES[job or rng.choice(sorted(_JOB_NAMES))])
    text = rng.choice(_MID_PARTS[topic]).format(job=name)
    return text if "?" in text or rng.random() < 0.5 else text + " ?"


MID_QUESTIONS = [
    "excusez-moi, c'est payé une immersion ?",
    "petite question : il faut quel niveau pour la formation ?",
    "et niveau salaire ça donne quoi ?",
    "au fait, la formation coûte combien ?",
]

_SHORT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bje ne sais pas\b", ("jsp", "j'sais pas")),
    (r"\bje\b", ("j", "je")),
    (r"\bque\b", ("q", "que")),
    (r"\bpas\b", ("pa", "pas")),
    (r"\bmais\b", ("mé", "mais")),
    (r"\bbeaucoup\b", ("bcp",)),
    (r"\bquelque chose\b", ("qqch", "qlq chose")),
    (r"\bquelqu'un\b", ("qqn",)),
    (r"\bparce que\b", ("pcq", "psk")),
    (r"\bc'est\b", ("cest", "c")),
    (r"\bmoi\b", ("mwa", "moi")),
    (r"\boui\b", ("wi", "ouai")),
    (r"\btravail\b", ("taf", "travail")),
)


def fresh_shorthand(text: str, rng: random.Random, rate: float = 0.5) -> str:
    for pattern, shorts in _SHORT:
        if rng.random() < rate:
            text = re.sub(pattern, rng.choice(shorts), text, flags=re.IGNORECASE)
    return text


_BEFORE = ("alors ", "voilà ", "donc ", "ok ", "euh... ", "oui alors ")
_AFTER = (" 🙏", " merci à vous", " 😅", " voilà", " !!!", " cordialement", " bisous")


def fresh_noisy(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(_BEFORE) + text
    return text + rng.choice(_AFTER)


#: answers in words to a question that has buttons (slot -> value -> phrasings)
WORD_ANSWERS = {
    "driving_licence": {True: ["le permis je l'ai oui"], False: ["pas de permis hélas"]},
    "vehicle": {"car": ["ma voiture oui"], "two_wheeler": ["mon scooter"], "none": ["aucun"]},
    "public_transport": {True: ["le bus oui"], False: ["aucun transport"]},
    "children": {0: ["pas d'enfant"], 1: ["un seul enfant"], 2: ["deux"], 3: ["trois enfants"]},
    "childcare_needed": {False: ["oui c'est géré"], True: ["non toujours pas"]},
    "rqth": {True: ["oui je suis reconnue"], False: ["pas de RQTH"]},
}

BANKS = {
    "greetings": GREETINGS,
    "noise_first": NOISE_FIRST,
    "job_words": JOB_WORDS,
    "openings": OPENINGS,
    "place_more": PLACE_MORE,
    "licence": LICENCE,
    "vehicle": VEHICLE,
    "public_transport": PUBLIC_TRANSPORT,
    "children": CHILDREN,
    "childcare": CHILDCARE,
    "diploma": DIPLOMA,
    "rqth": RQTH,
    "explicit_licence": EXPLICIT_LICENCE,
    "explicit_vehicle": EXPLICIT_VEHICLE,
    "explicit_children": EXPLICIT_CHILDREN,
    "explicit_diploma": EXPLICIT_DIPLOMA,
    "confirm": CONFIRM,
    "consent_yes": CONSENT_YES,
    "consent_with_request": CONSENT_WITH_REQUEST,
    "choose_event": CHOOSE_EVENT,
    "undecided": UNDECIDED + UNDECIDED_ASKING,
    "by_criterion": BY_CRITERION,
    "only_event": ONLY_EVENT,
    "answer_job": ANSWER_JOB,
    "job_unknown": JOB_UNKNOWN,
    "want_event": WANT_EVENT,
    "period": PERIOD,
    "skip": SKIP,
    "closings": CLOSINGS,
    "event_questions": EVENT_QUESTIONS,
    "hesitations": HESITATIONS,
    "refusals": REFUSALS,
    "foreign": FOREIGN,
    "request_question": REQUEST_QUESTION,
    "events_first": EVENTS_FIRST,
    "with_place": WITH_PLACE,
    "corrections": CORRECTIONS,
    "double_wrong": DOUBLE_WRONG,
    "double_back": DOUBLE_BACK,
    "inline_corrections": INLINE_CORRECTIONS,
    "all_in_one_job": ALL_IN_ONE_JOB,
    "joins": JOINS,
    "fact_words": FACT_WORDS,
    "mid_questions": MID_QUESTIONS,
    "opening_questions": MID_QUESTIONS,
    "word_answers": WORD_ANSWERS,
}
