"""Job acronyms typed in lower case: "le métier d'as", "devenir aes", "as je pense".

The NLU matches short acronyms ("AS", "ASH") as written only, since "as" and
"ash" are words too ("tu as"); after words that name a job ("métier d'",
"devenir", "formation d'"), or alone in a short answer, a lower-case acronym is the
job all the same.
"""

from __future__ import annotations

import re
from typing import Any

from vocab.payloads import is_payload

__all__ = ["job_acronyms"]

_CODES = {"as": "aide_soignant", "aes": "aes", "ash": "ash", "advf": "advf", "tisf": "tisf"}
_ACRONYM = "|".join(_CODES)
# bounded: one job word, an optional "de/d'", one acronym
_AFTER_JOB_WORD = re.compile(
    r"\b(?:m[ée]tiers?|metier|formations?|travail|salaire|poste|emploi|devenir|[êe]tre|"
    rf"comme|en tant qu)\s?(?:d'|de |d |qu'|du )?\s?({_ACRONYM})\b",
    re.IGNORECASE,
)
# a short answer that is an acronym alone, hedged or not: "as je pense", "plutôt aes"
_ALONE = re.compile(
    rf"(?:plut[ôo]t |euh |bah |ben |alors )?({_ACRONYM})"
    r"(?: je pense| je crois| peut-[êe]tre| plut[ôo]t| svp| merci)?[\s.!]*",
    re.IGNORECASE,
)
MAX_CHARS = 400


def job_acronyms(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Job entities for lower-case acronyms after a job word that the NLU did not see."""
    if is_payload(text):
        return []
    taken = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in entities]
    found = []
    alone = _ALONE.fullmatch(text.strip()[:60])
    matches = [alone] if alone else list(_AFTER_JOB_WORD.finditer(text[:MAX_CHARS]))
    for match in matches:
        start, end = match.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        found.append(
            {
                "entity": "job",
                "value": _CODES[match[1].lower()],
                "start": start,
                "end": end,
                "confidence_entity": 1.0,
                "extractor": "acronym",
            }
        )
    return found
