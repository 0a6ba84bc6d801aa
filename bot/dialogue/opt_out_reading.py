"""Whether a message the NLU read as an opt-out really asks to stop the messages:
the opt-out vocabulary and its readings (intents.py corrects the intent with them)."""

from __future__ import annotations

import re

from bot.dialogue.answers import REFUSAL
from bot.dialogue.events import UserUttered
from vocab.keywords import OPT_IN_PAYLOAD, keyword_payload
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "OPT_OUT_SURE",
    "declines_to_answer",
    "not_an_opt_in",
    "not_an_opt_out",
    "unsure_without",
]

# the opt-out vocabulary the three readings below share: unsubscribing, "ARRÊT" said
# alone, the messages themselves
_UNSUBSCRIBE = r"d[ée]sinscri|d[ée]sabonn|unsubscribe"
_ARRET_ALONE = r"^\W{0,5}arr[eê]t\W{0,5}$"
_MESSAGES = r"messages?|sms|textos?"
# what an opt-out names: the messages, being contacted, stopping, unsubscribing
_OPT_OUT_WORDS = re.compile(
    rf"stop|arr[eê]te[rz]?\b|{_ARRET_ALONE}|{_UNSUBSCRIBE}|{_MESSAGES}|contact|"
    r"[ée]cri|recevoir|envo[iy]|diffusion|spam|notif|(?<!r)appel|num[ée]ro|plus jamais",
    re.IGNORECASE,
)
#: the words that ask to stop by themselves, whatever the NLU's confidence
_STOP_WORDS = re.compile(
    rf"\bstop\b|{_ARRET_ALONE}|{_UNSUBSCRIBE}|plus (?:de|jamais) (?:{_MESSAGES})", re.IGNORECASE
)
#: what a question must say to ask to stop: a stopping verb, unsubscribing, "ne plus"...
#: ("vous répondez par sms ?" names the messages and asks nothing to stop)
_ASKS_TO_STOP = re.compile(
    rf"stop|arr[eê]t|\bcess|{_UNSUBSCRIBE}|\bne plus\b|"
    r"plus (?:de|jamais|recevoir|m'|me )|retir|supprim|enlev",
    re.IGNORECASE,
)
#: below this confidence, an opt-out needs one of `_STOP_WORDS`: unsubscribing on a
#: guess cuts a person off ("il y a un arrêt de bus pas loin oui merci d'avance", 0.22)
OPT_OUT_SURE = 0.5


def declines_to_answer(text: str) -> bool:
    """ "je ne souhaite pas répondre", "pas envie d'en parler": a question left
    unanswered, not a request to stop all messages."""
    return bool(REFUSAL.search(fold(text[:200]))) and not _OPT_OUT_WORDS.search(text[:200])


def not_an_opt_out(message: UserUttered) -> bool:
    """An opt-out the NLU read that unsubscribes nobody: a question left unanswered ("je
    ne souhaite pas répondre"), a question that asks nothing to stop ("c'est par sms
    que vous répondez ?"), a vague "forget it" with no word of stopping,
    unsubscribing or the messages, or a guess (below OPT_OUT_SURE) with no word that asks
    to stop by itself. A keyword (STOP) or a button is said outright: always obeyed."""
    text = message.text
    if is_payload(text):
        return False
    if declines_to_answer(text) or not _OPT_OUT_WORDS.search(text[:200]):
        return True
    if "?" in text[:200] and not _ASKS_TO_STOP.search(text[:200]):
        return True  # a question about the messages or the channel, not a request to stop
    return unsure_without(message, OPT_OUT_SURE, _STOP_WORDS)


def unsure_without(message: UserUttered, sure: float, words: re.Pattern[str]) -> bool:
    """The NLU read the message's intent below `sure`, and the message has none of the
    `words` that would say it by themselves."""
    confidence = float((message.parse_data.get("intent") or {}).get("confidence", 1.0))
    return confidence < sure and not words.search(message.text[:200])


#: what a wish to receive the messages again names: the messages, being written to or
#: sent to, a subscription, the keywords ("vous pouvez reprendre" alone names none)
_OPT_IN_WORDS = re.compile(
    rf"{_MESSAGES}|start|unstop|abonn|r[ée]inscri|r[ée]activ|recevoir|notif|contact|"
    r"envo[iy]|[ée]cri|infos?\b|liste|num[ée]ro",
    re.IGNORECASE,
)


def not_an_opt_in(message: UserUttered) -> bool:
    """An opt-in the NLU read that names neither the messages nor a subscription ("vous
    pouvez reprendre", "re"): read as such, the assistant would say the messages start
    again to someone who never stopped them. A keyword or a button is always obeyed."""
    text = message.text[:200]
    if is_payload(text) or keyword_payload(text) == OPT_IN_PAYLOAD:
        return False
    return not _OPT_IN_WORDS.search(text)
