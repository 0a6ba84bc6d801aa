"""Whether a message read as "show me my bookings" is about a booking at all.

The NLU leans on "mon"/"mes" for my_bookings: "je peux faire valider mon expérience ?"
(0.73), "mon parcours peut compter ?". A question that names no booking, event, date,
time or place of one is a question about a topic, for the knowledge base."""

from __future__ import annotations

import re

from bot.dialogue.events import UserUttered
from bot.dialogue.questions import asks
from vocab.payloads import is_payload

__all__ = ["asks_about_a_topic", "not_own_bookings"]

#: the words of a booking: signing up, a reservation, an appointment, an event of any kind,
#: its date, time or address, its confirmation or status; and of events offered ("vous
#: avez quelque chose à me proposer près de chez moi ?": the events, not a topic)
_BOOKING_WORDS = re.compile(
    r"inscri|r[ée]serv|\brdv|rendez|atelier|forum|dating|r[ée]union|info\w{0,9} coll|"
    r"[ée]v[ée]nement|\bevents?\b|session|planning|agenda|\bplaces?\b|immersion|pmsmp|stage|"
    r"demande|enregistr|confirm|not[ée]e?\b|pr[ée]vu|r[ée]cap|\bdates?\b|\bheures?\b|"
    r"adresse|quand|convoc|\bo[uù]\b|propos|vous avez|avez[- ]vous|\by'?\s?a\b|\bya\b|existe|"
    r"\bpr[eè]s d|chez moi|autour|\bcoin\b|dispo|\breste|prochain",
    re.IGNORECASE,
)
#: a question of whether something is possible: "je peux", "on peut", "puis-je",
#: "est-ce que je pourrais", "c'est possible de"
_CAN = re.compile(
    r"\b(?:je|j|on)\s?(?:peux|peut|pourrais|pourrait)\b|\bpuis-je\b|\bpeut-on\b|possible\b",
    re.IGNORECASE,
)


def asks_about_a_topic(message: UserUttered) -> bool:
    """The message asks a question (or whether something is possible) and names nothing
    of a booking: read as "my bookings", it asks about a topic."""
    text = message.text[:300]
    if is_payload(text) or _BOOKING_WORDS.search(text):
        return False
    return asks(text) or bool(_CAN.search(text))


#: what a question about one's own bookings names: "mon atelier", "mes inscriptions",
#: "ma place", being registered or having booked (bounded: one word between)
_OWN_BOOKING = re.compile(
    r"\b(?:mon|ma|mes|mn)\s(?:\w{1,20}\s)?(?:inscri|r[ée]serv|rdv|rendez|atelier|session|"
    r"place|immersion|demande|forum|dating|r[ée]union|info)|\binscrite?s?\b|\br[ée]serv[ée]",
    re.IGNORECASE,
)


def not_own_bookings(message: UserUttered) -> bool:
    """Read as a question about one's bookings, the message names none of one's own:
    "je veux bien participer à une info collective, c'est où et quand ?" asks for events."""
    return message.intent_name == "my_bookings" and not _OWN_BOOKING.search(message.text[:300])
