"""Per-fiche retrieval signals and the fusion features built from them.

A `Scorer` holds the passages of a set of fiches (title, each question, the
short answer, each paragraph of the long answer) and scores a `Query` against
them with three channels, aggregated to fiche level by max:

- BM25 over normalised tokens (per passage, and over the whole fiche);
- character n-gram TF-IDF over the canonical text (typos, SMS spellings);
- dense cosine similarity of sentence embeddings.

`knowledge.features` turns those into the fusion and confidence models' inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .fiches import Fiche
from .lexical import BM25, CharNgrams
from .text import Normalizer

__all__ = [
    "CHAR_KINDS",
    "Components",
    "Passage",
    "Query",
    "Scorer",
    "make_passages",
]

CHAR_KINDS = frozenset({"title", "question", "short"})
QUESTION_KINDS = frozenset({"title", "question"})


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
    facets: tuple[str, ...] = ()  # what the question is about (knowledge/facets.py)
    vague: bool = False  # it names no subject at all ("comment faire ?")

    @classmethod
    def prepare(cls, text: str, normalizer: Normalizer, vector: np.ndarray | None) -> Query:
        canonical = normalizer.canonical(text)  # once: tokens and jobs are read from it
        return cls(
            text=text,
            tokens=tuple(normalizer.canonical_tokens(canonical)),
            canonical=canonical,
            jobs=tuple(normalizer.canonical_jobs(canonical)),
            vector=vector,
            facets=tuple(normalizer.canonical_facets(canonical)),
            vague=normalizer.is_vague(canonical),
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
