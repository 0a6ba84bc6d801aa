"""A message that asks two things: its question clauses.

"c'est quoi le salaire d'une AES et la formation dure combien ?" asks about pay and
about training; the knowledge base, searching the whole message, finds one fiche and
drops the other question. The message is cut at question marks, semicolons and the
linking words (et, mais, aussi, puis; not the "et" of "entre X et Y"); a clause
is a question when a question mark ends it or it holds a question word ("qui", "où"
only at its start: inside, they are relatives). Two question
clauses or more make the message a candidate for two fiches (the caller keeps them
only when both are answered with confidence, by different fiches).
"""

from __future__ import annotations

import re

__all__ = ["MAX_CLAUSES", "MIN_WORDS", "question_clauses"]

MAX_CLAUSES = 3
MIN_WORDS = 2
MAX_CHARS = 600  # longer messages are not cut (a story, not two questions)

# One cut: a run of question marks, a semicolon, or a linking word (alternatives that
# cannot overlap; the run is bounded).
_CUT = re.compile(r"(\?{1,5}|;|\b(?:et|mais|aussi|puis)\b)", re.IGNORECASE)
_QUESTION_WORD = re.compile(
    r"\b(?:combien|comment|quoi|koi|quel|quels|quelle|quelles|quand|pourquoi"
    r"|est-ce|cb|faut-il|peut-on|puis-je|dois-je|ya-t-il|y a-t-il|c'est quoi)\b",
    re.IGNORECASE,
)
# "qui" and "où" ask only at a clause's start; inside it they are relatives ("c'est moi
# qui les garde", "la ville où j'habite"), and "ou" unaccented is mostly "or"
_LEADING_QUESTION_WORD = re.compile(r"^(?:qui|ou|où)\b", re.IGNORECASE)
_WORD = re.compile(r"\w{1,40}")
# "la différence entre AES et auxiliaire de vie": one question about two things, its
# "et" is no cut (bounded, lazy, no nesting)
_BETWEEN = re.compile(r"\b(entre [^?;,]{1,40}?) (et)\b", re.IGNORECASE)


def question_clauses(text: str) -> list[str]:
    """The question clauses of `text` (at most MAX_CLAUSES), each with its question mark
    if it had one; [] when the message holds fewer than two."""
    if len(text) > MAX_CHARS:
        return []
    pieces = _CUT.split(_BETWEEN.sub(r"\1 &", text))
    clauses: list[str] = []
    for index in range(0, len(pieces), 2):
        clause = pieces[index].strip(" ,.!\n\t").replace(" &", " et")
        cut = pieces[index + 1] if index + 1 < len(pieces) else ""
        asked = cut.startswith("?")
        if len(_WORD.findall(clause)) < MIN_WORDS:
            continue
        if asked or _QUESTION_WORD.search(clause) or _LEADING_QUESTION_WORD.match(clause):
            clauses.append(clause + (" ?" if asked else ""))
    return clauses[:MAX_CLAUSES] if len(clauses) >= 2 else []
