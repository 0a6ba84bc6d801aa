"""Per-fiche retrieval signals and the fusion features built from them.

A `Scorer` holds the passages of a set of fiches (title, each question, the
short answer, each paragraph of the long answer) and scores a `Query` against
them with three channels, aggregated to fiche level by max:

- BM25 over normalised tokens (per passage, and over the whole fiche);
- character n-gram TF-IDF over the canonical text (typos, SMS spellings);
- dense cosine similarity of sentence embeddings.

`features()` turns those into the fusion model's feature matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from vocab.jobs import JOBS

from .fiches import Fiche
from .lexical import BM25, CharNgrams
from .text import Normalizer

__all__ = [
    "CHAR_KINDS",
    "CONFIDENCE_NAMES",
    "FEATURE_NAMES",
    "Components",
    "Passage",
    "Query",
    "Scorer",
    "confidence_features",
    "features",
    "job_features",
    "make_passages",
    "nearest_similarity",
]

CHAR_KINDS = frozenset({"title", "question", "short"})
QUESTION_KINDS = frozenset({"title", "question"})

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
    "coverage",
    "log_len",
)
JOB_FEATURES = ("job_match", "job_specific", "job_mismatch")
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
    "ood_sim",
    "ood_gap",
)


@dataclass(frozen=True, slots=True)
class Passage:
    fiche: int  # index in the scorer's fiche list
    kind: str  # title | question | short | long
    text: str


@dataclass(frozen=True, slots=True)
class Query:
    """A query prepared once for all channels."""

    text: str
    tokens: tuple[str, ...]
    canonical: str
    jobs: tuple[str, ...]
    vector: np.ndarray | None  # L2-normalised, or None if dense is not used

    @classmethod
    def prepare(cls, text: str, normalizer: Normalizer, vector: np.ndarray | None) -> Query:
        canonical = normalizer.canonical(text)  # once: tokens and jobs are read from it
        return cls(
            text=text,
            tokens=tuple(normalizer.canonical_tokens(canonical)),
            canonical=canonical,
            jobs=tuple(normalizer.canonical_jobs(canonical)),
            vector=vector,
        )


@dataclass(frozen=True, slots=True)
class Components:
    """Raw per-fiche channel scores for one query (arrays of length n_fiches)."""

    bm25: np.ndarray
    bm25_norm: np.ndarray
    bm25q_norm: np.ndarray
    bm25body_norm: np.ndarray
    title_cover: np.ndarray
    question_cover: np.ndarray
    doc_norm: np.ndarray
    dense: np.ndarray
    dense_q: np.ndarray
    dense_body: np.ndarray
    char: np.ndarray
    coverage: float
    n_tokens: int


def make_passages(fiches: Sequence[Fiche]) -> list[Passage]:
    passages: list[Passage] = []
    for index, fiche in enumerate(fiches):
        passages.append(Passage(index, "title", fiche.title))
        passages.extend(Passage(index, "question", question) for question in fiche.questions)
        passages.append(Passage(index, "short", fiche.short))
        passages.extend(Passage(index, "long", paragraph) for paragraph in fiche.paragraphs)
    return passages


def _max_per_fiche(
    values: np.ndarray, owner: np.ndarray, n_fiches: int, floor: float
) -> np.ndarray:
    out = np.full(n_fiches, floor, dtype=np.float32)
    np.maximum.at(out, owner, values.astype(np.float32))
    return out


DenseSearch = Callable[[np.ndarray], np.ndarray]
"""Given a (dim,) query vector, returns the cosine of every passage (n_passages,)."""


class Scorer:
    """Channel scores of queries against a set of passages."""

    def __init__(
        self,
        n_fiches: int,
        passages: Sequence[Passage],
        normalizer: Normalizer,
        vectors: np.ndarray | None = None,
        dense_search: DenseSearch | None = None,
    ) -> None:
        self.n_fiches = n_fiches
        self.normalizer = normalizer
        self._owner = np.asarray([p.fiche for p in passages], dtype=np.int64)
        self._is_q = np.asarray([p.kind in QUESTION_KINDS for p in passages], dtype=bool)
        self._is_title = np.asarray([p.kind == "title" for p in passages], dtype=bool)
        self._is_question = np.asarray([p.kind == "question" for p in passages], dtype=bool)
        canonical = [normalizer.canonical(p.text) for p in passages]
        tokens = [normalizer.canonical_tokens(c) for c in canonical]
        self.bm25 = BM25(tokens)
        per_fiche: list[list[str]] = [[] for _ in range(n_fiches)]
        for passage, passage_tokens in zip(passages, tokens, strict=True):
            per_fiche[passage.fiche].extend(passage_tokens)
        self.doc_bm25 = BM25(per_fiche)
        char_rows = [i for i, p in enumerate(passages) if p.kind in CHAR_KINDS]
        self._char_owner = self._owner[char_rows]
        self.char = CharNgrams([canonical[i] for i in char_rows])
        self._vectors = vectors
        self._dense_search = dense_search

    def _per_fiche(self, values: np.ndarray, floor: float) -> tuple[np.ndarray, ...]:
        """Max per fiche over all passages, over title+questions, over the answer texts."""
        q, body = self._is_q, ~self._is_q
        return (
            _max_per_fiche(values, self._owner, self.n_fiches, floor),
            _max_per_fiche(values[q], self._owner[q], self.n_fiches, floor),
            _max_per_fiche(values[body], self._owner[body], self.n_fiches, floor),
        )

    def _dense_passages(self, vector: np.ndarray | None) -> np.ndarray | None:
        if vector is None:
            return None
        if self._dense_search is not None:
            return self._dense_search(vector)
        if self._vectors is not None:
            return np.asarray(self._vectors @ vector.astype(np.float32), dtype=np.float32)
        return None

    def components(self, query: Query) -> Components:
        bound = self.bm25.upper_bound(query.tokens)
        bm25, bm25_q, bm25_body = self._per_fiche(self.bm25.scores(query.tokens), 0.0)
        cosines = self._dense_passages(query.vector)
        if cosines is None:
            cosines = np.zeros(len(self._owner), dtype=np.float32)
        dense, dense_q, dense_body = self._per_fiche(cosines, -1.0)
        doc = self.doc_bm25.scores(query.tokens)
        cover = self.bm25.document_coverage(query.tokens)
        title, question = self._is_title, self._is_question
        char = np.zeros(self.n_fiches, dtype=np.float32)
        if query.canonical:
            char_cos = self.char.scores([query.canonical])[0]
            char = _max_per_fiche(char_cos, self._char_owner, self.n_fiches, 0.0)
        return Components(
            bm25=bm25,
            bm25_norm=bm25 / bound,
            bm25q_norm=bm25_q / bound,
            bm25body_norm=bm25_body / bound,
            title_cover=_max_per_fiche(cover[title], self._owner[title], self.n_fiches, 0.0),
            question_cover=_max_per_fiche(
                cover[question], self._owner[question], self.n_fiches, 0.0
            ),
            doc_norm=doc / self.doc_bm25.upper_bound(query.tokens),
            dense=dense,
            dense_q=dense_q,
            dense_body=dense_body,
            char=char,
            coverage=self.bm25.coverage(query.tokens),
            n_tokens=len(query.tokens),
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


def features(
    components: Components,
    query_jobs: Sequence[str],
    fiche_jobs: Sequence[tuple[str, ...]],
    context_jobs: Sequence[str] = (),
) -> np.ndarray:
    """(n_fiches, len(FEATURE_NAMES)) feature matrix, columns in FEATURE_NAMES order.

    `context_jobs` (jobs known from the conversation) count only when the query
    itself names no job."""
    c = components
    n = len(c.bm25)
    dense_top = float(c.dense.max()) if n else 0.0
    char_top = float(c.char.max()) if n else 0.0
    jobs = job_features(query_jobs, fiche_jobs)
    context = job_features(() if query_jobs else context_jobs, fiche_jobs)
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
) -> np.ndarray:
    """(n_fiches, len(CONFIDENCE_NAMES)): how sure we are that fiche i answers the query,
    were it returned first (its logit, its margin over the best other fiche, its channel
    scores, and query-level signals). `ood_sim` is the query's cosine with its nearest
    out-of-domain example (-1 when there is none or no embedding); `ood_gap` compares it
    with the nearest question of any fiche."""
    c = components
    n = len(logits)
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
        np.full(n, ood_sim, dtype=np.float32),
        np.full(n, ood_sim - (float(c.dense_q.max()) if n else -1.0), dtype=np.float32),
    ]
    return np.stack(columns, axis=1).astype(np.float32)


def nearest_similarity(bank: np.ndarray, vector: np.ndarray | None) -> float:
    """Cosine of `vector` with its nearest row of `bank` (-1 for an empty bank or no vector)."""
    if vector is None or len(bank) == 0:
        return -1.0
    return float(np.max(bank @ vector.astype(np.float32)))
