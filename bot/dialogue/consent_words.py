"""While the consent question waits: a question about the consent itself (what is
kept, why, whether it is compulsory, what a no would change) is answered, then the
consent question is put again. It is neither a yes, nor a no, nor a request to erase."""

from __future__ import annotations

import re

from bot.dialogue.content import Rule
from bot.dialogue.questions import asks
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["CONSENT_QUESTION", "asks_about_consent"]

#: why the consent is asked, then the consent question put again
CONSENT_QUESTION = Rule(("utter_consent_why", "action_ask_consent"))

# folded text; bounded alternatives, no nested quantifiers
_ABOUT_CONSENT = re.compile(
    r"\b(?:(?:mes|ces|nos) (?:infos?|informations?|donnees?|coordonnees)|garde[rz]|"
    r"conserv\w{0,6}|stock\w{0,6}|"
    r"obligatoire|oblige\w{0,2}|forc\w{0,3}|refuse\w{0,3}|(?:dis|dit|reponds?) non|24 mois|rgpd|"
    r"personnelles?|confidenti\w{0,6})\b"
)
# an erasure asked for outright is not a question about the consent
_ERASE = re.compile(r"\b(?:effac|supprim|detrui|oubli)\w{0,6}")


def asks_about_consent(text: str) -> bool:
    """ "pk vous gardez mes infos ?", "c'est obligatoire ?", "et si je dis non ?"."""
    if is_payload(text) or len(text) > 200:
        return False
    folded = fold(text)
    if _ERASE.search(folded) or not (asks(text) or "?" in text):
        return False
    return bool(_ABOUT_CONSENT.search(folded))
