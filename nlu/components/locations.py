"""Helpers on communes and départements shared by the gazetteer and the evaluation."""

from __future__ import annotations

import re
from typing import Any

from nlu.geo import Commune, Communes
from nlu.text import fold_key
from vocab.departements import DEPARTEMENTS

__all__ = [
    "DEPARTEMENT_CUE",
    "DEPARTEMENT_NUMBER",
    "PLACE_CUE",
    "POPULOUS",
    "STRONG_CUE",
    "WEAK_CUE",
    "article_of_departement",
    "departement_names",
    "departements_named",
    "in_departement_named",
    "location_extra",
    "means_departement",
    "places_populous",
    "populous_names",
    "street_words",
]

# words before a commune's name (folded text): a strong cue makes even an ordinary word
# a place ("j'habite Vivre"), a weak one needs more evidence
STRONG_CUE = re.compile(
    r"(?:\bj'?\s?habite|\bhabite|\bhabitons|\bhabitez|\bje\s+vis|\bvit|\bvivons|\bjsuis|\bsuis|\breside|"
    r"\bresidant|\bdomicilie|\bdomiciliee|\boriginaire|\bvenant|\bville\s+de|\bcommune\s+de|"
    r"\bsecteur(?:\s+de)?|\bregion\s+de|\bcp|\bcode\s+postal|\bbase\s+[a-z]+|\bbasee?)"
    r"(?:\s+(?:a|au|sur|de|d'|vers|pres\s+de|en|dans|la|le|les))?\s*$"
)
# "sur valence", "à nantes": a preposition that places, with no article after it
PLACE_CUE = re.compile(r"\b(?:a|sur|vers|pres\s+de|proche\s+de|autour\s+de|cote\s+de|secteur)\s*$")
# a correction or "c'est" (SMS: "c") just before a big town's name that ends the message:
# "oups non, nantes", "en fait c'est nantes", "moi c saint-denis" (folded text)
_SAID_AT_END = re.compile(
    r"\b(?:c'?est|cest|c|plutot|en fait|finalement|dire|pardon|oups|non)[\s,.!:]{0,4}$"
)
_MESSAGE_END = re.compile(r"[\s.!?]{0,12}")
# "de" with the article contracted ("du Havre", "près des Mureaux") places as "de" does
WEAK_CUE = re.compile(
    r"\b(?:a|au|aux|sur|vers|pres\s+de|proche\s+de|cote\s+de|a\s+cote\s+de|dans|autour\s+de|"
    r"environs\s+de|de|d'|du|des|en|sur|a\s+la|a\s+l'|pour|vers\s+la|region)\s*$"
)
# a town this big is meant by its name after "sur"/"à" even in lower case ("sur valence")
POPULOUS = 20_000
_ARTICLES = frozenset({"l", "le", "la", "les"})

# a département by its number: "dans le 29", "ds le 26", "dept 33", "secteur 91", "je
# suis du 44", "on est du 974" (folded text); not an age, a distance, a time nor a date
# ("c'est du 12 au 15", "je suis du 3 mars")
DEPARTEMENT_NUMBER = re.compile(
    r"\b(?:(?:dans|ds)\s+le|departement(?:\s+du)?|dept|dpt|dep|secteur|"
    r"(?:j?suis|sui|sommes|est|habite|vis|vit|viens|vient|originaire)\s+du)\s*(\d{2,3}|2a|2b)\b"
    r"(?!\s*(?:ans?|km|mn|min|h\b|heures?|au\b|/|-\s?\d|[.,]?\d|et\s+\d|janv|fev|mars|avr|mai\b|"
    r"juin|juil|aout|sept|oct|nov|dec))"
)
# a département's number in brackets right after a word: "quimper (29)" (folded text);
# it settles a name beside it but is no place on its own ("un fils (12)")
DEPARTEMENT_BRACKETED = re.compile(r"[a-z]\s?\((\d{2,3}|2a|2b)\)")
# words before a name that make it a département: "en Gironde", "dans la Drôme", "dans
# l'Ain" (or "dans l ain", the apostrophe left out as SMS do), "département du Nord" ("à
# Vienne" is the town, "dans la Vienne" the département)
DEPARTEMENT_CUE = re.compile(
    r"(?:\ben|\bdans\s+(?:le|la|les|l'?)|\bdepartement\s+(?:du|de\s+la|de\s+l'?|des|de)|"
    r"\bdept|\bdpt)\s*$"
)


def departement_names() -> dict[str, str]:
    """Folded département name → code ("finistere" → "29")."""
    names: dict[str, str] = {}
    for code, name in DEPARTEMENTS.items():
        names[fold_key(name)] = code
        if name.startswith("La "):
            names[fold_key(name[3:])] = code
    names.pop("paris", None)  # the commune answers for Paris
    return names


def location_extra(found: list[Commune], *, same_code: bool = False) -> dict[str, Any]:
    """The details a location entity carries: the best commune, candidates when ambiguous
    (an arrondissement is its city: :meth:`Commune.as_city`)."""
    found = [c.as_city() for c in found]
    best = found[0]
    extra: dict[str, Any] = {**best.as_dict(), "valid": True}
    extra["insee"] = best.insee
    if same_code and len(found) > 1:
        extra["commune"] = None
        extra["candidates"] = [c.as_dict() for c in found]
        return extra
    departements = {c.departement for c in found}
    if len(departements) > 1:
        extra["candidates"] = [c.as_dict() for c in found]
    return extra


def departements_named(text: str, words: list[str], names: dict[str, str]) -> set[str]:
    """The départements a message names ("Finistère", "dans le 29"), from its folded
    text and words: a commune of one of them named beside it needs no other evidence
    ("Quimper, Finistère")."""
    codes = {m.group(1).upper() for m in DEPARTEMENT_NUMBER.finditer(text)}
    codes |= {m.group(1).upper() for m in DEPARTEMENT_BRACKETED.finditer(text)}
    for i in range(len(words)):
        for n in range(1, min(4, len(words) - i) + 1):
            key = " ".join(words[i : i + n])
            if key in names:
                codes.add(names[key])
    return codes


def in_departement_named(
    communes: Communes, names: dict[str, str], key: str, mentioned: set[str]
) -> bool:
    """A commune of that name is in one of the départements the message names, besides
    the one the name itself may be ("vienne ds le 38": Vienne, Isère, not the Vienne)."""
    others = mentioned - {names.get(key)}
    if not others or len(key) < 4:
        return False
    found, _alias = communes.lookup_key(key)
    return any(c.departement in others for c in found)


def means_departement(communes: Communes, names: dict[str, str], key: str, cue: bool) -> bool:
    """A département's name that is a commune's too: the département after "en" or
    "dans le", for an overseas one ("à la Réunion": not La Réunion, Lot-et-Garonne),
    and where the name is only a locality's ("Gironde": Gironde-sur-Dropt)."""
    code = names.get(key)
    if code is None:
        return False
    return cue or code.startswith("97") or communes.is_alias(key)


def places_populous(before: str, after: str) -> bool:
    """A big town's name that is a word too is the town after "sur"/"à" ("sur valence"),
    or named last after a correction or "c'est" ("oups non, nantes")."""
    if PLACE_CUE.search(before):
        return True
    return bool(_SAID_AT_END.search(before)) and bool(_MESSAGE_END.fullmatch(after))


def populous_names(communes: Communes, ambiguous: set[str], domain: set[str]) -> set[str]:
    """The names among ``ambiguous`` (made of ordinary words) of a town of ``POPULOUS``
    people or more, without an article ("La Garde" stays ambiguous: "la garde des
    enfants") and without a word of the ``domain`` ("Plaisir": "avec plaisir")."""
    return {
        key
        for key in ambiguous
        if key.split()[0] not in _ARTICLES
        and not domain.intersection(key.split())
        and _population(communes, key) >= POPULOUS
    }


def _population(communes: Communes, key: str) -> int:
    """The biggest population of the communes of that name (0 for a locality's name)."""
    found, alias = communes.lookup_key(key)
    return 0 if alias else max((c.population or 0 for c in found), default=0)


def article_of_departement(
    text: str, words: list[tuple[int, int, str]], i: int, n: int, names: dict[str, str]
) -> bool:
    """The name words[i:i+n] starts with the article of a département named after a
    département cue: "dans la Marne", "dans la Loire" (folded text, words with their
    offsets), not the communes La Marne (44) or La Loire."""
    if n < 2 or words[i][2] not in _ARTICLES:
        return False
    rest = " ".join(w for _, _, w in words[i + 1 : i + n])
    start = words[i + 1][0]
    return rest in names and bool(DEPARTEMENT_CUE.search(text[max(0, start - 30) : start]))


# a street's kind: the name after it is the street's, not a place ("rue de Paris",
# "avenue de Bordeaux", "12 bd Victor Hugo"); folded keys
_STREETS = frozenset(
    {
        *("rue", "ruelle", "avenue", "av", "bd", "boulevard", "route", "rte", "chemin"),
        *("impasse", "allee", "place", "quai", "cours", "square", "passage", "faubourg"),
        *("esplanade", "promenade", "residence", "lotissement"),
    }
)
# words that end a street's name: the place comes after them ("rue de Verdun à Poitiers")
_STREET_END = frozenset(
    {
        *("a", "au", "aux", "sur", "dans", "en", "pres", "vers", "pour", "et", "mais", "ou"),
        *("je", "j", "on", "chez", "cote", "proche", "donc", "car", "pas", "mon", "ma", "mes"),
    }
)
_STREET_MAX = 6  # words of a street's name
_BREAK = re.compile(r"[,.;:!?()\n]")


def street_words(text: str, words: list[tuple[int, int, str]]) -> set[int]:
    """The indices of the words of a street's kind and name ("rue de Paris à Nantes":
    rue, de, Paris), from the folded text and its words with their offsets: none of
    them is a place. A street word with no name after it stays a candidate ("à Rue")."""
    inside: set[int] = set()
    for i, (_, _, key) in enumerate(words):
        if key not in _STREETS or i in inside:
            continue
        j = i + 1
        while (
            j < len(words)
            and j - i <= _STREET_MAX
            and words[j][2] not in _STREET_END
            and not words[j][2].isdigit()
            and not _BREAK.search(text[words[j - 1][1] : words[j][0]])
        ):
            j += 1
        if j > i + 1:
            inside.update(range(i, j))
    return inside
