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
from bot.dialogue.intents import asks, effective_intent, experienced, question_start
from bot.dialogue.services import TurnContext
from vocab.text import fold

__all__ = ["TOPICS", "facts_of"]

#: entities that, inside a question, are its topic: entity -> the slot they would fill
TOPICS = {"job": "jobs", "diploma": "diplomas"}
# the words that join a clause to the question after it: ", et", "mais", ";"
_JOIN_BEFORE_QUESTION = re.compile(r"(?:[,;]|\bet|\bmais)\s*$")
# a question that defines or compares what it names (folded text): no answer about oneself
_ABOUT = re.compile(
    r"\b(?:c'?est quoi|c quoi|cest quoi|qu'?est[- ]ce qu'?(?:une?|le|la|l')|quelle? diff|"
    r"la diff|difference|differencier|ca consiste|consiste en quoi|ca veut dire|"
    r"mieux entre|vaut mieux)\b"
)


def facts_of(
    message: UserUttered, slots: dict[str, Any], requested: FormSlot | None, ctx: TurnContext
) -> Facts:
    """The facts a message states. A job or a diploma named inside a question is its
    topic, not a fact about the person ("combien gagne une aide-soignante ?", "oui, et
    c'est quoi le DEAS ?")."""
    parse = reads.parse_of(message)
    asked_from = question_start(message.text)
    if asked_from is None and effective_intent(message) == "question":
        asked_from = 0  # "c combien le salaire d'une aide soignante"
    if asked_from and asks(_JOIN_BEFORE_QUESTION.sub("", message.text[:asked_from])):
        # two questions: "c'est quoi le salaire d'une AS et la formation dure combien ?"
        asked_from = 0
    if asked_from is not None:
        entities = parse.get("entities") or []
        # the question pending is answered in a question ("aide-soignante ?", "le CAP ça
        # compte ?"), unless it compares or defines ("c'est quoi la diff entre AS et AES ?")
        answers = requested is not None and not _ABOUT.search(
            fold(message.text[asked_from : asked_from + 300])
        )
        asked = {
            (e.get("entity"), str(e.get("value")))
            for e in entities
            if requested is not None
            and TOPICS.get(str(e.get("entity"))) == requested.slot
            and int(e.get("start") or 0) >= asked_from
        }
        parse["entities"] = [
            e
            for e in entities
            if e.get("entity") not in TOPICS
            or int(e.get("start") or 0) < asked_from
            or (answers and len(asked) == 1 and (e.get("entity"), str(e.get("value"))) in asked)
        ]
    facts = extract_facts(parse, slots, requested, ctx.services.places)
    if experienced(message):
        facts.route = "experienced"
    return facts
