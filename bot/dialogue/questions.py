"""Whether a message asks a question, with or without its "?", and where the question
starts: its last clause opens or ends with an interrogative form."""

from __future__ import annotations

import re

from bot.dialogue.politeness import closing_start
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = [
    "CLAUSE_BREAK",
    "C_EST",
    "ENDS_QUESTION",
    "WHAT_IS",
    "asks",
    "asks_if_possible",
    "question_end",
    "question_start",
    "without_closing",
]

#: "c'est" as people type it before an interrogative ("c'est", "cest", "c", "cé", "c est")
C_EST = r"(?:c'?est|c|c[eé]|c est)"
# "c'est quoi un job dating ?": a question about a thing, whatever the thing
WHAT_IS = re.compile(
    rf"(?<!\s)\s*+(?:{C_EST} (?:quoi|koi)|qu'?est[- ]ce que?|"
    r"ca veut dire quoi|ça veut dire quoi|ca se passe comment|ça se passe comment|"
    r"comment (?:ca|ça) (?:marche|se passe|fonctionne)|(?:ca|ça) (?:marche|fonctionne) comment)\b",
    re.IGNORECASE,
)
# where the question of a message starts: after the last separator before its "?"
CLAUSE_BREAK = re.compile(r"[,;.!]|\bmais\b|\bet\b")
# A question typed without its "?" (SMS, haste): its last clause opens with an
# interrogative form, or ends with one ("le métier d'AS c'est comment"). "quand",
# "il faut", "y a" and "on peut" open answers too ("quand vous voulez", "il me faut
# une solution", "il y a le bus"): they are not read as questions without a "?".
# Anchored (it is only ever matched at a clause's start): searched, an unanchored
# "\s*+" would try every position of a long run of spaces (quadratic).
_OPENS_QUESTION = re.compile(
    rf"\A\s*+(?:est[- ]ce qu|qu'?est[- ]ce|{C_EST} (?:quoi|koi)|"
    r"comment\b|combien\b|cb\b|pourquoi\b|quel(?:le)?s? \w|faut-il\b|y a-t-il\b|"
    r"peut-on\b|puis-je\b|(?:ca|ça) consiste|en quoi\b|a quoi (?:ca|ça) sert|"
    # an indirect question ("je souhaiterais savoir si ...", "pourriez-vous me dire ..."),
    # or one announced ("question bête : il faut ... ?")
    r"(?:je |j')?(?:souhait\w{0,6}|voudrais|voulais|aimerais|cherche à|cherche a) savoir\b|"
    r"pourriez[- ]vous (?:me dire|m'?indiquer|m'?expliquer|me pr[ée]ciser)\b|"
    r"(?:petite |une |autre |derni[eè]re )?question(?: b[eê]te| idiote| con)? ?:)",
    re.IGNORECASE,
)
# "combien" or its SMS form "cb" anywhere in the clause asks an amount ("le salaire c'est
# cb", "ca paye cb une AES", "on gagne combien"); "par cb" is a way of paying.
ENDS_QUESTION = re.compile(
    rf"{C_EST} (?:quoi|koi|comment)|\ben (?:quoi|koi)\Z|"
    r"\bcombien\b|(?<!par )\bcb\b|(?:ca|ça) se passe comment|"
    # "ça commence à quelle heure", "ça finit quand": when, asked at the clause's end
    r"\b(?:a|à) quelle heure\b|\b(?:commence|finit|termine|d[ée]bute)\w{0,3} quand\Z",
    re.IGNORECASE,
)
# an interrogative right after a verb of need or being asks in place, as people say it
# ("faut quel diplôme pour…", "je dois avoir quel niveau", "c'est quand", "c'est où") —
# searched in the clause's first words, where the question's verb stands
_IN_PLACE = re.compile(
    r"\b(?:faut|faudrait|dois|doit|devrais|avoir|c'?est|cest|c est) "
    r"(?:quel(?:le)?s?|quand|où|ou(?! pas\b| bien\b| non\b)|qui)\b",
    re.IGNORECASE,
)


# A yes/no question typed without its "?" asks whether something is possible or needed
# under a condition: a modal opens the clause ("on peut", "je peux", "faut", "il faut",
# "est-il possible", "c'est possible") and a condition follows in it ("sans le permis",
# "à 55 ans", "pour être AES", "si je n'ai pas le bac"). A modal alone opens answers too
# ("je peux prendre le bus", "il faut que je voie"), and so do conditions that only
# qualify an answer ("sans souci", "si besoin"): neither is read as a question.
# Folded text; anchored at the clause's start like _OPENS_QUESTION.
_MODAL_OPENS = re.compile(
    r"\A\s*+(?:est[- ]ce qu'?\s?)?(?:"
    r"(?:on|je|tu|vous) (?:peu[tx]|pourrai[st]?|pourrait|pouvez|pourriez|doi[st]|devrai[st]?)"
    r"|jpeu[tx]?|jdoi[st]?"
    r"|peut[- ]on|pourrait[- ]on|doit[- ]on|faut[- ]il|faudrait[- ]il|(?:il )?fau(?:t|drait)"
    r"|est[- ]il possible|(?:c'?est|c) possible|(?:y a|ya|il y a)[- ]t[- ]il besoin"
    r"|(?:il y a |y a |ya )?besoin)\b(?! pas\b| plus\b| jamais\b| que\b| qu')",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:sans(?! (?:souci|soucis|probleme|problemes|difficulte|attendre|aucun probleme)\b)"
    r"|si(?! (?:besoin|necessaire|possible|il faut|vous voulez)\b)"
    r"|pour (?:etre|devenir|faire|commencer|travailler|bosser|postuler|entrer|exercer)"
    r"|(?:a|des|apres) (?:\d{2} ans|plus de \d{2}|mon age)"
    r"|a partir de \d{2}|quand on (?:a|est|n'a)|meme (?:sans|si|a|avec))\b",
    re.IGNORECASE,
)


def asks_if_possible(clause: str) -> bool:
    """The clause asks, without its "?", whether something is possible or needed under a
    condition ("je peux travailler sans le permis", "faut un diplome pour etre ASH")."""
    folded = fold(clause[:200])
    return bool(_MODAL_OPENS.match(folded)) and bool(_CONDITION.search(folded))


def without_closing(text: str) -> str:
    """The message without the thanks, emoji and marks that close it ("ça se passe
    comment ? merci beaucoup 😊" -> "ça se passe comment ?"); at most 300 characters.
    The closing words are politeness.py's, the ones the processor reads around a core."""
    body = text[:300]
    return body[: closing_start(body)].rstrip(" \t\n,.!;:-")


def asks(text: str) -> bool:
    """The message asks a question, with or without its "?"."""
    return question_end(text) is not None


def question_end(text: str) -> int | None:
    """Where the message's question ends: its last "?", or for a question typed without
    one, the end of the message; None when it asks nothing."""
    if is_payload(text):
        return None
    end = text.rfind("?")
    if end >= 0:
        return end
    body = without_closing(text)
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(body)]
    clause = body[breaks[-1] if breaks else 0 :]
    if (
        _OPENS_QUESTION.match(clause)
        or ENDS_QUESTION.search(clause[-40:])
        or _IN_PLACE.search(clause[:60])
        or asks_if_possible(clause)
    ):
        return len(body)
    return None


def question_start(text: str) -> int | None:
    """The offset where the message's question begins, None without a question."""
    end = question_end(text)
    if end is None:
        return None
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, end)]
    return breaks[-1] if breaks else 0
