"""The two models' inputs, built from a query's per-fiche channel scores.

`features()` is the fusion model's matrix (which fiche answers), `confidence_features()`
the confidence and in-domain models' (is the first fiche right, is the question ours);
`QueryFeatures` computes both for one query, the same way at calibration and at answer time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .facets import facet_features, job_features
from .scoring import Components, Query

__all__ = [
    "CONFIDENCE_NAMES",
    "FEATURE_NAMES",
    "QueryFeatures",
    "confidence_features",
    "features",
    "nearest_similarity",
]

FEATURE_NAMES: tuple[str, ...] = (
    "bm25_norm",
    "bm25_rel",
    "bm25_rr",
    "bm25q_norm",
    "bm25body_norm",
    "title_cover",
    "question_cover",
    "doc_norm",
    "doc_rel",
    "dense",
    "dense_gap",
    "dense_rr",
    "dense_q",
    "dense_body",
    "char",
    "char_gap",
    "char_rr",
    "job_match",
    "job_specific",
    "job_mismatch",
    "ctx_match",
    "ctx_specific",
    "ctx_mismatch",
    "facet_match",
    "facet_mismatch",
    "coverage",
    "log_len",
)
CONFIDENCE_NAMES: tuple[str, ...] = (
    "logit",
    "margin",
    "share",
    "title_cover",
    "question_cover",
    "bm25_norm",
    "doc_norm",
    "dense",
    "char",
    "max_bm25_norm",
    "max_dense",
    "coverage",
    "log_len",
    "names_job",
    "has_context",
    "facet_match",
    "facet_mismatch",
    "ood_sim",
    "ood_gap",
)


def _reciprocal_rank(scores: np.ndarray, *, zero_floor: bool) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(1, len(scores) + 1, dtype=np.float32)
    rr = 1.0 / ranks
    if zero_floor:
        rr[scores <= 0] = 0.0
    return rr


def _relative(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def features(
    components: Components,
    query_jobs: Sequence[str],
    fiche_jobs: Sequence[tuple[str, ...]],
    context_jobs: Sequence[str] = (),
    facets: np.ndarray | None = None,
) -> np.ndarray:
    """(n_fiches, len(FEATURE_NAMES)) feature matrix, columns in FEATURE_NAMES order.

    `context_jobs` (jobs known from the conversation) count only when the query
    itself names no job; `facets` is `facets.facet_features` of the query (zeros if None)."""
    c = components
    n = len(c.bm25)
    dense_top = float(c.dense.max()) if n else 0.0
    char_top = float(c.char.max()) if n else 0.0
    jobs = job_features(query_jobs, fiche_jobs)
    context = job_features(() if query_jobs else context_jobs, fiche_jobs)
    facet = facet_features((), [frozenset()] * n) if facets is None else facets
    columns = [
        c.bm25_norm,
        _relative(c.bm25),
        _reciprocal_rank(c.bm25, zero_floor=True),
        c.bm25q_norm,
        c.bm25body_norm,
        c.title_cover,
        c.question_cover,
        c.doc_norm,
        _relative(c.doc_norm),
        c.dense,
        c.dense - dense_top,
        _reciprocal_rank(c.dense, zero_floor=False),
        c.dense_q,
        c.dense_body,
        c.char,
        c.char - char_top,
        _reciprocal_rank(c.char, zero_floor=True),
        jobs[:, 0],
        jobs[:, 1],
        jobs[:, 2],
        context[:, 0],
        context[:, 1],
        context[:, 2],
        facet[:, 0],
        facet[:, 1],
        np.full(n, c.coverage, dtype=np.float32),
        np.full(n, np.log1p(c.n_tokens), dtype=np.float32),
    ]
    return np.stack(columns, axis=1).astype(np.float32)


def confidence_features(
    logits: np.ndarray,
    components: Components,
    names_job: bool,
    has_context: bool,
    ood_sim: float = -1.0,
    facets: np.ndarray | None = None,
) -> np.ndarray:
    """(n_fiches, len(CONFIDENCE_NAMES)): how sure we are that fiche i answers the query,
    were it returned first (its logit, its margin over the best other fiche, its channel
    scores, and query-level signals). `ood_sim` is the query's cosine with its nearest
    out-of-domain example (-1 when there is none or no embedding); `ood_gap` compares it
    with the nearest question of any fiche; `facets` as in `features`."""
    c = components
    n = len(logits)
    facet = facet_features((), [frozenset()] * n) if facets is None else facets
    order = np.argsort(-logits, kind="stable")
    best_other = np.full(n, logits[order[0]], dtype=np.float32)
    if n > 1:
        best_other[order[0]] = logits[order[1]]
    shifted = np.exp(logits - logits.max())
    columns = [
        logits.astype(np.float32),
        (logits - best_other).astype(np.float32),
        (shifted / shifted.sum()).astype(np.float32),
        c.title_cover,
        c.question_cover,
        c.bm25_norm,
        c.doc_norm,
        c.dense,
        c.char,
        np.full(n, float(c.bm25_norm.max()) if n else 0.0, dtype=np.float32),
        np.full(n, float(c.dense.max()) if n else 0.0, dtype=np.float32),
        np.full(n, c.coverage, dtype=np.float32),
        np.full(n, np.log1p(c.n_tokens), dtype=np.float32),
        np.full(n, float(names_job), dtype=np.float32),
        np.full(n, float(has_context), dtype=np.float32),
        facet[:, 0],
        facet[:, 1],
        np.full(n, ood_sim, dtype=np.float32),
        np.full(n, ood_sim - (float(c.dense_q.max()) if n else -1.0), dtype=np.float32),
    ]
    return np.stack(columns, axis=1).astype(np.float32)


@dataclass(frozen=True, slots=True)
class QueryFeatures:
    """One query scored against every fiche: what the fusion and confidence models read."""

    query: Query
    components: Components
    fusion: np.ndarray  # `features()`: the fusion model's input
    facets: np.ndarray  # `facets.facet_features` of the query
    has_context: bool  # jobs known from the conversation count (the query names none)
    ood_sim: float  # `nearest_similarity` to the out-of-domain bank

    @classmethod
    def of(
        cls,
        query: Query,
        components: Components,
        fiche_jobs: Sequence[tuple[str, ...]],
        fiche_facets: Sequence[frozenset[str]],
        context_jobs: Sequence[str],
        ood_bank: np.ndarray,
    ) -> QueryFeatures:
        facets = facet_features(query.facets, fiche_facets)
        return cls(
            query,
            components,
            features(components, query.jobs, fiche_jobs, context_jobs, facets),
            facets,
            bool(context_jobs) and not query.jobs,
            nearest_similarity(ood_bank, query.vector),
        )

    def confidence(self, logits: np.ndarray) -> np.ndarray:
        """`confidence_features` of this query, given the fusion model's logits."""
        return confidence_features(
            logits,
            self.components,
            bool(self.query.jobs),
            self.has_context,
            self.ood_sim,
            self.facets,
        )


def nearest_similarity(bank: np.ndarray, vector: np.ndarray | None) -> float:
    """Cosine of `vector` with its nearest row of `bank` (-1 for an empty bank or no vector)."""
    if vector is None or len(bank) == 0:
        return -1.0
    return float(np.max(bank @ vector.astype(np.float32)))
