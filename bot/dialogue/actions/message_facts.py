"""The profile facts of one message, its question's topics aside: a job or a diploma
named inside a question is what it asks about, not a fact about the person
("combien gagne une aide-soignante ?", "oui, et c'est quoi le DEAS ?")."""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.actions import tracker_reads as reads
from bot.dialogue.content import FormSlot
from bot.dialogue.events import UserUttered
from bot.dialogue.facts import Facts, extract_facts
from bot.dialogue.intents import effective_intent, experienced
from bot.dialogue.questions import asks, question_start
from bot.dialogue.services import TurnContext
from vocab.text import fold

__all__ = ["TOPICS", "facts_of"]

#: entities that, inside a question, are its topic: entity -> the slot they would fill
TOPICS = {"job": "jobs", "diploma": "diplomas"}
#: yes/no questions asked since the form's: their yes or no answers them, not the form
_CONFIRMATIONS = frozenset({"booking_confirmation", "delete_confirmation", "consent"})
# the words that join a clause to the question after it: ", et", "mais", ";"
_JOIN_BEFORE_QUESTION = re.compile(r"(?:[,;]|\bet|\bmais)\s*$")
# what may come before a job or a diploma that answers the question pending in a question
# ("aide-soignante ?", "et AES, ça recrute ?"): hesitations, no question word (folded)
_ANSWER_OPENERS = re.compile(
    r"^(?:(?:et|euh|ben|bah|bon|alors|plutot|peut-etre|moi)[ ,.]{0,3}){0,3}$"
)


def facts_of(
    message: UserUttered,
    slots: dict[str, Any],
    requested: FormSlot | None,
    ctx: TurnContext,
    *,
    place_asked: bool = False,
) -> Facts:
    """The facts a message states. A job or a diploma named inside a question is its
    topic, not a fact about the person ("combien gagne une aide-soignante ?", "oui, et
    c'est quoi le DEAS ?"). While a booking (or consent) waits for its yes, the form's
    question is not the one answered. `place_asked`: a question about the place waits
    (a bare name or a département's number answers it)."""
    if slots.get("expecting") in _CONFIRMATIONS:
        requested = None  # "oui je m'inscris" confirms the booking, it says nothing else
    parse = reads.parse_of(message)
    asked_from = question_start(message.text)
    if asked_from is None and effective_intent(message) == "question":
        asked_from = 0  # "c combien le salaire d'une aide soignante"
    if asked_from and asks(_JOIN_BEFORE_QUESTION.sub("", message.text[:asked_from])):
        # two questions: "c'est quoi le salaire d'une AS et la formation dure combien ?"
        asked_from = 0
    if asked_from is not None:
        entities = parse.get("entities") or []
        # the question pending answered in a question starts with its answer ("aide-
        # soignante ?", "AES, ça recrute ?"), one value: not "faut quel diplôme pour
        # devenir ADVF ?", nor "c'est quoi la diff entre AS et AES ?"
        asked = [
            e
            for e in entities
            if requested is not None
            and TOPICS.get(str(e.get("entity"))) == requested.slot
            and int(e.get("start") or 0) >= asked_from
        ]
        first = min(asked, key=lambda e: int(e.get("start") or 0), default=None)
        answer = (
            first is not None
            and len({str(e.get("value")) for e in asked}) == 1
            and bool(
                _ANSWER_OPENERS.match(
                    fold(message.text[asked_from : int(first.get("start") or 0)][:60]).strip()
                )
            )
        )
        parse["entities"] = [
            e
            for e in entities
            if e.get("entity") not in TOPICS
            or int(e.get("start") or 0) < asked_from
            or (answer and e in asked)
        ]
    facts = extract_facts(parse, slots, requested, ctx.services.places, place_asked=place_asked)
    if experienced(message):
        facts.route = "experienced"
    return facts
