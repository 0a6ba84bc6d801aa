"""A commune written alone, as the answer to a place question: "valence", "muret"
(French words too, in lower case, which the NLU leaves alone), "nantes voilà",
"moi c'est Muret", "Nantes (44)", "le tampon. j'ai le permis"."""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue.answers import yes_or_no
from bot.dialogue.services import Places
from vocab.departements import DEPARTEMENTS
from vocab.payloads import is_payload

__all__ = ["FILLER", "bare_commune", "departement_answer"]

# Words before a bare name, each an optional phrase (bounded, no nesting): a correction
# ("non", "en fait", "finalement", "je me suis trompé"), "moi", "ici", "c'est",
# "j'habite", then "à", "sur", "près de", "à côté de", "vers" (the place named is the
# one to search): "moi c'est Muret", "non finalement Muret", "moi j'habite vers Muret"
_BEFORE_NAME = re.compile(
    r"^(?:(?:non|oui|ah|oups|pardon)[\s,.!]+)?"
    r"(?:(?:en fait|enfin|finalement|plut[oô]t|correction|je me suis tromp[eé]e?)[\s,.:!]+)?"
    r"(?:(?:moi|ici|perso)[\s,]+)?"
    r"(?:(?:c'?est bien|c'?est|cest|c|ce sera)\s+)?"
    r"(?:(?:j'?habite|jhabite|je suis|jsuis|je vis|je reste)\s+)?"
    r"(?:(?:(?:a|à) c[oô]t[eé] de|pr[eè]s de|pas loin de|autour de|vers|sur|dans|a|à)\s+)?",
    re.IGNORECASE,
)
# words that open an answer without adding to it: "bah aucun", "ben non", "alors 2"
FILLER = re.compile(
    r"^(?:(?:bah|ben|bin|beh|euh|heu|hmm|hum|alors|bon|eh bien|et bien)[\s,.!]+){1,3}"
)


# a place's clause ends at a full stop too: "le tampon. jai mon permis B"
_PLACE_CLAUSE_END = re.compile(r"[,;!?]|\.(?:\s|$)| et ")
# what ends a short answer without being part of it: punctuation, emoji
_TRAILING = re.compile(r"[^\w)]+$")
# words after a name that add nothing to it: "nantes voila", "Muret merci", "Lille svp"
# (a run of separators is entered at its start only: linear on a long run of spaces)
_AFTER_NAME = re.compile(
    r"(?<![\s,.!])(?:[\s,.!]++(?:voila|voilà|merci|svp|stp|s'il vous pla[iî]t|ici|quoi|hein|"
    r"bien s[uû]r|c'?est tout|bonne journ[ée]e|merci beaucoup)){1,3}$",
    re.IGNORECASE,
)
# a commune and its département number: "Nantes (44)", "nantes 44", "Ajaccio 2A"
_WITH_DEPT = re.compile(r"^(?P<name>[^\d()]{2,40})\(?(?P<dept>\d{2,3}|2[AB])\)?$", re.IGNORECASE)


def bare_commune(text: str, places: Places | None, *, proper: bool = False) -> list[dict[str, Any]]:
    """The commune question asked, a short answer the NLU found no place in ("valence",
    "muret": French words too, written in lower case): looked up as a commune name."""
    if places is None or is_payload(text) or len(text) > 120:
        return []
    # the whole message, else its first clause ("moi c le tampon, j'ai le permis")
    for clause in dict.fromkeys((text, _PLACE_CLAUSE_END.split(text, maxsplit=1)[0])):
        core = _TRAILING.sub("", _AFTER_NAME.sub("", _TRAILING.sub("", clause.strip())))
        name = _BEFORE_NAME.sub("", FILLER.sub("", core))
        if yes_or_no(name, None, []) is not None:  # "oui", "non merci": an answer, no place
            continue
        dept = _WITH_DEPT.match(name)
        if dept is not None and places.by_name(dept["name"].strip()):
            # "Nantes (44)", "nantes 44": the name and its département, as a button's
            value = f"{dept['name'].strip()} ({dept['dept'].upper()})"
            return [{"entity": "location", "value": value, "start": 0, "end": len(text)}]
        if not name or len(name) > 40 or len(name.split()) > 4 or (proper and name.islower()):
            continue
        if any(c.isdigit() for c in name):
            continue
        start = text.find(name)
        if not places.by_name(name):
            # "moi c'est riiom": the commune a misspelt name means, when a place is asked
            meant = {p.commune for p in places.misspelt(name)} if not proper else set()
            if len(meant) != 1:
                continue
            value = meant.pop()
            return [
                {"entity": "location", "value": value, "start": start, "end": start + len(name)}
            ]
        return [{"entity": "location", "value": name, "start": start, "end": start + len(name)}]
    return []


# a département's number as the answer to a place question: "69", "le 69", "du 974",
# "moi c'est le 33", "on est dans le 29", "dpt 44" (after FILLER and _AFTER_NAME)
_DEPARTEMENT_ANSWER = re.compile(
    r"^(?:(?:moi|ici|nous|perso)[\s,]{1,3})?"
    r"(?:(?:c'?est|cest|c|je suis|jsuis|on est|j'?habite|jhabite|je vis|nous sommes)\s{1,3})?"
    r"(?:(?:dans|ds|en)\s{1,3})?"
    r"(?:(?:le|du|de|dept|dpt|d[eé]p|d[ée]partement)\.?\s{0,3})?"
    r"(?P<code>\d{2,3}|2[ab])$",
    re.IGNORECASE,
)


def departement_answer(text: str) -> list[dict[str, Any]]:
    """A place question asked, a département's number as the whole answer ("moi c'est
    le 69", "du 974"): that département. Elsewhere a number is an age, a count, a date."""
    if is_payload(text) or len(text) > 60:
        return []
    core = _TRAILING.sub("", _AFTER_NAME.sub("", _TRAILING.sub("", text.strip())))
    match = _DEPARTEMENT_ANSWER.match(FILLER.sub("", core).strip())
    code = match["code"].upper() if match else ""
    if code not in DEPARTEMENTS:
        return []
    start = text.find(match["code"]) if match else 0
    return [
        {
            "entity": "location",
            "value": code,
            "start": start,
            "end": start + len(code),
            "commune": None,
            "postal_code": None,
            "departement": code,
            "valid": True,
        }
    ]
