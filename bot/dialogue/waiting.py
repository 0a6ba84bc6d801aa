"""While a counsellor is awaited: a question about the wait itself ("c'est long ?",
"il arrive quand le conseiller ?", "toujours personne ?") is answered with when a
counsellor will answer, not read as a question for the knowledge base or the bot."""

from __future__ import annotations

import re

from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["asks_about_the_wait"]

# folded text; each alternative bounded (no nested quantifiers)
_ABOUT_THE_WAIT = re.compile(
    r"^(?:et\s{1,3})?(?:c'?est|ca\s{1,3}va\s{1,3}etre|ca\s{1,3}(?:prend|sera)|(?:il\s{1,3})?faut"
    r"\s{1,3}attendre|encore)\s{1,3}(?:tres\s{1,3}|trop\s{1,3})?(?:long|longtemps)\s{0,3}[?!.]{0,4}$"
    r"|\b(?:conseill\w{0,6}|quelqu'?un|il|elle)\s{1,3}(?:me\s{1,3})?"
    r"(?:arrive|repond|va\s{1,3}(?:me\s{1,3})?repondre|rappelle)"  # "il arrive quand ?"
    r"|\btoujours\s{1,3}(?:rien|personne|pas\s{1,3}de\s{1,3}reponse)"  # "toujours rien ?"
    r"|\b(?:combien\s{1,3}de\s{1,3}temps|quand)\b.{0,30}\b(?:attendre|repon|conseill)"
    r"|\b(?:je\s{1,3}dois|faut|il\s{1,3}faut)\s{1,3}attendre\b"
)


def asks_about_the_wait(text: str) -> bool:
    """The message asks how long the wait for a counsellor will be."""
    if is_payload(text) or len(text) > 120:
        return False
    return bool(_ABOUT_THE_WAIT.search(fold(text).strip()))
