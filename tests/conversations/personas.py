"""Simulated candidates: what each one is (job, place, mobility, children,
diploma, RQTH, channel) and how they write, drawn from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from vocab.regions import CURRENT_REGIONS, REGIONS

__all__ = [
    "AREA_NAMES",
    "COMPOUNDS",
    "PLACES",
    "REGION_OF",
    "SHORT_NAMES",
    "Persona",
    "PlaceSpec",
    "generate",
]


#: the region a département is in, as people name it (the 13 regions of mainland France)
REGION_OF = {
    code: name for name, codes in list(REGIONS.items())[:CURRENT_REGIONS] for code in codes
}


@dataclass(frozen=True)
class PlaceSpec:
    commune: str  # as a person writes it
    postal_code: str
    departement: str
    region: str
    dep_name: str
    #: the name alone is shared by communes of other départements
    ambiguous: bool = False
    #: the postal code alone covers several communes
    shared_code: bool = False


# Real communes (La Poste); most near the demo platforms, some elsewhere.
PLACES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Mérignac", "33700", "33", "Gironde", "Gironde"),
    PlaceSpec("Pessac", "33600", "33", "Nouvelle-Aquitaine", "Gironde"),
    PlaceSpec("Bordeaux", "33000", "33", "Gironde", "Gironde"),
    PlaceSpec("Talence", "33400", "33", "Gironde", "Gironde"),
    PlaceSpec("Libourne", "33500", "33", "Gironde", "Gironde"),
    PlaceSpec("Toulouse", "31000", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Colomiers", "31770", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Muret", "31600", "31", "Occitanie", "Haute-Garonne"),
    PlaceSpec("Lille", "59000", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Roubaix", "59100", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Tourcoing", "59200", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Douai", "59500", "59", "Hauts-de-France", "Nord"),
    PlaceSpec("Villeurbanne", "69100", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Vénissieux", "69200", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Bron", "69500", "69", "Auvergne-Rhône-Alpes", "Rhône"),
    PlaceSpec("Quimper", "29000", "29", "Bretagne", "Finistère"),
    PlaceSpec("Brest", "29200", "29", "Bretagne", "Finistère"),
    PlaceSpec("Morlaix", "29600", "29", "Bretagne", "Finistère"),
    PlaceSpec("Massy", "91300", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Palaiseau", "91120", "91", "Île-de-France", "Essonne"),
    PlaceSpec("Nantes", "44000", "44", "Pays de la Loire", "Loire-Atlantique"),
    PlaceSpec("Rezé", "44400", "44", "Pays de la Loire", "Loire-Atlantique"),
    PlaceSpec("Mâcon", "71000", "71", "Bourgogne", "Saône-et-Loire"),
    PlaceSpec("Saint-Pierre", "97410", "974", "la Réunion", "la Réunion", ambiguous=True),
    PlaceSpec("Valence", "26000", "26", "Drôme", "Drôme", ambiguous=True),
    PlaceSpec("Villefranche-sur-Saône", "69400", "69", "Rhône", "Rhône"),
    PlaceSpec("Saint-Herblain", "44800", "44", "Loire-Atlantique", "Loire-Atlantique"),
    PlaceSpec("Montpellier", "34000", "34", "Occitanie", "Hérault"),
    PlaceSpec("Reims", "51100", "51", "Grand Est", "Marne"),
    PlaceSpec("Limoges", "87000", "87", "Nouvelle-Aquitaine", "Haute-Vienne"),
    # overseas (DOM) communes, and a name shared with a commune of mainland France
    PlaceSpec("Fort-de-France", "97200", "972", "Martinique", "Martinique"),
    PlaceSpec("Cayenne", "97300", "973", "Guyane", "Guyane"),
    PlaceSpec("Pointe-à-Pitre", "97110", "971", "Guadeloupe", "Guadeloupe"),
    PlaceSpec("Le Tampon", "97430", "974", "la Réunion", "la Réunion"),
    PlaceSpec("Saint-Denis", "97400", "974", "la Réunion", "la Réunion", ambiguous=True),
    PlaceSpec("Saint-Étienne", "42000", "42", "Auvergne-Rhône-Alpes", "Loire"),
)

#: session 14: compound names (misspelt in one part by the "typo" form: "Bourg-en-Bresee"),
#: whose correct part is a commune of its own (Saône, Mer, Bourg) or a département's name
COMPOUNDS: tuple[PlaceSpec, ...] = (
    PlaceSpec("Chalon-sur-Saône", "71100", "71", "Bourgogne", "Saône-et-Loire", shared_code=True),
    PlaceSpec("Bourg-en-Bresse", "01000", "01", "Auvergne-Rhône-Alpes", "Ain", shared_code=True),
    PlaceSpec("Boulogne-sur-Mer", "62200", "62", "Hauts-de-France", "Pas-de-Calais"),
    PlaceSpec("Châlons-en-Champagne", "51000", "51", "Grand Est", "Marne"),
    PlaceSpec("Charleville-Mézières", "08000", "08", "Grand Est", "Ardennes", shared_code=True),
    PlaceSpec("Pont-à-Mousson", "54700", "54", "Grand Est", "Meurthe-et-Moselle", shared_code=True),
)

#: session 15: towns of a short name (misspelt by a doubled or swapped letter, see
#: vocabulary.misspell_short), and where the person names their region first
SHORT_NAMES: tuple[PlaceSpec, ...] = (
    PlaceSpec("Pau", "64000", "64", "Nouvelle-Aquitaine", "Pyrénées-Atlantiques"),
    PlaceSpec("Dax", "40100", "40", "Nouvelle-Aquitaine", "Landes"),
    PlaceSpec("Agen", "47000", "47", "Nouvelle-Aquitaine", "Lot-et-Garonne"),
    PlaceSpec("Riom", "63200", "63", "Auvergne-Rhône-Alpes", "Puy-de-Dôme", shared_code=True),
    PlaceSpec("Albi", "81000", "81", "Occitanie", "Tarn"),
    PlaceSpec("Auch", "32000", "32", "Occitanie", "Gers"),
)

#: the communes of a city's area, and the area named after the city as people say it
#: (feminine adjective, masculine one): "la métropole lilloise", "dans le toulousain"
AREA_NAMES = {
    "Mérignac": ("bordelaise", "bordelais"),
    "Pessac": ("bordelaise", "bordelais"),
    "Talence": ("bordelaise", "bordelais"),
    "Bordeaux": ("bordelaise", "bordelais"),
    "Colomiers": ("toulousaine", "toulousain"),
    "Toulouse": ("toulousaine", "toulousain"),
    "Lille": ("lilloise", "lillois"),
    "Roubaix": ("lilloise", "lillois"),
    "Tourcoing": ("lilloise", "lillois"),
    "Villeurbanne": ("lyonnaise", "lyonnais"),
    "Vénissieux": ("lyonnaise", "lyonnais"),
    "Bron": ("lyonnaise", "lyonnais"),
    "Nantes": ("nantaise", "nantais"),
    "Rezé": ("nantaise", "nantais"),
    "Saint-Herblain": ("nantaise", "nantais"),
    "Brest": ("brestoise", "brestois"),
    "Montpellier": ("montpelliéraine", "montpelliérain"),
    "Reims": ("rémoise", "rémois"),
    "Limoges": ("limougeaude", "limougeaud"),
}

JOBS = ("aide_soignant", "aide_domicile", "advf", "aes", "ash")
DIPLOMAS = ("none", "none", "bac", "cap", "bac_pro_assp", "brevet", "bac+2")


@dataclass
class Persona:
    """One candidate: the facts they hold and the way they write."""

    ident: int
    channel: str  # sms, telegram, widget
    job: str | None  # None: does not know yet
    place: PlaceSpec
    place_form: str  # key of vocabulary.PLACE
    driving_licence: bool
    vehicle: str | None  # car, two_wheeler, none (None when no licence and not asked)
    public_transport: bool
    children: int
    adult_children: bool
    childcare_needed: bool | None
    diploma: str
    rqth: bool | None  # None: prefers not to say
    #: how the conversation opens: greet, wish_job, wish_job_place, wish_vague, question,
    #: experienced, all_in_one, noise_first, request_question, events_first
    opening: str
    extra_facts: float  # chance of adding an unasked fact to an answer
    mid_question: float  # chance of a question in the middle of the form
    correction: bool  # gives one wrong place, then corrects it
    #: how a place is corrected: "next" (in the next message), "inline" (in the same
    #: message), "double" (the right place, a wrong correction, then back)
    correction_kind: str
    noise: float  # chance of politeness or emoji around a message
    hesitate: float  # chance of "je sais pas" before answering an optional question
    wrong_answer: float  # chance of answering another question than the one asked
    refuses: bool  # declines to say how many children (and is asked no more)
    foreign: bool  # writes one message in another language
    retries: float  # SMS: chance that Twilio delivers a message twice (same MessageSid)
    sms: bool
    no_accents: bool
    typos: float
    clicks: float  # chance of clicking a button rather than typing
    rng: random.Random = field(repr=False, default_factory=random.Random)
    #: chance of asking about the events proposed ("c'est où ?") before choosing one
    event_question: float = 0.0
    #: after the booking, closes the exchange ("c'est bon merci") and writes no more
    closes: bool = False
    #: cannot choose among the events proposed at first ("j'hésite, lequel ?"), then
    #: picks by a criterion ("le plus proche", "le plus tôt")
    undecided: bool = False
    #: types the rank of a button instead of clicking it (widget, Telegram)
    types_rank: bool = False
    #: chance of answering a button question in words from session 12's bank (families.py)
    word_answers: float = 0.0
    #: the words spoken: "old" (sessions 10-15's banks), "new" (session 17) or
    #: "third:<register>" (session 18; tests/conversations/lexicon.py)
    vocabulary: str = "old"
    #: taps again, a few turns later, a button it had clicked (a late click on an old message)
    late_click: bool = False
    #: sends the same message twice in a row (a double tap, a resent message)
    double_send: bool = False
    #: session 18: changes their mind on the job mid-way, to this one
    changes_job: str | None = None
    #: session 18: refuses consent when asked, then gives it a turn later
    consent_later: bool = False

    def truth(self) -> dict[str, Any]:
        """The profile slots the person's facts give, once all are said."""
        return {
            "jobs": [self.job] if self.job else None,
            "commune": self.place.commune,
            "departement": self.place.departement,
            "driving_licence": self.driving_licence,
            "vehicle": self.vehicle,
            "public_transport": self.public_transport,
            "children": self.children,
            "childcare_needed": self.childcare_needed,
            "diplomas": [self.diploma],
            "rqth": self.rqth,
        }


def generate(seed: int, count: int) -> list[Persona]:
    rng = random.Random(seed)
    personas: list[Persona] = []
    for ident in range(count):
        own = random.Random(rng.random())
        place = own.choice(PLACES)
        forms = [
            "name",
            "name",
            "name",
            "name_cp",
            "cp",
            "name_cp_region",
            "near",
            "name_dep",
            "written",
        ]
        licence = own.random() < 0.6
        children = own.choice([0, 0, 0, 1, 2, 2, 3])
        sms = own.random() < 0.4
        personas.append(
            Persona(
                ident=ident,
                channel="sms" if sms else own.choice(["telegram", "widget"]),
                job=own.choice(JOBS) if own.random() < 0.85 else None,
                place=place,
                place_form=own.choice(forms),
                driving_licence=licence,
                vehicle=own.choice(["car", "car", "two_wheeler", "none"]) if licence else None,
                public_transport=own.random() < 0.6,
                children=children,
                adult_children=children == 0 and own.random() < 0.3,
                childcare_needed=(own.random() < 0.5) if children else False,
                diploma=own.choice(DIPLOMAS),
                rqth=own.choice([False, False, False, True, None]),
                opening=own.choice(
                    [
                        "greet",
                        "wish_job",
                        "wish_job",
                        "wish_job_place",
                        "wish_job_place",
                        "wish_vague",
                        "question",
                        "experienced",
                        "all_in_one",
                        "noise_first",
                    ]
                ),
                extra_facts=own.choice([0.0, 0.2, 0.5]),
                mid_question=own.choice([0.0, 0.0, 0.15, 0.3]),
                correction=own.random() < 0.15,
                correction_kind=own.choice(["next", "next", "inline", "double"]),
                noise=own.choice([0.0, 0.1, 0.3]),
                hesitate=own.choice([0.0, 0.0, 0.15]),
                wrong_answer=own.choice([0.0, 0.0, 0.1]),
                refuses=own.random() < 0.08,
                foreign=own.random() < 0.05,
                retries=own.choice([0.0, 0.0, 0.1]) if sms else 0.0,
                sms=sms,
                no_accents=sms or own.random() < 0.3,
                typos=own.choice([0.0, 0.0, 0.03, 0.08]),
                clicks=own.choice([0.2, 0.5, 0.8]),
                rng=own,
            )
        )
        persona = personas[-1]
        # drawn last, so that the earlier draws keep the personas of older runs: a
        # département alone ("dans le 91", "en Gironde"), a misspelt commune ("bordeau")
        if own.random() < 0.2:
            persona.place_form = own.choice(["dep", "typo", "typo"])
        persona.event_question = own.choice([0.0, 0.0, 0.0, 0.3, 0.6])
        persona.closes = own.random() < 0.3
        # session 11: the area around a city ("sur la métropole lilloise"), undecided
        # among proposals, a button's rank typed on a screen
        if own.random() < 0.15 and place.commune in AREA_NAMES:
            persona.place_form = "area"
        persona.undecided = own.random() < 0.15
        persona.types_rank = persona.channel != "sms" and own.random() < 0.25
        # session 12 (tests/conversations/families.py): answers in words to button
        # questions, a commune with its postal code among other words, a request and a
        # question in the first message
        persona.word_answers = own.choice([0.0, 0.0, 0.5, 0.8])
        if own.random() < 0.15:
            persona.place_form = "more"
        if own.random() < 0.08:
            persona.opening = "request_question"
        # session 13 (tests/conversations/requests.py): events asked for first
        if own.random() < 0.12:
            persona.opening = "events_first"
        # session 14: a compound commune (often misspelt in one part), a département by
        # its number ("je suis du 44") or by its name with an article ("dans la Marne")
        if own.random() < 0.1:
            persona.place = own.choice(COMPOUNDS)
            persona.place_form = own.choice(["typo", "typo", "written", "name", "name_cp"])
        elif own.random() < 0.08:
            persona.place_form = own.choice(["dep_num", "dep"])
        # session 15: a short town name (often misspelt), the region named first (the
        # département or the commune asked next)
        if own.random() < 0.07:
            persona.place = own.choice(SHORT_NAMES)
            persona.place_form = own.choice(["typo", "typo", "name", "written"])
        elif own.random() < 0.07 and persona.place.departement in REGION_OF:
            persona.place_form = "region"
    return personas
