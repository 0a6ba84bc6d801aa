"""Facts said in passing, for or against: a place named to be denied ("c'est Liévin
pas Lens", "31200 et non 31000"), a diploma said beside a job ("aide-soignante
diplômée", but not "pas diplômée")."""

from __future__ import annotations

import re
from typing import Any

from vocab.text import fold

__all__ = [
    "JOB_DIPLOMAS",
    "after_self_correction",
    "beside_denial",
    "job_diploma",
    "recount",
    "split_denied",
    "withdrawn",
]

#: the diploma of a job, for "aide-soignante diplômée" (jobs whose diploma the profile names)
JOB_DIPLOMAS = {"aide_soignant": "deas", "aes": "deaes", "advf": "titre_advf"}
# "diplômée", "diplômé d'État" beside a job; "pas diplômée", "non diplômé" are no diploma
_QUALIFIED = re.compile(r"(?<![a-z])(?<!pas )(?<!non )dipl[oô]m[ée]e?s?(?![a-z])")
_NEGATION_BEFORE = re.compile(r"\b(?:sans|pas|non|aucun)\W+(?:de |d')?dipl[oô]m")
# the diploma wished for, in the same clause: "devenir", "je voudrais", "ce serait"
_WISHED = re.compile(
    r"\b(?:devenir|voudrais|voudrai|aimerais|aimerai|souhaite\w{0,4}|veux|serait|envie|"
    r"projet|objectif|formation|former)\b"
)
# A place named only to be denied: "Liévin, pas Lens", "31200 et non 31000", "pas à
# Lens mais à Liévin". The words just before it (bounded: a few characters, no nesting);
# "pas loin de Douai" is a place ("loin de" stands between).
_DENIED = re.compile(
    r"(?:\bpas|\bet non|\bnon pas|\bau lieu de|\bplutot que|\bet pas|\bmais pas)"
    r"(?:\s+(?:a|au|en|sur|de|du|dans le|dans la|le|la|c'?est))?\s*$"
)
_CLAUSES = re.compile(r"[,;.!?]")
_BUT = re.compile(r"^\s*(?:,\s*)?(?:mais|plutot|plutôt|c'?est)?\s*", re.IGNORECASE)
# a joiner ending a side; matched on stripped text (no \s* scanning: linear)
_JOIN = re.compile(r"(?:,|\bet|\bmais)$", re.IGNORECASE)
#: a commune is looked up in a short answer only: the words beside a denial, this long
BESIDE = 120


def _drop_join(side: str) -> str:
    """The side without the spaces around it nor a last ',' / 'et' / 'mais'."""
    side = side.strip()
    joiner = _JOIN.search(side)
    return side[: joiner.start()].rstrip() if joiner else side


def job_diploma(text: str, jobs: set[str]) -> dict[str, list[dict[str, Any]]]:
    """ "Aide-soignante diplômée depuis 2009": the job's diploma entity, when the message
    says the person holds a diploma and names one job (canonical values) with its own."""
    folded = fold(text[:300])
    qualified = _QUALIFIED.search(folded)
    if len(jobs) != 1 or not qualified or _NEGATION_BEFORE.search(folded):
        return {}
    clause = re.split(r"[,;.!?]", folded[: qualified.start()])[-1]
    if _WISHED.search(clause):
        return {}  # "je voudrais devenir aide-soignante diplômée": wanted, not held
    diploma = JOB_DIPLOMAS.get(next(iter(jobs)))
    if diploma is None:
        return {}
    return {"diploma": [{"entity": "diploma", "value": diploma, "extractor": "qualified"}]}


def split_denied(
    text: str, entities: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """The place entities the message does not deny, and where the denied ones are
    (from their denying word to their end)."""
    kept, denied = [], []
    for entity in entities:
        start = int(entity.get("start") or 0)
        match = _DENIED.search(fold(text[max(0, start - 16) : start]))
        if match is None:
            kept.append(entity)
        else:
            denied.append((max(0, start - 16) + match.start(), int(entity.get("end") or start)))
    return kept, denied


def beside_denial(text: str, denied: list[tuple[int, int]]) -> list[str]:
    """The words just before the denial ("c'est Cambrai et pas Douai") and just after
    it ("pas Douai mais Cambrai"), where the other place is named."""
    before, after = text[: denied[0][0]][-BESIDE:], text[denied[-1][1] :][:BESIDE]
    sides = [_drop_join(side) for side in (_CLAUSES.split(before)[-1], _BUT.sub("", after))]
    return [side for side in sides if side]


# A correction inside the message: "à Massy, non je me trompe, Morlaix", "Lens enfin non Arras",
# "Lille, en fait non à Roubaix" (alternatives tried in order: the longer first)
_SELF_CORRECTION = re.compile(
    r"\b(?:je me trompe|je me suis tromp[eé]e?|je veux dire|enfin non|euh non|non pardon|"
    r"ou plut[oô]t|pardon|en fait non|non en fait|en fait|finalement|ah non|oups|"
    r"je rectifie|je corrige|rectification)\b[\s,.:!]*",
    re.IGNORECASE,
)


def after_self_correction(
    text: str, entities: list[dict[str, Any]]
) -> str | list[dict[str, Any]] | None:
    """After a correction inside the message: the places named after it when the NLU
    found some there ("Massy, non je me trompe, Morlaix"), else the words after it
    (where the place meant is written); None without a correction after a place."""
    last = None
    for match in _SELF_CORRECTION.finditer(text[:300]):
        last = match
    if last is None or not entities:
        return None
    later = [e for e in entities if int(e.get("start") or 0) >= last.start()]
    if later:  # a place named after the correction: the NLU found it
        return later if len(later) < len(entities) else None
    after = _BUT.sub("", text[last.end() :][:BESIDE])
    return _drop_join(after) or None


# A fact taken back right after it is said: "j'ai le permis, enfin non", "une voiture...
# euh non pardon" (folded text just after the fact; bounded, no nesting)
_TAKEN_BACK = re.compile(
    r"^[\s,.!]{0,6}(?:enfin|euh|ah|oh|en fait|ou plutot)?[\s,.!]{0,3}"
    r"(?:non|nan|pardon|je me trompe|je me suis trompee?)\b(?! plus\b)"
)
# A count corrected right after it: "2 enfants, enfin 3", "deux... non pardon trois" (folded)
_RECOUNT = re.compile(
    r"^[\s,.!]{0,6}(?:(?:enfin|non|pardon|euh|en fait|plutot|ou|je veux dire|oups)"
    r"[\s,.!]{1,6}){1,3}(\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit)\b"
    r"(?![\s,.]{0,3}(?:ans?|mois)\b)"
)


def withdrawn(text: str, end: int) -> bool:
    """The fact said just before ``end`` is taken back ("j'ai le permis, enfin non je
    l'ai pas"): neither it nor its opposite may be stored without asking."""
    return bool(_TAKEN_BACK.match(fold(text[end : end + 40])))


def recount(text: str, end: int) -> str | None:
    """The count that corrects the one said just before ``end`` ("2 enfants, enfin 3")."""
    found = _RECOUNT.match(fold(text[end : end + 60]))
    return found.group(1) if found else None
