"""Small corrections of the NLU's intent that the dialogue relies on."""

from __future__ import annotations

import re

from bot.dialogue.answers import yes_or_no
from bot.dialogue.challenges import (
    ASKS_A_PERSON,
    BRINGS_SOMEONE,
    HANDOFF_SURE,
    WANTS_TO_KNOW,
    names_the_assistant,
)
from bot.dialogue.events import UserUttered
from bot.dialogue.experience import experienced, seeks_a_way_in
from bot.dialogue.opt_out_reading import (
    declines_to_answer,
    not_an_opt_in,
    not_an_opt_out,
    unsure_without,
)
from bot.dialogue.own_bookings import asks_about_a_topic, not_own_bookings
from bot.dialogue.questions import (
    C_EST,
    CLAUSE_BREAK,
    ENDS_QUESTION,
    WHAT_IS,
    asks,
    asks_if_possible,
    question_start,
    without_closing,
)
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "EVENT_WORDS",
    "INTEREST",
    "PERSONAL_FACTS",
    "declines_to_answer",
    "effective_intent",
    "experienced",
    "requests_something",
]

_ASKS = re.compile(
    r"(?<!\s)\s*+(est-ce qu|est ce qu|je peux|on peut|peut-on|c'est quoi|comment|qu'est-ce|"
    rf"c'est possible|combien|pourquoi|quand|ou |où |{C_EST} (?:quoi|koi)|"
    r"ca veut dire|ça veut dire|qu'?est[- ]ce)",
    re.IGNORECASE,
)
PERSONAL_FACTS = {
    "location",
    "driving_licence",
    "vehicle",
    "public_transport",
    "children",
    "diploma",
}


_QUESTION_WORD = re.compile(
    r"\b(?:combien|quoi|koi|comment|pourquoi|quels?|quelles?|est[- ]ce|ou|où|quand|"
    r"c'?est possible|peut-on|puis-je)\b",
    re.IGNORECASE,
)
# words that make a message about events or an immersion, not a bare job
EVENT_WORDS = re.compile(
    r"immersion|pmsmp|stage|atelier|inscri|rendez|r[ée]union|forum|dating|session|"
    r"[ée]v[ée]nement|rdv|infos?[- ]?coll|information collective",
    re.IGNORECASE,
)


# words that book or choose: "je m'inscris", "je prends", "le 2", "oui", "celui-là"
_BOOKS = re.compile(
    r"inscri|r[ée]serv|particip|pren[dn]|choisi|veu[xt]|voudr|aimer|souhait|"
    r"\b(?:oui|ok|go|celui|celle|premier|premi[èe]re|dernier|derni[èe]re)\b|\d",
    re.IGNORECASE,
)


def names_a_kind(message: UserUttered) -> bool:
    """A message taken for a booking that only names a kind of event ("plutôt un
    atelier découverte", "et un forum ?"): no booking or choosing word, no number."""
    return not _BOOKS.search(message.text[:300])


def _not_a_handoff(message: UserUttered) -> bool:
    """A request for a counsellor with no word that names a person or being contacted,
    which the NLU is unsure of or which asks to be told something ("c'était pour un
    renseignement"): a plea for help, answered by the assistant itself."""
    text = message.text[:200]
    if is_payload(text):
        return False
    if WANTS_TO_KNOW.search(text) and not ASKS_A_PERSON.search(text):
        return True
    return unsure_without(message, HANDOFF_SURE, ASKS_A_PERSON)


def effective_intent(message: UserUttered) -> str | None:
    """A terse list of facts ("Reims, permis et voiture, 2 enfants") is
    sometimes taken for a question: with no question mark and two personal
    facts or more, or one fact and no question word, it informs."""
    intent = message.intent_name
    entities = {e.get("entity") for e in message.parse_data.get("entities", [])}
    if intent == "opt_out" and not_an_opt_out(message):
        return "out_of_scope"
    if intent == "opt_in" and not_an_opt_in(message):
        return "out_of_scope"  # the opted-out read the NLU's own intent (policy.respond)
    if intent == "human_handoff" and _not_a_handoff(message):
        return "help"
    if intent == "human_handoff" and BRINGS_SOMEONE.search(fold(message.text)):
        return "question"  # "on peut venir accompagnée d'une amie ?": asked, not a handoff
    if intent == "my_bookings" and asks_about_a_topic(message):
        return "question"  # "je peux faire valider mon expérience ?": no booking named
    if intent == "bot_challenge" and not names_the_assistant(message.text):
        return "question" if asks(message.text) else "out_of_scope"  # "y a un parking ?"
    if intent in ("list_events", "question", "book_event") and experienced(message):
        return "want_job"  # "ADVF depuis 8 ans, vous connaissez des recruteurs ?"
    if (
        intent in ("out_of_scope", "help")
        and not asks(message.text)
        and not EVENT_WORDS.search(message.text[:300])
        and seeks_a_way_in(fold(message.text))
    ):
        return "want_job"  # "j'suis au chômage, je cherche une piste": oriented, not refused
    if intent in _NOT_A_TRIAL and trial_placement(message):
        return "book_immersion"  # "un stage pour voir si le métier est fait pour moi"
    if (
        intent in ("book_immersion", "list_events", "book_event", "out_of_scope", "help")
        and "job" in entities
        and not asks(message.text)
        and not is_payload(message.text)
        and not EVENT_WORDS.search(message.text)
    ):
        return "want_job"  # "ASH", "aide ménagère à domicile je pense": a wish, not a request
    if (
        (intent in ("out_of_scope", "help") or (intent == "book_event" and names_a_kind(message)))
        and "event_type" in entities
        and not asks(message.text)
        and not is_payload(message.text)
    ):
        # "je cherche un atelier": a request for events the NLU was unsure of; "plutôt un
        # atelier découverte": a kind of event named, nothing booked
        kinds = {e.get("value") for e in message.parse_data.get("entities", [])}
        return "book_immersion" if "immersion" in kinds else "list_events"
    if (
        intent in ("affirm", "deny")
        and "job" in entities
        and yes_or_no(message.text, None, []) is None
    ):
        return "want_job"  # "as je pense": a job named, no yes nor no
    if intent == "greet" and "event_type" in entities and not _asks_what_it_is(message.text):
        # "bonjour, il reste de la place dans vos ateliers": the request after the hello
        kinds = {e.get("value") for e in message.parse_data.get("entities", [])}
        return "book_immersion" if "immersion" in kinds else "list_events"
    if (
        intent in ("goodbye", "thank", "out_of_scope", "bot_challenge")
        and entities & (PERSONAL_FACTS | {"job"})
        and not asks(message.text)
    ):
        return "inform"  # "a Valence" is a place, not a goodbye
    if intent in ("goodbye", "thank", "out_of_scope", "bot_challenge") and _facts_then_question(
        message
    ):
        return "question"  # "je suis vers Roubaix, un forum ça se passe comment ?"
    if intent in ("book_immersion", "list_events", "book_event") and _asks_about_it(
        message.text, intent
    ):
        return "question"  # "je peux faire une immersion avant de me lancer ?"
    if intent == "book_immersion" and _names_other_event(message):
        return "list_events"  # "je cherche un atelier découverte à Mérignac"
    if (
        intent == "cancel_booking"
        and _names_other_event(message)
        and not _CANCELS.search(message.text)
    ):
        return "list_events"  # "finalement je préfère commencer par un atelier"
    if (
        intent == "cancel_booking"
        and _CHOOSES.search(message.text)
        and not _CANCELS.search(message.text)
    ):
        return "out_of_scope"  # "je prendrais celui qui est le plus vide": a choice, read so
    if _asks_what_it_is(message.text) and intent in _NOT_QUESTIONS:
        return "question"  # "c quoi le métier d'AS", "le métier d'AES c'est comment"
    if intent in _NOT_QUESTIONS and _asks_if_possible(message.text):
        return "question"  # "je peux travailler sans le permis": asked without its "?"
    if intent != "greet" and _introduces_oneself(message):
        return "greet"  # "je m'appelle Aminata": a greeting, not a topic out of scope
    if (intent in ("question", "out_of_scope", "help") or not_own_bookings(message)) and (
        kind := _requests_then_asks(message)
    ) is not None:
        # "je voudrais participer à un job dating, comment ça se passe ?": the request,
        # its question answered first (the policy answers a question inside a request);
        # also when the NLU, unsure of the question, read the whole as out of scope
        return kind
    if intent == "question" and not asks(message.text):
        facts = {e.get("entity") for e in message.parse_data.get("entities", [])}
        if len(facts & PERSONAL_FACTS) >= 2:
            return "inform"
        if facts & (PERSONAL_FACTS | {"job"}) and not _QUESTION_WORD.search(message.text[:60]):
            return "inform"  # "aide soignante", answering "quel métier ?"
    return intent


#: a placement to see a job from close, before committing: an immersion (PMSMP), not
#: a training's placement ("stage pour voir si ...", "stage de découverte"; folded, bounded)
_TRIAL_PLACEMENT = re.compile(
    r"\bstages?\b(?:[^.?!]{0,40}?\bpour (?:voir|decouvrir|essayer|tester|savoir|"
    r"me rendre compte|me faire une idee)\b| de decouverte\b| d'?observation\b)"
)
_NAMES_IMMERSION = re.compile(r"immersion|pmsmp|mise en situation")
#: intents a trial placement is mistaken for (a job named reads as a wish)
_NOT_A_TRIAL = frozenset({"want_job", "inform", "out_of_scope", "help"})


def trial_placement(message: UserUttered) -> bool:
    """A placement to try a job ("un stage pour voir si ...", "stage de découverte"),
    an immersion asked for without its name."""
    text = fold(message.text[:300])
    return bool(_TRIAL_PLACEMENT.search(text)) and not _NAMES_IMMERSION.search(text)


#: intents a message asking what a thing is may be mistaken for (a job named is a wish)
_NOT_QUESTIONS = frozenset(
    {"want_job", "inform", "book_immersion", "list_events", "out_of_scope", "help", "affirm"}
)


# an immersion named in words (the NLU's event_type entity aside)
_IMMERSION_WORDS = re.compile(r"immersion|pmsmp|stage|mise en situation", re.IGNORECASE)
# events that are not an immersion: workshops, forums, job datings, information meetings
#: words that cancel a booking ("annuler l'atelier", "je ne pourrai pas venir au forum")
_CANCELS = re.compile(r"annul|d[ée]sinscri|(?:pas|plus) (?:venir|y aller|participer)|retir", re.I)
#: words of a choice among the events proposed ("je prends celui de mardi")
_CHOOSES = re.compile(r"\b(?:celui|celle|lequel|laquelle|je prends|je prendrai[st]?)\b", re.I)
_OTHER_EVENT_WORDS = re.compile(
    r"atelier|forum|dating|r[ée]union|information collective|info coll", re.IGNORECASE
)


def _names_other_event(message: UserUttered) -> bool:
    """The message asks for another kind of event than an immersion, and names no
    immersion: a workshop, a forum, a job dating."""
    text = message.text[:300]
    if is_payload(text) or _IMMERSION_WORDS.search(text):
        return False
    kinds = {
        e.get("value")
        for e in message.parse_data.get("entities", [])
        if e.get("entity") == "event_type"
    }
    if "immersion" in kinds:
        return False
    return bool(kinds) or bool(_OTHER_EVENT_WORDS.search(text))


def _asks_if_possible(text: str) -> bool:
    """The message's last clause asks, without a "?", whether something is possible or
    needed under a condition (questions.asks_if_possible)."""
    if is_payload(text) or "?" in text[:300]:
        return False
    start = question_start(text)
    return start is not None and asks_if_possible(without_closing(text)[start:])


def _asks_what_it_is(text: str) -> bool:
    """The whole message asks what something is, or how it is: one clause."""
    if is_payload(text) or CLAUSE_BREAK.search(text[:300].rstrip(" ?!.")):
        return False
    return question_start(text) == 0 and bool(
        WHAT_IS.match(text) or ENDS_QUESTION.search(text[:300].rstrip(" ?!.")[-40:])
    )


#: an interest, present or conditional ("ça me tente", "ça m'intéresserait", "je serais
#: partante", "intéressée par", "j'irais bien"): one vocabulary for a request before a
#: question (below) and a yes to what was just explained (choice.py); accents optional,
#: so it reads raw and folded text alike
INTEREST = (
    r"[çc]a m'?int[ée]resse(?:rait)?|[çc]a me (?:dit|dirait|tente|tenterait|plairait)|"
    r"je (?:suis|serais) (?:partante?|int[ée]ress[ée]e?|motiv[ée]e?)|int[ée]ress[ée]e? par|"
    r"je (?:veux|voudrais) bien|j'?aimerais bien|j'?irais bien"
)
# a request in the clause before a question: an interest, "je voudrais", "j'aimerais",
# "m'inscrire", and conditional forms ("je m'inscrirais bien", "inscrivez-moi")
_REQUEST = re.compile(
    rf"\b(?:{INTEREST}|je (?:voudrais|veux|souhaite|souhaiterais|cherche|compte|"
    r"(?:ferai|irai)s? bien|participerais|suis dispo(?:nible)?)|"
    r"j'?aimerais|jveux|jvoudrais|m'?inscri(?:re|rai[st]?|s)|"
    r"inscri(?:vez|s)[- ]moi|participer|aller (?:a|à) une?)\b",
    re.IGNORECASE,
)


def requests_something(text: str) -> bool:
    """The message requests something: an interest, "je voudrais", "m'inscrire"."""
    return bool(_REQUEST.search(text[:300]))


def _requests_then_asks(message: UserUttered) -> str | None:
    """The intent of an event request made before the message's question ("je voudrais
    m'inscrire à un forum, ça se passe comment ?"): book_immersion or list_events."""
    text = message.text[:300]
    start = question_start(text)
    if not start or is_payload(text):
        return None
    before = text[:start]
    if not (_REQUEST.search(before) and EVENT_WORDS.search(before)):
        return None
    return "book_immersion" if _IMMERSION_WORDS.search(before) else "list_events"


# "je m'appelle Aminata", "moi c'est Karim, bonjour", "mon prénom c'est Lou"
_INTRODUCTION = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|slt|bjr|coucou|hello)[\s,.!]+)?(?:je m'?appelle|jm'?appelle|"
    r"je me nomme|mon (?:pr[ée]nom|nom) (?:c'?est|est))\s+[^\s,.!?]{2,30}(?:[\s,.!]+(?:bonjour|"
    r"bonsoir|salut|merci))?[\s.!]*$",
    re.IGNORECASE,
)


def _introduces_oneself(message: UserUttered) -> bool:
    """The message only says the person's name."""
    if message.parse_data.get("entities"):
        return False
    return bool(_INTRODUCTION.match(message.text[:80]))


def _facts_then_question(message: UserUttered) -> bool:
    """Personal facts, then a question of their own after them."""
    start = question_start(message.text)
    if not start:
        return False
    return any(
        e.get("entity") in PERSONAL_FACTS | {"job"} and int(e.get("end") or 0) <= start
        for e in message.parse_data.get("entities", [])
    )


# a question word anywhere in a clause (folded or not): "ça consiste en quoi", "combien"
# (narrower than _QUESTION_WORD above, which reads terse facts in effective_intent)
_ASKING_WORD = re.compile(r"\b(?:quoi|koi|comment|combien|pourquoi)\b", re.IGNORECASE)
#: what an event or an immersion costs or pays, asked in a clause that names it: "ça
#: coûte quelque chose une immersion ?", "c'est rémunéré un stage ?" request nothing
_COST_WORD = re.compile(
    r"\b(?:co[uû]te?s?|gratuite?s?|payante?s?|pay[ée]e?s?|r[ée]mun[ée]r[ée]e?s?|"
    r"indemnis[ée]e?s?)\b",
    re.IGNORECASE,
)


def _asks_about_it(text: str, intent: str) -> bool:
    """The event or the immersion is only the topic of the message's question: "c'est
    quoi une immersion ?", "j'habite à Nantes, et c quoi une immersion ?" (the clause
    before the question states facts, it asks for nothing), but not "je veux faire une
    immersion, mais c'est payé ?"."""
    start = question_start(text)
    if start is None:
        return False

    def asks(clause: str) -> bool:
        return bool(
            WHAT_IS.match(clause)
            or (intent == "book_immersion" and _ASKS.match(clause))
            # "une immersion ça consiste en quoi ?": a question word, no request
            or (_ASKING_WORD.search(clause) and not _REQUEST.search(clause))
            or (
                _COST_WORD.search(clause)
                and EVENT_WORDS.search(clause)
                and not _REQUEST.search(clause)
            )
        )

    if asks(text):
        return True
    # a later question: only when the clause before it requests nothing
    return bool(start) and not EVENT_WORDS.search(text[:start]) and asks(text[start:])
