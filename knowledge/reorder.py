"""The first fiches reordered by what the question names: a sibling that answers a required
facet the first fiche lacks, or a fiche that answers a place named, goes first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .facets import missing_facets

__all__ = ["ANCHOR_REACH", "GUESS_FLOOR", "FacetOrder"]

GUESS_FLOOR = 0.4  # "did you mean" only for fiches at least this share of the threshold
ANCHOR_REACH = 3  # a fiche answering a named place moves first from this far down at most


@dataclass(frozen=True, slots=True)
class FacetOrder:
    """Each fiche's jobs and facets, and the lexicon's required and anchor facets."""

    fiche_jobs: Sequence[Sequence[str]]
    fiche_facets: Sequence[frozenset[str]]
    required: frozenset[str]
    anchors: frozenset[str]

    def missing(self, facets: tuple[str, ...], fiche: int) -> tuple[str, ...]:
        """The required facets the question names that fiche `fiche` does not answer."""
        return missing_facets(facets, self.fiche_facets[fiche], self.required)

    def reorder(self, order: np.ndarray, score: np.ndarray, facets: tuple[str, ...]) -> np.ndarray:
        """`order` (fiche indices, best first) with a sibling, then a place, moved first."""
        return self._place_first(self._sibling_first(order, facets), score, facets)

    def _sibling_first(self, order: np.ndarray, facets: tuple[str, ...]) -> np.ndarray:
        """A question naming a required facet the first fiche does not answer ("la formation
        AES, elle démarre quand ?": the training fiche knows no dates): among the first
        three, a fiche about the same job that answers it goes first, however far below
        the first it scores (the admission fiche says each school sets its dates and whom
        to ask). No such sibling: the question is declined, as before."""
        if len(order) < 2:
            return order
        first = int(order[0])
        jobs = set(self.fiche_jobs[first])
        if not self.missing(facets, first) or not jobs:
            return order
        for position in range(1, min(ANCHOR_REACH, len(order))):
            candidate = int(order[position])
            answers = not self.missing(facets, candidate)
            if answers and jobs & set(self.fiche_jobs[candidate]):
                return np.concatenate(([order[position]], np.delete(order, position)))
        return order

    def _place_first(
        self, order: np.ndarray, score: np.ndarray, facets: tuple[str, ...]
    ) -> np.ndarray:
        """A question naming an anchor facet (a place) and another facet the first fiche
        answers: among the first three, a fiche that answers the place and every facet the
        first one answers, scored at least the "did you mean" share of it, goes first ("je
        suis à Mayotte, qui peut m'accompagner ?": where the platforms are, not what one is).
        A place alone moves nothing ("les écoles de Toulouse": no fiche knows them)."""
        named = set(facets)
        anchors = self.anchors & named
        if not anchors or len(order) < 2:
            return order
        first = int(order[0])
        if self.missing(facets, first):
            return order  # "places left at the IFAS of Rouen?": a counsellor, not the directory
        top_answers = named & self.fiche_facets[first]
        if not top_answers or top_answers & anchors:
            return order
        for position in range(1, min(ANCHOR_REACH, len(order))):
            candidate = int(order[position])
            answers = named & self.fiche_facets[candidate]
            near = score[candidate] >= GUESS_FLOOR * score[first]
            if near and answers & anchors and answers >= top_answers:
                return np.concatenate(([order[position]], np.delete(order, position)))
        return order
