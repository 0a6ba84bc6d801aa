"""What the entity components share: the candidate record and the Doc extensions.

Components propose :class:`Candidate` entities into ``doc._.nlu_candidates``
(character offsets into the original text); the resolver keeps the best
non-overlapping ones in ``doc._.nlu_entities``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc

from nlu.text import FoldedText

__all__ = ["Candidate", "ensure_extensions", "folded", "propose", "reference_day"]


@dataclass
class Candidate:
    """An entity proposed by one component."""

    start: int
    end: int
    entity: str
    value: str
    extractor: str
    confidence: float = 1.0
    priority: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    def as_dict(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "confidence_entity": round(float(self.confidence), 4),
            "value": self.value,
            "extractor": self.extractor,
            "text": text[self.start : self.end],
        }
        for key, val in self.extra.items():
            out.setdefault(key, val)
        return out


def ensure_extensions() -> None:
    """Registers the Doc extensions once (idempotent, called by the factories)."""
    for name in ("nlu_folded", "nlu_candidates", "nlu_entities", "nlu_today"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def folded(doc: Doc) -> FoldedText:
    value = doc._.nlu_folded
    if not isinstance(value, FoldedText):
        value = FoldedText.of(doc.text)
        doc._.nlu_folded = value
    return value


def reference_day(doc: Doc) -> date:
    today = doc._.nlu_today
    return today if isinstance(today, date) else date.today()


def propose(doc: Doc, candidate: Candidate) -> None:
    if doc._.nlu_candidates is None:
        doc._.nlu_candidates = []
    doc._.nlu_candidates.append(candidate)


def propose_folded(
    doc: Doc,
    start: int,
    end: int,
    entity: str,
    value: str,
    extractor: str,
    *,
    priority: int = 0,
    confidence: float = 1.0,
    extra: dict[str, Any] | None = None,
) -> None:
    """Proposes a candidate given offsets in the folded text."""
    ft = folded(doc)
    o_start, o_end = ft.to_original(start, end)
    if o_end <= o_start:
        return
    propose(
        doc,
        Candidate(o_start, o_end, entity, value, extractor, confidence, priority, extra or {}),
    )
