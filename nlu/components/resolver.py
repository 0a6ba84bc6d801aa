"""Resolver: keeps the best non-overlapping candidates (higher priority, then longer)."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from nlu.components.base import Candidate
from nlu.components.lexicon import IGNORE

_JOINER = re.compile(r"^[\s,;]*+(?:et|ni|ou|,)?[\s,;]*+$", re.IGNORECASE)
_MERGEABLE = frozenset({"driving_licence", "vehicle", "public_transport"})

__all__ = ["extend_spans", "merge_adjacent", "resolve_candidates", "resolve_doc"]


def resolve_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Greedy choice: priority first, then length, then position; no two spans overlap."""
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, -c.length, c.start)):
        if cand.end <= cand.start:
            continue
        if any(cand.start < c.end and c.start < cand.end for c in chosen):
            continue
        chosen.append(cand)
    chosen.sort(key=lambda c: (c.start, c.end))
    return [c for c in chosen if c.entity != IGNORE]


def merge_adjacent(entities: list[Candidate], text: str) -> list[Candidate]:
    """ "pas de train ni de bus": two same facts joined by "ni"/"et"/"," become one."""
    merged: list[Candidate] = []
    for ent in entities:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and ent.entity in _MERGEABLE
            and prev.entity == ent.entity
            and prev.value == ent.value
            and _JOINER.match(text[prev.end : ent.start])
        ):
            merged[-1] = replace(prev, end=ent.end)
        else:
            merged.append(ent)
    return merged


_HAVE = r"(?:j'?\s?ai|jai|je\s+n'?\s?ai|je\s+nai|j'?\s?avais|je\s+n'?\s?avais)"
_PREFIXES = {
    "workplace": re.compile(
        r"(?:\b(?:en|à|a|au|aux|chez|avec(?:\s+des)?|auprès\s+des?|aupres\s+des?)|"
        r"\bdans\s+(?:une?|les?|la|l')|\b[àa]\s+l')\s*$"
    ),
    "driving_licence": re.compile(rf"\b{_HAVE}\s+(?:(?:le|mon)\s+)?$"),
    "vehicle": re.compile(
        rf"(?:\b{_HAVE}\s+(?:(?:une?|ma|mon)\s+)?|\b(?:je\s+suis|jsuis|je\s+me\s+d[ée]place)\s+"
        r"(?:(?:en|à|a)\s+)?|\b(?:une?|ma|mon)\s+)$"
    ),
    "public_transport": re.compile(
        r"\b(?:je\s+(?:prends|peux\s+prendre|me\s+d[ée]place\s+en|d[ée]pends\s+des)|"
        r"il\s+y\s+a|y\s+a|j'?\s?ai)\s+(?:(?:le|la|les|l')\s*)?$"
    ),
    "children": re.compile(r"\bmes\s+$"),
}


def extend_spans(entities: list[Candidate], text: str) -> list[Candidate]:
    """Widens spans to the words that carry the fact ("j'ai" + "pas le permis", "en" + "EHPAD")."""
    lower = text.lower()
    if len(lower) != len(text):
        return entities
    out: list[Candidate] = []
    floor = 0
    for ent in entities:
        pattern = _PREFIXES.get(ent.entity)
        if pattern is not None:
            window_start = max(floor, ent.start - 40)
            m = pattern.search(lower, window_start, ent.start)
            if m is not None and m.start() >= floor:
                ent = replace(ent, start=m.start())
        out.append(ent)
        floor = ent.end
    return out


def resolve_doc(doc: Doc) -> Doc:
    chosen = resolve_candidates(list(doc._.nlu_candidates or []))
    doc._.nlu_entities = extend_spans(merge_adjacent(chosen, doc.text), doc.text)
    return doc
