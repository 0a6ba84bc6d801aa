"""How many children a message says the person has: the NLU's counts, a count corrected
in the same breath ("2 enfants, enfin 3"), children counted apart ("un garçon et une
fille"), and a bare answer to the children question ("oui un", "aucun", "2")."""

from __future__ import annotations

import itertools
import re
from typing import Any

from bot.dialogue.content import FormSlot
from bot.dialogue.denials import recount
from bot.dialogue.place_words import FILLER
from bot.dialogue.questions import asks
from nlu import NUMBER_WORDS
from vocab.text import fold

__all__ = ["count_children"]

# "aucun" answers "how many children?"; the NLU's words need their context.
_NUMBER_WORDS = {**NUMBER_WORDS, "aucun": 0}
_COUNT = re.compile(r"(?<!\+)\b(\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit)\b")
#: "un"/"une" before a word that is no child's: an article ("un bac pro"), no count
_ARTICLE = re.compile(
    r"\bune? (?!(?:petite?|garcon|fille|fils|enfant|bebe|ado|seule?|gamine?|gosse|loulou)s?\b)"
    r"(?=[a-z])"
)
#: a child's age beside the count ("une fille de 4 ans"): no count
_AGE = re.compile(r"\b\d{1,2} (?:ans|mois)\b")
#: what someone else has ("c'est ma soeur qui en a une", "elle en a deux"): not the
#: person's children, whatever the count (folded text, bounded)
_THEIRS = re.compile(
    r"\b(?:qui|elle|il|ils|elles|lui|eux) (?:en )?(?:a|ont|avai[st]|avaient)\b[^,;.!?]{0,20}"
)
_CLAUSE_END = re.compile(r"[,;!?]| et ")
#: words that open a new clause after a count said alone ("zero jai un BTS")
_CLAUSE_OPENERS = frozenset(
    {"j'ai", "jai", "je", "j", "et", "mais", "sinon", "par", "pour", "moi", "mon", "ma", "mes"}
    | {"le", "la", "les", "aussi", "enfant", "enfants", "gosse", "gosses", "merci", "pas"}
)
#: what joins children counted apart: "un garçon et une fille", "2 filles, 1 garçon",
#: each child's age between ("une fille de 12 ans et un garçon de 9")
_AND = re.compile(
    r"(?:\s{1,3}de\s{1,3}\d{1,2}(?:\s{1,3}(?:ans|mois))?)?"
    r"\s{0,3}(?:,|et|\+|plus)\s{0,3}(?:puis\s{1,3})?"
)
#: one child named as one's own, to the children question ("mon fils de 10 ans", "ma
#: petite et mon grand"): each one counts (folded text)
_MINE = re.compile(
    r"\b(?:mon|ma) (?:petite? |grande? )?"
    r"(?:fils|fille|garcon|enfant|bebe|ado|loulou|petite?|grande?)\b"
)


def count_children(said: list[dict[str, Any]], text: str, requested: FormSlot | None) -> int | None:
    """The count of children the message states (``said``: the NLU's children
    entities), None when it states none."""
    found = [_int(e.get("value")) for e in said]
    if said and (again := recount(text, int(said[-1].get("end") or 0))):
        found.append(_int(again))  # "2 enfants, enfin 3": the last count said
    elif len(said) > 1 and all(c for c in found) and _apart(text, said):
        found = [sum(c or 0 for c in found)]  # "un garçon et une fille": 2
    if not found and requested and requested.slot == "children":
        # the whole answer, else its first clause ("aucun, bac pro assp": the count first)
        first = _CLAUSE_END.split(text[:200], maxsplit=1)[0]
        read = [_int(FILLER.sub("", fold(t).strip()).rstrip(".!")) for t in (text, first)]
        read.append(_leading_count(text))  # "zero jai un BTS": the count, then another fact
        found = [next((c for c in read if c is not None), None)]
        answered = any(re.search(p, fold(text)) for p in requested.words.values())
        if found == [None] and not asks(text) and not answered:  # "oui un", "oui 2"
            # "un petit de 3 ans": 1; "un bac pro": an article, no count
            mine = _THEIRS.sub(" ", _AGE.sub(" ", fold(text)[:80]))
            words = _COUNT.findall(_ARTICLE.sub(" ", mine))
            found = [_int(words[0])] if len(words) == 1 else []
            if not words and (own := _MINE.findall(mine)):
                found = [len(own)]  # "mon fils de 10 ans": 1
    counts = [c for c in found if c is not None]
    return counts[-1] if counts else None


def _leading_count(text: str) -> int | None:
    """The count a message opens with, another fact after it ("zero jai un BTS", "aucun
    j'ai le bac", "2 j'ai aussi le permis"); "un"/"une" open a noun ("un BTS"), not a count."""
    words = FILLER.sub("", fold(text[:80]).strip()).split(maxsplit=2)
    if not words or words[0] in ("un", "une"):
        return None
    count = words[0].rstrip(".,!;")
    # the count stands alone before a new clause: "aucun diplome", "3 ans" count other things
    if len(words) > 1 and count == words[0] and words[1] not in _CLAUSE_OPENERS:
        return None
    return _int(count)


def _apart(text: str, said: list[dict[str, Any]]) -> bool:
    """The children entities name different children one after the other ("un garçon et
    une fille"), none of them all the children ("2 enfants dont une fille")."""
    words = [fold(text[int(e.get("start") or 0) : int(e.get("end") or 0)][:40]) for e in said]
    return (
        len(set(words)) == len(words)
        and all("enfant" not in word for word in words)
        and all(
            _AND.fullmatch(fold(text[int(a.get("end") or 0) : int(b.get("start") or 0)][:20]))
            for a, b in itertools.pairwise(said)
        )
    )


def _int(value: Any) -> int | None:
    text = fold(str(value).strip())
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)
