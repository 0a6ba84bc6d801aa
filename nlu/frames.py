"""A request to be told about something is a question, whatever the something.

"parlez-moi de l'apprentissage", "dites-m'en plus sur le CAP", "pouvez-vous me présenter
la formation", "je voudrais des infos sur la VAE": the frame words ("parler", "dire",
"présenter", "infos") are, to a classifier and to a sentence encoder, the neighbours of
"je veux parler à quelqu'un", of a greeting or of a request to act. The intent views read
such a frame as the plain question it asks: "c'est quoi l'apprentissage". Only the
classifier's views are rewritten (both at training and at parsing, so they agree); the
entities and the retrieval embedding keep the message as written. Nothing here is tied to
an intent name or to our data: another platform's nlu.yml gets the same reading.
"""

from __future__ import annotations

import re

from nlu.text import clean_for_classifier, clean_for_embedding

__all__ = ["FRAME_WORDS", "classifier_view", "encoder_view", "reframe", "with_where"]

#: the frames' words, for the speller to know whatever the training data says: a typo in
#: one ("renseigenz-moi", "inforez-moi") would hide the frame
FRAME_WORDS = (
    "parle parlez parler dites explique expliquez expliquer renseigne renseignez renseigner "
    "informe informez informer présente présentez présenter raconte racontez raconter "
    "détaille détaillez détailler pouvez pourriez pourrais infos informations "
    "renseignements précisions explications savoir voudrais aimerais souhaiterais"
)
_APOS = "['\u2019]"
_ME = rf"(?:[\s-]+(?:moi|nous)|[\s-]+m{_APOS}\s*en|[\s-]+nous[\s-]+en)"
_TELL = r"(?:parle|explique|renseigne|informe|pr[eé]sente|raconte|d[eé]taille)"
_TELL_INF = r"(?:parler|expliquer|renseigner|informer|pr[eé]senter|raconter|d[eé]tailler)"
_CAN = (
    r"(?:(?:est[\s-]ce\s+qu[e'\u2019]\s*)?(?:vous|tu)\s+(?:pouvez|pourriez|peux|pourrais)"
    r"|pouvez[\s-]vous|pourriez[\s-]vous|peux[\s-]tu|pourrais[\s-]tu)"
)
_NOUN = r"(?:infos?|informations?|renseignements?|pr[eé]cisions|explications|d[eé]tails)"
_WANT = (
    r"(?:veux|voudrais|voudrai|souhaite|souhaiterais|aimerais|aimerai|cherche|recherche)"
    r"(?:\s+bien)?"
)
_FRAME = (
    rf"(?:{_TELL}(?:z|s)?{_ME}"  # parlez-moi, explique moi, dites-m'en
    rf"|(?:dites|dis){_ME}\s+(?:un\s+peu\s+)?plus"  # dites-m'en plus
    rf"|(?:dites|dis)[\s-]+(?:moi|nous)(?=\s+(?:sur|[aà]\s+propos)\b)"
    rf"|{_CAN}\s+(?:me\s+|m{_APOS}\s*|nous\s+)(?:{_TELL_INF}|dire\s+(?:un\s+peu\s+)?plus)"
    rf"|(?:je\s+|j{_APOS}\s*)?{_WANT}\s+(?:en\s+savoir\s+(?:un\s+peu\s+)?plus|me\s+renseigner|m{_APOS}\s*informer"
    rf"|(?:avoir\s+|recevoir\s+)?(?:des\s+|plus\s+d{_APOS}\s*|quelques\s+){_NOUN})"
    rf"|^\s*(?:des\s+|plus\s+d{_APOS}\s*)?{_NOUN}(?=\s+(?:sur|concernant|[aà]\s+propos)\b)"
    rf"|^\s*en\s+savoir\s+plus)"
)
# what follows the frame; the article the question keeps ("du DEAES" → "le DEAES")
_DE = rf"(?P<de>de\s+la|de\s+l{_APOS}|du|des|de|d{_APOS})"
_INTRO = (
    rf"(?:(?:(?:au\s+sujet|[aà]\s+propos)\s+)?{_DE}|(?P<article>les|le|la|l{_APOS})"
    rf"|sur|concernant|ce\s+qu{_APOS}\s*est|en\s+quoi\s+consiste)(?:(?<={_APOS})|\b)"
)
# the assistant itself, a joke or a story: not a subject the frame asks about
_NOT_A_SUBJECT = (
    r"(?!\s*(?:vous|toi|moi|nous|votre|vos|ton|tes|ta|ça|ca|cela|ceci|blagues?|histoires?)\b)"
)
_REQUEST = re.compile(
    rf"\b{_FRAME}(?:\s+(?:un\s+peu|plus|davantage|svp))?\s+{_INTRO}{_NOT_A_SUBJECT}",
    re.IGNORECASE,
)
_ARTICLE_OF_DE = {"du": "le ", "des": "les ", "de la": "la ", "de l'": "l'"}


def _question(match: re.Match[str]) -> str:
    """The question a request to be told asks: "c'est quoi " and the subject's article."""
    article = match.group("article")
    if article:
        return "c'est quoi " + (article if article[-1] in "'\u2019" else article + " ")
    de = match.group("de")
    if de:
        return "c'est quoi " + _ARTICLE_OF_DE.get(
            " ".join(de.lower().replace("\u2019", "'").split()), ""
        )
    return "c'est quoi "


def reframe(text: str) -> str:
    """``text`` with its first request to be told read as a question ("parle moi du
    DEAES" → "c'est quoi le DEAES"); any other text unchanged."""
    question, found = _REQUEST.subn(_question, text, count=1)
    return " ".join(question.split()) if found else text


# "ou" written without its accent where only "où" can stand: a message's last word or
# before its question mark ("c'est ou ?"), its first word ("ou est la salle"; not "ou
# alors", "ou bien"), after "d'" or "par" ("par ou passer")
_WHERE = re.compile(
    r"\bou(?=\s*(?:[?!.]|$)|\s+(?:exactement|pr[eé]cis[eé]ment|svp|stp|s'il|donc)\b)"
    rf"|^\s*ou(?=\s+(?!alors\b|bien\b|pas\b|non\b|plus\b|sinon\b)\w)"
    rf"|(?<=\bd{_APOS})ou\b|(?<=\bpar )ou\b",
    re.IGNORECASE,
)


def with_where(text: str) -> str:
    """``text`` with the interrogative "où" its writer left unaccented ("vous etes ou ?"):
    the sentence encoder reads "ou" as "or" and the question as a yes/no one."""
    return _WHERE.sub(lambda m: "Où" if m.group(0)[0] == "O" else "où", text)


def classifier_view(text: str, max_chars: int = 1000) -> str:
    """The lexical features' view of a message (:func:`clean_for_classifier`, reframed)."""
    return reframe(clean_for_classifier(text, max_chars))


def encoder_view(text: str, max_chars: int = 1000) -> str:
    """The sentence encoder's view of a message for the intent (:func:`clean_for_embedding`,
    with "où" and reframed)."""
    return reframe(with_where(clean_for_embedding(text, max_chars)))
