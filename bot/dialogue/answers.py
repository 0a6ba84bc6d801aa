"""Reading a yes or a no in a person's own words.

The NLU's affirm/deny intents see a whole message; an answer often starts
with its yes or no and goes on with something else ("non, et je n'ai aucun
diplôme", "ok pas de souci", "ouais j'ai deux enfants"). The first words
decide; the NLU's intent counts only for a message with no entity in it
("pas loin de Douai" is a place, not a no).
"""

from __future__ import annotations

import re
from typing import Any

from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["GOODBYES", "REFUSAL", "THANKS", "closes", "declines", "takes_leave", "yes_or_no"]

# Bounded alternations of whole words at the start of the folded message.
_YES = re.compile(
    r"^(?:oui|ouais|ouai|ouep|wi|ok|okay|okey|oki|dac|d'?acc?|d'?accord|bien sur|evidemment|"
    r"volontiers|yes|yep|ca marche|c'?est bon|c'?est d'?accord|pas de (?:souci|soucis|probleme)|"
    r"sans (?:souci|probleme)|entendu|parfait|tout a fait|exactement|absolument|allez|vas-?y|"
    r"go|je veux bien|avec plaisir|carrement|bien entendu|si|affirmatif|je confirme|"
    r"c'?est parti|pourquoi pas|super|top|nickel|valide|je valide|j'?accepte|c'?est parfait|"
    r"tres bien)(?![a-z])"
)
_NO = re.compile(
    r"^(?:non|nan|nn|no|nope|pas du tout|surtout pas|jamais|je ne veux pas|je veux pas|"
    r"pas d'?accord|je refuse|pas vraiment|pas question|certainement pas|negatif|"
    r"je n'?accepte pas|j'?accepte pas|ne gardez rien|pas maintenant|"
    # "je ne suis pas concernée (par ça)", "ça ne me concerne pas": a no
    r"(?:je )?(?:ne )?suis pas concernee?s?|pas concernee?s?|(?:ca|cela) ne me concerne pas)"
    r"(?![a-z])"
)
# asking what the question means is no answer: "c'est-à-dire ?", "comment ça", "hein"
_UNSURE = re.compile(
    r"^(?:c'?est[- ]a[- ]dire|comment (?:ca|ça)|(?:hein|quoi) ?\??$|je (?:ne )?comprends? pas|"
    r"j'?comprends? pas|comprends? pas|je (?:ne )?sais pas|j'?sais pas|jsp|chais pas|"
    r"aucune idee|ca veut dire quoi|c'?est quoi)(?![a-z])"
)
#: a yes or a no as an emoji alone (thumbs, OK hand, check marks, crosses)
_YES_EMOJI = frozenset("\U0001f44d\U0001f44c\u2705\u2714\U0001f197")
_NO_EMOJI = frozenset("\U0001f44e\u274c\u2716\U0001f6ab")
_EMOJI_NOISE = frozenset("\ufe0f\u200d \U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff!.")
# hesitations, discourse markers, greetings and a letter's salutation before the
# answer: "euh oui", "re non", "bonjour, oui", "donc non", "Madame, Monsieur,\nOui"
_OPENERS = re.compile(
    r"^(?:(?:euh+|bah|ben|alors|bon|donc|voila|bref|hmm+|eh bien|ah|oh|re|bonjour|bonsoir|bjr|"
    r"slt|salut|coucou|hello|madame|monsieur|mesdames|messieurs|chere madame|cher monsieur)"
    r"[\s,.!]+){1,4}"
)


# declining to answer: "pas envie de répondre", "je préfère pas le dire", "ça ne vous
# regarde pas" (the NLU may read a no, or even a STOP, in them)
REFUSAL = re.compile(
    r"\b(?:repondre|le dire|en parler|ne vous regarde|pas vos affaires|prefere (?:ne )?pas)\b"
)
# declining to answer the question itself, even after a no: "non, je préfère ne pas
# répondre", "non je ne veux pas en parler", "ça ne vous regarde pas", "c'est personnel"
# (a bare "je préfère pas" stays a no)
_DECLINE = re.compile(
    r"\b(?:(?:ne )?(?:pas|rien) (?:y )?repondre|pas (?:le |vous le )?dire|pas en parler|"
    r"ne vous regarde|pas vos affaires|(?:c'?est|c) (?:prive|personnel|perso)|"
    r"garder (?:ca|cela) pour moi|joker)\b"
)


def declines(text: str) -> bool:
    """The message declines to answer the question asked (not a no to it)."""
    return bool(_DECLINE.search(fold(text[:200])))


# The words of a leave-taking (folded), one vocabulary for the closings below and for
# an answer followed by a goodbye (facts.py): thanks, goodbyes, "that is all".
THANKS = r"merci(?: beaucoup)?|mrc|mci"
GOODBYES = r"bonne (?:journee|soiree|nuit|fin de journee)|au revoir|a bientot|bye"
_ENOUGH = r"c'?est tout|ca ira|rien d'?autre"

# A message that only acknowledges and thanks, or takes leave: "c'est bon merci",
# "ok merci bonne journée", "merci c'est tout". Words of each kind, at most four in a
# row, one of them a thanks or a goodbye (checked apart): bounded, no nesting.
_CLOSING_WORDS = re.compile(
    r"^(?:(?:ok|okay|oki|dac|d'?accord|c'?est bon|ca marche|parfait|super|top|nickel|entendu|"
    rf"tres bien|cool|genial|c'?est note|bien recu|{THANKS}|beaucoup|bien|{GOODBYES}|"
    r"c'?est tout(?: pour (?:moi|aujourd'?hui|le moment|l'?instant|ce soir))?|ca ira|"
    r"rien d'?autre|bisous)[ ,.!]*){1,5}$"
)
_LEAVE = re.compile(rf"{THANKS}|{GOODBYES}|{_ENOUGH}")


def closes(text: str) -> bool:
    """The message acknowledges and thanks, or takes leave, and says nothing else:
    not a yes to a question about the person ("avez-vous le permis ?" - "c'est bon
    merci")."""
    folded = _OPENERS.sub("", fold(text.strip())[:80])  # "bonjour super merci !"
    folded = re.sub(r"[^a-z' ,.!]", "", folded).strip()
    return bool(_CLOSING_WORDS.match(folded)) and bool(_LEAVE.search(folded))


_LEAVE_ONLY = re.compile(rf"{GOODBYES}|{_ENOUGH}")


def takes_leave(text: str) -> bool:
    """A closing that ends the exchange ("merci c'est tout", "ok merci bonne journée"),
    not only a thanks for the last answer ("merci")."""
    return closes(text) and bool(_LEAVE_ONLY.search(fold(text.strip())[:80]))


def yes_or_no(text: str, intent: str | None, entities: list[dict[str, Any]]) -> bool | None:
    """True for a yes, False for a no, None when the message says neither."""
    stripped = text.strip()
    if stripped == "/affirm":
        return True
    if stripped == "/deny":
        return False
    if is_payload(stripped):
        return None
    marks = set(stripped) - _EMOJI_NOISE
    if marks and len(stripped) <= 12 and marks <= _YES_EMOJI:
        return True
    if marks and len(stripped) <= 12 and marks <= _NO_EMOJI:
        return False
    folded = _OPENERS.sub("", fold(stripped).strip())
    if _UNSURE.match(folded):
        return None
    if _DECLINE.search(folded):
        return None  # "non, je préfère ne pas répondre": no answer at all, not a no
    if _NO.match(folded):
        return False
    if _YES.match(folded):
        return True
    if REFUSAL.search(folded):
        return None  # "pas envie de répondre": no answer at all, not a no
    if not entities and len(folded.split()) <= 4 and re.search("[a-z]", folded):
        if intent == "affirm":
            return True
        if intent == "deny":
            return False
    return None
