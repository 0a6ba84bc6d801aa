"""Small corrections of the NLU's intent that the dialogue relies on."""

from __future__ import annotations

import re

from bot.dialogue.events import UserUttered

__all__ = ["effective_intent"]

_ASKS = re.compile(
    r"(?<!\s)\s*+(est-ce qu|est ce qu|je peux|on peut|peut-on|c'est quoi|comment|qu'est-ce|"
    r"c'est possible|combien|pourquoi|quand|ou |où )",
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


def effective_intent(message: UserUttered) -> str | None:
    """A terse list of facts ("Reims, permis et voiture, 2 enfants") is
    sometimes taken for a question: with no question mark and two personal
    facts or more, it informs."""
    intent = message.intent_name
    if intent == "book_immersion" and _ASKS.match(message.text) and "?" in message.text:
        return "question"  # "je peux faire une immersion avant de me lancer ?"
    if intent == "question" and "?" not in message.text:
        facts = {e.get("entity") for e in message.parse_data.get("entities", [])}
        if len(facts & PERSONAL_FACTS) >= 2:
            return "inform"
    return intent
