"""Who a message names: the assistant ("are you a robot?"), a person asked for (a
counsellor), someone brought along, or only information wanted.

Whether a message read as "are you a robot?" names the assistant at all.

The NLU reads "y a un parking ?" as "y a quelqu'un ?" (bot_challenge 0.74): a question
that names no person, machine or robot, and does not address the assistant, asks
about something else."""

from __future__ import annotations

import re

from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "ASKS_A_PERSON",
    "BRINGS_SOMEONE",
    "HANDOFF_SURE",
    "WANTS_TO_KNOW",
    "names_the_assistant",
]

# a person, a machine, how it answers, the assistant addressed (folded, bounded)
_ASSISTANT_WORDS = re.compile(
    r"robot|\bbot\b|chatbot|humain|\bia\b|intelligence|personne|machine|automat|gpt|"
    r"\bqui\b|quelqu'?un|\bqqn\b|programme|repondeur|\breel|\bvrai|ordinateur|logiciel|"
    r"assistant|virtuel|conseill|\bt'?es\b|\btu es\b|vous etes|etes[- ]vous|en face|derriere|"
    r"\bgere"
)


def names_the_assistant(text: str) -> bool:
    """The message names who or what answers: a person, a robot, an AI, "vous êtes"
    (a button's payload says what it means)."""
    return is_payload(text) or bool(_ASSISTANT_WORDS.search(fold(text[:200])))


#: what a request for a person names: a counsellor, someone, a call, being contacted
ASKS_A_PERSON = re.compile(
    r"conseill|quelqu'?un|qqn|humain|personne|parler|appel|t[ée]l[ée]phon|joindre|"
    r"(?<!vous )contact|relais|agent|r[ée]el|vrai",
    re.IGNORECASE,
)
#: below this confidence, a handoff needs a word of `ASKS_A_PERSON`: "c'est pour un
#: renseignement" (human_handoff 0.21) opened one, and a counsellor's time, at once
HANDOFF_SURE = 0.5
# "je peux venir avec quelqu'un ?": someone brought along, not a person asked for
BRINGS_SOMEONE = re.compile(
    r"\b(?:venir|viens|vient|aller|amener|emmener|accompagnee?s?|accompagner)\s+"
    r"(?:avec\s+|d'\s*)?(?:quelqu'?un|qqn|une?\s+(?:ami|amie|proche|personne)|"
    r"mon\s+(?:mari|conjoint|copain|fils)|ma\s+(?:fille|mere|soeur|femme|copine))\b"
)
#: what a person who wants to be told something names: information, a question
WANTS_TO_KNOW = re.compile(
    r"renseign|\binfos?\b|informations?\b|m'?informer|\bquestions?\b|\bsavoir\b", re.IGNORECASE
)
