"""While the consent question waits: a question about the consent itself (what is
kept, why, whether it is compulsory, what a no would change) is answered, then the
consent question is put again. It is neither a yes, nor a no, nor a request to erase."""

from __future__ import annotations

import re

from bot.dialogue.content import Rule
from bot.dialogue.questions import asks
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "CONSENT_LATER",
    "CONSENT_QUESTION",
    "LATE_CONSENT",
    "asks_about_consent",
    "consent_rule",
    "defers",
    "gives_consent",
    "takes_back_refusal",
]

#: why the consent is asked, then the consent question put again
CONSENT_QUESTION = Rule(("utter_consent_why", "action_ask_consent"))
#: consent given after a no (or after the question was dropped): kept, the form resumed
LATE_CONSENT = Rule(("action_accept_consent_late", "action_continue_form"))

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


# "vous pouvez garder mes infos", "j'accepte que vous conserviez mes informations":
# a verb of keeping and what is kept, said as a yes (bounded, no nested quantifiers)
_KEEP = re.compile(r"\b(?:gard|conserv|enregistr|stock|sauvegard|memoris)\w{0,6}\b")
_KEPT = re.compile(r"\b(?:mes|les|ces|nos) (?:infos?|informations?|donnees|coordonnees)\b")
# the keeping asked for in the imperative is a yes too: "c'est bon, gardez mes
# informations" (not "vous gardez mes infos", a statement or a question)
_AGREES = re.compile(
    r"\b(?:d'?accord|ok|j'accepte|accepte|veux bien|pouvez|peux|autorise|consens|allez-y)\b"
    r"|(?<!vous )\b(?:gardez|conservez|enregistrez|sauvegardez|memorisez)\b"
)
_NOT = re.compile(r"\b(?:pas|ne|n'\w{1,12}|jamais|refuse\w{0,2}|plus)\b")


def gives_consent(text: str) -> bool:
    """Consent said outright, outside its question: "bon finalement c'est d'accord,
    vous pouvez garder mes infos". A no, a question or an erasure is not one."""
    if is_payload(text) or len(text) > 300 or "?" in text:
        return False
    folded = fold(text)
    if _ERASE.search(folded) or _NOT.search(folded):
        return False
    return bool(_KEEP.search(folded) and _KEPT.search(folded) and _AGREES.search(folded))


# a yes said as a change of mind: "ok finalement oui", "bon en fait d'accord" (folded)
_CHANGED_MIND = re.compile(
    r"\b(?:finalement|en fait|apres reflexion|reflexion faite|tout compte fait|"
    r"change d'avis|changer d'avis)\b"
)
_YES = re.compile(
    r"\b(?:oui|ouais|wi|ok|okay|d'?accord|dac|j'accepte|c'est bon|ca marche|vas-y|allez-y)\b"
)
_NO = re.compile(r"\b(?:non|nan|nn|pas|jamais|refuse\w{0,2})\b")


def takes_back_refusal(text: str) -> bool:
    """ "ok finalement oui" with nothing pending, the consent refused before: a yes that
    says the mind changed (a bare "ok" only acknowledges the refusal)."""
    if is_payload(text) or len(text) > 80 or "?" in text:
        return False
    folded = fold(text)
    return bool(_CHANGED_MIND.search(folded) and _YES.search(folded) and not _NO.search(folded))


def consent_rule(expecting: str | None, consent: bool | None, text: str) -> Rule | None:
    """The rule for a message about the consent itself, if it is one: a question about
    it while it is asked (why, then asked again), or consent given outright after a
    no, once the question was dropped or again (kept, the form resumed), or a yes that
    takes the refusal back while nothing else waits for an answer."""
    if expecting == "consent" and asks_about_consent(text):
        return CONSENT_QUESTION
    if gives_consent(text):  # given again while kept: said so, never an erasure asked
        return LATE_CONSENT
    if consent is False and expecting is None and takes_back_refusal(text):
        return LATE_CONSENT
    return None


#: "je verrai plus tard" to the consent question: nothing kept, nothing asked now
CONSENT_LATER = Rule(("action_defer_consent",))
# a decision put off: later, another time, after thinking it over (folded, bounded)
_LATER = re.compile(
    r"\b(?:plus tard|je verrai|on verra|une autre fois|tout a l'heure|"
    r"(?:je vais|je dois|laisse[rz]?[- ]moi|faut que je|il faut que j'y) ?(?:y )?reflechir|"
    r"je reflechi[st]|pas (?:pour l'instant|pour le moment|maintenant|tout de suite|"
    r"aujourd'hui|encore)|je vous (?:redis|dirai)|je reviens(?:drai)? vers vous)\b"
)


def defers(text: str) -> bool:
    """ "je verrai plus tard", "laissez-moi réfléchir", "pas pour l'instant": the
    consent neither given nor refused, a decision put off."""
    return not is_payload(text) and len(text) <= 120 and bool(_LATER.search(fold(text)))
