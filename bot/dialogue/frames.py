"""The frame a person puts around what they say: a discourse opener before it ("Pour
être honnête, oui", "À vrai dire, ...", "Je m'explique : ...") and a remark about the
message itself after it ("... Excusez-moi si c'est mal dit.", "... Merci de votre
patience.", "... Mon assistante sociale m'a conseillé de vous contacter."). The
frame says nothing to the question asked, and hides the answer from readers that
look at the start of a message (a yes, a choice, a number) or at its end (a question
mark): the dialogue reads the core (`framed_core`).

Openers that carry meaning are not frames: "en fait", "finalement", "plutôt" correct
what was said; "non", "oui" answer.
"""

from __future__ import annotations

import re

from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["framed_core"]

MAX_CHARS = 400
#: a core shorter than this (alphanumeric characters) is no message of its own
MIN_CORE = 1

# a discourse opener at the start (folded text; alternatives of fixed words, one run)
_OPENER = re.compile(
    r"^\s{0,3}(?:(?:madame|monsieur|mesdames|messieurs|chere madame|cher monsieur)[\s,.]{1,3}){0,2}"
    r"(?:(?:bon|alors|eh bien|ben|bah|donc)[\s,.]{1,3})?"
    r"(?:pour tout vous dire|pour tout dire|a vrai dire|a dire vrai"
    r"|pour etre (?:honnete|franc|franche)|honnetement|franchement|sincerement"
    r"|je vous explique(?: ma situation)?|je m'?explique"
    r"|comment dire|je vais etre (?:honnete|franc|franche)|si je peux me permettre"
    r"|c'?est (?:un peu |assez |tres )?(?:complique|long) (?:mais|a expliquer)"
    r"|(?:je vous )?(?:avoue|confie) que)"
    r"[\s,.:;!]{1,4}(?:(?:mais|alors|donc|bon)[\s,.]{1,3})?"
)
# a remark about the message itself, to its end: an apology for it, a doubt whether it
# answers, a thanks for reading it, who sent the person here (folded text, bounded)
_REMARK = re.compile(
    r"[\s,.;!?]{1,4}(?:(?:je suis )?desolee?s?|excusez[- ]moi|pardon|je m'?excuse)"
    r" (?:si|pour|de) [^?,;]{0,80}$"
    r"|[\s,.;!?]{1,4}(?:je ne sais|je sais|j'?sais|jsp|je ne suis) pas (?:trop |bien )?(?:si|sure?)"
    r" (?:c'?est|ca|je|j'?ai|que)[^?,;]{0,80}$"
    r"|[\s,.;!?]{1,4}merci (?:de|pour) (?:me lire|m'?avoir lue?|prendre le temps|votre"
    r" (?:aide|patience|temps|lecture|reponse|comprehension))[^?,;]{0,60}$"
    r"|[\s,.;!?]{1,4}(?:ma|mon) (?:conseill\w{1,4}|assistante? sociale?|referente?|educat\w{1,5}"
    r"|mission locale|agence) m'?a (?:dit|conseille|propose|demande) de vous"
    r" (?:ecrire|contacter|envoyer)[^?,;]{0,40}$"
    r"|[\s,.;!?]{1,4}j'?espere (?:que c'?est|etre) (?:clair|claire|comprehensible)[^?,;]{0,20}$"
    r"|[\s,.;!?]{1,4}voila(?: tout)?[\s.!]{0,3}$"
    # a letter's closing and signature: "Respectueusement.", "Bien cordialement,\nMme Roux"
    r"|[\s,.;!]{1,4}(?:respectueusement|bien a vous|(?:sinceres |meilleures )?salutations"
    r"(?: distinguees)?|(?:bien |tres )?cordialement)(?:[\s,.]{1,4}[^\s?,;.]{1,20}"
    r"(?: [^\s?,;.]{1,20}){0,2})?[\s.!]{0,3}$"
)


def framed_core(text: str) -> str | None:
    """What the message says inside its frame, when it has one (None otherwise, and
    for a payload or a message that would be left empty)."""
    if len(text) > MAX_CHARS or is_payload(text):
        return None
    folded = fold(text)
    if len(folded) != len(text):  # "œ" folds to two letters: offsets would not match
        return None
    start, end = 0, len(text)
    opener = _OPENER.match(folded)
    if opener:
        start = opener.end()
    while (remark := _REMARK.search(folded, start, end)) is not None and remark.start() > start:
        end = remark.start()
        mark = remark.group(0).find("?")
        if mark >= 0:  # the question mark before the remark stays with the question
            end += mark + 1
            break
    if (start, end) == (0, len(text)):
        return None
    core = text[start:end].strip()
    return core if sum(c.isalnum() for c in core) > MIN_CORE else None
