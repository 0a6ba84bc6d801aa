"""Facets: what a question is about beyond its words, matched against each fiche's front matter.

- the job (`vocab.jobs`): named in the question, or known from the conversation, against the
  fiche's `jobs`;
- the topic (salary, training, admission, funding, immersion, platforms, childcare...): the
  `facets` of lexicon.yml list the phrases that name each one in a question and the fiche
  `topics` that answer it.

Both become fusion features (the model learns from the fiches' own questions how much a match
counts). A facet marked `required` in the lexicon (`local`: "près de chez moi", "dans ma
ville") is more: a question naming it is declined unless the top fiche has one of the facet's
topics, because no other fiche knows what is near the person.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from vocab.jobs import JOBS

__all__ = ["FACET_FEATURES", "JOB_FEATURES", "facet_features", "job_features", "missing_facets"]

JOB_FEATURES = ("job_match", "job_specific", "job_mismatch")
FACET_FEATURES = ("facet_match", "facet_mismatch")


def job_features(named_jobs: Sequence[str], fiche_jobs: Sequence[tuple[str, ...]]) -> np.ndarray:
    """(n_fiches, 3) for the jobs a text names: job_match (the fiche is about one of them),
    job_specific (1 / number of the fiche's jobs, if it matches), job_mismatch (the fiche
    is about other jobs only). Fiches about no job or every job get zeros."""
    out = np.zeros((len(fiche_jobs), len(JOB_FEATURES)), dtype=np.float32)
    named = set(named_jobs)
    if not named:
        return out
    for row, jobs in enumerate(fiche_jobs):
        if not jobs or len(jobs) == len(JOBS):
            continue  # a fiche about every job neither matches nor mismatches
        if named & set(jobs):
            out[row, 0] = 1.0
            out[row, 1] = 1.0 / len(jobs)  # 1 for a fiche about this job only
        else:
            out[row, 2] = 1.0
    return out


def facet_features(
    query_facets: Collection[str], fiche_facets: Sequence[frozenset[str]]
) -> np.ndarray:
    """(n_fiches, 2): facet_match (the share of the question's facets the fiche answers) and
    facet_mismatch (the question names facets, the fiche has facets, none of them shared).
    A question naming no facet, or a fiche with none, gets zeros."""
    out = np.zeros((len(fiche_facets), len(FACET_FEATURES)), dtype=np.float32)
    named = set(query_facets)
    if not named:
        return out
    for row, facets in enumerate(fiche_facets):
        if not facets:
            continue
        shared = len(named & facets)
        out[row, 0] = shared / len(named)
        out[row, 1] = float(shared == 0)
    return out


def missing_facets(
    query_facets: Collection[str], fiche_facets: frozenset[str], required: Collection[str]
) -> tuple[str, ...]:
    """The required facets the question names and the fiche does not answer."""
    return tuple(sorted(f for f in query_facets if f in required and f not in fiche_facets))
