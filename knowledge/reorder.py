"""The first fiches reordered by what the question names: a fiche that answers the question's
subject and the kind of answer it wants where the first does not, a sibling that answers a
required facet the first fiche lacks, or a fiche that answers a place named, goes first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .facets import missing_facets

__all__ = ["ANCHOR_REACH", "GUESS_FLOOR", "FacetOrder"]

GUESS_FLOOR = 0.4  # "did you mean" only for fiches at least this share of the threshold
ANCHOR_REACH = 3  # a fiche answering a named place moves first from this far down at most
#: a fiche about the job asked goes before a wider first one scored at most this much above it
NARROW_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class FacetOrder:
    """Each fiche's jobs and facets, and the lexicon's required and anchor facets.
    `fiche_topics` (each fiche's own `topics`) and `facet_topics` (the topics answering each
    facet) are finer than facets: the apprenticeship and the contrat de professionnalisation
    share a facet, not a topic. Not given, facets stand for them."""

    fiche_jobs: Sequence[Sequence[str]]
    fiche_facets: Sequence[frozenset[str]]
    required: frozenset[str]
    anchors: frozenset[str]
    aspects: frozenset[str] = frozenset()
    fiche_topics: Sequence[frozenset[str]] = ()
    facet_topics: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: the jobs each fiche is about (those its title names), narrower than `fiche_jobs`, which
    #: also lists whom it concerns: entering nursing school concerns aides-soignants, but is
    #: no answer to becoming one. Not given, `fiche_jobs` stand for them.
    fiche_subject_jobs: Sequence[Sequence[str]] = ()

    def missing(self, facets: tuple[str, ...], fiche: int) -> tuple[str, ...]:
        """The required facets the question names that fiche `fiche` does not answer."""
        return missing_facets(facets, self.fiche_facets[fiche], self.required)

    def reorder(
        self,
        order: np.ndarray,
        score: np.ndarray,
        facets: tuple[str, ...],
        jobs: tuple[str, ...] = (),
        sure: np.ndarray | None = None,
    ) -> np.ndarray:
        """`order` (fiche indices, best first) with the fiche about the question, then a
        sibling, then a place, moved first. `sure`: each fiche's confidence (default:
        `score`)."""
        order = self._about_first(order, score, score if sure is None else sure, facets, jobs)
        order = self._wider_first(order, score, facets, jobs)
        order = self._narrower_first(order, score, facets, jobs)
        return self._place_first(self._sibling_first(order, facets), score, facets)

    def _misfit(self, fiche: int, facets: tuple[str, ...], jobs: tuple[str, ...]) -> int:
        """How plainly fiche `fiche` misses what the question names (0: it does not): 3, about
        other jobs than the one asked about; 2, not about the question's subject; 1,
        on the question's subject but giving none of the kinds of answer it wants (history,
        or nothing said, for a definition), or, to a question naming no subject nor job,
        about a subject of its own (pay during a training for "on est bien payé ?")."""
        own = self.fiche_facets[fiche]
        subject_jobs = self.fiche_subject_jobs or self.fiche_jobs
        fiche_jobs = set(subject_jobs[fiche])
        if jobs and fiche_jobs and not fiche_jobs.intersection(jobs):
            return 3
        named = set(facets)
        subjects, aspects = named - self.aspects, named & self.aspects
        own_subjects, own_aspects = own - self.aspects, own & self.aspects
        if subjects and own and not subjects & own_subjects:  # no facet at all: unknown
            return 2
        if subjects & own_subjects and aspects and not aspects & own_aspects:
            return 1
        return int(not subjects and not jobs and bool(own_subjects))

    def _about_first(
        self,
        order: np.ndarray,
        score: np.ndarray,
        sure: np.ndarray,
        facets: tuple[str, ...],
        jobs: tuple[str, ...],
    ) -> np.ndarray:
        """When the first fiche misses what the question names, the surest (`sure`: the
        confidence of each fiche were it first) of the first three that misses less goes
        first. A fiche on another subject or job is a plain miss, replaced however far below
        it scores ("je touche le RSA, je le perds si je fais une formation ?" is about a
        training, not the immersion whose fiche has the same words); a softer miss only by
        a fiche scored at least the "did you mean" share of it ("c'est quoi cette plateforme
        ?" wants a definition, not the platforms' history). The answer is still given only
        if the new first clears the thresholds."""
        if not facets or len(order) < 2:
            return order
        first = int(order[0])
        misfit = self._misfit(first, facets, jobs)
        if not misfit:
            return order
        # a fiche about other jobs, or sharing none of two subjects named, misses plainly:
        # any of the first three
        plain = misfit == 3 or (misfit == 2 and len(set(facets) - self.aspects) >= 2)
        best = 0
        for position in range(1, min(ANCHOR_REACH, len(order))):
            candidate = int(order[position])
            near = plain or score[candidate] >= GUESS_FLOOR * score[first]
            fits = near and self._misfit(candidate, facets, jobs) < misfit
            if fits and (not best or sure[candidate] > sure[int(order[best])]):
                best = position
        if not best:
            return order
        return _to_front(order, best)

    def _wider_first(
        self,
        order: np.ndarray,
        score: np.ndarray,
        facets: tuple[str, ...],
        jobs: tuple[str, ...],
    ) -> np.ndarray:
        """A question naming no job, none known ("on est bien payé dans ce secteur ?"): a
        fiche on the first's subject for every job or for more jobs than the first (the
        sector's pay, not home care's), among the first three and scored at least the "did
        you mean" share of it and missing the question no more, goes first. A job named
        or known moves nothing. On the subject: answering all the first's facets and the
        first's topics that the question's facets name; a sibling sharing the facets but not
        the topic asked about stays below ("parle-moi de l'alternance": the apprenticeship's
        fiche, not the contrat de professionnalisation's)."""
        if jobs or len(order) < 2:
            return order
        first = int(order[0])
        narrow = set(self.fiche_jobs[first])
        if not narrow or not self.fiche_facets[first]:
            return order
        asked = self._asked_topics(first, facets)
        misfit = self._misfit(first, facets, jobs)
        for position in range(1, min(ANCHOR_REACH, len(order))):
            candidate = int(order[position])
            wider = set(self.fiche_jobs[candidate])
            same = self.fiche_facets[first] <= self.fiche_facets[candidate] and (
                not asked or asked <= self.fiche_topics[candidate]
            )
            if (
                same
                and (not wider or wider > narrow)
                and score[candidate] >= GUESS_FLOOR * score[first]
                and self._misfit(candidate, facets, jobs) <= misfit
            ):
                return _to_front(order, position)
        return order

    def _narrower_first(
        self,
        order: np.ndarray,
        score: np.ndarray,
        facets: tuple[str, ...],
        jobs: tuple[str, ...],
    ) -> np.ndarray:
        """A question naming a job, or one known ("la formation d'AS dure combien ?"):
        among the first three, a fiche about that job (its title names it) and about fewer
        jobs than the first, scored close to it (`NARROW_SHARE`) and missing the question
        no more, goes first: the aide-soignant's training, not every training's length."""
        if not jobs or len(order) < 2 or not self.fiche_subject_jobs:
            return order
        first = int(order[0])
        wide = set(self.fiche_subject_jobs[first])
        misfit = self._misfit(first, facets, jobs)
        for position in range(1, min(ANCHOR_REACH, len(order))):
            candidate = int(order[position])
            about = set(self.fiche_subject_jobs[candidate])
            if (
                about.intersection(jobs)
                and len(about) < len(wide)
                and score[candidate] >= NARROW_SHARE * score[first]
                and self._misfit(candidate, facets, jobs) <= misfit
            ):
                return _to_front(order, position)
        return order

    def _asked_topics(self, fiche: int, facets: tuple[str, ...]) -> frozenset[str]:
        """The topics of fiche `fiche` that the question's facets name (empty when the
        fiches' topics are not known)."""
        if not self.fiche_topics:
            return frozenset()
        named = frozenset().union(*(self.facet_topics.get(facet, ()) for facet in facets))
        return self.fiche_topics[fiche] & named

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
                return _to_front(order, position)
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
                return _to_front(order, position)
        return order


def _to_front(order: np.ndarray, position: int) -> np.ndarray:
    """`order` with its fiche at `position` moved first, the others in their order."""
    return np.concatenate(([order[position]], np.delete(order, position)))
