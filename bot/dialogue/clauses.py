"""What a message says beside its intent: a question inside a request ("je veux
faire une immersion, mais c'est payé ?"), a question that is the request itself
("oui, vous avez des ateliers près de chez moi ?"), a period given to the
immersion form, facts beside a question's topic. The policy reads them."""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.intents import EVENT_WORDS
from bot.dialogue.questions import WHAT_IS, asks, question_start, without_closing
from bot.dialogue.tracker import Tracker
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "REQUESTS",
    "TOPIC_ENTITIES",
    "answers_period",
    "embedded_question",
    "request_in_question",
    "states_facts",
]

# "..., mais c'est payé ?": a question clause after a request (bounded, no nesting)
_QUESTION_CLAUSE = re.compile(
    r"(?:,|;|\.|\bmais\b|\bet\b|\balors\b)\s*[^,;.?]{2,120}\?[?!\s]{0,8}$", re.IGNORECASE
)


def embedded_question(text: str) -> bool:
    """A request that ends with a question of its own (its "?" may be missing). What
    follows the last "?" and asks nothing is no end of the question: "..., c'est payé ?
    voilà", "... ? Désolée si je ne suis pas claire.", a letter's signature."""
    if is_payload(text):
        return False
    if "?" not in text:
        start = question_start(text)
        return bool(start) and len(text) - (start or 0) >= 8
    last = text.rfind("?")
    tail = text[last + 1 :]
    if embedded_question(tail):  # "c gratuit ? et ça dure combien": a last question
        return True
    return bool(_QUESTION_CLAUSE.search(without_closing(text[: last + 1])[-200:]))


#: intents that request events, an immersion or bookings (a question may carry them)
REQUESTS = frozenset({"list_events", "book_event", "book_immersion", "my_bookings"})


# words that ask whether there are events, or to be put on one (bounded alternatives)
_ASKS_FOR = re.compile(
    r"\b(?:vous avez|avez[- ]vous|vs avez|(?:il )?y a|y'?a|ya|existe|propos|prochain|"
    r"inscri|dispo|reste)",
    re.IGNORECASE,
)


# signing up somewhere else than to an event: "s'inscrire à France Travail", "inscrite
# au Pôle emploi" (a name after the preposition, no article; folded, bounded)
_SIGNS_UP_ELSEWHERE = re.compile(
    r"inscri\w{0,6} (?:a|au|aux|sur|chez) (?!une?\b|la\b|le\b|l'|les\b|des\b|vos\b|votre\b|ce)\w"
)


def request_in_question(text: str, intent: str | None) -> bool:
    """The message's question is its request: "oui, vous avez des ateliers près de chez
    moi ?" asks for events (no knowledge-base answer), unlike "c'est quoi un atelier ?",
    "et ça consiste en quoi une immersion ?" or "faut s'inscrire à France Travail ?"."""
    start = question_start(text)
    if intent not in REQUESTS or start is None:
        return False
    clause = text[start:]
    elsewhere = _SIGNS_UP_ELSEWHERE.search(fold(clause))
    if elsewhere and not EVENT_WORDS.search(fold(clause)[elsewhere.end() :]):
        return False
    return bool(EVENT_WORDS.search(clause) and _ASKS_FOR.search(clause)) and not WHAT_IS.search(
        clause
    )


def answers_period(tracker: Tracker, intent: str | None) -> bool:
    """The immersion request is being collected and the message gives its period: a
    date, or, to the period's question, a few words that request nothing ("dès que
    possible", "quand vous voulez")."""
    message = tracker.latest_message
    asking = (tracker.get_slot("immersion") or {}).get("asking")
    if message is None or asking is None:
        return False
    if any(e.get("entity") == "date" for e in message.parse_data.get("entities", [])):
        # a date while the place is asked is the period given early ("ce serait pour
        # début février"), unless it asks for other events ("un atelier en février")
        return asking == "period" or not EVENT_WORDS.search(message.text[:300])
    return asking == "period" and intent in ("help", "out_of_scope") and not asks(message.text)


#: entities a question may name as its topic ("combien gagne une ash ?")
TOPIC_ENTITIES = frozenset({"job", "diploma", "event_type"})


def states_facts(entities: list[dict[str, Any]]) -> bool:
    """Entities beyond a question's topic: personal facts (a place, children...)."""
    return any(e.get("entity") not in TOPIC_ENTITIES for e in entities)


# A plea about the conversation itself, not a question about a topic: help asked for,
# being lost or not understanding, what to write or do here, the assistant or the
# service as the subject ("vous pouvez m'aider ?", "je fais quoi ?", "tu sers à quoi",
# "c'est quoi ce service", "quelles sont les options"). Folded text; bounded alternatives.
_PLEA = re.compile(
    r"\b(?:aid(?:ez|er)\b|aide[- ]moi|besoin d'aide|de l'aide|help|sos\b|secours|perdue?\b|"
    r"paume|largue|compren|comprend|sai[st] (?:pas|plus)|vois pas|expliqu|"
    r"menu|options?\b|choix|possibilites|commandes|mode d'emploi|les services|"
    r"(?:ce|votre) (?:service|chat|numero|truc|site)|cense|"
    r"(?:dois|peux|faut) (?:vous )?(?:repondre|ecrire|mettre|dire)|"
    r"(?:puis|peux|peut)[- ](?:je |on )?(?:vous )?demander|"
    r"(?:vous|tu) (?:pouv|peu|propos|serv|sers|fai|sav|sai)|"
    r"comment (?:ca|ça) (?:marche|fonctionne)|que (?:dois|puis|peux)[- ]je faire\b)"
    r"|\b(?:comment (?:on|je) fai[st]|fai[st] (?:quoi|comment)|faire quoi)"
    r"(?: ici| maintenant| la)?[\s?!.]{0,8}\Z"
)


def pleads(text: str) -> bool:
    """The message asks for help with the conversation itself (a plea), not about a
    topic: "je sais pas quoi faire", "vous pouvez m'aider ?", "je fais quoi ?", unlike
    "je dois payer quelque chose ?" or "ça se passe où ?"."""
    return bool(_PLEA.search(fold(text[:300])))


def asks_about_topic(text: str) -> bool:
    """A question about something (the immersion, a training, the fiche just given),
    even when the NLU reads it as a call for help: it asks, and pleads for nothing."""
    return asks(text) and not pleads(text)


# "expliquez-moi la VAE", "dites-moi ...": a question asked as a request (folded, bounded)
_TELL_ME = re.compile(r"\A(?:expliqu|dites|renseign)\w{0,3}[- ]?(?:moi|nous)\b")


def asks_to_be_told(text: str) -> bool:
    """A request to be told about a topic ("expliquez-moi la VAE svp"), not a plea
    about the conversation ("expliquez-moi ce que vous faites")."""
    folded = fold(text[:300]).strip()
    told = _TELL_ME.match(folded)
    return told is not None and not pleads(folded[told.end() :])


#: the words around a place in a question that only asks what there is there: "vous avez
#: quoi vers Lyon ?", "et sur Bordeaux ?", "il y a quelque chose du côté de Brest ?"
_AROUND_WORDS = (
    "vous avez vs il y a ya quoi koi quelque chose choses qqch truc trucs des de du d le "
    "la les l au aux en sur vers pres proche cote coin secteur alentours environs autour "
    "et alors sinon aussi plutot ici svp stp merci bonjour c est ce ca cela existe "
    "propose proposez proposer pour moi chez dans possible dispo disponible ou oui"
)
_AROUND_A_PLACE = frozenset(_AROUND_WORDS.split())


def names_only_a_place(text: str, entities: list[dict[str, Any]]) -> bool:
    """The message names a place and, around it, only asks what there is there: no
    subject of its own ("vous avez quoi vers Lyon ?", unlike "il y a une plateforme à
    Lyon ?" or "c'est payé à Lyon ?"). It answers a question that asks for the place."""
    spans = [
        (int(e.get("start") or 0), int(e.get("end") or 0))
        for e in entities
        if e.get("entity") == "location"
    ]
    if not spans or is_payload(text) or len(text) > 120:
        return False
    rest = text
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    words = re.findall(r"[a-z0-9]+", fold(rest))
    return all(word in _AROUND_A_PLACE for word in words)
