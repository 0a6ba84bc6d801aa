"""Questions about the events just proposed, read in words.

A question about the events just proposed ("c'est où ?", "c'est à quelle heure
le premier ?", "ça dure combien de temps ?"): where, when and how long each one
is (or the one named by its rank), with the same options to book. A person who
cannot choose among them ("je ne sais pas lequel prendre", "j'hésite").

People type fast: a word one edit from a key word of these questions ("qulle
heure", "quelle ardesse", "il reste des plaecs ?") is read as that word
(`vocab.text.mend_words`), unless it is a French word of its own ("quel lien ?" asks
for the link of an online event, not the place).
"""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.choice import (
    ADVISED,
    ORDINALS,
    WORD,
    last_proposal,
    proposal_before,
    proposed_events,
)
from bot.dialogue.questions import asks, question_start
from bot.dialogue.tracker import Tracker
from nlu import expand_sms, is_french_word
from vocab.payloads import is_payload
from vocab.text import fold, mend_words

__all__ = [
    "advised",
    "advised_choice",
    "asked_about_proposal",
    "asks_contents",
    "asks_seats",
    "asks_where_or_when",
    "question_beside_advice",
    "undecided",
]

# A question about the proposed events themselves (folded text): where, when, how
# long, how far, online or not, seats left, what it is. Bounded alternatives.
_ABOUT_EVENTS = re.compile(
    r"\b(?:(?:c'?est|c|cest|ce|se) (?:ou|quand|a quelle)|"
    r"ou (?:ca|c'?est|cest|se trouve|se passe)|"
    r"(?:ca )?se (?:passe|trouve) ou|loin|"
    r"ou exactement|quelle heure|"
    r"quel(?:le)?s? (?:jour|date|adresse|lieu|endroit|salle|horaires?|lien)|"
    r"quand (?:ca|c'?est|cest)|(?:l'|quelle )adresse|"
    r"(?:ca|ce|il|elle) dure|combien de temps|"
    r"(?:c'?est |c )?en ligne|a distance|en visio|reste(?:-t-il)? des places|"
    r"encore (?:de la|des) places?|"
    r"comment (?:on )?y (?:aller|va)|(?:ca )?commence a|"
    r"(?:c'?est|c|cest) quoi (?:ce|cet|cette|ces|le premier|le 1er|le deuxieme|le 2e|la premiere|"
    r"la deuxieme|la 2e|le dernier|la derniere)|(?:ca|ca se) finit|"
    # what the events hold, what to bring or wear (`_CONTENTS`)
    r"(?:il )?y aura|s'?habiller|quelle tenue|"
    r"(?:faut|dois|doit|faudra)(?:-il| il| je| on)? (?:apporter|amener|ramener|prevoir))"
)
# what the events hold: "il y aura des employeurs ?", "y aura-t-il des recruteurs ?",
# "qu'est-ce qu'on y fait ?" (their descriptions answer; folded text, bounded)
_CONTENTS = re.compile(r"\b(?:(?:il )?y aura|on y fait|ca consiste|se passe comment)\b")


def asks_contents(text: str) -> bool:
    """A question about the events asks what they hold (their descriptions answer)."""
    return bool(_CONTENTS.search(fold(text[:200])))


#: the key words of `_ABOUT_EVENTS` (and the ranks) a typo of which is read as the word
_ABOUT_KEYS = frozenset(
    {
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quand",
        "heure",
        "adresse",
        "jour",
        "date",
        "lieu",
        "lien",
        "endroit",
        "salle",
        "horaire",
        "horaires",
        "exactement",
        "trouve",
        "passe",
        "loin",
        "dure",
        "combien",
        "temps",
        "ligne",
        "distance",
        "visio",
        "reste",
        "places",
        "comment",
        "aller",
        "commence",
        "finit",
        "quoi",
        *(w for w in ORDINALS if w.isalpha()),
    }
)


def asks_seats(text: str) -> bool:
    """A question about the events asks whether seats are left ("il reste des plaecs ?")."""
    return "place" in mend_words(fold(text[:200]), _ABOUT_KEYS, is_french_word)


#: "c ou exactement svp", "ou exactement ?": where, asked without its question mark
_WHERE_OPENS = re.compile(r"^(?:(?:c'?est|c|cest) ou\b|ou exactement\b)")
#: words of another topic: a question about a job, a training, money is the knowledge
#: base's ("combien de temps dure la formation ?" after proposals)
_OTHER_TOPIC = re.compile(
    r"formation|diplome|metier|salaire|immersion|vae|stage|permis|aide|paye|payee|gagne|"
    r"contrat|ecole|concours"
)


#: entities that make a message a request of its own (a place, a date, a job, a kind)
_REQUEST_ENTITIES = frozenset({"location", "date", "job", "event_type", "diploma"})


def asked_about_proposal(tracker: Tracker) -> list[str] | None:
    """The events the person's latest message asks about (where, when, how long),
    among those the assistant's previous turn proposed: all of them, or the one named
    by its rank ("le 2e c'est où ?"); None when the message is no such question. A
    question still expected does not stop it: events proposed while the commune is
    still asked (online ones, the commune not found) are asked about too ("le premier
    il est à quelle heure ?" got "Vous n'avez pas d'inscription en cours")."""
    message = tracker.latest_message
    if message is None or is_payload(message.text):
        return None
    ids = proposed_events(proposal_before(tracker))  # first: most turns follow no proposal
    if not ids:
        return None
    text = mend_words(expand_sms(fold(message.text[:200])), _ABOUT_KEYS, is_french_word)
    if len(text.split()) > 16 or not _ABOUT_EVENTS.search(text) or _OTHER_TOPIC.search(text):
        return None
    if any(e.get("entity") in _REQUEST_ENTITIES for e in message.parse_data.get("entities") or []):
        return None  # "des ateliers pas loin de Lille ?": a new search, not these events
    if "?" not in text and not asks(message.text) and not _WHERE_OPENS.search(text):
        return None
    ranks = [ORDINALS[w] or len(ids) for w in WORD.findall(text) if w in ORDINALS]
    if len(ranks) == 1 and 1 <= ranks[0] <= len(ids):
        return [ids[ranks[0] - 1]]
    return ids


# "je ne sais pas lequel choisir", "vous me conseillez lequel ?", "j'hésite": the
# person cannot choose among the events just proposed (folded text, bounded)
_UNDECIDED = re.compile(
    r"\b(?:(?:(?:sais|sait|c) pas|jsp|chai pas) (?:lequel|laquelle|trop lequel|"
    r"[a-z]{1,9} (?:choisir|prendre)\b)|"
    r"lequel (?:choisir|prendre|je prends|je choisis|est (?:le )?mieux|est le meilleur)|"
    # "laquelle serait la mieux pour moi ?", "lequel serait le plus adapté ?"
    r"(?:lequel|laquelle) (?:serait|sera|est) (?:le |la )?(?:mieux|meilleure?|plus adaptee?)|"
    r"laquelle (?:choisir|prendre)|(?:me )?conseillez(?:-vous)? (?:lequel|laquelle|quoi)|"
    r"lequel (?:vous )?me conseillez|lequel conseillez|aidez[- ]moi a choisir|j'?hesite|"
    r"quoi choisir|du mal a choisir)"
    # "je suis perdue, lequel ?", "et donc laquelle ?": the choice asked back, nothing else
    r"|\b(?:lequel|laquelle) ?[?!.]{0,3}$"
)


#: the key words of `_UNDECIDED` a typo of which is read as the word
_UNDECIDED_KEYS = frozenset(
    {
        "sais",
        "sait",
        "lequel",
        "laquelle",
        "trop",
        "choisir",
        "choisis",
        "prendre",
        "prends",
        "mieux",
        "meilleur",
        "serait",
        "conseillez",
        "aidez",
        "hesite",
        "quoi",
    }
)


def _undecided_text(text: str) -> bool:
    folded = mend_words(fold(text[:200]), _UNDECIDED_KEYS, is_french_word)
    return len(folded.split()) <= 16 and bool(_UNDECIDED.search(folded))


def undecided(tracker: Tracker) -> bool:
    """The person's latest message says they cannot choose among the events the
    assistant's previous turn proposed (and was not read as a choice already)."""
    message = tracker.latest_message
    if message is None or is_payload(message.text) or tracker.get_slot("expecting"):
        return False
    if any(e.get("entity") == "event_id" for e in message.parse_data.get("entities") or []):
        return False  # advised: the first event put up for booking (`advised_choice`)
    # the proposal first: reading the words costs more, and most turns follow none
    return bool(proposed_events(proposal_before(tracker))) and _undecided_text(message.text)


def advised_choice(tracker: Tracker, text: str, parse: dict[str, Any]) -> dict[str, Any] | None:
    """The parse of "je ne sais pas lequel choisir" after events were proposed, as the
    choice of the first of them (they are ranked by the job wanted, then distance and
    date), with why: a counsellor recommends one rather than listing them again.
    None otherwise; `tracker` is the conversation before the message."""
    if is_payload(text) or tracker.get_slot("expecting"):
        return None
    ids = proposed_events(last_proposal(tracker.events))  # as in `undecided`
    if not ids or not _undecided_text(text):
        return None
    chosen = {"entity": "event_id", "value": ids[0], "extractor": "advice", "reason": ADVISED}
    return {**parse, "intent": {"name": "book_event", "confidence": 1.0}, "entities": [chosen]}


def advised(entities: list[dict[str, Any]]) -> bool:
    """The message was read as "advise me" (`advised_choice`): no question of its own."""
    return any(e.get("extractor") == "advice" for e in entities)


#: a question's own topic, beside the events proposed (folded text)
_OWN_TOPIC = re.compile(
    r"formation|diplome|metier|salaire|immersion|vae|stage|permis|aide|contrat|ecole|concours"
)


# where or when events take place: the list of events near the person is the answer
# (folded text; "ou" alone is "or", so only its question forms count; bounded)
_WHERE_WHEN = re.compile(
    r"\b(?:(?:c'?est|c|cest|ce|se|a lieu|ont lieu|se passe|se trouve) (?:ou|quand)\b|"
    r"ou (?:ca|c'?est|cest|se trouve|se passe|ont lieu|a lieu)\b|ou et quand|quand et ou|"
    r"quand (?:ca|c'?est|cest|ont lieu|a lieu)\b|quel(?:le)?s? (?:jours?|dates?|adresses?|"
    r"lieux?|endroits?|horaires?)\b|a quelle (?:heure|date)|prochaines? dates?|"
    r"\b(?:ou|quand)\W{0,5}$)"
)
#: what else a question may ask, which the list of events does not answer
_ELSE = re.compile(r"combien|\bcb\b|pa(?:y|i)e|gratuit|pourquoi|comment|quoi|koi|dure|faut|\bqui\b")


def asks_where_or_when(text: str) -> bool:
    """The message's question asks only where or when ("je veux bien aller à une info
    collective, c'est où et quand ?"): the events proposed answer it, no fiche does."""
    start = question_start(text)
    if start is None:
        return False
    clause = fold(text[start:300])
    return bool(_WHERE_WHEN.search(clause)) and not (
        _OWN_TOPIC.search(clause) or _ELSE.search(clause)
    )


def question_beside_advice(text: str) -> str | None:
    """ "je sais pas lequel, c'est payé ?": a question of its own after the words that
    ask for advice (its last clause asks something else than which one to choose):
    "topic" when it names one ("et la formation c'est payé ?"), "events" when it is
    about the events themselves; None when the only question is which one to choose."""
    start = question_start(text)
    if not start:
        return None
    clause = text[start:]
    if len(clause.strip()) < 4 or _undecided_text(clause):
        return None
    return "topic" if _OWN_TOPIC.search(fold(clause)) else "events"
